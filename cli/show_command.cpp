// flexform show PLANFILE: render a saved plan without contacting FortiFlex.
#include <memory>
#include <ostream>

#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "cli/errors.h"
#include "cli/plan_support.h"
#include "engine/plan/plan_file.h"
#include "engine/render/render.h"
#include "providers/files/read_file.h"

namespace flexform::cli {

namespace {

struct ShowOptions {
    std::string file;
    std::string format = "text";
};

int run_show(const ShowOptions& options, CommandContext& context) {
    const Plan plan = read_plan_text(read_text_file(options.file), builtin_catalog());
    RenderOptions render;
    render.color = use_color(context);
    if (options.format == "json") {
        context.out << render_json(plan);
    } else if (options.format == "markdown") {
        context.out << render_markdown(plan, render);
    } else {
        context.out << render_text(plan, render);
    }
    return plan.applyable() && plan.left_out().empty() ? k_exit_ok : k_exit_error;
}

}  // namespace

void add_show_command(CLI::App& app, CommandContext& context) {
    auto options = std::make_shared<ShowOptions>();
    CLI::App* cmd = app.add_subcommand("show", "Render a saved plan (from `plan --out`) without contacting FortiFlex");
    cmd->add_option("planfile", options->file, "The saved plan")->required();
    cmd->add_option("--format", options->format, "Output format")->check(CLI::IsMember({"text", "markdown", "json"}));
    cmd->callback([options, &context] { run_verb(context, "show", [&] { return run_show(*options, context); }); });
}

}  // namespace flexform::cli

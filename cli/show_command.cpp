// flexform show PLANFILE: render a saved plan without contacting FortiFlex, saying whether its signature held.
#include <memory>
#include <ostream>

#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "cli/errors.h"
#include "cli/plan_support.h"
#include "engine/render/show_renderer.h"
#include "engine/usecases/show_use_case.h"
#include "providers/files/read_file.h"

namespace flexform::cli {

namespace {

struct ShowOptions {
    std::string file;
    std::string format = "text";
};

int run_show(const ShowOptions& options, CommandContext& context) {
    const ShowOutcome outcome = show_saved_plan(read_text_file(options.file), plan_key(), builtin_catalog());
    RenderOptions render;
    render.color = use_color(context);
    const ShowFormat format = options.format == "json"       ? ShowFormat::json
                              : options.format == "markdown" ? ShowFormat::markdown
                                                             : ShowFormat::text;
    context.out << render_show(outcome, format, render);
    if (!signature_holds(outcome)) {
        return k_exit_error;
    }
    return outcome.sections.empty() ? plan_exit_code(outcome.plan, k_exit_ok)
                                    : programs_exit_code(outcome.sections, false);
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

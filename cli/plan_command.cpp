// flexform plan [PATH...]: show what apply would change in FortiFlex and what it costs.
#include <fstream>
#include <memory>
#include <ostream>

#include <CLI/CLI.hpp>

#include "cli/app.h"
#include "cli/planning.h"
#include "engine/plan/plan_json.h"
#include "engine/render/render.h"

namespace flexform::cli {

namespace {

struct PlanCommandOptions {
    PlanRequest request;
    std::string out;
    std::string format = "text";
    bool detailed_exitcode = false;
};

int run_plan_command(const PlanCommandOptions& options, CommandContext& context) {
    std::optional<PlanRun> run;
    try {
        run = run_plan(context, options.request);
    } catch (const std::exception& e) {
        context.err << "flexform plan: " << e.what() << "\n";
        return k_exit_error;
    }
    if (!run) {
        return k_exit_error;
    }
    const Plan& plan = run->plan;
    if (!options.out.empty()) {
        std::ofstream file(options.out, std::ios::binary | std::ios::trunc);
        file << plan_to_json_text(plan);
        if (!file) {
            context.err << "flexform plan: cannot write " << options.out << "\n";
            return k_exit_error;
        }
        context.err << "plan saved to " << options.out << "; apply exactly it with: flexform apply " << options.out
                    << "\n";
    }
    RenderOptions render;
    render.color = use_color(context);
    if (options.format == "json") {
        context.out << render_json(plan);
    } else if (options.format == "markdown") {
        context.out << render_markdown(plan, render);
    } else {
        context.out << render_text(plan, render);
    }
    if (!plan.applyable()) {
        return k_exit_error;
    }
    return options.detailed_exitcode && plan.has_changes() ? k_exit_changes : k_exit_ok;
}

}  // namespace

void add_plan_command(CLI::App& app, CommandContext& context) {
    auto options = std::make_shared<PlanCommandOptions>();
    CLI::App* cmd = app.add_subcommand("plan", "Show what apply would change in FortiFlex, with the points cost");
    cmd->add_option("paths", options->request.paths, "Manifest files or directories (default: .)");
    cmd->add_option("--out", options->out, "Save the plan (JSON) for `flexform apply FILE`");
    cmd->add_option("--format", options->format, "Output format")->check(CLI::IsMember({"text", "markdown", "json"}));
    cmd->add_flag("--detailed-exitcode", options->detailed_exitcode, "Exit 2 when there are changes");
    cmd->add_option("--customer", options->request.customers, "Only these customers (repeatable)");
    cmd->add_flag("--prune", options->request.prune, "Stop and disable unmanaged configurations of managed accounts");
    cmd->callback([options, &context] { context.exit_code = run_plan_command(*options, context); });
}

}  // namespace flexform::cli

// flexform plan [PATH...]: show what apply would change in FortiFlex and what it costs.
#include <fstream>
#include <memory>
#include <ostream>

#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "cli/errors.h"
#include "cli/manifests.h"
#include "cli/plan_support.h"
#include "cli/session.h"
#include "engine/render/render.h"
#include "engine/usecases/apply_use_case.h"

namespace flexform::cli {

namespace {

struct PlanCommandOptions {
    std::vector<std::string> paths;
    std::vector<std::string> customers;
    bool prune = false;
    std::string out;
    std::string format = "text";
    bool detailed_exitcode = false;
};

int run_plan_command(const PlanCommandOptions& options, CommandContext& context) {
    auto session = open_session(context, options.paths);
    const LoadResult manifests = load_desired(context, *session, options.paths);
    PlanRequest request = plan_request(*session, manifests, options.paths, options.customers, options.prune);
    Provider& provider = session->provider();
    report_open_journals(context, *session, "re-read now; this plan shows their real state");
    const PlanOutcome planned = plan_program(provider, session->clock(), manifests.state, request, builtin_catalog());
    const Plan& plan = planned.plan;
    if (context.global.verbose) {
        context.err << "plan: " << planned.requests << " API requests (" << planned.accounts_read << " accounts, "
                    << planned.prices << " distinct prices)\n";
    }
    if (!options.out.empty()) {
        write_file(options.out, [&plan](std::ostream& file) { write_json(plan, file); });
        context.err << "plan saved to " << options.out << "; apply exactly it with: flexform apply " << options.out
                    << "\n";
    }
    RenderOptions render;
    render.color = use_color(context);
    if (options.format == "json") {
        write_json(plan, context.out);
    } else if (options.format == "markdown") {
        context.out << render_markdown(plan, render);
    } else {
        write_text(plan, context.out, render);
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
    cmd->add_option("paths", options->paths, "Manifest files or directories (default: .)");
    cmd->add_option("--out", options->out, "Save the plan (JSON) for `flexform apply FILE`");
    cmd->add_option("--format", options->format, "Output format")->check(CLI::IsMember({"text", "markdown", "json"}));
    cmd->add_flag("--detailed-exitcode", options->detailed_exitcode, "Exit 2 when there are changes");
    cmd->add_option("--customer", options->customers, "Only this customer (repeat the flag for more)")
        ->allow_extra_args(false);
    cmd->add_flag("--prune", options->prune, "Stop and disable unmanaged configurations of managed accounts");
    cmd->callback(
        [options, &context] { run_verb(context, "plan", [&] { return run_plan_command(*options, context); }); });
}

}  // namespace flexform::cli

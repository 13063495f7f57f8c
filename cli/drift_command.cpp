// flexform drift [PATH...]: read-only comparison of git and FortiFlex; exit 2 when they differ.
#include <memory>
#include <ostream>

#include <CLI/CLI.hpp>

#include "cli/app.h"
#include "cli/planning.h"
#include "engine/render/reports.h"
#include "engine/report/drift.h"

namespace flexform::cli {

namespace {

struct DriftOptions {
    std::vector<std::string> paths;
    std::vector<std::string> customers;
    std::vector<std::string> ignore;
    std::string format = "text";
};

int run_drift(const DriftOptions& options, CommandContext& context) {
    std::optional<PlanRun> run;
    try {
        PlanRequest request{options.paths, options.customers, false, false};
        run = run_plan(context, request);
    } catch (const std::exception& e) {
        context.err << "flexform drift: " << e.what() << "\n";
        return k_exit_error;
    }
    if (!run) {
        return k_exit_error;
    }
    const DriftReport report = drift_from_plan(run->plan, options.ignore);
    if (options.format == "json") {
        context.out << render_drift_json(report);
    } else if (options.format == "markdown") {
        context.out << render_drift_markdown(report);
    } else {
        context.out << render_drift_text(report);
    }
    return report.in_sync() ? k_exit_ok : k_exit_changes;
}

}  // namespace

void add_drift_command(CLI::App& app, CommandContext& context) {
    auto options = std::make_shared<DriftOptions>();
    CLI::App* cmd =
        app.add_subcommand("drift", "Report what differs between git and FortiFlex (read-only; exit 2 on drift)");
    cmd->add_option("paths", options->paths, "Manifest files or directories (default: .)");
    cmd->add_option("--format", options->format, "Output format")->check(CLI::IsMember({"text", "markdown", "json"}));
    cmd->add_option("--customer", options->customers, "Only these customers (repeatable)");
    cmd->add_option("--ignore", options->ignore, "Accepted differences: address patterns with * (repeatable)");
    cmd->callback([options, &context] { context.exit_code = run_drift(*options, context); });
}

}  // namespace flexform::cli

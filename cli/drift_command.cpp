// flexform drift [PATH...]: read-only comparison of git and FortiFlex; exit 2 when they differ.
#include <memory>
#include <ostream>

#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "cli/errors.h"
#include "cli/manifests.h"
#include "cli/plan_support.h"
#include "cli/session.h"
#include "engine/render/plan_notes.h"
#include "engine/render/reports.h"
#include "engine/usecases/drift_use_case.h"

namespace flexform::cli {

namespace {

struct DriftOptions {
    std::vector<std::string> paths;
    std::vector<std::string> customers;
    std::vector<std::string> ignore;
    std::string format = "text";
    int ending_within = k_default_ending_within_days;
};

// spec.programs: a report per program in scope; exit 2 when any drifted.
int run_programs_drift(const DriftOptions& options, CommandContext& context, Session& session,
                       const LoadResult& manifests) {
    ProgramsPlanRequest programs = programs_plan_request(session, manifests, options.paths, false);
    programs.plan.customers = options.customers;
    DriftRequest request;
    request.ignore = options.ignore;
    request.ending_within_days = options.ending_within;
    const std::vector<ProgramDrift> drifts = check_drift_programs(session.clock(), programs, request, builtin_catalog());
    std::vector<DriftReport> reports;
    bool in_sync = true;
    for (const auto& drift : drifts) {
        reports.push_back(drift.outcome.report);
        in_sync = in_sync && drift.outcome.report.in_sync();
        if (context.global.verbose) {
            context.err << render_drift_requests(drift.outcome);
        }
    }
    if (options.format == "json") {
        context.out << render_drift_json(reports, builtin_catalog());
    } else if (options.format == "markdown") {
        context.out << render_drift_markdown(reports, builtin_catalog());
    } else {
        context.out << render_drift_text(reports, builtin_catalog());
    }
    return in_sync ? k_exit_ok : k_exit_changes;
}

int run_drift(const DriftOptions& options, CommandContext& context) {
    auto session = open_session(context, options.paths);
    const LoadResult manifests = load_desired(context, *session, options.paths);
    if (!session->project().programs.empty()) {
        return run_programs_drift(options, context, *session, manifests);
    }
    DriftRequest request;
    request.plan = plan_request(*session, manifests, options.paths);
    request.plan.customers = options.customers;
    request.plan.snapshots = session->snapshots(std::nullopt);  // drift reads FortiFlex, and keeps what it read
    request.ignore = options.ignore;
    request.ending_within_days = options.ending_within;
    const DriftOutcome outcome = check_drift(session->provider(), session->clock(), request, builtin_catalog());
    if (options.format == "json") {
        context.out << render_drift_json(outcome.report, builtin_catalog());
    } else if (options.format == "markdown") {
        context.out << render_drift_markdown(outcome.report, builtin_catalog());
    } else {
        context.out << render_drift_text(outcome.report, builtin_catalog(), use_color(context));
    }
    if (context.global.verbose) {
        context.err << render_drift_requests(outcome);
    }
    return outcome.report.in_sync() ? k_exit_ok : k_exit_changes;
}

}  // namespace

void add_drift_command(CLI::App& app, CommandContext& context) {
    auto options = std::make_shared<DriftOptions>();
    CLI::App* cmd =
        app.add_subcommand("drift", "Report what differs between git and FortiFlex (read-only; exit 2 on drift)");
    cmd->add_option("paths", options->paths, "Manifest files or directories (default: .)");
    cmd->add_option("--format", options->format, "Output format")->check(CLI::IsMember({"text", "markdown", "json"}));
    cmd->add_option("--customer", options->customers, "Only this customer (repeat the flag for more)")
        ->allow_extra_args(false);
    cmd->add_option("--ignore", options->ignore, "An accepted difference: an address pattern with * (repeatable)")
        ->allow_extra_args(false);
    cmd->add_option("--ending-within", options->ending_within,
                    "Report running entitlements that end within this many days (default 30)")
        ->check(CLI::Range(0, 3650));
    cmd->callback([options, &context] { run_verb(context, "drift", [&] { return run_drift(*options, context); }); });
}

}  // namespace flexform::cli

// flexform program [--year YYYY]: prepaid balance and runway, or postpaid consumption against the commitment.
#include <memory>
#include <ostream>

#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "cli/errors.h"
#include "cli/manifests.h"
#include "cli/session.h"
#include "engine/render/reports.h"
#include "engine/usecases/program_use_case.h"

namespace flexform::cli {

namespace {

struct ProgramOptions {
    int year = 0;
    int trend_days = 30;
    std::string format = "text";
    std::vector<std::string> paths;
    int ending_within = k_default_ending_within_days;
};

int run_program(const ProgramOptions& options, CommandContext& context) {
    auto session = open_session(context, options.paths);
    ProgramRequest request;
    request.program = session->program();
    request.year = options.year;
    request.trend_days = options.trend_days;
    request.yearly_commitment = session->yearly_commitment();
    request.parallelism = session->parallelism();
    request.ending_within_days = options.ending_within;
    // Customers' budgets come from the manifests, when there are any.
    const LoadResult manifests = load_desired(context, *session, options.paths, false);
    request.desired = &manifests.state;
    Provider& provider = session->provider();
    const ProgramOutcome outcome = program_report(provider, session->store_if_present(), session->clock(), request);
    context.out << (options.format == "json" ? render_program_json(outcome.report)
                                             : render_program_text(outcome.report, use_color(context)));
    if (context.global.verbose) {
        context.err << "program: " << outcome.requests << " API requests (" << outcome.points_requests
                    << " entitlements/points)\n";
    }
    return outcome.report.misses_commitment || outcome.report.over_budget ? k_exit_changes : k_exit_ok;
}

}  // namespace

void add_program_command(CLI::App& app, CommandContext& context) {
    auto options = std::make_shared<ProgramOptions>();
    CLI::App* cmd = app.add_subcommand(
        "program",
        "Program balance, runway and yearly commitment (exit 2 when it will be missed, or a customer "
        "is over its budget)");
    cmd->add_option("--year", options->year, "Calendar year (default: this year)")->check(CLI::Range(2000, 2100));
    cmd->add_option("--trend-days", options->trend_days,
                    "Days in each trend window (the last N against the N before; beyond 45 needs the store)")
        ->check(CLI::Range(1, 366))
        ->capture_default_str();
    cmd->add_option("--format", options->format, "Output format")->check(CLI::IsMember({"text", "json"}));
    cmd->add_option("--ending-within", options->ending_within,
                    "Warn of running entitlements that end within this many days (default 30)")
        ->check(CLI::Range(0, 3650));
    cmd->add_option("paths", options->paths, "Manifests with customers' budgets (default: .)");
    cmd->callback(
        [options, &context] { run_verb(context, "program", [&] { return run_program(*options, context); }); });
}

}  // namespace flexform::cli

// flexform program [--year YYYY]: prepaid balance and runway, or postpaid consumption against the commitment.
#include <memory>
#include <ostream>

#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "cli/errors.h"
#include "cli/manifests.h"
#include "cli/session.h"
#include "engine/model/programs.h"
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
    const std::vector<ProgramSettings> scope = session->programs_in_scope();
    session->check_programs_visible();
    ProgramRequest request;
    request.year = options.year;
    request.trend_days = options.trend_days;
    request.parallelism = session->parallelism();
    request.ending_within_days = options.ending_within;
    // Customers' budgets come from the manifests, when there are any.
    const LoadResult manifests = load_desired(context, *session, options.paths, false);
    const auto one_program = [&](const DesiredState* desired) {
        request.program = session->program();
        request.yearly_commitment = session->yearly_commitment();
        request.desired = desired;
        return program_report(session->provider(), session->store_if_present(), session->clock(), request);
    };
    const bool json = options.format == "json";
    std::int64_t requests = 0;
    std::int64_t points_requests = 0;
    bool miss = false;
    if (scope.size() > 1) {
        std::vector<Named<ProgramReport>> reports;
        for (const ProgramSettings& program : scope) {
            session->select_program(program);
            // Each program's budgets against what that program bills each customer.
            const DesiredState desired = desired_for_program(manifests.state, session->programs(), program);
            ProgramOutcome outcome = one_program(&desired);
            requests += outcome.requests;
            points_requests += outcome.points_requests;
            miss = miss || outcome.report.misses_commitment || outcome.report.over_budget;
            reports.push_back({program.name, std::move(outcome.report)});
        }
        context.out << (json ? render_program_json(reports) : render_program_text(reports));
    } else {
        const ProgramOutcome outcome = one_program(&manifests.state);
        requests = outcome.requests;
        points_requests = outcome.points_requests;
        miss = outcome.report.misses_commitment || outcome.report.over_budget;
        context.out << (json ? render_program_json(outcome.report) : render_program_text(outcome.report, use_color(context)));
    }
    if (context.global.verbose) {
        context.err << "program: " << requests << " API requests (" << points_requests << " entitlements/points)\n";
    }
    return miss ? k_exit_changes : k_exit_ok;
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

// flexform consumption pull | report | invoice: keep FortiFlex's daily consumption beyond its 90 days, report it
// with the days it covers, and bill customers from it.
#include <memory>
#include <ostream>

#include <CLI/CLI.hpp>

#include "cli/consumption_commands.h"
#include "cli/max_age.h"
#include "cli/errors.h"
#include "cli/session.h"
#include "engine/model/day_range.h"
#include "engine/render/pull_renderers.h"
#include "engine/usecases/consumption_use_case.h"
#include "engine/usecases/day_selection.h"

namespace flexform::cli {

int run_pull(const PullCommandOptions& options, CommandContext& context) {
    auto session = open_session(context, {});
    PullOptions pull;
    pull.today = session->clock().today();
    pull.days = days_to_pull({options.date, options.days}, pull.today);
    const std::vector<ProgramSettings> scope = session->programs_in_scope();
    pull.replace = options.replace;
    pull.parallelism = session->parallelism();
    const Clock& clock = session->clock();
    pull.now_utc = [&clock] { return clock.utc_timestamp(); };
    check_pullable(pull.days, pull.today);  // before the store is opened or FortiFlex is asked anything
    session->check_programs_visible();      // before the store is opened or any program is pulled
    ConsumptionStore& store = session->store(false);
    std::vector<Named<PullResult>> results;
    for (const ProgramSettings& program : scope) {
        session->select_program(program);
        pull.program = session->program();
        pull.other_programs.clear();
        for (const ProgramSettings& other : session->programs()) {
            if (other.serial != program.serial) {
                pull.other_programs.push_back(other.serial);
            }
        }
        const bool several = scope.size() > 1;
        pull.progress = [&context, several, name = program.name](const DayPull& day) {
            context.err << (several ? render_pull_day(name, day) : render_pull_day(day)) << "\n";
        };
        results.push_back({program.name, pull_consumption(session->provider(), store, pull)});
    }
    context.out << (results.size() > 1 ? render_pull_summary(results, store.describe())
                                       : render_pull_summary(results.front().report, store.describe()));
    std::int64_t requests = 0;
    bool ok = true;
    for (const auto& part : results) {
        requests += part.report.requests;
        ok = ok && part.report.ok();
    }
    if (context.global.verbose) {
        context.err << "consumption pull: " << requests << " API requests\n";
    }
    return ok ? k_exit_ok : k_exit_error;
}

void add_consumption_command(CLI::App& app, CommandContext& context) {
    CLI::App* consumption =
        app.add_subcommand("consumption", "Daily consumption: pull it into the store, report on it, invoice it");
    consumption->require_subcommand(1);

    auto pull = std::make_shared<PullCommandOptions>();
    CLI::App* pull_cmd = consumption->add_subcommand(
        "pull", "Store daily consumption per entitlement (default: yesterday; only the last 90 days can be pulled)");
    pull_cmd->add_option("--date", pull->date, "One closed Pacific day, YYYY-MM-DD");
    pull_cmd->add_option("--days", pull->days, "The last N closed days (backfill, at most 90)")
        ->check(CLI::Range(1, k_points_window_days));
    pull_cmd->add_flag("--replace", pull->replace,
                       "Overwrite stored days even with an emptier answer (fewer rows or points)");
    pull_cmd->callback(
        [pull, &context] { run_verb(context, "consumption pull", [&] { return run_pull(*pull, context); }); });

    auto report = std::make_shared<ReportCommandOptions>();
    CLI::App* report_cmd = consumption->add_subcommand("report", "Consumption per customer, serial, config or day");
    report_cmd->add_option("--days", report->days, "The last N closed days (default 30)")->check(CLI::Range(1, 3660));
    report_cmd->add_option("--from", report->from, "First day, YYYY-MM-DD");
    report_cmd->add_option("--to", report->to, "Last day, YYYY-MM-DD (inclusive; default yesterday)");
    report_cmd->add_option("--month", report->month, "A calendar month, YYYY-MM (the monthly billing summary)");
    report_cmd->add_option("--serial", report->serial, "One entitlement");
    report_cmd->add_option("--account-id", report->account, "One account");
    report_cmd->add_option("--by", report->by, "Grouping")
        ->check(CLI::IsMember({"serial", "customer", "config", "day", "offer", "program"}));
    report_cmd->add_option("--format", report->format, "Output format")
        ->check(CLI::IsMember({"table", "csv", "json", "markdown", "html"}));
    report_cmd->add_flag("--live", report->live,
                         "Read the FortiFlex API (its 90 days; older days from the store when there is one)");
    add_max_age_option(*report_cmd, report->max_age);
    report_cmd->add_flag("--save", report->save, "Also write a timestamped JSON export to .flexform/exports/");
    report_cmd->add_option("paths", report->paths, "Manifests that name the customers (default: .)");
    report_cmd->callback(
        [report, &context] { run_verb(context, "consumption report", [&] { return run_report(*report, context); }); });

    auto invoice = std::make_shared<InvoiceCommandOptions>();
    CLI::App* invoice_cmd = consumption->add_subcommand(
        "invoice", "One month priced per customer and device, from the store and the manifests' billing terms");
    invoice_cmd->add_option("--month", invoice->month, "The month, YYYY-MM")->required();
    invoice_cmd->add_option("--format", invoice->format, "Output format")
        ->check(CLI::IsMember({"csv", "json", "markdown", "html"}))
        ->capture_default_str();
    invoice_cmd->add_option("--customer", invoice->customer,
                            "One declared customer's invoice, to send to them (html prints as a document)");
    invoice_cmd->add_option("--output", invoice->output, "Write to this file instead of standard output");
    invoice_cmd->add_flag("--allow-incomplete", invoice->allow_incomplete,
                          "Issue it although the store lacks days of the month (they are flagged)");
    invoice_cmd->add_option("paths", invoice->paths, "Customer manifests with billing terms (default: .)");
    invoice_cmd->callback([invoice, &context] {
        run_verb(context, "consumption invoice", [&] { return run_invoice(*invoice, context); });
    });
}

}  // namespace flexform::cli

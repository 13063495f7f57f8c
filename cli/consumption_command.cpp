// flexform consumption pull | report: keep FortiFlex's daily consumption beyond its 90 days, and bill from it.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <ostream>

#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "cli/errors.h"
#include "cli/manifests.h"
#include "cli/session.h"
#include "engine/render/reports.h"
#include "engine/usecases/consumption_use_case.h"
#include "engine/usecases/live_reading.h"

namespace flexform::cli {

namespace {

constexpr int k_api_window_days = 90;

struct PullCommandOptions {
    std::string date;
    int days = 0;
};

struct ReportCommandOptions {
    int days = 0;
    std::string from;
    std::string to;
    std::string month;
    std::string serial;
    std::optional<std::int64_t> account;
    std::string by = "customer";
    std::string format = "table";
    bool live = false;
    bool save = false;
    std::vector<std::string> paths;
};

std::optional<Date> date_arg(CommandContext& context, const std::string& flag, const std::string& text) {
    const auto date = parse_date(text);
    if (!date || text.size() != 10) {
        context.err << "flexform consumption: " << flag << " \"" << text << "\" is not a date (YYYY-MM-DD)\n";
    }
    return date;
}

int run_pull(const PullCommandOptions& options, CommandContext& context) {
    auto session = open_session(context, {});
    {
        Provider& provider = session->provider();
        const Date today = session->clock().today();
        std::vector<Date> days;
        if (!options.date.empty()) {
            const auto date = date_arg(context, "--date", options.date);
            if (!date) {
                return k_exit_error;
            }
            if (!(*date < today)) {
                context.err << "flexform consumption pull: " << options.date << " is not closed yet (Pacific today is "
                            << to_string(today) << ")\n";
                return k_exit_error;
            }
            days.push_back(*date);
        } else {
            const int count = options.days > 0 ? options.days : 1;
            if (count > k_api_window_days) {
                context.err << "flexform consumption pull: --days " << count << " exceeds the " << k_api_window_days
                            << "-day window FortiFlex keeps\n";
                return k_exit_error;
            }
            for (int i = count; i >= 1; --i) {
                days.push_back(add_days(today, -i));
            }
        }
        ConsumptionStore& store = session->store(false);
        PullOptions pull;
        pull.program = session->program();
        pull.days = days;
        pull.parallelism = session->parallelism();
        const Clock& clock = session->clock();
        pull.now_utc = [&clock] { return clock.utc_timestamp(); };
        pull.progress = [&context](const std::string& line) { context.err << line << "\n"; };
        const PullResult result = pull_consumption(provider, store, pull);
        context.out << "Pulled " << result.stored.size() << " of " << days.size() << " day(s), " << result.rows
                    << " rows, into " << store.describe() << "\n";
        if (!result.failed.empty()) {
            context.out << "Failed days (nothing stored for them; pull them again):";
            for (const auto& [day, why] : result.failed) {
                context.out << " " << to_string(day);
            }
            context.out << "\n";
            return k_exit_error;
        }
        return k_exit_ok;
    }
}

int run_report(const ReportCommandOptions& options, CommandContext& context) {
    auto session = open_session(context, options.paths);
    const Date today = session->clock().today();
    ReportRequest request;
    request.to = add_days(today, -1);
    request.from = add_days(today, -30);
    if (!options.month.empty()) {
        const auto first = parse_date(options.month + "-01");
        if (!first || options.month.size() != 7) {
            context.err << "flexform consumption report: --month \"" << options.month << "\" is not YYYY-MM\n";
            return k_exit_error;
        }
        request.from = *first;
        const Date next = first->month == 12 ? Date{first->year + 1, 1, 1} : Date{first->year, first->month + 1, 1};
        request.to = add_days(next, -1);
    } else if (!options.from.empty() || !options.to.empty()) {
        const auto from = date_arg(context, "--from", options.from.empty() ? options.to : options.from);
        const auto to = date_arg(context, "--to", options.to.empty() ? to_string(add_days(today, -1)) : options.to);
        if (!from || !to) {
            return k_exit_error;
        }
        request.from = *from;
        request.to = *to;
    } else if (options.days > 0) {
        request.from = add_days(today, -options.days);
    }
    if (request.to < request.from) {
        context.err << "flexform consumption report: the range ends before it starts\n";
        return k_exit_error;
    }
    const auto grouping = parse_grouping(options.by);
    request.grouping = grouping.value_or(ReportGrouping::customer);
    if (!options.serial.empty()) {
        request.serial = options.serial;
    }
    request.account_id = options.account;
    request.with_daily_series = options.format == "html";
    const LoadResult manifests = load_desired(context, *session, options.paths, false);
    for (const auto& c : manifests.state.customers) {
        request.customer_names[c.account_id] = c.name;
    }
    {
        ConsumptionReport report;
        if (options.live) {
            Provider& provider = session->provider();
            request.program = session->program();
            const LiveState live = read_program(provider, request.program, session->parallelism());
            std::map<std::string, std::int64_t> serial_configs;
            for (const auto& [account, entitlements] : live.entitlements) {
                for (const auto& e : entitlements) {
                    serial_configs[e.serial] = e.config_id;
                }
            }
            for (const auto& c : live.configs) {
                request.config_names[c.id] = c.name;
            }
            report = report_from_live(provider, request, accounts_of(live), serial_configs, session->parallelism());
        } else {
            request.program = session->program();
            report = report_from_store(session->store(true), request);
        }
        std::string text;
        if (options.format == "csv") {
            text = render_consumption_csv(report);
        } else if (options.format == "json") {
            text = render_consumption_json(report);
        } else if (options.format == "markdown") {
            text = render_consumption_markdown(report);
        } else if (options.format == "html") {
            text = render_consumption_html(report);
        } else {
            text = render_consumption_table(report);
        }
        context.out << text;
        if (options.save) {
            std::filesystem::create_directories(".flexform/exports");
            std::string stamp = session->clock().utc_timestamp();
            std::erase(stamp, ':');
            const std::string file = ".flexform/exports/consumption-" + stamp + ".json";
            std::ofstream(file) << render_consumption_json(report);
            context.err << "saved " << file << "\n";
        }
        return k_exit_ok;
    }
}

}  // namespace

void add_consumption_command(CLI::App& app, CommandContext& context) {
    CLI::App* consumption =
        app.add_subcommand("consumption", "Daily consumption: pull it into the store, report on it");
    consumption->require_subcommand(1);

    auto pull = std::make_shared<PullCommandOptions>();
    CLI::App* pull_cmd =
        consumption->add_subcommand("pull", "Store daily consumption per entitlement (default: yesterday)");
    pull_cmd->add_option("--date", pull->date, "One Pacific day, YYYY-MM-DD");
    pull_cmd->add_option("--days", pull->days, "The last N closed days (backfill, at most 90)")
        ->check(CLI::Range(1, 90));
    pull_cmd->callback(
        [pull, &context] { run_verb(context, "consumption pull", [&] { return run_pull(*pull, context); }); });

    auto report = std::make_shared<ReportCommandOptions>();
    CLI::App* report_cmd = consumption->add_subcommand("report", "Consumption per customer, serial, config or day");
    report_cmd->add_option("--days", report->days, "The last N days (default 30)");
    report_cmd->add_option("--from", report->from, "First day, YYYY-MM-DD");
    report_cmd->add_option("--to", report->to, "Last day, YYYY-MM-DD (inclusive)");
    report_cmd->add_option("--month", report->month, "A calendar month, YYYY-MM (the monthly billing summary)");
    report_cmd->add_option("--serial", report->serial, "One entitlement");
    report_cmd->add_option("--account-id", report->account, "One account");
    report_cmd->add_option("--by", report->by, "Grouping")
        ->check(CLI::IsMember({"serial", "customer", "config", "day"}));
    report_cmd->add_option("--format", report->format, "Output format")
        ->check(CLI::IsMember({"table", "csv", "json", "markdown", "html"}));
    report_cmd->add_flag("--live", report->live, "Read the FortiFlex API instead of the store");
    report_cmd->add_flag("--save", report->save, "Also write a timestamped JSON export to .flexform/exports/");
    report_cmd->add_option("paths", report->paths, "Manifests that name the customers (default: .)");
    report_cmd->callback(
        [report, &context] { run_verb(context, "consumption report", [&] { return run_report(*report, context); }); });
}

}  // namespace flexform::cli

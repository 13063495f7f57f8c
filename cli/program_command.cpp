// flexform program [--year YYYY]: prepaid balance and runway, or postpaid consumption against the commitment.
#include <algorithm>
#include <filesystem>
#include <memory>
#include <mutex>
#include <ostream>

#include <CLI/CLI.hpp>

#include "cli/app.h"
#include "cli/connection.h"
#include "cli/manifest_loading.h"
#include "engine/model/parallel.h"
#include "engine/plan/live_loader.h"
#include "engine/render/reports.h"
#include "providers/store/store.h"

namespace flexform::cli {

PriceTable price_live_configs(Provider& provider, const LiveState& live, int parallelism);

namespace {

constexpr int k_api_history_days = 90;

struct ProgramOptions {
    int year = 0;
    int trend_days = 30;
    std::string format = "text";
};

// Points of the whole program over [from, to], one entitlements/points call per account.
double program_points(Provider& provider, const std::string& program, std::vector<std::int64_t> accounts,
                      const Date& from, const Date& to, int parallelism) {
    if (to < from) {
        return 0.0;
    }
    double total = 0.0;
    std::mutex mutex;
    for_each_bounded(accounts, parallelism, [&](std::int64_t account) {
        double sum = 0.0;
        for (const auto& row : provider.points(program, account, from, to)) {
            sum += row.points;
        }
        std::lock_guard lock(mutex);
        total += sum;
    });
    return total;
}

int run_program(const ProgramOptions& options, CommandContext& context) {
    const LoadResult manifests = load_desired(context, {"."});
    try {
        Connection connection = connect(context, manifests.state.project);
        Provider& provider = connection.provider();
        ProgramFigures f;
        bool found = false;
        for (const auto& p : provider.list_programs()) {
            if (p.serial == connection.program) {
                f.program = p;
                found = true;
            }
        }
        if (!found) {
            context.err << "flexform program: program " << connection.program << " is not visible to this API user\n";
            return k_exit_error;
        }
        const LiveState live = load_program_state(provider, connection.program, connection.parallelism);
        const std::vector<std::int64_t> accounts = accounts_of(live);
        f.today = connection.today();
        f.year = options.year > 0 ? options.year : f.today.year;
        f.commitment = connection.yearly_commitment.value_or(50000.0);
        f.current_per_day = run_rate(live, price_live_configs(provider, live, connection.parallelism));
        f.balance = live.prepaid_balance;
        const Date yesterday = add_days(f.today, -1);
        const Date window_start = add_days(f.today, -k_api_history_days);
        Date year_start{f.year, 1, 1};
        if (f.program.start && year_start < *f.program.start) {
            year_start = *f.program.start;
        }
        const Date year_end = std::min(Date{f.year, 12, 31}, yesterday);
        f.days_elapsed = std::max<int>(0, static_cast<int>(days_between(year_start, year_end)) + 1);
        const Date covered_start = std::max(year_start, window_start);
        f.days_covered = std::max<int>(0, static_cast<int>(days_between(covered_start, year_end)) + 1);
        if (!f.program.prepaid && f.days_covered > 0) {
            f.year_to_date =
                program_points(provider, connection.program, accounts, covered_start, year_end, connection.parallelism);
        }
        // Days before the API's window come from the consumption store, when it has them.
        const std::string& db = connection.database;
        const bool has_store = db.rfind("postgres", 0) == 0 || std::filesystem::exists(db);
        if (!f.program.prepaid && has_store && year_start < covered_start) {
            const auto store = open_store(db);
            const Date before = add_days(covered_start, -1);
            const auto stored = store->stored_days(connection.program, year_start, before);
            std::int64_t centipoints = 0;
            for (const auto& a : store->aggregate({connection.program, year_start, before, {}, {}}, GroupBy::account)) {
                centipoints += a.centipoints;
            }
            f.year_to_date += static_cast<double>(centipoints) / 100.0;
            f.days_covered += static_cast<int>(stored.size());
        }
        f.trend_days = options.trend_days;
        f.trend_last = program_points(provider, connection.program, accounts, add_days(yesterday, -(f.trend_days - 1)),
                                      yesterday, connection.parallelism);
        f.trend_previous =
            program_points(provider, connection.program, accounts, add_days(yesterday, -(2 * f.trend_days - 1)),
                           add_days(yesterday, -f.trend_days), connection.parallelism);
        const ProgramReport report = build_program_report(f);
        context.out << (options.format == "json" ? render_program_json(report) : render_program_text(report));
        return report.misses_commitment ? k_exit_changes : k_exit_ok;
    } catch (const std::exception& e) {
        context.err << "flexform program: " << e.what() << "\n";
        return k_exit_error;
    }
}

}  // namespace

void add_program_command(CLI::App& app, CommandContext& context) {
    auto options = std::make_shared<ProgramOptions>();
    CLI::App* cmd =
        app.add_subcommand("program", "Program balance, runway and yearly commitment (exit 2 when it will be missed)");
    cmd->add_option("--year", options->year, "Calendar year (default: this year)");
    cmd->add_option("--trend-days", options->trend_days, "Days in the trend window")
        ->check(CLI::Range(1, 45))
        ->capture_default_str();
    cmd->add_option("--format", options->format, "Output format")->check(CLI::IsMember({"text", "json"}));
    cmd->callback([options, &context] { context.exit_code = run_program(*options, context); });
}

}  // namespace flexform::cli

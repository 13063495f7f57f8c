#include "engine/usecases/program_use_case.h"

#include <algorithm>
#include <mutex>

#include "engine/model/parallel.h"
#include "engine/usecases/live_reading.h"

namespace flexform {

namespace {

constexpr int k_api_history_days = 90;

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
        for (const auto& row : provider.points(program, account, from, to, std::nullopt)) {
            sum += row.points;
        }
        std::lock_guard lock(mutex);
        total += sum;
    });
    return total;
}

}  // namespace

ProgramOutcome program_report(Provider& provider, ConsumptionStore* store, const Clock& clock,
                              const ProgramRequest& request) {
    const std::int64_t before = provider.calls_made();
    ProgramFigures f;
    bool found = false;
    for (const auto& p : provider.list_programs()) {
        if (p.serial == request.program) {
            f.program = p;
            found = true;
        }
    }
    if (!found) {
        throw ProviderError(ProviderError::Kind::denied,
                            "program " + request.program + " is not visible to this API user");
    }
    const LiveState live = read_program(provider, request.program, request.parallelism);
    const std::vector<std::int64_t> accounts = accounts_of(live);
    f.today = clock.today();
    f.year = request.year > 0 ? request.year : f.today.year;
    f.commitment = request.yearly_commitment.value_or(50000.0);
    f.current_per_day = run_rate(live, price_live_configs(provider, live, request.parallelism));
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
            program_points(provider, request.program, accounts, covered_start, year_end, request.parallelism);
    }
    // Days before the API's window come from the consumption store, when it has them.
    if (!f.program.prepaid && store && year_start < covered_start) {
        const Date last = add_days(covered_start, -1);
        const auto stored = store->stored_days(request.program, year_start, last);
        std::int64_t centipoints = 0;
        for (const auto& a : store->aggregate({request.program, year_start, last, {}, {}}, GroupBy::account)) {
            centipoints += a.centipoints;
        }
        f.year_to_date += static_cast<double>(centipoints) / 100.0;
        f.days_covered += static_cast<int>(stored.size());
    }
    f.trend_days = request.trend_days;
    f.trend_last = program_points(provider, request.program, accounts, add_days(yesterday, -(f.trend_days - 1)),
                                  yesterday, request.parallelism);
    f.trend_previous = program_points(provider, request.program, accounts, add_days(yesterday, -(2 * f.trend_days - 1)),
                                      add_days(yesterday, -f.trend_days), request.parallelism);
    ProgramOutcome out;
    out.report = build_program_report(f);
    out.requests = provider.calls_made() - before;
    return out;
}

}  // namespace flexform

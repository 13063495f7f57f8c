#include "engine/usecases/program_use_case.h"

#include <algorithm>
#include <atomic>
#include <mutex>

#include "engine/model/parallel.h"
#include "engine/plan/policies.h"
#include "engine/usecases/consumption_use_case.h"
#include "engine/usecases/live_reading.h"

namespace flexform {

namespace {

struct WindowReader {
    Provider& provider;
    ConsumptionStore* store;
    const std::string& program;
    std::vector<std::int64_t> accounts;
    DayRange api_window;
    int parallelism;
    std::atomic<std::int64_t> points_calls{0};

    double api_points(const DayRange& range) {
        double total = 0.0;
        std::mutex mutex;
        std::vector<std::int64_t> work = accounts;
        for_each_bounded(work, parallelism, [&](std::int64_t account) {
            double sum = 0.0;
            for (const auto& row : provider.points(program, account, range.first, range.last, std::nullopt)) {
                sum += row.points;
            }
            ++points_calls;
            std::lock_guard lock(mutex);
            total += sum;
        });
        return total;
    }

    double stored_points(const DayRange& range) {
        if (!store || range.empty()) {
            return 0.0;
        }
        std::int64_t centipoints = 0;
        for (const auto& a : store->aggregate({program, range.first, range.last, {}, {}}, GroupBy::account)) {
            centipoints += a.centipoints;
        }
        return static_cast<double>(centipoints) / 100.0;
    }

    // Stored days from the store; the API (one call per account) only for the span of window days it lacks.
    WindowFigures read(const DayRange& range) {
        WindowFigures w;
        w.range = range;
        if (range.empty()) {
            return w;
        }
        const std::vector<Date> stored =
            store ? store->stored_days(program, range.first, range.last) : std::vector<Date>{};
        const DayRange answerable = intersect(range, api_window);
        const std::vector<Date> wanted = days_missing(answerable, stored);  // window days the store lacks
        DayRange span{range.first, add_days(range.first, -1)};              // empty
        if (!wanted.empty()) {
            span = {wanted.front(), wanted.back()};
            w.points += api_points(span);
            w.known_days += span.days();
        }
        // The store for its days outside the span the API answered.
        const DayRange before = span.empty() ? range : DayRange{range.first, add_days(span.first, -1)};
        const DayRange after = span.empty() ? DayRange{range.last, add_days(range.last, -1)}
                                            : DayRange{add_days(span.last, 1), range.last};
        for (const DayRange& part : {before, after}) {
            if (part.empty()) {
                continue;
            }
            const int days = static_cast<int>(
                std::count_if(stored.begin(), stored.end(), [&](const Date& d) { return part.contains(d); }));
            if (days > 0) {
                w.points += stored_points(part);
                w.known_days += days;
                w.store_days += days;
            }
        }
        return w;
    }
};

ProgramInfo find_program(const std::vector<ProgramInfo>& programs, const std::string& serial) {
    for (const auto& p : programs) {
        if (p.serial == serial) {
            return p;
        }
    }
    throw ProviderError(ProviderError::Kind::denied, "program " + serial + " is not visible to this API user");
}

}  // namespace

ProgramOutcome program_report(Provider& provider, ConsumptionStore* store, const Clock& clock,
                              const ProgramRequest& request) {
    const std::int64_t before = provider.calls_made();
    ProgramFigures f;
    f.today = clock.today();
    f.year = request.year > 0 ? request.year : f.today.year;
    if (f.year > f.today.year) {
        throw ConsumptionError(std::to_string(f.year) + " has not begun (Pacific today is " + to_string(f.today) + ")");
    }
    const DayRange window = points_window(f.today);
    const Date yesterday = add_days(f.today, -1);
    f.trend_days = request.trend_days;
    const DayRange trend_previous{add_days(yesterday, -(2 * f.trend_days - 1)), add_days(yesterday, -f.trend_days)};
    if (!store && trend_previous.first < window.first) {
        throw ConsumptionError(
            "--trend-days " + std::to_string(f.trend_days) + " compares the last " + std::to_string(2 * f.trend_days) +
            " days; FortiFlex keeps " + std::to_string(k_points_window_days) +
            " and no consumption store is configured to hold older days (at most " +
            std::to_string(k_points_window_days / 2) + " without a store; set spec.database or --db and pull daily)");
    }
    f.program = find_program(provider.list_programs(), request.program);
    f.commitment = request.yearly_commitment;
    DayRange year{Date{f.year, 1, 1}, Date{f.year, 12, 31}};
    if (f.program.start) {
        year.first = std::max(year.first, *f.program.start);
    }
    if (f.program.end) {
        year.last = std::min(year.last, *f.program.end);
    }
    if (year.empty() || !(year.first < f.today)) {
        throw ConsumptionError("program " + request.program + " runs " +
                               (f.program.start ? to_string(*f.program.start) : std::string("?")) + " to " +
                               (f.program.end ? to_string(*f.program.end) : std::string("?")) +
                               ": it has no closed day in " + std::to_string(f.year));
    }
    f.days_in_year = year.days();
    f.past_year = year.last < f.today;
    const LiveState read = request.live ? LiveState{} : read_program(provider, request.program, request.parallelism);
    const LiveState& live = request.live ? *request.live : read;
    const PriceTable prices = price_live_configs(provider, live, request.parallelism);
    f.current_per_day = run_rate(live, prices);
    f.balance = live.prepaid_balance;
    WindowReader reader{provider, store, request.program, accounts_of(live), window, request.parallelism};
    if (!f.program.prepaid) {
        f.year_so_far = reader.read({year.first, std::min(year.last, yesterday)});
    }
    f.trend_last = reader.read({add_days(yesterday, -(f.trend_days - 1)), yesterday});
    f.trend_previous = reader.read(trend_previous);
    ProgramOutcome out;
    out.report = build_program_report(f);
    out.report.ending = entitlements_ending(
        live, request.desired ? request.desired->customer_names() : std::map<std::int64_t, std::string>{}, f.today,
        request.ending_within_days);
    out.report.ending_within_days = request.ending_within_days;
    if (request.desired) {
        std::map<std::string, double> now;
        for (const auto& c : request.desired->customers) {
            if (c.budget) {
                now[c.name] = run_rate(live, prices, c.account_id);
            }
        }
        for (auto& r : evaluate_budgets_now(now, *request.desired, f.today)) {
            if (r.status == PolicyStatus::warn || r.status == PolicyStatus::block) {
                out.report.over_budget = true;
            }
            out.report.budgets.push_back(std::move(r));
        }
    }
    out.requests = provider.calls_made() - before;
    out.points_requests = reader.points_calls;
    return out;
}

}  // namespace flexform

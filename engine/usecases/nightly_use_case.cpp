#include "engine/usecases/nightly_use_case.h"

#include <algorithm>
#include <set>

#include "engine/model/day_range.h"
#include "engine/usecases/read_once_provider.h"

namespace flexform {

namespace {

constexpr int k_retry_days = 3;

}  // namespace

std::vector<Date> days_not_stored(ConsumptionStore& store, const std::string& program, const Date& today) {
    const DayRange window = points_window(today);
    const std::vector<Date> stored = store.stored_days(program, window.first, window.last);
    if (stored.empty()) {
        return {window.last};  // a new store: yesterday (a backfill is `consumption pull --days 90`)
    }
    const std::set<Date> have(stored.begin(), stored.end());
    // After the latest stored day, and any of the last three it lacks: a missed night gets two more chances.
    Date from = add_days(*have.rbegin(), 1);
    from = std::min(from, std::max(window.first, add_days(window.last, -(k_retry_days - 1))));
    std::vector<Date> days;
    for (Date d = from; d <= window.last; d = add_days(d, 1)) {
        if (!have.count(d)) {
            days.push_back(d);
        }
    }
    return days;
}

NightlyOutcome run_nightly(Provider& provider, ConsumptionStore& store, const Clock& clock, NightlyRequest request,
                           const Catalog& catalog) {
    const std::int64_t before = provider.calls_made();
    SnapshotReading reading(provider, request.snapshots.keep_only(), request.drift.plan.program);
    ReadOnceProvider once(reading.provider());
    NightlyOutcome out;
    // Drift first: its read of the program is the one every later step is served from.
    out.drift = check_drift(once, clock, request.drift, catalog);
    if (request.pull.days.empty()) {
        request.pull.days = days_not_stored(store, request.pull.program, request.pull.today);
    }
    out.pull = pull_consumption(once, store, request.pull);
    // The program and the dashboard read the days just stored rather than ask FortiFlex for them again.
    out.program = program_report(once, &store, clock, request.program);
    out.dashboard = gather_dashboard(once, &store, clock, request.dashboard, catalog);
    out.requests = provider.calls_made() - before;
    reading.keep();  // so a `status --max-age` after the night costs no request
    return out;
}

}  // namespace flexform

#include "engine/usecases/nightly_use_case.h"

#include "engine/model/day_range.h"
#include "engine/usecases/read_once_provider.h"

namespace flexform {

std::vector<Date> days_not_stored(ConsumptionStore& store, const std::string& program, const Date& today) {
    const DayRange window = points_window(today);
    const std::vector<Date> stored = store.stored_days(program, window.first, window.last);
    std::vector<Date> days;
    if (stored.empty()) {
        days.push_back(window.last);
        return days;
    }
    Date latest = stored.front();
    for (const Date& d : stored) {
        latest = latest < d ? d : latest;
    }
    for (Date d = add_days(latest, 1); d <= window.last; d = add_days(d, 1)) {
        days.push_back(d);
    }
    return days;
}

NightlyOutcome run_nightly(Provider& provider, ConsumptionStore& store, const Clock& clock, NightlyRequest request,
                           const Catalog& catalog) {
    const std::int64_t before = provider.calls_made();
    ReadOnceProvider once(provider);
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
    return out;
}

}  // namespace flexform

#include "engine/usecases/dashboard_use_case.h"

#include "engine/plan/planner.h"
#include "engine/usecases/consumption_use_case.h"
#include "engine/usecases/live_reading.h"
#include "engine/usecases/program_use_case.h"
#include "engine/usecases/status_use_case.h"

namespace flexform {

namespace {

ReportRequest report_request(const DashboardRequest& request, const std::map<std::int64_t, std::string>& names,
                             const Date& from, const Date& to, ReportGrouping grouping) {
    ReportRequest r;
    r.program = request.program;
    r.from = from;
    r.to = to;
    r.grouping = grouping;
    r.customer_names = names;
    r.parallelism = request.parallelism;
    return r;
}

void gather_consumption(ConsumptionStore* store, const DashboardRequest& request,
                        const std::map<std::int64_t, std::string>& names, const Date& today, DashboardData& out) {
    if (!store) {
        out.history_note = "no consumption store: pull consumption daily (flexform consumption pull) to see history";
        return;
    }
    if (!store->knows_program(request.program)) {
        out.history_note = store->describe() + " holds no consumption of " + request.program + " yet";
        return;
    }
    const Date yesterday = add_days(today, -1);
    out.history = report_from_store(
        *store, report_request(request, names, add_days(today, -365), yesterday, ReportGrouping::day), today);
    out.last30 = report_from_store(
        *store, report_request(request, names, add_days(today, -30), yesterday, ReportGrouping::customer), today);
    out.devices30 = report_from_store(
        *store, report_request(request, names, add_days(today, -30), yesterday, ReportGrouping::serial), today);
    // The customers' charts over the program's days, so every chart of the site lines up.
    ReportRequest daily = report_request(request, names, add_days(today, -365), yesterday, ReportGrouping::customer);
    daily.with_daily_series = true;
    out.customer_daily = report_from_store(*store, daily, today);
    const Date first_of_month{today.year, today.month, 1};
    if (first_of_month < today) {
        out.month = report_from_store(
            *store, report_request(request, names, first_of_month, yesterday, ReportGrouping::customer), today);
    }
}

}  // namespace

DashboardData gather_dashboard(Provider& live_provider, ConsumptionStore* store, const Clock& clock,
                               const DashboardRequest& request, const Catalog& catalog) {
    // One reading for status, drift and the program, so they show the same state (a snapshot's or FortiFlex's).
    SnapshotReading reading(live_provider, request.snapshots, request.program);
    Provider& provider = reading.provider();
    DashboardData out;
    out.program = request.program;
    out.program_name = request.program_name;
    out.project_name = request.project_name;
    out.generated_at = clock.utc_timestamp();
    out.today = clock.today();
    out.desired = request.desired;
    out.pending = request.pending;
    const std::map<std::int64_t, std::string> names =
        request.desired ? request.desired->customer_names() : std::map<std::int64_t, std::string>{};
    StatusRequest status;
    status.program = request.program;
    status.customer_names = names;
    if (request.desired) {
        status.offers = index_offers(*request.desired);
    }
    status.parallelism = request.parallelism;
    StatusOutcome live = program_status(provider, status, catalog);
    out.status = std::move(live.report);
    out.status.read_from = reading.origin();
    out.ending = entitlements_ending(live.live, names, out.today, request.ending_within_days);
    if (request.drift) {
        out.drift = request.drift;
        out.drift_source = request.drift_source;
    } else if (request.desired && !request.desired->customers.empty()) {
        // The same plan drift makes, from the live state already read: what differs needs no prices.
        PlanOptions options;
        options.today = out.today;
        out.drift = drift_from_plan(make_plan(*request.desired, live.live, {}, catalog, options), {});
        out.drift_source = "live state";
    }
    if (request.desired) {
        std::map<std::string, double> now;
        for (const auto& a : out.status.accounts) {
            if (!a.customer.empty()) {
                now[a.customer] = a.points_per_day;
            }
        }
        out.budgets = evaluate_budgets_now(now, *request.desired, out.today);
    }
    ProgramRequest program;
    program.program = request.program;
    program.yearly_commitment = request.yearly_commitment;
    program.parallelism = request.parallelism;
    program.live = &live.live;  // read once for status, drift and the program
    program.ending_within_days = request.ending_within_days;
    try {
        out.program_report = program_report(provider, store, clock, program).report;
    } catch (const ConsumptionError&) {
        // A program with no closed day this year has no figures yet; the other pages still stand.
    }
    gather_consumption(store, request, names, out.today, out);
    reading.keep();
    return out;
}

}  // namespace flexform

#include "engine/usecases/drift_use_case.h"

#include <algorithm>
#include <map>

#include "engine/plan/policies.h"

namespace flexform {

namespace {

// What differs does not depend on prices; a budget does, so prices are read up front only when one is declared,
// else only once something differs.
void price_for_drift(PlanRequest& request, const DesiredState& desired) {
    request.price = std::any_of(desired.customers.begin(), desired.customers.end(),
                                [](const Customer& c) { return c.budget.has_value(); });
    request.price_if_changed = true;  // each finding shows its points per day
}

DriftOutcome drift_of(PlanOutcome planned, const DesiredState& desired, bool priced, const DriftRequest& request,
                      const Clock& clock) {
    DriftOutcome out;
    out.report = drift_from_plan(planned.plan, request.ignore);
    if (priced) {
        std::map<std::string, double> now;
        for (const auto& c : planned.plan.cost.by_customer) {
            now[c.customer] = c.per_day_before;
        }
        for (const auto& r : evaluate_budgets_now(now, desired, clock.today())) {
            if (r.status == PolicyStatus::warn || r.status == PolicyStatus::block) {
                DriftItem item = over_budget_item(r);
                item.ignored = std::any_of(request.ignore.begin(), request.ignore.end(),
                                           [&](const std::string& p) { return matches_pattern(p, item.address); });
                out.report.items.push_back(std::move(item));
            }
        }
    }
    for (const auto& ending :
         entitlements_ending(planned.live, desired.customer_names(), clock.today(), request.ending_within_days)) {
        DriftItem item = ending_item(ending);
        item.ignored = std::any_of(request.ignore.begin(), request.ignore.end(),
                                   [&](const std::string& p) { return matches_pattern(p, item.address); });
        out.report.items.push_back(std::move(item));
    }
    out.plan = std::move(planned.plan);
    out.requests = planned.requests;
    return out;
}

}  // namespace

DriftOutcome check_drift(Provider& provider, const Clock& clock, const DriftRequest& request, const Catalog& catalog) {
    const DesiredState& desired = *request.plan.desired;
    PlanRequest plan_request = request.plan;
    price_for_drift(plan_request, desired);
    return drift_of(plan_program(provider, clock, plan_request, catalog), desired, plan_request.price, request, clock);
}

std::vector<ProgramDrift> check_drift_programs(const Clock& clock, const ProgramsPlanRequest& programs,
                                               const DriftRequest& request, const Catalog& catalog) {
    ProgramsPlanRequest plan = programs;
    price_for_drift(plan.plan, *plan.plan.desired);
    ProgramsPlanOutcome planned = plan_programs(clock, plan, catalog);
    std::vector<ProgramDrift> out;
    for (auto& section : planned.sections) {
        ProgramDrift drift{section.program,
                           drift_of(std::move(section.outcome), section.desired, plan.plan.price, request, clock)};
        drift.outcome.report.program_name = section.program.name;
        out.push_back(std::move(drift));
    }
    return out;
}

}  // namespace flexform

#include "engine/usecases/drift_use_case.h"

#include <algorithm>
#include <map>

#include "engine/plan/policies.h"

namespace flexform {

DriftOutcome check_drift(Provider& provider, const Clock& clock, const DriftRequest& request, const Catalog& catalog) {
    const DesiredState& desired = *request.plan.desired;
    PlanRequest plan_request = request.plan;
    // What differs does not depend on prices; a budget does, so prices are read only when one is declared.
    plan_request.price = std::any_of(desired.customers.begin(), desired.customers.end(),
                                     [](const Customer& c) { return c.budget.has_value(); });
    PlanOutcome planned = plan_program(provider, clock, plan_request, catalog);
    DriftOutcome out;
    out.report = drift_from_plan(planned.plan, request.ignore);
    if (plan_request.price) {
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

}  // namespace flexform

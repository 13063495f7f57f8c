#include "engine/usecases/plan_use_case.h"

#include "engine/plan/digest.h"
#include "engine/plan/planner.h"
#include "engine/usecases/live_reading.h"

namespace flexform {

PlanOutcome plan_program(Provider& provider, const Clock& clock, const DesiredState& desired,
                         const PlanRequest& request, const Catalog& catalog) {
    const std::int64_t calls_before = provider.calls_made();
    PlanOptions options;
    options.prune = request.prune;
    options.customers = request.customers;
    options.today = clock.today();
    options.yearly_commitment = is_prepaid_program(request.program) ? std::nullopt : request.yearly_commitment;
    std::vector<std::int64_t> accounts;
    for (const Customer* customer : selected_customers(desired, options)) {
        accounts.push_back(customer->account_id);
    }
    PlanOutcome out;
    if (!request.changed_since.empty() && request.customers.empty()) {
        // Nothing changed since the revision: nothing to read, nothing to plan.
        out.plan.created_at = clock.utc_timestamp();
        out.plan.manifest_paths = request.manifest_paths;
        out.plan.scope.changed_since = request.changed_since;
        out.plan.cost.totals_complete = false;
        out.plan.manifest_digest = manifest_digest(desired, {""});
        return out;
    }
    // A full plan reads every account, so the program totals are true; a PR plan reads only what changed.
    out.live = request.changed_since.empty() ? read_program(provider, request.program, request.parallelism, accounts)
                                             : read_accounts(provider, request.program, accounts, request.parallelism);
    const PriceTable prices =
        request.price
            ? read_prices(provider, request.program, price_requests(desired, out.live, options), request.parallelism)
            : PriceTable{};
    out.plan = make_plan(desired, out.live, prices, catalog, options);
    out.plan.created_at = clock.utc_timestamp();
    out.plan.manifest_paths = request.manifest_paths;
    out.plan.scope.changed_since = request.changed_since;
    out.plan.manifest_digest = manifest_digest(desired, request.customers);
    out.plan.live_digest = live_digest(out.live);
    out.requests = provider.calls_made() - calls_before;
    out.accounts_read = out.live.entitlements.size() + out.live.unreadable.size();
    out.prices = prices.size();
    return out;
}

}  // namespace flexform

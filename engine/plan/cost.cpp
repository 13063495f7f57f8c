// The plan's totals: points per day before and after for each customer in scope and for the whole program (every
// account that was read, managed or not), and the scheduled price changes that touch the plan.
#include <cmath>
#include <set>

#include "engine/plan/plan_context.h"

namespace flexform::planning {

namespace {

void note_price_changes(PlanContext& context) {
    for (const auto& [key, request] : context.used_prices()) {
        const auto it = context.prices().find(key);
        if (it == context.prices().end()) {
            continue;
        }
        const Price& price = it->second;
        if (price.latest && price.latest_effective && context.options.today < *price.latest_effective &&
            std::fabs(*price.latest - price.per_day) > 0.004) {
            context.plan.cost.price_changes.push_back(
                {request.first, request.second, price.per_day, *price.latest, *price.latest_effective});
        }
    }
}

// The rate an entitlement runs at once used: that of its configuration, when enabled.
double rate_once_used(PlanContext& context, std::optional<std::int64_t> config_id) {
    const LiveConfig* config = config_id ? context.find_config(*config_id) : nullptr;
    return config && config->active ? context.rate(config->product_id, config->parameters) : 0.0;
}

// The never-used VMs before and after, with what they would cost once used: those FortiFlex holds, less the ones
// the plan stops, re-priced where the plan re-prices their configuration, plus the ones it creates PENDING.
void count_never_used(PlanContext& context) {
    Cost& cost = context.plan.cost;
    std::map<std::int64_t, int> pending_on;  // config id -> never-used entitlements
    for (const auto& [account, entitlements] : context.live.entitlements) {
        for (const auto& e : entitlements) {
            if (e.status == EntitlementStatus::pending) {
                ++cost.never_used_before;
                ++pending_on[e.config_id];
                cost.never_used_per_day_before += rate_once_used(context, e.config_id);
            }
        }
    }
    cost.never_used_after = cost.never_used_before;
    cost.never_used_per_day_after = cost.never_used_per_day_before;
    for (const auto& c : context.plan.changes) {
        if (c.action == ActionKind::stop && c.before.status == EntitlementStatus::pending) {
            --cost.never_used_after;
            cost.never_used_per_day_after -= rate_once_used(context, c.config_id);
        } else if (c.action == ActionKind::update_config && c.config_id && pending_on.count(*c.config_id) &&
                   context.find_config(*c.config_id) && context.find_config(*c.config_id)->active) {
            cost.never_used_per_day_after +=
                pending_on[*c.config_id] * (c.reprice.per_device_after - c.reprice.per_device_before);
        } else if (c.action == ActionKind::create_entitlements && c.after.skip_pending == false) {
            cost.never_used_after += c.after.count.value_or(0);
            cost.never_used_per_day_after += c.reprice.per_device_after * c.after.count.value_or(0);
        }
    }
}

}  // namespace

void total_costs(PlanContext& context) {
    Plan& plan = context.plan;
    Cost& cost = plan.cost;
    std::map<std::int64_t, double> before;
    for (const auto& [account, entitlements] : context.live.entitlements) {
        double sum = 0.0;
        for (const auto& e : entitlements) {
            sum += context.live_rate(e);
        }
        before[account] = sum;
        cost.per_day_before += sum;
    }
    // A transfer takes its cost out of the source account and into the target one.
    std::map<std::int64_t, double> delta;
    for (const auto& c : plan.changes) {
        if (c.action == ActionKind::transfer && c.before.account_id) {
            delta[*c.before.account_id] -= c.points.before;
            delta[c.account_id] += c.points.after;
        } else {
            delta[c.account_id] += c.points.delta();
        }
        cost.per_day_after += c.points.delta();
    }
    for (const auto& [account, points] : context.departing_per_day) {
        delta[account] -= points;
        cost.per_day_after -= points;
    }
    cost.per_day_after += cost.per_day_before;
    std::set<std::int64_t> in_scope;
    for (const Customer* customer : selected_customers(context.desired, context.options)) {
        if (context.live.unreadable.count(customer->account_id)) {
            continue;
        }
        in_scope.insert(customer->account_id);
        const double b = before.count(customer->account_id) ? before[customer->account_id] : 0.0;
        const double d = delta.count(customer->account_id) ? delta[customer->account_id] : 0.0;
        cost.by_customer.push_back({customer->name, customer->account_id, b, b + d});
    }
    for (const auto& [account, sum] : before) {
        if (!in_scope.count(account)) {
            cost.other_accounts_per_day += sum;
        }
    }
    cost.totals_complete = context.live.complete;
    count_never_used(context);
    cost.prepaid_balance = context.live.prepaid_balance;
    cost.yearly_commitment = context.options.yearly_commitment;
    note_price_changes(context);
}

}  // namespace flexform::planning

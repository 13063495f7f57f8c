// VM configurations: reconciled by count. More wanted: reuse STOPPED entitlements first, then create; fewer: stop
// the surplus, PENDING (unused, free) ones first, then the newest.
#include <algorithm>

#include "engine/plan/plan_context.h"

namespace flexform::planning {

namespace {

// Newest first: the most recently started entitlements are the cheapest to give up or bring back.
bool newest_first(const LiveEntitlement* a, const LiveEntitlement* b) {
    return a->start_date != b->start_date ? a->start_date > b->start_date : a->serial > b->serial;
}

void create_vms(PlanContext& context, const ConfigScope& scope, int need, int have, int wanted) {
    const DesiredConfig& dc = scope.desired;
    Change c = PlanContext::base(scope.customer, dc.name, ActionKind::create_entitlements, ChangeKind::entitlement);
    if (scope.live) {
        c.config_id = scope.live->id;
    }
    c.product_id = dc.product_id;
    c.reason = Reason{ReasonCode::vm_count_raised, have, wanted, {}};
    c.after.count = need;
    c.after.description = dc.vms->description;
    c.after.folder_path = dc.vms->folder_path;
    c.after.skip_pending = dc.vms->skip_pending;
    c.after.end_date = dc.end_date;
    // Created PENDING, they are free until each token is used, as the PENDING ones FortiFlex holds (one rule; the
    // plan's cost.never_used gives their figure once used); created with skipPending, they are charged at once.
    c.points = {0.0, dc.vms->skip_pending ? scope.rate * need : 0.0};
    c.reprice.per_device_after = scope.rate;
    c.metered = scope.metered;
    context.add(std::move(c));
}

}  // namespace

void plan_vms(PlanContext& context, const ConfigScope& scope) {
    std::vector<const LiveEntitlement*> running;
    std::vector<const LiveEntitlement*> stopped;
    for (const LiveEntitlement* e : scope.on_config) {
        if (is_running(e->status)) {
            running.push_back(e);
        } else if (e->status == EntitlementStatus::stopped) {
            stopped.push_back(e);
        }
    }
    const DesiredConfig& dc = scope.desired;
    const int wanted = dc.vms ? dc.vms->count : 0;
    if (scope.customer.suspended) {
        for (const LiveEntitlement* e : running) {
            context.stop(scope.customer, dc.name, *e, Reason{ReasonCode::customer_suspended});
        }
        return;
    }
    const int have = static_cast<int>(running.size());
    if (wanted > have) {
        int need = wanted - have;
        std::sort(stopped.begin(), stopped.end(), newest_first);
        for (const LiveEntitlement* e : stopped) {
            if (need == 0) {
                break;
            }
            reactivate_vm(context, scope, *e, have, wanted);
            --need;
        }
        if (need > 0 && dc.vms) {
            create_vms(context, scope, need, have, wanted);
        }
    } else if (wanted < have) {
        std::vector<const LiveEntitlement*> order = running;
        std::sort(order.begin(), order.end(), [](const LiveEntitlement* a, const LiveEntitlement* b) {
            const bool a_pending = a->status == EntitlementStatus::pending;
            const bool b_pending = b->status == EntitlementStatus::pending;
            if (a_pending != b_pending) {
                return a_pending;  // PENDING ones cost nothing and run nothing: give them up first
            }
            return newest_first(a, b);
        });
        const auto surplus = static_cast<std::size_t>(have - wanted);
        for (std::size_t i = 0; i < surplus; ++i) {
            context.stop(scope.customer, dc.name, *order[i], Reason{ReasonCode::vm_count_lowered, have, wanted, {}});
        }
        running.assign(order.begin() + static_cast<long>(surplus), order.end());
    }
    for (const LiveEntitlement* e : running) {
        reconcile_details(context, scope, *e, dc.vms ? dc.vms->description : std::nullopt, dc.end_date);
    }
}

}  // namespace flexform::planning

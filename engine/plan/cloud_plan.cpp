// Cloud-service configurations: exactly one entitlement per account and product.
#include "engine/plan/plan_context.h"

namespace flexform::planning {

void plan_cloud(PlanContext& context, const ConfigScope& scope) {
    const DesiredConfig& dc = scope.desired;
    if (!dc.cloud) {
        for (const LiveEntitlement* e : scope.on_config) {
            if (is_running(e->status)) {
                context.stop(scope.customer, dc.name, *e, Reason{ReasonCode::cloud_not_declared});
            }
        }
        return;
    }
    if (!scope.on_config.empty()) {
        for (const LiveEntitlement* e : scope.on_config) {
            reconcile_status(context, scope, *e);
            reconcile_details(context, scope, *e, dc.cloud->description, dc.end_date);
        }
        return;
    }
    // One cloud entitlement per account and product: one under another config of this product moves here.
    for (const auto& e : scope.account_entitlements) {
        const LiveConfig* other = context.find_config(e.config_id);
        if (other && other->product_id == dc.product_id && e.status != EntitlementStatus::expired) {
            move_within_account(context, scope, e, dc.cloud->description);
            return;
        }
    }
    if (scope.customer.suspended) {
        return;
    }
    Change c = PlanContext::base(scope.customer, dc.name, ActionKind::create_entitlements, ChangeKind::entitlement);
    if (scope.live) {
        c.config_id = scope.live->id;
    }
    c.product_id = dc.product_id;
    c.reason = Reason{ReasonCode::cloud_not_entitled};
    c.after.count = 1;
    c.after.description = dc.cloud->description;
    c.after.folder_path = dc.cloud->folder_path;
    c.after.end_date = dc.end_date;
    c.points = {0.0, scope.rate};
    c.reprice.per_device_after = scope.rate;
    c.metered = scope.metered;
    context.add(std::move(c));
}

}  // namespace flexform::planning

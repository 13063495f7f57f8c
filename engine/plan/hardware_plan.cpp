// Hardware configurations: one entitlement per declared serial, created in one batch per configuration.
#include <set>

#include "engine/plan/plan_context.h"

namespace flexform::planning {

void plan_hardware(PlanContext& context, const ConfigScope& scope) {
    const Customer& customer = scope.customer;
    const DesiredConfig& dc = scope.desired;
    std::set<std::string> declared;
    std::vector<std::string> to_create;
    std::map<std::string, std::string> descriptions;
    for (const auto& hw : dc.serials) {
        declared.insert(hw.serial);
        const SerialOwner* owner = context.owner_of(hw.serial);
        if (!owner) {
            to_create.push_back(hw.serial);
            if (hw.description && !hw.description->empty()) {
                descriptions[hw.serial] = *hw.description;
            }
        } else if (owner->account_id != customer.account_id) {
            transfer_from_account(context, scope, *owner, hw);
        } else if (scope.live && context.config_of(*owner->entitlement) == scope.live->id) {
            reconcile_status(context, scope, *owner->entitlement);
            reconcile_details(context, scope, *owner->entitlement, hw.description);
        } else {
            move_within_account(context, scope, *owner->entitlement, hw.description);
        }
    }
    for (const LiveEntitlement* e : scope.on_config) {
        // A serial declared under another configuration, here or in another account, moves there instead.
        if (!declared.count(e->serial) && !context.declaring_config(e->serial) && is_running(e->status)) {
            context.stop(customer, dc.name, *e, Reason{ReasonCode::serial_not_declared});
        }
    }
    if (to_create.empty() || customer.suspended) {
        return;
    }
    Change c = PlanContext::base(customer, dc.name, ActionKind::create_entitlements, ChangeKind::entitlement);
    if (scope.live) {
        c.config_id = scope.live->id;
    }
    c.product_id = dc.product_id;
    c.reason = Reason{ReasonCode::serials_not_entitled};
    c.after.count = static_cast<int>(to_create.size());
    c.after.serials = to_create;
    if (!descriptions.empty()) {
        c.after.descriptions = descriptions;
    }
    c.after.end_date = dc.end_date;
    c.points = {0.0, scope.rate * static_cast<double>(to_create.size())};
    c.reprice.per_device_after = scope.rate;
    c.metered = scope.metered;
    context.add(std::move(c));
}

}  // namespace flexform::planning

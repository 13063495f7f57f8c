// Hardware configurations: one entitlement per declared serial, created in one batch per configuration (a serial
// with an end date of its own alone), and RMA swaps of a declared serial for the unit it replaces.
#include <set>

#include "engine/plan/plan_context.h"

namespace flexform::planning {

namespace {

// A swap replaces a unit of the customer's own account: one FortiFlex lists elsewhere, or not at all, is a mistake
// of the manifest (a typo, or another customer's unit), refused before any write rather than planned as a plain
// create that leaves the old unit billed. A decommissioned unit is gone from every list once removed: not found is
// then the swap done.
bool replaced_unit_found(PlanContext& context, const ConfigScope& scope, const DesiredHardware& hw) {
    if (!hw.replaces) {
        return true;
    }
    const SerialOwner* old = context.owner_of(*hw.replaces);
    const Customer& customer = scope.customer;
    const std::string account = "account " + std::to_string(customer.account_id) + " of customer " + customer.name;
    std::string why;
    if (old && old->account_id != customer.account_id) {
        why = "which is entitled in account " + std::to_string(old->account_id) + ", not in " + account +
              ": a swap replaces a unit of the customer's own account";
    } else if (!old && !hw.decommission) {
        why = "which FortiFlex does not list in " + account + ": is the serial right?";
    } else {
        return true;
    }
    context.diagnose(Severity::error, DiagnosticCode::replaced_unit_not_found, scope.address(hw.serial),
                     hw.serial + " replaces " + *hw.replaces + ", " + why, position_of(customer, hw));
    return false;
}

// A unit flexform removed from FortiFlex (a swap's decommission) is in no list, and FortiFlex refuses to entitle it
// again: planned as a create, it would fail at every apply and spend the create-error allowance each time. An error
// at the serial's line instead, before any write, leaving the customer out.
bool decommissioned(PlanContext& context, const ConfigScope& scope, const DesiredHardware& hw) {
    const auto removed = context.options.decommissioned.find(hw.serial);
    if (removed == context.options.decommissioned.end() || context.owner_of(hw.serial)) {
        return false;
    }
    context.diagnose(Severity::error, DiagnosticCode::serial_decommissioned, scope.address(hw.serial),
                     "serial " + hw.serial + " was decommissioned: flexform removed it from FortiFlex at " +
                         removed->second +
                         ", and FortiFlex never entitles a removed unit again; take it out of the manifest",
                     position_of(scope.customer, hw));
    return true;
}

// The unit `hw` replaces when the swap still has work: it runs in this customer's account, or decommission is
// asked and FortiFlex still lists it. Null otherwise (already swapped).
const LiveEntitlement* replaced_unit(const PlanContext& context, const ConfigScope& scope,
                                     const DesiredHardware& hw) {
    if (!hw.replaces || scope.customer.suspended) {
        return nullptr;
    }
    const SerialOwner* old = context.owner_of(*hw.replaces);
    if (!old || old->account_id != scope.customer.account_id) {
        return nullptr;
    }
    return is_running(old->entitlement->status) || hw.decommission ? old->entitlement : nullptr;
}

// One change for the pair: entitle the new serial (unless it already is), stop the old one, and remove it when
// decommissioned. Its points are the old unit's against the new one's: 0 for a like-for-like replacement.
void plan_swap(PlanContext& context, const ConfigScope& scope, const DesiredHardware& hw, const LiveEntitlement& old,
               bool entitle) {
    const Customer& customer = scope.customer;
    const DesiredConfig& dc = scope.desired;
    const bool stop = is_running(old.status);
    if (stop && customer.protect) {
        context.diagnose(Severity::error, DiagnosticCode::protected_customer, scope.address(hw.serial),
                         "customer " + customer.name + " is protected: refusing to stop " + old.serial + ", which " +
                             hw.serial + " replaces",
                         position_of(customer, hw));
        return;
    }
    Change c = PlanContext::base(customer, dc.name, ActionKind::swap, ChangeKind::entitlement);
    c.address = scope.address(hw.serial);
    c.serial = hw.serial;
    if (scope.live) {
        c.config_id = scope.live->id;
    }
    c.product_id = dc.product_id;
    c.reason = Reason{ReasonCode::serial_replaced};
    c.swap = Swap{old.serial, entitle, stop, hw.decommission};
    c.before.serials = std::vector<std::string>{old.serial};
    c.before.status = old.status;
    c.after.serials = std::vector<std::string>{hw.serial};
    if (entitle) {
        c.after.end_date = end_date_of(dc, hw);
        if (hw.description && !hw.description->empty()) {
            c.after.description = *hw.description;
        }
    }
    c.points = {context.live_rate(old), entitle ? scope.rate : 0.0};
    c.metered = scope.metered;
    context.add(std::move(c));
}

Change create_change(const ConfigScope& scope, const std::vector<std::string>& serials,
                     const std::map<std::string, std::string>& descriptions, const std::optional<Date>& end_date) {
    Change c = PlanContext::base(scope.customer, scope.desired.name, ActionKind::create_entitlements,
                                 ChangeKind::entitlement);
    if (scope.live) {
        c.config_id = scope.live->id;
    }
    c.product_id = scope.desired.product_id;
    c.reason = Reason{ReasonCode::serials_not_entitled};
    c.after.count = static_cast<int>(serials.size());
    c.after.serials = serials;
    if (!descriptions.empty()) {
        c.after.descriptions = descriptions;
    }
    c.after.end_date = end_date;
    c.points = {0.0, scope.rate * static_cast<double>(serials.size())};
    c.reprice.per_device_after = scope.rate;
    c.metered = scope.metered;
    return c;
}

}  // namespace

void plan_hardware(PlanContext& context, const ConfigScope& scope) {
    const Customer& customer = scope.customer;
    const DesiredConfig& dc = scope.desired;
    std::set<std::string> declared;
    std::vector<std::string> to_create;
    std::map<std::string, std::string> descriptions;
    std::vector<const DesiredHardware*> dated;  // to create with an end date of their own
    for (const auto& hw : dc.serials) {
        declared.insert(hw.serial);
        if (!replaced_unit_found(context, scope, hw) || decommissioned(context, scope, hw)) {
            continue;  // the customer is left out
        }
        const SerialOwner* owner = context.owner_of(hw.serial);
        if (!owner && move_serial_from_other_program(context, scope, hw)) {
            continue;  // entitled in another program of the project: moved here, never created twice
        }
        const LiveEntitlement* old = replaced_unit(context, scope, hw);
        if (old && !owner) {
            plan_swap(context, scope, hw, *old, true);  // the swap entitles it
            continue;
        }
        if (!owner) {
            if (end_date_of(dc, hw) != dc.end_date) {
                dated.push_back(&hw);
                continue;
            }
            to_create.push_back(hw.serial);
            if (hw.description && !hw.description->empty()) {
                descriptions[hw.serial] = *hw.description;
            }
        } else if (owner->account_id != customer.account_id) {
            transfer_from_account(context, scope, *owner, hw);
        } else if (scope.live && context.config_of(*owner->entitlement) == scope.live->id) {
            reconcile_status(context, scope, *owner->entitlement);
            reconcile_details(context, scope, *owner->entitlement, hw.description, end_date_of(dc, hw));
        } else {
            move_within_account(context, scope, *owner->entitlement, hw.description);
        }
        if (old) {
            // After the move or reactivation of the new unit planned above: the old one stops once that is done.
            plan_swap(context, scope, hw, *old, false);
        }
    }
    for (const LiveEntitlement* e : scope.on_config) {
        // A serial declared under another configuration, here or in another account, moves there instead; a unit
        // this customer's declarations replace is stopped by its swap, or as every unit of a suspended customer.
        const Customer* replacing = nullptr;
        const bool replaced = context.replacement_of(e->serial, &replacing) && replacing == &customer;
        if (!declared.count(e->serial) && !context.declaring_config(e->serial) && !(replaced && !customer.suspended) &&
            is_running(e->status)) {
            context.stop(customer, dc.name, *e,
                         Reason{replaced ? ReasonCode::customer_suspended : ReasonCode::serial_not_declared});
        }
    }
    if (customer.suspended) {
        return;
    }
    if (!to_create.empty()) {
        context.add(create_change(scope, to_create, descriptions, dc.end_date));
    }
    for (const DesiredHardware* hw : dated) {
        std::map<std::string, std::string> description;
        if (hw->description && !hw->description->empty()) {
            description[hw->serial] = *hw->description;
        }
        Change c = create_change(scope, {hw->serial}, description, hw->end_date);
        c.address = scope.address(hw->serial);
        context.add(std::move(c));
    }
}

}  // namespace flexform::planning

// Entitlement-level decisions shared by the form factors: status (stop, reactivate), details (description, end
// date), a move to another configuration of the account, and a transfer from another account.
#include "engine/plan/plan_context.h"

namespace flexform::planning {

namespace {

// A change of one live entitlement, declared under `scope`'s configuration.
Change entitlement_change(const ConfigScope& scope, ActionKind action, const LiveEntitlement& e, std::string address) {
    Change c = PlanContext::base(scope.customer, scope.desired.name, action, ChangeKind::entitlement);
    c.address = std::move(address);
    c.serial = e.serial;
    c.config_id = e.config_id;
    c.product_id = scope.desired.product_id;
    return c;
}

// A STOPPED VM whose token was never used was PENDING (free) before it was stopped: reactivated, it is charged.
int billable_after_reactivation(const LiveEntitlement& e) {
    return e.token_status == TokenStatus::not_used ? 1 : 0;
}

void add_reactivation(PlanContext& context, const ConfigScope& scope, const LiveEntitlement& e, Reason reason) {
    Change c = entitlement_change(scope, ActionKind::reactivate, e, scope.address(e.serial));
    c.reason = std::move(reason);
    c.before.status = EntitlementStatus::stopped;
    c.after.status = EntitlementStatus::active;
    c.points = {0.0, scope.rate};
    c.becomes_billable = billable_after_reactivation(e);
    context.add(std::move(c));
}

// A stop of an entitlement another change of this plan moves first: it is charged at the declared rate by then.
void stop_after_move(PlanContext& context, const ConfigScope& scope, const LiveEntitlement& e) {
    const std::size_t before = context.plan.changes.size();
    context.stop(scope.customer, scope.desired.name, e, Reason{ReasonCode::customer_suspended});
    if (context.plan.changes.size() > before) {
        Change& stop = context.plan.changes.back();
        stop.points.before = e.status == EntitlementStatus::active ? scope.rate : 0.0;
        stop.product_id = scope.desired.product_id;
    }
}

// The reactivation of `serial` this customer's plan already holds, if any.
Change* planned_reactivation(PlanContext& context, const Customer& customer, const std::string& serial) {
    for (auto it = context.plan.changes.rbegin(); it != context.plan.changes.rend() && it->customer == customer.name;
         ++it) {
        if (it->action == ActionKind::reactivate && it->serial == serial) {
            return &*it;
        }
    }
    return nullptr;
}

}  // namespace

void reactivate_vm(PlanContext& context, const ConfigScope& scope, const LiveEntitlement& e, int have, int wanted) {
    add_reactivation(context, scope, e, Reason{ReasonCode::vm_count_raised, have, wanted, {}});
}

void reconcile_status(PlanContext& context, const ConfigScope& scope, const LiveEntitlement& e) {
    const std::string address = scope.address(e.serial);
    if (e.status == EntitlementStatus::expired) {
        context.diagnose(Severity::error, DiagnosticCode::entitlement_expired, address,
                         "entitlement " + e.serial + " is EXPIRED and cannot be revived; remove it from the manifest",
                         scope.desired.pos);
        return;
    }
    if (scope.customer.suspended) {
        if (is_running(e.status)) {
            context.stop(scope.customer, scope.desired.name, e, Reason{ReasonCode::customer_suspended});
        }
        return;
    }
    if (e.status == EntitlementStatus::stopped) {
        add_reactivation(context, scope, e, Reason{ReasonCode::stopped_but_declared});
    } else if (e.status == EntitlementStatus::other) {
        context.diagnose(Severity::warning, DiagnosticCode::unknown_status, address,
                         "entitlement " + e.serial + " has status " + e.status_text + ", left alone");
    }
}

void reconcile_details(PlanContext& context, const ConfigScope& scope, const LiveEntitlement& e,
                       const std::optional<std::string>& description, const std::optional<Date>& end_date) {
    if (e.status == EntitlementStatus::expired) {
        return;
    }
    const bool description_differs = description && *description != e.description;
    const bool end_differs = end_date && (!e.end_date || *e.end_date != *end_date);
    if (!description_differs && !end_differs) {
        return;
    }
    const std::string address = scope.address(e.serial);
    const bool end_changes = end_differs && e.status != EntitlementStatus::stopped;
    if (end_differs && !end_changes) {
        // FortiFlex changes the end date of a running entitlement only: it is set right after a reactivation, in
        // the same change; a suspended customer's stopped unit keeps it until then, and that is no difference.
        if (Change* reactivation = planned_reactivation(context, scope.customer, e.serial)) {
            reactivation->before.end_date = e.end_date;
            reactivation->after.end_date = end_date;
            reactivation->before.description = e.description;
            reactivation->after.description = description.value_or(e.description);
            reactivation->target_config_id = scope.live ? scope.live->id : e.config_id;
            return;
        }
        if (!scope.customer.suspended) {
            context.diagnose(Severity::warning, DiagnosticCode::stopped_end_date, address,
                             "the end date of a STOPPED entitlement cannot change; reactivate it first");
        }
        if (!description_differs) {
            return;
        }
    }
    if (Change* move = context.duplicate_move(e.serial)) {
        // One update both moves it out of the duplicate and sets its details.
        move->after.description = description.value_or(e.description);
        if (end_changes) {
            move->after.end_date = end_date;
        }
        return;
    }
    Change c = entitlement_change(scope, ActionKind::update_entitlement, e, address);
    c.target_config_id = e.config_id;
    c.reason = Reason{ReasonCode::details_differ};
    c.before.config = scope.desired.name;
    c.before.description = e.description;
    c.before.end_date = e.end_date;
    c.after.config = scope.desired.name;
    c.after.description = description.value_or(e.description);
    if (end_changes) {
        c.after.end_date = end_date;
    }
    const double r = e.status == EntitlementStatus::active ? scope.rate : 0.0;
    c.points = {r, r};
    context.add(std::move(c));
}

void move_within_account(PlanContext& context, const ConfigScope& scope, const LiveEntitlement& e,
                         const std::optional<std::string>& description) {
    const std::string address = scope.address(e.serial);
    const LiveConfig* from = context.find_config(e.config_id);
    if (!from || from->product_id != scope.desired.product_id) {
        context.diagnose(Severity::error, DiagnosticCode::serial_other_product, address,
                         "serial " + e.serial + " is entitled under configuration " + std::to_string(e.config_id) +
                             " of another product type; it cannot move to \"" + scope.desired.name + "\"",
                         scope.desired.pos);
        return;
    }
    if (e.status == EntitlementStatus::expired) {
        context.diagnose(Severity::error, DiagnosticCode::entitlement_expired, address,
                         "entitlement " + e.serial + " is EXPIRED and cannot be revived", scope.desired.pos);
        return;
    }
    Change c = entitlement_change(scope, ActionKind::update_entitlement, e, address);
    if (scope.live) {
        c.target_config_id = scope.live->id;
    }
    c.reason = Reason{ReasonCode::declared_under_other_config, 0, 0, from->name};
    c.before.config = from->name;
    c.before.description = e.description;
    c.before.end_date = e.end_date;
    c.after.config = scope.desired.name;
    c.after.description = description.value_or(e.description);
    c.points = {context.live_rate(e), e.status == EntitlementStatus::active ? scope.rate : 0.0};
    context.add(std::move(c));
    if (e.status == EntitlementStatus::stopped && !scope.customer.suspended) {
        reconcile_status(context, scope, e);
    } else if (is_running(e.status) && scope.customer.suspended) {
        stop_after_move(context, scope, e);
    }
}

void transfer_from_account(PlanContext& context, const ConfigScope& scope, const SerialOwner& owner,
                           const DesiredHardware& declared) {
    const LiveEntitlement& e = *owner.entitlement;
    const std::string address = scope.address(e.serial);
    const std::string account = std::to_string(owner.account_id);
    const Customer* source = context.customer_of_account(owner.account_id);
    if (!source && !declared.adopt && !scope.desired.adopt) {
        context.diagnose(Severity::error, DiagnosticCode::serial_in_other_account, address,
                         "serial " + e.serial + " is entitled in account " + account +
                             ", which no manifest declares; add `adopt: true` to the serial or its configuration to "
                             "transfer it to " +
                             scope.customer.name,
                         position_of(scope.customer, declared));
        return;
    }
    if (source && source->protect) {
        context.diagnose(Severity::error, DiagnosticCode::protected_customer, address,
                         "customer " + source->name + " is protected: refusing to transfer " + e.serial +
                             " out of account " + account + " to " + scope.customer.name,
                         position_of(scope.customer, declared));
        return;
    }
    const LiveConfig* from = context.find_config(e.config_id);
    if (!from || from->product_id != scope.desired.product_id) {
        context.diagnose(Severity::error, DiagnosticCode::serial_other_product, address,
                         "serial " + e.serial + " is entitled in account " + account + " under configuration " +
                             std::to_string(e.config_id) + " of another product type; it cannot move to \"" +
                             scope.desired.name + "\"",
                         position_of(scope.customer, declared));
        return;
    }
    if (e.status == EntitlementStatus::expired) {
        context.diagnose(Severity::error, DiagnosticCode::entitlement_expired, address,
                         "entitlement " + e.serial + " (account " + account + ") is EXPIRED and cannot be revived",
                         position_of(scope.customer, declared));
        return;
    }
    Change c = entitlement_change(scope, ActionKind::transfer, e, address);
    if (scope.live) {
        c.target_config_id = scope.live->id;
    }
    c.reason = Reason{ReasonCode::declared_in_other_account, 0, 0,
                      (source ? source->name : "account-" + account) + "/" + from->name};
    c.before.account_id = owner.account_id;
    c.before.config = from->name;
    c.after.account_id = scope.customer.account_id;
    c.after.config = scope.desired.name;
    c.points = {context.live_rate(e), e.status == EntitlementStatus::active ? scope.rate : 0.0};
    context.add(std::move(c));
    if (e.status == EntitlementStatus::stopped && !scope.customer.suspended) {
        add_reactivation(context, scope, e, Reason{ReasonCode::stopped_but_declared});
    } else if (is_running(e.status) && scope.customer.suspended) {
        stop_after_move(context, scope, e);
    }
}

}  // namespace flexform::planning

// The configuration object itself: create it, enable it, or update its name and parameters (which re-prices
// every entitlement on it).
#include "engine/plan/plan_context.h"

namespace flexform::planning {

namespace {

void check_scale_up_only(PlanContext& context, const ConfigScope& scope, const ProductType& product) {
    for (const auto& p : product.parameters) {
        if (!p.scale_up_only || p.type != ParameterType::numeric) {
            continue;
        }
        const std::string* live_value = scope.live->parameters.scalar(p.id);
        const std::string* want = scope.desired.parameters.scalar(p.id);
        if (live_value && want && parse_integer(*want).value_or(0) < parse_integer(*live_value).value_or(0)) {
            context.diagnose(
                Severity::error, DiagnosticCode::scale_up_only, scope.address(),
                p.key + " can only grow: FortiFlex has " + *live_value + ", the manifest declares " + *want,
                scope.desired.pos);
        }
    }
}

void plan_create(PlanContext& context, const ConfigScope& scope) {
    Change c = PlanContext::base(scope.customer, scope.desired.name, ActionKind::create_config, ChangeKind::config);
    c.product_id = scope.desired.product_id;
    c.reason = Reason{ReasonCode::config_absent};
    c.after.name = scope.desired.name;
    c.after.parameters = scope.desired.parameters;
    c.reprice.per_device_after = scope.rate;
    c.metered = scope.metered;
    context.add(std::move(c));
}

void plan_update(PlanContext& context, const ConfigScope& scope) {
    const LiveConfig& lc = *scope.live;
    const DesiredConfig& dc = scope.desired;
    int active = 0;
    int running = 0;
    for (const LiveEntitlement* e : scope.on_config) {
        running += is_running(e->status) ? 1 : 0;
        active += e->status == EntitlementStatus::active ? 1 : 0;
    }
    if (!lc.active) {
        Change c = PlanContext::base(scope.customer, dc.name, ActionKind::enable_config, ChangeKind::config);
        c.config_id = lc.id;
        c.product_id = lc.product_id;
        c.reason = Reason{ReasonCode::config_disabled};
        c.before.config_status = ConfigStatus::disabled;
        c.after.config_status = ConfigStatus::active;
        c.points = {0.0, scope.rate * active};
        context.add(std::move(c));
    }
    const bool params_differ = !(lc.parameters == dc.parameters);
    if (!params_differ && lc.name == dc.name) {
        return;
    }
    if (const ProductType* product = context.catalog.find_by_id(dc.product_id)) {
        check_scale_up_only(context, scope, *product);
    }
    Change c = PlanContext::base(scope.customer, dc.name, ActionKind::update_config, ChangeKind::config);
    c.config_id = lc.id;
    c.product_id = dc.product_id;
    c.reason = Reason{ReasonCode::config_differs};
    c.before.name = lc.name;
    c.before.parameters = lc.parameters;
    c.after.name = dc.name;
    c.after.parameters = dc.parameters;
    const double old_rate = context.rate(lc.product_id, lc.parameters);
    c.reprice.entitlements = params_differ ? running : 0;
    c.reprice.per_device_before = old_rate;
    c.reprice.per_device_after = scope.rate;
    c.metered = scope.metered;
    // A disabled config charges nothing until the enable above, which carries the new rate.
    c.points = lc.active ? PointsPerDay{old_rate * active, scope.rate * active} : PointsPerDay{};
    context.add(std::move(c));
}

// `enabled: false`: the configuration stays (or becomes) DISABLED. Its parameters are not reconciled: a disabled
// configuration bills nothing, and re-enabling it is a decision made in git.
void plan_disabled(PlanContext& context, const ConfigScope& scope) {
    if (!scope.live) {
        context.diagnose(Severity::warning, DiagnosticCode::config_id_unknown, scope.address(),
                         "declared disabled (enabled: false) and not in FortiFlex: nothing to create",
                         scope.desired.pos);
        return;
    }
    if (!scope.live->active) {
        return;
    }
    if (scope.customer.protect) {
        context.diagnose(Severity::error, DiagnosticCode::protected_customer, scope.address(),
                         "customer " + scope.customer.name + " is protected: refusing to disable \"" +
                             scope.live->name + "\" (enabled: false)",
                         scope.desired.pos);
        return;
    }
    Change c = PlanContext::base(scope.customer, scope.desired.name, ActionKind::disable_config, ChangeKind::config);
    c.config_id = scope.live->id;
    c.product_id = scope.live->product_id;
    c.reason = Reason{ReasonCode::config_declared_disabled};
    c.before.config_status = ConfigStatus::active;
    c.after.config_status = ConfigStatus::disabled;
    context.add(std::move(c));
}

}  // namespace

void plan_config_object(PlanContext& context, const ConfigScope& scope) {
    if (!scope.desired.enabled) {
        plan_disabled(context, scope);
    } else if (!scope.live) {
        plan_create(context, scope);
    } else {
        plan_update(context, scope);
    }
}

}  // namespace flexform::planning

// A configuration moved from one program of the project to another (docs/program-moves.md). Each program has its
// own plan: the target's creates the configuration, moves the hardware and cloud entitlements into it
// (entitlements/update with the new configId: a device serial cannot be entitled twice) and creates the VMs anew (a
// VM serial belongs to its program); the source's stops the VMs and disables the configuration once nothing runs
// on it, so the disable never depends on the order in which the two plans are applied.
#include <algorithm>
#include <set>

#include "engine/model/words.h"
#include "engine/plan/plan_context.h"
#include "engine/plan/program_moves.h"

namespace flexform::planning {

namespace {

// The source configuration's entitlements, from the other program's live state.
std::vector<const LiveEntitlement*> entitlements_on(const MoveSource& source) {
    std::vector<const LiveEntitlement*> out;
    const auto it = source.program->entitlements.find(source.config->account_id);
    if (it == source.program->entitlements.end()) {
        return out;
    }
    for (const auto& e : it->second) {
        if (e.config_id == source.config->id) {
            out.push_back(&e);
        }
    }
    return out;
}

std::string from_where(const MoveSource& source) {
    return source.program->program + "/" + source.config->name;
}

// update_entitlement of `e` from the source configuration into the one this plan creates (the applier resolves
// the target by the created config's address). Points: nothing in this program before, the declared rate after.
void move_in(PlanContext& context, const ConfigScope& scope, const MoveSource& source, const LiveEntitlement& e,
             const std::optional<std::string>& description) {
    if (e.status == EntitlementStatus::expired) {
        context.diagnose(
            Severity::error, DiagnosticCode::entitlement_expired, scope.address(e.serial),
            "entitlement " + e.serial + " (program " + source.program->program + ") is EXPIRED and cannot be moved",
            scope.desired.pos);
        return;
    }
    Change c =
        PlanContext::base(scope.customer, scope.desired.name, ActionKind::update_entitlement, ChangeKind::entitlement);
    c.address = scope.address(e.serial);
    c.serial = e.serial;
    c.config_id = source.config->id;
    if (scope.live) {
        c.target_config_id = scope.live->id;  // the configuration exists here already; else the one this plan creates
    }
    c.product_id = scope.desired.product_id;
    c.reason = Reason{ReasonCode::moved_from_program, 0, 0, from_where(source)};
    c.before.config = source.config->name;
    c.before.description = e.description;
    c.before.end_date = e.end_date;
    c.after.config = scope.desired.name;
    c.after.description = description.value_or(e.description);
    c.points = {0.0, e.status == EntitlementStatus::active ? scope.rate : 0.0};
    c.metered = scope.metered;
    context.add(std::move(c));
    if (e.status == EntitlementStatus::stopped && !scope.customer.suspended) {
        Change r =
            PlanContext::base(scope.customer, scope.desired.name, ActionKind::reactivate, ChangeKind::entitlement);
        r.address = scope.address(e.serial);
        r.serial = e.serial;
        r.config_id = source.config->id;
        r.product_id = scope.desired.product_id;
        r.reason = Reason{ReasonCode::stopped_but_declared};
        r.before.status = EntitlementStatus::stopped;
        r.after.status = EntitlementStatus::active;
        r.points = {0.0, scope.rate};
        context.add(std::move(r));
    } else if (is_running(e.status) && scope.customer.suspended) {
        // Moved, then stopped here: it runs under this program's configuration by then.
        const std::size_t before = context.plan.changes.size();
        context.stop(scope.customer, scope.desired.name, e, Reason{ReasonCode::customer_suspended});
        if (context.plan.changes.size() > before) {
            context.plan.changes[before].points.before = e.status == EntitlementStatus::active ? scope.rate : 0.0;
            context.plan.changes[before].product_id = scope.desired.product_id;
        }
    }
}

// A running entitlement of the source configuration the manifest no longer declares: stopped rather than moved.
// It counts nothing here (this program never billed it); the source program's plan counts it as leaving.
void stop_left_behind(PlanContext& context, const ConfigScope& scope, const LiveEntitlement& e, ReasonCode why) {
    const std::size_t before = context.plan.changes.size();
    context.stop(scope.customer, scope.desired.name, e, Reason{why});
    if (context.plan.changes.size() > before) {
        context.plan.changes[before].product_id = scope.desired.product_id;
    }
}

void move_hardware_in(PlanContext& context, const ConfigScope& scope, const MoveSource& source) {
    const std::vector<const LiveEntitlement*> there = entitlements_on(source);
    DesiredConfig rest = scope.desired;  // the serials not on the source configuration, planned as usual
    rest.serials.clear();
    for (const auto& hw : scope.desired.serials) {
        const auto found =
            std::find_if(there.begin(), there.end(), [&](const LiveEntitlement* e) { return e->serial == hw.serial; });
        if (found == there.end()) {
            rest.serials.push_back(hw);
        } else {
            move_in(context, scope, source, **found, hw.description);
        }
    }
    for (const LiveEntitlement* e : there) {
        const bool declared = std::any_of(scope.desired.serials.begin(), scope.desired.serials.end(),
                                          [&](const DesiredHardware& hw) { return hw.serial == e->serial; });
        if (!declared && is_running(e->status)) {
            stop_left_behind(context, scope, *e, ReasonCode::serial_not_declared);
        }
    }
    ConfigScope rest_scope{scope.customer, rest, scope.live, scope.on_config, scope.account_entitlements};
    rest_scope.rate = scope.rate;
    rest_scope.metered = scope.metered;
    plan_hardware(context, rest_scope);
}

void move_cloud_in(PlanContext& context, const ConfigScope& scope, const MoveSource& source) {
    const std::vector<const LiveEntitlement*> there = entitlements_on(source);
    const auto usable = std::find_if(there.begin(), there.end(),
                                     [](const LiveEntitlement* e) { return e->status != EntitlementStatus::expired; });
    if (!scope.desired.cloud || usable == there.end()) {
        for (const LiveEntitlement* e : there) {
            if (is_running(e->status)) {
                stop_left_behind(context, scope, *e, ReasonCode::cloud_not_declared);
            }
        }
        plan_cloud(context, scope);
        return;
    }
    move_in(context, scope, source, **usable, scope.desired.cloud->description);
}

}  // namespace

std::optional<MoveSource> move_source(const PlanContext& context, const Customer& customer,
                                      const DesiredConfig& declared) {
    for (const LiveState* other : context.options.other_programs) {
        const auto& elsewhere = context.options.declared_elsewhere;
        if (std::any_of(elsewhere.begin(), elsewhere.end(), [&](const DeclaredElsewhere& d) {
                return d.account_id == customer.account_id && d.config_name == declared.name &&
                       d.program_serial == other->program;
            })) {
            continue;  // the other program still bills a configuration of that name: it stays there
        }
        for (const auto& config : other->configs) {
            if (config.account_id == customer.account_id && config.name == declared.name &&
                config.product_id == declared.product_id) {
                return MoveSource{other, &config};
            }
        }
    }
    return std::nullopt;
}

bool move_serial_from_other_program(PlanContext& context, const ConfigScope& scope, const DesiredHardware& declared) {
    const std::int64_t account = scope.customer.account_id;
    for (const LiveState* other : context.options.other_programs) {
        const auto held = other->entitlements.find(account);
        if (held == other->entitlements.end()) {
            continue;
        }
        for (const auto& e : held->second) {
            if (e.serial != declared.serial) {
                continue;
            }
            const auto config = std::find_if(other->configs.begin(), other->configs.end(),
                                             [&](const LiveConfig& c) { return c.id == e.config_id; });
            if (config == other->configs.end()) {
                return false;  // a configuration the read did not return: planned as usual
            }
            const auto& elsewhere = context.options.declared_elsewhere;
            if (std::any_of(elsewhere.begin(), elsewhere.end(), [&](const DeclaredElsewhere& d) {
                    return d.account_id == account && d.config_name == config->name &&
                           d.program_serial == other->program;
                })) {
                return false;  // its configuration stays in that program, which still declares it: no move
            }
            if (config->product_id != scope.desired.product_id) {
                context.diagnose(Severity::error, DiagnosticCode::serial_other_product, scope.address(e.serial),
                                 "serial " + e.serial + " is entitled under configuration \"" + config->name +
                                     "\" of program " + other->program + ", of another product type; it cannot move "
                                     "to \"" + scope.desired.name + "\"",
                                 scope.desired.pos);
                return true;
            }
            move_in(context, scope, MoveSource{other, &*config}, e, declared.description);
            return true;
        }
    }
    return false;
}

void plan_move_in(PlanContext& context, const ConfigScope& scope, const MoveSource& source,
                  const ProductType& product) {
    for (auto it = context.plan.changes.rbegin(); it != context.plan.changes.rend(); ++it) {
        if (it->action == ActionKind::create_config && it->address == scope.address()) {
            it->reason = Reason{ReasonCode::moved_from_program, 0, 0, from_where(source)};
            break;
        }
    }
    switch (product.form_factor) {
        case FormFactor::hardware:
            move_hardware_in(context, scope, source);
            break;
        case FormFactor::cloud:
            move_cloud_in(context, scope, source);
            break;
        case FormFactor::vm:
            plan_vms(context, scope);  // new serials of this program; the source's plan stops the old ones
            break;
    }
}

void plan_moves_out(PlanContext& context, const Customer& customer,
                    const std::vector<const LiveConfig*>& account_configs, std::set<std::int64_t>& claimed) {
    for (const DeclaredElsewhere& moved : context.options.declared_elsewhere) {
        if (moved.account_id != customer.account_id) {
            continue;
        }
        for (const LiveConfig* config : account_configs) {
            if (config->name != moved.config_name || claimed.count(config->id)) {
                continue;
            }
            claimed.insert(config->id);
            const std::string address = customer.name + "/" + config->name;
            const Reason why{ReasonCode::moved_to_program, 0, 0, moved.program_name};
            const ProductType* product = context.catalog.find_by_id(config->product_id);
            const bool vms = product && product->form_factor == FormFactor::vm;
            int leaving = 0;
            double leaving_per_day = 0.0;
            bool refused_stops = false;
            for (const auto& e : context.entitlements_of(customer.account_id)) {
                if (e.config_id != config->id || !is_running(e.status)) {
                    continue;
                }
                if (vms) {
                    context.stop(customer, config->name, e, why);  // a protected customer's: refused, an error
                    refused_stops = refused_stops || customer.protect;
                } else {
                    ++leaving;
                    leaving_per_day += context.live_rate(e);
                }
            }
            if (leaving > 0) {
                context.departing_per_day[customer.account_id] += leaving_per_day;
                context.diagnose(Severity::warning, DiagnosticCode::moving_to_program, address,
                                 "configuration \"" + config->name + "\" moves to program " + moved.program_name +
                                     ": " + count_of(leaving, "entitlement moves", "entitlements move") +
                                     " with that program's plan (counted out of this one); it is disabled "
                                     "here once empty");
                continue;
            }
            // A protected customer's configuration is disabled too, once nothing runs on it: the disable stops
            // nothing (what `protect` guards) and charges nothing, and the move git declared needs it to end.
            if (!config->active || refused_stops) {
                continue;
            }
            Change c = PlanContext::base(customer, config->name, ActionKind::disable_config, ChangeKind::config);
            c.config_id = config->id;
            c.product_id = config->product_id;
            c.reason = why;
            c.before.config_status = ConfigStatus::active;
            c.after.config_status = ConfigStatus::disabled;
            context.add(std::move(c));
        }
    }
}

}  // namespace flexform::planning

namespace flexform {

void keep_customers_moving_out(DesiredState& cut, const DesiredState& full, const LiveState& live,
                               const std::vector<DeclaredElsewhere>& elsewhere) {
    std::set<std::pair<std::int64_t, std::string>> billed_elsewhere;
    for (const DeclaredElsewhere& d : elsewhere) {
        billed_elsewhere.emplace(d.account_id, d.config_name);
    }
    std::set<std::int64_t> accounts;  // holding a live configuration here that moves out
    for (const LiveConfig& config : live.configs) {
        if (billed_elsewhere.count({config.account_id, config.name})) {
            accounts.insert(config.account_id);
        }
    }
    std::set<std::string> present;
    for (const Customer& customer : cut.customers) {
        present.insert(customer.name);
    }
    for (const Customer& customer : full.customers) {
        if (accounts.count(customer.account_id) && !present.count(customer.name)) {
            Customer kept = customer;
            kept.configs.clear();
            cut.customers.push_back(std::move(kept));
        }
    }
}

}  // namespace flexform

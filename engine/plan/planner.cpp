// The planner's outline: select customers, match each declared configuration to a live one, plan it by form
// factor, handle what no manifest declares, then total the cost.
#include "engine/plan/planner.h"

#include <algorithm>
#include <set>

#include "engine/model/words.h"
#include "engine/plan/plan_context.h"
#include "engine/plan/policies.h"

namespace flexform {

namespace planning {

namespace {

std::string join_ids(const std::vector<const LiveConfig*>& configs) {
    std::string out;
    for (const LiveConfig* c : configs) {
        out += (out.empty() ? "" : ", ") + std::to_string(c->id);
    }
    return out;
}

// How many entitlements (any status) each configuration of the account holds.
std::size_t entitlement_count(const std::vector<LiveEntitlement>& entitlements, std::int64_t config) {
    return static_cast<std::size_t>(std::count_if(entitlements.begin(), entitlements.end(),
                                                  [config](const LiveEntitlement& e) { return e.config_id == config; }));
}

// Of identical duplicates, the one kept: the one with more entitlements (fewer moves), then the older id.
const LiveConfig* choose_kept(const std::vector<const LiveConfig*>& same_name,
                              const std::vector<LiveEntitlement>& entitlements) {
    const LiveConfig* kept = same_name.front();
    std::size_t kept_count = entitlement_count(entitlements, kept->id);
    for (const LiveConfig* c : same_name) {
        const std::size_t count = entitlement_count(entitlements, c->id);
        if (count > kept_count || (count == kept_count && c->id < kept->id)) {
            kept = c;
            kept_count = count;
        }
    }
    return kept;
}

bool identical(const std::vector<const LiveConfig*>& configs) {
    return std::all_of(configs.begin(), configs.end(), [&](const LiveConfig* c) {
        return c->product_id == configs.front()->product_id && c->parameters == configs.front()->parameters;
    });
}

// The live configuration a declared one stands for: pinned by `id:`, else found by name in the account. Identical
// configurations of that name are duplicates the plan merges into one (`duplicates`); differing ones cannot be told
// apart. Returns false when the declaration cannot be reconciled (diagnosed); `match` stays null for a config to
// create.
bool match_config(PlanContext& context, const Customer& customer, const DesiredConfig& dc,
                  const std::vector<const LiveConfig*>& account_configs, std::set<std::int64_t>& claimed,
                  const LiveConfig*& match, std::vector<const LiveConfig*>& duplicates) {
    const std::string address = customer.name + "/" + dc.name;
    match = nullptr;
    duplicates.clear();
    if (dc.id) {
        const LiveConfig* by_id = context.find_config(*dc.id);
        if (!by_id || by_id->account_id != customer.account_id) {
            context.diagnose(Severity::error, DiagnosticCode::config_id_unknown, address,
                             "configuration id " + std::to_string(*dc.id) + " does not exist in account " +
                                 std::to_string(customer.account_id),
                             dc.pos);
            return false;
        }
        match = by_id;
    } else {
        std::vector<const LiveConfig*> same_name;
        for (const LiveConfig* c : account_configs) {
            if (c->name == dc.name) {
                same_name.push_back(c);
            }
        }
        for (const LiveConfig* c : same_name) {
            claimed.insert(c->id);
        }
        if (same_name.size() > 1 && !identical(same_name)) {
            context.diagnose(Severity::error, DiagnosticCode::duplicate_live_names, address,
                             "account " + std::to_string(customer.account_id) + " has " +
                                 std::to_string(same_name.size()) + " configurations named \"" + dc.name +
                                 "\" that differ (ids " + join_ids(same_name) +
                                 "); pin one with `id:` in the manifest",
                             dc.pos);
            return false;
        }
        match = same_name.empty() ? nullptr : choose_kept(same_name, context.entitlements_of(customer.account_id));
        for (const LiveConfig* c : same_name) {
            if (c != match) {
                duplicates.push_back(c);
            }
        }
    }
    if (!match) {
        return true;
    }
    claimed.insert(match->id);
    if (match->product_id != dc.product_id) {
        const ProductType* was = context.catalog.find_by_id(match->product_id);
        const ProductType* want = context.catalog.find_by_id(dc.product_id);
        context.diagnose(Severity::error, DiagnosticCode::product_mismatch, address,
                         "configuration " + std::to_string(match->id) + " is " + (was ? was->code : "?") +
                             " in FortiFlex but " + (want ? want->code : "?") +
                             " in the manifest; a product type cannot change: use a new configuration name",
                         dc.pos);
        return false;
    }
    return true;
}

// Live configurations of the account that no declaration claimed: reported, or stopped and disabled (--prune).
void plan_unmanaged(PlanContext& context, const Customer& customer,
                    const std::vector<const LiveConfig*>& account_configs, const std::set<std::int64_t>& claimed,
                    const std::vector<LiveEntitlement>& entitlements, std::size_t first_change) {
    std::set<std::string> moving;  // entitlements a declared configuration of this customer takes over
    for (std::size_t i = first_change; i < context.plan.changes.size(); ++i) {
        const Change& c = context.plan.changes[i];
        if (c.serial && (c.action == ActionKind::update_entitlement || c.action == ActionKind::transfer)) {
            moving.insert(*c.serial);
        }
        if (c.swap) {
            moving.insert(c.swap->replaced);  // its swap stops it
        }
    }
    for (const LiveConfig* config : account_configs) {
        if (claimed.count(config->id)) {
            continue;
        }
        const std::string address = customer.name + "/" + config->name;
        int running = 0;
        for (const auto& e : entitlements) {
            running += e.config_id == config->id && is_running(e.status) ? 1 : 0;
        }
        if (!context.options.prune) {
            if (!config->active && running == 0) {
                continue;  // what --prune leaves behind: nothing for it to stop or disable
            }
            context.diagnose(Severity::warning, DiagnosticCode::unmanaged_config, address,
                             "unmanaged configuration \"" + config->name + "\" (id " + std::to_string(config->id) +
                                 ", " + count_of(running, "running entitlement", "running entitlements") +
                                 ") is not in the manifest; left alone (--prune stops and "
                                 "disables it)");
            continue;
        }
        for (const auto& e : entitlements) {
            // A serial declared elsewhere in the program moves there instead of stopping.
            if (e.config_id == config->id && is_running(e.status) && !context.declaring_config(e.serial) &&
                !moving.count(e.serial)) {
                context.stop(customer, config->name, e, Reason{ReasonCode::config_unmanaged});
            }
        }
        if (!config->active) {
            continue;
        }
        if (customer.protect) {
            context.diagnose(
                Severity::error, DiagnosticCode::protected_customer, address,
                "customer " + customer.name + " is protected: refusing to disable \"" + config->name + "\" (--prune)");
            continue;
        }
        Change c = PlanContext::base(customer, config->name, ActionKind::disable_config, ChangeKind::config);
        c.config_id = config->id;
        c.product_id = config->product_id;
        c.reason = Reason{ReasonCode::config_unmanaged};
        c.before.config_status = ConfigStatus::active;
        c.after.config_status = ConfigStatus::disabled;
        context.add(std::move(c));
    }
}

// FortiFlex refuses an end date after the program's: found here, before any write, rather than by a failed apply.
void check_end_dates(PlanContext& context, const Customer& customer) {
    const std::optional<Date>& program_end = context.options.program_end;
    if (!program_end) {
        return;
    }
    const auto check = [&](const Date& end, const std::string& address, const SourcePos& pos) {
        if (end > *program_end) {
            context.diagnose(Severity::error, DiagnosticCode::end_after_program, address,
                             "endDate " + to_string(end) + " is after the end of program " + context.live.program +
                                 " (" + to_string(*program_end) + "); FortiFlex refuses it: declare " +
                                 to_string(*program_end) + " or earlier",
                             pos);
        }
    };
    for (const auto& dc : customer.configs) {
        if (dc.end_date) {
            check(*dc.end_date, customer.name + "/" + dc.name, dc.pos);
        }
        for (const auto& hw : dc.serials) {
            if (hw.end_date) {
                check(*hw.end_date, customer.name + "/" + dc.name + "/" + hw.serial, position_of(customer, hw));
            }
        }
    }
}

void plan_customer(PlanContext& context, const Customer& customer) {
    context.plan.accounts.push_back(customer.account_id);
    const std::size_t first_diagnostic = context.plan.diagnostics.size();
    check_end_dates(context, customer);
    if (const auto refused = context.live.unreadable.find(customer.account_id);
        refused != context.live.unreadable.end()) {
        context.diagnose(Severity::error, DiagnosticCode::account_unreadable, customer.name,
                         "FortiFlex refused to list account " + std::to_string(customer.account_id) + " of customer " +
                             customer.name + " (" + refused->second +
                             "); is the account id right, and is it in the API user's scope?",
                         customer.account_pos);
        return;
    }
    const auto& entitlements = context.entitlements_of(customer.account_id);
    const std::vector<const LiveConfig*>& account_configs = context.configs_of(customer.account_id);
    const std::size_t first_change = context.plan.changes.size();
    std::set<std::int64_t> claimed;
    std::vector<std::pair<const DesiredConfig*, const LiveConfig*>> reconcilable;
    std::vector<const LiveConfig*> duplicates;
    for (const auto& dc : customer.configs) {
        const LiveConfig* match = nullptr;
        if (match_config(context, customer, dc, account_configs, claimed, match, duplicates)) {
            reconcilable.emplace_back(&dc, match);
            if (!duplicates.empty()) {
                context.merge_duplicates(customer, dc, *match, duplicates);
            }
        }
    }
    for (const auto& [dc, lc] : reconcilable) {
        ConfigScope scope{customer, *dc, lc, {}, entitlements};
        if (lc) {
            for (const auto& e : entitlements) {
                if (context.config_of(e) == lc->id) {
                    scope.on_config.push_back(&e);
                }
            }
        }
        scope.rate = context.rate(dc->product_id, dc->parameters, &scope.metered);
        plan_config_object(context, scope);
        const ProductType* product = context.catalog.find_by_id(dc->product_id);
        if (!product || !dc->enabled) {
            continue;  // nothing under a disabled configuration is managed
        }
        if (const auto source = lc ? std::nullopt : move_source(context, customer, *dc)) {
            plan_move_in(context, scope, *source, *product);
            continue;
        }
        switch (product->form_factor) {
            case FormFactor::hardware:
                plan_hardware(context, scope);
                break;
            case FormFactor::vm:
                plan_vms(context, scope);
                break;
            case FormFactor::cloud:
                plan_cloud(context, scope);
                break;
        }
    }
    plan_moves_out(context, customer, account_configs, claimed);
    plan_unmanaged(context, customer, account_configs, claimed, entitlements, first_change);
    const auto& diagnostics = context.plan.diagnostics;
    if (std::any_of(diagnostics.begin() + static_cast<std::ptrdiff_t>(first_diagnostic), diagnostics.end(),
                    [](const PlanDiagnostic& d) { return d.severity == Severity::error; })) {
        // A conflict of this customer leaves out only this customer: the others plan and apply.
        context.drop_changes_from(first_change);
    }
}

}  // namespace

}  // namespace planning

std::vector<const Customer*> selected_customers(const DesiredState& desired, const PlanOptions& options) {
    std::vector<const Customer*> out;
    for (const auto& c : desired.customers) {
        if (options.customers.empty() ||
            std::find(options.customers.begin(), options.customers.end(), c.name) != options.customers.end()) {
            out.push_back(&c);
        }
    }
    return out;
}

std::vector<std::pair<int, ParameterSet>> price_requests(const DesiredState& desired, const LiveState& live,
                                                         const PlanOptions& options) {
    std::map<std::string, std::pair<int, ParameterSet>> unique;
    for (const Customer* customer : selected_customers(desired, options)) {
        for (const auto& config : customer->configs) {
            unique.emplace(price_key(config.product_id, config.parameters),
                           std::make_pair(config.product_id, config.parameters));
        }
    }
    for (const auto& config : live.configs) {
        if (live.entitlements.count(config.account_id)) {
            unique.emplace(price_key(config.product_id, config.parameters),
                           std::make_pair(config.product_id, config.parameters));
        }
    }
    std::vector<std::pair<int, ParameterSet>> out;
    out.reserve(unique.size());
    for (auto& [key, request] : unique) {
        out.push_back(std::move(request));
    }
    return out;
}

namespace planning {

namespace {

// At most how many changes a plan of these customers can hold. Reserving it up front means the change list is
// never copied while it grows (at 10,000 customers a copy is 100 MB); untouched capacity costs no memory.
std::size_t most_changes(const PlanContext& context) {
    std::size_t bound = 0;
    for (const Customer* customer : selected_customers(context.desired, context.options)) {
        for (const auto& config : customer->configs) {
            bound += 4 + config.serials.size();  // config create/enable/update + one batch, + moves per serial
        }
        bound += 2 * context.entitlements_of(customer->account_id).size();  // a move and a stop each
        bound += context.configs_of(customer->account_id).size();           // disables under --prune
    }
    return bound;
}

}  // namespace

}  // namespace planning

namespace {

// Which offer each change's configuration is declared with, so the plan can speak of an offer's change as one.
void mark_offers(Plan& plan, const DesiredState& desired) {
    if (desired.offers.empty()) {
        return;
    }
    std::map<std::pair<std::string, std::string>, const std::string*> offer_of;
    for (const auto& customer : desired.customers) {
        for (const auto& config : customer.configs) {
            if (!config.offer.empty()) {
                offer_of[{customer.name, config.name}] = &config.offer;
            }
        }
    }
    for (auto& change : plan.changes) {
        if (const auto it = offer_of.find({change.customer, change.config_name}); it != offer_of.end()) {
            change.offer = *it->second;
        }
    }
}

}  // namespace

Plan make_plan(const DesiredState& desired, const LiveState& live, const PriceTable& prices, const Catalog& catalog,
               const PlanOptions& options) {
    planning::PlanContext context(desired, live, prices, catalog, options);
    context.plan.changes.reserve(planning::most_changes(context));
    context.plan.program_serial = live.program;
    context.plan.scope.customers = options.customers;
    context.plan.scope.prune = options.prune;
    for (const Customer* customer : selected_customers(desired, options)) {
        planning::plan_customer(context, *customer);
    }
    planning::total_costs(context);
    context.plan.policies = evaluate_policies(context.plan.cost, desired, options.today);
    mark_settling(context.plan, options.settling);
    mark_offers(context.plan, desired);
    return std::move(context.plan);
}

}  // namespace flexform

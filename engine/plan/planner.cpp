#include "engine/plan/planner.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_map>

namespace flexform {

namespace {

bool running(const LiveEntitlement& e) {
    return e.status == "ACTIVE" || e.status == "PENDING";
}

std::string join(const std::vector<std::string>& items, const char* separator = ", ") {
    std::string out;
    for (const auto& item : items) {
        out += out.empty() ? "" : separator;
        out += item;
    }
    return out;
}

std::string describe_parameters(const ProductType* product, const ParameterSet& set) {
    if (!product) {
        return canonical_key(set);
    }
    std::vector<std::string> parts;
    for (const auto& p : product->parameters) {
        const auto it = set.values.find(p.id);
        if (it == set.values.end()) {
            continue;
        }
        parts.push_back(p.key + "=" + (it->second.empty() ? std::string("[]") : join(it->second, "+")));
    }
    return join(parts);
}

class PlanBuilder {
public:
    PlanBuilder(const DesiredState& desired, const LiveState& live, const PriceTable& prices, const Catalog& catalog,
                const PlanOptions& options)
        : m_desired(desired), m_live(live), m_prices(prices), m_catalog(catalog), m_options(options) {
        // Indexes keep the planner linear in the size of the estate.
        for (const auto& c : live.configs) {
            m_configs.emplace(c.id, &c);
        }
        for (const auto& [account, entitlements] : live.entitlements) {
            for (const auto& e : entitlements) {
                m_serial_owner.emplace(e.serial, account);
            }
        }
    }

    Plan build() {
        m_plan.program_serial = m_live.program;
        m_plan.cost.prepaid_balance = m_live.prepaid_balance;
        m_plan.cost.yearly_commitment = m_options.yearly_commitment;
        for (const Customer* customer : selected_customers(m_desired, m_options)) {
            plan_customer(*customer);
        }
        std::set<std::string> price_notes;
        for (const auto& [key, price] : m_prices) {
            if (price.latest && price.latest_effective && m_options.today < *price.latest_effective &&
                std::fabs(*price.latest - price.per_day) > 0.004 && m_used_prices.count(key)) {
                price_notes.insert("rate of " + key + " changes on " + to_string(*price.latest_effective) + " to " +
                                   std::to_string(*price.latest) + "/day");
            }
        }
        m_plan.cost.price_changes.assign(price_notes.begin(), price_notes.end());
        return std::move(m_plan);
    }

private:
    // ----- prices
    double rate(int product_id, const ParameterSet& parameters, bool* metered = nullptr) {
        const std::string key = price_key(product_id, parameters);
        m_used_prices.insert(key);
        const auto it = m_prices.find(key);
        if (it == m_prices.end()) {
            return 0.0;
        }
        if (metered && it->second.metered) {
            *metered = true;
        }
        return it->second.per_day;
    }

    double live_rate(const LiveEntitlement& e) {
        const LiveConfig* config = find_config(e.config_id);
        if (!config || !config->active || e.status != "ACTIVE") {
            return 0.0;
        }
        return rate(config->product_id, config->parameters);
    }

    // ----- recording
    void fingerprint(const std::string& key) { m_plan.fingerprints[key] = live_fingerprint(m_live, key); }

    void diagnose(Severity severity, const std::string& address, const std::string& message) {
        m_plan.diagnostics.push_back({severity, address, message});
    }

    Change& add(Change change) {
        m_plan.changes.push_back(std::move(change));
        return m_plan.changes.back();
    }

    Change base(const Customer& customer, const std::string& config_name, ActionKind action, bool entitlement) {
        Change c;
        c.customer = customer.name;
        c.account_id = customer.account_id;
        c.config_name = config_name;
        c.action = action;
        c.entitlement = entitlement;
        c.address = customer.name + "/" + config_name;
        return c;
    }

    void stop(const Customer& customer, const std::string& config_name, const LiveEntitlement& e,
              const std::string& reason) {
        const std::string address = customer.name + "/" + config_name + "/" + e.serial;
        if (customer.protect) {
            diagnose(Severity::error, address,
                     "customer " + customer.name + " is protected: refusing to stop " + e.serial + " (" + reason + ")");
            return;
        }
        Change c = base(customer, config_name, ActionKind::stop, true);
        c.address = address;
        c.serial = e.serial;
        c.config_id = e.config_id;
        c.reason = reason;
        c.before["status"] = e.status;
        c.after["status"] = "STOPPED";
        c.points = {live_rate(e), 0.0};
        fingerprint(entitlement_key(customer.account_id, e.serial));
        add(std::move(c));
    }

    static std::string entitlement_key(std::int64_t account, const std::string& serial) {
        return "entitlement:" + std::to_string(account) + ":" + serial;
    }

    static std::string config_key(std::int64_t account, const std::string& name) {
        return "config:" + std::to_string(account) + ":" + name;
    }

    // ----- customers
    void plan_customer(const Customer& customer) {
        const auto live_entitlements = m_live.entitlements.find(customer.account_id);
        static const std::vector<LiveEntitlement> k_none;
        const auto& entitlements = live_entitlements == m_live.entitlements.end() ? k_none : live_entitlements->second;
        m_plan.accounts.push_back(customer.account_id);

        CustomerCost cost{customer.name, customer.account_id, 0.0, 0.0};
        for (const auto& e : entitlements) {
            cost.per_day_before += live_rate(e);
        }
        const std::size_t first_change = m_plan.changes.size();

        std::vector<const LiveConfig*> account_configs;
        for (const auto& c : m_live.configs) {
            if (c.account_id == customer.account_id) {
                account_configs.push_back(&c);
            }
        }
        std::set<std::int64_t> claimed;
        std::map<const DesiredConfig*, const LiveConfig*> matches;
        m_customer_serials.clear();
        for (const auto& dc : customer.configs) {
            for (const auto& hw : dc.serials) {
                m_customer_serials.insert(hw.serial);
            }
        }
        std::vector<const DesiredConfig*> reconcilable;
        for (const auto& dc : customer.configs) {
            const std::string address = customer.name + "/" + dc.name;
            const LiveConfig* match = nullptr;
            if (dc.id) {
                const LiveConfig* by_id = find_config(*dc.id);
                if (!by_id || by_id->account_id != customer.account_id) {
                    diagnose(Severity::error, address,
                             "configuration id " + std::to_string(*dc.id) + " does not exist in account " +
                                 std::to_string(customer.account_id));
                    continue;
                }
                match = by_id;
                fingerprint("config-id:" + std::to_string(*dc.id));
            } else {
                std::vector<const LiveConfig*> same_name;
                for (const LiveConfig* c : account_configs) {
                    if (c->name == dc.name) {
                        same_name.push_back(c);
                    }
                }
                fingerprint(config_key(customer.account_id, dc.name));
                if (same_name.size() > 1) {
                    std::vector<std::string> ids;
                    for (const LiveConfig* c : same_name) {
                        ids.push_back(std::to_string(c->id));
                        claimed.insert(c->id);
                    }
                    diagnose(Severity::error, address,
                             "account " + std::to_string(customer.account_id) + " has " +
                                 std::to_string(same_name.size()) + " configurations named \"" + dc.name + "\" (ids " +
                                 join(ids) + "); pin one with `id:` in the manifest");
                    continue;
                }
                match = same_name.empty() ? nullptr : same_name.front();
            }
            if (match) {
                claimed.insert(match->id);
                if (match->product_id != dc.product_id) {
                    const ProductType* was = m_catalog.find_by_id(match->product_id);
                    const ProductType* want = m_catalog.find_by_id(dc.product_id);
                    diagnose(Severity::error, address,
                             "configuration " + std::to_string(match->id) + " is " + (was ? was->code : "?") +
                                 " in FortiFlex but " + (want ? want->code : "?") +
                                 " in the manifest; a product type cannot change: use a new configuration name");
                    continue;
                }
            }
            matches[&dc] = match;
            reconcilable.push_back(&dc);
        }
        for (const DesiredConfig* dc : reconcilable) {
            plan_config(customer, *dc, matches[dc], entitlements);
        }
        plan_unmanaged(customer, account_configs, claimed, entitlements);

        for (std::size_t i = first_change; i < m_plan.changes.size(); ++i) {
            cost.per_day_after += m_plan.changes[i].points.delta();
        }
        cost.per_day_after += cost.per_day_before;
        m_plan.cost.per_day_before += cost.per_day_before;
        m_plan.cost.per_day_after += cost.per_day_after;
        m_plan.cost.by_customer.push_back(cost);
    }

    void plan_unmanaged(const Customer& customer, const std::vector<const LiveConfig*>& account_configs,
                        const std::set<std::int64_t>& claimed, const std::vector<LiveEntitlement>& entitlements) {
        for (const LiveConfig* config : account_configs) {
            if (claimed.count(config->id)) {
                continue;
            }
            const std::string address = customer.name + "/" + config->name;
            int active = 0;
            for (const auto& e : entitlements) {
                active += e.config_id == config->id && running(e) ? 1 : 0;
            }
            if (!m_options.prune) {
                diagnose(Severity::warning, address,
                         "unmanaged configuration \"" + config->name + "\" (id " + std::to_string(config->id) + ", " +
                             std::to_string(active) +
                             " running entitlements) is not in the manifest; left alone "
                             "(--prune stops and disables it)");
                continue;
            }
            fingerprint("config-id:" + std::to_string(config->id));
            for (const auto& e : entitlements) {
                if (e.config_id == config->id && running(e)) {
                    stop(customer, config->name, e, "configuration not in the manifest (--prune)");
                }
            }
            if (config->active && !customer.protect) {
                Change c = base(customer, config->name, ActionKind::disable_config, false);
                c.config_id = config->id;
                c.product_id = config->product_id;
                c.reason = "configuration not in the manifest (--prune)";
                c.before["status"] = "ACTIVE";
                c.after["status"] = "DISABLED";
                add(std::move(c));
            } else if (config->active) {
                diagnose(Severity::error, address,
                         "customer " + customer.name + " is protected: refusing to disable \"" + config->name +
                             "\" (--prune)");
            }
        }
    }

    // ----- one declared configuration
    void plan_config(const Customer& customer, const DesiredConfig& dc, const LiveConfig* lc,
                     const std::vector<LiveEntitlement>& account_entitlements) {
        const ProductType* product = m_catalog.find_by_id(dc.product_id);
        bool metered = false;
        const double new_rate = rate(dc.product_id, dc.parameters, &metered);
        if (!lc) {
            Change c = base(customer, dc.name, ActionKind::create_config, false);
            c.product_id = dc.product_id;
            c.parameters = dc.parameters;
            c.reason = "configuration not in FortiFlex yet";
            c.after["product"] = product ? product->code : "?";
            c.after["parameters"] = describe_parameters(product, dc.parameters);
            c.per_device_after = new_rate;
            c.metered = metered;
            add(std::move(c));
        } else {
            plan_config_update(customer, dc, *lc, product, new_rate, metered, account_entitlements);
        }
        const std::int64_t config_id = lc ? lc->id : 0;
        std::vector<const LiveEntitlement*> on_config;
        for (const auto& e : account_entitlements) {
            if (lc && e.config_id == config_id) {
                on_config.push_back(&e);
            }
        }
        if (product && product->form_factor == FormFactor::hardware) {
            plan_hardware(customer, dc, lc, on_config, account_entitlements, new_rate, metered);
        } else if (product && product->form_factor == FormFactor::vm) {
            plan_vms(customer, dc, lc, on_config, new_rate, metered);
        } else if (product) {
            plan_cloud(customer, dc, lc, on_config, account_entitlements, new_rate, metered);
        }
    }

    void plan_config_update(const Customer& customer, const DesiredConfig& dc, const LiveConfig& lc,
                            const ProductType* product, double new_rate, bool metered,
                            const std::vector<LiveEntitlement>& account_entitlements) {
        const std::string address = customer.name + "/" + dc.name;
        if (!lc.active) {
            Change c = base(customer, dc.name, ActionKind::enable_config, false);
            c.config_id = lc.id;
            c.product_id = lc.product_id;
            c.reason = "configuration is DISABLED in FortiFlex";
            c.before["status"] = "DISABLED";
            c.after["status"] = "ACTIVE";
            int active = 0;
            for (const auto& e : account_entitlements) {
                active += e.config_id == lc.id && e.status == "ACTIVE" ? 1 : 0;
            }
            c.points = {0.0, new_rate * active};
            add(std::move(c));
        }
        const bool params_differ = !(lc.parameters == dc.parameters);
        const bool renamed = lc.name != dc.name;
        if (!params_differ && !renamed) {
            return;
        }
        if (product) {
            for (const auto& p : product->parameters) {
                if (!p.scale_up_only) {
                    continue;
                }
                const std::string* live_value = lc.parameters.scalar(p.id);
                const std::string* want = dc.parameters.scalar(p.id);
                if (live_value && want && p.type == ParameterType::numeric &&
                    parse_integer(*want).value_or(0) < parse_integer(*live_value).value_or(0)) {
                    diagnose(
                        Severity::error, address,
                        p.key + " can only grow: FortiFlex has " + *live_value + ", the manifest declares " + *want);
                }
            }
        }
        Change c = base(customer, dc.name, ActionKind::update_config, false);
        c.config_id = lc.id;
        c.product_id = dc.product_id;
        c.parameters = dc.parameters;
        std::vector<std::string> reasons;
        if (renamed) {
            reasons.push_back("name " + lc.name + " -> " + dc.name);
            c.before["name"] = lc.name;
            c.after["name"] = dc.name;
        }
        if (params_differ && product) {
            reasons.push_back(describe_change(*product, lc.parameters, dc.parameters));
            for (const auto& p : product->parameters) {
                const auto b = lc.parameters.values.find(p.id);
                const auto a = dc.parameters.values.find(p.id);
                const std::vector<std::string> none;
                const auto& bv = b == lc.parameters.values.end() ? none : b->second;
                const auto& av = a == dc.parameters.values.end() ? none : a->second;
                if (bv != av) {
                    c.before[p.key] = bv.empty() ? "[]" : join(bv, "+");
                    c.after[p.key] = av.empty() ? "[]" : join(av, "+");
                }
            }
        }
        c.reason = join(reasons, "; ");
        int active = 0;
        int total = 0;
        for (const auto& e : account_entitlements) {
            if (e.config_id == lc.id && running(e)) {
                ++total;
                active += e.status == "ACTIVE" ? 1 : 0;
            }
        }
        const double old_rate = lc.active ? rate(lc.product_id, lc.parameters) : 0.0;
        c.per_device_before = rate(lc.product_id, lc.parameters);
        c.per_device_after = new_rate;
        c.repriced = params_differ ? total : 0;
        c.metered = metered;
        c.points = {old_rate * active, (lc.active ? new_rate : 0.0) * active};
        add(std::move(c));
    }

    // Status of one declared entitlement that lives where it should: stop it (suspended), revive it, or flag it.
    void reconcile_status(const Customer& customer, const DesiredConfig& dc, const LiveEntitlement& e,
                          double new_rate) {
        const std::string address = customer.name + "/" + dc.name + "/" + e.serial;
        if (e.status == "EXPIRED") {
            diagnose(Severity::error, address,
                     "entitlement " + e.serial + " is EXPIRED and cannot be revived; remove it from the manifest");
            return;
        }
        if (customer.suspended) {
            if (running(e)) {
                stop(customer, dc.name, e, "customer suspended");
            }
            return;
        }
        if (e.status == "STOPPED") {
            Change c = base(customer, dc.name, ActionKind::reactivate, true);
            c.address = address;
            c.serial = e.serial;
            c.config_id = e.config_id;
            c.reason = "entitlement STOPPED, customer active";
            c.before["status"] = "STOPPED";
            c.after["status"] = "ACTIVE";
            c.points = {0.0, new_rate};
            fingerprint(entitlement_key(customer.account_id, e.serial));
            add(std::move(c));
        } else if (e.status != "ACTIVE" && e.status != "PENDING") {
            diagnose(Severity::warning, address,
                     "entitlement " + e.serial + " has status " + e.status + ", left alone");
        }
    }

    // description / end date drift of a declared entitlement.
    void reconcile_details(const Customer& customer, const DesiredConfig& dc, const LiveEntitlement& e,
                           const std::optional<std::string>& description, double new_rate) {
        if (e.status == "EXPIRED") {
            return;
        }
        const bool description_differs = description && *description != e.description;
        const bool end_differs = dc.end_date && (!e.end_date || *e.end_date != *dc.end_date);
        if (!description_differs && !end_differs) {
            return;
        }
        const std::string address = customer.name + "/" + dc.name + "/" + e.serial;
        if (end_differs && e.status == "STOPPED") {
            diagnose(Severity::warning, address,
                     "the end date of a STOPPED entitlement cannot change; reactivate it first");
            if (!description_differs) {
                return;
            }
        }
        Change c = base(customer, dc.name, ActionKind::update_entitlement, true);
        c.address = address;
        c.serial = e.serial;
        c.config_id = e.config_id;
        c.target_config_id = e.config_id;
        c.description = description ? description : std::optional<std::string>(e.description);
        std::vector<std::string> reasons;
        if (description_differs) {
            reasons.push_back("description \"" + e.description + "\" -> \"" + *description + "\"");
            c.before["description"] = e.description;
            c.after["description"] = *description;
        }
        if (end_differs && e.status != "STOPPED") {
            c.end_date = dc.end_date;
            reasons.push_back("end date " + (e.end_date ? to_string(*e.end_date) : "none") + " -> " +
                              to_string(*dc.end_date));
            c.before["endDate"] = e.end_date ? to_string(*e.end_date) : "";
            c.after["endDate"] = to_string(*dc.end_date);
        }
        c.reason = join(reasons, "; ");
        const double r = e.status == "ACTIVE" ? new_rate : 0.0;
        c.points = {r, r};
        fingerprint(entitlement_key(customer.account_id, e.serial));
        add(std::move(c));
    }

    // Move a declared entitlement that lives under another configuration of the same account.
    void move(const Customer& customer, const DesiredConfig& dc, const LiveConfig* lc, const LiveEntitlement& e,
              const std::optional<std::string>& description, double new_rate) {
        const std::string address = customer.name + "/" + dc.name + "/" + e.serial;
        const LiveConfig* from = find_config(e.config_id);
        if (!from || from->product_id != dc.product_id) {
            diagnose(Severity::error, address,
                     "serial " + e.serial + " is entitled under configuration " + std::to_string(e.config_id) +
                         " of another product type; it cannot move to \"" + dc.name + "\"");
            return;
        }
        if (e.status == "EXPIRED") {
            diagnose(Severity::error, address, "entitlement " + e.serial + " is EXPIRED and cannot be revived");
            return;
        }
        Change c = base(customer, dc.name, ActionKind::update_entitlement, true);
        c.address = address;
        c.serial = e.serial;
        c.config_id = e.config_id;
        if (lc) {
            c.target_config_id = lc->id;
        } else {
            c.target_config_address = customer.name + "/" + dc.name;
        }
        c.description = description ? description : std::optional<std::string>(e.description);
        c.reason = "declared under \"" + dc.name + "\", entitled under \"" + from->name + "\"";
        c.before["config"] = from->name;
        c.after["config"] = dc.name;
        c.points = {live_rate(e), e.status == "ACTIVE" && !customer.suspended ? new_rate : 0.0};
        fingerprint(entitlement_key(customer.account_id, e.serial));
        add(std::move(c));
        if (e.status == "STOPPED" && !customer.suspended) {
            reconcile_status(customer, dc, e, new_rate);
        } else if (running(e) && customer.suspended) {
            stop(customer, dc.name, e, "customer suspended");
        }
    }

    void plan_hardware(const Customer& customer, const DesiredConfig& dc, const LiveConfig* lc,
                       const std::vector<const LiveEntitlement*>& on_config,
                       const std::vector<LiveEntitlement>& account_entitlements, double new_rate, bool metered) {
        std::set<std::string> declared;
        std::vector<std::string> to_create;
        std::map<std::string, std::string> descriptions;
        for (const auto& hw : dc.serials) {
            declared.insert(hw.serial);
            const auto here = std::find_if(account_entitlements.begin(), account_entitlements.end(),
                                           [&](const LiveEntitlement& e) { return e.serial == hw.serial; });
            fingerprint(entitlement_key(customer.account_id, hw.serial));
            if (here == account_entitlements.end()) {
                if (const auto owner = owner_elsewhere(hw.serial, customer.account_id)) {
                    diagnose(
                        Severity::error, customer.name + "/" + dc.name + "/" + hw.serial,
                        "serial " + hw.serial + " is entitled in another account (" + std::to_string(*owner) + ")");
                    continue;
                }
                to_create.push_back(hw.serial);
                if (hw.description && !hw.description->empty()) {
                    descriptions[hw.serial] = *hw.description;
                }
            } else if (lc && here->config_id == lc->id) {
                reconcile_status(customer, dc, *here, new_rate);
                reconcile_details(customer, dc, *here, hw.description, new_rate);
            } else {
                move(customer, dc, lc, *here, hw.description, new_rate);
            }
        }
        for (const LiveEntitlement* e : on_config) {
            // A serial declared under another configuration of this customer moves there instead.
            if (!declared.count(e->serial) && !m_customer_serials.count(e->serial) && running(*e)) {
                stop(customer, dc.name, *e, "serial not declared in the manifest");
            }
        }
        if (!to_create.empty() && !customer.suspended) {
            Change c = base(customer, dc.name, ActionKind::create_entitlements, true);
            c.config_id = lc ? std::optional<std::int64_t>(lc->id) : std::nullopt;
            c.product_id = dc.product_id;
            c.serials = to_create;
            c.serial_descriptions = descriptions;
            c.count = static_cast<int>(to_create.size());
            c.end_date = dc.end_date;
            c.reason = to_create.size() == 1 ? "serial not entitled yet" : "serials not entitled yet";
            c.after["serials"] = join(to_create);
            c.points = {0.0, new_rate * static_cast<double>(to_create.size())};
            c.per_device_after = new_rate;
            c.metered = metered;
            add(std::move(c));
        }
    }

    void plan_vms(const Customer& customer, const DesiredConfig& dc, const LiveConfig* lc,
                  const std::vector<const LiveEntitlement*>& on_config, double new_rate, bool metered) {
        std::vector<const LiveEntitlement*> live_running;
        std::vector<const LiveEntitlement*> stopped;
        for (const LiveEntitlement* e : on_config) {
            if (running(*e)) {
                live_running.push_back(e);
            } else if (e->status == "STOPPED") {
                stopped.push_back(e);
            }
        }
        if (lc) {
            fingerprint("vm:" + std::to_string(lc->id));
        }
        const int wanted = dc.vms ? dc.vms->count : 0;
        if (customer.suspended) {
            for (const LiveEntitlement* e : live_running) {
                stop(customer, dc.name, *e, "customer suspended");
            }
            return;
        }
        // Newest first: the most recently started entitlements are the cheapest to give up or bring back.
        const auto newest_first = [](const LiveEntitlement* a, const LiveEntitlement* b) {
            return a->start_date != b->start_date ? a->start_date > b->start_date : a->serial > b->serial;
        };
        const int have = static_cast<int>(live_running.size());
        if (wanted > have) {
            int need = wanted - have;
            std::sort(stopped.begin(), stopped.end(), newest_first);
            for (const LiveEntitlement* e : stopped) {
                if (need == 0) {
                    break;
                }
                Change c = base(customer, dc.name, ActionKind::reactivate, true);
                c.address = customer.name + "/" + dc.name + "/" + e->serial;
                c.serial = e->serial;
                c.config_id = e->config_id;
                c.reason = "VM count " + std::to_string(have) + " -> " + std::to_string(wanted) +
                           ": reuse a STOPPED entitlement";
                c.before["status"] = "STOPPED";
                c.after["status"] = "ACTIVE";
                c.points = {0.0, new_rate};
                fingerprint(entitlement_key(customer.account_id, e->serial));
                add(std::move(c));
                --need;
            }
            if (need > 0) {
                Change c = base(customer, dc.name, ActionKind::create_entitlements, true);
                c.config_id = lc ? std::optional<std::int64_t>(lc->id) : std::nullopt;
                c.product_id = dc.product_id;
                c.count = need;
                c.description = dc.vms ? dc.vms->description : std::nullopt;
                c.folder_path = dc.vms ? dc.vms->folder_path : std::nullopt;
                c.skip_pending = dc.vms && dc.vms->skip_pending;
                c.end_date = dc.end_date;
                c.reason = "VM count " + std::to_string(have) + " -> " + std::to_string(wanted) +
                           (c.skip_pending ? "" : " (PENDING until each token is used; charged from activation)");
                c.after["count"] = std::to_string(need);
                c.points = {0.0, new_rate * need};
                c.per_device_after = new_rate;
                c.metered = metered;
                add(std::move(c));
            }
        } else if (wanted < have) {
            std::vector<const LiveEntitlement*> order = live_running;
            std::sort(order.begin(), order.end(), [&](const LiveEntitlement* a, const LiveEntitlement* b) {
                const bool a_pending = a->status == "PENDING";
                const bool b_pending = b->status == "PENDING";
                if (a_pending != b_pending) {
                    return a_pending;  // PENDING ones cost nothing and run nothing: give them up first
                }
                return newest_first(a, b);
            });
            for (int i = 0; i < have - wanted; ++i) {
                stop(customer, dc.name, *order[static_cast<std::size_t>(i)],
                     "VM count " + std::to_string(have) + " -> " + std::to_string(wanted));
            }
            live_running.assign(order.begin() + (have - wanted), order.end());
        }
        for (const LiveEntitlement* e : live_running) {
            reconcile_details(customer, dc, *e, dc.vms ? dc.vms->description : std::nullopt, new_rate);
        }
    }

    void plan_cloud(const Customer& customer, const DesiredConfig& dc, const LiveConfig* lc,
                    const std::vector<const LiveEntitlement*>& on_config,
                    const std::vector<LiveEntitlement>& account_entitlements, double new_rate, bool metered) {
        if (!dc.cloud) {
            for (const LiveEntitlement* e : on_config) {
                if (running(*e)) {
                    stop(customer, dc.name, *e, "no cloud entitlement declared");
                }
            }
            return;
        }
        if (!on_config.empty()) {
            for (const LiveEntitlement* e : on_config) {
                reconcile_status(customer, dc, *e, new_rate);
                reconcile_details(customer, dc, *e, dc.cloud->description, new_rate);
            }
            return;
        }
        // One cloud entitlement per account and product: one under another config of this product moves.
        for (const auto& e : account_entitlements) {
            const LiveConfig* other = find_config(e.config_id);
            if (other && other->product_id == dc.product_id && e.status != "EXPIRED") {
                move(customer, dc, lc, e, dc.cloud->description, new_rate);
                return;
            }
        }
        if (customer.suspended) {
            return;
        }
        Change c = base(customer, dc.name, ActionKind::create_entitlements, true);
        c.config_id = lc ? std::optional<std::int64_t>(lc->id) : std::nullopt;
        c.product_id = dc.product_id;
        c.count = 1;
        c.description = dc.cloud->description;
        c.folder_path = dc.cloud->folder_path;
        c.end_date = dc.end_date;
        c.reason = "cloud service not entitled yet";
        c.after["count"] = "1";
        c.points = {0.0, new_rate};
        c.per_device_after = new_rate;
        c.metered = metered;
        add(std::move(c));
    }

    std::optional<std::int64_t> owner_elsewhere(const std::string& serial, std::int64_t account) const {
        const auto it = m_serial_owner.find(serial);
        if (it == m_serial_owner.end() || it->second == account) {
            return std::nullopt;
        }
        return it->second;
    }

    const LiveConfig* find_config(std::int64_t id) const {
        const auto it = m_configs.find(id);
        return it == m_configs.end() ? nullptr : it->second;
    }

    const DesiredState& m_desired;
    const LiveState& m_live;
    const PriceTable& m_prices;
    const Catalog& m_catalog;
    const PlanOptions& m_options;
    Plan m_plan;
    std::set<std::string> m_used_prices;
    std::unordered_map<std::int64_t, const LiveConfig*> m_configs;
    std::unordered_map<std::string, std::int64_t> m_serial_owner;
    std::set<std::string> m_customer_serials;  // every hardware serial the current customer declares
};

}  // namespace

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
    std::set<std::int64_t> accounts;
    for (const Customer* customer : selected_customers(desired, options)) {
        accounts.insert(customer->account_id);
        for (const auto& config : customer->configs) {
            unique.emplace(price_key(config.product_id, config.parameters),
                           std::make_pair(config.product_id, config.parameters));
        }
    }
    for (const auto& config : live.configs) {
        if (accounts.count(config.account_id)) {
            unique.emplace(price_key(config.product_id, config.parameters),
                           std::make_pair(config.product_id, config.parameters));
        }
    }
    std::vector<std::pair<int, ParameterSet>> out;
    for (auto& [key, request] : unique) {
        out.push_back(std::move(request));
    }
    return out;
}

Plan make_plan(const DesiredState& desired, const LiveState& live, const PriceTable& prices, const Catalog& catalog,
               const PlanOptions& options) {
    return PlanBuilder(desired, live, prices, catalog, options).build();
}

}  // namespace flexform

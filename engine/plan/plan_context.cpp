#include "engine/plan/plan_context.h"

namespace flexform::planning {

namespace {

// Why a refused stop was wanted, for the protect diagnostic (renderers phrase the reasons of real changes).
std::string_view protect_words(ReasonCode code) {
    switch (code) {
        case ReasonCode::customer_suspended:
            return "customer suspended";
        case ReasonCode::vm_count_lowered:
            return "VM count lowered";
        case ReasonCode::config_unmanaged:
            return "configuration not in the manifest, --prune";
        case ReasonCode::cloud_not_declared:
            return "no cloud entitlement declared";
        case ReasonCode::moved_to_program:
            return "configuration moved to another program";
        default:
            return "serial not declared in the manifest";
    }
}

bool regenerates_token_on_stop(const Customer& customer, const std::string& config_name) {
    for (const auto& config : customer.configs) {
        if (config.name == config_name) {
            return config.vms && config.vms->regenerate_token_on_stop;
        }
    }
    return false;
}

}  // namespace

PlanContext::PlanContext(const DesiredState& desired_state, const LiveState& live_state, const PriceTable& price_table,
                         const Catalog& product_catalog, const PlanOptions& plan_options)
    : desired(desired_state), live(live_state), catalog(product_catalog), options(plan_options), m_prices(price_table) {
    // Indexes keep the planner linear in the size of the estate.
    for (const auto& c : live.configs) {
        m_configs.emplace(c.id, &c);
        m_account_configs[c.account_id].push_back(&c);
    }
    for (const auto& [account, entitlements] : live.entitlements) {
        for (const auto& e : entitlements) {
            m_serial_owner.emplace(e.serial, SerialOwner{account, &e});
        }
    }
    for (const auto& customer : desired.customers) {
        m_account_customer.emplace(customer.account_id, &customer);
    }
}

double PlanContext::rate(int product_id, const ParameterSet& parameters, bool* metered) {
    const std::string key = price_key(product_id, parameters);
    if (!m_used_prices.count(key)) {
        m_used_prices.emplace(key, std::make_pair(product_id, parameters));
    }
    const auto it = m_prices.find(key);
    if (it == m_prices.end()) {
        return 0.0;
    }
    if (metered && it->second.metered) {
        *metered = true;
    }
    return it->second.per_day;
}

double PlanContext::live_rate(const LiveEntitlement& e) {
    const LiveConfig* config = find_config(e.config_id);
    if (!config || !config->active || e.status != EntitlementStatus::active) {
        return 0.0;
    }
    return rate(config->product_id, config->parameters);
}

const LiveConfig* PlanContext::find_config(std::int64_t id) const {
    const auto it = m_configs.find(id);
    return it == m_configs.end() ? nullptr : it->second;
}

const SerialOwner* PlanContext::owner_of(const std::string& serial) const {
    const auto it = m_serial_owner.find(serial);
    return it == m_serial_owner.end() ? nullptr : &it->second;
}

const Customer* PlanContext::customer_of_account(std::int64_t account) const {
    const auto it = m_account_customer.find(account);
    return it == m_account_customer.end() ? nullptr : it->second;
}

void PlanContext::index_declared() const {
    if (m_declared_indexed) {
        return;
    }
    m_declared_indexed = true;
    for (const auto& c : desired.customers) {
        for (const auto& config : c.configs) {
            for (const auto& hw : config.serials) {
                m_declared_serial.emplace(hw.serial, std::make_pair(&c, &config));
                if (hw.replaces) {
                    m_replaced_by.emplace(*hw.replaces, std::make_pair(&c, &hw));
                }
            }
        }
    }
}

const DesiredHardware* PlanContext::replacement_of(const std::string& serial, const Customer** customer) const {
    index_declared();
    const auto it = m_replaced_by.find(serial);
    if (it == m_replaced_by.end()) {
        return nullptr;
    }
    if (customer) {
        *customer = it->second.first;
    }
    return it->second.second;
}

const DesiredConfig* PlanContext::declaring_config(const std::string& serial, const Customer** customer) const {
    index_declared();
    const auto it = m_declared_serial.find(serial);
    if (it == m_declared_serial.end()) {
        return nullptr;
    }
    if (customer) {
        *customer = it->second.first;
    }
    return it->second.second;
}

const std::vector<LiveEntitlement>& PlanContext::entitlements_of(std::int64_t account) const {
    static const std::vector<LiveEntitlement> k_none;
    const auto it = live.entitlements.find(account);
    return it == live.entitlements.end() ? k_none : it->second;
}

const std::vector<const LiveConfig*>& PlanContext::configs_of(std::int64_t account) const {
    static const std::vector<const LiveConfig*> k_none;
    const auto it = m_account_configs.find(account);
    return it == m_account_configs.end() ? k_none : it->second;
}

std::int64_t PlanContext::config_of(const LiveEntitlement& e) const {
    const auto it = m_merged_into.find(e.config_id);
    return it == m_merged_into.end() ? e.config_id : it->second;
}

void PlanContext::merge_duplicates(const Customer& customer, const DesiredConfig& declared, const LiveConfig& kept,
                                   const std::vector<const LiveConfig*>& duplicates) {
    // The duplicates are identical to `kept`: a move re-prices nothing unless a DISABLED one held ACTIVE entitlements.
    const double kept_rate = kept.active ? rate(kept.product_id, kept.parameters) : 0.0;
    for (const LiveConfig* duplicate : duplicates) {
        m_merged_into[duplicate->id] = kept.id;
        for (const auto& e : entitlements_of(customer.account_id)) {
            // An EXPIRED entitlement cannot be edited (FortiFlex refuses): it stays, inert, under the disabled one.
            if (e.config_id != duplicate->id || e.status == EntitlementStatus::expired) {
                continue;
            }
            if (const DesiredConfig* owner = declaring_config(e.serial); owner && owner != &declared) {
                continue;  // one move only: to where it is declared
            }
            Change c = base(customer, declared.name, ActionKind::update_entitlement, ChangeKind::entitlement);
            c.address += "/" + e.serial;
            c.serial = e.serial;
            c.config_id = duplicate->id;
            c.target_config_id = kept.id;
            c.product_id = kept.product_id;
            c.reason = Reason{ReasonCode::duplicate_config};
            c.before.description = e.description;
            c.before.end_date = e.end_date;
            c.after.description = e.description;
            c.points = {live_rate(e), e.status == EntitlementStatus::active ? kept_rate : 0.0};
            m_duplicate_moves[e.serial] = plan.changes.size();
            add(std::move(c));
        }
        if (!duplicate->active) {
            continue;
        }
        Change c = base(customer, declared.name, ActionKind::disable_config, ChangeKind::config);
        c.config_id = duplicate->id;
        c.target_config_id = kept.id;
        c.product_id = duplicate->product_id;
        c.reason = Reason{ReasonCode::duplicate_config};
        c.before.config_status = ConfigStatus::active;
        c.after.config_status = ConfigStatus::disabled;
        add(std::move(c));
    }
}

Change* PlanContext::duplicate_move(const std::string& serial) {
    const auto it = m_duplicate_moves.find(serial);
    return it == m_duplicate_moves.end() ? nullptr : &plan.changes[it->second];
}

void PlanContext::drop_changes_from(std::size_t first) {
    plan.changes.erase(plan.changes.begin() + static_cast<std::ptrdiff_t>(first), plan.changes.end());
    for (auto it = m_duplicate_moves.begin(); it != m_duplicate_moves.end();) {
        it = it->second >= first ? m_duplicate_moves.erase(it) : std::next(it);
    }
}

void PlanContext::diagnose(Severity severity, DiagnosticCode code, const std::string& address,
                           const std::string& message, std::optional<SourcePos> source) {
    plan.diagnostics.push_back({severity, code, address, message, std::move(source)});
}

Change& PlanContext::add(Change change) {
    plan.changes.push_back(std::move(change));
    return plan.changes.back();
}

Change PlanContext::base(const Customer& customer, const std::string& config_name, ActionKind action, ChangeKind kind) {
    Change c;
    c.customer = customer.name;
    c.account_id = customer.account_id;
    c.config_name = config_name;
    c.action = action;
    c.kind = kind;
    c.address = customer.name + "/" + config_name;
    return c;
}

void PlanContext::stop(const Customer& customer, const std::string& config_name, const LiveEntitlement& e,
                       Reason reason) {
    const std::string address = customer.name + "/" + config_name + "/" + e.serial;
    if (customer.protect) {
        diagnose(Severity::error, DiagnosticCode::protected_customer, address,
                 "customer " + customer.name + " is protected: refusing to stop " + e.serial + " (" +
                     std::string(protect_words(reason.code)) + ")");
        return;
    }
    Change c = base(customer, config_name, ActionKind::stop, ChangeKind::entitlement);
    c.address = address;
    c.serial = e.serial;
    c.config_id = e.config_id;
    if (const LiveConfig* config = find_config(e.config_id)) {
        c.product_id = config->product_id;
    }
    c.reason = std::move(reason);
    c.before.status = e.status;
    c.after.status = EntitlementStatus::stopped;
    c.points = {live_rate(e), 0.0};
    const int product_id = c.product_id;
    add(std::move(c));
    const ProductType* product = catalog.find_by_id(product_id);
    if (product && product->form_factor == FormFactor::vm && regenerates_token_on_stop(customer, config_name)) {
        Change regenerate = base(customer, config_name, ActionKind::regenerate_token, ChangeKind::entitlement);
        regenerate.address = address;
        regenerate.serial = e.serial;
        regenerate.config_id = e.config_id;
        regenerate.product_id = product_id;
        regenerate.reason = Reason{ReasonCode::token_on_stop};
        add(std::move(regenerate));  // points stay 0 and 0: a token costs nothing
    }
}

}  // namespace flexform::planning

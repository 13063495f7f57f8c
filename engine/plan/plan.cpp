#include "engine/plan/plan.h"

#include <algorithm>
#include <array>

namespace flexform {

namespace {

struct ActionInfo {
    ActionKind kind;
    std::string_view name;
    char symbol;
    int stage;
};

constexpr std::array<ActionInfo, 9> k_actions = {{
    {ActionKind::create_config, "create_config", '+', 0},
    {ActionKind::enable_config, "enable_config", '^', 0},
    {ActionKind::update_config, "update_config", '~', 1},
    {ActionKind::create_entitlements, "create_entitlements", '+', 2},
    {ActionKind::update_entitlement, "update_entitlement", '~', 3},
    {ActionKind::transfer, "transfer", '>', 3},
    {ActionKind::reactivate, "reactivate", '^', 4},
    {ActionKind::stop, "stop", '-', 5},
    {ActionKind::disable_config, "disable_config", '-', 6},
}};

const ActionInfo& info(ActionKind kind) {
    return *std::find_if(k_actions.begin(), k_actions.end(), [kind](const ActionInfo& a) { return a.kind == kind; });
}

constexpr std::array<std::pair<ReasonCode, std::string_view>, 16> k_reasons = {{
    {ReasonCode::config_absent, "config_absent"},
    {ReasonCode::config_differs, "config_differs"},
    {ReasonCode::config_disabled, "config_disabled"},
    {ReasonCode::config_unmanaged, "config_unmanaged"},
    {ReasonCode::config_declared_disabled, "config_declared_disabled"},
    {ReasonCode::serials_not_entitled, "serials_not_entitled"},
    {ReasonCode::cloud_not_entitled, "cloud_not_entitled"},
    {ReasonCode::vm_count_raised, "vm_count_raised"},
    {ReasonCode::vm_count_lowered, "vm_count_lowered"},
    {ReasonCode::serial_not_declared, "serial_not_declared"},
    {ReasonCode::cloud_not_declared, "cloud_not_declared"},
    {ReasonCode::customer_suspended, "customer_suspended"},
    {ReasonCode::stopped_but_declared, "stopped_but_declared"},
    {ReasonCode::declared_under_other_config, "declared_under_other_config"},
    {ReasonCode::details_differ, "details_differ"},
    {ReasonCode::declared_in_other_account, "declared_in_other_account"},
}};

constexpr std::array<std::pair<DiagnosticCode, std::string_view>, 12> k_diagnostics = {{
    {DiagnosticCode::config_id_unknown, "config_id_unknown"},
    {DiagnosticCode::duplicate_live_names, "duplicate_live_names"},
    {DiagnosticCode::product_mismatch, "product_mismatch"},
    {DiagnosticCode::scale_up_only, "scale_up_only"},
    {DiagnosticCode::entitlement_expired, "entitlement_expired"},
    {DiagnosticCode::serial_in_other_account, "serial_in_other_account"},
    {DiagnosticCode::serial_other_product, "serial_other_product"},
    {DiagnosticCode::protected_customer, "protected_customer"},
    {DiagnosticCode::unmanaged_config, "unmanaged_config"},
    {DiagnosticCode::unknown_status, "unknown_status"},
    {DiagnosticCode::stopped_end_date, "stopped_end_date"},
    {DiagnosticCode::account_unreadable, "account_unreadable"},
}};

template <typename Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum value) {
    for (const auto& [v, name] : table) {
        if (v == value) {
            return name;
        }
    }
    return "unknown";
}

template <typename Enum, std::size_t N>
std::optional<Enum> value_of(const std::array<std::pair<Enum, std::string_view>, N>& table, std::string_view text) {
    for (const auto& [v, name] : table) {
        if (name == text) {
            return v;
        }
    }
    return std::nullopt;
}

}  // namespace

std::string_view to_string(ActionKind action) {
    return info(action).name;
}

std::optional<ActionKind> parse_action(std::string_view text) {
    for (const auto& a : k_actions) {
        if (a.name == text) {
            return a.kind;
        }
    }
    return std::nullopt;
}

char symbol(ActionKind action) {
    return info(action).symbol;
}

int stage(ActionKind action) {
    return info(action).stage;
}

const std::vector<ActionKind>& all_actions() {
    static const std::vector<ActionKind> k_all = [] {
        std::vector<ActionKind> out;
        for (const auto& a : k_actions) {
            out.push_back(a.kind);
        }
        return out;
    }();
    return k_all;
}

std::string_view to_string(ReasonCode code) {
    return name_of(k_reasons, code);
}

std::optional<ReasonCode> parse_reason_code(std::string_view text) {
    return value_of(k_reasons, text);
}

std::string_view to_string(DiagnosticCode code) {
    return name_of(k_diagnostics, code);
}

std::optional<DiagnosticCode> parse_diagnostic_code(std::string_view text) {
    return value_of(k_diagnostics, text);
}

std::optional<double> Cost::runway_days(double per_day) const {
    if (!prepaid_balance || per_day <= 0.0) {
        return std::nullopt;
    }
    return static_cast<double>(*prepaid_balance) / per_day;
}

bool Plan::applyable() const {
    return std::none_of(diagnostics.begin(), diagnostics.end(),
                        [](const PlanDiagnostic& d) { return d.severity == Severity::error; }) &&
           std::none_of(policies.begin(), policies.end(),
                        [](const PolicyResult& p) { return p.status == PolicyStatus::block; });
}

std::map<ActionKind, int> Plan::summary() const {
    std::map<ActionKind, int> out;
    for (const auto& c : changes) {
        ++out[c.action];
    }
    return out;
}

}  // namespace flexform

#include "engine/plan/plan.h"

#include <algorithm>
#include <array>

#include "engine/model/names.h"

namespace flexform {

namespace {

struct ActionInfo {
    ActionKind kind;
    std::string_view name;
    char symbol;
    int stage;
};

constexpr std::size_t k_action_count = static_cast<std::size_t>(ActionKind::regenerate_token) + 1;
constexpr std::array<ActionInfo, k_action_count> k_actions = {{
    {ActionKind::create_config, "create_config", '+', 0},
    {ActionKind::enable_config, "enable_config", '^', 0},
    {ActionKind::update_config, "update_config", '~', 1},
    {ActionKind::create_entitlements, "create_entitlements", '+', 2},
    {ActionKind::update_entitlement, "update_entitlement", '~', 3},
    {ActionKind::transfer, "transfer", '>', 3},
    {ActionKind::reactivate, "reactivate", '^', 4},
    {ActionKind::swap, "swap", '*', 5},  // after the reactivation or move of its new serial
    {ActionKind::stop, "stop", '-', 5},
    {ActionKind::disable_config, "disable_config", '-', 6},
    {ActionKind::regenerate_token, "regenerate_token", '@', 6},  // after the stop it follows
}};

constexpr bool every_action_once() {
    for (std::size_t i = 0; i < k_action_count; ++i) {
        if (std::count_if(k_actions.begin(), k_actions.end(),
                          [i](const ActionInfo& a) { return static_cast<std::size_t>(a.kind) == i; }) != 1) {
            return false;
        }
    }
    return true;
}
static_assert(every_action_once(), "k_actions needs one row for each ActionKind");

// Lookup by search: with the static_assert above it always finds its row, and a missing one could not read past the
// table.
const ActionInfo& info(ActionKind kind) {
    for (const auto& a : k_actions) {
        if (a.kind == kind) {
            return a;
        }
    }
    return k_actions.back();
}

constexpr NameTable<ChangeKind, 2> k_change_kinds = {{
    {ChangeKind::config, "config"},
    {ChangeKind::entitlement, "entitlement"},
}};
static_assert(names_every_value(k_change_kinds, static_cast<std::size_t>(ChangeKind::entitlement) + 1));

constexpr NameTable<ReasonCode, 22> k_reasons = {{
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
    {ReasonCode::duplicate_config, "duplicate_config"},
    {ReasonCode::serial_replaced, "serial_replaced"},
    {ReasonCode::token_on_stop, "token_on_stop"},
    {ReasonCode::token_requested, "token_requested"},
    {ReasonCode::moved_from_program, "moved_from_program"},
    {ReasonCode::moved_to_program, "moved_to_program"},
}};

static_assert(names_every_value(k_reasons, static_cast<std::size_t>(ReasonCode::moved_to_program) + 1));

constexpr NameTable<DiagnosticCode, 16> k_diagnostics = {{
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
    {DiagnosticCode::end_after_program, "end_after_program"},
    {DiagnosticCode::replaced_unit_not_found, "replaced_unit_not_found"},
    {DiagnosticCode::serial_decommissioned, "serial_decommissioned"},
    {DiagnosticCode::moving_to_program, "moving_to_program"},
}};

static_assert(names_every_value(k_diagnostics, static_cast<std::size_t>(DiagnosticCode::moving_to_program) + 1));

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

std::string_view to_string(ChangeKind kind) {
    return name_in(k_change_kinds, kind, "config");
}

std::optional<ChangeKind> parse_change_kind(std::string_view text) {
    return value_in(k_change_kinds, text);
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
    return name_in(k_reasons, code, "unknown");
}

std::optional<ReasonCode> parse_reason_code(std::string_view text) {
    return value_in(k_reasons, text);
}

std::string_view to_string(DiagnosticCode code) {
    return name_in(k_diagnostics, code, "unknown");
}

std::optional<DiagnosticCode> parse_diagnostic_code(std::string_view text) {
    return value_in(k_diagnostics, text);
}

std::optional<double> Cost::runway_days(double per_day) const {
    if (!prepaid_balance || per_day <= 0.0) {
        return std::nullopt;
    }
    return static_cast<double>(*prepaid_balance) / per_day;
}

std::string customer_of(const PlanDiagnostic& diagnostic) {
    // Every address starts with the customer's name ("customer", "customer/config[/serial]").
    return diagnostic.address.substr(0, diagnostic.address.find('/'));
}

namespace {

// An error of the customer's other than `protect` refusing a stop or disable.
bool has_failure(const Plan& plan, const std::string& customer) {
    return std::any_of(plan.diagnostics.begin(), plan.diagnostics.end(), [&customer](const PlanDiagnostic& d) {
        return d.severity == Severity::error && d.code != DiagnosticCode::protected_customer &&
               customer_of(d) == customer;
    });
}

}  // namespace

bool Plan::applyable() const {
    return std::none_of(policies.begin(), policies.end(),
                        [](const PolicyResult& p) { return p.status == PolicyStatus::block; });
}

std::vector<std::string> Plan::left_out() const {
    std::vector<std::string> out;
    for (const auto& d : diagnostics) {
        const std::string customer = customer_of(d);
        if (d.severity == Severity::error && std::find(out.begin(), out.end(), customer) == out.end()) {
            out.push_back(customer);
        }
    }
    return out;
}

std::vector<std::string> Plan::blocked_customers() const {
    std::vector<std::string> out;
    for (const auto& customer : left_out()) {
        if (!has_failure(*this, customer)) {
            out.push_back(customer);
        }
    }
    return out;
}

std::vector<std::string> Plan::failed_customers() const {
    std::vector<std::string> out;
    for (const auto& customer : left_out()) {
        if (has_failure(*this, customer)) {
            out.push_back(customer);
        }
    }
    return out;
}

std::map<ActionKind, int> Plan::summary() const {
    std::map<ActionKind, int> out;
    for (const auto& c : changes) {
        ++out[c.action];
    }
    return out;
}

}  // namespace flexform

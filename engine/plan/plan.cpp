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

constexpr std::array<ActionInfo, 8> k_actions = {{
    {ActionKind::create_config, "create_config", '+', 0},
    {ActionKind::enable_config, "enable_config", '^', 0},
    {ActionKind::update_config, "update_config", '~', 1},
    {ActionKind::create_entitlements, "create_entitlements", '+', 2},
    {ActionKind::update_entitlement, "update_entitlement", '~', 3},
    {ActionKind::reactivate, "reactivate", '^', 4},
    {ActionKind::stop, "stop", '-', 5},
    {ActionKind::disable_config, "disable_config", '-', 6},
}};

const ActionInfo& info(ActionKind kind) {
    return *std::find_if(k_actions.begin(), k_actions.end(), [kind](const ActionInfo& a) { return a.kind == kind; });
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

std::optional<double> Cost::runway_days(double per_day) const {
    if (!prepaid_balance || per_day <= 0.0) {
        return std::nullopt;
    }
    return static_cast<double>(*prepaid_balance) / per_day;
}

bool Plan::applyable() const {
    return std::none_of(diagnostics.begin(), diagnostics.end(),
                        [](const PlanDiagnostic& d) { return d.severity == Severity::error; });
}

std::map<std::string, int> Plan::summary() const {
    std::map<std::string, int> out;
    for (const auto& c : changes) {
        ++out[std::string(to_string(c.action))];
    }
    return out;
}

}  // namespace flexform

#include "engine/model/policy.h"

#include "engine/model/names.h"

namespace flexform {

namespace {

constexpr NameTable<Enforcement, 2> k_enforcements = {{
    {Enforcement::warn, "warn"},
    {Enforcement::block, "block"},
}};
static_assert(names_every_value(k_enforcements, 2));

constexpr NameTable<PolicyRule, 6> k_rules = {{
    {PolicyRule::budget_per_day, "budget.perDay"},
    {PolicyRule::budget_per_month, "budget.perMonth"},
    {PolicyRule::max_increase_per_day, "maxIncreasePerDay"},
    {PolicyRule::max_commitment_share, "maxCommitmentShare"},
    {PolicyRule::max_balance_share, "maxBalanceShare"},
    {PolicyRule::min_runway_days, "minRunwayDays"},
}};
static_assert(names_every_value(k_rules, static_cast<std::size_t>(PolicyRule::min_runway_days) + 1));

}  // namespace

std::string_view to_string(Enforcement enforcement) {
    return name_in(k_enforcements, enforcement, "block");
}

std::optional<Enforcement> parse_enforcement(std::string_view text) {
    return value_in(k_enforcements, text);
}

std::string_view to_string(PolicyRule rule) {
    return name_in(k_rules, rule);
}

std::optional<PolicyRule> parse_policy_rule(std::string_view text) {
    return value_in(k_rules, text);
}

bool is_customer_rule(PolicyRule rule) {
    return rule == PolicyRule::budget_per_day || rule == PolicyRule::budget_per_month;
}

}  // namespace flexform

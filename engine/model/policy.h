// Cost guardrails declared in git: a customer's budget, the program's rules for what one plan may spend, and the
// reviewed waivers of a rule. Each rule warns or blocks; a blocked plan cannot be applied.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/date.h"
#include "engine/model/source_pos.h"

namespace flexform {

enum class Enforcement { warn, block };
std::string_view to_string(Enforcement enforcement);
std::optional<Enforcement> parse_enforcement(std::string_view text);

// A cost rule, by the name manifests, waivers, JSON and plan files give it ("budget.perDay", "minRunwayDays", ...).
enum class PolicyRule {
    budget_per_day,
    budget_per_month,
    max_increase_per_day,
    max_commitment_share,
    max_balance_share,
    min_runway_days,
};
std::string_view to_string(PolicyRule rule);
std::optional<PolicyRule> parse_policy_rule(std::string_view text);
bool is_customer_rule(PolicyRule rule);  // a budget of a customer, else a rule of flexform.yaml

struct Limit {
    double value = 0.0;
    Enforcement action = Enforcement::block;
    SourcePos pos;
};

// spec.budget of a customer: what its run-rate may reach after a plan.
struct Budget {
    std::optional<double> per_day;    // points per day
    std::optional<double> per_month;  // points per 30-day month
    Enforcement action = Enforcement::block;
    SourcePos pos;
};

// spec.policies of flexform.yaml: what one plan may do to the program.
struct ProgramPolicies {
    std::optional<Limit> max_increase_per_day;  // the plan's program delta, points per day
    std::optional<Limit> max_commitment_share;  // the plan's yearly delta as a share of the yearly commitment (0-1)
    std::optional<Limit> max_balance_share;     // the plan's 30-day delta as a share of the prepaid balance (0-1)
    std::optional<Limit> min_runway_days;       // prepaid runway after the plan, in days

    bool any() const { return max_increase_per_day || max_commitment_share || max_balance_share || min_runway_days; }
};

// spec.overrides: one rule waived, for a reason, until a day. Reviewed in git like any change.
struct Waiver {
    PolicyRule rule = PolicyRule::budget_per_day;
    std::string reason;
    Date expires;  // the last day it holds
    SourcePos pos;
    bool whole_budget = false;  // written `rule: budget`: one entry waives both budget rules, perDay and perMonth
};

// The rules a waiver of a customer, or of flexform.yaml, may name.
inline constexpr PolicyRule k_customer_rules[] = {PolicyRule::budget_per_day, PolicyRule::budget_per_month};
inline constexpr PolicyRule k_program_rules[] = {PolicyRule::max_increase_per_day, PolicyRule::max_commitment_share,
                                                 PolicyRule::max_balance_share, PolicyRule::min_runway_days};

}  // namespace flexform

// Cost guardrails evaluated: each budget and program rule of the manifests against a plan's figures (or against
// today's run-rate for drift and program). Pure.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/desired.h"

namespace flexform {

struct Cost;

enum class PolicyStatus { pass, warn, block, waived, not_evaluated };
std::string_view to_string(PolicyStatus status);
std::optional<PolicyStatus> parse_policy_status(std::string_view text);

// The runway compared with minRunwayDays when the balance is never used up (nothing is consumed).
inline constexpr double k_unbounded_runway_days = 1e9;

// Against what a rule was measured: a plan's figures, or what the customer costs now (drift, program).
enum class PolicyBasis { plan, now };

// The figure a program lacks for a rule to be evaluated.
enum class MissingFigure { yearly_commitment, prepaid_balance, program_totals };

// What a result is phrased from, besides the compared value and the limit.
struct PolicyFigures {
    double before = 0.0;  // budgets: the customer's figure before the plan, in the rule's unit
    double added = 0.0;   // shares: what the plan adds, points per year (commitment) or per 30 days (balance)
    double base = 0.0;    // shares: the yearly commitment or the prepaid balance
    bool worsens = true;  // false: the plan does not add to it, so being beyond it was there before
    bool unbounded = false;               // minRunwayDays: the balance is never used up
    std::optional<MissingFigure> missing;  // not evaluated for want of this figure

    bool operator==(const PolicyFigures& other) const = default;
};

struct PolicyResult {
    PolicyRule rule = PolicyRule::budget_per_day;
    std::string subject;  // the customer, or "program"
    PolicyStatus status = PolicyStatus::pass;
    Enforcement action = Enforcement::block;
    PolicyBasis basis = PolicyBasis::plan;
    double limit = 0.0;
    std::optional<double> value;  // the figure compared with the limit
    PolicyFigures figures;
    std::optional<Waiver> waiver;  // the waiver applied (waived), or the one that expired
    // A result read back from a plan file has no figures (the file keeps the plan's cost rounded), only the words it
    // was written with: shown as they are.
    std::optional<std::string> phrased_detail;

    // The verdict and what it compared; the figures follow from the plan's cost, the words from the figures.
    bool operator==(const PolicyResult& other) const {
        return rule == other.rule && subject == other.subject && status == other.status && action == other.action &&
               basis == other.basis && limit == other.limit && value == other.value;
    }
};

// Every rule of the manifests against a plan's cost (program totals, per-customer run-rates before and after).
std::vector<PolicyResult> evaluate_policies(const Cost& cost, const DesiredState& desired, const Date& today);

// Customers' budgets against what they cost now (drift, program): over budget is a finding, never "blocked".
std::vector<PolicyResult> evaluate_budgets_now(const std::map<std::string, double>& per_day_by_customer,
                                               const DesiredState& desired, const Date& today);

}  // namespace flexform

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

struct PolicyResult {
    std::string rule;     // "budget.perDay", "maxIncreasePerDay", ...
    std::string subject;  // the customer, or "program"
    PolicyStatus status = PolicyStatus::pass;
    Enforcement action = Enforcement::block;
    double limit = 0.0;
    std::optional<double> value;   // the figure compared with the limit
    std::string unit;              // "points/day", "points/month", "share", "days"
    std::string detail;            // what was compared, in words
    std::optional<Waiver> waiver;  // the waiver applied (waived), or the one that expired

    bool operator==(const PolicyResult& other) const {
        return rule == other.rule && subject == other.subject && status == other.status && action == other.action &&
               limit == other.limit && value == other.value && detail == other.detail;
    }
};

// Every rule of the manifests against a plan's cost (program totals, per-customer run-rates before and after).
std::vector<PolicyResult> evaluate_policies(const Cost& cost, const DesiredState& desired, const Date& today);

// Customers' budgets against what they cost now (drift, program): over budget is a finding, never "blocked".
std::vector<PolicyResult> evaluate_budgets_now(const std::map<std::string, double>& per_day_by_customer,
                                               const DesiredState& desired, const Date& today);

}  // namespace flexform

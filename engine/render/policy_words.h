// Words for an evaluated cost rule: its unit and what it compared, as every renderer and the plan file say them.
#pragma once

#include <string>
#include <string_view>

#include "engine/plan/policies.h"

namespace flexform {

// "points/day", "points/month", "share", "days"
std::string_view policy_unit(PolicyRule rule);

// "run-rate after this plan 50.01 points/day (before 40.00), budget 50.00", "costs 62.50 points/day now, budget 50.00"
std::string policy_detail(const PolicyResult& result);

// "customer acme is over its budget (budget.perDay): costs 62.50 points/day now, budget 50.00"
std::string over_budget_warning(const PolicyResult& result);

}  // namespace flexform

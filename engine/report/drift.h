// DriftReport says, in plain words, where live FortiFlex differs from git. It is derived from a plan: every change
// the plan would make is a difference someone made outside git (or a change not yet applied).
#pragma once

#include <string>
#include <vector>

#include "engine/plan/plan.h"

namespace flexform {

struct DriftItem {
    std::string address;
    std::string kind;  // config_changed, config_disabled, config_missing, serial_missing, entitlement_stopped, ...
    std::string message;
    std::string remedy;  // what `flexform apply` would do about it
    bool ignored = false;
};

struct DriftReport {
    std::string program;
    std::vector<DriftItem> items;
    int checked_customers = 0;

    int drifted() const;  // items not ignored
    bool in_sync() const { return drifted() == 0; }
};

// `ignore` holds address patterns; '*' matches any run of characters ("acme/*", "*/legacy").
DriftReport drift_from_plan(const Plan& plan, const std::vector<std::string>& ignore);
bool matches_pattern(const std::string& pattern, const std::string& text);

}  // namespace flexform

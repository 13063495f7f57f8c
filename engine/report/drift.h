// DriftReport says where live FortiFlex differs from git, each finding a kind plus the data it is phrased from
// (engine/render/drift_words.h says it in words). It is derived from a plan: every change the plan would make is a
// difference someone made outside git (or a change not yet applied).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/plan/plan.h"
#include "engine/plan/policies.h"
#include "engine/report/ending.h"

namespace flexform {

enum class DriftKind {
    config_missing,
    config_changed,
    config_disabled,
    config_enabled,  // ACTIVE although git declares it disabled
    config_unmanaged,
    entitlement_missing,
    entitlement_moved,
    entitlement_changed,
    entitlement_stopped,
    entitlement_running,     // running although the customer is suspended in git
    entitlement_undeclared,  // running although git does not declare it
    device_moved_account,    // entitled in another account than git declares
    entitlement_replaced,    // an RMA replacement git declares is not swapped in yet (the old unit still runs)
    entitlement_ending,      // a running entitlement ends within the watched window
    over_budget,             // a customer costs more now than its budget in git allows
    conflict,                // what the plan cannot reconcile (an error)
    notice,                  // a warning
};
std::string_view to_string(DriftKind kind);

// The words of a finding as another run phrased them: a report read back from `drift --format json` has no data.
struct PhrasedDrift {
    std::string message;
    std::string remedy;
};

struct DriftItem {
    std::string address;
    DriftKind kind = DriftKind::notice;
    // What the finding is phrased from: one of these.
    std::optional<Change> change;             // what the plan would change
    std::optional<PlanDiagnostic> diagnostic;  // unmanaged_config, conflict, notice
    std::optional<PolicyResult> budget;        // over_budget: the customer's budget against what it costs now
    std::optional<EndingEntitlement> ending;   // entitlement_ending
    std::optional<PhrasedDrift> phrased;       // read back from JSON, shown as it was written
    std::optional<double> phrased_points;      // read back: its points per day against git, when it had one
    bool ignored = false;
};

struct DriftReport {
    std::string program;
    std::string program_name;  // several programs (flexform.yaml spec.programs): the program's short name
    std::vector<DriftItem> items;
    int checked_customers = 0;

    int drifted() const;  // items not ignored
    int ignored() const;  // items --ignore hid
    bool in_sync() const { return drifted() == 0; }
};

// What a finding costs per day in FortiFlex against git (what runs minus what git declares: a CPU raised in the
// portal is positive, a declared device not entitled negative); nullopt when it moves no points.
std::optional<double> points_against_git(const DriftItem& item);

// An item of `drift_from_plan` for a budget the customer is over now.
DriftItem over_budget_item(const PolicyResult& budget);
// An item for an entitlement ending within the watched window.
DriftItem ending_item(const EndingEntitlement& ending);

// `ignore` holds address patterns; '*' matches any run of characters ("acme/*", "*/legacy").
DriftReport drift_from_plan(const Plan& plan, const std::vector<std::string>& ignore);
bool matches_pattern(const std::string& pattern, const std::string& text);
std::optional<DriftKind> parse_drift_kind(std::string_view text);
// A report read back from `drift --format json` (throws std::invalid_argument on anything else).
DriftReport drift_from_json_text(const std::string& text);
// Each program's report of `drift --format json` across programs ({"programs": [...]}), or the one report of a
// program's. Throws std::invalid_argument as drift_from_json_text does.
std::vector<DriftReport> drifts_from_json_text(const std::string& text);

}  // namespace flexform

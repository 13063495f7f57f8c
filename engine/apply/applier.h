// apply_plan executes a Plan through a Provider in the order of DESIGN section 4, each stage with bounded
// parallelism, and reports every action's outcome. A stage with failures ends the run: later stages are not
// attempted, so nothing is stopped or disabled on top of a half-done onboarding.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/catalog/catalog.h"
#include "engine/plan/plan.h"
#include "engine/ports/provider.h"

namespace flexform {

enum class OutcomeStatus { done, failed, not_attempted };
std::string_view to_string(OutcomeStatus status);

struct ActionOutcome {
    std::size_t index = 0;  // into plan.changes
    OutcomeStatus status = OutcomeStatus::not_attempted;
    std::string error;
    double seconds = 0.0;
    std::optional<std::int64_t> config_id;  // a created configuration's id
    std::vector<std::string> serials;       // entitlements created or touched
};

struct ApplyOptions {
    int parallelism = 8;
    const Catalog* catalog = nullptr;
    std::function<double()> seconds_now;                   // a monotonic clock, for elapsed times
    std::function<void(const std::string&)> progress;      // one line per action start and end
    std::function<void(const ActionOutcome&)> on_outcome;  // e.g. the journal
};

struct ApplyResult {
    std::vector<ActionOutcome> outcomes;  // one per change, in plan order
    int count(OutcomeStatus status) const;
    bool ok() const { return count(OutcomeStatus::done) == static_cast<int>(outcomes.size()); }
};

ApplyResult apply_plan(const Plan& plan, Provider& provider, const ApplyOptions& options);

}  // namespace flexform

// The plan use case: read what the customers in scope need from FortiFlex, price it, and plan. Used by `plan`,
// `apply`, `drift` and `show`'s counterpart; the CLI only binds flags to a PlanRequest.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/model/defaults.h"
#include "engine/catalog/catalog.h"
#include "engine/model/desired.h"
#include "engine/plan/plan.h"
#include "engine/ports/clock.h"
#include "engine/ports/provider.h"

namespace flexform {

struct PlanRequest {
    std::string program;
    std::vector<std::string> customers;  // empty: every customer of the manifests
    bool prune = false;
    std::vector<std::string> manifest_paths;  // recorded in the plan, so `apply PLANFILE` can read them again
    // plan --changed-since: `customers` are the changed ones and only their accounts are read (none: an empty plan,
    // and no request at all).
    std::string changed_since;
    bool price = true;  // drift needs no prices
    int parallelism = k_default_parallelism;
    std::optional<double> yearly_commitment;
};

struct PlanOutcome {
    LiveState live;
    Plan plan;
    std::int64_t requests = 0;  // API requests the plan took
    std::size_t accounts_read = 0;
    std::size_t prices = 0;
};

PlanOutcome plan_program(Provider& provider, const Clock& clock, const DesiredState& desired,
                         const PlanRequest& request, const Catalog& catalog);

}  // namespace flexform

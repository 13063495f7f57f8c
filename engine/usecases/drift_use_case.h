// The drift use case: a read-only plan turned into plain-words differences between git and FortiFlex.
#pragma once

#include <string>
#include <vector>

#include "engine/report/drift.h"
#include "engine/usecases/plan_use_case.h"

namespace flexform {

struct DriftRequest {
    PlanRequest plan;                 // the loaded manifests, the program and --customer
    std::vector<std::string> ignore;  // address patterns of accepted differences
    int ending_within_days = k_default_ending_within_days;  // entitlements ending this soon are findings
};

struct DriftOutcome {
    DriftReport report;
    Plan plan;
    std::int64_t requests = 0;
};

DriftOutcome check_drift(Provider& provider, const Clock& clock, const DriftRequest& request, const Catalog& catalog);

}  // namespace flexform

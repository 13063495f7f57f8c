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
};

struct DriftOutcome {
    DriftReport report;
    Plan plan;
    std::int64_t requests = 0;
};

DriftOutcome check_drift(Provider& provider, const Clock& clock, const DriftRequest& request, const Catalog& catalog);

}  // namespace flexform

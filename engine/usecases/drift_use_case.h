// The drift use case: a read-only plan turned into plain-words differences between git and FortiFlex.
#pragma once

#include <string>
#include <vector>

#include "engine/report/drift.h"
#include "engine/usecases/plan_use_case.h"
#include "engine/usecases/programs_plan_use_case.h"

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

// One program's section of drift across several programs.
struct ProgramDrift {
    ProgramSettings program;
    DriftOutcome outcome;  // its report names the program (program_name)
};

// Drift of every program in scope (flexform.yaml spec.programs): `programs` as for plan_programs; request.plan gives
// nothing but --customer beside `ignore` and `ending_within_days`.
std::vector<ProgramDrift> check_drift_programs(const Clock& clock, const ProgramsPlanRequest& programs,
                                               const DriftRequest& request, const Catalog& catalog);

}  // namespace flexform

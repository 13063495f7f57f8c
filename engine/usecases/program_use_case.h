// The program use case: the prepaid balance and runway, or postpaid consumption against the yearly commitment,
// each day taken from the consumption store when it has it and from FortiFlex's 90 days otherwise.
#pragma once

#include <optional>
#include <string>

#include "engine/model/defaults.h"
#include "engine/model/defaults.h"
#include "engine/model/desired.h"
#include "engine/ports/clock.h"
#include "engine/ports/consumption_store.h"
#include "engine/ports/provider.h"
#include "engine/report/status.h"

namespace flexform {

struct ProgramRequest {
    std::string program;
    int year = 0;  // 0: this year
    int trend_days = 30;
    std::optional<double> yearly_commitment;  // none: nothing to compare with
    const DesiredState* desired = nullptr;    // the manifests, for customers' budgets (may be null)
    const LiveState* live = nullptr;          // the program's live state when the caller read it already
    int parallelism = k_default_parallelism;
    int ending_within_days = k_default_ending_within_days;  // entitlements ending this soon are findings
};

struct ProgramOutcome {
    ProgramReport report;
    std::int64_t requests = 0;
    std::int64_t points_requests = 0;  // entitlements/points calls among them
};

// `store` may be null (no consumption database). Throws ConsumptionError for a year the program does not cover, a
// future year, or trend windows that reach past FortiFlex's 90 days with no store to fill them.
ProgramOutcome program_report(Provider& provider, ConsumptionStore* store, const Clock& clock,
                              const ProgramRequest& request);

}  // namespace flexform

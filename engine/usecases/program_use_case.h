// The program use case: the prepaid balance and runway, or postpaid consumption against the yearly commitment,
// from the API's 90 days and, before them, the consumption store.
#pragma once

#include <optional>
#include <string>

#include "engine/ports/clock.h"
#include "engine/ports/consumption_store.h"
#include "engine/ports/provider.h"
#include "engine/report/status.h"

namespace flexform {

struct ProgramRequest {
    std::string program;
    int year = 0;  // 0: this year
    int trend_days = 30;
    std::optional<double> yearly_commitment;
    int parallelism = 8;
};

struct ProgramOutcome {
    ProgramReport report;
    std::int64_t requests = 0;
};

// `store` may be null (no consumption database).
ProgramOutcome program_report(Provider& provider, ConsumptionStore* store, const Clock& clock,
                              const ProgramRequest& request);

}  // namespace flexform

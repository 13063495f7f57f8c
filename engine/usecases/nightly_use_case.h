// The nightly use case: one read of the program, and from it the night's four results: drift, the consumption
// pull of the closed days not yet stored, program status and projection, and the dashboard. Each is the same use
// case its own verb runs, over a provider that answers every repeated read from the first (ReadOnceProvider).
#pragma once

#include <cstdint>
#include <vector>

#include "engine/report/dashboard.h"
#include "engine/usecases/consumption_use_case.h"
#include "engine/usecases/dashboard_use_case.h"
#include "engine/usecases/drift_use_case.h"
#include "engine/usecases/program_use_case.h"
#include "engine/usecases/snapshot_reading.h"

namespace flexform {

struct NightlyRequest {
    DriftRequest drift;      // the manifests and the program
    ProgramRequest program;  // commitment, year, trend
    DashboardRequest dashboard;
    PullOptions pull;  // program, today, stamps; `days` empty: the closed days not yet stored
    SnapshotAccess snapshots;  // where the night's read is kept as the program's newest snapshot (never read from)
};

struct NightlyOutcome {
    DriftOutcome drift;
    PullResult pull;
    ProgramOutcome program;
    DashboardData dashboard;
    std::int64_t requests = 0;  // FortiFlex requests of the whole night
};

// The closed days of FortiFlex's window after the latest day the store holds; yesterday when it holds none.
std::vector<Date> days_not_stored(ConsumptionStore& store, const std::string& program, const Date& today);

NightlyOutcome run_nightly(Provider& provider, ConsumptionStore& store, const Clock& clock, NightlyRequest request,
                           const Catalog& catalog);

}  // namespace flexform

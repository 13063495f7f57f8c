// The dashboard use case: one gathering of everything the operations dashboard shows.
#pragma once

#include <optional>
#include <string>

#include "engine/catalog/catalog.h"
#include "engine/model/defaults.h"
#include "engine/ports/clock.h"
#include "engine/ports/consumption_store.h"
#include "engine/ports/provider.h"
#include "engine/report/dashboard.h"
#include "engine/usecases/snapshot_reading.h"

namespace flexform {

struct DashboardRequest {
    std::string program;
    std::string program_name;  // spec.programs: the program's short name, which its pages' titles give
    std::string project_name;  // the pages' titles name it; empty: no project file
    const DesiredState* desired = nullptr;
    std::optional<double> yearly_commitment;
    std::optional<DriftReport> drift;  // from `drift --format json`; none: computed from the live state read here
    std::string drift_source;
    std::optional<Plan> pending;
    int parallelism = k_default_parallelism;
    int ending_within_days = k_default_ending_within_days;  // entitlements ending this soon need attention
    SnapshotAccess snapshots;  // a young enough snapshot answers instead of FortiFlex; a live read is kept
};

// `store` may be null. The live state is read once for status and drift; the program's figures by program_report.
DashboardData gather_dashboard(Provider& provider, ConsumptionStore* store, const Clock& clock,
                               const DashboardRequest& request, const Catalog& catalog);

}  // namespace flexform

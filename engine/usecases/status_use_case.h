// The status use case: every tenant of the program with what it holds and costs now.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "engine/model/defaults.h"
#include "engine/ports/provider.h"
#include "engine/report/status.h"
#include "engine/usecases/snapshot_reading.h"

namespace flexform {

struct StatusRequest {
    std::string program;
    std::optional<std::int64_t> account;                 // one account in detail (read even without configs)
    std::map<std::int64_t, std::string> customer_names;  // from the manifests
    OfferIndex offers;                                   // from the manifests: the report sums each offer
    int parallelism = k_default_parallelism;
    SnapshotAccess snapshots;  // a young enough snapshot answers instead of FortiFlex; a live read is kept
};

struct StatusOutcome {
    StatusReport report;
    LiveState live;
    std::int64_t requests = 0;
};

StatusOutcome program_status(Provider& provider, const StatusRequest& request, const Catalog& catalog);

}  // namespace flexform

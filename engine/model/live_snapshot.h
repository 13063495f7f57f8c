// LiveSnapshot is one full read of a program's live state kept with its time, so a later read-only command (status,
// dashboard, a live consumption report) may answer from it instead of asking FortiFlex again. It holds what those
// commands read: configurations, every account's entitlements, the prepaid balance, programs/list and prices. It
// never holds a licence token: those are secrets, and `tokens` always reads FortiFlex (docs/snapshots.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/model/live.h"

namespace flexform {

// One tools/calc answer: the per-unit price of a (product, parameters) pair.
struct PricedParameters {
    int product_id = 0;
    ParameterSet parameters;
    Price price;
};

struct LiveSnapshot {
    std::string taken_at;                              // UTC ISO 8601: when the read began
    LiveState live;                                    // complete: every account of the program
    std::optional<std::vector<ProgramInfo>> programs;  // programs/list, when the read asked for it
    std::vector<PricedParameters> prices;
};

// Where a command's live state came from when it was a snapshot: for the label on its output.
struct SnapshotOrigin {
    std::string taken_at;          // UTC ISO 8601
    std::int64_t age_seconds = 0;  // at the time the command ran
};

// The snapshot as stored: a JSON document. Throws std::invalid_argument on a document of another shape.
std::string snapshot_to_json(const LiveSnapshot& snapshot);
LiveSnapshot snapshot_from_json(const std::string& text);

}  // namespace flexform

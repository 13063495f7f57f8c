// What became of the creates of unknown outcome still on record, judged against a fresh read of FortiFlex: found
// live (the create happened), still inside its settle window (wait), or past it and absent in two reads that agree
// (it never happened: it may be created again). Used by the plan and apply use cases before planning.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/model/live.h"
#include "engine/plan/settle.h"
#include "engine/ports/pending_creates.h"
#include "engine/ports/provider.h"

namespace flexform {

struct PendingReview {
    std::vector<PendingCreate> found;    // live now: close the record
    std::vector<PendingCreate> absent;   // past the window and absent twice: close it, the create may be sent again
    std::vector<PendingCreate> waiting;  // not found yet: nothing may create it again in this run
    std::vector<SettlingCreate> settling() const;  // `waiting`, as the planner takes it
};

// `open`: the records; `live`: read at `read_at` (UTC seconds), before which the window must have ended for the
// read to count. Past the window, the absence is confirmed by a second read of the account or configuration.
PendingReview review_pending(Provider& provider, const std::string& program, const LiveState& live,
                             const std::vector<PendingCreate>& open, std::int64_t read_at);

}  // namespace flexform

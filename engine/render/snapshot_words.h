// The words for output answered from a stored snapshot of live state (--max-age): its age and time, the same in
// every format.
#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

#include "engine/model/live_snapshot.h"

namespace flexform {

// "live state as read 12 min ago, 2026-12-05T02:10Z"
std::string snapshot_label(const SnapshotOrigin& origin);
// "12 min ago", "45 s ago", "2 h 5 min ago", "3 days ago"
std::string age_words(std::int64_t seconds);
// {"taken_at": "2026-12-05T02:10:33Z", "age_seconds": 720}; null for live output.
nlohmann::json snapshot_json(const std::optional<SnapshotOrigin>& origin);

}  // namespace flexform

// Renderers for `flexform consumption pull`: one progress line per day as it is decided, and the summary of the
// whole pull. Pure functions.
#pragma once

#include <string>
#include <vector>

#include "engine/report/named.h"
#include "engine/usecases/consumption_use_case.h"

namespace flexform {

// "2026-11-28: 12 rows / 40.50 points stored", or why the day was kept or failed (no newline).
std::string render_pull_day(const DayPull& day);
// The counts per outcome into `store` (its description), then what to do about kept and failed days.
std::string render_pull_summary(const PullResult& result, const std::string& store);

// Across several programs: each day's line and each program's summary start with the program's name.
std::string render_pull_day(const std::string& program, const DayPull& day);
std::string render_pull_summary(const std::vector<Named<PullResult>>& results, const std::string& store);

}  // namespace flexform

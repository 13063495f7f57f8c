// The words of a wait on the program's request budget: what is spent, how much, and until when. Pure functions.
#pragma once

#include <cstdint>
#include <string>

#include "engine/ports/request_budget.h"

namespace flexform {

// "budget: 900 of 900 requests this hour are spent (the file ...); waiting until 01:23:45 UTC (12 min 3 s)\n".
std::string render_budget_wait(const BudgetWait& wait, std::int64_t now_ms, const std::string& where);

// "01:23:45 UTC" of Unix milliseconds.
std::string utc_clock_time(std::int64_t unix_ms);
// "12 min 3 s", "45 s", "1 h 2 min".
std::string duration_words(std::int64_t milliseconds);

}  // namespace flexform

// The words of a wait on the program's request budget or its apply lock: what is held or spent, by whom, and until
// when. Pure functions.
#pragma once

#include <cstdint>
#include <string>

#include "engine/ports/program_lock.h"
#include "engine/ports/request_budget.h"

namespace flexform {

// "budget: 900 of 900 requests this hour are spent (the file ...); waiting until 01:23:45 UTC (12 min 3 s)\n".
std::string render_budget_wait(const BudgetWait& wait, std::int64_t now_ms, const std::string& where);

// "lock: program P is held by apply by ci@runner-3 (pid 4711) since ... (where); waiting until 01:23:45 UTC (2 min)\n".
std::string render_lock_wait(const std::string& program, const LockHolder& holder, const std::string& where,
                             std::int64_t now_ms, std::int64_t until_ms);

// "01:23:45 UTC" of Unix milliseconds.
std::string utc_clock_time(std::int64_t unix_ms);
// "12 min 3 s", "45 s", "1 h 2 min".
std::string duration_words(std::int64_t milliseconds);

}  // namespace flexform

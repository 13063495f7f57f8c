// BudgetLedger is what a shared request budget stores: when the requests and the failed creates of the last hour
// were taken. The rules over it are pure functions, so the file and the PostgreSQL budget decide alike.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/ports/request_budget.h"

namespace flexform {

inline constexpr std::int64_t k_budget_minute_ms = 60'000;
inline constexpr std::int64_t k_budget_hour_ms = 3'600'000;

struct BudgetLedger {
    std::vector<std::int64_t> requests;       // Unix milliseconds, ascending
    std::vector<std::int64_t> create_errors;  // Unix milliseconds, ascending
};

// The time a take is judged and recorded at: never before the newest take recorded, so a process whose clock lags
// (another host, or a read of the clock that waited on the lock) cannot slip a take into a window already full.
std::int64_t effective_now(const BudgetLedger& ledger, std::int64_t now_ms);
// Drops what is older than an hour at `now_ms`: nothing older counts in any window.
void forget_old(BudgetLedger& ledger, std::int64_t now_ms);
// Whether a request may be sent at `now_ms` under `limits`; the wait when not (the longest of the full windows).
std::optional<BudgetWait> wait_for_request(const BudgetLedger& ledger, const BudgetLimits& limits, std::int64_t now_ms);
// Whether the hour's allowance of failed creates is spent at `now_ms`.
std::optional<BudgetWait> wait_for_create(const BudgetLedger& ledger, const BudgetLimits& limits, std::int64_t now_ms);
// Records one entry, keeping the list ascending.
void record(std::vector<std::int64_t>& times, std::int64_t at_ms);
// The limit a process has in a window of `limit`: its share, at least 1; 0 stays 0 (no window).
int shared_limit(int limit, double share);

std::string to_text(const BudgetLedger& ledger);
// An unreadable text (a torn or foreign file) reads as an empty ledger: the budget restarts, it does not block.
BudgetLedger ledger_from_text(const std::string& text);

}  // namespace flexform

// BudgetGate is where every request of the client takes from the program's request budget before it is sent: it
// waits while the budget is spent (saying so), gives up cleanly after the budget timeout, drops a queued request
// at once on an interrupt, and keeps the allowance of failed creates.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

#include "engine/ports/request_budget.h"

namespace flexform::fortiflex {

struct GateOptions {
    std::function<std::int64_t()> wall_ms;                 // Unix milliseconds; the budget is shared across hosts
    std::function<void(std::chrono::milliseconds)> sleep;  // injected for tests
    // How long one request may wait on the budget (none: as long as it takes); once one wait has run out, every
    // later request that would wait fails at once.
    std::optional<std::chrono::milliseconds> timeout;
    const std::atomic<bool>* stop = nullptr;         // set by an interrupt: drop the requests still queued
    std::function<void(const BudgetWait&)> on_wait;  // a wait began, or goes on (every k_wait_report)
};

inline constexpr std::chrono::seconds k_wait_report{30};

class BudgetGate {
public:
    // `budget` null: no budget (every request goes at once).
    BudgetGate(RequestBudget* budget, GateOptions options);

    // Blocks until the budget has a request to give, and takes it. Throws ProviderError budget_spent when the
    // budget timeout has passed (then at once for every later request) or the run was interrupted meanwhile.
    void acquire();
    // Throws ProviderError create_errors_spent when the hour's allowance of failed creates is spent.
    void check_create();
    void note_create_error();

private:
    RequestBudget* m_budget;
    GateOptions m_options;
    std::atomic<bool> m_timed_out{false};
    std::mutex m_report_mutex;
    std::int64_t m_last_report_ms = 0;
};

}  // namespace flexform::fortiflex

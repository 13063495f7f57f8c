// The budget of one process: what the client falls back to when no shared budget is given (tests, the sandbox).
#include <mutex>

#include "providers/budget/budget_ledger.h"
#include "providers/budget/budgets.h"

namespace flexform {

namespace {

class MemoryBudget : public RequestBudget {
public:
    explicit MemoryBudget(const BudgetLimits& limits) : m_limits(limits) {}

    std::optional<BudgetWait> try_take(std::int64_t now_ms) override {
        std::lock_guard lock(m_mutex);
        const std::int64_t now = effective_now(m_ledger, now_ms);
        forget_old(m_ledger, now);
        auto wait = wait_for_request(m_ledger, m_limits, now);
        if (!wait) {
            record(m_ledger.requests, now);
        }
        return wait;
    }
    void note_create_error(std::int64_t now_ms) override {
        std::lock_guard lock(m_mutex);
        record(m_ledger.create_errors, now_ms);
    }
    std::optional<BudgetWait> create_errors_spent(std::int64_t now_ms) override {
        std::lock_guard lock(m_mutex);
        forget_old(m_ledger, now_ms);
        return wait_for_create(m_ledger, m_limits, now_ms);
    }
    std::string describe() const override { return "this process only"; }

private:
    BudgetLimits m_limits;
    std::mutex m_mutex;
    BudgetLedger m_ledger;
};

}  // namespace

std::unique_ptr<RequestBudget> memory_budget(const BudgetLimits& limits) {
    return std::make_unique<MemoryBudget>(limits);
}

std::string budget_key(const BudgetPlace& place) {
    // FNV-1a, 64 bits: stable across builds and hosts, unlike std::hash.
    unsigned long long hash = 1469598103934665603ULL;
    for (const char c : place.api_url + " " + place.program) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ULL;
    }
    static constexpr char k_hex[] = "0123456789abcdef";
    std::string out;
    for (int shift = 60; shift >= 0; shift -= 4) {
        out += k_hex[(hash >> shift) & 0xf];
    }
    return out;
}

}  // namespace flexform

#include "providers/fortiflex/rate_limiter.h"

#include <algorithm>
#include <string>

#include "engine/ports/provider.h"

namespace flexform::fortiflex {

namespace {

// How often a wait looks at the interrupt flag: Ctrl-C must drop queued requests at once, not after the wait.
constexpr std::int64_t k_stop_poll_ms = 200;

std::string window_name(BudgetWindow window) {
    switch (window) {
        case BudgetWindow::minute:
            return "minute";
        case BudgetWindow::hour:
            return "hour";
        case BudgetWindow::create_errors:
            return "hour's failed creates";
    }
    return "window";
}

std::string used_text(const BudgetWait& wait) {
    return std::to_string(wait.used) + " of " + std::to_string(wait.limit) + " this " + window_name(wait.window);
}

}  // namespace

BudgetGate::BudgetGate(RequestBudget* budget, GateOptions options) : m_budget(budget), m_options(std::move(options)) {}

void BudgetGate::acquire() {
    if (!m_budget) {
        return;
    }
    const auto stopped = [this] { return m_options.stop && m_options.stop->load(); };
    const std::int64_t start = m_options.wall_ms();
    for (;;) {
        if (stopped()) {
            throw ProviderError(ProviderError::Kind::budget_spent,
                                "not sent: interrupted while waiting for the request budget");
        }
        const std::int64_t now = m_options.wall_ms();
        const auto wait = m_budget->try_take(now);
        if (!wait) {
            return;
        }
        const bool out_of_time =
            m_options.timeout && (m_timed_out.load() || now - start >= m_options.timeout->count() ||
                                  wait->until_ms - start > m_options.timeout->count());
        if (out_of_time) {
            m_timed_out = true;
            throw ProviderError(ProviderError::Kind::budget_spent,
                                "not sent: the request budget is spent (" + used_text(*wait) +
                                    ") and would free only after the budget timeout of " +
                                    std::to_string(m_options.timeout->count() / 1000) + " s");
        }
        {
            std::lock_guard lock(m_report_mutex);
            if (m_options.on_wait &&
                (m_last_report_ms == 0 || now - m_last_report_ms >= std::chrono::milliseconds(k_wait_report).count())) {
                m_last_report_ms = now;
                m_options.on_wait(*wait);
            }
        }
        std::int64_t pause = wait->until_ms - now;
        if (m_options.stop) {
            pause = std::min(pause, k_stop_poll_ms);
        }
        m_options.sleep(std::chrono::milliseconds(std::max<std::int64_t>(pause, 1)));
    }
}

void BudgetGate::check_create() {
    if (!m_budget) {
        return;
    }
    if (const auto spent = m_budget->create_errors_spent(m_options.wall_ms())) {
        throw ProviderError(ProviderError::Kind::create_errors_spent,
                            "not sent: FortiFlex refused " + std::to_string(spent->used) +
                                " creates of this program in the last hour, its allowance under " +
                                "FortiFlex's limit of failed creates; creates resume after they age out of the hour");
    }
}

void BudgetGate::note_create_error() {
    if (m_budget) {
        m_budget->note_create_error(m_options.wall_ms());
    }
}

}  // namespace flexform::fortiflex

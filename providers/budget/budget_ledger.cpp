#include "providers/budget/budget_ledger.h"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

namespace flexform {

namespace {

// The wait for a window of `length` holding `times` under `limit`, if it is full.
std::optional<BudgetWait> full_window(BudgetWindow window, const std::vector<std::int64_t>& times, int limit,
                                      std::int64_t length, std::int64_t now_ms) {
    if (limit <= 0) {
        return std::nullopt;
    }
    const auto first = std::upper_bound(times.begin(), times.end(), now_ms - length);
    const auto used = static_cast<int>(std::distance(first, times.end()));
    if (used < limit) {
        return std::nullopt;
    }
    // A slot frees when the entry `limit` places from the newest leaves the window.
    const std::int64_t frees = *(times.end() - limit) + length;
    return BudgetWait{window, used, limit, std::max(frees, now_ms + 1)};
}

void forget(std::vector<std::int64_t>& times, std::int64_t before) {
    times.erase(times.begin(), std::upper_bound(times.begin(), times.end(), before));
}

std::vector<std::int64_t> times_in(const nlohmann::json& j, const char* key) {
    std::vector<std::int64_t> out;
    if (j.contains(key) && j.at(key).is_array()) {
        for (const auto& v : j.at(key)) {
            if (v.is_number_integer()) {
                out.push_back(v.get<std::int64_t>());
            }
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

int shared_limit(int limit, double share) {
    if (limit <= 0) {
        return 0;
    }
    const double clamped = std::clamp(share, 0.0, 1.0);
    return std::max(1, static_cast<int>(std::floor(limit * clamped)));
}

std::int64_t effective_now(const BudgetLedger& ledger, std::int64_t now_ms) {
    return ledger.requests.empty() ? now_ms : std::max(now_ms, ledger.requests.back());
}

void forget_old(BudgetLedger& ledger, std::int64_t now_ms) {
    forget(ledger.requests, now_ms - k_budget_hour_ms);
    forget(ledger.create_errors, now_ms - k_budget_hour_ms);
}

std::optional<BudgetWait> wait_for_request(const BudgetLedger& ledger, const BudgetLimits& limits,
                                           std::int64_t now_ms) {
    const auto minute = full_window(BudgetWindow::minute, ledger.requests,
                                    shared_limit(limits.per_minute, limits.share), k_budget_minute_ms, now_ms);
    const auto hour = full_window(BudgetWindow::hour, ledger.requests, shared_limit(limits.per_hour, limits.share),
                                  k_budget_hour_ms, now_ms);
    if (minute && hour) {
        return hour->until_ms >= minute->until_ms ? hour : minute;
    }
    return minute ? minute : hour;
}

std::optional<BudgetWait> wait_for_create(const BudgetLedger& ledger, const BudgetLimits& limits, std::int64_t now_ms) {
    // The allowance is FortiFlex's, not a pace: a read-only share does not shrink it.
    return full_window(BudgetWindow::create_errors, ledger.create_errors, limits.create_errors_per_hour,
                       k_budget_hour_ms, now_ms);
}

void record(std::vector<std::int64_t>& times, std::int64_t at_ms) {
    times.insert(std::upper_bound(times.begin(), times.end(), at_ms), at_ms);
}

std::string to_text(const BudgetLedger& ledger) {
    return nlohmann::json{{"requests", ledger.requests}, {"createErrors", ledger.create_errors}}.dump() + "\n";
}

BudgetLedger ledger_from_text(const std::string& text) {
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        return {};
    }
    return BudgetLedger{times_in(j, "requests"), times_in(j, "createErrors")};
}

}  // namespace flexform

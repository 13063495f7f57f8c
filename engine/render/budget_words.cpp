#include "engine/render/budget_words.h"

#include <algorithm>
#include <ctime>

namespace flexform {

namespace {

std::string window_words(BudgetWindow window) {
    switch (window) {
        case BudgetWindow::minute:
            return "requests this minute";
        case BudgetWindow::hour:
            return "requests this hour";
        case BudgetWindow::create_errors:
            return "failed creates this hour";
    }
    return "requests";
}

}  // namespace

std::string utc_clock_time(std::int64_t unix_ms) {
    const std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char buffer[16];
    std::strftime(buffer, sizeof buffer, "%H:%M:%S", &utc);
    return std::string(buffer) + " UTC";
}

std::string duration_words(std::int64_t milliseconds) {
    const std::int64_t seconds = (std::max<std::int64_t>(milliseconds, 0) + 999) / 1000;
    if (seconds < 60) {
        return std::to_string(seconds) + " s";
    }
    if (seconds < 3600) {
        const std::int64_t rest = seconds % 60;
        return std::to_string(seconds / 60) + " min" + (rest ? " " + std::to_string(rest) + " s" : "");
    }
    const std::int64_t minutes = (seconds % 3600) / 60;
    return std::to_string(seconds / 3600) + " h" + (minutes ? " " + std::to_string(minutes) + " min" : "");
}

std::string render_budget_wait(const BudgetWait& wait, std::int64_t now_ms, const std::string& where) {
    return "budget: " + std::to_string(wait.used) + " of " + std::to_string(wait.limit) + " " +
           window_words(wait.window) + " are spent (" + where + "); waiting until " + utc_clock_time(wait.until_ms) +
           " (" + duration_words(wait.until_ms - now_ms) + ")\n";
}

std::string render_lock_wait(const std::string& program, const LockHolder& holder, const std::string& where,
                             std::int64_t now_ms, std::int64_t until_ms) {
    return "lock: program " + program + " is held by " + describe(holder) + " (" + where + "); waiting until " +
           utc_clock_time(until_ms) + " (" + duration_words(until_ms - now_ms) + ", --lock-timeout)\n";
}

}  // namespace flexform

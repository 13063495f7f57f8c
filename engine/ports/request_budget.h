// RequestBudget is the one allowance of FortiFlex requests that every flexform process of a program draws on: a
// minute window, an hour window and an hourly allowance of failed creates, kept where all those processes see it
// (a file beside the host-wide lock, or the project's PostgreSQL database).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "engine/model/defaults.h"

namespace flexform {

struct BudgetLimits {
    int per_minute = k_default_requests_per_minute;                 // 0: no minute window
    int per_hour = k_default_requests_per_hour;                     // 0: no hour window
    int create_errors_per_hour = k_default_create_errors_per_hour;  // 0: no allowance kept
    // The fraction of each window this process may fill: spec.readShare for read-only commands, so a long read
    // leaves the rest to an apply.
    double share = 1.0;
};

enum class BudgetWindow { minute, hour, create_errors };

// Why a take must wait: the full window, how full it is, this process's limit in it, and when a slot frees.
struct BudgetWait {
    BudgetWindow window = BudgetWindow::minute;
    int used = 0;
    int limit = 0;
    std::int64_t until_ms = 0;  // Unix milliseconds
};

class RequestBudget {
public:
    virtual ~RequestBudget() = default;
    // Takes one request at `now_ms` (Unix milliseconds) when every window has room, else takes nothing and says
    // what is full and until when.
    virtual std::optional<BudgetWait> try_take(std::int64_t now_ms) = 0;
    // Records a create FortiFlex answered with an error.
    virtual void note_create_error(std::int64_t now_ms) = 0;
    // The allowance of create errors, when it is spent.
    virtual std::optional<BudgetWait> create_errors_spent(std::int64_t now_ms) = 0;
    virtual std::string describe() const = 0;  // where it is kept, nothing secret
};

}  // namespace flexform

// SIGINT/SIGTERM during an apply: the first asks it to start nothing new and let calls in flight finish; a second
// abandons the calls in flight. InterruptScope installs the handlers for one apply and restores the old ones.
#pragma once

#include <atomic>

namespace flexform::cli {

struct Interrupts {
    std::atomic<bool> stop{false};
    std::atomic<bool> abandon{false};
};

Interrupts& interrupts();

class InterruptScope {
public:
    InterruptScope();
    ~InterruptScope();
    InterruptScope(const InterruptScope&) = delete;
    InterruptScope& operator=(const InterruptScope&) = delete;
};

}  // namespace flexform::cli

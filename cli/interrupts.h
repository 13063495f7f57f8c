// SIGINT/SIGTERM during an apply. Before any write (waiting for the lock, planning, waiting to settle) the first
// ends the apply at once: the reads in flight are abandoned, nothing has been written. Once writes may go out,
// the first asks it to start nothing new and let calls in flight finish; a second abandons the calls in flight
// (their outcome is unknown, and recorded so). InterruptScope installs the handlers for one apply and restores the
// old ones.
#pragma once

#include <atomic>

namespace flexform::cli {

struct Interrupts {
    std::atomic<bool> stop{false};
    std::atomic<bool> abandon{false};
    std::atomic<bool> writing{false};  // set right before the first write may go out
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

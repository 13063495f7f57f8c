// The benchmarks' clock: the day their seeds are made for (2026-11-20, matching the emulator's frozen clock), and
// the real monotonic time so durations are measured.
#pragma once

#include <chrono>
#include <string>

#include "engine/ports/clock.h"

namespace flexform::bench {

class BenchClock : public Clock {
public:
    Date today() const override { return {2026, 11, 20}; }
    std::string utc_timestamp() const override { return "2026-11-20T18:00:00Z"; }
    double monotonic_seconds() const override {
        return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
    }
};

// Seconds since `start`.
inline double since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace flexform::bench

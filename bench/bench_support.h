// What every benchmark sets up the same way: the clock of the day their seeds are made for (2026-11-20, matching
// the emulator's frozen clock, with the real monotonic time so durations are measured) and a client of the
// in-process emulator's bench user, unpaced so the figures measure flexform and the API, not the rate limiter.
#pragma once

#include <chrono>
#include <string>

#include "engine/catalog/catalog.h"
#include "engine/ports/clock.h"
#include "providers/fortiflex/client.h"

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

inline fortiflex::ClientOptions bench_client_options(const std::string& api_url, const std::string& auth_url) {
    fortiflex::ClientOptions options;
    options.api_url = api_url;
    options.auth_url = auth_url;
    options.username = "bench";
    options.password = "bench-password";
    options.requests_per_minute = 0;
    options.catalog = &builtin_catalog();
    return options;
}

}  // namespace flexform::bench

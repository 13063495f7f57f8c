// RateLimiter paces requests to at most N per sliding minute across every thread of the process.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>

namespace flexform::fortiflex {

class RateLimiter {
public:
    // requests_per_window <= 0 disables the limiter.
    explicit RateLimiter(int requests_per_window, std::chrono::milliseconds window = std::chrono::minutes(1))
        : m_limit(requests_per_window), m_window(window) {}

    // Blocks until a request may be sent, then records it. Returns how long it waited.
    std::chrono::milliseconds acquire();

private:
    int m_limit;
    std::chrono::milliseconds m_window;
    std::mutex m_mutex;
    std::deque<std::chrono::steady_clock::time_point> m_sent;
};

}  // namespace flexform::fortiflex

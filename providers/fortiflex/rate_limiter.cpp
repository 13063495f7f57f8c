#include "providers/fortiflex/rate_limiter.h"

#include <thread>

namespace flexform::fortiflex {

std::chrono::milliseconds RateLimiter::acquire() {
    if (m_limit <= 0) {
        return std::chrono::milliseconds(0);
    }
    const auto start = std::chrono::steady_clock::now();
    std::unique_lock lock(m_mutex);
    for (;;) {
        const auto now = std::chrono::steady_clock::now();
        while (!m_sent.empty() && m_sent.front() <= now - m_window) {
            m_sent.pop_front();
        }
        if (static_cast<int>(m_sent.size()) < m_limit) {
            m_sent.push_back(now);
            return std::chrono::duration_cast<std::chrono::milliseconds>(now - start);
        }
        const auto wake = m_sent.front() + m_window;
        // Sleeping with the lock released lets other threads see the same full window and queue behind us.
        lock.unlock();
        std::this_thread::sleep_until(wake);
        lock.lock();
    }
}

}  // namespace flexform::fortiflex

#include "emulator/token_service.h"

#include <openssl/rand.h>

#include <stdexcept>

namespace flexform::emulator {

namespace {

constexpr std::int64_t k_minute_millis = 60'000;

// `length` characters of [A-Za-z0-9], each from one unbiased random byte (bytes past 247 are drawn again).
std::string random_alnum(std::size_t length) {
    static const char k_chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    constexpr unsigned k_count = sizeof(k_chars) - 1;
    constexpr unsigned k_limit = 256 - 256 % k_count;
    std::string out;
    unsigned char bytes[64];
    while (out.size() < length) {
        if (RAND_bytes(bytes, sizeof bytes) != 1) {
            throw std::runtime_error("no randomness for a token");
        }
        for (const unsigned char b : bytes) {
            if (b < k_limit && out.size() < length) {
                out += k_chars[b % k_count];
            }
        }
    }
    return out;
}

}  // namespace

TokenService::TokenService(int ttl_seconds, std::function<std::int64_t()> real_clock)
    : m_ttl_seconds(ttl_seconds), m_clock(std::move(real_clock)) {}

IssuedToken TokenService::issue(const std::string& username) {
    IssuedToken t{random_alnum(30), random_alnum(30), m_ttl_seconds};
    std::lock_guard lock(m_mutex);
    const std::int64_t now = m_clock();
    prune(now);
    const std::int64_t expires = now + m_ttl_seconds * 1000LL;
    m_access[t.access] = {username, t.refresh, expires};
    m_refresh[t.refresh] = {username, t.access, expires + k_refresh_lifetime_millis};
    return t;
}

// Every expired grant goes, at most once a minute: a long-running staging emulator holds only live tokens.
void TokenService::prune(std::int64_t now) {
    if (now < m_next_prune) {
        return;
    }
    m_next_prune = now + k_minute_millis;
    for (auto* grants : {&m_access, &m_refresh}) {
        for (auto it = grants->begin(); it != grants->end();) {
            it = it->second.expires_millis <= now ? grants->erase(it) : std::next(it);
        }
    }
}

std::optional<std::string> TokenService::user_of(const std::string& access) const {
    std::lock_guard lock(m_mutex);
    const auto it = m_access.find(access);
    if (access.empty() || it == m_access.end() || it->second.expires_millis <= m_clock()) {
        return std::nullopt;
    }
    return it->second.username;
}

std::optional<std::string> TokenService::user_of_refresh(const std::string& refresh) const {
    std::lock_guard lock(m_mutex);
    const auto it = m_refresh.find(refresh);
    if (refresh.empty() || it == m_refresh.end() || it->second.expires_millis <= m_clock()) {
        return std::nullopt;
    }
    return it->second.username;
}

bool TokenService::revoke(const std::string& token) {
    std::lock_guard lock(m_mutex);
    if (const auto it = m_access.find(token); it != m_access.end()) {
        m_refresh.erase(it->second.pair);
        m_access.erase(it);
        return true;
    }
    if (const auto it = m_refresh.find(token); it != m_refresh.end()) {
        m_access.erase(it->second.pair);
        m_refresh.erase(it);
        return true;
    }
    return false;
}

std::vector<std::string> TokenService::issued() const {
    std::lock_guard lock(m_mutex);
    std::vector<std::string> out;
    for (const auto* grants : {&m_access, &m_refresh}) {
        for (const auto& [token, grant] : *grants) {
            out.push_back(token);
        }
    }
    return out;
}

std::size_t TokenService::live_count() const {
    std::lock_guard lock(m_mutex);
    return m_access.size() + m_refresh.size();
}

void TokenService::clear() {
    std::lock_guard lock(m_mutex);
    m_access.clear();
    m_refresh.clear();
    m_failures.clear();
}

void TokenService::forget_old_failures(std::int64_t now) {
    for (auto it = m_failures.begin(); it != m_failures.end();) {
        auto& times = it->second;
        while (!times.empty() && times.front() <= now - k_minute_millis) {
            times.pop_front();
        }
        it = times.empty() ? m_failures.erase(it) : std::next(it);
    }
}

int TokenService::login_wait_seconds(const std::string& username) {
    std::lock_guard lock(m_mutex);
    const std::int64_t now = m_clock();
    forget_old_failures(now);
    const auto it = m_failures.find(username);
    if (it == m_failures.end() || static_cast<int>(it->second.size()) < k_failed_logins_per_minute) {
        return 0;
    }
    const std::int64_t wait = it->second.front() + k_minute_millis - now;
    return static_cast<int>((wait + 999) / 1000);
}

void TokenService::login_failed(const std::string& username) {
    std::lock_guard lock(m_mutex);
    m_failures[username].push_back(m_clock());
}

void TokenService::login_succeeded(const std::string& username) {
    std::lock_guard lock(m_mutex);
    m_failures.erase(username);
}

}  // namespace flexform::emulator

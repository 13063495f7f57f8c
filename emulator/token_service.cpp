#include "emulator/token_service.h"

namespace flexform::emulator {

namespace {

std::string random_alnum(std::mt19937_64& rng, std::size_t length) {
    static const char k_chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::string out(length, 'A');
    for (auto& c : out) {
        c = k_chars[rng() % (sizeof(k_chars) - 1)];
    }
    return out;
}

}  // namespace

TokenService::TokenService(int ttl_seconds, std::function<std::int64_t()> real_clock, std::uint64_t seed)
    : m_ttl_seconds(ttl_seconds), m_clock(std::move(real_clock)), m_rng(seed) {}

IssuedToken TokenService::issue(const std::string& username) {
    std::lock_guard lock(m_mutex);
    IssuedToken t{random_alnum(m_rng, 30), random_alnum(m_rng, 30), m_ttl_seconds};
    m_access[t.access] = {username, m_clock() + m_ttl_seconds * 1000LL};
    m_refresh[t.refresh] = username;
    return t;
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
    return it == m_refresh.end() ? std::nullopt : std::optional<std::string>(it->second);
}

std::vector<std::string> TokenService::issued() const {
    std::lock_guard lock(m_mutex);
    std::vector<std::string> out;
    for (const auto& [token, access] : m_access) {
        out.push_back(token);
    }
    for (const auto& [token, user] : m_refresh) {
        out.push_back(token);
    }
    return out;
}

void TokenService::clear() {
    std::lock_guard lock(m_mutex);
    m_access.clear();
    m_refresh.clear();
}

}  // namespace flexform::emulator

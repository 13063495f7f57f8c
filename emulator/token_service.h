// TokenService is the emulated FortiCloud token service's memory: the access and refresh tokens it handed out,
// whose they are and when they expire, which were revoked, and each user's recent failed logins. Tokens are
// drawn from OpenSSL's RAND_bytes: a staging emulator's tokens must not be guessable. It has its own lock.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace flexform::emulator {

struct IssuedToken {
    std::string access;
    std::string refresh;
    int ttl_seconds = 0;
};

class TokenService {
public:
    // A user with this many failed logins within a minute is refused (429) until the oldest is a minute old.
    static constexpr int k_failed_logins_per_minute = 10;
    // A refresh token outlives its access token by this much, then it is pruned like an expired access token.
    static constexpr std::int64_t k_refresh_lifetime_millis = 30LL * 24 * 3600 * 1000;

    TokenService(int ttl_seconds, std::function<std::int64_t()> real_clock);

    IssuedToken issue(const std::string& username);
    // The user of a valid access token, or nothing when it is unknown, revoked or expired.
    std::optional<std::string> user_of(const std::string& access) const;
    std::optional<std::string> user_of_refresh(const std::string& refresh) const;
    // Revokes an access or refresh token together with its pair; false when it was not known.
    bool revoke(const std::string& token);
    std::vector<std::string> issued() const;  // every live token (test hooks grep output for them)
    std::size_t live_count() const;           // live access and refresh tokens, expired ones pruned
    void clear();

    // Seconds until `username` may try a password again (0: now). Failed attempts older than a minute are dropped.
    int login_wait_seconds(const std::string& username);
    void login_failed(const std::string& username);
    void login_succeeded(const std::string& username);

private:
    struct Grant {
        std::string username;
        std::string pair;  // the refresh token of an access token, and the other way round
        std::int64_t expires_millis = 0;
    };
    void prune(std::int64_t now);  // with m_mutex held
    void forget_old_failures(std::int64_t now);

    int m_ttl_seconds;
    std::function<std::int64_t()> m_clock;
    mutable std::mutex m_mutex;
    std::map<std::string, Grant> m_access;
    std::map<std::string, Grant> m_refresh;
    std::int64_t m_next_prune = 0;
    std::map<std::string, std::deque<std::int64_t>> m_failures;  // username -> times of failed logins, oldest first
};

}  // namespace flexform::emulator

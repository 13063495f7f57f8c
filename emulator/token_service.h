// TokenService is the emulated FortiCloud token service's memory: the access and refresh tokens it handed out,
// whose they are and when they expire. It has its own lock and its own randomness.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <random>
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
    TokenService(int ttl_seconds, std::function<std::int64_t()> real_clock, std::uint64_t seed);

    IssuedToken issue(const std::string& username);
    // The user of a valid access token, or nothing when it is unknown or expired.
    std::optional<std::string> user_of(const std::string& access) const;
    std::optional<std::string> user_of_refresh(const std::string& refresh) const;
    std::vector<std::string> issued() const;  // every token handed out (test hooks grep output for them)
    void clear();

private:
    struct Access {
        std::string username;
        std::int64_t expires_millis = 0;
    };
    int m_ttl_seconds;
    std::function<std::int64_t()> m_clock;
    mutable std::mutex m_mutex;
    std::mt19937_64 m_rng;
    std::map<std::string, Access> m_access;
    std::map<std::string, std::string> m_refresh;
};

}  // namespace flexform::emulator

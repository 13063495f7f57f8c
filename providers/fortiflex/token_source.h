// TokenSource logs in to the FortiCloud token service and hands out the bearer token: reused until a minute
// before it expires, renewed when the API calls it invalid. It alone holds the password; describe() is the only
// text about the credentials that may reach logs.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "providers/fortiflex/retry_policy.h"
#include "providers/fortiflex/transport.h"

namespace flexform::fortiflex {

struct Credentials {
    std::string username;
    std::string password;
};

// Sends one request (the client paces, counts and logs it).
using Sender = std::function<HttpResponse(const std::string& label, const std::string& url, const std::string& body,
                                          const std::vector<std::string>& headers, bool fresh_connection)>;

class TokenSource {
public:
    TokenSource(std::string auth_url, Credentials credentials, Sender sender, Backoff backoff, int max_attempts,
                std::function<void(std::chrono::milliseconds)> sleep,
                std::function<std::chrono::steady_clock::time_point()> now);

    std::string token();
    // Logs in again unless another thread already replaced `rejected`; returns the token to use.
    std::string renew(const std::string& rejected);
    std::string describe() const;  // "API user 5D1B7E2A…" (never the password)
    std::int64_t logins() const;

private:
    std::string login();

    std::string m_auth_url;
    Credentials m_credentials;
    Sender m_sender;
    Backoff m_backoff;
    int m_max_attempts;
    std::function<void(std::chrono::milliseconds)> m_sleep;
    std::function<std::chrono::steady_clock::time_point()> m_now;
    mutable std::mutex m_mutex;
    std::string m_token;
    std::chrono::steady_clock::time_point m_expiry{};
    std::int64_t m_logins = 0;
};

}  // namespace flexform::fortiflex

#include "providers/fortiflex/token_source.h"

#include <nlohmann/json.hpp>

#include "engine/ports/provider.h"
#include "providers/fortiflex/parse.h"

namespace flexform::fortiflex {

using nlohmann::json;

TokenSource::TokenSource(std::string auth_url, Credentials credentials, Sender sender, Backoff backoff,
                         int max_attempts, std::function<void(std::chrono::milliseconds)> sleep,
                         std::function<std::chrono::steady_clock::time_point()> now)
    : m_auth_url(std::move(auth_url)),
      m_credentials(std::move(credentials)),
      m_sender(std::move(sender)),
      m_backoff(std::move(backoff)),
      m_max_attempts(max_attempts),
      m_sleep(std::move(sleep)),
      m_now(std::move(now)) {}

std::string TokenSource::describe() const {
    const std::string& user = m_credentials.username;
    return "API user " + (user.size() > 8 ? user.substr(0, 8) + "…" : std::string("…"));
}

std::int64_t TokenSource::logins() const {
    std::lock_guard lock(m_mutex);
    return m_logins;
}

std::string TokenSource::token() {
    std::lock_guard lock(m_mutex);
    // Reuse the token until a minute before it expires, as Fortinet's own collection does.
    if (m_token.empty() || m_now() >= m_expiry - std::chrono::seconds(60)) {
        m_token = login();
    }
    return m_token;
}

std::string TokenSource::renew(const std::string& rejected) {
    std::lock_guard lock(m_mutex);
    if (m_token.empty() || m_token == rejected) {
        m_token = login();
    }
    return m_token;
}

std::string TokenSource::login() {
    const json body = {{"username", m_credentials.username},
                       {"password", m_credentials.password},
                       {"client_id", "flexvm"},
                       {"grant_type", "password"}};
    for (int attempt = 1;; ++attempt) {
        const HttpResponse response =
            m_sender("oauth/token", m_auth_url, body.dump(), {"Content-Type: application/json"}, false);
        ++m_logins;
        if (response.status == 200) {
            json reply;
            try {
                reply = json::parse(response.body);
            } catch (const json::exception&) {
                throw ProviderError(ProviderError::Kind::protocol, "token service at " + host_of(m_auth_url) +
                                                                       " answered with a body that is not JSON");
            }
            if (api_status(reply) == 0 && reply.contains("access_token") && reply["access_token"].is_string()) {
                const auto ttl = json_int(reply.value("expires_in", json(3600))).value_or(3600);
                m_expiry = m_now() + std::chrono::seconds(ttl);
                return reply["access_token"].get<std::string>();
            }
        }
        if (response.failure == TransportFailure::tls) {
            throw ProviderError(ProviderError::Kind::tls, "TLS: the certificate of " + host_of(m_auth_url) +
                                                              " could not be verified (" + response.error +
                                                              "); set caBundle in flexform.yaml or SSL_CERT_FILE to "
                                                              "trust a private CA");
        }
        const bool transient = response.status == 0 || response.status == 429 || response.status >= 500;
        if (!transient || attempt >= m_max_attempts) {
            std::string reason = response.status == 0 ? response.error : "HTTP " + std::to_string(response.status);
            try {
                const json reply = json::parse(response.body);
                if (reply.contains("error_description")) {
                    reason += ": " + json_text(reply["error_description"]);
                }
            } catch (const json::exception&) {
            }
            throw ProviderError(response.status == 0 ? ProviderError::Kind::transport : ProviderError::Kind::auth,
                                "login to " + host_of(m_auth_url) + " as " + describe() + " failed (" + reason + ")",
                                response.status);
        }
        m_sleep(m_backoff.delay(attempt, response.retry_after));
    }
}

}  // namespace flexform::fortiflex

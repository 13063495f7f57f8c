// FortiFlexClient is the Provider over the FortiFlex v2 REST API: token handling, tolerant parsing, classified
// failures, retries only where they are safe, client-side pacing. Credentials are held here and nowhere else;
// describe() is the only text about them that may reach logs.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "engine/catalog/catalog.h"
#include "providers/fortiflex/http.h"
#include "providers/fortiflex/rate_limiter.h"
#include "engine/ports/provider.h"

namespace flexform::fortiflex {

inline constexpr const char* k_default_api_url = "https://support.fortinet.com/ES/api/fortiflex/v2/";
inline constexpr const char* k_default_auth_url = "https://customerapiauth.fortinet.com/api/v1/oauth/token/";

struct ClientOptions {
    std::string api_url = k_default_api_url;
    std::string auth_url = k_default_auth_url;
    std::string username;
    std::string password;
    int requests_per_minute = 90;
    int max_attempts = 5;
    std::chrono::milliseconds base_delay{500};
    std::chrono::milliseconds max_delay{30000};
    HttpOptions http;
    const Catalog* catalog = nullptr;
    std::function<void(const std::string&)> log;  // one line per API call: method, path, status, duration
};

class FortiFlexClient : public Provider {
public:
    explicit FortiFlexClient(ClientOptions options);
    ~FortiFlexClient() override;

    std::string describe() const;  // "FortiFlex API at <url> as <user prefix>…" with the secret parts redacted

    std::vector<ProgramInfo> list_programs() override;
    std::optional<std::int64_t> program_balance(const std::string& program) override;
    std::vector<LiveConfig> list_configs(const std::string& program, std::optional<std::int64_t> account) override;
    std::vector<LiveEntitlement> list_entitlements(const std::string& program, std::int64_t account) override;
    std::vector<LiveEntitlement> list_config_entitlements(std::int64_t config_id) override;
    LiveConfig create_config(const std::string& program, std::int64_t account, const std::string& name, int product_id,
                             const ParameterSet& parameters) override;
    LiveConfig update_config(std::int64_t id, const std::string& name, int product_id,
                             const ParameterSet& parameters) override;
    LiveConfig set_config_active(std::int64_t id, bool active) override;
    std::vector<LiveEntitlement> create_vm_entitlements(const VmRequest& request) override;
    std::vector<LiveEntitlement> create_hardware_entitlements(std::int64_t config_id,
                                                              const std::vector<std::string>& serials,
                                                              std::optional<Date> end_date) override;
    LiveEntitlement create_cloud_entitlement(std::int64_t config_id, std::optional<Date> end_date,
                                             const std::string& description,
                                             const std::optional<std::string>& folder_path) override;
    LiveEntitlement update_entitlement(const std::string& serial, std::int64_t config_id,
                                       const std::string& description, std::optional<Date> end_date) override;
    LiveEntitlement stop_entitlement(const std::string& serial) override;
    LiveEntitlement reactivate_entitlement(const std::string& serial) override;
    Price calc(const std::string& program, int product_id, const ParameterSet& parameters) override;
    std::vector<PointsRow> points(const std::string& program, std::int64_t account, const Date& from,
                                  const Date& to) override;
    std::int64_t calls_made() const override { return m_calls.load(); }
    std::int64_t logins() const { return m_logins.load(); }

    // How a call may be retried. Creates are never retried blindly: an unknown outcome is reported as
    // OutcomeUnknown so the caller can re-read before trying again.
    enum class Safety { read, idempotent, create };
    class OutcomeUnknown : public ProviderError {
    public:
        using ProviderError::ProviderError;
    };

private:
    nlohmann::json call(const std::string& endpoint, const nlohmann::json& body, Safety safety);
    std::string access_token(bool force_login);
    std::string login();
    void pause(int attempt, const std::string& retry_after);
    const Catalog& catalog() const;

    ClientOptions m_options;
    HttpClient m_http;
    RateLimiter m_limiter;
    std::mutex m_token_mutex;
    std::string m_token;
    std::chrono::steady_clock::time_point m_token_expiry{};
    std::atomic<std::int64_t> m_calls{0};
    std::atomic<std::int64_t> m_logins{0};
};

}  // namespace flexform::fortiflex

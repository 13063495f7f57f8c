// FortiFlexClient is the Provider over the FortiFlex v2 REST API: the provider methods, each a request shape and
// a reading of the answer. Transport (transport.h), retry rules (retry_policy.h), the token (token_source.h) and
// the create-then-re-read rule (create_once.h) live apart; this file puts them together.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "engine/model/defaults.h"
#include "engine/catalog/catalog.h"
#include "engine/ports/provider.h"
#include "engine/ports/request_budget.h"
#include "providers/fortiflex/create_once.h"
#include "providers/fortiflex/rate_limiter.h"
#include "providers/fortiflex/retry_policy.h"
#include "providers/fortiflex/token_source.h"
#include "providers/fortiflex/transport.h"

namespace flexform::fortiflex {

inline constexpr const char* k_default_api_url = "https://support.fortinet.com/ES/api/fortiflex/v2/";
inline constexpr const char* k_default_auth_url = "https://customerapiauth.fortinet.com/api/v1/oauth/token/";

struct ClientOptions {
    std::string api_url = k_default_api_url;
    std::string auth_url = k_default_auth_url;
    std::string username;
    std::string password;
    // The program's shared request budget (providers/budget); null: one of this process only, of
    // requests_per_minute a minute (0: none).
    RequestBudget* budget = nullptr;
    int requests_per_minute = k_default_requests_per_minute;
    std::optional<std::chrono::milliseconds> budget_timeout;  // how long one request may wait on the budget
    const std::atomic<bool>* stop = nullptr;                   // an interrupt: drop the requests still queued
    std::function<void(const BudgetWait&)> on_budget_wait;     // a wait on the budget began, or goes on
    int max_attempts = 5;        // per request, for what may be retried
    int max_token_renewals = 4;  // "Invalid security token." answers tolerated per request, as Fortinet's clients do
    std::chrono::milliseconds base_delay{500};
    std::chrono::milliseconds max_delay{30000};
    std::chrono::milliseconds reread_settle{1000};  // before re-reading a create whose outcome is unknown
    TransportOptions transport;
    const Catalog* catalog = nullptr;
    std::function<void(const std::string&)> log;  // one line per request: method, endpoint, status, duration
    // Injected for tests; default to the real clock, sleep and randomness.
    std::function<void(std::chrono::milliseconds)> sleep;
    std::function<std::chrono::steady_clock::time_point()> now;
    std::function<std::int64_t()> wall_ms;  // Unix milliseconds, for the shared budget
    std::function<double()> random_unit;
};

class FortiFlexClient : public Provider {
public:
    explicit FortiFlexClient(ClientOptions options);
    ~FortiFlexClient() override;

    std::string describe() const;  // "FortiFlex API at <host> as API user <prefix>…": nothing secret

    std::vector<ProgramInfo> list_programs() override;
    std::optional<std::int64_t> program_balance(const std::string& program) override;
    std::vector<LiveConfig> list_configs(const std::string& program, std::optional<std::int64_t> account) override;
    std::vector<LiveEntitlement> list_entitlements(const std::string& program, std::int64_t account) override;
    std::vector<LiveEntitlement> list_config_entitlements(std::int64_t config_id) override;
    std::vector<VmToken> vm_tokens(std::int64_t config_id) override;
    Price calc(const std::string& program, int product_id, const ParameterSet& parameters) override;
    std::vector<PointsRow> points(const std::string& program, std::int64_t account, const Date& from, const Date& to,
                                  const std::optional<std::string>& serial) override;
    std::vector<TokenFolder> token_folders(std::int64_t account) override;

    LiveConfig create_config(const std::string& program, std::int64_t account, const std::string& name, int product_id,
                             const ParameterSet& parameters, CallTrace* trace) override;
    LiveConfig update_config(std::int64_t id, const std::string& name, int product_id, const ParameterSet& parameters,
                             CallTrace* trace) override;
    LiveConfig set_config_active(std::int64_t id, bool active, CallTrace* trace) override;
    std::vector<LiveEntitlement> create_vm_entitlements(const VmRequest& request, CallTrace* trace) override;
    std::vector<LiveEntitlement> create_hardware_entitlements(std::int64_t config_id,
                                                              const std::vector<std::string>& serials,
                                                              std::optional<Date> end_date, CallTrace* trace) override;
    LiveEntitlement create_cloud_entitlement(std::int64_t config_id, std::optional<Date> end_date,
                                             const std::string& description,
                                             const std::optional<std::string>& folder_path, CallTrace* trace) override;
    LiveEntitlement update_entitlement(const std::string& serial, std::int64_t config_id,
                                       const std::string& description, std::optional<Date> end_date,
                                       CallTrace* trace) override;
    LiveEntitlement transfer_entitlement(const TransferRequest& request, CallTrace* trace) override;
    LiveEntitlement stop_entitlement(const std::string& serial, CallTrace* trace) override;
    void remove_hardware(const std::vector<std::string>& serials, CallTrace* trace) override;
    LiveEntitlement reactivate_entitlement(const std::string& serial, CallTrace* trace) override;
    LiveEntitlement regenerate_vm_token(const std::string& serial, CallTrace* trace) override;

    std::int64_t calls_made() const override { return m_calls.load(); }
    std::int64_t logins() const { return m_tokens->logins(); }

private:
    nlohmann::json call(const std::string& endpoint, const nlohmann::json& body, Safety safety, CallTrace* trace);
    HttpResponse send(const std::string& label, const std::string& url, const std::string& body,
                      const std::vector<std::string>& headers, bool fresh_connection);
    const Catalog& catalog() const;
    // max_sends > 1 only where a repeat cannot duplicate: FortiFlex entitles a serial once, gives a configuration
    // one cloud service, and a transfer moves a serial that can be in one place only.
    CreateOnceOptions create_options(int max_sends) const;
    std::string scrub(std::string message) const;  // removes anything secret a lower layer may have echoed

    ClientOptions m_options;
    Transport m_transport;
    std::unique_ptr<RequestBudget> m_own_budget;  // when no shared budget is given
    BudgetGate m_gate;
    Backoff m_backoff;
    std::unique_ptr<TokenSource> m_tokens;
    std::atomic<std::int64_t> m_calls{0};
};

}  // namespace flexform::fortiflex

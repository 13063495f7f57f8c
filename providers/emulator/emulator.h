// Emulator is the emulated FortiFlex service behind the HTTP server: the API, the token service, the clock and
// the test hooks, over one durable State guarded by one lock.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <shared_mutex>
#include <string>

#include "providers/emulator/api.h"

namespace flexform::emulator {

struct EmulatorOptions {
    std::string state_path;  // SQLite file; empty keeps state in memory only
    EmulatorSettings settings;
    std::function<std::int64_t()> real_clock;  // UTC milliseconds; default: the system clock
};

// A fault armed by a test: it applies to the next `remaining` requests of `endpoint` ("*" = every endpoint;
// remaining < 0 = forever).
struct Fault {
    std::string endpoint = "*";
    std::string kind;  // http | status | latency | invalid_token | drop
    int remaining = 1;
    int http_status = 503;
    int api_status = -10;
    int retry_after = 0;
    int latency_ms = 0;
    bool after = false;  // drop: perform the request, then drop the connection (outcome unknown to the client)
};

// What the server must do for one request once faults are consulted.
struct FaultDecision {
    std::optional<ApiResponse> response;  // answer this instead of running the request
    int latency_ms = 0;
    bool drop_before = false;
    bool drop_after = false;
    int retry_after = 0;
};

class Emulator {
public:
    explicit Emulator(EmulatorOptions options);
    ~Emulator();

    // FortiFlex API for an authenticated bearer token. Returns the HTTP status and body.
    ApiResponse call(const std::string& endpoint, const json& body, const std::string& bearer_token);
    // Token service (/api/v1/oauth/token/): password or refresh_token grants.
    ApiResponse token(const std::map<std::string, std::string>& form);
    FaultDecision consult_faults(const std::string& endpoint);
    void count_request(const std::string& endpoint);

    // Test hooks.
    json seed(const json& document);  // merges organizations, programs, users, configs, entitlements
    void reset();
    json clock(const json& request);  // {advanceDays, advanceHours, advanceMinutes, today, frozen}
    json use_token(const json& request);
    json set_metered(const json& request);
    ApiResponse portal(const std::string& endpoint, const json& body);  // as the organization's administrator
    void add_fault(const Fault& fault);
    void clear_faults();
    void set_rate_limit(int requests_per_minute);
    json counters() const;
    json issued_tokens() const;  // every access and refresh token handed out, so tests can grep output for them
    void reset_counters();
    json dump() const;
    json ledger(const json& request);  // {from, to}: per-day charges, for tests to compare with pulled data

    std::int64_t now_millis() const;
    Date today() const;

private:
    ApiResponse run_locked(const std::string& endpoint, const json& body, const ApiUser& user);
    void catch_up();
    void flush();

    EmulatorOptions m_options;
    mutable std::shared_mutex m_mutex;
    State m_state;
    Dirty m_dirty;
    std::unique_ptr<StateStore> m_store;
    std::mt19937_64 m_rng;

    struct TokenInfo {
        std::string username;
        std::int64_t expires_millis = 0;
    };
    mutable std::mutex m_aux_mutex;  // tokens, faults, counters, rate limit
    std::map<std::string, TokenInfo> m_tokens;
    std::map<std::string, std::string> m_refresh_tokens;
    std::vector<Fault> m_faults;
    std::map<std::string, std::int64_t> m_counters;
    int m_requests_per_minute = 0;
    std::deque<std::int64_t> m_recent_requests;
};

// Reads a seed document (YAML or JSON text) into JSON.
json parse_seed_text(const std::string& text);
void apply_seed(State& state, const Catalog& catalog, const RateCard& rates, const json& seed, std::int64_t real_now,
                Dirty& dirty);
std::string_view builtin_demo_seed();

}  // namespace flexform::emulator

// Emulator is the emulated FortiFlex service behind the HTTP server: the API gate (token check, rate limit, the
// endpoints over one durable State guarded by one lock) in emulator.cpp, and what the test hooks do to it in
// emulator_hooks.cpp. Tokens and faults live in their own parts with their own locks.
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

#include "emulator/api.h"
#include "emulator/faults.h"
#include "emulator/token_service.h"

namespace flexform::emulator {

struct EmulatorOptions {
    std::string state_path;  // SQLite file; empty keeps state in memory only. One process owns it (StateInUse)
    std::string owner;       // what this process is doing, named to a second process that finds the state in use
    EmulatorSettings settings;
    std::function<std::int64_t()> real_clock;     // UTC milliseconds; default: the system clock
    std::function<void(const std::string&)> log;  // operator-facing lines (a failed state write); default: stderr
};

class Emulator {
public:
    explicit Emulator(EmulatorOptions options);
    ~Emulator();

    // FortiFlex API for an authenticated bearer token. Returns the HTTP status and body.
    ApiResponse call(const std::string& endpoint, const json& body, const std::string& bearer_token);
    // Token service (/api/v1/oauth/token/): password or refresh_token grants.
    ApiResponse token(const std::map<std::string, std::string>& form);
    // /api/v1/oauth/revoke_token/: the token (access or refresh) and its pair stop working.
    ApiResponse revoke(const std::map<std::string, std::string>& form);
    FaultDecision consult_faults(const std::string& endpoint) { return m_faults.decide(endpoint); }
    // Notes what a create made and makes a list answer stale, as the request's fault decision says.
    void after_call(const std::string& endpoint, const FaultDecision& fault, ApiResponse& response) {
        m_faults.after_call(endpoint, fault, response);
    }
    void count_request(const std::string& endpoint);

    // Test hooks.
    json seed(const json& document);  // merges organizations, programs, users, configs, entitlements
    void reset();
    json clock(const json& request);  // {advanceDays, advanceHours, advanceMinutes, today, frozen}
    json use_token(const json& request);
    json fail_state_writes(const json& request);  // {failWrites: N}: the next N saves fail as on a full disk
    json set_metered(const json& request);
    ApiResponse portal(const std::string& endpoint, const json& body);  // as the organization's administrator
    void add_fault(const Fault& fault) { m_faults.add(fault); }
    void clear_faults() { m_faults.clear(); }
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
    // Writes what changed. When the write fails, memory goes back to the file's state (what was answered before
    // stays, the failed change goes), the log says so, and StateWriteFailed is thrown.
    void flush();

    std::int64_t service_now() const;  // with m_mutex held

    EmulatorOptions m_options;
    mutable std::shared_mutex m_mutex;  // the state, and the serials drawn for it
    State m_state;
    Dirty m_dirty;
    std::unique_ptr<StateStore> m_store;
    TokenService m_tokens;
    FaultTable m_faults;

    mutable std::mutex m_aux_mutex;  // counters and the rate limit
    std::map<std::string, std::int64_t> m_counters;
    int m_requests_per_minute = 0;
    std::deque<std::int64_t> m_recent_requests;
};

inline constexpr std::size_t k_max_seed_bytes = 64 * 1024 * 1024;
inline constexpr std::size_t k_max_seed_values = 5'000'000;

// Reads a seed document (YAML or JSON text) into JSON; throws std::invalid_argument or std::length_error (too big,
// or aliases that expand beyond k_max_seed_values).
json parse_seed_text(const std::string& text);
void apply_seed(State& state, const Catalog& catalog, const RateCard& rates, const json& seed, std::int64_t real_now,
                Dirty& dirty);
std::string_view builtin_demo_seed();

}  // namespace flexform::emulator

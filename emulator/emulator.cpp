// The API gate: a request's token is checked, the optional rate limit applied, then the endpoint runs over the
// state (a shared lock for reads of an open day, the exclusive lock for writes and day changes).
#include "emulator/emulator.h"

#include <unistd.h>

#include <chrono>
#include <iostream>
#include <utility>

#include "emulator/billing.h"
#include "emulator/passwords.h"

namespace flexform::emulator {

namespace {

std::int64_t system_millis() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

ApiResponse oauth_error(int http, const std::string& error, const std::string& description) {
    return {http, json{{"error", error}, {"error_description", description}, {"status", "failed"}}};
}

}  // namespace

Emulator::Emulator(EmulatorOptions options)
    : m_options(std::move(options)),
      m_tokens(m_options.settings.token_ttl_seconds,
               m_options.real_clock ? m_options.real_clock : std::function<std::int64_t()>(system_millis)),
      m_faults(std::random_device{}()) {
    if (!m_options.real_clock) {
        m_options.real_clock = system_millis;
    }
    if (!m_options.log) {
        m_options.log = [](const std::string& line) { std::cerr << "emulator: " << line << std::endl; };
    }
    if (!m_options.state_path.empty()) {
        const std::string pid = "pid " + std::to_string(::getpid());
        m_store = std::make_unique<StateStore>(m_options.state_path,
                                               m_options.owner.empty() ? pid : pid + ", " + m_options.owner);
        if (m_store->has_state()) {
            m_state = m_store->load();
            for (const auto& [name, user] : m_state.users) {
                m_dirty.users.insert(name);  // an older file's clear-text passwords are replaced by their hashes
            }
        }
    }
    std::unique_lock lock(m_mutex);
    catch_up();
    flush();
}

Emulator::~Emulator() = default;

std::int64_t Emulator::service_now() const {
    return m_state.clock.at(m_options.real_clock());
}

std::int64_t Emulator::now_millis() const {
    std::shared_lock lock(m_mutex);
    return service_now();
}

Date Emulator::today() const {
    return to_pacific(now_millis()).date;
}

void Emulator::catch_up() {
    close_days(m_state, builtin_catalog(), RateCard::builtin(), days_since_epoch(to_pacific(service_now()).date),
               m_dirty);
}

void Emulator::flush() {
    const Dirty dirty = std::exchange(m_dirty, Dirty{});
    if (!m_store) {
        return;
    }
    try {
        m_store->save(m_state, dirty);
    } catch (const std::exception& e) {
        m_options.log(std::string("could not save the state, the change is rolled back: ") + e.what());
        try {
            m_state = m_store->load();
        } catch (const std::exception& reload) {
            m_options.log(std::string("could not read the state back either: ") + reload.what());
        }
        throw StateWriteFailed(std::string("the emulator could not save the change: ") + e.what());
    }
}

ApiResponse Emulator::run_locked(const std::string& endpoint, const json& body, const ApiUser& user) {
    const std::int64_t now = service_now();
    ApiContext context{
        m_state, m_dirty, builtin_catalog(), RateCard::builtin(), m_options.settings, user, now, to_pacific(now).date};
    return dispatch(context, endpoint, body);
}

ApiResponse Emulator::call(const std::string& endpoint, const json& body, const std::string& bearer_token) {
    const auto username = m_tokens.user_of(bearer_token);
    if (!username) {
        return invalid_token_response(endpoint);
    }
    {
        std::lock_guard aux(m_aux_mutex);
        if (m_requests_per_minute > 0) {
            const std::int64_t now = m_options.real_clock();
            while (!m_recent_requests.empty() && m_recent_requests.front() <= now - 60000) {
                m_recent_requests.pop_front();
            }
            if (static_cast<int>(m_recent_requests.size()) >= m_requests_per_minute) {
                ApiResponse limited{429, error_body(endpoint, "Exceed max requests in minute", 429)};
                limited.body["status"] = -10;
                return limited;
            }
            m_recent_requests.push_back(now);
        }
    }
    const bool writes = is_known_endpoint(endpoint) && is_write_endpoint(endpoint);
    {
        std::shared_lock lock(m_mutex);
        const bool stale_day = m_state.open_day < days_since_epoch(to_pacific(service_now()).date);
        if (!writes && !stale_day) {
            const auto user = m_state.users.find(*username);
            if (user == m_state.users.end()) {
                return invalid_token_response(endpoint);
            }
            return run_locked(endpoint, body, user->second);
        }
    }
    std::unique_lock lock(m_mutex);
    catch_up();
    const auto user = m_state.users.find(*username);
    if (user == m_state.users.end()) {
        flush();
        return invalid_token_response(endpoint);
    }
    const ApiUser copy = user->second;
    ApiResponse response = run_locked(endpoint, body, copy);
    try {
        flush();
    } catch (const StateWriteFailed& e) {
        return {500, error_body(endpoint, e.what(), 500)};  // the change was not kept: the client must know
    }
    return response;
}

ApiResponse Emulator::token(const std::map<std::string, std::string>& form) {
    const auto get = [&](const char* key) {
        const auto it = form.find(key);
        return it == form.end() ? std::string() : it->second;
    };
    if (get("client_id") != "flexvm") {
        return oauth_error(401, "invalid_client", "Unknown client_id for FortiFlex (expected flexvm)");
    }
    const std::string grant = get("grant_type");
    std::string username;
    if (grant == "password") {
        // Failed attempts are counted per username tried, known or not, so guessing is slow for every name.
        if (const int wait = m_tokens.login_wait_seconds(get("username")); wait > 0) {
            return oauth_error(429, "too_many_requests",
                               "Too many failed logins for this user; try again in " + std::to_string(wait) + " s");
        }
        std::string hash;
        {
            std::shared_lock lock(m_mutex);
            if (const auto user = m_state.users.find(get("username")); user != m_state.users.end()) {
                hash = user->second.password_hash;
            }
        }
        if (!password_matches(hash, get("password"))) {
            m_tokens.login_failed(get("username"));
            return oauth_error(401, "invalid_grant", "Invalid username or password");
        }
        m_tokens.login_succeeded(get("username"));
        username = get("username");
    } else if (grant == "refresh_token") {
        const auto user = m_tokens.user_of_refresh(get("refresh_token"));
        if (!user) {
            return oauth_error(401, "invalid_grant", "Invalid refresh token");
        }
        username = *user;
    } else {
        return oauth_error(400, "unsupported_grant_type", "grant_type must be password or refresh_token");
    }
    const IssuedToken t = m_tokens.issue(username);
    return {200, json{{"access_token", t.access},
                      {"expires_in", t.ttl_seconds},
                      {"token_type", "Bearer"},
                      {"scope", "read write"},
                      {"refresh_token", t.refresh},
                      {"message", "successfully authenticated"},
                      {"status", "success"}}};
}

ApiResponse Emulator::revoke(const std::map<std::string, std::string>& form) {
    const auto token = form.find("token");
    if (token == form.end() || token->second.empty()) {
        return oauth_error(400, "invalid_request", "token is required");
    }
    // As RFC 7009: an unknown token is not an error, the answer is the same either way.
    m_tokens.revoke(token->second);
    return {200, json{{"status", "success"}, {"message", "token revoked"}}};
}

void Emulator::count_request(const std::string& endpoint) {
    std::lock_guard aux(m_aux_mutex);
    ++m_counters[endpoint];
}

void Emulator::set_rate_limit(int requests_per_minute) {
    std::lock_guard aux(m_aux_mutex);
    m_requests_per_minute = requests_per_minute;
    m_recent_requests.clear();
}

json Emulator::counters() const {
    std::lock_guard aux(m_aux_mutex);
    std::int64_t total = 0;
    std::int64_t writes = 0;
    json endpoints = json::object();
    for (const auto& [endpoint, count] : m_counters) {
        endpoints[endpoint] = count;
        total += count;
        writes += is_write_endpoint(endpoint) ? count : 0;
    }
    return {{"endpoints", endpoints}, {"total", total}, {"writes", writes}};
}

json Emulator::issued_tokens() const {
    return m_tokens.issued();
}

void Emulator::reset_counters() {
    std::lock_guard aux(m_aux_mutex);
    m_counters.clear();
}

}  // namespace flexform::emulator

#include "providers/emulator/emulator.h"

#include <chrono>

#include "providers/emulator/billing.h"

namespace flexform::emulator {

namespace {

std::int64_t system_millis() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string random_alnum(std::mt19937_64& rng, std::size_t length) {
    static const char k_chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::string out(length, 'A');
    for (auto& c : out) {
        c = k_chars[rng() % (sizeof(k_chars) - 1)];
    }
    return out;
}

ApiResponse invalid_token(const std::string& endpoint) {
    return {401, error_body(endpoint, "Invalid security token.", 401)};
}

ApiResponse oauth_error(int http, const std::string& error, const std::string& description) {
    return {http, json{{"error", error}, {"error_description", description}, {"status", "failed"}}};
}

ApiUser administrator(const State& state) {
    ApiUser admin;
    admin.username = "portal";
    admin.all_accounts = true;
    admin.read_write = true;
    admin.home_account = state.root_account;
    return admin;
}

}  // namespace

Emulator::Emulator(EmulatorOptions options) : m_options(std::move(options)), m_rng(std::random_device{}()) {
    if (!m_options.real_clock) {
        m_options.real_clock = system_millis;
    }
    if (!m_options.state_path.empty()) {
        m_store = std::make_unique<StateStore>(m_options.state_path);
        if (m_store->has_state()) {
            m_state = m_store->load();
        }
    }
    std::unique_lock lock(m_mutex);
    catch_up();
    flush();
}

Emulator::~Emulator() = default;

std::int64_t Emulator::now_millis() const {
    std::shared_lock lock(m_mutex);
    return m_state.clock.frozen ? m_state.clock.frozen_millis : m_options.real_clock() + m_state.clock.offset_millis;
}

Date Emulator::today() const {
    return to_pacific(now_millis()).date;
}

void Emulator::catch_up() {
    const std::int64_t now =
        m_state.clock.frozen ? m_state.clock.frozen_millis : m_options.real_clock() + m_state.clock.offset_millis;
    close_days(m_state, builtin_catalog(), RateCard::builtin(), days_since_epoch(to_pacific(now).date), m_dirty);
}

void Emulator::flush() {
    if (m_store) {
        m_store->save(m_state, m_dirty);
    }
    m_dirty = Dirty{};
}

ApiResponse Emulator::run_locked(const std::string& endpoint, const json& body, const ApiUser& user) {
    const std::int64_t now =
        m_state.clock.frozen ? m_state.clock.frozen_millis : m_options.real_clock() + m_state.clock.offset_millis;
    ApiContext context{
        m_state, m_dirty, builtin_catalog(), RateCard::builtin(), m_options.settings, user, now, to_pacific(now).date,
        m_rng};
    return dispatch(context, endpoint, body);
}

ApiResponse Emulator::call(const std::string& endpoint, const json& body, const std::string& bearer_token) {
    std::string username;
    {
        std::lock_guard aux(m_aux_mutex);
        const auto it = m_tokens.find(bearer_token);
        if (bearer_token.empty() || it == m_tokens.end() || it->second.expires_millis <= m_options.real_clock()) {
            return invalid_token(endpoint);
        }
        username = it->second.username;
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
    if (!is_known_endpoint(endpoint)) {
        std::shared_lock lock(m_mutex);
        const auto user = m_state.users.find(username);
        if (user == m_state.users.end()) {
            return invalid_token(endpoint);
        }
        return run_locked(endpoint, body, user->second);
    }
    const bool writes = is_write_endpoint(endpoint);
    {
        std::shared_lock lock(m_mutex);
        const std::int64_t now =
            m_state.clock.frozen ? m_state.clock.frozen_millis : m_options.real_clock() + m_state.clock.offset_millis;
        const bool stale_day = m_state.open_day < days_since_epoch(to_pacific(now).date);
        if (!writes && !stale_day) {
            const auto user = m_state.users.find(username);
            if (user == m_state.users.end()) {
                return invalid_token(endpoint);
            }
            return run_locked(endpoint, body, user->second);
        }
    }
    std::unique_lock lock(m_mutex);
    catch_up();
    const auto user = m_state.users.find(username);
    if (user == m_state.users.end()) {
        flush();
        return invalid_token(endpoint);
    }
    const ApiUser copy = user->second;
    ApiResponse response = run_locked(endpoint, body, copy);
    flush();
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
        std::shared_lock lock(m_mutex);
        const auto user = m_state.users.find(get("username"));
        if (user == m_state.users.end() || user->second.password != get("password") || get("password").empty()) {
            return oauth_error(401, "invalid_grant", "Invalid username or password");
        }
        username = user->first;
    } else if (grant == "refresh_token") {
        std::lock_guard aux(m_aux_mutex);
        const auto it = m_refresh_tokens.find(get("refresh_token"));
        if (it == m_refresh_tokens.end()) {
            return oauth_error(401, "invalid_grant", "Invalid refresh token");
        }
        username = it->second;
    } else {
        return oauth_error(400, "unsupported_grant_type", "grant_type must be password or refresh_token");
    }
    std::lock_guard aux(m_aux_mutex);
    const std::string access = random_alnum(m_rng, 30);
    const std::string refresh = random_alnum(m_rng, 30);
    const int ttl = m_options.settings.token_ttl_seconds;
    m_tokens[access] = {username, m_options.real_clock() + ttl * 1000LL};
    m_refresh_tokens[refresh] = username;
    return {200, json{{"access_token", access},
                      {"expires_in", ttl},
                      {"token_type", "Bearer"},
                      {"scope", "read write"},
                      {"refresh_token", refresh},
                      {"message", "successfully authenticated"},
                      {"status", "success"}}};
}

FaultDecision Emulator::consult_faults(const std::string& endpoint) {
    std::lock_guard aux(m_aux_mutex);
    FaultDecision decision;
    for (auto it = m_faults.begin(); it != m_faults.end();) {
        Fault& f = *it;
        // Wildcard faults target FortiFlex calls; the token service is faulted only when named.
        if ((f.endpoint != "*" && f.endpoint != endpoint) || (f.endpoint == "*" && endpoint == "oauth/token")) {
            ++it;
            continue;
        }
        bool consumed = true;
        if (f.kind == "latency") {
            decision.latency_ms += f.latency_ms;
        } else if (decision.response || decision.drop_before || decision.drop_after) {
            consumed = false;  // one failure per request; the next request takes the next fault
        } else if (f.kind == "http") {
            ApiResponse r{
                f.http_status,
                error_body(endpoint, f.http_status == 429 ? "Too Many Requests" : "Service temporarily unavailable",
                           f.http_status)};
            decision.response = r;
            decision.retry_after = f.retry_after;
        } else if (f.kind == "status") {
            ApiResponse r{
                429,
                error_body(endpoint,
                           f.api_status == -11 ? "Exceed max requests in hour" : "Exceed max requests in minute", 429)};
            r.body["status"] = f.api_status;
            decision.response = r;
            decision.retry_after = f.retry_after;
        } else if (f.kind == "invalid_token") {
            decision.response = invalid_token(endpoint);
        } else if (f.kind == "drop") {
            (f.after ? decision.drop_after : decision.drop_before) = true;
        }
        if (consumed && f.remaining > 0 && --f.remaining == 0) {
            it = m_faults.erase(it);
        } else {
            ++it;
        }
    }
    return decision;
}

void Emulator::count_request(const std::string& endpoint) {
    std::lock_guard aux(m_aux_mutex);
    ++m_counters[endpoint];
}

void Emulator::add_fault(const Fault& fault) {
    std::lock_guard aux(m_aux_mutex);
    m_faults.push_back(fault);
}

void Emulator::clear_faults() {
    std::lock_guard aux(m_aux_mutex);
    m_faults.clear();
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
    std::lock_guard aux(m_aux_mutex);
    json out = json::array();
    for (const auto& [token, info] : m_tokens) {
        out.push_back(token);
    }
    for (const auto& [token, user] : m_refresh_tokens) {
        out.push_back(token);
    }
    return out;
}

void Emulator::reset_counters() {
    std::lock_guard aux(m_aux_mutex);
    m_counters.clear();
}

json Emulator::seed(const json& document) {
    std::unique_lock lock(m_mutex);
    catch_up();
    apply_seed(m_state, builtin_catalog(), RateCard::builtin(), document, m_options.real_clock(), m_dirty);
    catch_up();
    flush();
    return {{"accounts", m_state.accounts.size()},
            {"programs", m_state.programs.size()},
            {"configs", m_state.configs.size()},
            {"entitlements", m_state.entitlements.size()}};
}

void Emulator::reset() {
    std::unique_lock lock(m_mutex);
    m_state = State{};
    m_dirty = Dirty{};
    m_dirty.everything = true;
    catch_up();
    flush();
    std::lock_guard aux(m_aux_mutex);
    m_tokens.clear();
    m_refresh_tokens.clear();
    m_faults.clear();
    m_counters.clear();
}

json Emulator::clock(const json& request) {
    std::unique_lock lock(m_mutex);
    Clock& c = m_state.clock;
    const std::int64_t real = m_options.real_clock();
    std::int64_t now = c.frozen ? c.frozen_millis : real + c.offset_millis;
    std::int64_t delta = request.value("advanceDays", std::int64_t{0}) * 86400000LL +
                         request.value("advanceHours", std::int64_t{0}) * 3600000LL +
                         request.value("advanceMinutes", std::int64_t{0}) * 60000LL;
    if (request.contains("today")) {
        const auto target = parse_date(request["today"].get<std::string>());
        if (!target) {
            throw ApiError(400, "today must be YYYY-MM-DD");
        }
        delta += pacific_midnight_utc_millis(*target) + 10 * 3600000LL - now;
    }
    if (delta < 0 && days_since_epoch(to_pacific(now + delta).date) < m_state.open_day) {
        throw ApiError(400, "the clock cannot go back before a day that is already closed");
    }
    now += delta;
    if (request.contains("frozen")) {
        c.frozen = request["frozen"].get<bool>();
    }
    if (c.frozen) {
        c.frozen_millis = now;
    } else {
        c.offset_millis = now - real;
    }
    m_dirty.meta = true;
    catch_up();
    flush();
    return {{"now", format_timestamp(now)}, {"today", to_string(to_pacific(now).date)}, {"frozen", c.frozen}};
}

json Emulator::use_token(const json& request) {
    std::unique_lock lock(m_mutex);
    catch_up();
    const std::string serial = request.value("serialNumber", "");
    const std::string token = request.value("token", "");
    for (auto& [key, e] : m_state.entitlements) {
        if (!e.token || (serial.empty() ? *e.token != token : e.serial != serial)) {
            continue;
        }
        if (e.token_status == "USED") {
            throw ApiError(400, "token of " + e.serial + " is already used; regenerate it with entitlements/vm/token");
        }
        e.token_status = "USED";
        if (e.status == "PENDING") {
            e.status = "ACTIVE";
            note_active(e);
            const std::int64_t now = m_state.clock.frozen ? m_state.clock.frozen_millis
                                                          : m_options.real_clock() + m_state.clock.offset_millis;
            note_rate(m_state, builtin_catalog(), RateCard::builtin(), e, to_pacific(now).date);
        }
        m_dirty.entitlements.insert(key);
        json out = entitlement_json(e);
        flush();
        return out;
    }
    throw ApiError(404, "no VM entitlement with that serial number or token");
}

json Emulator::set_metered(const json& request) {
    std::unique_lock lock(m_mutex);
    catch_up();
    const std::string serial = request.at("serialNumber").get<std::string>();
    const auto it = m_state.entitlements.find(serial);
    if (it == m_state.entitlements.end()) {
        throw ApiError(404, "no entitlement " + serial);
    }
    const int id = request.at("parameterId").get<int>();
    it->second.metered[id] = request.at("value").get<std::int64_t>();
    const std::int64_t now =
        m_state.clock.frozen ? m_state.clock.frozen_millis : m_options.real_clock() + m_state.clock.offset_millis;
    note_rate(m_state, builtin_catalog(), RateCard::builtin(), it->second, to_pacific(now).date);
    m_dirty.entitlements.insert(serial);
    json out = entitlement_json(it->second);
    flush();
    return out;
}

ApiResponse Emulator::portal(const std::string& endpoint, const json& body) {
    std::unique_lock lock(m_mutex);
    catch_up();
    const ApiUser admin = administrator(m_state);
    ApiResponse response = run_locked(endpoint, body, admin);
    flush();
    return response;
}

json Emulator::dump() const {
    std::shared_lock lock(m_mutex);
    json configs = json::array();
    for (const auto& [id, c] : m_state.configs) {
        json params = json::object();
        for (const auto& [pid, values] : c.parameters.values) {
            params[std::to_string(pid)] = values;
        }
        configs.push_back({{"id", id},
                           {"name", c.name},
                           {"accountId", c.account_id},
                           {"productTypeId", c.product_id},
                           {"status", c.active ? "ACTIVE" : "DISABLED"},
                           {"parameters", params}});
    }
    json entitlements = json::array();
    std::vector<std::string> serials;
    for (const auto& [serial, e] : m_state.entitlements) {
        serials.push_back(serial);
    }
    std::sort(serials.begin(), serials.end());
    for (const auto& serial : serials) {
        json e = entitlement_json(m_state.entitlements.at(serial));
        e["folderPath"] = m_state.entitlements.at(serial).folder_path;
        entitlements.push_back(e);
    }
    json users = json::array();
    for (const auto& [name, u] : m_state.users) {
        users.push_back({{"username", name},
                         {"allAccounts", u.all_accounts},
                         {"accounts", u.accounts},
                         {"readWrite", u.read_write}});
    }
    json programs = json::array();
    for (const auto& [serial, p] : m_state.programs) {
        programs.push_back({{"serialNumber", serial},
                            {"prepaid", p.prepaid},
                            {"startDate", to_string(p.start)},
                            {"endDate", to_string(p.end)},
                            {"purchasedPoints", p.purchased_points}});
    }
    json accounts = json::array();
    for (const auto& [id, name] : m_state.accounts) {
        accounts.push_back({{"accountId", id}, {"name", name}});
    }
    return {{"rootAccountId", m_state.root_account},
            {"accounts", accounts},
            {"programs", programs},
            {"apiUsers", users},
            {"configs", configs},
            {"entitlements", entitlements},
            {"openDay", to_string(date_from_days(m_state.open_day))}};
}

json Emulator::ledger(const json& request) {
    std::unique_lock lock(m_mutex);
    catch_up();
    flush();
    const auto from = parse_date(request.value("from", "1970-01-02"));
    const auto to = parse_date(request.value("to", to_string(date_from_days(m_state.open_day - 1))));
    if (!from || !to) {
        throw ApiError(400, "from and to must be YYYY-MM-DD");
    }
    const std::int64_t first = days_since_epoch(*from);
    const std::int64_t last = std::min(days_since_epoch(*to), m_state.open_day - 1);
    json rows = json::array();
    Centipoints total = 0;
    for (const auto& [serial, e] : m_state.entitlements) {
        for (const auto& run : e.charges) {
            const std::int64_t lo = std::max(run.first, first);
            const std::int64_t hi = std::min(run.last < 0 ? m_state.open_day - 1 : run.last, last);
            for (std::int64_t d = lo; d <= hi; ++d) {
                rows.push_back({{"date", to_string(date_from_days(d))},
                                {"serialNumber", serial},
                                {"accountId", e.account_id},
                                {"configId", run.config_id},
                                {"points", static_cast<double>(run.per_day) / 100.0}});
                total += run.per_day;
            }
        }
    }
    return {{"rows", rows}, {"total", static_cast<double>(total) / 100.0}};
}

}  // namespace flexform::emulator

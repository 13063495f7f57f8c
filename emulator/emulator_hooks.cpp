// What the test hooks (/__emulator/) do to the emulated service: seed it, move its clock, use a VM token, edit as
// the portal would, reset, and read back state and the billing ledger.
#include <algorithm>

#include "emulator/billing.h"
#include "emulator/emulator.h"

namespace flexform::emulator {

namespace {

ApiUser administrator(const State& state) {
    ApiUser admin;
    admin.username = "portal";
    admin.all_accounts = true;
    admin.read_write = true;
    admin.home_account = state.root_account;
    return admin;
}

}  // namespace

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
    m_tokens.clear();
    m_faults.clear();
    std::lock_guard aux(m_aux_mutex);
    m_counters.clear();
}

json Emulator::clock(const json& request) {
    std::unique_lock lock(m_mutex);
    Clock& c = m_state.clock;
    const std::int64_t real = m_options.real_clock();
    std::int64_t now = c.at(real);
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
            note_rate(m_state, builtin_catalog(), RateCard::builtin(), e, to_pacific(service_now()).date);
        }
        m_dirty.entitlements.insert(key);
        json out = entitlement_json(e);
        flush();
        return out;
    }
    throw ApiError(404, "no VM entitlement with that serial number or token");
}

json Emulator::fail_state_writes(const json& request) {
    const int count = request.value("failWrites", 1);
    std::unique_lock lock(m_mutex);
    if (!m_store) {
        throw std::invalid_argument("this emulator keeps its state in memory only: there is no write to fail");
    }
    m_store->fail_writes(count);
    return {{"failingWrites", count}};
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
    note_rate(m_state, builtin_catalog(), RateCard::builtin(), it->second, to_pacific(service_now()).date);
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
        if (m_state.entitlements.at(serial).removed) {
            e["removed"] = true;  // gone from every API answer; the test hooks still show it
        }
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
                                {"programSerialNumber", charged_program(m_state, e, run)},
                                {"points", static_cast<double>(run.per_day) / 100.0}});
                total += run.per_day;
            }
        }
    }
    return {{"rows", rows}, {"total", static_cast<double>(total) / 100.0}};
}

}  // namespace flexform::emulator

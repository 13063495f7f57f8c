#include "engine/model/live_snapshot.h"

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "engine/model/parameters_json.h"

namespace flexform {

namespace {

using nlohmann::json;

// A missing date is null; the dates the API gives are YYYY-MM-DD.
json date_json(const std::optional<Date>& date) {
    return date ? json(to_string(*date)) : json(nullptr);
}

std::optional<Date> date_of(const json& j) {
    return j.is_null() ? std::nullopt : parse_date(j.get<std::string>());
}

template <typename T>
json optional_json(const std::optional<T>& value) {
    return value ? json(*value) : json(nullptr);
}

template <typename T>
std::optional<T> optional_of(const json& j) {
    return j.is_null() ? std::nullopt : std::optional<T>(j.get<T>());
}

json config_json(const LiveConfig& c) {
    return {{"id", c.id},
            {"name", c.name},
            {"accountId", c.account_id},
            {"productId", c.product_id},
            {"active", c.active},
            {"parameters", parameters_to_json(c.parameters)}};
}

LiveConfig config_of(const json& j, const std::string& program) {
    LiveConfig c;
    c.id = j.at("id").get<std::int64_t>();
    c.name = j.at("name").get<std::string>();
    c.program = program;
    c.account_id = j.at("accountId").get<std::int64_t>();
    c.product_id = j.at("productId").get<int>();
    c.active = j.at("active").get<bool>();
    c.parameters = parameters_from_json(j.at("parameters"));
    return c;
}

json entitlement_json(const LiveEntitlement& e) {
    return {{"serial", e.serial},
            {"configId", e.config_id},
            {"accountId", e.account_id},
            {"description", e.description},
            {"startDate", date_json(e.start_date)},
            {"endDate", date_json(e.end_date)},
            {"status", std::string(to_string(e.status))},
            {"statusText", e.status_text},
            {"tokenStatus", std::string(to_string(e.token_status))}};
}

LiveEntitlement entitlement_of(const json& j) {
    LiveEntitlement e;
    e.serial = j.at("serial").get<std::string>();
    e.config_id = j.at("configId").get<std::int64_t>();
    e.account_id = j.at("accountId").get<std::int64_t>();
    e.description = j.at("description").get<std::string>();
    e.start_date = date_of(j.at("startDate"));
    e.end_date = date_of(j.at("endDate"));
    e.status = parse_entitlement_status(j.at("status").get<std::string>());
    e.status_text = j.at("statusText").get<std::string>();
    e.token_status = parse_token_status(j.at("tokenStatus").get<std::string>());
    return e;
}

json program_json(const ProgramInfo& p) {
    return {{"serial", p.serial},
            {"accountId", p.account_id},
            {"start", date_json(p.start)},
            {"end", date_json(p.end)},
            {"prepaid", p.prepaid}};
}

ProgramInfo program_of(const json& j) {
    return {j.at("serial").get<std::string>(), j.at("accountId").get<std::int64_t>(), date_of(j.at("start")),
            date_of(j.at("end")), j.at("prepaid").get<bool>()};
}

json price_json(const PricedParameters& p) {
    return {{"productId", p.product_id},
            {"parameters", parameters_to_json(p.parameters)},
            {"perDay", p.price.per_day},
            {"latest", optional_json(p.price.latest)},
            {"latestEffective", date_json(p.price.latest_effective)},
            {"metered", p.price.metered}};
}

PricedParameters price_of(const json& j) {
    PricedParameters p;
    p.product_id = j.at("productId").get<int>();
    p.parameters = parameters_from_json(j.at("parameters"));
    p.price.per_day = j.at("perDay").get<double>();
    p.price.latest = optional_of<double>(j.at("latest"));
    p.price.latest_effective = date_of(j.at("latestEffective"));
    p.price.metered = j.at("metered").get<bool>();
    return p;
}

}  // namespace

std::string snapshot_to_json(const LiveSnapshot& snapshot) {
    const LiveState& live = snapshot.live;
    json accounts = json::array();
    for (const auto& [account, entitlements] : live.entitlements) {
        json list = json::array();
        for (const auto& e : entitlements) {
            list.push_back(entitlement_json(e));
        }
        accounts.push_back({{"accountId", account}, {"entitlements", list}});
    }
    json unreadable = json::array();
    for (const auto& [account, answer] : live.unreadable) {
        unreadable.push_back({{"accountId", account}, {"answer", answer}});
    }
    json configs = json::array();
    for (const auto& c : live.configs) {
        configs.push_back(config_json(c));
    }
    json prices = json::array();
    for (const auto& p : snapshot.prices) {
        prices.push_back(price_json(p));
    }
    json out = {{"version", 1},
                {"takenAt", snapshot.taken_at},
                {"program", live.program},
                {"prepaidBalance", optional_json(live.prepaid_balance)},
                {"configs", configs},
                {"accounts", accounts},
                {"unreadable", unreadable},
                {"prices", prices},
                {"programs", nullptr}};
    if (snapshot.programs) {
        out["programs"] = json::array();
        for (const auto& p : *snapshot.programs) {
            out["programs"].push_back(program_json(p));
        }
    }
    return out.dump();
}

LiveSnapshot snapshot_from_json(const std::string& text) {
    try {
        const json j = json::parse(text);
        if (j.at("version").get<int>() != 1) {
            throw std::invalid_argument("a snapshot of version " + j.at("version").dump() + " (this flexform reads 1)");
        }
        LiveSnapshot s;
        s.taken_at = j.at("takenAt").get<std::string>();
        s.live.program = j.at("program").get<std::string>();
        s.live.complete = true;
        s.live.prepaid_balance = optional_of<std::int64_t>(j.at("prepaidBalance"));
        for (const auto& c : j.at("configs")) {
            s.live.configs.push_back(config_of(c, s.live.program));
        }
        for (const auto& a : j.at("accounts")) {
            auto& list = s.live.entitlements[a.at("accountId").get<std::int64_t>()];
            for (const auto& e : a.at("entitlements")) {
                list.push_back(entitlement_of(e));
            }
        }
        for (const auto& u : j.at("unreadable")) {
            s.live.unreadable[u.at("accountId").get<std::int64_t>()] = u.at("answer").get<std::string>();
        }
        for (const auto& p : j.at("prices")) {
            s.prices.push_back(price_of(p));
        }
        if (!j.at("programs").is_null()) {
            s.programs.emplace();
            for (const auto& p : j.at("programs")) {
                s.programs->push_back(program_of(p));
            }
        }
        return s;
    } catch (const nlohmann::json::exception& e) {
        throw std::invalid_argument(std::string("a snapshot that is not flexform's: ") + e.what());
    }
}

}  // namespace flexform

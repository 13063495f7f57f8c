#include "providers/fortiflex/parse.h"

namespace flexform::fortiflex {

using nlohmann::json;

std::optional<std::int64_t> json_int(const json& value) {
    if (value.is_number_integer()) {
        return value.get<std::int64_t>();
    }
    if (value.is_number_float()) {
        return static_cast<std::int64_t>(value.get<double>());
    }
    if (value.is_string()) {
        return parse_integer(value.get<std::string>());
    }
    return std::nullopt;
}

std::optional<double> json_number(const json& value) {
    if (value.is_number()) {
        return value.get<double>();
    }
    if (value.is_string()) {
        try {
            std::size_t used = 0;
            const double d = std::stod(value.get<std::string>(), &used);
            return used == value.get<std::string>().size() ? std::optional<double>(d) : std::nullopt;
        } catch (const std::exception&) {
            return std::nullopt;
        }
    }
    return std::nullopt;
}

std::string json_text(const json& value) {
    if (value.is_string()) {
        return value.get<std::string>();
    }
    if (value.is_null()) {
        return {};
    }
    return value.dump();
}

json payload_array(const json& body, const char* key, const char* alias) {
    const json* found = nullptr;
    if (body.contains(key) && !body[key].is_null()) {
        found = &body[key];
    } else if (alias && body.contains(alias) && !body[alias].is_null()) {
        found = &body[alias];
    }
    if (!found) {
        return json::array();
    }
    if (found->is_array()) {
        return *found;
    }
    return json::array({*found});
}

LiveConfig parse_config(const json& j, const Catalog& catalog) {
    LiveConfig c;
    c.id = json_int(j.value("id", json())).value_or(0);
    c.name = json_text(j.value("name", json()));
    c.program = json_text(j.value("programSerialNumber", json()));
    c.account_id = json_int(j.value("accountId", json())).value_or(0);
    c.active = json_text(j.value("status", json())) != "DISABLED";
    if (j.contains("productType") && j["productType"].is_object()) {
        c.product_id = static_cast<int>(json_int(j["productType"].value("id", json())).value_or(0));
    } else {
        c.product_id = static_cast<int>(json_int(j.value("productTypeId", json())).value_or(0));
    }
    std::vector<WireParameter> wire;
    if (j.contains("parameters") && j["parameters"].is_array()) {
        for (const auto& p : j["parameters"]) {
            const auto id = json_int(p.value("id", json()));
            if (id) {
                wire.push_back({static_cast<int>(*id), json_text(p.value("value", json()))});
            }
        }
    }
    if (const ProductType* product = catalog.find_by_id(c.product_id)) {
        c.parameters = from_wire(*product, wire);
    } else {
        for (const auto& w : wire) {
            c.parameters.values[w.id].push_back(w.value);
        }
    }
    return c;
}

LiveEntitlement parse_entitlement(const json& j) {
    LiveEntitlement e;
    e.serial = json_text(j.value("serialNumber", json()));
    e.config_id = json_int(j.value("configId", json())).value_or(0);
    e.account_id = json_int(j.value("accountId", json())).value_or(0);
    e.description = json_text(j.value("description", json()));
    e.start_date = parse_date(json_text(j.value("startDate", json())));
    const std::string end = json_text(j.value("endDate", json()));
    if (!end.empty()) {
        e.end_date = parse_date(end);
    }
    e.status_text = json_text(j.value("status", json()));
    e.status = parse_entitlement_status(e.status_text);
    e.token_status = parse_token_status(json_text(j.value("tokenStatus", json())));
    return e;
}

int api_status(const json& body) {
    if (!body.is_object() || !body.contains("status")) {
        return -9999;
    }
    const json& s = body["status"];
    if (s.is_string() && s.get<std::string>() == "success") {
        return 0;
    }
    return static_cast<int>(json_int(s).value_or(-9999));
}

}  // namespace flexform::fortiflex

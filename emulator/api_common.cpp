// Shared pieces of the emulated API: dispatch, envelopes, request field readers, encoders, scope checks.
#include <cstdio>
#include <map>

#include "emulator/api.h"

namespace flexform::emulator {

namespace {

struct Endpoint {
    json (*handler)(ApiContext&, const json&);
    const char* payload_key;
    bool writes;
};

const std::map<std::string, Endpoint>& endpoints() {
    static const std::map<std::string, Endpoint> k_endpoints = {
        {"programs/list", {programs_list, "programs", false}},
        {"programs/points", {programs_points, "programs", false}},
        {"configs/list", {configs_list, "configs", false}},
        {"configs/create", {configs_create, "configs", true}},
        {"configs/update", {configs_update, "configs", true}},
        {"configs/enable", {configs_enable, "configs", true}},
        {"configs/disable", {configs_disable, "configs", true}},
        {"entitlements/list", {entitlements_list, "entitlements", false}},
        {"entitlements/vm/create", {entitlements_vm_create, "entitlements", true}},
        {"entitlements/hardware/create", {entitlements_hardware_create, "entitlements", true}},
        {"entitlements/cloud/create", {entitlements_cloud_create, "entitlements", true}},
        {"entitlements/update", {entitlements_update, "entitlements", true}},
        {"entitlements/stop", {entitlements_stop, "entitlements", true}},
        {"entitlements/reactivate", {entitlements_reactivate, "entitlements", true}},
        {"entitlements/vm/token", {entitlements_vm_token, "entitlements", true}},
        {"entitlements/transfer", {entitlements_transfer, "entitlements", true}},
        {"entitlements/hardware/remove", {entitlements_hardware_remove, nullptr, true}},
        {"entitlements/points", {entitlements_points, "entitlements", false}},
        {"groups/list", {groups_list, "groups", false}},
        {"groups/nexttoken", {groups_nexttoken, "entitlements", false}},
        {"tools/calc", {tools_calc, "points", false}},
        {"tools/metadata", {tools_metadata, "productTypes", false}},
    };
    return k_endpoints;
}

const char* payload_key(const std::string& endpoint) {
    const auto it = endpoints().find(endpoint);
    return it == endpoints().end() ? "data" : it->second.payload_key;  // null: the common fields only
}

bool integral_text(const std::string& text, std::int64_t& out) {
    const auto value = parse_integer(text);
    if (value) {
        out = *value;
    }
    return value.has_value();
}

// EMULATOR DECISION: a read-only parameter's current value on a configuration is the metered quantity of its
// entitlements (the /__emulator/metered hook), summed; 0 before anything is metered.
std::int64_t metered_quantity(const ApiContext& context, const Config& config, int parameter_id) {
    std::int64_t total = 0;
    const auto serials = context.state.by_config.find(config.id);
    if (serials != context.state.by_config.end()) {
        for (const auto& serial : serials->second) {
            const Entitlement& e = context.state.entitlements.at(serial);
            if (const auto it = e.metered.find(parameter_id); it != e.metered.end() && !e.removed) {
                total += it->second;
            }
        }
    }
    return total;
}

}  // namespace

bool is_write_endpoint(const std::string& endpoint) {
    const auto it = endpoints().find(endpoint);
    return it != endpoints().end() && it->second.writes;
}

bool is_known_endpoint(const std::string& endpoint) {
    return endpoints().count(endpoint) > 0;
}

const char* payload_key_of(const std::string& endpoint) {
    return payload_key(endpoint);
}

json success_body(const char* key, json payload) {
    json body = {{"status", 0}, {"message", "Request processed successfully"}, {"error", nullptr}};
    if (key) {
        body[key] = std::move(payload);
    }
    return body;
}

json error_body(const std::string& endpoint, const std::string& message, int error_code) {
    json body = {{"status", -1}, {"message", message}, {"error", {{"errorCode", error_code}, {"message", message}}}};
    if (const char* key = payload_key(endpoint)) {
        body[key] = nullptr;
    }
    return body;
}

ApiResponse dispatch(ApiContext& context, const std::string& endpoint, const json& body) {
    const auto it = endpoints().find(endpoint);
    if (it == endpoints().end()) {
        return {404, error_body(endpoint, "Invalid endpoint: " + endpoint, 404)};
    }
    if (it->second.writes && !context.user.read_write) {
        return {403, error_body(endpoint, "Authorization denied", 403)};
    }
    try {
        if (!body.is_object()) {
            throw ApiError(400, "Request body must be a JSON object");
        }
        std::string raw;
        context.raw_payload = &raw;
        json payload = it->second.handler(context, body);
        context.raw_payload = nullptr;
        if (!raw.empty()) {
            ApiResponse response;
            response.text = R"({"error":null,"message":"Request processed successfully","status":0,")" +
                            std::string(it->second.payload_key) + "\":" + raw + "}";
            return response;
        }
        return {200, success_body(it->second.payload_key, std::move(payload))};
    } catch (const ApiError& e) {
        return {e.http_status(), error_body(endpoint, e.what(), e.error_code())};
    } catch (const json::exception& e) {
        return {400, error_body(endpoint, std::string("Invalid parameter value: ") + e.what(), 400)};
    }
}

std::optional<std::int64_t> optional_int(const json& body, const char* field) {
    if (!body.contains(field) || body[field].is_null()) {
        return std::nullopt;
    }
    const json& value = body[field];
    std::int64_t out = 0;
    if (value.is_number_integer()) {
        return value.get<std::int64_t>();
    }
    if (value.is_string() && integral_text(value.get<std::string>(), out)) {
        return out;
    }
    throw ApiError(400, std::string("Invalid parameter value: ") + field + " must be an integer");
}

std::int64_t required_int(const json& body, const char* field) {
    const auto value = optional_int(body, field);
    if (!value) {
        throw ApiError(400, std::string("Missing required parameter: ") + field);
    }
    return *value;
}

std::optional<std::string> optional_string(const json& body, const char* field) {
    if (!body.contains(field) || body[field].is_null()) {
        return std::nullopt;
    }
    if (body[field].is_string()) {
        return body[field].get<std::string>();
    }
    if (body[field].is_number_integer()) {
        return std::to_string(body[field].get<std::int64_t>());
    }
    throw ApiError(400, std::string("Invalid parameter value: ") + field + " must be a string");
}

std::string required_string(const json& body, const char* field) {
    const auto value = optional_string(body, field);
    if (!value || value->empty()) {
        throw ApiError(400, std::string("Missing required parameter: ") + field);
    }
    return *value;
}

std::optional<Date> optional_date(const json& body, const char* field) {
    const auto text = optional_string(body, field);
    if (!text || text->empty()) {
        return std::nullopt;
    }
    const auto date = parse_date(*text);
    if (!date) {
        throw ApiError(400,
                       std::string("Invalid parameter value: ") + field + " '" + *text + "' is not an ISO 8601 date");
    }
    return date;
}

std::string format_timestamp(std::int64_t utc_millis) {
    const PacificTime t = to_pacific(utc_millis);
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%sT%02d:%02d:%02d.%03d", to_string(t.date).c_str(), t.hour, t.minute,
                  t.second, t.millisecond);
    std::string out = buffer;
    while (out.back() == '0') {  // the live service trims trailing zeros of the fraction
        out.pop_back();
    }
    if (out.back() == '.') {
        out.pop_back();
    }
    return out;
}

std::string format_end_date(const Date& date) {
    return to_string(date) + "T00:00:00";
}

json config_json(const ApiContext& context, const Config& config) {
    const ProductType* product = context.catalog.find_by_id(config.product_id);
    json parameters = json::array();
    if (product) {
        for (const auto& wire : to_wire(*product, config.parameters)) {
            const Parameter* p = product->find_parameter(wire.id);
            parameters.push_back({{"id", wire.id}, {"name", p ? p->name : ""}, {"value", wire.value}});
        }
        for (const auto& p : product->parameters) {
            if (p.read_only) {  // shown with their current value (fortiflex-api.md 6.1), never settable
                parameters.push_back({{"id", p.id},
                                      {"name", p.name},
                                      {"value", std::to_string(metered_quantity(context, config, p.id))}});
            }
        }
    }
    return {{"id", config.id},
            {"name", config.name},
            {"programSerialNumber", config.program},
            {"accountId", config.account_id},
            {"status", config.active ? "ACTIVE" : "DISABLED"},
            {"productType", {{"id", config.product_id}, {"name", product ? product->api_name : ""}}},
            {"parameters", parameters}};
}

json entitlement_json(const Entitlement& e) {
    return {{"serialNumber", e.serial},
            {"description", e.description},
            {"configId", e.config_id},
            {"accountId", e.account_id},
            {"startDate", format_timestamp(e.start_millis)},
            {"endDate", format_end_date(e.end_date)},
            {"status", e.status},
            {"token", e.token ? json(*e.token) : json(nullptr)},
            {"tokenStatus", e.token_status ? json(*e.token_status) : json(nullptr)}};
}

void append_entitlement_text(std::string& out, const Entitlement& e) {
    // Field for field what entitlement_json produces, without building a tree: lists of 50,000 stay fast.
    out += R"({"accountId":)";
    out += std::to_string(e.account_id);
    out += R"(,"configId":)";
    out += std::to_string(e.config_id);
    out += R"(,"description":)";
    out += json(e.description).dump();
    out += R"(,"endDate":")";
    out += format_end_date(e.end_date);
    out += R"(","serialNumber":)";
    out += json(e.serial).dump();
    out += R"(,"startDate":")";
    out += format_timestamp(e.start_millis);
    out += R"(","status":)";
    out += json(e.status).dump();
    out += R"(,"token":)";
    out += e.token ? json(*e.token).dump() : "null";
    out += R"(,"tokenStatus":)";
    out += e.token_status ? json(*e.token_status).dump() : "null";
    out += "}";
}

void require_account_scope(const ApiContext& context, std::int64_t account_id) {
    const bool in_org = account_id == context.state.root_account || context.state.accounts.count(account_id) > 0;
    if (!in_org || (!context.user.all_accounts && context.user.accounts.count(account_id) == 0)) {
        throw ApiError(403, "Authorization denied");
    }
}

Config& find_config(ApiContext& context, std::int64_t id) {
    const auto it = context.state.configs.find(id);
    if (it == context.state.configs.end()) {
        throw ApiError(400, "Configuration " + std::to_string(id) + " does not exist");
    }
    require_account_scope(context, it->second.account_id);
    return it->second;
}

Entitlement& find_entitlement(ApiContext& context, const std::string& serial) {
    const auto it = context.state.entitlements.find(serial);
    if (it == context.state.entitlements.end() || it->second.removed) {
        throw ApiError(400, "Entitlement " + serial + " does not exist");
    }
    require_account_scope(context, it->second.account_id);
    return it->second;
}

const Program& find_program(const ApiContext& context, const std::string& serial) {
    const Program* program = context.state.program(serial);
    if (!program) {
        throw ApiError(400, "Program " + serial + " does not exist");
    }
    return *program;
}

const ProductType& product_of(const ApiContext& context, const Config& config) {
    const ProductType* product = context.catalog.find_by_id(config.product_id);
    if (!product) {
        throw ApiError(500, "Configuration has an unknown product type");
    }
    return *product;
}

ParameterSet validate_parameters(const ProductType& product, const json& parameters, bool accept_metered,
                                 std::map<int, std::int64_t>* metered) {
    if (!parameters.is_array()) {
        throw ApiError(400, "Invalid parameter value: parameters must be an array of {id, value}");
    }
    ParameterSet raw;
    std::map<int, int> counts;
    for (const auto& item : parameters) {
        const std::int64_t id = required_int(item, "id");
        const auto value = optional_string(item, "value");
        const Parameter* parameter = product.find_parameter(static_cast<int>(id));
        if (!parameter) {
            throw ApiError(400, "Parameter id " + std::to_string(id) + " is not valid for product type " +
                                    std::to_string(product.id) + ".");
        }
        const std::string text = value.value_or("");
        const std::string prefix = "Parameter id " + std::to_string(id) + " value " + text;
        if (parameter->read_only) {
            if (accept_metered && metered) {
                const auto number = parse_integer(text);
                if (!number || (parameter->min && *number < *parameter->min) ||
                    (parameter->max && *number > *parameter->max)) {
                    throw ApiError(400, prefix + " is out of range [" + std::to_string(parameter->min.value_or(0)) +
                                            ", " + std::to_string(parameter->max.value_or(0)) + "].");
                }
                (*metered)[parameter->id] = *number;
            }
            continue;  // read-only parameters are ignored on configurations
        }
        if (parameter->type != ParameterType::multi && ++counts[parameter->id] > 1) {
            throw ApiError(400, "Parameter id " + std::to_string(id) + " accepts a single value.");
        }
        if (parameter->type == ParameterType::multi && text == "NONE") {
            raw.values[parameter->id];
            continue;
        }
        if (const auto problem = check_value(*parameter, text)) {
            switch (problem->kind) {
                case ValueProblem::Kind::below_min:
                case ValueProblem::Kind::above_max:
                    throw ApiError(400, prefix + " is out of range [" + std::to_string(parameter->min.value_or(0)) +
                                            ", " + std::to_string(parameter->max.value_or(0)) + "].");
                case ValueProblem::Kind::off_step:
                    throw ApiError(400, prefix + " must be a multiple of " + std::to_string(parameter->step) + ".");
                case ValueProblem::Kind::not_integer:
                    throw ApiError(400, prefix + " is not a number.");
                default:
                    throw ApiError(400, prefix + " is not a valid value.");
            }
        }
        raw.values[parameter->id].push_back(text);
    }
    for (const auto& parameter : product.parameters) {
        if (parameter.required && !parameter.read_only && !raw.values.count(parameter.id)) {
            throw ApiError(400, "Parameter id " + std::to_string(parameter.id) + " is required.");
        }
        if (accept_metered && parameter.calc_required && (!metered || !metered->count(parameter.id))) {
            throw ApiError(400, "Parameter id " + std::to_string(parameter.id) + " is required.");
        }
    }
    ParameterSet set = normalize(product, raw);
    for (const auto& rule : product.constraints) {
        const Parameter* when = product.find_parameter(std::string_view{rule.when_param});
        const Parameter* target = product.find_parameter(std::string_view{rule.param});
        const auto values = set.values.find(when->id);
        if (values == set.values.end() ||
            std::find(values->second.begin(), values->second.end(), rule.has_value) == values->second.end()) {
            continue;
        }
        const std::string* value = set.scalar(target->id);
        if (rule.kind == Constraint::Kind::required_when && !value) {
            throw ApiError(400, "Parameter id " + std::to_string(target->id) + " is required when parameter id " +
                                    std::to_string(when->id) + " includes " + rule.has_value + ".");
        }
        if (rule.kind == Constraint::Kind::nonzero_when && (!value || *value == "0")) {
            throw ApiError(400, "Parameter id " + std::to_string(target->id) +
                                    " value 0 is not allowed when parameter id " + std::to_string(when->id) + " is " +
                                    rule.has_value + ".");
        }
    }
    return set;
}

}  // namespace flexform::emulator

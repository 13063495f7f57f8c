// The emulated FortiFlex v2 endpoints: each handler reads a request body and answers with the reference's
// envelope, or throws ApiError, which the dispatcher turns into the reference's error body.
#pragma once

#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/model/day_range.h"
#include "engine/catalog/catalog.h"
#include "emulator/store.h"

namespace flexform::emulator {

using nlohmann::json;

struct EmulatorSettings {
    int token_ttl_seconds = 3660;
    bool strict_hardware_models = false;  // reject serials whose prefix is not the config's model code
    std::size_t max_hardware_serials = 100;
    std::size_t max_vm_count = 1000;
    int points_window_days = k_points_window_days;
};

struct ApiResponse {
    ApiResponse() = default;
    ApiResponse(int status, json payload) : http_status(status), body(std::move(payload)) {}

    int http_status = 200;
    json body;
    std::string text;  // when set, the serialized body (large lists are written straight to text)

    std::string serialized() const { return text.empty() ? body.dump() : text; }
};

class ApiError : public std::runtime_error {
public:
    ApiError(int http_status, std::string message, int error_code = 0)
        : std::runtime_error(std::move(message)),
          m_http_status(http_status),
          m_error_code(error_code == 0 ? http_status : error_code) {}
    int http_status() const { return m_http_status; }
    int error_code() const { return m_error_code; }

private:
    int m_http_status;
    int m_error_code;
};

struct ApiContext {
    State& state;
    Dirty& dirty;
    const Catalog& catalog;
    const RateCard& rates;
    const EmulatorSettings& settings;
    const ApiUser& user;
    std::int64_t now_millis = 0;
    Date today;
    std::string* raw_payload = nullptr;  // a handler may write its payload here, already serialized, and return null
};

// Runs one endpoint ("configs/list"); ApiErrors become error envelopes. Unknown endpoints answer 404.
ApiResponse dispatch(ApiContext& context, const std::string& endpoint, const json& body);
bool is_write_endpoint(const std::string& endpoint);
bool is_known_endpoint(const std::string& endpoint);
json error_body(const std::string& endpoint, const std::string& message, int error_code);
json success_body(const char* payload_key, json payload);
// The key an endpoint's answer holds its list under ("configs", "entitlements"...).
const char* payload_key_of(const std::string& endpoint);

// Request field readers: numbers may arrive as numeric strings; dates in either ISO form.
std::optional<std::int64_t> optional_int(const json& body, const char* field);
std::int64_t required_int(const json& body, const char* field);
std::optional<std::string> optional_string(const json& body, const char* field);
std::string required_string(const json& body, const char* field);
std::optional<Date> optional_date(const json& body, const char* field);

// Response encoders.
json config_json(const ApiContext& context, const Config& config);
json entitlement_json(const Entitlement& entitlement);
void append_entitlement_text(std::string& out, const Entitlement& entitlement);  // the same object, serialized
std::string format_timestamp(std::int64_t utc_millis);  // Pacific "YYYY-MM-DDTHH:MM:SS.fff", trailing zeros trimmed
std::string format_end_date(const Date& date);          // "YYYY-MM-DDT00:00:00"

// Scope and lookup helpers shared by the endpoint files.
void require_account_scope(const ApiContext& context, std::int64_t account_id);
Config& find_config(ApiContext& context, std::int64_t id);
Entitlement& find_entitlement(ApiContext& context, const std::string& serial);
const Program& find_program(const ApiContext& context, const std::string& serial);
const ProductType& product_of(const ApiContext& context, const Config& config);

// Parameter validation with the reference's "Parameter id <N> ..." messages. Returns the normalized set and
// fills `metered` with read-only quantities when `accept_metered` (tools/calc).
ParameterSet validate_parameters(const ProductType& product, const json& parameters, bool accept_metered,
                                 std::map<int, std::int64_t>* metered);

// Endpoint groups (api_programs.cpp, api_configs.cpp, api_entitlements.cpp, api_points.cpp, api_metadata.cpp).
json programs_list(ApiContext& context, const json& body);
json programs_points(ApiContext& context, const json& body);
json tools_calc(ApiContext& context, const json& body);
json tools_metadata(ApiContext& context, const json& body);
json configs_list(ApiContext& context, const json& body);
json configs_create(ApiContext& context, const json& body);
json configs_update(ApiContext& context, const json& body);
json configs_enable(ApiContext& context, const json& body);
json configs_disable(ApiContext& context, const json& body);
json entitlements_list(ApiContext& context, const json& body);
json entitlements_vm_create(ApiContext& context, const json& body);
json entitlements_hardware_create(ApiContext& context, const json& body);
json entitlements_cloud_create(ApiContext& context, const json& body);
json entitlements_update(ApiContext& context, const json& body);
json entitlements_stop(ApiContext& context, const json& body);
json entitlements_reactivate(ApiContext& context, const json& body);
json entitlements_vm_token(ApiContext& context, const json& body);
json entitlements_transfer(ApiContext& context, const json& body);
json entitlements_hardware_remove(ApiContext& context, const json& body);  // answers the common fields only
json entitlements_points(ApiContext& context, const json& body);
json groups_list(ApiContext& context, const json& body);
json groups_nexttoken(ApiContext& context, const json& body);

}  // namespace flexform::emulator

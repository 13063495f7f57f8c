// Provider is the port through which the engine reaches FortiFlex. providers/fortiflex implements it over the
// real API (or the emulator); engine code sees only this interface.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/model/live.h"

namespace flexform {

// A failed provider call, classified so retry decisions are made on kinds, not strings.
class ProviderError : public std::runtime_error {
public:
    enum class Kind {
        transport,  // no usable response (connection refused, reset, TLS)
        timeout,
        rate_limited,  // HTTP 429 or API status -10/-11
        auth,          // bad credentials or a token that stays invalid
        client,        // HTTP 4xx or a validation error: retrying cannot help
        server,        // HTTP 5xx
        protocol,      // the response was not the JSON the API documents
    };
    ProviderError(Kind kind, std::string message, int http_status = 0, int api_status = 0)
        : std::runtime_error(std::move(message)), m_kind(kind), m_http_status(http_status), m_api_status(api_status) {}
    Kind kind() const { return m_kind; }
    int http_status() const { return m_http_status; }
    int api_status() const { return m_api_status; }

private:
    Kind m_kind;
    int m_http_status;
    int m_api_status;
};

const char* to_string(ProviderError::Kind kind);

struct VmRequest {
    std::int64_t config_id = 0;
    int count = 0;
    std::string description;
    std::optional<std::string> folder_path;
    std::optional<Date> end_date;
    bool skip_pending = false;
};

class Provider {
public:
    virtual ~Provider() = default;

    virtual std::vector<ProgramInfo> list_programs() = 0;
    virtual std::optional<std::int64_t> program_balance(const std::string& program) = 0;  // prepaid only
    virtual std::vector<LiveConfig> list_configs(const std::string& program, std::optional<std::int64_t> account) = 0;
    virtual std::vector<LiveEntitlement> list_entitlements(const std::string& program, std::int64_t account) = 0;
    virtual std::vector<LiveEntitlement> list_config_entitlements(std::int64_t config_id) = 0;

    virtual LiveConfig create_config(const std::string& program, std::int64_t account, const std::string& name,
                                     int product_id, const ParameterSet& parameters) = 0;
    virtual LiveConfig update_config(std::int64_t id, const std::string& name, int product_id,
                                     const ParameterSet& parameters) = 0;
    virtual LiveConfig set_config_active(std::int64_t id, bool active) = 0;

    virtual std::vector<LiveEntitlement> create_vm_entitlements(const VmRequest& request) = 0;
    virtual std::vector<LiveEntitlement> create_hardware_entitlements(std::int64_t config_id,
                                                                      const std::vector<std::string>& serials,
                                                                      std::optional<Date> end_date) = 0;
    virtual LiveEntitlement create_cloud_entitlement(std::int64_t config_id, std::optional<Date> end_date,
                                                     const std::string& description,
                                                     const std::optional<std::string>& folder_path) = 0;
    virtual LiveEntitlement update_entitlement(const std::string& serial, std::int64_t config_id,
                                               const std::string& description, std::optional<Date> end_date) = 0;
    virtual LiveEntitlement stop_entitlement(const std::string& serial) = 0;
    virtual LiveEntitlement reactivate_entitlement(const std::string& serial) = 0;

    virtual Price calc(const std::string& program, int product_id, const ParameterSet& parameters) = 0;
    virtual std::vector<PointsRow> points(const std::string& program, std::int64_t account, const Date& from,
                                          const Date& to) = 0;

    // API calls made so far (every attempt counts), for -v and benchmarks.
    virtual std::int64_t calls_made() const = 0;
};

}  // namespace flexform

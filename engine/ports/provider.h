// Provider is the port through which the engine reaches FortiFlex. providers/fortiflex implements it over the
// real API (or the emulator); engine code sees only this interface.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/model/live.h"

namespace flexform {

// A failed provider call, classified so retry and reporting decisions are made on kinds, not strings.
class ProviderError : public std::runtime_error {
public:
    enum class Kind {
        transport,     // no usable response (connection refused, reset, closed)
        timeout,       // no answer in time
        tls,           // the server's certificate could not be verified: never retried
        rate_limited,  // HTTP 429 or API status -10/-11/-12
        auth,          // bad credentials, or a token that stays invalid
        denied,        // "Authorization denied": the account or object is outside the API user's scope
        client,        // HTTP 4xx or a validation error: retrying cannot help
        conflict,      // the object is already in the wanted state (see Conflict)
        server,        // HTTP 5xx
        protocol,      // the response was not the JSON the API documents
        budget_spent,  // not sent: the program's request budget stayed spent past the budget timeout, or an interrupt
        create_errors_spent,  // not sent: the hour's allowance of failed creates is spent
    };
    // What a conflict says about the object: the write is not needed, or already happened.
    enum class Conflict { none, already_entitled, already_stopped, already_active };

    ProviderError(Kind kind, std::string message, int http_status = 0, int api_status = 0)
        : std::runtime_error(std::move(message)), m_kind(kind), m_http_status(http_status), m_api_status(api_status) {}

    Kind kind() const { return m_kind; }
    int http_status() const { return m_http_status; }
    int api_status() const { return m_api_status; }
    Conflict conflict() const { return m_conflict; }
    // True when a write was sent and its outcome is unknown: it may have happened.
    bool write_may_have_happened() const { return m_may_have_written; }

    ProviderError& with_conflict(Conflict conflict) {
        m_conflict = conflict;
        return *this;
    }
    ProviderError& with_unknown_outcome(bool may_have_written = true) {
        m_may_have_written = may_have_written;
        return *this;
    }

private:
    Kind m_kind;
    int m_http_status;
    int m_api_status;
    Conflict m_conflict = Conflict::none;
    bool m_may_have_written = false;
};

const char* to_string(ProviderError::Kind kind);
// Failures that say the service (or the way to it) is down, rather than that this request was wrong.
bool is_outage(ProviderError::Kind kind);

// One HTTP request a provider call actually sent, for the journal and `-v`.
struct Attempt {
    std::string endpoint;  // "configs/create"
    int http_status = 0;   // 0: no response
    std::string result;    // "ok", "HTTP 503", "connection lost after sending", "re-read: found"
    double milliseconds = 0.0;
};

// Filled by a write call as it goes, so the caller knows every attempt even when the call throws.
struct CallTrace {
    std::vector<Attempt> attempts;
    bool recovered = false;  // an unknown outcome was resolved by re-reading (the write had happened)
    // A create calls it right before each send, so a record of the send exists even if this process is killed
    // with the request in flight; when it throws, nothing is sent.
    std::function<void()> before_send;
};

struct VmRequest {
    std::int64_t config_id = 0;
    int count = 0;
    std::string description;
    std::optional<std::string> folder_path;
    std::optional<Date> end_date;
    bool skip_pending = false;
};

struct TransferRequest {
    std::string serial;
    std::int64_t source_account = 0;
    std::int64_t source_config = 0;
    std::int64_t target_account = 0;
    std::int64_t target_config = 0;
};

// A VM entitlement's licence token: secret material, printed only by `flexform tokens`.
struct VmToken {
    std::string serial;
    std::int64_t config_id = 0;
    EntitlementStatus status = EntitlementStatus::pending;
    std::string token;
    std::string token_status;  // NOTUSED / USED
};

// groups/list: the VM licence tokens of one asset folder, available (NOTUSED) and used.
struct TokenFolder {
    std::int64_t account_id = 0;
    std::string folder_path;
    int available = 0;
    int used = 0;
};

class Provider {
public:
    virtual ~Provider() = default;

    // Reads: retried on transient failures, never change anything.
    virtual std::vector<ProgramInfo> list_programs() = 0;
    virtual std::optional<std::int64_t> program_balance(const std::string& program) = 0;  // prepaid only
    virtual std::vector<LiveConfig> list_configs(const std::string& program, std::optional<std::int64_t> account) = 0;
    virtual std::vector<LiveEntitlement> list_entitlements(const std::string& program, std::int64_t account) = 0;
    virtual std::vector<LiveEntitlement> list_config_entitlements(std::int64_t config_id) = 0;
    virtual std::vector<VmToken> vm_tokens(std::int64_t config_id) = 0;
    virtual Price calc(const std::string& program, int product_id, const ParameterSet& parameters) = 0;
    // Points per entitlement over [from, to] (inclusive), for one account; with `serial`, that entitlement only.
    // Account 0 with a serial: the serial alone selects (its account is unknown; the answer names it).
    virtual std::vector<PointsRow> points(const std::string& program, std::int64_t account, const Date& from,
                                          const Date& to, const std::optional<std::string>& serial) = 0;
    // The token stock of one account's asset folders (groups/list).
    virtual std::vector<TokenFolder> token_folders(std::int64_t account) = 0;

    // Writes: each is sent once. One whose outcome is unknown is re-read before anything else; `trace` (may be
    // null) receives every attempt sent.
    virtual LiveConfig create_config(const std::string& program, std::int64_t account, const std::string& name,
                                     int product_id, const ParameterSet& parameters, CallTrace* trace) = 0;
    virtual LiveConfig update_config(std::int64_t id, const std::string& name, int product_id,
                                     const ParameterSet& parameters, CallTrace* trace) = 0;
    virtual LiveConfig set_config_active(std::int64_t id, bool active, CallTrace* trace) = 0;
    virtual std::vector<LiveEntitlement> create_vm_entitlements(const VmRequest& request, CallTrace* trace) = 0;
    virtual std::vector<LiveEntitlement> create_hardware_entitlements(std::int64_t config_id,
                                                                      const std::vector<std::string>& serials,
                                                                      std::optional<Date> end_date,
                                                                      CallTrace* trace) = 0;
    virtual LiveEntitlement create_cloud_entitlement(std::int64_t config_id, std::optional<Date> end_date,
                                                     const std::string& description,
                                                     const std::optional<std::string>& folder_path,
                                                     CallTrace* trace) = 0;
    virtual LiveEntitlement update_entitlement(const std::string& serial, std::int64_t config_id,
                                               const std::string& description, std::optional<Date> end_date,
                                               CallTrace* trace) = 0;
    virtual LiveEntitlement transfer_entitlement(const TransferRequest& request, CallTrace* trace) = 0;
    virtual LiveEntitlement stop_entitlement(const std::string& serial, CallTrace* trace) = 0;
    virtual LiveEntitlement reactivate_entitlement(const std::string& serial, CallTrace* trace) = 0;
    // Removes hardware units from FortiFlex for good (entitlements/hardware/remove): a decommissioned RMA unit.
    virtual void remove_hardware(const std::vector<std::string>& serials, CallTrace* trace) = 0;
    // A new licence token for a VM (entitlements/vm/token): the old one no longer redeems. Every send makes another
    // token, so it is never re-sent; the answer's token is not returned (`flexform tokens` reads it).
    virtual LiveEntitlement regenerate_vm_token(const std::string& serial, CallTrace* trace) = 0;

    // API requests sent so far (every attempt counts), for -v summaries and benchmarks.
    virtual std::int64_t calls_made() const = 0;
};

}  // namespace flexform

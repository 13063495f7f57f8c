#include "providers/fortiflex/client.h"

#include <algorithm>
#include <random>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "providers/budget/budgets.h"
#include "providers/fortiflex/api_response.h"
#include "providers/fortiflex/parse.h"

namespace flexform::fortiflex {

using nlohmann::json;

namespace {

constexpr std::size_t k_hardware_batch = 100;  // the portal's per-request limit

std::string join_url(const std::string& base, const std::string& endpoint) {
    return base.empty() || base.back() == '/' ? base + endpoint : base + "/" + endpoint;
}

json date_or_null(const std::optional<Date>& date) {
    return date ? json(to_string(*date) + "T00:00:00") : json(nullptr);
}

json wire_parameters(const ProductType* product, const ParameterSet& parameters, bool with_metered_inputs) {
    json out = json::array();
    if (!product) {
        return out;
    }
    for (const auto& w : to_wire(*product, parameters)) {
        out.push_back({{"id", w.id}, {"value", w.value}});
    }
    if (with_metered_inputs) {
        // tools/calc needs metered quantities a configuration cannot carry; price the fixed part with 0.
        for (const auto& p : product->parameters) {
            if (p.calc_required) {
                out.push_back({{"id", p.id}, {"value", "0"}});
            }
        }
    }
    return out;
}

std::string attempt_result(const ApiAnswer& answer, const HttpResponse& response) {
    switch (answer.attempt) {
        case AttemptClass::ok:
            return "ok";
        case AttemptClass::not_sent:
            return "not sent: " + response.error;
        case AttemptClass::lost_after_send:
            return "connection lost after sending: " + response.error;
        case AttemptClass::timed_out_after_send:
            return "no answer in time after sending";
        case AttemptClass::tls:
            return "TLS failure: " + response.error;
        case AttemptClass::abandoned:
            return "abandoned while in flight";
        default:
            return "HTTP " + std::to_string(response.status) + ": " + answer.message;
    }
}

std::chrono::milliseconds elapsed_ms(std::chrono::steady_clock::time_point since,
                                     std::chrono::steady_clock::time_point now) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(now - since);
}

LiveEntitlement entitlement_in_state(const std::string& serial, EntitlementStatus status) {
    LiveEntitlement e;
    e.serial = serial;
    e.status = status;
    e.status_text = std::string(to_string(status));
    return e;
}

// The real clock, sleep and randomness where tests injected none.
ClientOptions with_defaults(ClientOptions options) {
    if (!options.sleep) {
        options.sleep = [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
    }
    if (!options.now) {
        options.now = [] { return std::chrono::steady_clock::now(); };
    }
    if (!options.wall_ms) {
        options.wall_ms = [] {
            return std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                .count();
        };
    }
    if (!options.random_unit) {
        options.random_unit = [] {
            thread_local std::mt19937 rng{std::random_device{}()};
            return std::uniform_real_distribution<>(0.0, 1.0)(rng);
        };
    }
    return options;
}

// Without a shared budget the client paces itself, as one process, to its requests per minute.
std::unique_ptr<RequestBudget> own_budget(const ClientOptions& options) {
    if (options.budget || options.requests_per_minute <= 0) {
        return nullptr;
    }
    return memory_budget(BudgetLimits{options.requests_per_minute, 0, 0, 1.0});
}

// FortiFlex's allowance of failed creates counts configuration and entitlement creation, not transfers.
bool counts_as_create(const std::string& endpoint) {
    return endpoint.size() > 7 && endpoint.compare(endpoint.size() - 7, 7, "/create") == 0;
}

// An answer FortiFlex gave to a create and that it counts as an error.
bool create_error(const ApiAnswer& answer, const HttpResponse& response) {
    return response.status != 0 && answer.attempt != AttemptClass::ok && answer.attempt != AttemptClass::invalid_token;
}

}  // namespace

FortiFlexClient::FortiFlexClient(ClientOptions options)
    : m_options(with_defaults(std::move(options))),
      m_transport(m_options.transport),
      m_own_budget(own_budget(m_options)),
      m_gate(m_options.budget ? m_options.budget : m_own_budget.get(),
             GateOptions{m_options.wall_ms, m_options.sleep, m_options.budget_timeout, m_options.stop,
                         m_options.on_budget_wait}),
      m_backoff(m_options.base_delay, m_options.max_delay, m_options.random_unit) {
    ensure_curl_initialized();
    m_tokens = std::make_unique<TokenSource>(
        m_options.auth_url, Credentials{m_options.username, m_options.password},
        [this](const std::string& label, const std::string& url, const std::string& body,
               const std::vector<std::string>& headers, bool fresh) { return send(label, url, body, headers, fresh); },
        m_backoff, m_options.max_attempts, m_options.sleep, m_options.now);
}

FortiFlexClient::~FortiFlexClient() = default;

const Catalog& FortiFlexClient::catalog() const {
    return m_options.catalog ? *m_options.catalog : builtin_catalog();
}

std::string FortiFlexClient::describe() const {
    return "FortiFlex API at " + host_of(m_options.api_url) + " as " + m_tokens->describe();
}

std::string FortiFlexClient::scrub(std::string message) const {
    const auto remove = [&message](const std::string& secret) {
        if (secret.size() < 4) {
            return;
        }
        for (auto at = message.find(secret); at != std::string::npos; at = message.find(secret, at)) {
            message.replace(at, secret.size(), "***");
        }
    };
    remove(m_options.password);
    for (const auto* url : {&m_options.api_url, &m_options.auth_url}) {
        const auto scheme = url->find("://");
        const auto at = url->find('@');
        if (scheme != std::string::npos && at != std::string::npos && at > scheme) {
            remove(url->substr(scheme + 3, at - scheme - 3));
        }
    }
    return message;
}

CreateOnceOptions FortiFlexClient::create_options(int max_sends) const {
    return CreateOnceOptions{max_sends, m_options.reread_settle, m_options.sleep};
}

HttpResponse FortiFlexClient::send(const std::string& label, const std::string& url, const std::string& body,
                                   const std::vector<std::string>& headers, bool fresh_connection) {
    m_gate.acquire();
    const auto start = m_options.now();
    HttpResponse response = m_transport.post(url, body, headers, fresh_connection);
    ++m_calls;
    response.error = scrub(response.error);
    if (m_options.log) {
        m_options.log("POST " + label + " " + (response.status ? std::to_string(response.status) : "---") + " " +
                      std::to_string(elapsed_ms(start, m_options.now()).count()) + " ms" +
                      (response.status ? "" : " (" + response.error + ")"));
    }
    return response;
}

json FortiFlexClient::call(const std::string& endpoint, const json& body, Safety safety, CallTrace* trace) {
    const std::string url = join_url(m_options.api_url, endpoint);
    const std::string text = body.dump();
    int renewals = 0;
    const bool creates = counts_as_create(endpoint);
    if (creates) {
        m_gate.check_create();
    }
    std::string token = m_tokens->token();
    for (int attempt = 1;; ++attempt) {
        if (safety == Safety::create && trace && trace->before_send) {
            trace->before_send();
        }
        const auto start = m_options.now();
        // A write gets a fresh connection, so no layer below can re-send it on its own.
        const HttpResponse response =
            send(endpoint, url, text, {"Content-Type: application/json", "Authorization: Bearer " + token},
                 safety != Safety::read);
        const ApiAnswer answer = read_answer(response);
        if (creates && create_error(answer, response)) {
            m_gate.note_create_error();
        }
        if (trace) {
            trace->attempts.push_back({endpoint, response.status, attempt_result(answer, response),
                                       static_cast<double>(elapsed_ms(start, m_options.now()).count())});
        }
        if (answer.attempt == AttemptClass::invalid_token) {
            // Refused before processing. A token just issued is sometimes refused for a moment (Fortinet's own
            // clients retry four times), so renew with a pause, a bounded number of times.
            if (++renewals > m_options.max_token_renewals) {
                throw ProviderError(
                    ProviderError::Kind::auth,
                    endpoint + ": " + answer.message + " (after " + std::to_string(renewals - 1) + " fresh logins)",
                    response.status, answer.api_status);
            }
            if (renewals > 1) {
                m_options.sleep(m_backoff.delay(renewals - 1, ""));
            }
            token = m_tokens->renew(token);
            --attempt;
            continue;
        }
        const NextStep step = next_step(safety, answer.attempt, attempt, m_options.max_attempts);
        if (step == NextStep::done) {
            return answer.body;
        }
        if (step == NextStep::retry) {
            m_options.sleep(m_backoff.delay(attempt, response.retry_after));
            continue;
        }
        std::string message = endpoint + ": " + scrub(answer.message);
        if (answer.kind == ProviderError::Kind::tls) {
            message = endpoint + ": TLS: the certificate of " + host_of(m_options.api_url) +
                      " could not be verified (" + answer.message +
                      "); set caBundle in flexform.yaml or SSL_CERT_FILE to trust a private CA";
        } else if (step == NextStep::outcome_unknown) {
            message += " (outcome unknown: the request may have been processed)";
        } else if (attempt > 1) {
            message += " (gave up after " + std::to_string(attempt) + " attempts)";
        }
        ProviderError error(answer.kind, message, response.status, answer.api_status);
        error.with_conflict(answer.conflict);
        if (step == NextStep::outcome_unknown) {
            error.with_unknown_outcome();
        }
        throw error;
    }
}

std::vector<ProgramInfo> FortiFlexClient::list_programs() {
    const json body = call("programs/list", json::object(), Safety::read, nullptr);
    std::vector<ProgramInfo> out;
    for (const auto& p : payload_array(body, "programs")) {
        ProgramInfo info;
        info.serial = json_text(p.value("serialNumber", json()));
        info.account_id = json_int(p.value("accountId", json())).value_or(0);
        info.start = parse_date(json_text(p.value("startDate", json())));
        info.end = parse_date(json_text(p.value("endDate", json())));
        info.prepaid = is_prepaid_program(info.serial);
        out.push_back(info);
    }
    return out;
}

std::optional<std::int64_t> FortiFlexClient::program_balance(const std::string& program) {
    try {
        const json body = call("programs/points", {{"programSerialNumber", program}}, Safety::read, nullptr);
        const json programs = payload_array(body, "programs");
        if (programs.empty()) {
            return std::nullopt;
        }
        return json_int(programs[0].value("pointBalance", json()));
    } catch (const ProviderError& e) {
        if (e.kind() == ProviderError::Kind::client) {
            return std::nullopt;  // postpaid programs have no balance
        }
        throw;
    }
}

std::vector<LiveConfig> FortiFlexClient::list_configs(const std::string& program, std::optional<std::int64_t> account) {
    json request = {{"programSerialNumber", program}};
    if (account) {
        request["accountId"] = *account;
    }
    std::vector<LiveConfig> out;
    for (const auto& c : payload_array(call("configs/list", request, Safety::read, nullptr), "configs")) {
        out.push_back(parse_config(c, catalog()));
    }
    return out;
}

std::vector<LiveEntitlement> FortiFlexClient::list_entitlements(const std::string& program, std::int64_t account) {
    std::vector<LiveEntitlement> out;
    const json body =
        call("entitlements/list", {{"programSerialNumber", program}, {"accountId", account}}, Safety::read, nullptr);
    for (const auto& e : payload_array(body, "entitlements", "vms")) {
        out.push_back(parse_entitlement(e));
    }
    return out;
}

std::vector<LiveEntitlement> FortiFlexClient::list_config_entitlements(std::int64_t config_id) {
    std::vector<LiveEntitlement> out;
    for (const auto& e : payload_array(call("entitlements/list", {{"configId", config_id}}, Safety::read, nullptr),
                                       "entitlements", "vms")) {
        out.push_back(parse_entitlement(e));
    }
    return out;
}

std::vector<VmToken> FortiFlexClient::vm_tokens(std::int64_t config_id) {
    std::vector<VmToken> out;
    for (const auto& e : payload_array(call("entitlements/list", {{"configId", config_id}}, Safety::read, nullptr),
                                       "entitlements", "vms")) {
        const std::string token = json_text(e.value("token", json()));
        if (token.empty()) {
            continue;
        }
        VmToken t;
        t.serial = json_text(e.value("serialNumber", json()));
        t.config_id = json_int(e.value("configId", json())).value_or(config_id);
        t.status = parse_entitlement_status(json_text(e.value("status", json())));
        t.token = token;
        t.token_status = json_text(e.value("tokenStatus", json()));
        out.push_back(std::move(t));
    }
    return out;
}

Price FortiFlexClient::calc(const std::string& program, int product_id, const ParameterSet& parameters) {
    const ProductType* product = catalog().find_by_id(product_id);
    const json request = {{"programSerialNumber", program},
                          {"productTypeId", product_id},
                          {"count", 1},
                          {"parameters", wire_parameters(product, parameters, true)}};
    const json body = call("tools/calc", request, Safety::read, nullptr);
    // The calculator's payload has been seen as points{...}, a bare number, and configs{...}.
    const json* points = nullptr;
    if (body.contains("points") && !body["points"].is_null()) {
        points = &body["points"];
    } else if (body.contains("configs") && body["configs"].is_object()) {
        points = &body["configs"];
    }
    if (!points) {
        throw ProviderError(ProviderError::Kind::protocol, "tools/calc returned no points");
    }
    Price price;
    if (points->is_object()) {
        price.per_day = json_number(points->value("current", json())).value_or(0.0);
        price.latest = json_number(points->value("latest", json()));
        const std::string effective = json_text(points->value("latestEffectiveDate", json()));
        if (!effective.empty()) {
            price.latest_effective = parse_date(effective);
        }
    } else {
        price.per_day = json_number(*points).value_or(0.0);
    }
    if (product) {
        price.metered = std::any_of(product->parameters.begin(), product->parameters.end(),
                                    [](const Parameter& p) { return p.read_only; });
    }
    return price;
}

std::vector<PointsRow> FortiFlexClient::points(const std::string& program, std::int64_t account, const Date& from,
                                               const Date& to, const std::optional<std::string>& serial) {
    json request = {{"startDate", to_string(from)}, {"endDate", to_string(to)}};
    if (account != 0) {
        request["programSerialNumber"] = program;
        request["accountId"] = account;
    }
    if (serial) {
        request["serialNumber"] = *serial;
    }
    std::vector<PointsRow> out;
    for (const auto& row :
         payload_array(call("entitlements/points", request, Safety::read, nullptr), "entitlements", "vms")) {
        out.push_back({json_text(row.value("serialNumber", json())),
                       json_int(row.value("accountId", json())).value_or(account),
                       json_number(row.value("points", json())).value_or(0.0)});
    }
    return out;
}

LiveConfig FortiFlexClient::create_config(const std::string& program, std::int64_t account, const std::string& name,
                                          int product_id, const ParameterSet& parameters, CallTrace* trace) {
    const json request = {{"programSerialNumber", program},
                          {"accountId", account},
                          {"name", name},
                          {"productTypeId", product_id},
                          {"parameters", wire_parameters(catalog().find_by_id(product_id), parameters, false)}};
    return create_once<LiveConfig>(
        [&] {
            const json created = payload_array(call("configs/create", request, Safety::create, trace), "configs");
            if (created.empty()) {
                throw ProviderError(ProviderError::Kind::protocol, "configs/create returned no configuration")
                    .with_unknown_outcome();
            }
            return parse_config(created[0], catalog());
        },
        [&]() -> std::optional<LiveConfig> {
            // The planner creates a config only when none of that name exists, so one now is the one sent.
            std::optional<LiveConfig> found;
            for (const auto& c : list_configs(program, account)) {
                if (c.name == name && c.product_id == product_id && (!found || c.id > found->id)) {
                    found = c;
                }
            }
            return found;
        },
        create_options(1), trace);
}

LiveConfig FortiFlexClient::update_config(std::int64_t id, const std::string& name, int product_id,
                                          const ParameterSet& parameters, CallTrace* trace) {
    // The full parameter set is sent every time, so a repeat converges to the same configuration.
    const json request = {{"id", id},
                          {"name", name},
                          {"parameters", wire_parameters(catalog().find_by_id(product_id), parameters, false)}};
    return parse_config(payload_array(call("configs/update", request, Safety::idempotent, trace), "configs").at(0),
                        catalog());
}

LiveConfig FortiFlexClient::set_config_active(std::int64_t id, bool active, CallTrace* trace) {
    const json body = call(active ? "configs/enable" : "configs/disable", {{"id", id}}, Safety::idempotent, trace);
    return parse_config(payload_array(body, "configs").at(0), catalog());
}

std::vector<LiveEntitlement> FortiFlexClient::create_vm_entitlements(const VmRequest& request, CallTrace* trace) {
    // VM serials are generated by FortiFlex, so a lost answer can only be recognised against a baseline.
    std::set<std::string> baseline;
    for (const auto& e : list_config_entitlements(request.config_id)) {
        baseline.insert(e.serial);
    }
    std::vector<LiveEntitlement> result;
    int remaining = request.count;
    return create_once<std::vector<LiveEntitlement>>(
        [&] {
            json body = {{"configId", request.config_id},
                         {"count", remaining},
                         {"description", request.description},
                         {"endDate", date_or_null(request.end_date)}};
            if (request.folder_path) {
                body["folderPath"] = *request.folder_path;
            }
            if (request.skip_pending) {
                body["skipPending"] = true;
            }
            for (const auto& e :
                 payload_array(call("entitlements/vm/create", body, Safety::create, trace), "entitlements", "vms")) {
                result.push_back(parse_entitlement(e));
            }
            return result;
        },
        [&]() -> std::optional<std::vector<LiveEntitlement>> {
            for (const auto& e : list_config_entitlements(request.config_id)) {
                if (baseline.insert(e.serial).second) {
                    result.push_back(e);
                    --remaining;
                }
            }
            if (remaining <= 0) {
                return result;
            }
            return std::nullopt;
        },
        create_options(1), trace);
}

std::vector<LiveEntitlement> FortiFlexClient::create_hardware_entitlements(std::int64_t config_id,
                                                                           const std::vector<std::string>& serials,
                                                                           std::optional<Date> end_date,
                                                                           CallTrace* trace) {
    std::vector<LiveEntitlement> result;
    for (std::size_t offset = 0; offset < serials.size(); offset += k_hardware_batch) {
        std::vector<std::string> batch(
            serials.begin() + static_cast<long>(offset),
            serials.begin() + static_cast<long>(std::min(serials.size(), offset + k_hardware_batch)));
        // Sent once: a serial is entitled only once, so a second send after a lost answer duplicates nothing, but
        // when the first landed and the list lags it is refused ("already entitled") and spends the create-error
        // allowance. An unknown outcome stays open in the pending creates, re-checked after its settle window.
        create_once<bool>(
            [&] {
                const json body = {
                    {"configId", config_id}, {"serialNumbers", batch}, {"endDate", date_or_null(end_date)}};
                for (const auto& e : payload_array(call("entitlements/hardware/create", body, Safety::create, trace),
                                                   "entitlements", "vms")) {
                    result.push_back(parse_entitlement(e));
                }
                return true;
            },
            [&]() -> std::optional<bool> {
                const auto existing = list_config_entitlements(config_id);
                std::erase_if(batch, [&](const std::string& s) {
                    const auto it = std::find_if(existing.begin(), existing.end(),
                                                 [&](const LiveEntitlement& e) { return e.serial == s; });
                    if (it == existing.end()) {
                        return false;
                    }
                    result.push_back(*it);
                    return true;
                });
                return batch.empty() ? std::optional<bool>(true) : std::nullopt;
            },
            create_options(1), trace);
    }
    return result;
}

LiveEntitlement FortiFlexClient::create_cloud_entitlement(std::int64_t config_id, std::optional<Date> end_date,
                                                          const std::string& description,
                                                          const std::optional<std::string>& folder_path,
                                                          CallTrace* trace) {
    json body = {
        {"configId", config_id}, {"count", 1}, {"endDate", date_or_null(end_date)}, {"description", description}};
    if (folder_path) {
        body["folderPath"] = *folder_path;
    }
    // One cloud entitlement per account and product: a second send of one that happened is refused, never doubled;
    // sent once all the same, like hardware, and an unknown outcome waits out its settle window.
    return create_once<LiveEntitlement>(
        [&] {
            return parse_entitlement(
                payload_array(call("entitlements/cloud/create", body, Safety::create, trace), "entitlements", "vms")
                    .at(0));
        },
        [&]() -> std::optional<LiveEntitlement> {
            const auto existing = list_config_entitlements(config_id);
            return existing.empty() ? std::nullopt : std::optional<LiveEntitlement>(existing.front());
        },
        create_options(1), trace);
}

LiveEntitlement FortiFlexClient::update_entitlement(const std::string& serial, std::int64_t config_id,
                                                    const std::string& description, std::optional<Date> end_date,
                                                    CallTrace* trace) {
    json body = {{"serialNumber", serial}, {"configId", config_id}, {"description", description}};
    if (end_date) {
        body["endDate"] = to_string(*end_date) + "T00:00:00";
    }
    return parse_entitlement(
        payload_array(call("entitlements/update", body, Safety::idempotent, trace), "entitlements", "vms").at(0));
}

LiveEntitlement FortiFlexClient::transfer_entitlement(const TransferRequest& request, CallTrace* trace) {
    const json body = {{"sourceAccountId", request.source_account},
                       {"sourceConfigId", request.source_config},
                       {"targetAccountId", request.target_account},
                       {"targetConfigId", request.target_config},
                       {"serialNumbers", json::array({request.serial})}};
    return create_once<LiveEntitlement>(
        [&] {
            const json moved =
                payload_array(call("entitlements/transfer", body, Safety::create, trace), "entitlements", "vms");
            for (const auto& e : moved) {
                if (json_text(e.value("serialNumber", json())) == request.serial) {
                    return parse_entitlement(e);
                }
            }
            throw ProviderError(ProviderError::Kind::protocol, "entitlements/transfer did not return " + request.serial)
                .with_unknown_outcome();
        },
        [&]() -> std::optional<LiveEntitlement> {
            for (const auto& e : list_config_entitlements(request.target_config)) {
                if (e.serial == request.serial) {
                    return e;
                }
            }
            return std::nullopt;
        },
        create_options(3), trace);
}

// Sending it again after a lost answer removes nothing more: the answer carries only the common fields. A removed
// unit then "does not exist" for FortiFlex, which is the state wanted (our own first attempt may have landed).
void FortiFlexClient::remove_hardware(const std::vector<std::string>& serials, CallTrace* trace) {
    try {
        call("entitlements/hardware/remove", {{"serialNumbers", serials}}, Safety::idempotent, trace);
    } catch (const ProviderError& e) {
        const bool one_unit_gone = serials.size() == 1 && e.kind() == ProviderError::Kind::client &&
                                   std::string_view(e.what()).find("does not exist") != std::string_view::npos;
        if (!one_unit_gone) {
            throw;
        }
    }
}

LiveEntitlement FortiFlexClient::stop_entitlement(const std::string& serial, CallTrace* trace) {
    try {
        return parse_entitlement(
            payload_array(call("entitlements/stop", {{"serialNumber", serial}}, Safety::idempotent, trace),
                          "entitlements", "vms")
                .at(0));
    } catch (const ProviderError& e) {
        // Already stopped (perhaps by our own first attempt, whose answer was lost) is the state we wanted.
        if (e.conflict() == ProviderError::Conflict::already_stopped) {
            return entitlement_in_state(serial, EntitlementStatus::stopped);
        }
        throw;
    }
}

LiveEntitlement FortiFlexClient::reactivate_entitlement(const std::string& serial, CallTrace* trace) {
    try {
        return parse_entitlement(
            payload_array(call("entitlements/reactivate", {{"serialNumber", serial}}, Safety::idempotent, trace),
                          "entitlements", "vms")
                .at(0));
    } catch (const ProviderError& e) {
        if (e.conflict() == ProviderError::Conflict::already_active) {
            return entitlement_in_state(serial, EntitlementStatus::active);
        }
        throw;
    }
}

std::vector<TokenFolder> FortiFlexClient::token_folders(std::int64_t account) {
    std::vector<TokenFolder> out;
    for (const auto& g :
         payload_array(call("groups/list", {{"accountId", account}}, Safety::read, nullptr), "groups")) {
        TokenFolder folder;
        folder.account_id = json_int(g.value("accountId", json())).value_or(account);
        folder.folder_path = json_text(g.value("folderPath", json()));
        folder.available = static_cast<int>(json_int(g.value("availableTokens", json())).value_or(0));
        folder.used = static_cast<int>(json_int(g.value("usedTokens", json())).value_or(0));
        out.push_back(std::move(folder));
    }
    return out;
}

LiveEntitlement FortiFlexClient::regenerate_vm_token(const std::string& serial, CallTrace* trace) {
    // Safety::create: a lost answer is not re-sent, since a second send would replace the token the first made.
    const json answer = payload_array(call("entitlements/vm/token", {{"serialNumber", serial}}, Safety::create, trace),
                                      "entitlements", "vms");
    if (answer.empty()) {
        throw ProviderError(ProviderError::Kind::protocol, "entitlements/vm/token returned no entitlement")
            .with_unknown_outcome();
    }
    return parse_entitlement(answer[0]);  // parse_entitlement keeps no token
}

}  // namespace flexform::fortiflex

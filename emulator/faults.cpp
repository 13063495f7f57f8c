#include "emulator/faults.h"

#include <algorithm>
#include <array>
#include <stdexcept>

namespace flexform::emulator {

namespace {

const std::array<std::pair<const char*, FaultKind>, 14> k_kinds = {{{"http", FaultKind::http},
                                                                    {"http_after", FaultKind::http_after},
                                                                    {"status", FaultKind::status},
                                                                    {"latency", FaultKind::latency},
                                                                    {"invalid_token", FaultKind::invalid_token},
                                                                    {"drop_before", FaultKind::drop_before},
                                                                    {"drop_after", FaultKind::drop_after},
                                                                    {"reset", FaultKind::reset_before},
                                                                    {"reset_before", FaultKind::reset_before},
                                                                    {"reset_after", FaultKind::reset_after},
                                                                    {"cut_body", FaultKind::cut_body},
                                                                    {"empty", FaultKind::empty},
                                                                    {"stale_list", FaultKind::stale_list},
                                                                    {"any", FaultKind::any}}};

// The failures `any` picks among: every way a real request can go wrong.
const std::array<FaultKind, 10> k_any = {FaultKind::http,          FaultKind::http_after,  FaultKind::status,
                                         FaultKind::invalid_token, FaultKind::drop_before, FaultKind::drop_after,
                                         FaultKind::reset_before,  FaultKind::reset_after, FaultKind::cut_body,
                                         FaultKind::http};
// The server errors `any` answers with, before or after processing.
const std::array<int, 4> k_server_errors = {500, 502, 503, 504};

bool ends_with(const std::string& text, const std::string& suffix) {
    return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool is_list(const std::string& endpoint) {
    return ends_with(endpoint, "/list");
}

// What identifies an object of an answer: an entitlement's serial, a configuration's id.
std::string object_key(const json& object) {
    if (!object.is_object()) {
        return {};
    }
    if (const auto serial = object.find("serialNumber"); serial != object.end() && serial->is_string()) {
        return "serial " + serial->get<std::string>();
    }
    if (const auto id = object.find("id"); id != object.end() && id->is_number_integer()) {
        return "config " + std::to_string(id->get<std::int64_t>());
    }
    return {};
}

json body_of(const ApiResponse& response) {
    if (!response.text.empty()) {
        return json::parse(response.text, nullptr, false);
    }
    return response.body;
}

ApiResponse server_error(const std::string& endpoint, int http_status) {
    return ApiResponse{
        http_status, error_body(endpoint, http_status == 429 ? "Too Many Requests" : "Service temporarily unavailable",
                                http_status)};
}

}  // namespace

ApiResponse invalid_token_response(const std::string& endpoint) {
    return {401, error_body(endpoint, "Invalid security token.", 401)};
}

Fault parse_fault(const json& body) {
    if (!body.is_object()) {
        throw std::invalid_argument("a fault is a JSON object with at least \"kind\"");
    }
    Fault f;
    f.endpoint = body.value("endpoint", "*");
    const std::string kind = body.value("kind", "");
    bool known = false;
    for (const auto& [name, value] : k_kinds) {
        if (kind == name) {
            f.kind = value;
            known = true;
        }
    }
    if (kind == "drop") {  // the older spelling: "after" chooses before or after processing
        f.kind = body.value("after", false) ? FaultKind::drop_after : FaultKind::drop_before;
        known = true;
    }
    if (!known) {
        throw std::invalid_argument(
            "kind must be http, http_after, status, latency, invalid_token, drop_before, drop_after, reset_before, "
            "reset_after, cut_body, empty, stale_list or any");
    }
    f.rate = body.value("rate", 1.0);
    if (!(f.rate > 0.0 && f.rate <= 1.0)) {
        throw std::invalid_argument("rate must be in (0, 1]");
    }
    f.remaining = body.value("count", body.contains("rate") ? -1 : 1);
    f.http_status = body.value("httpStatus", f.kind == FaultKind::status ? 429 : 503);
    f.api_status = body.value("apiStatus", -10);
    f.retry_after = body.value("retryAfter", 0);
    f.latency_ms = body.value("latencyMs", 0);
    if (f.latency_ms < 0 || f.latency_ms > 600000) {
        throw std::invalid_argument("latencyMs must be 0-600000");
    }
    f.lag_ms = body.value("lagMs", f.kind == FaultKind::stale_list ? 1000 : 0);
    if (f.lag_ms < 0 || f.lag_ms > 600000) {
        throw std::invalid_argument("lagMs must be 0-600000");
    }
    return f;
}

FaultTable::FaultTable(std::uint64_t seed) : m_rng(seed) {}

void FaultTable::add(const Fault& fault) {
    std::lock_guard lock(m_mutex);
    m_faults.push_back(fault);
}

void FaultTable::clear() {
    std::lock_guard lock(m_mutex);
    m_faults.clear();
}

void FaultTable::strike(FaultKind kind, const Fault& f, const std::string& endpoint, FaultDecision& decision) {
    switch (kind) {
        case FaultKind::http:
            decision.response = server_error(endpoint, f.http_status);
            decision.retry_after = f.retry_after;
            break;
        case FaultKind::http_after:
            decision.response_after = server_error(endpoint, f.http_status);
            break;
        case FaultKind::status: {
            ApiResponse r{
                429,
                error_body(endpoint,
                           f.api_status == -11 ? "Exceed max requests in hour" : "Exceed max requests in minute", 429)};
            r.body["status"] = f.api_status;
            decision.response = r;
            decision.retry_after = f.retry_after;
            break;
        }
        case FaultKind::invalid_token:
            decision.response = invalid_token_response(endpoint);
            break;
        case FaultKind::drop_before:
            decision.drop_before = true;
            break;
        case FaultKind::drop_after:
            decision.drop_after = true;
            break;
        case FaultKind::reset_before:
            decision.reset_before = true;
            break;
        case FaultKind::reset_after:
            decision.reset_after = true;
            break;
        case FaultKind::cut_body:
            decision.cut_body = true;
            break;
        case FaultKind::empty:
            decision.response = ApiResponse{200, success_body(payload_key_of(endpoint), json::array())};
            break;
        case FaultKind::latency:
        case FaultKind::stale_list:
        case FaultKind::any:
            break;
    }
}

FaultDecision FaultTable::decide(const std::string& endpoint) {
    std::lock_guard lock(m_mutex);
    FaultDecision decision;
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    for (auto it = m_faults.begin(); it != m_faults.end();) {
        Fault& f = *it;
        // Wildcard faults target FortiFlex calls; the token service is faulted only when named.
        if ((f.endpoint != "*" && f.endpoint != endpoint) || (f.endpoint == "*" && endpoint == "oauth/token")) {
            ++it;
            continue;
        }
        bool consumed = false;
        if (f.kind == FaultKind::latency) {
            if (f.rate >= 1.0 || unit(m_rng) < f.rate) {
                decision.latency_ms += f.latency_ms;
                consumed = true;
            }
        } else if (f.kind == FaultKind::stale_list) {
            if (is_list(endpoint) && (f.rate >= 1.0 || unit(m_rng) < f.rate)) {
                decision.stale_lag_ms = std::max(decision.stale_lag_ms, f.lag_ms);
                consumed = true;
            }
        } else if (!decision.failing() && (f.rate >= 1.0 || unit(m_rng) < f.rate)) {
            // One failure per request; the next request takes the next fault.
            if (f.kind == FaultKind::any) {
                Fault picked = f;
                const FaultKind kind = k_any[m_rng() % k_any.size()];
                picked.http_status = k_server_errors[m_rng() % k_server_errors.size()];
                strike(kind, picked, endpoint, decision);
            } else {
                strike(f.kind, f, endpoint, decision);
            }
            consumed = true;
        }
        if (consumed && f.remaining > 0 && --f.remaining == 0) {
            it = m_faults.erase(it);
        } else {
            ++it;
        }
    }
    return decision;
}

void FaultTable::after_call(const std::string& endpoint, const FaultDecision& decision, ApiResponse& response) {
    const bool create = ends_with(endpoint, "/create") && response.http_status == 200;
    const bool stale = decision.stale_lag_ms > 0 && is_list(endpoint) && response.http_status == 200;
    if (!create && !stale) {
        return;
    }
    const auto now = std::chrono::steady_clock::now();
    json body = body_of(response);
    if (!body.is_object()) {
        return;
    }
    std::lock_guard lock(m_mutex);
    if (create) {
        if (m_created.size() > 100000) {  // a long-running emulator forgets creations older than any lag
            std::erase_if(m_created, [&](const auto& entry) { return now - entry.second > std::chrono::minutes(10); });
        }
        for (const auto& [key, value] : body.items()) {
            const json items = value.is_array() ? value : json::array({value});
            for (const auto& item : items) {
                if (const std::string k = object_key(item); !k.empty()) {
                    m_created[k] = now;
                }
            }
        }
        return;
    }
    const auto lag = std::chrono::milliseconds(decision.stale_lag_ms);
    for (auto& [key, value] : body.items()) {
        if (!value.is_array()) {
            continue;
        }
        json shown = json::array();
        for (auto& item : value) {
            const auto made = m_created.find(object_key(item));
            if (made == m_created.end() || now - made->second >= lag) {
                shown.push_back(std::move(item));
            }
        }
        value = std::move(shown);
    }
    response.body = std::move(body);
    response.text.clear();
}

}  // namespace flexform::emulator

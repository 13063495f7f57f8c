#include "emulator/faults.h"

#include <array>
#include <stdexcept>

namespace flexform::emulator {

namespace {

const std::array<std::pair<const char*, FaultKind>, 9> k_kinds = {{{"http", FaultKind::http},
                                                                   {"status", FaultKind::status},
                                                                   {"latency", FaultKind::latency},
                                                                   {"invalid_token", FaultKind::invalid_token},
                                                                   {"drop_before", FaultKind::drop_before},
                                                                   {"drop_after", FaultKind::drop_after},
                                                                   {"cut_body", FaultKind::cut_body},
                                                                   {"empty", FaultKind::empty},
                                                                   {"any", FaultKind::any}}};

// The failures `any` picks among: every way a real request can go wrong.
const std::array<FaultKind, 6> k_any = {FaultKind::http,        FaultKind::status,     FaultKind::invalid_token,
                                        FaultKind::drop_before, FaultKind::drop_after, FaultKind::cut_body};

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
            "kind must be http, status, latency, invalid_token, drop_before, drop_after, cut_body or any");
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
            decision.response = ApiResponse{
                f.http_status,
                error_body(endpoint, f.http_status == 429 ? "Too Many Requests" : "Service temporarily unavailable",
                           f.http_status)};
            decision.retry_after = f.retry_after;
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
        case FaultKind::cut_body:
            decision.cut_body = true;
            break;
        case FaultKind::empty:
            decision.response = ApiResponse{200, success_body(payload_key_of(endpoint), json::array())};
            break;
        case FaultKind::latency:
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
        const bool failing = decision.response || decision.drop_before || decision.drop_after || decision.cut_body;
        bool consumed = false;
        if (f.kind == FaultKind::latency) {
            if (f.rate >= 1.0 || unit(m_rng) < f.rate) {
                decision.latency_ms += f.latency_ms;
                consumed = true;
            }
        } else if (!failing && (f.rate >= 1.0 || unit(m_rng) < f.rate)) {
            // One failure per request; the next request takes the next fault.
            const FaultKind kind = f.kind == FaultKind::any ? k_any[m_rng() % k_any.size()] : f.kind;
            strike(kind, f, endpoint, decision);
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

}  // namespace flexform::emulator

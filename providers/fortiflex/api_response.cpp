#include "providers/fortiflex/api_response.h"

#include "providers/fortiflex/parse.h"

namespace flexform::fortiflex {

using nlohmann::json;

namespace {

bool contains(const std::string& text, const char* part) {
    return text.find(part) != std::string::npos;
}

ApiAnswer transport_failure(const HttpResponse& response) {
    ApiAnswer a;
    a.message = response.error;
    switch (response.failure) {
        case TransportFailure::not_sent:
            a.attempt = AttemptClass::not_sent;
            a.kind = ProviderError::Kind::transport;
            break;
        case TransportFailure::tls:
            a.attempt = AttemptClass::tls;
            a.kind = ProviderError::Kind::tls;
            break;
        case TransportFailure::timeout_after_send:
            a.attempt = AttemptClass::timed_out_after_send;
            a.kind = ProviderError::Kind::timeout;
            break;
        case TransportFailure::aborted:
            a.attempt = AttemptClass::abandoned;
            a.kind = ProviderError::Kind::transport;
            a.message = "abandoned while in flight";
            break;
        case TransportFailure::lost_after_send:
        case TransportFailure::none:
            a.attempt = AttemptClass::lost_after_send;
            a.kind = ProviderError::Kind::transport;
            break;
    }
    return a;
}

}  // namespace

ProviderError::Conflict conflict_of(const std::string& message) {
    if (contains(message, "already entitled") ||
        (contains(message, "already has a") && contains(message, "entitlement"))) {
        return ProviderError::Conflict::already_entitled;
    }
    if (contains(message, "already STOPPED")) {
        return ProviderError::Conflict::already_stopped;
    }
    if (contains(message, "already ACTIVE") || contains(message, "(it is ACTIVE)")) {
        return ProviderError::Conflict::already_active;
    }
    return ProviderError::Conflict::none;
}

ApiAnswer read_answer(const HttpResponse& response) {
    if (response.status == 0) {
        return transport_failure(response);
    }
    ApiAnswer a;
    try {
        a.body = json::parse(response.body);
    } catch (const json::exception&) {
        a.message = "HTTP " + std::to_string(response.status) + " with a body that is not JSON";
        if (response.status == 429) {
            a.attempt = AttemptClass::rate_limited;
            a.kind = ProviderError::Kind::rate_limited;
        } else if (response.status >= 500) {
            a.attempt = AttemptClass::server_error;
            a.kind = ProviderError::Kind::server;
        } else if (response.status >= 200 && response.status < 300) {
            a.attempt = AttemptClass::bad_response;
            a.kind = ProviderError::Kind::protocol;
        } else {
            a.attempt = AttemptClass::refused;
            a.kind = ProviderError::Kind::client;
        }
        return a;
    }
    a.api_status = api_status(a.body);
    a.message = a.body.is_object() ? json_text(a.body.value("message", json())) : std::string();
    if (a.message.empty() && a.body.is_object() && a.body.contains("error") && a.body["error"].is_object()) {
        a.message = json_text(a.body["error"].value("message", json()));
    }
    if (response.status >= 200 && response.status < 300 && a.api_status == 0) {
        a.attempt = a.body.is_object() ? AttemptClass::ok : AttemptClass::bad_response;
        a.kind = ProviderError::Kind::protocol;
        return a;
    }
    if (a.message.empty()) {
        a.message = "HTTP " + std::to_string(response.status);
    }
    if (a.message == "Invalid security token." || response.status == 401) {
        a.attempt = AttemptClass::invalid_token;
        a.kind = ProviderError::Kind::auth;
    } else if (response.status == 429 || a.api_status == -10 || a.api_status == -11 || a.api_status == -12) {
        a.attempt = AttemptClass::rate_limited;
        a.kind = ProviderError::Kind::rate_limited;
    } else if (response.status >= 500) {
        a.attempt = AttemptClass::server_error;
        a.kind = ProviderError::Kind::server;
    } else if (response.status == 403 || a.message == "Authorization denied") {
        a.attempt = AttemptClass::refused;
        a.kind = ProviderError::Kind::denied;
    } else {
        a.attempt = AttemptClass::refused;
        a.conflict = conflict_of(a.message);
        a.kind =
            a.conflict == ProviderError::Conflict::none ? ProviderError::Kind::client : ProviderError::Kind::conflict;
    }
    return a;
}

}  // namespace flexform::fortiflex

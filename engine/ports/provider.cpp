#include "engine/ports/provider.h"

namespace flexform {

const char* to_string(ProviderError::Kind kind) {
    switch (kind) {
        case ProviderError::Kind::transport:
            return "transport";
        case ProviderError::Kind::timeout:
            return "timeout";
        case ProviderError::Kind::tls:
            return "TLS";
        case ProviderError::Kind::rate_limited:
            return "rate limited";
        case ProviderError::Kind::auth:
            return "authentication";
        case ProviderError::Kind::denied:
            return "authorization denied";
        case ProviderError::Kind::client:
            return "request refused";
        case ProviderError::Kind::conflict:
            return "conflict";
        case ProviderError::Kind::server:
            return "server error";
        case ProviderError::Kind::protocol:
            return "protocol";
    }
    return "error";
}

bool is_outage(ProviderError::Kind kind) {
    return kind == ProviderError::Kind::transport || kind == ProviderError::Kind::timeout ||
           kind == ProviderError::Kind::server || kind == ProviderError::Kind::rate_limited;
}

}  // namespace flexform

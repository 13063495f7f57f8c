#include "engine/ports/provider.h"

namespace flexform {

const char* to_string(ProviderError::Kind kind) {
    switch (kind) {
        case ProviderError::Kind::transport:
            return "transport";
        case ProviderError::Kind::timeout:
            return "timeout";
        case ProviderError::Kind::rate_limited:
            return "rate limited";
        case ProviderError::Kind::auth:
            return "authentication";
        case ProviderError::Kind::client:
            return "request refused";
        case ProviderError::Kind::server:
            return "server error";
        case ProviderError::Kind::protocol:
            return "protocol";
    }
    return "error";
}

}  // namespace flexform

// Reads one HTTP answer of the FortiFlex API into what the client needs to decide: the attempt's class, the
// typed error kind and conflict, and the message. This is the one place where the API's words are matched.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "engine/ports/provider.h"
#include "providers/fortiflex/retry_policy.h"
#include "providers/fortiflex/transport.h"

namespace flexform::fortiflex {

struct ApiAnswer {
    AttemptClass attempt = AttemptClass::ok;
    ProviderError::Kind kind = ProviderError::Kind::protocol;
    ProviderError::Conflict conflict = ProviderError::Conflict::none;
    std::string message;  // the API's message, or what went wrong on the way
    int api_status = 0;
    nlohmann::json body;
};

ApiAnswer read_answer(const HttpResponse& response);

// "already entitled", "already STOPPED", "already ACTIVE": the object is in the state a write wanted.
ProviderError::Conflict conflict_of(const std::string& message);

}  // namespace flexform::fortiflex

// create_once runs one create whose outcome may turn out unknown (the connection broke, the server answered 5xx,
// the answer was cut, the request outlived the client's timeout): it re-reads once before anything else. Found:
// the create happened, done. Not found, or the re-read itself failed: the outcome stays unknown and is reported so
// (a list may lag behind a create, so one read proves nothing); the next apply re-checks it after its settle
// window. A create is sent again in the same run only where a repeat cannot duplicate anything (max_sends > 1) and
// the server has finished with the first request.
#pragma once

#include <chrono>
#include <exception>
#include <functional>
#include <optional>
#include <string>

#include "engine/ports/provider.h"

namespace flexform::fortiflex {

struct CreateOnceOptions {
    int max_sends = 1;
    std::chrono::milliseconds settle{1000};  // let the service's lists catch up before re-reading
    std::function<void(std::chrono::milliseconds)> sleep;
};

// True when a create that failed this way cannot still be in progress on the server.
inline bool server_finished_with(const ProviderError& e) {
    if (e.kind() == ProviderError::Kind::timeout) {
        return false;
    }
    return !(e.kind() == ProviderError::Kind::server && (e.http_status() == 502 || e.http_status() == 504));
}

// The error of a create whose outcome stays unknown, with what the re-read found.
inline ProviderError still_unknown(const ProviderError& e, const std::string& reread) {
    ProviderError out(e.kind(), std::string(e.what()) + "; " + reread, e.http_status(), e.api_status());
    out.with_unknown_outcome();
    return out;
}

// `send` performs the create (one attempt at the HTTP level, retried only where nothing was processed);
// `reread` returns the result when the create is found to have happened. Both may share state (partial
// results). A conflict ("already entitled") after an unknown attempt counts as the unknown attempt's success.
template <typename Result>
Result create_once(const std::function<Result()>& send, const std::function<std::optional<Result>()>& reread,
                   const CreateOnceOptions& options, CallTrace* trace) {
    bool unknown_before = false;
    for (int sends = 1;; ++sends) {
        try {
            return send();
        } catch (const ProviderError& e) {
            const bool repeat_of_unknown = unknown_before && e.kind() == ProviderError::Kind::conflict &&
                                           e.conflict() == ProviderError::Conflict::already_entitled;
            if (!e.write_may_have_happened() && !repeat_of_unknown) {
                throw;
            }
            unknown_before = true;
            if (options.sleep && options.settle.count() > 0) {
                options.sleep(options.settle);
            }
            std::optional<Result> found;
            try {
                found = reread();
            } catch (const std::exception& read_error) {
                // A failed re-read proves nothing either way: the create may have happened.
                if (trace) {
                    trace->attempts.push_back({"(re-read)", 0, std::string("failed: ") + read_error.what(), 0.0});
                }
                throw still_unknown(e, std::string("the re-read failed too (") + read_error.what() + ")");
            }
            if (found) {
                if (trace) {
                    trace->recovered = true;
                    trace->attempts.push_back({"(re-read)", 0, "found: the create had happened", 0.0});
                }
                return std::move(*found);
            }
            if (trace) {
                trace->attempts.push_back({"(re-read)", 0, "not found", 0.0});
            }
            if (repeat_of_unknown || !server_finished_with(e) || sends >= options.max_sends) {
                throw still_unknown(e, "not found by a re-read, which may lag behind the create");
            }
        }
    }
}

}  // namespace flexform::fortiflex

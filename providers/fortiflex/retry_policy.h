// The client's retry rules as pure functions: what one attempt's result means for a read, an idempotent write or
// a create, and how long to wait before the next attempt. No I/O, no clock: the client injects both.
#pragma once

#include <chrono>
#include <functional>
#include <string>

namespace flexform::fortiflex {

// How a call may be retried. A create is never re-sent by this layer once it may have reached the server.
enum class Safety { read, idempotent, create };

// What one attempt came back with.
enum class AttemptClass {
    ok,
    invalid_token,         // refused before processing: log in again
    rate_limited,          // refused before processing (HTTP 429, status -10/-11/-12)
    refused,               // a 4xx or validation error: the request is wrong, retrying cannot help
    server_error,          // HTTP 5xx: the server may or may not have done the work
    bad_response,          // 2xx whose body is not the documented JSON: the server did the work, probably
    not_sent,              // nothing reached the server (DNS, refused, connect timeout)
    lost_after_send,       // the connection broke once the request was on its way
    timed_out_after_send,  // no answer in time: the server may still be working on it
    tls,                   // certificate or handshake failure: configuration, not luck
    abandoned,             // cut off by the caller (second interrupt)
};

enum class NextStep {
    done,            // success: return the body
    retry,           // send the same request again after a pause
    login_again,     // fresh token, then retry
    fail,            // give up with the error
    outcome_unknown  // a write that may have happened: the caller must re-read before anything else
};

NextStep next_step(Safety safety, AttemptClass result, int attempt, int max_attempts);

// Exponential backoff with jitter (half to all of the delay), or the server's Retry-After when it gives one.
class Backoff {
public:
    Backoff(std::chrono::milliseconds base, std::chrono::milliseconds max, std::function<double()> random_unit);
    std::chrono::milliseconds delay(int attempt, const std::string& retry_after) const;

private:
    std::chrono::milliseconds m_base;
    std::chrono::milliseconds m_max;
    std::function<double()> m_random;  // uniform in [0, 1)
};

}  // namespace flexform::fortiflex

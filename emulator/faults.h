// FaultTable holds the failures a test arms, per endpoint, each for the next N requests or as a random fraction:
// HTTP errors before processing and after it (the write happened, the answer says it failed), rate-limit statuses,
// latency (a create that takes seconds, or outlives the client's timeout), an invalid token, the ways a connection
// is lost (closed before processing, after processing with not a byte sent, reset by the peer before or after
// processing, cut in the middle of the answer's body) and stale lists (a list answer that does not yet show what
// was created in the last lagMs milliseconds). The token service is faulted when named ("oauth/token").
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "emulator/api.h"

namespace flexform::emulator {

// empty: a 200 whose list is empty, as an API that lost its data (or a day it no longer keeps) answers.
enum class FaultKind {
    http,
    http_after,
    status,
    latency,
    invalid_token,
    drop_before,
    drop_after,
    reset_before,
    reset_after,
    cut_body,
    empty,
    stale_list,
    any
};

struct Fault {
    std::string endpoint = "*";  // "*": every FortiFlex endpoint (the token service only when named)
    FaultKind kind = FaultKind::http;
    int remaining = 1;  // requests it still applies to; < 0: forever
    double rate = 1.0;  // the chance it strikes a matching request
    int http_status = 503;
    int api_status = -10;
    int retry_after = 0;
    int latency_ms = 0;
    int lag_ms = 0;  // stale_list: how long a created object stays out of list answers
};

// What the server must do for one request once faults are consulted.
struct FaultDecision {
    std::optional<ApiResponse> response;  // answer this instead of running the request
    int latency_ms = 0;
    bool drop_before = false;                   // close without processing, nothing sent
    bool drop_after = false;                    // process, then close with nothing sent
    bool cut_body = false;                      // process, then send the headers and half the body
    bool reset_before = false;                  // reset the connection (TCP RST) without processing
    bool reset_after = false;                   // process, then reset the connection
    std::optional<ApiResponse> response_after;  // process, then answer this (a 5xx whose write happened)
    int stale_lag_ms = 0;                       // a list answer leaves out objects created this recently
    int retry_after = 0;

    bool failing() const {
        return response || response_after || drop_before || drop_after || reset_before || reset_after || cut_body;
    }
};

// Reads a fault from a hook body; throws std::invalid_argument naming the bad field.
Fault parse_fault(const json& body);

class FaultTable {
public:
    explicit FaultTable(std::uint64_t seed);
    void add(const Fault& fault);
    void clear();
    FaultDecision decide(const std::string& endpoint);
    // After a request ran: remembers what a create made (for stale lists), and leaves out of a list answer what
    // was created within the decision's lag.
    void after_call(const std::string& endpoint, const FaultDecision& decision, ApiResponse& response);

private:
    void strike(FaultKind kind, const Fault& fault, const std::string& endpoint, FaultDecision& decision);

    std::mutex m_mutex;
    std::vector<Fault> m_faults;
    std::mt19937_64 m_rng;
    // Config ids and entitlement serials by when they were created (steady clock), for stale lists.
    std::map<std::string, std::chrono::steady_clock::time_point> m_created;
};

ApiResponse invalid_token_response(const std::string& endpoint);

}  // namespace flexform::emulator

// FaultTable holds the failures a test arms, per endpoint: HTTP errors and rate-limit statuses, latency, an
// invalid token, and the three ways a connection is lost (before processing, after processing with not a byte
// sent, and in the middle of the answer's body), each for the next N requests or as a random fraction.
#pragma once

#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "emulator/api.h"

namespace flexform::emulator {

// empty: a 200 whose list is empty, as an API that lost its data (or a day it no longer keeps) answers.
enum class FaultKind { http, status, latency, invalid_token, drop_before, drop_after, cut_body, empty, any };

struct Fault {
    std::string endpoint = "*";  // "*": every FortiFlex endpoint (the token service only when named)
    FaultKind kind = FaultKind::http;
    int remaining = 1;  // requests it still applies to; < 0: forever
    double rate = 1.0;  // the chance it strikes a matching request
    int http_status = 503;
    int api_status = -10;
    int retry_after = 0;
    int latency_ms = 0;
};

// What the server must do for one request once faults are consulted.
struct FaultDecision {
    std::optional<ApiResponse> response;  // answer this instead of running the request
    int latency_ms = 0;
    bool drop_before = false;  // close without processing, nothing sent
    bool drop_after = false;   // process, then close with nothing sent
    bool cut_body = false;     // process, then send the headers and half the body
    int retry_after = 0;
};

// Reads a fault from a hook body; throws std::invalid_argument naming the bad field.
Fault parse_fault(const json& body);

class FaultTable {
public:
    explicit FaultTable(std::uint64_t seed);
    void add(const Fault& fault);
    void clear();
    FaultDecision decide(const std::string& endpoint);

private:
    void strike(FaultKind kind, const Fault& fault, const std::string& endpoint, FaultDecision& decision);

    std::mutex m_mutex;
    std::vector<Fault> m_faults;
    std::mt19937_64 m_rng;
};

ApiResponse invalid_token_response(const std::string& endpoint);

}  // namespace flexform::emulator

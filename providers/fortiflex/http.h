// HttpClient posts JSON over libcurl, one reusable connection per thread, TLS verification always on.
#pragma once

#include <string>
#include <vector>

namespace flexform::fortiflex {

struct HttpResponse {
    int status = 0;  // 0 when no response arrived
    std::string body;
    std::string retry_after;  // the Retry-After header, if any
    // Transport failure, when status is 0: what happened, and whether the request can have reached the server.
    std::string error;
    bool timed_out = false;
    bool maybe_sent = false;  // false only when the connection was never made
};

struct HttpOptions {
    long connect_timeout_ms = 10000;
    long total_timeout_ms = 60000;
};

class HttpClient {
public:
    explicit HttpClient(HttpOptions options) : m_options(options) {}
    HttpResponse post(const std::string& url, const std::string& body, const std::vector<std::string>& headers) const;

private:
    HttpOptions m_options;
};

// Initializes libcurl once per process (curl_global_init is not thread-safe).
void ensure_curl_initialized();
// Closes this thread's kept-alive connection (before stopping an in-process server it points at).
void close_thread_connection();

}  // namespace flexform::fortiflex

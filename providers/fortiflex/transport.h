// Transport posts JSON over libcurl, one reusable connection per thread, TLS verification always on. It sends each
// request exactly once: a write goes out on a fresh connection, because libcurl silently re-sends a request whose
// kept-alive connection died before any response byte ("Connection died, retrying a fresh connect").
#pragma once

#include <atomic>
#include <string>
#include <vector>

namespace flexform::fortiflex {

// Where a request that got no response stopped, which decides whether it can have been processed.
enum class TransportFailure {
    none,             // a response arrived (any HTTP status)
    not_sent,         // DNS, connection refused, connect timeout: nothing reached the server
    tls,              // certificate verification or TLS handshake failed: nothing reached the server
    lost_after_send,  // the connection broke after the request was (perhaps partly) written
    timeout_after_send,
    aborted,  // abandoned by the caller (second Ctrl-C) while in flight
};

struct HttpResponse {
    int status = 0;  // 0 when no response arrived
    std::string body;
    std::string retry_after;  // the Retry-After header, if any
    TransportFailure failure = TransportFailure::none;
    std::string error;  // what libcurl said, with detail (never the URL's userinfo)

    bool may_have_reached_server() const {
        return failure == TransportFailure::none || failure == TransportFailure::lost_after_send ||
               failure == TransportFailure::timeout_after_send || failure == TransportFailure::aborted;
    }
};

struct TransportOptions {
    long connect_timeout_ms = 10000;
    long total_timeout_ms = 60000;
    std::string ca_bundle;                       // a PEM file to trust instead of the system's CAs
    const std::atomic<bool>* abandon = nullptr;  // when it turns true, requests in flight are cut off
};

class Transport {
public:
    explicit Transport(TransportOptions options) : m_options(std::move(options)) {}
    // `fresh_connection`: never reuse (nor keep) a connection for this request, so nothing can re-send it.
    HttpResponse post(const std::string& url, const std::string& body, const std::vector<std::string>& headers,
                      bool fresh_connection) const;

private:
    TransportOptions m_options;
};

// Initializes libcurl once per process (curl_global_init is not thread-safe).
void ensure_curl_initialized();
// Closes this thread's kept-alive connection (before stopping an in-process server it points at).
void close_thread_connection();

// "https://user:secret@host:443/path?q" -> "host:443": the part of a URL that may appear in messages.
std::string host_of(const std::string& url);
// The URL with any userinfo replaced by "***", for logs.
std::string redact_userinfo(const std::string& url);

}  // namespace flexform::fortiflex

#include "providers/fortiflex/transport.h"

#include <curl/curl.h>

#include <cctype>
#include <mutex>

namespace flexform::fortiflex {

namespace {

std::size_t write_body(char* data, std::size_t size, std::size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

std::size_t read_header(char* data, std::size_t size, std::size_t count, void* user) {
    const std::string line(data, size * count);
    const std::string name = "retry-after:";
    if (line.size() > name.size()) {
        std::string lower = line.substr(0, name.size());
        for (auto& c : lower) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        if (lower == name) {
            std::string value = line.substr(name.size());
            const auto first = value.find_first_not_of(" \t");
            const auto last = value.find_last_not_of(" \t\r\n");
            *static_cast<std::string*>(user) = first == std::string::npos ? "" : value.substr(first, last - first + 1);
        }
    }
    return size * count;
}

int check_abandon(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    const auto* abandon = static_cast<const std::atomic<bool>*>(user);
    return abandon && abandon->load() ? 1 : 0;
}

// One easy handle per thread keeps connections alive between calls without sharing a handle across threads.
struct ThreadHandle {
    CURL* handle = nullptr;
    ThreadHandle() { handle = curl_easy_init(); }
    ~ThreadHandle() { curl_easy_cleanup(handle); }
    void reset() {
        curl_easy_cleanup(handle);
        handle = curl_easy_init();
    }
};

ThreadHandle& thread_handle() {
    thread_local ThreadHandle handle;
    return handle;
}

TransportFailure classify_failure(CURLcode code, CURL* curl) {
    switch (code) {
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_RESOLVE_PROXY:
        case CURLE_COULDNT_CONNECT:
        case CURLE_UNSUPPORTED_PROTOCOL:
        case CURLE_URL_MALFORMAT:
            return TransportFailure::not_sent;
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_ISSUER_ERROR:
        case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
            return TransportFailure::tls;
        case CURLE_ABORTED_BY_CALLBACK:
            return TransportFailure::aborted;
        default:
            break;
    }
    // Anything else happened on an open connection: the request may have gone out, wholly or partly.
    curl_off_t header_bytes = 0;
    long request_size = 0;
    curl_easy_getinfo(curl, CURLINFO_REQUEST_SIZE, &request_size);
    curl_easy_getinfo(curl, CURLINFO_SIZE_UPLOAD_T, &header_bytes);
    const bool wrote = request_size > 0 || header_bytes > 0;
    if (code == CURLE_OPERATION_TIMEDOUT) {
        curl_off_t connected = 0;
        curl_easy_getinfo(curl, CURLINFO_CONNECT_TIME_T, &connected);
        return connected > 0 || wrote ? TransportFailure::timeout_after_send : TransportFailure::not_sent;
    }
    return TransportFailure::lost_after_send;
}

}  // namespace

void close_thread_connection() {
    thread_handle().reset();
}

void ensure_curl_initialized() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string host_of(const std::string& url) {
    const auto scheme = url.find("://");
    auto start = scheme == std::string::npos ? 0 : scheme + 3;
    const auto end = url.find_first_of("/?#", start);
    std::string authority = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
    const auto at = authority.rfind('@');
    return at == std::string::npos ? authority : authority.substr(at + 1);
}

std::string redact_userinfo(const std::string& url) {
    const auto scheme = url.find("://");
    const auto start = scheme == std::string::npos ? 0 : scheme + 3;
    const auto end = url.find_first_of("/?#", start);
    const auto at = url.rfind('@', end == std::string::npos ? std::string::npos : end);
    if (at == std::string::npos || at < start) {
        return url;
    }
    return url.substr(0, start) + "***@" + url.substr(at + 1);
}

HttpResponse Transport::post(const std::string& url, const std::string& body, const std::vector<std::string>& headers,
                             bool fresh_connection) const {
    ensure_curl_initialized();
    CURL* curl = thread_handle().handle;
    HttpResponse response;
    if (!curl) {
        response.failure = TransportFailure::not_sent;
        response.error = "cannot initialize libcurl";
        return response;
    }
    curl_easy_reset(curl);
    char error_buffer[CURL_ERROR_SIZE] = {0};
    // "Expect:" stops curl from waiting up to a second for a 100-continue on larger bodies.
    curl_slist* list = curl_slist_append(nullptr, "Expect:");
    for (const auto& h : headers) {
        list = curl_slist_append(list, h.c_str());
    }
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, read_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response.retry_after);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, m_options.connect_timeout_ms);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, m_options.total_timeout_ms);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!m_options.ca_bundle.empty()) {
        curl_easy_setopt(curl, CURLOPT_CAINFO, m_options.ca_bundle.c_str());
    }
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    if (fresh_connection) {
        curl_easy_setopt(curl, CURLOPT_FRESH_CONNECT, 1L);
        curl_easy_setopt(curl, CURLOPT_FORBID_REUSE, 1L);
    }
    if (m_options.abandon) {
        curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, check_abandon);
        curl_easy_setopt(curl, CURLOPT_XFERINFODATA, m_options.abandon);
    }
    const CURLcode code = curl_easy_perform(curl);
    curl_slist_free_all(list);
    if (code != CURLE_OK) {
        response.status = 0;
        response.failure = classify_failure(code, curl);
        response.error = curl_easy_strerror(code);
        if (error_buffer[0] != '\0') {
            response.error += " (" + std::string(error_buffer) + ")";
        }
        return response;
    }
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    response.status = static_cast<int>(status);
    return response;
}

}  // namespace flexform::fortiflex

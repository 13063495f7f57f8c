#include "providers/fortiflex/http.h"

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

}  // namespace

void close_thread_connection() {
    thread_handle().reset();
}

void ensure_curl_initialized() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

HttpResponse HttpClient::post(const std::string& url, const std::string& body,
                              const std::vector<std::string>& headers) const {
    ensure_curl_initialized();
    CURL* curl = thread_handle().handle;
    HttpResponse response;
    if (!curl) {
        response.error = "cannot initialize libcurl";
        return response;
    }
    curl_easy_reset(curl);
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
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, m_options.connect_timeout_ms);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, m_options.total_timeout_ms);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    const CURLcode code = curl_easy_perform(curl);
    curl_slist_free_all(list);
    if (code != CURLE_OK) {
        response.status = 0;
        response.error = curl_easy_strerror(code);
        response.timed_out = code == CURLE_OPERATION_TIMEDOUT;
        response.maybe_sent =
            !(code == CURLE_COULDNT_CONNECT || code == CURLE_COULDNT_RESOLVE_HOST ||
              code == CURLE_COULDNT_RESOLVE_PROXY || code == CURLE_UNSUPPORTED_PROTOCOL ||
              code == CURLE_URL_MALFORMAT || code == CURLE_SSL_CONNECT_ERROR || code == CURLE_PEER_FAILED_VERIFICATION);
        // A timeout while connecting also means nothing was sent.
        if (code == CURLE_OPERATION_TIMEDOUT) {
            long connect_ok = 0;
            curl_easy_getinfo(curl, CURLINFO_CONNECT_TIME_T, &connect_ok);
            response.maybe_sent = connect_ok > 0;
        }
        return response;
    }
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    response.status = static_cast<int>(status);
    return response;
}

}  // namespace flexform::fortiflex

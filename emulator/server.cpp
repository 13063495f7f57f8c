#include "emulator/server.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <malloc.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <list>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <httplib.h>

#include "emulator/emulator.h"
#include "emulator/hooks.h"

namespace flexform::emulator {

namespace {

// The connections of one server as the emulator watches them: which client holds each, when its current request
// began, and whether a handler runs it. A client that holds more than its share loses its oldest waiting
// connection, and a request not read whole within the deadline is cut, so slow clients (a header line every few
// seconds) cannot hold every worker. httplib hides sockets: the accept thread finds the one it has just accepted
// among this process's descriptors (a socket not yet known whose local port is the server's).
class ConnectionGuard {
public:
    struct Slot {
        int fd = -1;
        std::string peer;
        int peer_port = 0;
        std::atomic<bool> in_handler{false};
        std::atomic<std::int64_t> request_start_ms{0};
        bool cut = false;  // under the guard's lock
    };

    ConnectionGuard(int per_client, int deadline_seconds)
        : m_per_client(static_cast<std::size_t>(std::max(1, per_client))),
          m_deadline_ms(std::max(1, deadline_seconds) * 1000LL),
          m_watchdog([this] { watch(); }) {}
    ~ConnectionGuard() {
        {
            std::lock_guard lock(m_mutex);
            m_stopping = true;
        }
        m_wake.notify_all();
        m_watchdog.join();
    }
    ConnectionGuard(const ConnectionGuard&) = delete;
    ConnectionGuard& operator=(const ConnectionGuard&) = delete;

    void set_port(int port) { m_port = port; }

    // On the accept thread, right after an accept: the new connection, or null if it cannot be found.
    std::shared_ptr<Slot> admit() {
        std::lock_guard lock(m_mutex);
        auto slot = find_new_socket();
        if (!slot) {
            return nullptr;
        }
        slot->request_start_ms = now_ms();
        m_slots[slot->fd] = slot;
        evict_beyond_share(slot->peer);
        return slot;
    }

    // On the worker, after httplib closed the connection.
    void release(const std::shared_ptr<Slot>& slot) {
        std::lock_guard lock(m_mutex);
        if (const auto it = m_slots.find(slot->fd); it != m_slots.end() && it->second == slot) {
            m_slots.erase(it);
        }
    }

    static std::int64_t now_ms() {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now().time_since_epoch())
            .count();
    }

private:
    static bool peer_of(int fd, std::string& ip, int& port) {
        sockaddr_storage peer{};
        socklen_t length = sizeof peer;
        if (::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &length) != 0) {
            return false;
        }
        char text[INET6_ADDRSTRLEN] = {0};
        if (peer.ss_family == AF_INET) {
            const auto* v4 = reinterpret_cast<const sockaddr_in*>(&peer);
            ::inet_ntop(AF_INET, &v4->sin_addr, text, sizeof text);
            port = ntohs(v4->sin_port);
        } else if (peer.ss_family == AF_INET6) {
            const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&peer);
            ::inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof text);
            port = ntohs(v6->sin6_port);
        } else {
            return false;
        }
        ip = text;
        return true;
    }

    static int local_port(int fd) {
        sockaddr_storage local{};
        socklen_t length = sizeof local;
        if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &length) != 0) {
            return -1;
        }
        if (local.ss_family == AF_INET) {
            return ntohs(reinterpret_cast<const sockaddr_in*>(&local)->sin_port);
        }
        if (local.ss_family == AF_INET6) {
            return ntohs(reinterpret_cast<const sockaddr_in6*>(&local)->sin6_port);
        }
        return -1;
    }

    // A connected socket on this server's port; unknown ones first (the usual case), then known numbers whose
    // peer changed (the number was closed and reused before its worker released it).
    std::shared_ptr<Slot> find_new_socket() const {
        std::vector<int> fds;
        if (DIR* dir = ::opendir("/proc/self/fd")) {
            while (const dirent* entry = ::readdir(dir)) {
                if (entry->d_name[0] != '.') {
                    fds.push_back(std::atoi(entry->d_name));
                }
            }
            ::closedir(dir);
        }
        for (const bool known_pass : {false, true}) {
            for (const int fd : fds) {
                const auto known = m_slots.find(fd);
                if (fd <= 2 || (known != m_slots.end()) != known_pass) {
                    continue;
                }
                struct stat st {};
                if (::fstat(fd, &st) != 0 || !S_ISSOCK(st.st_mode) || local_port(fd) != m_port) {
                    continue;
                }
                auto slot = std::make_shared<Slot>();
                slot->fd = fd;
                if (!peer_of(fd, slot->peer, slot->peer_port)) {
                    continue;  // the listening socket
                }
                if (known_pass && (known->second->peer == slot->peer && known->second->peer_port == slot->peer_port)) {
                    continue;
                }
                return slot;
            }
        }
        return nullptr;
    }

    // With the lock held: a client over its share loses its connection that has waited longest for a request.
    void evict_beyond_share(const std::string& peer) {
        std::vector<Slot*> waiting;
        std::size_t held = 0;
        for (const auto& [fd, slot] : m_slots) {
            if (slot->peer == peer && !slot->cut) {
                ++held;
                if (!slot->in_handler) {
                    waiting.push_back(slot.get());
                }
            }
        }
        std::sort(waiting.begin(), waiting.end(),
                  [](const Slot* a, const Slot* b) { return a->request_start_ms < b->request_start_ms; });
        for (auto it = waiting.begin(); held > m_per_client && it != waiting.end(); ++it, --held) {
            cut(**it);
        }
    }

    // With the lock held. The peer is checked again: a number closed and reused a moment ago is not cut.
    static void cut(Slot& slot) {
        std::string ip;
        int port = 0;
        if (peer_of(slot.fd, ip, port) && ip == slot.peer && port == slot.peer_port) {
            ::shutdown(slot.fd, SHUT_RDWR);  // the worker's read ends at once; httplib closes the socket
        }
        slot.cut = true;
    }

    void watch() {
        std::unique_lock lock(m_mutex);
        while (!m_stopping) {
            m_wake.wait_for(lock, std::chrono::milliseconds(100));
            const std::int64_t now = now_ms();
            for (const auto& [fd, slot] : m_slots) {
                if (!slot->cut && !slot->in_handler && now - slot->request_start_ms > m_deadline_ms) {
                    cut(*slot);
                }
            }
        }
    }

    std::size_t m_per_client;
    std::int64_t m_deadline_ms;
    std::atomic<int> m_port{-2};
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::map<int, std::shared_ptr<Slot>> m_slots;
    std::thread m_watchdog;  // last: it starts once everything above exists
};

// The connection this worker thread serves, for the handlers and the logger.
thread_local ConnectionGuard::Slot* t_connection = nullptr;

// Workers are started as connections arrive, up to a bound, and end when there is no more work: an idle
// kept-alive connection holds one worker but never keeps a new connection waiting for it.
class ElasticQueue : public httplib::TaskQueue {
public:
    ElasticQueue(std::size_t max_workers, ConnectionGuard* guard) : m_max(max_workers), m_guard(guard) {}
    ~ElasticQueue() override { shutdown(); }

    void enqueue(std::function<void()> fn) override {
        // httplib calls this on its accept thread with the task that serves the connection just accepted.
        if (m_guard) {
            fn = [guard = m_guard, slot = m_guard->admit(), serve = std::move(fn)] {
                t_connection = slot.get();
                serve();
                t_connection = nullptr;
                if (slot) {
                    guard->release(slot);
                }
            };
        }
        std::lock_guard lock(m_mutex);
        reap();
        m_tasks.push_back(std::move(fn));
        if (m_idle > 0) {
            m_wake.notify_one();
        } else if (m_workers.size() - m_finished.size() < m_max) {
            m_workers.emplace_back([this] { work(); });
        }
    }

    void shutdown() override {
        {
            std::lock_guard lock(m_mutex);
            m_stopping = true;
        }
        m_wake.notify_all();
        for (auto& t : m_workers) {
            if (t.joinable()) {
                t.join();
            }
        }
        m_workers.clear();
        m_finished.clear();
    }

private:
    void work() {
        std::unique_lock lock(m_mutex);
        for (;;) {
            if (m_tasks.empty()) {
                ++m_idle;
                // Linger briefly for the next connection, then end: bursts do not pay for a new thread each time.
                m_wake.wait_for(lock, std::chrono::seconds(2), [this] { return !m_tasks.empty() || m_stopping; });
                --m_idle;
                if (m_tasks.empty()) {
                    m_finished.push_back(std::this_thread::get_id());
                    return;
                }
            }
            auto task = std::move(m_tasks.front());
            m_tasks.pop_front();
            lock.unlock();
            task();
            lock.lock();
        }
    }

    // Joins workers that have ended (called with the lock held; they no longer need it).
    void reap() {
        for (auto it = m_workers.begin(); it != m_workers.end() && !m_finished.empty();) {
            const auto done = std::find(m_finished.begin(), m_finished.end(), it->get_id());
            if (done == m_finished.end()) {
                ++it;
                continue;
            }
            m_finished.erase(done);
            it->join();  // it has left work() already: this returns at once
            it = m_workers.erase(it);
        }
    }

    std::size_t m_max;
    ConnectionGuard* m_guard;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::function<void()>> m_tasks;
    std::list<std::thread> m_workers;
    std::vector<std::thread::id> m_finished;
    std::size_t m_idle = 0;
    bool m_stopping = false;
};

void send_json(httplib::Response& res, int status, const json& body) {
    res.status = status;
    res.set_content(body.dump(), "application/json");
}

void send_response(httplib::Response& res, const ApiResponse& response) {
    res.status = response.http_status;
    res.set_content(response.serialized(), "application/json");
}

// An empty body or "{}" is an empty request; anything else must be JSON.
std::optional<json> parse_body(const std::string& text) {
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
        return json::object();
    }
    try {
        return json::parse(text);
    } catch (const json::exception&) {
        return std::nullopt;
    }
}

bool same_address(const sockaddr_storage& a, const std::string& ip, int port) {
    char text[INET6_ADDRSTRLEN] = {0};
    int found_port = 0;
    if (a.ss_family == AF_INET) {
        const auto* v4 = reinterpret_cast<const sockaddr_in*>(&a);
        ::inet_ntop(AF_INET, &v4->sin_addr, text, sizeof text);
        found_port = ntohs(v4->sin_port);
    } else if (a.ss_family == AF_INET6) {
        const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&a);
        ::inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof text);
        found_port = ntohs(v6->sin6_port);
    } else {
        return false;
    }
    return found_port == port && ip == text;
}

// Closes the request's connection without a single byte of answer, as a server or proxy that dies mid-request
// does; with `reset`, abortively (the peer reads ECONNRESET). httplib hides the socket, so it is found among this
// process's sockets by the request's addresses.
void close_silently(const httplib::Request& req, bool reset = false) {
    DIR* dir = ::opendir("/proc/self/fd");
    if (!dir) {
        return;
    }
    while (const dirent* entry = ::readdir(dir)) {
        const int fd = std::atoi(entry->d_name);
        struct stat st {};
        if (fd <= 2 || ::fstat(fd, &st) != 0 || !S_ISSOCK(st.st_mode)) {
            continue;
        }
        sockaddr_storage peer{};
        sockaddr_storage local{};
        socklen_t peer_len = sizeof peer;
        socklen_t local_len = sizeof local;
        if (::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_len) != 0 ||
            ::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_len) != 0) {
            continue;
        }
        if (same_address(peer, req.remote_addr, req.remote_port) &&
            same_address(local, req.local_addr, req.local_port)) {
            if (reset) {
                // Linger 0 makes the last close send RST; dup2 closes the connection under httplib's descriptor,
                // which then holds an unconnected socket that fails its write and is closed.
                const linger abort_on_close{1, 0};
                ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof abort_on_close);
                const int replacement = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
                if (replacement >= 0) {
                    ::dup2(replacement, fd);
                    ::close(replacement);
                    break;
                }
            }
            ::shutdown(fd, SHUT_RDWR);  // httplib's own write then fails and it closes the socket
            break;
        }
    }
    ::closedir(dir);
}

// Headers and half the body, then the connection closes: the answer is cut in the middle.
void cut_in_half(httplib::Response& res, const ApiResponse& response) {
    const auto text = std::make_shared<std::string>(response.serialized());
    res.status = response.http_status;
    res.set_content_provider(text->size(), "application/json",
                             [text](std::size_t offset, std::size_t, httplib::DataSink& sink) {
                                 const std::size_t half = text->size() / 2;
                                 if (offset < half) {
                                     sink.write(text->data() + offset, half - offset);
                                     return true;
                                 }
                                 return false;
                             });
}

std::string bearer(const httplib::Request& req) {
    const std::string header = req.get_header_value("Authorization");
    const std::string prefix = "Bearer ";
    return header.rfind(prefix, 0) == 0 ? header.substr(prefix.size()) : std::string();
}

// glibc keeps freed memory in its arenas; after a large body give it back, so memory settles.
void settle_memory(std::size_t body_bytes) {
    if (body_bytes > 256 * 1024) {
        ::malloc_trim(0);
    }
}

}  // namespace

void request_in_handler() {
    if (t_connection) {
        t_connection->in_handler = true;
    }
}

struct EmulatorServer::Impl {
    Emulator& emulator;
    ServerOptions options;
    httplib::Server server;
    std::unique_ptr<httplib::Server> hooks_server;  // when hooks listen on their own address
    std::thread thread;
    std::thread hooks_thread;
    int port = 0;
    int hooks_port = 0;
    int listen_fd = -1;
    int hooks_listen_fd = -1;
    // run() serves until stop() asks, whenever it asks: a stop that comes before the servers listen (a signal
    // right after start-up) must not be lost, or the process would serve on and never exit.
    std::mutex stop_mutex;
    std::condition_variable stop_asked;
    bool stop_requested = false;
    bool serving_in_run = false;
    std::atomic<int> listeners_ended{0};
    ConnectionGuard api_guard;
    ConnectionGuard hooks_guard;

    Impl(Emulator& e, ServerOptions o)
        : emulator(e),
          options(std::move(o)),
          api_guard(options.max_connections_per_client, options.request_deadline_seconds),
          hooks_guard(options.max_connections_per_client, options.request_deadline_seconds) {}

    void configure(httplib::Server& s, int& fd, std::size_t max_body, ConnectionGuard& guard) {
        const auto workers = static_cast<std::size_t>(std::max(4, options.max_connections));
        s.new_task_queue = [workers, &guard] { return new ElasticQueue(workers, &guard); };
        // A response is written: the connection's next request starts its deadline now.
        s.set_logger([](const httplib::Request&, const httplib::Response&) {
            if (t_connection) {
                t_connection->in_handler = false;
                t_connection->request_start_ms = ConnectionGuard::now_ms();
            }
        });
        s.set_payload_max_length(max_body);
        s.set_tcp_nodelay(true);
        s.set_keep_alive_timeout(options.keep_alive_seconds);
        s.set_read_timeout(std::max(1, options.read_timeout_seconds), 0);
        s.set_write_timeout(10, 0);
        // Debian's compiled httplib listens with a backlog of 5: a burst of parallel connects overflows it and the
        // dropped SYNs cost a second each. Remember the socket so bind() can listen again with a real backlog.
        s.set_socket_options([&fd](socket_t sock) {
            int yes = 1;
            ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
            fd = sock;
        });
    }

    void serve_api(const std::string& endpoint, const httplib::Request& req, httplib::Response& res) {
        request_in_handler();
        if (req.body.size() > options.max_body_bytes) {
            send_json(res, 413, error_body(endpoint, "Request body too large", 413));
            settle_memory(req.body.size());
            return;
        }
        emulator.count_request(endpoint);
        const FaultDecision fault = emulator.consult_faults(endpoint);
        if (fault.latency_ms > 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(fault.latency_ms));
        }
        if (fault.drop_before || fault.reset_before) {
            close_silently(req, fault.reset_before);
            return;
        }
        if (fault.response) {
            if (fault.retry_after > 0) {
                res.set_header("Retry-After", std::to_string(fault.retry_after));
            }
            send_json(res, fault.response->http_status, fault.response->body);
            return;
        }
        const auto body = parse_body(req.body);
        settle_memory(req.body.size());
        if (!body) {
            send_json(res, 400, error_body(endpoint, "Request body is not valid JSON", 400));
            return;
        }
        ApiResponse response = emulator.call(endpoint, *body, bearer(req));
        emulator.after_call(endpoint, fault, response);
        if (fault.drop_after || fault.reset_after) {
            close_silently(req, fault.reset_after);
            return;
        }
        if (fault.response_after) {
            send_json(res, fault.response_after->http_status, fault.response_after->body);
            return;
        }
        if (fault.cut_body) {
            cut_in_half(res, response);
            return;
        }
        send_response(res, response);
    }

    // The token service's form: url-encoded or JSON; nothing when the body is neither.
    static std::optional<std::map<std::string, std::string>> token_form(const httplib::Request& req) {
        std::map<std::string, std::string> form;
        if (req.get_header_value("Content-Type").find("application/x-www-form-urlencoded") != std::string::npos) {
            for (const auto& [key, value] : req.params) {
                form[key] = value;
            }
        } else if (const auto body = parse_body(req.body); body && body->is_object()) {
            for (const auto& [key, value] : body->items()) {
                if (value.is_string()) {
                    form[key] = value.get<std::string>();
                }
            }
        } else {
            return std::nullopt;
        }
        return form;
    }

    void serve_revoke(const httplib::Request& req, httplib::Response& res) {
        request_in_handler();
        emulator.count_request("oauth/revoke_token");
        const auto form = token_form(req);
        if (!form) {
            send_json(res, 400, json{{"error", "invalid_request"}, {"error_description", "body is not JSON"}});
            return;
        }
        const ApiResponse response = emulator.revoke(*form);
        send_json(res, response.http_status, response.body);
    }

    void serve_token(const httplib::Request& req, httplib::Response& res) {
        request_in_handler();
        emulator.count_request("oauth/token");
        const FaultDecision fault = emulator.consult_faults("oauth/token");
        if (fault.latency_ms > 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(fault.latency_ms));
        }
        if (fault.response) {
            send_json(res, fault.response->http_status, fault.response->body);
            return;
        }
        if (fault.drop_before || fault.drop_after || fault.reset_before || fault.reset_after) {
            close_silently(req, fault.reset_before || fault.reset_after);
            return;
        }
        const auto form = token_form(req);
        if (!form) {
            send_json(res, 400, json{{"error", "invalid_request"}, {"error_description", "body is not JSON"}});
            return;
        }
        const ApiResponse response = emulator.token(*form);
        if (fault.response_after) {  // a token was issued, the answer says it was not
            send_json(res, fault.response_after->http_status, fault.response_after->body);
            return;
        }
        if (fault.cut_body) {
            cut_in_half(res, response);
            return;
        }
        send_json(res, response.http_status, response.body);
    }

    void api_routes(httplib::Server& s) {
        s.Post("/api/v1/oauth/token/",
               [this](const httplib::Request& req, httplib::Response& res) { serve_token(req, res); });
        s.Post("/api/v1/oauth/revoke_token/",
               [this](const httplib::Request& req, httplib::Response& res) { serve_revoke(req, res); });
        s.Post(
            R"(/(?:ES|es)/api/fortiflex/v2/([A-Za-z/]+))",
            [this](const httplib::Request& req, httplib::Response& res) { serve_api(req.matches[1].str(), req, res); });
        s.Post(R"(/(?:ES|es)/api/flexvm/v1/groups/list)",
               [this](const httplib::Request& req, httplib::Response& res) { serve_api("groups/list", req, res); });
        const auto not_allowed = [](const httplib::Request&, httplib::Response& res) {
            send_json(res, 405,
                      json{{"status", -1},
                           {"message", "Method Not Allowed: every FortiFlex call is a POST"},
                           {"error", {{"errorCode", 405}, {"message", "Method Not Allowed"}}}});
        };
        const std::string api_paths = R"(/(?:ES|es)/api/(?:fortiflex/v2|flexvm/v1)/.*)";
        s.Get(api_paths, not_allowed);
        s.Put(api_paths, not_allowed);
        s.Delete(api_paths, not_allowed);
        s.Patch(api_paths, not_allowed);
        s.set_error_handler([](const httplib::Request&, httplib::Response& res) {
            if (res.status == 413) {
                send_json(res, 413,
                          json{{"status", -1},
                               {"message", "Request body too large"},
                               {"error", {{"errorCode", 413}, {"message", "Request body too large"}}}});
            }
        });
    }

    int bind_one(httplib::Server& s, const std::string& host, int wanted, const int& fd) {  // fd: set while binding
        int bound = -1;
        if (wanted == 0) {
            bound = s.bind_to_any_port(host);
        } else if (s.bind_to_port(host, wanted)) {
            bound = wanted;
        }
        if (bound <= 0) {
            throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(wanted));
        }
        if (fd >= 0) {
            ::listen(fd, 1024);
        }
        return bound;
    }
};

EmulatorServer::EmulatorServer(Emulator& emulator, ServerOptions options)
    : m_impl(std::make_unique<Impl>(emulator, std::move(options))) {
    // A client that vanishes mid-answer must cost an EPIPE, not the process.
    ::signal(SIGPIPE, SIG_IGN);
    Impl& impl = *m_impl;
    const bool separate_hooks = impl.options.test_hooks && !impl.options.hooks_host.empty();
    impl.configure(impl.server, impl.listen_fd,
                   impl.options.test_hooks && !separate_hooks ? k_max_seed_bytes : impl.options.max_body_bytes,
                   impl.api_guard);
    impl.api_routes(impl.server);
    if (separate_hooks) {
        impl.hooks_server = std::make_unique<httplib::Server>();
        impl.configure(*impl.hooks_server, impl.hooks_listen_fd, k_max_seed_bytes, impl.hooks_guard);
        register_hooks(*impl.hooks_server, emulator, false);
    } else if (impl.options.test_hooks) {
        // On the API's port, hooks answer loopback clients only; API bodies stay small (checked per route).
        register_hooks(impl.server, emulator, true);
    }
}

EmulatorServer::~EmulatorServer() {
    stop();
}

int EmulatorServer::bind() {
    m_impl->port = m_impl->bind_one(m_impl->server, m_impl->options.host, m_impl->options.port, m_impl->listen_fd);
    m_impl->api_guard.set_port(m_impl->port);
    if (m_impl->hooks_server) {
        m_impl->hooks_port = m_impl->bind_one(*m_impl->hooks_server, m_impl->options.hooks_host,
                                              m_impl->options.hooks_port, m_impl->hooks_listen_fd);
        m_impl->hooks_guard.set_port(m_impl->hooks_port);
    }
    return m_impl->port;
}

void EmulatorServer::start() {
    m_impl->thread = std::thread([this] {
        m_impl->server.listen_after_bind();
        m_impl->listeners_ended += 1;
    });
    if (m_impl->hooks_server) {
        m_impl->hooks_thread = std::thread([this] {
            m_impl->hooks_server->listen_after_bind();
            m_impl->listeners_ended += 1;
        });
    }
    while (!m_impl->server.is_running() || (m_impl->hooks_server && !m_impl->hooks_server->is_running())) {
        if (m_impl->listeners_ended > 0) {  // a listen loop that ended before it ran will never run
            shut_down();
            throw std::runtime_error("the emulator could not serve on " + base_url());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

void EmulatorServer::run() {
    {
        std::lock_guard lock(m_impl->stop_mutex);
        if (m_impl->stop_requested) {
            return;
        }
        m_impl->serving_in_run = true;
    }
    start();
    {
        std::unique_lock lock(m_impl->stop_mutex);
        m_impl->stop_asked.wait(lock, [this] { return m_impl->stop_requested; });
    }
    shut_down();
}

void EmulatorServer::stop() {
    bool run_shuts_down = false;
    {
        std::lock_guard lock(m_impl->stop_mutex);
        m_impl->stop_requested = true;
        run_shuts_down = m_impl->serving_in_run;
    }
    m_impl->stop_asked.notify_all();
    if (!run_shuts_down) {
        shut_down();
    }
}

void EmulatorServer::shut_down() {
    for (httplib::Server* s : {&m_impl->server, m_impl->hooks_server.get()}) {
        if (s && s->is_running()) {
            s->stop();
        }
    }
    for (std::thread* t : {&m_impl->thread, &m_impl->hooks_thread}) {
        if (t->joinable()) {
            t->join();
        }
    }
}

std::string EmulatorServer::base_url() const {
    return "http://" + m_impl->options.host + ":" + std::to_string(m_impl->port);
}

std::string EmulatorServer::api_url() const {
    return base_url() + "/ES/api/fortiflex/v2/";
}

std::string EmulatorServer::auth_url() const {
    return base_url() + "/api/v1/oauth/token/";
}

std::string EmulatorServer::hooks_url() const {
    if (m_impl->hooks_server) {
        return "http://" + m_impl->options.hooks_host + ":" + std::to_string(m_impl->hooks_port);
    }
    return base_url();
}

}  // namespace flexform::emulator

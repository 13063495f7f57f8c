#include "providers/emulator/server.h"

#include <chrono>
#include <stdexcept>
#include <set>
#include <thread>

#include <sys/socket.h>

#include <httplib.h>

#include "providers/emulator/emulator.h"

namespace flexform::emulator {

namespace {

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

void drop_connection(httplib::Response& res) {
    // Headers go out, then the body provider fails: the client sees the connection close mid-response.
    res.set_chunked_content_provider("application/json", [](std::size_t, httplib::DataSink&) { return false; });
}

std::string bearer(const httplib::Request& req) {
    const std::string header = req.get_header_value("Authorization");
    const std::string prefix = "Bearer ";
    return header.rfind(prefix, 0) == 0 ? header.substr(prefix.size()) : std::string();
}

}  // namespace

struct EmulatorServer::Impl {
    Emulator& emulator;
    ServerOptions options;
    httplib::Server server;
    std::thread thread;
    int port = 0;
    int listen_fd = -1;

    Impl(Emulator& e, ServerOptions o) : emulator(e), options(std::move(o)) {}

    void serve_api(const std::string& endpoint, const httplib::Request& req, httplib::Response& res) {
        emulator.count_request(endpoint);
        const FaultDecision fault = emulator.consult_faults(endpoint);
        if (fault.latency_ms > 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(fault.latency_ms));
        }
        if (fault.drop_before) {
            drop_connection(res);
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
        if (!body) {
            send_json(res, 400, error_body(endpoint, "Request body is not valid JSON", 400));
            return;
        }
        const ApiResponse response = emulator.call(endpoint, *body, bearer(req));
        if (fault.drop_after) {
            drop_connection(res);
            return;
        }
        send_response(res, response);
    }

    // Hooks answer ApiErrors and bad input as 400 with a plain message.
    template <typename F>
    void hook(httplib::Response& res, F&& action) {
        try {
            send_json(res, 200, action());
        } catch (const ApiError& e) {
            send_json(res, e.http_status(), json{{"error", e.what()}});
        } catch (const std::exception& e) {
            send_json(res, 400, json{{"error", e.what()}});
        }
    }

    void routes() {
        server.Post("/api/v1/oauth/token/", [this](const httplib::Request& req, httplib::Response& res) {
            emulator.count_request("oauth/token");
            const FaultDecision fault = emulator.consult_faults("oauth/token");
            if (fault.response) {
                send_json(res, fault.response->http_status, fault.response->body);
                return;
            }
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
                send_json(res, 400, json{{"error", "invalid_request"}, {"error_description", "body is not JSON"}});
                return;
            }
            const ApiResponse response = emulator.token(form);
            send_json(res, response.http_status, response.body);
        });
        server.Post("/api/v1/oauth/revoke_token/", [](const httplib::Request&, httplib::Response& res) {
            send_json(res, 200, json{{"status", "success"}, {"message", "token revoked"}});
        });
        server.Post(
            R"(/(?:ES|es)/api/fortiflex/v2/([A-Za-z/]+))",
            [this](const httplib::Request& req, httplib::Response& res) { serve_api(req.matches[1].str(), req, res); });
        server.Post(
            R"(/(?:ES|es)/api/flexvm/v1/groups/list)",
            [this](const httplib::Request& req, httplib::Response& res) { serve_api("groups/list", req, res); });
        const auto not_allowed = [](const httplib::Request&, httplib::Response& res) {
            send_json(res, 405,
                      json{{"status", -1},
                           {"message", "Method Not Allowed: every FortiFlex call is a POST"},
                           {"error", {{"errorCode", 405}, {"message", "Method Not Allowed"}}}});
        };
        const std::string api_paths = R"(/(?:ES|es)/api/(?:fortiflex/v2|flexvm/v1)/.*)";
        server.Get(api_paths, not_allowed);
        server.Put(api_paths, not_allowed);
        server.Delete(api_paths, not_allowed);
        server.Patch(api_paths, not_allowed);

        server.Post("/__emulator/seed", [this](const httplib::Request& req, httplib::Response& res) {
            hook(res, [&] { return emulator.seed(parse_seed_text(req.body)); });
        });
        server.Post("/__emulator/reset", [this](const httplib::Request&, httplib::Response& res) {
            hook(res, [&] {
                emulator.reset();
                return json{{"reset", true}};
            });
        });
        server.Get("/__emulator/clock", [this](const httplib::Request&, httplib::Response& res) {
            hook(res, [&] { return emulator.clock(json::object()); });
        });
        server.Post("/__emulator/clock", [this](const httplib::Request& req, httplib::Response& res) {
            hook(res, [&] { return emulator.clock(parse_body(req.body).value_or(json::object())); });
        });
        server.Post("/__emulator/vm/use-token", [this](const httplib::Request& req, httplib::Response& res) {
            hook(res, [&] { return emulator.use_token(parse_body(req.body).value_or(json::object())); });
        });
        server.Post("/__emulator/metered", [this](const httplib::Request& req, httplib::Response& res) {
            hook(res, [&] { return emulator.set_metered(parse_body(req.body).value_or(json::object())); });
        });
        server.Post(R"(/__emulator/portal/([A-Za-z/]+))", [this](const httplib::Request& req, httplib::Response& res) {
            const auto body = parse_body(req.body);
            const ApiResponse response = emulator.portal(req.matches[1].str(), body.value_or(json::object()));
            send_response(res, response);
        });
        server.Post("/__emulator/faults", [this](const httplib::Request& req, httplib::Response& res) {
            hook(res, [&] {
                const json j = parse_body(req.body).value_or(json::object());
                Fault f;
                f.endpoint = j.value("endpoint", "*");
                f.kind = j.at("kind").get<std::string>();
                f.remaining = j.value("count", 1);
                f.http_status = j.value("httpStatus", f.kind == "status" ? 429 : 503);
                f.api_status = j.value("apiStatus", -10);
                f.retry_after = j.value("retryAfter", 0);
                f.latency_ms = j.value("latencyMs", 0);
                f.after = j.value("after", false);
                static const std::set<std::string> k_kinds = {"http", "status", "latency", "invalid_token", "drop"};
                if (!k_kinds.count(f.kind)) {
                    throw std::runtime_error("kind must be http, status, latency, invalid_token or drop");
                }
                emulator.add_fault(f);
                return json{{"armed", f.kind}, {"endpoint", f.endpoint}};
            });
        });
        server.Post("/__emulator/faults/clear", [this](const httplib::Request&, httplib::Response& res) {
            hook(res, [&] {
                emulator.clear_faults();
                return json{{"cleared", true}};
            });
        });
        server.Post("/__emulator/rate-limit", [this](const httplib::Request& req, httplib::Response& res) {
            hook(res, [&] {
                const int rpm = parse_body(req.body).value_or(json::object()).value("requestsPerMinute", 0);
                emulator.set_rate_limit(rpm);
                return json{{"requestsPerMinute", rpm}};
            });
        });
        server.Get("/__emulator/counters", [this](const httplib::Request&, httplib::Response& res) {
            hook(res, [&] { return emulator.counters(); });
        });
        server.Post("/__emulator/counters/reset", [this](const httplib::Request&, httplib::Response& res) {
            hook(res, [&] {
                emulator.reset_counters();
                return json{{"reset", true}};
            });
        });
        server.Get("/__emulator/tokens", [this](const httplib::Request&, httplib::Response& res) {
            hook(res, [&] { return emulator.issued_tokens(); });
        });
        server.Get("/__emulator/state", [this](const httplib::Request&, httplib::Response& res) {
            hook(res, [&] { return emulator.dump(); });
        });
        server.Post("/__emulator/ledger", [this](const httplib::Request& req, httplib::Response& res) {
            hook(res, [&] { return emulator.ledger(parse_body(req.body).value_or(json::object())); });
        });
    }
};

EmulatorServer::EmulatorServer(Emulator& emulator, ServerOptions options)
    : m_impl(std::make_unique<Impl>(emulator, std::move(options))) {
    const int threads = std::max(1, m_impl->options.threads);
    m_impl->server.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
    m_impl->server.set_payload_max_length(64 * 1024 * 1024);
    m_impl->server.set_tcp_nodelay(true);
    // Debian's compiled httplib listens with a backlog of 5: a burst of parallel connects overflows it and the
    // dropped SYNs cost a second each. Remember the socket so bind() can listen again with a real backlog.
    m_impl->server.set_socket_options([impl = m_impl.get()](socket_t sock) {
        int yes = 1;
        ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        impl->listen_fd = sock;
    });
    m_impl->server.set_keep_alive_timeout(m_impl->options.keep_alive_seconds);
    m_impl->routes();
}

EmulatorServer::~EmulatorServer() {
    stop();
}

int EmulatorServer::bind() {
    if (m_impl->options.port == 0) {
        m_impl->port = m_impl->server.bind_to_any_port(m_impl->options.host);
    } else if (m_impl->server.bind_to_port(m_impl->options.host, m_impl->options.port)) {
        m_impl->port = m_impl->options.port;
    } else {
        m_impl->port = -1;
    }
    if (m_impl->port <= 0) {
        throw std::runtime_error("cannot listen on " + m_impl->options.host + ":" +
                                 std::to_string(m_impl->options.port));
    }
    if (m_impl->listen_fd >= 0) {
        ::listen(m_impl->listen_fd, 1024);
    }
    return m_impl->port;
}

void EmulatorServer::start() {
    m_impl->thread = std::thread([this] { m_impl->server.listen_after_bind(); });
    while (!m_impl->server.is_running()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

void EmulatorServer::run() {
    m_impl->server.listen_after_bind();
}

void EmulatorServer::stop() {
    if (m_impl->server.is_running()) {
        m_impl->server.stop();
    }
    if (m_impl->thread.joinable()) {
        m_impl->thread.join();
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

}  // namespace flexform::emulator

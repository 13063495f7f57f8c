#include "emulator/hooks.h"

#include <stdexcept>

#include <httplib.h>

#include "emulator/emulator.h"

namespace flexform::emulator {

namespace {

void send_json(httplib::Response& res, int status, const json& body) {
    res.status = status;
    res.set_content(body.dump(), "application/json");
}

bool is_loopback(const std::string& address) {
    return address == "127.0.0.1" || address == "::1" || address.rfind("127.", 0) == 0 || address == "::ffff:127.0.0.1";
}

// A hook body: empty means {}; anything else must be a JSON object.
json object_body(const std::string& text) {
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
        return json::object();
    }
    json body;
    try {
        body = json::parse(text);
    } catch (const json::exception& e) {
        throw std::invalid_argument(std::string("the body is not JSON: ") + e.what());
    }
    if (!body.is_object()) {
        throw std::invalid_argument("the body must be a JSON object");
    }
    return body;
}

}  // namespace

void register_hooks(httplib::Server& server, Emulator& emulator, bool loopback_only) {
    // Every hook answers JSON; bad input is a 400 with the reason, never a crash.
    const auto hook = [loopback_only](auto action) {
        return [loopback_only, action](const httplib::Request& req, httplib::Response& res) {
            request_in_handler();
            if (loopback_only && !is_loopback(req.remote_addr)) {
                send_json(res, 403, json{{"error", "test hooks answer loopback clients only"}});
                return;
            }
            try {
                send_json(res, 200, action(req));
            } catch (const ApiError& e) {
                send_json(res, e.http_status(), json{{"error", e.what()}});
            } catch (const StateWriteFailed& e) {
                send_json(res, 500, json{{"error", e.what()}});
            } catch (const std::bad_alloc&) {
                send_json(res, 400, json{{"error", "the request needs more memory than the emulator allows"}});
            } catch (const std::exception& e) {
                send_json(res, 400, json{{"error", e.what()}});
            }
        };
    };
    server.Post("/__emulator/seed",
                hook([&emulator](const httplib::Request& req) { return emulator.seed(parse_seed_text(req.body)); }));
    server.Post("/__emulator/storage", hook([&emulator](const httplib::Request& req) {
                    return emulator.fail_state_writes(object_body(req.body));
                }));
    server.Post("/__emulator/reset", hook([&emulator](const httplib::Request&) {
                    emulator.reset();
                    return json{{"reset", true}};
                }));
    server.Get("/__emulator/clock",
               hook([&emulator](const httplib::Request&) { return emulator.clock(json::object()); }));
    server.Post("/__emulator/clock",
                hook([&emulator](const httplib::Request& req) { return emulator.clock(object_body(req.body)); }));
    server.Post("/__emulator/vm/use-token",
                hook([&emulator](const httplib::Request& req) { return emulator.use_token(object_body(req.body)); }));
    server.Post("/__emulator/metered",
                hook([&emulator](const httplib::Request& req) { return emulator.set_metered(object_body(req.body)); }));
    server.Post(R"(/__emulator/portal/([A-Za-z/]+))",
                [&emulator, loopback_only](const httplib::Request& req, httplib::Response& res) {
                    request_in_handler();
                    if (loopback_only && !is_loopback(req.remote_addr)) {
                        send_json(res, 403, json{{"error", "test hooks answer loopback clients only"}});
                        return;
                    }
                    try {
                        const ApiResponse response = emulator.portal(req.matches[1].str(), object_body(req.body));
                        res.status = response.http_status;
                        res.set_content(response.serialized(), "application/json");
                    } catch (const std::exception& e) {
                        send_json(res, 400, json{{"error", e.what()}});
                    }
                });
    server.Post("/__emulator/faults", hook([&emulator](const httplib::Request& req) {
                    const Fault f = parse_fault(object_body(req.body));
                    emulator.add_fault(f);
                    return json{{"armed", true}, {"endpoint", f.endpoint}};
                }));
    server.Post("/__emulator/faults/clear", hook([&emulator](const httplib::Request&) {
                    emulator.clear_faults();
                    return json{{"cleared", true}};
                }));
    server.Post("/__emulator/rate-limit", hook([&emulator](const httplib::Request& req) {
                    const int rpm = object_body(req.body).value("requestsPerMinute", 0);
                    emulator.set_rate_limit(rpm);
                    return json{{"requestsPerMinute", rpm}};
                }));
    server.Get("/__emulator/counters", hook([&emulator](const httplib::Request&) { return emulator.counters(); }));
    server.Post("/__emulator/counters/reset", hook([&emulator](const httplib::Request&) {
                    emulator.reset_counters();
                    return json{{"reset", true}};
                }));
    server.Get("/__emulator/tokens", hook([&emulator](const httplib::Request&) { return emulator.issued_tokens(); }));
    server.Get("/__emulator/state", hook([&emulator](const httplib::Request&) { return emulator.dump(); }));
    server.Post("/__emulator/ledger",
                hook([&emulator](const httplib::Request& req) { return emulator.ledger(object_body(req.body)); }));
}

}  // namespace flexform::emulator

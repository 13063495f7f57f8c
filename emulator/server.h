// EmulatorServer serves an Emulator over HTTP with cpp-httplib: the token service and the FortiFlex v2 paths
// (/ES/ and /es/). The test hooks under /__emulator/ exist only when asked for, and then only for loopback
// clients, or on a separate hooks address.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

namespace flexform::emulator {

class Emulator;

struct ServerOptions {
    std::string host = "127.0.0.1";
    int port = 0;  // 0: pick a free port
    // Each open connection holds a worker for its keep-alive life; workers grow on demand up to this bound, so
    // idle connections cannot starve a new one until there are this many.
    int max_connections = 512;
    int keep_alive_seconds = 5;    // 0: close idle connections at once (an in-process sandbox stops without waiting)
    int read_timeout_seconds = 5;  // a client that opens a connection and sends nothing is dropped after this
    // A request not read whole this long after its connection opened (or its previous answer was sent) is cut:
    // the read timeout above is per read, and a client sending a header line every few seconds never trips it.
    int request_deadline_seconds = 10;
    // A client (an address) holding more connections than this loses its longest-waiting one to a new one.
    int max_connections_per_client = 64;
    std::size_t max_body_bytes = 1024 * 1024;  // an API request body; hooks allow seeds up to k_max_seed_bytes
    bool test_hooks = false;
    std::string hooks_host;  // when set (with test_hooks), hooks listen here instead of on the API port
    int hooks_port = 0;
};

class EmulatorServer {
public:
    EmulatorServer(Emulator& emulator, ServerOptions options);
    ~EmulatorServer();
    EmulatorServer(const EmulatorServer&) = delete;
    EmulatorServer& operator=(const EmulatorServer&) = delete;

    int bind();    // binds and returns the port; throws std::runtime_error
    void start();  // serves on a background thread (after bind)
    void run();    // serves until stop() is called from another thread, even before it listens (after bind)
    void stop();
    std::string base_url() const;   // "http://127.0.0.1:PORT"
    std::string api_url() const;    // base_url() + "/ES/api/fortiflex/v2/"
    std::string auth_url() const;   // base_url() + "/api/v1/oauth/token/"
    std::string hooks_url() const;  // where /__emulator/ is served (the API's base URL unless separate)

private:
    void shut_down();  // stops listening and joins the serving threads
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace flexform::emulator

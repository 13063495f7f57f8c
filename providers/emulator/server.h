// EmulatorServer serves an Emulator over HTTP with cpp-httplib: the token service, the FortiFlex v2 paths
// (/ES/ and /es/), and the test hooks under /__emulator/.
#pragma once

#include <memory>
#include <string>

namespace flexform::emulator {

class Emulator;

struct ServerOptions {
    std::string host = "127.0.0.1";
    int port = 0;  // 0: pick a free port
    // httplib gives each open connection a worker for its keep-alive life, so there must be more workers than
    // concurrent client connections, or a new connection waits for an idle one to time out.
    int threads = 32;
    int keep_alive_seconds = 5;  // 0: close idle connections at once (an in-process sandbox stops without waiting)
};

class EmulatorServer {
public:
    EmulatorServer(Emulator& emulator, ServerOptions options);
    ~EmulatorServer();
    EmulatorServer(const EmulatorServer&) = delete;
    EmulatorServer& operator=(const EmulatorServer&) = delete;

    int bind();    // binds and returns the port; throws std::runtime_error
    void start();  // serves on a background thread (after bind)
    void run();    // serves on this thread until stop() (after bind)
    void stop();
    std::string base_url() const;  // "http://127.0.0.1:PORT"
    std::string api_url() const;   // base_url() + "/ES/api/fortiflex/v2/"
    std::string auth_url() const;  // base_url() + "/api/v1/oauth/token/"

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace flexform::emulator

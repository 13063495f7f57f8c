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
    int threads = 8;
};

class EmulatorServer {
public:
    EmulatorServer(Emulator& emulator, ServerOptions options);
    ~EmulatorServer();
    EmulatorServer(const EmulatorServer&) = delete;
    EmulatorServer& operator=(const EmulatorServer&) = delete;

    int bind();          // binds and returns the port; throws std::runtime_error
    void start();        // serves on a background thread (after bind)
    void run();          // serves on this thread until stop() (after bind)
    void stop();
    std::string base_url() const;  // "http://127.0.0.1:PORT"
    std::string api_url() const;   // base_url() + "/ES/api/fortiflex/v2/"
    std::string auth_url() const;  // base_url() + "/api/v1/oauth/token/"

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace flexform::emulator

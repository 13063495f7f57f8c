// TLS to the API: verification is always on, a certificate that cannot be verified fails at once (not retried)
// naming the host and the cure, and a private CA is trusted through caBundle.
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "providers/fortiflex/client.h"
#include "providers/fortiflex/transport.h"

namespace flexform {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class Tls : public ::testing::Test {
public:
    void SetUp() override {
        m_dir = fs::temp_directory_path() / ("flexform-tls-" + std::to_string(::getpid()));
        fs::create_directories(m_dir);
        const std::string command =
            "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
            "-addext subjectAltName=IP:127.0.0.1 -keyout " +
            (m_dir / "key.pem").string() + " -out " + (m_dir / "cert.pem").string() + " >/dev/null 2>&1";
        ASSERT_EQ(std::system(command.c_str()), 0) << "openssl could not make a certificate";
        m_server = std::make_unique<httplib::SSLServer>((m_dir / "cert.pem").c_str(), (m_dir / "key.pem").c_str());
        ASSERT_TRUE(m_server->is_valid());
        m_server->Post("/api/v1/oauth/token/", [this](const httplib::Request&, httplib::Response& res) {
            ++m_requests;
            res.set_content(R"({"access_token":"T","expires_in":3660,"status":"success"})", "application/json");
        });
        m_server->Post("/ES/api/fortiflex/v2/programs/list", [this](const httplib::Request&, httplib::Response& res) {
            ++m_requests;
            res.set_content(R"({"status":0,"programs":[{"serialNumber":"ELAVMS0000000001"}]})", "application/json");
        });
        m_port = m_server->bind_to_any_port("127.0.0.1");
        m_thread = std::thread([this] { m_server->listen_after_bind(); });
        while (!m_server->is_running()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    }
    void TearDown() override {
        fortiflex::close_thread_connection();
        if (m_server) {
            m_server->stop();
        }
        if (m_thread.joinable()) {
            m_thread.join();
        }
        fs::remove_all(m_dir);
    }
    fortiflex::ClientOptions options() const {
        fortiflex::ClientOptions o;
        const std::string base = "https://127.0.0.1:" + std::to_string(m_port);
        o.api_url = base + "/ES/api/fortiflex/v2/";
        o.auth_url = base + "/api/v1/oauth/token/";
        o.username = "TLS-USER-0001";
        o.password = "tls-secret-password";
        o.requests_per_minute = 0;
        o.base_delay = std::chrono::milliseconds(1);
        return o;
    }

    fs::path m_dir;
    std::unique_ptr<httplib::SSLServer> m_server;
    std::thread m_thread;
    int m_port = 0;
    std::atomic<int> m_requests{0};
};

TEST_F(Tls, AnUnverifiableCertificateFailsAtOnceNamingTheHost) {
    fortiflex::FortiFlexClient client(options());
    try {
        client.list_programs();
        FAIL() << "a self-signed certificate was accepted";
    } catch (const ProviderError& e) {
        EXPECT_EQ(e.kind(), ProviderError::Kind::tls);
        const std::string message = e.what();
        EXPECT_NE(
            message.find("TLS: the certificate of 127.0.0.1:" + std::to_string(m_port) + " could not be verified"),
            std::string::npos)
            << message;
        EXPECT_NE(message.find("caBundle"), std::string::npos);
        EXPECT_EQ(message.find("tls-secret-password"), std::string::npos);
    }
    EXPECT_EQ(client.calls_made(), 1);  // not retried
    EXPECT_EQ(m_requests.load(), 0);    // nothing was sent over an unverified connection
}

TEST_F(Tls, APrivateCaIsTrustedThroughTheCaBundle) {
    fortiflex::ClientOptions o = options();
    o.transport.ca_bundle = (m_dir / "cert.pem").string();
    fortiflex::FortiFlexClient client(o);
    const auto programs = client.list_programs();
    ASSERT_EQ(programs.size(), 1u);
    EXPECT_EQ(programs[0].serial, "ELAVMS0000000001");
}

}  // namespace
}  // namespace flexform

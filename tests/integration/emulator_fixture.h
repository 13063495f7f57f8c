// EmulatorFixture starts an emulator on an ephemeral loopback port with a controllable clock and a small seed,
// and talks to it over real HTTP.
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include "emulator/emulator.h"
#include "emulator/server.h"

namespace flexform::emulator::testing {

inline constexpr const char* k_user = "TEST-USER-0001";
inline constexpr const char* k_password = "test-password-1";
inline constexpr const char* k_program = "ELAVMS0000000042";
inline constexpr const char* k_prepaid = "ELAVMR0000000043";
inline constexpr std::int64_t k_root = 900000;
inline constexpr std::int64_t k_acme = 900001;
inline constexpr std::int64_t k_beta = 900002;
inline constexpr std::int64_t k_other = 900003;

// 2026-11-20 10:00 Pacific is the seeded "now"; the seed freezes the emulator clock there.
inline const char* k_seed = R"({
  "clock": {"today": "2026-11-20", "frozen": true},
  "organization": {"rootAccountId": 900000, "accounts": [900001, 900002, 900003]},
  "programs": [{"serialNumber": "ELAVMS0000000042", "startDate": "2025-01-01", "endDate": "2027-06-30"},
               {"serialNumber": "ELAVMR0000000043", "startDate": "2026-01-01", "endDate": "2027-12-31", "points": 5000}],
  "apiUsers": [{"username": "TEST-USER-0001", "password": "test-password-1"},
               {"username": "SCOPED-USER", "password": "scoped-password", "scope": [900001]},
               {"username": "READER", "password": "reader-password", "access": "readonly"}],
  "configs": [
    {"id": 100, "name": "acme-fgt", "accountId": 900001, "product": "FGT_HW",
     "parameters": {"device_model": "FGT60F", "service_pkg": "FGHWUTP"}},
    {"id": 101, "name": "acme-vm", "accountId": 900001, "product": "FGT_VM_Bundle",
     "parameters": {"cpu_size": 2, "service_pkg": "ENT"}},
    {"id": 102, "name": "acme-edr", "accountId": 900001, "product": "FORTIEDR", "parameters": {"service_pkg": "FEDRPDR"}},
    {"id": 103, "name": "beta-fgt", "accountId": 900002, "product": "FGT_HW",
     "parameters": {"device_model": "FGT60F", "service_pkg": "FGHWATP"}},
    {"id": 104, "name": "acme-fgt-ent", "accountId": 900001, "product": "FGT_HW",
     "parameters": {"device_model": "FGT60F", "service_pkg": "FGHWENT"}}
  ],
  "entitlements": [
    {"serialNumber": "FGT60FTK20000001", "config": "acme-fgt", "accountId": 900001},
    {"serialNumber": "FGT60FTK20000002", "config": "acme-fgt", "accountId": 900001, "status": "STOPPED"}
  ]
})";

class EmulatorFixture : public ::testing::Test {
public:
    void SetUp() override { start(""); }
    void TearDown() override { stop(); }

    void start(const std::string& state_path, int token_ttl = 3660) {
        EmulatorOptions options;
        options.state_path = state_path;
        options.settings.token_ttl_seconds = token_ttl;
        options.real_clock = [this] { return m_real_now.load(); };
        options.log = m_log;
        m_emulator = std::make_unique<Emulator>(options);
        if (m_emulator->dump().at("programs").empty()) {
            m_emulator->seed(parse_seed_text(k_seed));
        }
        ServerOptions server_options;
        server_options.keep_alive_seconds = 1;
        server_options.test_hooks = true;
        m_server = std::make_unique<EmulatorServer>(*m_emulator, server_options);
        m_server->bind();
        m_server->start();
        m_client = std::make_unique<httplib::Client>(m_server->base_url());
        m_client->set_read_timeout(10, 0);
        m_token.clear();
    }

    void stop() {
        m_client.reset();
        m_server.reset();
        m_emulator.reset();
    }

    std::string token(const std::string& user = k_user, const std::string& password = k_password) {
        const json body = {
            {"username", user}, {"password", password}, {"client_id", "flexvm"}, {"grant_type", "password"}};
        auto res = m_client->Post("/api/v1/oauth/token/", body.dump(), "application/json");
        EXPECT_TRUE(res);
        EXPECT_EQ(res->status, 200) << res->body;
        return json::parse(res->body).at("access_token").get<std::string>();
    }

    struct Reply {
        int http = 0;
        json body;
    };

    Reply api(const std::string& endpoint, const json& body, const std::string& bearer = "") {
        if (m_token.empty()) {
            m_token = token();
        }
        httplib::Headers headers = {{"Authorization", "Bearer " + (bearer.empty() ? m_token : bearer)}};
        auto res =
            m_client->Post(("/ES/api/fortiflex/v2/" + endpoint).c_str(), headers, body.dump(), "application/json");
        if (!res) {
            return {0, json()};
        }
        return {res->status, res->body.empty() ? json() : json::parse(res->body)};
    }

    // Asserts success and returns the payload.
    json ok(const std::string& endpoint, const json& body, const char* key) {
        const Reply r = api(endpoint, body);
        EXPECT_EQ(r.http, 200) << endpoint << ": " << r.body.dump();
        EXPECT_EQ(r.body.value("status", 99), 0) << r.body.dump();
        return r.body.contains(key) ? r.body[key] : json();
    }

    // Asserts an error envelope and returns its message.
    std::string fails(const std::string& endpoint, const json& body, int http = 400) {
        const Reply r = api(endpoint, body);
        EXPECT_EQ(r.http, http) << endpoint << ": " << r.body.dump();
        EXPECT_EQ(r.body.value("status", 0), -1) << r.body.dump();
        return r.body.value("message", "");
    }

    json hook(const std::string& path, const json& body) {
        auto res = m_client->Post(("/__emulator/" + path).c_str(), body.dump(), "application/json");
        EXPECT_TRUE(res);
        EXPECT_EQ(res->status, 200) << path << ": " << res->body;
        return json::parse(res->body);
    }

    json advance_days(int days) { return hook("clock", {{"advanceDays", days}}); }

    json ledger_day(const std::string& day) { return hook("ledger", {{"from", day}, {"to", day}}); }

    std::function<void(const std::string&)> m_log;        // the emulator's log lines; unset: stderr
    std::atomic<std::int64_t> m_real_now{1790000000000};  // a fixed "real" time; the seed freezes the emulator clock
    std::unique_ptr<Emulator> m_emulator;
    std::unique_ptr<EmulatorServer> m_server;
    std::unique_ptr<httplib::Client> m_client;
    std::string m_token;
};

inline std::filesystem::path temp_path(const std::string& name) {
    return std::filesystem::temp_directory_path() / ("flexform-" + name + "-" + std::to_string(::getpid()) + "-" +
                                                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
}

}  // namespace flexform::emulator::testing

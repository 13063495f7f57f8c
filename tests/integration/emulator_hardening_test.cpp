// The emulator binary as a hostile client meets it: hooks that are off unless asked for, bodies that cannot take it
// down, idle connections that cannot starve others, restarts that never rewind history, and faults that reproduce
// the failures clients must survive. Every test runs `flexform emulator` as a process over loopback.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "tests/support/process.h"

namespace flexform {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr const char* k_user = "HARDENING-USER";
constexpr const char* k_password = "hardening-password";

const std::string k_seed = R"({
  "clock": {"today": "2026-11-20", "frozen": true},
  "organization": {"rootAccountId": 1, "accounts": [2]},
  "programs": [{"serialNumber": "ELAVMS0000000001", "startDate": "2025-01-01", "endDate": "2027-12-31"}],
  "apiUsers": [{"username": "HARDENING-USER", "password": "hardening-password"}],
  "configs": [{"id": 100, "name": "fgt", "accountId": 2, "product": "FGT_HW",
               "parameters": {"device_model": "FGT60F", "service_pkg": "FGHWUTP"}}],
  "entitlements": [{"serialNumber": "FGT60FTK20000001", "config": "fgt", "accountId": 2}]
})";

class Running {
public:
    explicit Running(std::vector<std::string> extra, const fs::path& dir) {
        std::vector<std::string> argv = {FLEXFORM_BINARY, "emulator",
                                         "--listen",      "127.0.0.1:0",
                                         "--state",       (dir / "state.db").string(),
                                         "--seed",        (dir / "seed.json").string()};
        argv.insert(argv.end(), extra.begin(), extra.end());
        m_process = std::make_unique<testing::BackgroundProcess>(argv, std::map<std::string, std::string>{}, "",
                                                                 (dir / "stderr.txt").string());
        const bool with_hooks = std::any_of(extra.begin(), extra.end(), [](const std::string& a) {
            return a == "--test-hooks" || a == "--hooks-listen";
        });
        // The banner: "listening on URL", the two URLs, "state: ...", then "test hooks: URL" when they are on.
        for (std::string line = m_process->read_line(); !line.empty(); line = m_process->read_line()) {
            if (line.find("listening on http://") != std::string::npos) {
                base = line.substr(line.find("http://"));
            } else if (line.find("test hooks: http://") != std::string::npos) {
                hooks = line.substr(line.find("http://"));
                hooks = hooks.substr(0, hooks.find("/__emulator/"));
                break;
            } else if (line.find("  state: ") != std::string::npos && !with_hooks) {
                break;
            }
        }
    }
    int terminate() { return m_process->terminate(); }

    std::string base;
    std::string hooks;

private:
    std::unique_ptr<testing::BackgroundProcess> m_process;
};

class EmulatorHardening : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = fs::temp_directory_path() / ("flexform-hardening-" + std::to_string(::getpid()) + "-" +
                                             ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
        std::ofstream(m_dir / "seed.json") << k_seed;
    }
    void TearDown() override {
        if (!HasFailure()) {
            fs::remove_all(m_dir);
        }
    }
    std::string stderr_text() {
        std::ifstream in(m_dir / "stderr.txt");
        return {std::istreambuf_iterator<char>(in), {}};
    }
    fs::path m_dir;
};

std::string token(httplib::Client& client) {
    const json login = {
        {"username", k_user}, {"password", k_password}, {"client_id", "flexvm"}, {"grant_type", "password"}};
    auto res = client.Post("/api/v1/oauth/token/", login.dump(), "application/json");
    return res && res->status == 200 ? json::parse(res->body)["access_token"].get<std::string>() : "";
}

TEST_F(EmulatorHardening, HooksAreOffUnlessAskedAndCanListenApart) {
    {
        Running plain({}, m_dir);
        httplib::Client api(plain.base);
        auto state = api.Get("/__emulator/state");
        ASSERT_TRUE(state);
        EXPECT_EQ(state->status, 404);  // no hook, not even the tokens it would hand out
        EXPECT_EQ(api.Get("/__emulator/tokens")->status, 404);
        EXPECT_EQ(plain.terminate(), 0);
    }
    Running apart({"--hooks-listen", "127.0.0.1:0"}, m_dir);
    ASSERT_FALSE(apart.hooks.empty());
    ASSERT_NE(apart.hooks, apart.base);
    httplib::Client api(apart.base);
    httplib::Client hooks(apart.hooks);
    EXPECT_EQ(api.Get("/__emulator/state")->status, 404);
    EXPECT_EQ(hooks.Get("/__emulator/state")->status, 200);
    EXPECT_FALSE(token(api).empty());  // the API itself is unchanged
}

TEST_F(EmulatorHardening, AnAliasBombOrAHugeBodyIsA400NotACrash) {
    Running server({"--test-hooks"}, m_dir);
    httplib::Client hooks(server.hooks);
    hooks.set_read_timeout(10, 0);
    // 430 bytes that expand to 10^9 values if aliases are followed naively.
    std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    for (char c = 'b'; c <= 'i'; ++c) {
        bomb += std::string(1, c) + ": &" + c + " [*" + static_cast<char>(c - 1);
        for (int k = 0; k < 9; ++k) {
            bomb += ", *" + std::string(1, static_cast<char>(c - 1));
        }
        bomb += "]\n";
    }
    const auto start = std::chrono::steady_clock::now();
    auto res = hooks.Post("/__emulator/seed", bomb, "application/yaml");
    ASSERT_TRUE(res) << "the emulator died";
    EXPECT_EQ(res->status, 400) << res->body;
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
    auto broken = hooks.Post("/__emulator/faults", "{not json", "application/json");
    ASSERT_TRUE(broken);
    EXPECT_EQ(broken->status, 400);
    httplib::Client api(server.base);
    const std::string big(2 * 1024 * 1024, 'x');
    auto huge = api.Post("/ES/api/fortiflex/v2/configs/list", big, "application/json");
    ASSERT_TRUE(huge);
    EXPECT_EQ(huge->status, 413);
    EXPECT_EQ(hooks.Get("/__emulator/state")->status, 200);  // still serving
    EXPECT_EQ(server.terminate(), 0);
}

TEST_F(EmulatorHardening, TwoHundredIdleConnectionsDoNotDelayARequest) {
    Running server({"--test-hooks"}, m_dir);
    const int port = std::stoi(server.base.substr(server.base.rfind(':') + 1));
    std::vector<int> idle;
    double slowest_connect_ms = 0;
    for (int i = 0; i < 200; ++i) {
        const auto connect_start = std::chrono::steady_clock::now();
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<std::uint16_t>(port));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
        slowest_connect_ms = std::max(
            slowest_connect_ms,
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - connect_start).count());
        if (i % 2 == 1) {
            const char partial[] = "POST /ES/api/fortiflex/v2/configs/list HTTP/1.1\r\nHost: x\r\n";  // and stall
            ASSERT_GT(::send(fd, partial, sizeof partial - 1, 0), 0);
        }
        idle.push_back(fd);
    }
    httplib::Client client(server.base);
    const std::string t = token(client);
    ASSERT_FALSE(t.empty());
    std::vector<double> ms;
    for (int i = 0; i < 3; ++i) {
        const auto start = std::chrono::steady_clock::now();
        auto res = client.Post("/ES/api/fortiflex/v2/programs/list", {{"Authorization", "Bearer " + t}}, "{}",
                               "application/json");
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
        ASSERT_TRUE(res);
        EXPECT_EQ(res->status, 200);
    }
    std::sort(ms.begin(), ms.end());
    EXPECT_LT(ms[1], 100.0) << "median of three requests with 200 idle connections open";
    // A burst of connects is accepted at once: a listen backlog of 5 drops SYNs, each costing a second.
    EXPECT_LT(slowest_connect_ms, 500.0);
    for (const int fd : idle) {
        ::close(fd);
    }
}

TEST_F(EmulatorHardening, ARestartNeverRewindsTheClockOrDropsTheLedgerAndResetSaysSo) {
    json clock_before;
    std::size_t ledger_before = 0;
    {
        Running server({"--test-hooks"}, m_dir);
        httplib::Client hooks(server.hooks);
        ASSERT_EQ(hooks.Post("/__emulator/clock", json{{"advanceDays", 2}}.dump(), "application/json")->status, 200);
        clock_before = json::parse(hooks.Get("/__emulator/clock")->body);
        ledger_before = json::parse(hooks.Post("/__emulator/ledger", "{}", "application/json")->body)["rows"].size();
        ASSERT_EQ(ledger_before, 2u);  // two closed days of one FortiGate
        EXPECT_EQ(server.terminate(), 0);
    }
    {
        Running again({"--test-hooks"}, m_dir);  // the same --seed
        httplib::Client hooks(again.hooks);
        EXPECT_EQ(json::parse(hooks.Get("/__emulator/clock")->body)["today"], clock_before["today"]);
        EXPECT_EQ(json::parse(hooks.Post("/__emulator/ledger", "{}", "application/json")->body)["rows"].size(),
                  ledger_before);
        EXPECT_EQ(again.terminate(), 0);
        EXPECT_NE(stderr_text().find("--seed is applied to an empty state only: use --reset"), std::string::npos)
            << stderr_text();
    }
    Running reset({"--test-hooks", "--reset"}, m_dir);
    httplib::Client hooks(reset.hooks);
    EXPECT_EQ(json::parse(hooks.Get("/__emulator/clock")->body)["today"], "2026-11-20");
    EXPECT_TRUE(json::parse(hooks.Post("/__emulator/ledger", "{}", "application/json")->body)["rows"].empty());
    EXPECT_EQ(reset.terminate(), 0);
    EXPECT_NE(stderr_text().find("reset: the state in"), std::string::npos) << stderr_text();
}

class Faulty : public EmulatorHardening {
protected:
    void SetUp() override {
        EmulatorHardening::SetUp();
        m_server = std::make_unique<Running>(std::vector<std::string>{"--test-hooks"}, m_dir);
        m_hooks = std::make_unique<httplib::Client>(m_server->hooks);
        m_api = std::make_unique<httplib::Client>(m_server->base);
        m_token = token(*m_api);
    }
    httplib::Result call(const std::string& endpoint, const json& body) {
        return m_api->Post(("/ES/api/fortiflex/v2/" + endpoint).c_str(), {{"Authorization", "Bearer " + m_token}},
                           body.dump(), "application/json");
    }
    void fault(const json& f) {
        ASSERT_EQ(m_hooks->Post("/__emulator/faults", f.dump(), "application/json")->status, 200);
    }
    int entitlements() {
        return static_cast<int>(json::parse(m_hooks->Get("/__emulator/state")->body)["entitlements"].size());
    }
    std::unique_ptr<Running> m_server;
    std::unique_ptr<httplib::Client> m_hooks;
    std::unique_ptr<httplib::Client> m_api;
    std::string m_token;
};

const json k_create = {{"configId", 100}, {"serialNumbers", {"FGT60FTK20000002"}}};

TEST_F(Faulty, ANoByteDropHappensAfterTheWriteWithNothingSent) {
    fault({{"endpoint", "entitlements/hardware/create"}, {"kind", "drop_after"}});
    auto res = call("entitlements/hardware/create", k_create);
    EXPECT_FALSE(res) << "a response arrived: " << res->status;
    EXPECT_EQ(entitlements(), 2);  // the write happened
}

TEST_F(Faulty, ADropBeforeProcessingChangesNothing) {
    fault({{"endpoint", "entitlements/hardware/create"}, {"kind", "drop_before"}});
    EXPECT_FALSE(call("entitlements/hardware/create", k_create));
    EXPECT_EQ(entitlements(), 1);
}

TEST_F(Faulty, AResponseCutInTheMiddleOfItsBody) {
    fault({{"endpoint", "configs/list"}, {"kind", "cut_body"}});
    httplib::Client raw(m_server->base);
    auto res = raw.Post("/ES/api/fortiflex/v2/configs/list", {{"Authorization", "Bearer " + m_token}},
                        json{{"programSerialNumber", "ELAVMS0000000001"}}.dump(), "application/json");
    // Headers promised more than arrived: the client sees an error, or a body that does not parse.
    if (res) {
        EXPECT_FALSE(json::accept(res->body)) << res->body;
    }
    auto next = call("configs/list", {{"programSerialNumber", "ELAVMS0000000001"}});
    ASSERT_TRUE(next);
    EXPECT_EQ(next->status, 200);  // the next request is whole
}

TEST_F(Faulty, ARateStrikesAFractionOfOneEndpointOnly) {
    fault({{"endpoint", "configs/list"}, {"kind", "http"}, {"httpStatus", 503}, {"rate", 0.5}});
    int failed = 0;
    for (int i = 0; i < 100; ++i) {
        auto res = call("configs/list", {{"programSerialNumber", "ELAVMS0000000001"}});
        ASSERT_TRUE(res);
        failed += res->status == 503 ? 1 : 0;
    }
    EXPECT_GT(failed, 25);
    EXPECT_LT(failed, 75);
    for (int i = 0; i < 10; ++i) {
        auto res = call("programs/list", json::object());
        ASSERT_TRUE(res);
        EXPECT_EQ(res->status, 200);  // another endpoint is untouched
    }
}

}  // namespace
}  // namespace flexform

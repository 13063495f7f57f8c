// E2eFixture runs the built flexform binary against an emulator process on an ephemeral loopback port, from a
// temporary working directory holding the test's manifests.
#pragma once

#include <filesystem>
#include <fstream>
#include <chrono>
#include <cmath>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "tests/support/process.h"

namespace flexform::e2e {

using nlohmann::json;
namespace fs = std::filesystem;

inline constexpr const char* k_user = "E2E-API-USER-0001";
inline constexpr const char* k_password = "e2e-secret-password-42";
inline constexpr const char* k_program = "ELAVMS0000000777";

inline const char* k_seed = R"({
  "clock": {"today": "2026-11-20", "frozen": true},
  "organization": {"rootAccountId": 700000, "accounts": [700001, 700002, 700003, 700004]},
  "programs": [{"serialNumber": "ELAVMS0000000777", "startDate": "2025-01-01", "endDate": "2027-12-31"}],
  "apiUsers": [{"username": "E2E-API-USER-0001", "password": "e2e-secret-password-42"}]
})";

class E2eFixture : public ::testing::Test {
public:
    void SetUp() override {
        m_dir = fs::temp_directory_path() / ("flexform-e2e-" + std::to_string(::getpid()) + "-" +
                                             ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_dir);
        fs::create_directories(m_dir / "customers");
        std::ofstream(m_dir / "seed.json") << k_seed;
        // The request budget is off: these tests check what commands do, and some run dozens of commands a minute
        // against one emulator; the budget has tests of its own (budget_test.cpp).
        std::ofstream(m_dir / "flexform.yaml")
            << "apiVersion: flexform/v1\nkind: Project\nspec:\n  programSerialNumber: " << k_program
            << "\n  yearlyCommitment: 50000\n  parallelism: 4\n  requestsPerMinute: 0\n  requestsPerHour: 0\n";
        m_emulator = std::make_unique<flexform::testing::BackgroundProcess>(std::vector<std::string>{
            FLEXFORM_BINARY, "emulator", "--listen", "127.0.0.1:0", "--state", (m_dir / "emulator.db").string(),
            "--seed", (m_dir / "seed.json").string(), "--test-hooks"});
        const std::string line = m_emulator->read_line();
        ASSERT_NE(line.find("http://"), std::string::npos) << line;
        m_base = line.substr(line.find("http://"));
        m_http = std::make_unique<httplib::Client>(m_base);
        // httplib's 5 s default is shorter than what a loaded CI machine takes while slow creates hold the emulator.
        m_http->set_read_timeout(60, 0);
    }

    void TearDown() override {
        m_http.reset();
        m_emulator.reset();
        if (!HasFailure()) {
            fs::remove_all(m_dir);
        }
    }

    void write(const std::string& relative, const std::string& text) { std::ofstream(m_dir / relative) << text; }

    flexform::testing::RunResult flexform(std::vector<std::string> args, const std::string& input = "",
                                          const fs::path& cwd = {}) {
        args.insert(args.begin(), FLEXFORM_BINARY);
        args.push_back("--api-url=" + m_base + "/ES/api/fortiflex/v2/");
        args.push_back("--auth-url=" + m_base + "/api/v1/oauth/token/");
        const std::map<std::string, std::string> env = {{"FORTIFLEX_ACCESS_USERNAME", k_user},
                                                        {"FORTIFLEX_ACCESS_PASSWORD", k_password},
                                                        {"NO_COLOR", "1"},
                                                        {"FLEXFORM_TODAY", m_today},
                                                        {"TMPDIR", m_dir.string()},
                                                        // the host's apply lock directory: each test its own
                                                        {"FLEXFORM_LOCK_DIR", (m_dir / "locks").string()}};
        auto result = flexform::testing::run_process(args, env, input, (cwd.empty() ? m_dir : cwd).string());
        m_outputs += result.out + result.err;
        return result;
    }

    json get(const std::string& path) {
        auto res = m_http->Get(path.c_str());
        // A GET is safe to repeat: on a loaded machine a connection is sometimes closed before its answer (seen as
        // "Read" while eight slow creates held the emulator), which says nothing about the emulator's state.
        for (int retry = 0; !res && res.error() != httplib::Error::ConnectionTimeout && retry < 3; ++retry) {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            res = m_http->Get(path.c_str());
        }
        if (!res) {
            ADD_FAILURE() << "GET " << path << ": no answer from the emulator (" << httplib::to_string(res.error()) << ")";
            return json::object();
        }
        return json::parse(res->body);
    }

    json post(const std::string& path, const json& body) {
        auto res = m_http->Post(path.c_str(), body.dump(), "application/json");
        if (!res) {
            ADD_FAILURE() << "POST " << path << ": no answer from the emulator (" << httplib::to_string(res.error())
                          << ")";
            return json::object();
        }
        return json::parse(res->body);
    }

    json state() { return get("/__emulator/state"); }

    std::vector<json> entitlements_of(std::int64_t account) {
        std::vector<json> out;
        const json current = state();  // keep the document alive while iterating over a member of it
        for (const auto& e : current["entitlements"]) {
            if (e["accountId"] == account) {
                out.push_back(e);
            }
        }
        return out;
    }

    int writes() { return get("/__emulator/counters")["writes"].get<int>(); }

    fs::path m_dir;
    std::string m_today = "2026-11-20";  // flexform's Pacific "today"; keep it equal to the emulator's clock
    std::string m_base;
    std::string m_outputs;  // everything every run printed, for the secrets check
    std::unique_ptr<flexform::testing::BackgroundProcess> m_emulator;
    std::unique_ptr<httplib::Client> m_http;
};

}  // namespace flexform::e2e

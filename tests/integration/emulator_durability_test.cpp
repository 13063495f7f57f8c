// The emulator's state survives a restart and kill -9: nothing that was answered is lost; and one process owns a
// state file at a time, since a second one would answer from a stale copy and write over the first one's objects.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <thread>

#include "emulator/store.h"
#include "tests/integration/emulator_fixture.h"
#include "tests/support/process.h"

namespace flexform::emulator::testing {
namespace {

using EmulatorDurability = EmulatorFixture;

TEST_F(EmulatorDurability, RestartKeepsConfigsEntitlementsClockAndLedger) {
    const auto path = temp_path("emulator-state") += ".db";
    std::filesystem::remove(path);
    stop();
    start(path.string());
    ok("configs/update", {{"id", 101}, {"name", "renamed"}}, "configs");
    ok("entitlements/hardware/create", {{"configId", 100}, {"serialNumbers", {"FGT60FTK20000030"}}}, "entitlements");
    ok("entitlements/stop", {{"serialNumber", "FGT60FTK20000001"}}, "entitlements");
    advance_days(3);
    const json before = m_emulator->dump();
    const json ledger_before = hook("ledger", json::object());
    stop();
    start(path.string());
    EXPECT_EQ(m_emulator->dump(), before);
    EXPECT_EQ(hook("ledger", json::object()), ledger_before);
    EXPECT_EQ(ok("configs/list", {{"programSerialNumber", k_program}, {"accountId", k_acme}}, "configs")[1]["name"],
              "renamed");
    stop();
    std::filesystem::remove(path);
    std::filesystem::remove(path.string() + "-wal");
    std::filesystem::remove(path.string() + "-shm");
}

TEST(EmulatorProcess, KillNineLosesNothingThatWasAnswered) {
    const auto dir = temp_path("emulator-kill");
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "seed.json") << k_seed;
    const std::vector<std::string> argv = {FLEXFORM_BINARY, "emulator",
                                           "--listen",      "127.0.0.1:0",
                                           "--state",       (dir / "state.db").string(),
                                           "--seed",        (dir / "seed.json").string(),
                                           "--test-hooks"};
    std::string base;
    {
        flexform::testing::BackgroundProcess server(argv);
        const std::string line = server.read_line();
        ASSERT_NE(line.find("listening on http://"), std::string::npos) << line;
        base = line.substr(line.find("http://"));
        httplib::Client client(base);
        const json login = {
            {"username", k_user}, {"password", k_password}, {"client_id", "flexvm"}, {"grant_type", "password"}};
        const std::string t =
            json::parse(client.Post("/api/v1/oauth/token/", login.dump(), "application/json")->body)["access_token"];
        httplib::Headers headers = {{"Authorization", "Bearer " + t}};
        for (int i = 0; i < 20; ++i) {
            const json body = {{"configId", 100}, {"serialNumbers", {"FGT60FTK2100" + std::to_string(1000 + i)}}};
            auto res = client.Post("/ES/api/fortiflex/v2/entitlements/hardware/create", headers, body.dump(),
                                   "application/json");
            ASSERT_EQ(res->status, 200);
        }
        server.kill_hard();
    }
    // The state file wins over --seed on restart: nothing the requests created is disturbed.
    flexform::testing::BackgroundProcess server(argv);
    const std::string line = server.read_line();
    ASSERT_NE(line.find("listening on http://"), std::string::npos);
    httplib::Client client(line.substr(line.find("http://")));
    const json state = json::parse(client.Get("/__emulator/state")->body);
    int created = 0;
    for (const auto& e : state["entitlements"]) {
        created += e["serialNumber"].get<std::string>().rfind("FGT60FTK21", 0) == 0 ? 1 : 0;
    }
    EXPECT_EQ(created, 20);
    EXPECT_EQ(server.terminate(), 0);
    std::filesystem::remove_all(dir);
}

// `flexform emulator` stops on a signal from a waiter thread: a stop that comes before run() listens (SIGTERM right
// after start-up, as systemd or a test may send it) must still end run(), or the process serves on forever.
TEST(EmulatorServerStop, AStopIsNeverLostWhateverItsTiming) {
    const auto run_returns_after = [](const std::function<void(EmulatorServer&)>& stop_somehow) {
        Emulator emulator(EmulatorOptions{});
        EmulatorServer server(emulator, ServerOptions{});
        server.bind();
        std::promise<void> returned;
        std::thread serving([&] {
            server.run();
            returned.set_value();
        });
        stop_somehow(server);
        const bool ended = returned.get_future().wait_for(std::chrono::seconds(10)) == std::future_status::ready;
        if (!ended) {
            server.stop();  // the stop was lost: stop again, now that it listens, so the test can end
        }
        serving.join();
        return ended;
    };
    EXPECT_TRUE(run_returns_after([](EmulatorServer& server) { server.stop(); }));  // races run() to listen
    for (int i = 0; i < 20; ++i) {
        ASSERT_TRUE(run_returns_after([i](EmulatorServer& server) {
            std::this_thread::sleep_for(std::chrono::microseconds(50 * i));
            server.stop();
        })) << "after "
            << 50 * i << " us";
    }
}

// A stop before run() is called at all: run() returns at once instead of serving.
TEST(EmulatorServerStop, AStopBeforeRunMeansRunDoesNotServe) {
    Emulator emulator(EmulatorOptions{});
    EmulatorServer server(emulator, ServerOptions{});
    server.bind();
    server.stop();
    auto done = std::async(std::launch::async, [&server] { server.run(); });
    const bool ended = done.wait_for(std::chrono::seconds(10)) == std::future_status::ready;
    if (!ended) {
        server.stop();
    }
    EXPECT_TRUE(ended);
}

TEST(EmulatorProcess, OneProcessOwnsAStateFileAtATime) {
    const auto dir = temp_path("emulator-owner");
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const std::string state = (dir / "state.db").string();
    const std::vector<std::string> argv = {FLEXFORM_BINARY, "emulator", "--listen", "127.0.0.1:0", "--state", state};
    {
        flexform::testing::BackgroundProcess first(argv);
        ASSERT_NE(first.read_line().find("listening on http://"), std::string::npos);
        const auto second = flexform::testing::run_process(argv);
        EXPECT_EQ(second.exit_code, 1) << second.out;
        EXPECT_NE(second.err.find("the emulator state " + state + " is in use by another process (pid " +
                                  std::to_string(first.pid()) + ", flexform emulator)"),
                  std::string::npos)
            << second.err;
        EXPECT_EQ(second.out.find("listening"), std::string::npos) << second.out;
        // In-process too: the second owner is refused before it reads anything.
        EmulatorOptions options;
        options.state_path = state;
        EXPECT_THROW(Emulator{options}, StateInUse);
        first.kill_hard();  // the OS releases the ownership of a dead process
    }
    flexform::testing::BackgroundProcess after(argv);
    EXPECT_NE(after.read_line().find("listening on http://"), std::string::npos);
    EXPECT_EQ(after.terminate(), 0);
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace flexform::emulator::testing

// Issue #21 items 1 and 5 on the real binary: a create whose answer never came (kill -9, a timeout, a 5xx, a cut
// answer, a lagging list) is never created twice, and every summary tells the truth about it.
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <thread>

#include "tests/e2e/e2e_fixture.h"
#include "tests/support/postgres_server.h"

namespace flexform::e2e {
namespace {

// `count` hardware configurations named <prefix>-0... in account 700001, one serial each.
std::string customer(const std::string& prefix, int count) {
    std::string out = "apiVersion: flexform/v1\nkind: Customer\nmetadata: {name: " + prefix +
                      ", accountId: 700001}\nspec:\n  configs:\n";
    for (int i = 0; i < count; ++i) {
        const std::string name = prefix + "-" + std::to_string(i);
        char serial[32];
        std::snprintf(serial, sizeof serial, "FGT60FTK2%07zu", std::hash<std::string>{}(name) % 10000000);
        out += "    - {name: " + name +
               ", product: FGT_HW, parameters: {device_model: FGT60F, service_pkg: FGHWUTP}, serials: [" + serial +
               "]}\n";
    }
    return out;
}

int occurrences(const std::string& text, const std::string& part) {
    int n = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) {
        ++n;
    }
    return n;
}

class Settle : public E2eFixture {
public:
    // The window of a create of unknown outcome: requestTimeoutSeconds + settleSeconds.
    void project(int timeout_seconds, int settle_seconds) {
        write("flexform.yaml", std::string("apiVersion: flexform/v1\nkind: Project\nspec:\n  programSerialNumber: ") +
                                   k_program +
                                   "\n  parallelism: 8\n  requestTimeoutSeconds: " + std::to_string(timeout_seconds) +
                                   "\n  settleSeconds: " + std::to_string(settle_seconds) +
                                   "\n  requestsPerMinute: 0\n  requestsPerHour: 0\n");  // the budget has its own tests
    }
    std::map<std::string, std::string> env() const {
        return {{"FORTIFLEX_ACCESS_USERNAME", k_user},
                {"FORTIFLEX_ACCESS_PASSWORD", k_password},
                {"NO_COLOR", "1"},
                {"FLEXFORM_TODAY", m_today},
                {"TMPDIR", m_dir.string()},
                {"FLEXFORM_LOCK_DIR", (m_dir / "locks").string()}};
    }
    std::unique_ptr<flexform::testing::BackgroundProcess> background(std::vector<std::string> args,
                                                                     const std::string& stderr_name) {
        args.insert(args.begin(), FLEXFORM_BINARY);
        args.push_back("--api-url=" + m_base + "/ES/api/fortiflex/v2/");
        args.push_back("--auth-url=" + m_base + "/api/v1/oauth/token/");
        return std::make_unique<flexform::testing::BackgroundProcess>(args, env(), m_dir.string(),
                                                                      (m_dir / stderr_name).string());
    }
    std::string read_text(const std::string& relative) {
        std::ifstream in(m_dir / relative);
        return std::string(std::istreambuf_iterator<char>(in), {});
    }
    // Waits up to 15 s until `relative` holds `text` `times` times.
    bool wait_for(const std::string& relative, const std::string& text, int times = 1) {
        for (int i = 0; i < 300; ++i) {
            if (occurrences(read_text(relative), text) >= times) {
                return true;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return false;
    }
    // Configurations per name in the account, and how many names are there twice or more.
    int duplicates() {
        std::map<std::string, int> names;
        const json current = state();
        for (const auto& c : current["configs"]) {
            ++names[c["name"].get<std::string>()];
        }
        int twice = 0;
        for (const auto& [name, n] : names) {
            twice += n - 1;
        }
        return twice;
    }
    int configs() { return static_cast<int>(state()["configs"].size()); }
    void fault(const json& body) { post("/__emulator/faults", body); }
    // flexform run from another checkout (`cwd`) with `tmp` as its TMPDIR and the parent of its lock directory.
    flexform::testing::RunResult elsewhere(std::vector<std::string> args, const fs::path& cwd, const fs::path& tmp) {
        args.insert(args.begin(), FLEXFORM_BINARY);
        args.push_back("--api-url=" + m_base + "/ES/api/fortiflex/v2/");
        args.push_back("--auth-url=" + m_base + "/api/v1/oauth/token/");
        auto environment = env();
        environment["TMPDIR"] = tmp.string();
        environment["FLEXFORM_LOCK_DIR"] = (tmp / "locks").string();
        return flexform::testing::run_process(args, environment, "", cwd.string());
    }
    // A second checkout of the same manifests and project file.
    fs::path second_checkout() {
        const fs::path other = m_dir / "other-checkout";
        fs::create_directories(other / "customers");
        fs::copy(m_dir / "flexform.yaml", other / "flexform.yaml");
        fs::copy(m_dir / "customers", other / "customers", fs::copy_options::recursive);
        return other;
    }
    struct Finished {
        std::string out;
    };
    static Finished apply_result(flexform::testing::BackgroundProcess& process) { return {process.read_rest()}; }
    int creates_received() { return get("/__emulator/counters")["endpoints"].value("configs/create", 0); }
    static void pause_ms(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }
};

TEST_F(Settle, KillNineWithEightCreatesInFlightThenAnImmediateRerunNeverDuplicates) {
    project(14, 1);  // a 15 s window; each create takes 12 s at the server, so a loaded machine's rerun still reads
    // before they land (at 6 s, CI's rerun sometimes read after some had landed, and found fewer waiting)
    constexpr int k_rounds = 4;
    for (int round = 0; round < k_rounds; ++round) {
        const std::string prefix = "round" + std::to_string(round);
        write("customers/kill.yaml", customer("kill", 8 * (round + 1)));  // eight more each round
        fault({{"endpoint", "configs/create"}, {"kind", "latency"}, {"latencyMs", 12000}, {"count", 8}});
        const int sent_before = creates_received();
        auto apply = background({"apply", "customers", "--auto-approve"}, prefix + ".err");
        ASSERT_TRUE(wait_for(prefix + ".err", "create_config: started", 8)) << read_text(prefix + ".err");
        // The eight requests have reached the server (a loaded machine may take a while to send them).
        for (int i = 0; i < 100 && creates_received() < sent_before + 8; ++i) {
            pause_ms(50);
        }
        ASSERT_EQ(creates_received(), sent_before + 8) << read_text(prefix + ".err");
        apply->kill_hard();
        const auto killed = std::chrono::steady_clock::now();
        const auto rerun = flexform({"apply", "customers", "--auto-approve"});
        EXPECT_EQ(rerun.exit_code, 1) << rerun.out << rerun.err;
        EXPECT_EQ(occurrences(rerun.out, "  waiting to settle: kill/kill-"), 8) << rerun.out;
        EXPECT_NE(rerun.out.find("8 waiting to settle"), std::string::npos) << rerun.out;
        EXPECT_NE(rerun.out.find("Re-run apply after "), std::string::npos) << rerun.out;
        std::this_thread::sleep_until(killed + std::chrono::seconds(16));  // past the window: they have landed
        const auto settled = flexform({"apply", "customers", "--auto-approve"});
        EXPECT_EQ(settled.exit_code, 0) << settled.out << settled.err;
        EXPECT_EQ(duplicates(), 0) << "round " << round;
        EXPECT_EQ(configs(), 8 * (round + 1)) << "round " << round;
    }
}

TEST_F(Settle, KillNineWithAVmCreateInFlightLeavesNoSurplusVms) {
    project(8, 1);
    const std::string vms =
        "apiVersion: flexform/v1\nkind: Customer\nmetadata: {name: vv, accountId: 700001}\n"
        "spec:\n  configs:\n    - {name: vv-vm, product: FGT_VM_Bundle, parameters: {cpu_size: 2, "
        "service_pkg: UTP}, vms: {count: COUNT}}\n";
    const auto with_count = [&](int count) {
        return std::string(vms).replace(vms.find("COUNT"), 5, std::to_string(count));
    };
    write("customers/vv.yaml", with_count(3));
    ASSERT_EQ(flexform({"apply", "customers", "--auto-approve"}).exit_code, 0);
    write("customers/vv.yaml", with_count(6));
    fault({{"endpoint", "entitlements/vm/create"}, {"kind", "latency"}, {"latencyMs", 5000}, {"count", 1}});
    auto apply = background({"apply", "customers", "--auto-approve"}, "apply.err");
    ASSERT_TRUE(wait_for("apply.err", "create_entitlements: started")) << read_text("apply.err");
    pause_ms(500);  // the baseline read, the record, then the request on its way
    apply->kill_hard();
    const auto killed = std::chrono::steady_clock::now();
    const auto rerun = flexform({"apply", "customers", "--auto-approve"});
    EXPECT_EQ(rerun.exit_code, 1) << rerun.out << rerun.err;
    EXPECT_NE(rerun.out.find("  waiting to settle: vv/vv-vm (create_entitlements) until "), std::string::npos)
        << rerun.out;
    std::this_thread::sleep_until(killed + std::chrono::seconds(10));
    const auto settled = flexform({"apply", "customers", "--auto-approve"});
    EXPECT_EQ(settled.exit_code, 0) << settled.out << settled.err;
    EXPECT_NE(settled.out.find("No changes."), std::string::npos) << settled.out << settled.err;
    EXPECT_EQ(state()["entitlements"].size(), 6u);  // three, then three more: none twice
}

TEST_F(Settle, ACreateOutlivingTheClientTimeoutIsUnknownAndNotRepeatedByAnImmediateRerun) {
    project(2, 5);  // the client gives up after 2 s; the server takes 5 s
    write("customers/tt.yaml", customer("tt", 1));
    fault({{"endpoint", "configs/create"}, {"kind", "latency"}, {"latencyMs", 5000}, {"count", 1}});
    const auto first = flexform({"apply", "customers", "--auto-approve"});
    EXPECT_EQ(first.exit_code, 1);
    EXPECT_NE(first.out.find("0 failed, 1 unknown"), std::string::npos) << first.out;
    EXPECT_NE(first.out.find("outcome unknown"), std::string::npos) << first.out;
    const auto rerun = flexform({"apply", "customers", "--auto-approve"});
    EXPECT_EQ(rerun.exit_code, 1) << rerun.out << rerun.err;
    EXPECT_NE(rerun.out.find("waiting to settle: tt/tt-0 (create_config) until "), std::string::npos) << rerun.out;
    pause_ms(6000);
    const auto settled = flexform({"apply", "customers", "--auto-approve"});
    EXPECT_EQ(settled.exit_code, 0) << settled.out << settled.err;
    EXPECT_EQ(configs(), 1);
}

TEST_F(Settle, AnotherCheckoutOnTheHostSeesTheRecordBesideTheLock) {
    project(5, 5);
    write("customers/cc.yaml", customer("cc", 1));
    fault({{"endpoint", "configs/create"}, {"kind", "http"}, {"httpStatus", 504}, {"count", 1}});
    EXPECT_EQ(flexform({"apply", "customers", "--auto-approve"}).exit_code, 1);
    const auto other = elsewhere({"apply", "customers", "--auto-approve"}, second_checkout(), m_dir);
    EXPECT_EQ(other.exit_code, 1) << other.out << other.err;
    EXPECT_NE(other.out.find("  waiting to settle: cc/cc-0 (create_config) until "), std::string::npos) << other.out;
    EXPECT_EQ(configs(), 0);
}

TEST_F(Settle, WithAPostgresLockTheRecordsAreInTheDatabaseForEveryRunner) {
    static flexform::testing::PostgresServer server;
    const std::string url = server.create_database("settle_" + std::to_string(::getpid()));
    write("flexform.yaml", std::string("apiVersion: flexform/v1\nkind: Project\nspec:\n  programSerialNumber: ") +
                               k_program + "\n  requestTimeoutSeconds: 5\n  settleSeconds: 5\n  requestsPerMinute: 0\n  requestsPerHour: 0\n  database: " + url +
                               "\n");
    write("customers/pg.yaml", customer("pg", 1));
    fault({{"endpoint", "configs/create"}, {"kind", "drop_after"}, {"count", 1}});
    fault({{"endpoint", "configs/list"}, {"kind", "empty"}, {"count", 3}});  // the list lags behind
    const auto first = elsewhere({"apply", "customers", "--auto-approve"}, m_dir, m_dir / "runner-a");
    EXPECT_EQ(first.exit_code, 1) << first.out << first.err;
    // Another runner: another checkout, another TMPDIR, the same database.
    fs::create_directories(m_dir / "runner-b");
    const auto other = elsewhere({"apply", "customers", "--auto-approve"}, second_checkout(), m_dir / "runner-b");
    EXPECT_EQ(other.exit_code, 1) << other.out << other.err;
    EXPECT_NE(other.out.find("  waiting to settle: pg/pg-0 (create_config) until "), std::string::npos) << other.out;
    EXPECT_EQ(configs(), 1);  // the one the lost answer was about, and no second
}

TEST_F(Settle, AStaleListAfterAnAmbiguousCreateIsNoProofOfAbsence) {
    project(1, 2);
    write("customers/ss.yaml", customer("ss", 1));
    // Processed, answer lost; then the list lags behind the create.
    fault({{"endpoint", "configs/create"}, {"kind", "drop_after"}, {"count", 1}});
    fault({{"endpoint", "configs/list"}, {"kind", "empty"}, {"count", 3}});
    const auto first = flexform({"apply", "customers", "--auto-approve"});
    EXPECT_EQ(first.exit_code, 1);
    EXPECT_NE(first.out.find("1 unknown"), std::string::npos) << first.out;
    const auto rerun = flexform({"apply", "customers", "--auto-approve"});
    EXPECT_EQ(rerun.exit_code, 1) << rerun.out << rerun.err;
    EXPECT_NE(rerun.out.find("waiting to settle: ss/ss-0"), std::string::npos) << rerun.out;
    pause_ms(3500);
    // Past the window one read still lags: the second read finds it, so nothing is created.
    fault({{"endpoint", "configs/list"}, {"kind", "empty"}, {"count", 1}});
    const auto lagging = flexform({"apply", "customers", "--auto-approve"});
    EXPECT_EQ(configs(), 1) << lagging.out << lagging.err;
    const auto settled = flexform({"apply", "customers", "--auto-approve"});
    EXPECT_EQ(settled.exit_code, 0) << settled.out << settled.err;
    EXPECT_EQ(configs(), 1);
    EXPECT_EQ(duplicates(), 0);
}

// A hardware create whose answer was lost, under a list that lags behind it. FortiFlex entitles a serial once: a
// second send would be refused ("already entitled") and spend the create-error allowance. It is not sent again inside
// its window, and once the list shows the serial the record closes: one send, one entitlement.
TEST_F(Settle, AHardwareCreateWithALostAnswerAndALaggingListIsNotSentAgain) {
    project(4, 8);  // a 12 s window: still open at the immediate re-run, even on a loaded machine under ASan
    const auto fleet = [](const std::string& serials) {
        return "apiVersion: flexform/v1\nkind: Customer\nmetadata: {name: hw, accountId: 700001}\nspec:\n  configs:\n"
               "    - {name: hw-fgt, product: FGT_HW, parameters: {device_model: FGT60F, service_pkg: FGHWUTP}, "
               "serials: [" +
               serials + "]}\n";
    };
    write("customers/hw.yaml", fleet(""));  // the configuration first: only the serial's create is at stake
    ASSERT_EQ(flexform({"apply", "customers", "--auto-approve"}).exit_code, 0);
    write("customers/hw.yaml", fleet("FGT60FTK20000102"));
    post("/__emulator/counters/reset", json::object());
    const auto sends = [this] {
        return get("/__emulator/counters")["endpoints"].value("entitlements/hardware/create", 0);
    };
    // Processed, answer lost; every list of entitlements leaves out what was created in the last 10 minutes.
    fault({{"endpoint", "entitlements/hardware/create"}, {"kind", "drop_after"}, {"count", 1}});
    fault({{"endpoint", "entitlements/list"}, {"kind", "stale_list"}, {"lagMs", 600000}, {"count", -1}});
    const auto first = flexform({"apply", "customers", "--auto-approve"});
    EXPECT_EQ(first.exit_code, 1) << first.out << first.err;
    EXPECT_NE(first.out.find("0 failed, 1 unknown"), std::string::npos) << first.out;
    EXPECT_EQ(sends(), 1);

    const auto rerun = flexform({"apply", "customers", "--auto-approve"});
    EXPECT_EQ(rerun.exit_code, 1) << rerun.out << rerun.err;
    EXPECT_NE(rerun.out.find("waiting to settle: hw/hw-fgt"), std::string::npos) << rerun.out;
    const auto plan = flexform({"plan", "customers"});
    EXPECT_NE(plan.out.find("waiting to settle until "), std::string::npos) << plan.out;
    EXPECT_EQ(sends(), 1);

    pause_ms(12500);  // past the window; the list has caught up
    post("/__emulator/faults/clear", json::object());
    const auto settled = flexform({"apply", "customers", "--auto-approve"});
    EXPECT_EQ(settled.exit_code, 0) << settled.out << settled.err;
    EXPECT_NE(settled.out.find("No changes."), std::string::npos) << settled.out << settled.err;
    EXPECT_EQ(sends(), 1);
    int entitled = 0;
    for (const auto& e : entitlements_of(700001)) {
        entitled += e["serialNumber"] == "FGT60FTK20000102" ? 1 : 0;
    }
    EXPECT_EQ(entitled, 1);
    EXPECT_EQ(flexform({"plan", "customers"}).out.find("waiting to settle"), std::string::npos);
}

TEST_F(Settle, AfterTheWindowAndTwoAgreeingReadsTheCreateIsMadeOnce) {
    project(2, 3);
    write("customers/aa.yaml", customer("aa", 1));
    // A 500 (the server may have worked before answering): unknown, and here it did not.
    fault({{"endpoint", "configs/create"}, {"kind", "http"}, {"httpStatus", 500}, {"count", 1}});
    const auto first = flexform({"apply", "customers", "--auto-approve"});
    EXPECT_EQ(first.exit_code, 1);
    EXPECT_NE(first.out.find("0 failed, 1 unknown"), std::string::npos) << first.out;
    const auto plan = flexform({"plan", "customers"});
    EXPECT_NE(plan.out.find("waiting to settle until "), std::string::npos) << plan.out;
    const auto json_plan = flexform({"plan", "customers", "--format", "json"});
    EXPECT_NE(json_plan.out.find("\"waiting_to_settle\""), std::string::npos) << json_plan.out;
    pause_ms(5000);
    const auto after = flexform({"plan", "customers"});
    EXPECT_EQ(after.out.find("waiting to settle"), std::string::npos) << after.out;
    const auto settled = flexform({"apply", "customers", "--auto-approve"});
    EXPECT_EQ(settled.exit_code, 0) << settled.out << settled.err;
    EXPECT_EQ(configs(), 1);
    EXPECT_EQ(flexform({"apply", "customers", "--auto-approve"}).out.find("No changes."), 0u);
}

TEST_F(Settle, WaitSettleWaitsSaysForWhatAndThenCreatesOnce) {
    project(3, 3);  // a 6 s window: still open when the second apply plans, even on a loaded machine under ASan
    write("customers/ww.yaml", customer("ww", 1));
    fault({{"endpoint", "configs/create"}, {"kind", "http"}, {"httpStatus", 502}, {"count", 1}});
    EXPECT_EQ(flexform({"apply", "customers", "--auto-approve"}).exit_code, 1);
    const auto waited = flexform({"apply", "customers", "--auto-approve", "--wait-settle"});
    EXPECT_EQ(waited.exit_code, 0) << waited.out << waited.err;
    EXPECT_NE(waited.err.find("waiting until "), std::string::npos) << waited.err;
    EXPECT_NE(waited.err.find("for 1 create of unknown outcome to settle (--wait-settle)"), std::string::npos)
        << waited.err;
    EXPECT_NE(waited.err.find("  ww/ww-0 (create_config), sent at "), std::string::npos) << waited.err;
    EXPECT_EQ(configs(), 1);
}

TEST_F(Settle, ACreateWhoseReReadFailsIsUnknownNotFailedAndIsRecheckedNextRun) {
    project(1, 1);
    write("customers/rr.yaml", customer("rr", 1));
    // Processed, answer lost; once the create is on its way, every re-read answers 503.
    fault({{"endpoint", "configs/create"}, {"kind", "latency"}, {"latencyMs", 1500}, {"count", 1}});
    fault({{"endpoint", "configs/create"}, {"kind", "drop_after"}, {"count", 1}});
    auto apply = background({"apply", "customers", "--auto-approve"}, "apply.err");
    ASSERT_TRUE(wait_for("apply.err", "create_config: started"));
    fault({{"endpoint", "configs/list"}, {"kind", "http"}, {"httpStatus", 503}, {"count", 5}});
    EXPECT_EQ(apply->wait(), 1) << read_text("apply.err");
    const auto first = apply_result(*apply);
    EXPECT_NE(first.out.find("0 failed, 1 unknown"), std::string::npos) << first.out;
    EXPECT_NE(first.out.find("the re-read failed too"), std::string::npos) << first.out;
    EXPECT_EQ(configs(), 1);  // it had happened
    pause_ms(2500);
    const auto settled = flexform({"apply", "customers", "--auto-approve"});
    EXPECT_EQ(settled.exit_code, 0) << settled.out << settled.err;
    EXPECT_EQ(configs(), 1);
}

TEST_F(Settle, ASecondInterruptAbandonsInFlightCreatesAndCountsThemUnknown) {
    project(10, 1);
    write("customers/ii.yaml", customer("ii", 4));
    fault({{"endpoint", "configs/create"}, {"kind", "latency"}, {"latencyMs", 3000}, {"count", 4}});
    auto apply = background({"apply", "customers", "--auto-approve"}, "apply.err");
    ASSERT_TRUE(wait_for("apply.err", "create_config: started", 4)) << read_text("apply.err");
    pause_ms(300);
    apply->send(SIGINT);
    pause_ms(100);
    apply->send(SIGINT);
    const auto begun = std::chrono::steady_clock::now();
    const int code = apply->wait();
    const std::string out = apply->read_rest();
    EXPECT_EQ(code, 130) << out << read_text("apply.err");
    EXPECT_LT(std::chrono::steady_clock::now() - begun, std::chrono::seconds(3));
    EXPECT_NE(out.find("Apply interrupted: 0 done, 0 failed, 4 unknown"), std::string::npos) << out;
    std::string journal;
    for (const auto& e : fs::directory_iterator(m_dir / ".flexform" / "journal")) {
        std::ifstream in(e.path());
        journal += std::string(std::istreambuf_iterator<char>(in), {});
    }
    EXPECT_EQ(occurrences(journal, "\"status\":\"unknown\""), 4) << journal;
    // The records say so too: an immediate re-run waits for the four.
    const auto rerun = flexform({"apply", "customers", "--auto-approve"});
    EXPECT_EQ(occurrences(rerun.out, "  waiting to settle: ii/ii-"), 4) << rerun.out;
    pause_ms(3500);  // the abandoned creates land
    EXPECT_EQ(configs(), 4);
}

TEST_F(Settle, AnInterruptWhileWaitingForTheLockEndsWithinASecond) {
    project(60, 60);
    write("customers/ll.yaml", customer("ll", 1));
    fault({{"endpoint", "configs/create"}, {"kind", "latency"}, {"latencyMs", 4000}, {"count", 1}});
    auto holder = background({"apply", "customers", "--auto-approve"}, "holder.err");
    ASSERT_TRUE(wait_for("holder.err", "create_config: started"));
    auto waiter = background({"apply", "customers", "--auto-approve", "--lock-timeout", "60s"}, "waiter.err");
    pause_ms(700);
    waiter->send(SIGINT);
    const auto begun = std::chrono::steady_clock::now();
    const int code = waiter->wait();
    EXPECT_LT(std::chrono::steady_clock::now() - begun, std::chrono::seconds(1));
    EXPECT_EQ(code, 130);
    EXPECT_NE(waiter->read_rest().find("Apply interrupted while waiting for the lock: nothing was written."),
              std::string::npos);
    EXPECT_EQ(holder->wait(), 0) << read_text("holder.err");
}

TEST_F(Settle, AnInterruptWhilePlanningEndsWithinASecond) {
    write("customers/pp.yaml", customer("pp", 1));
    fault({{"endpoint", "entitlements/list"}, {"kind", "latency"}, {"latencyMs", 8000}, {"count", 1}});
    auto apply = background({"apply", "customers", "--auto-approve"}, "apply.err");
    pause_ms(1000);
    apply->send(SIGINT);
    const auto begun = std::chrono::steady_clock::now();
    const int code = apply->wait();
    EXPECT_LT(std::chrono::steady_clock::now() - begun, std::chrono::seconds(1));
    EXPECT_EQ(code, 130) << read_text("apply.err");
    EXPECT_NE(apply->read_rest().find("Apply interrupted while planning: nothing was written."), std::string::npos);
    EXPECT_EQ(writes(), 0);
}

}  // namespace
}  // namespace flexform::e2e

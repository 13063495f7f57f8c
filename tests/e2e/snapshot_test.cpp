// Snapshots of live state in the store, with the built binary against the emulator, on SQLite and PostgreSQL: a
// full read (plan, drift, nightly, status) is kept; status, the dashboard and live reports given --max-age answer
// from a young enough one with no request for it, and say so; an older one is not used; drift and plan never use one.
#include <chrono>
#include <regex>
#include <thread>

#include "tests/e2e/e2e_fixture.h"
#include "tests/support/postgres_server.h"

namespace flexform::e2e {
namespace {

flexform::testing::PostgresServer& postgres() {
    static flexform::testing::PostgresServer server;
    return server;
}

const char* k_acme = R"(apiVersion: flexform/v1
kind: Customer
metadata: {name: acme, accountId: 700001}
spec:
  configs:
    - name: acme-vm
      product: FGT_VM_Bundle
      parameters: {cpu_size: 2, service_pkg: UTP}
      vms: {count: 2, description: acme branch}
    - name: acme-fgt
      product: FGT_HW
      parameters: {device_model: FGT60F, service_pkg: FGHWUTP}
      serials: [FGT60FTK20000001]
)";

const std::regex k_label(R"(From a snapshot in the store: live state as read \d+ s ago, \d{4}-\d\d-\d\dT\d\d:\d\dZ)");

class Snapshots : public E2eFixture, public ::testing::WithParamInterface<std::string> {
public:
    void SetUp() override {
        E2eFixture::SetUp();
        if (GetParam() == "postgresql") {
            std::string id = ::testing::UnitTest::GetInstance()->current_test_info()->name();
            id = id.substr(0, id.find('/'));
            for (auto& c : id) {
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            }
            m_db = postgres().create_database("snap" + std::to_string(::getpid()) + "_" + id);
        } else {
            m_db = (m_dir / "consumption.db").string();
        }
        write("customers/acme.yaml", k_acme);
        ASSERT_EQ(flexform({"apply", "customers", "--auto-approve"}).exit_code, 0);
        post("/__emulator/clock", {{"advanceDays", 2}});
        m_today = "2026-11-22";
    }

    flexform::testing::RunResult run(std::vector<std::string> args) {
        args.push_back("--db=" + m_db);
        return flexform(args);
    }
    // The store exists once consumption was pulled; a read-only verb never creates it.
    void pull() { ASSERT_EQ(run({"consumption", "pull"}).exit_code, 0); }
    json counters() { return get("/__emulator/counters"); }
    int requests() { return counters()["total"].get<int>(); }
    void reset() { post("/__emulator/counters/reset", json::object()); }

    std::string m_db;
};

// Everything but the label line: what the snapshot and FortiFlex must agree on.
std::string without_label(const std::string& text) {
    return std::regex_replace(text, std::regex("From a snapshot in the store: [^\n]*\n"), "");
}

TEST_P(Snapshots, StatusAfterAPlanSendsNoRequestAndSaysHowOldItsStateIs) {
    pull();
    ASSERT_EQ(run({"plan", "customers"}).exit_code, 0);
    reset();
    const auto status = run({"status", "customers", "--max-age", "1h"});
    ASSERT_EQ(status.exit_code, 0) << status.err;
    EXPECT_EQ(requests(), 0) << counters().dump();
    EXPECT_TRUE(std::regex_search(status.out, k_label)) << status.out;
    const json document = json::parse(run({"status", "customers", "--max-age", "15m", "--format", "json"}).out);
    EXPECT_EQ(requests(), 0);
    EXPECT_GE(document["snapshot"]["age_seconds"].get<int>(), 0);
    EXPECT_LT(document["snapshot"]["age_seconds"].get<int>(), 900);
    EXPECT_TRUE(std::regex_match(document["snapshot"]["taken_at"].get<std::string>(),
                                 std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
    // Without --max-age: FortiFlex, no label, and the same figures.
    const auto live = run({"status", "customers"});
    EXPECT_GT(requests(), 0);
    EXPECT_EQ(live.out.find("snapshot"), std::string::npos) << live.out;
    EXPECT_EQ(without_label(status.out), live.out);
    EXPECT_TRUE(json::parse(run({"status", "customers", "--format", "json"}).out)["snapshot"].is_null());
}

TEST_P(Snapshots, AfterTheNightlyJobStatusDashboardAndLiveReportsNeedNoReadOfTheProgram) {
    ASSERT_EQ(run({"nightly", "customers", "--out", "night"}).exit_code, 0);
    reset();
    const auto status = run({"status", "customers", "--max-age", "1h"});
    ASSERT_EQ(status.exit_code, 0) << status.err;
    EXPECT_EQ(requests(), 0) << counters().dump();
    EXPECT_TRUE(std::regex_search(status.out, k_label)) << status.out;

    // The dashboard's state is the snapshot's; only consumption the store lacks is asked for (points).
    const auto dashboard = run({"dashboard", "--out", "site", "customers", "--max-age", "1h"});
    ASSERT_EQ(dashboard.exit_code, 0) << dashboard.err;
    const json endpoints = counters()["endpoints"];
    for (const char* read : {"configs/list", "entitlements/list", "programs/list", "tools/calc"}) {
        EXPECT_FALSE(endpoints.contains(read)) << endpoints.dump();
    }
    std::ifstream page(m_dir / "site" / "tenants.html");
    const std::string tenants((std::istreambuf_iterator<char>(page)), {});
    EXPECT_TRUE(std::regex_search(tenants, k_label)) << tenants.substr(0, 2000);

    reset();
    const auto report = run({"consumption", "report", "--live", "--days", "1", "customers", "--max-age", "1h"});
    ASSERT_EQ(report.exit_code, 0) << report.err;
    EXPECT_FALSE(counters()["endpoints"].contains("configs/list")) << counters().dump();
    EXPECT_NE(report.out.find("Accounts and configurations from a snapshot in the store: live state as read"),
              std::string::npos)
        << report.out;
    const json live_json = json::parse(
        run({"consumption", "report", "--live", "--days", "1", "--format", "json", "customers", "--max-age", "1h"})
            .out);
    EXPECT_TRUE(live_json["snapshot"].is_object()) << live_json.dump();
}

TEST_P(Snapshots, AnOlderSnapshotIsNotUsed) {
    pull();
    ASSERT_EQ(run({"status", "customers"}).exit_code, 0);          // kept
    std::this_thread::sleep_for(std::chrono::milliseconds(2100));  // now at least 2 s old
    reset();
    const auto status = run({"status", "customers", "--max-age", "1s"});
    ASSERT_EQ(status.exit_code, 0) << status.err;
    EXPECT_GT(requests(), 0);
    EXPECT_EQ(status.out.find("snapshot"), std::string::npos) << status.out;
    // That read was kept in turn: a younger snapshot now serves.
    reset();
    EXPECT_TRUE(std::regex_search(run({"status", "customers", "--max-age", "1h"}).out, k_label));
    EXPECT_EQ(requests(), 0);
}

TEST_P(Snapshots, DriftAndPlanNeverUseOne) {
    pull();
    ASSERT_EQ(run({"status", "customers"}).exit_code, 0);  // a young snapshot, of the state in sync
    ASSERT_EQ(run({"drift", "customers"}).exit_code, 0);
    post("/__emulator/portal/entitlements/stop", {{"serialNumber", "FGT60FTK20000001"}});  // changed in the portal
    reset();
    const auto drift = run({"drift", "customers"});
    EXPECT_EQ(drift.exit_code, 2) << drift.out;  // the snapshot would say: in sync
    EXPECT_GT(requests(), 0);
    EXPECT_NE(drift.out.find("FGT60FTK20000001"), std::string::npos) << drift.out;
    const auto plan = run({"plan", "customers", "--detailed-exitcode"});
    EXPECT_EQ(plan.exit_code, 2) << plan.out;
    EXPECT_NE(run({"drift", "customers", "--max-age", "1h"}).exit_code, 0);  // not a flag of drift
    EXPECT_NE(run({"plan", "customers", "--max-age", "1h"}).exit_code, 0);
    // The drift's read was kept: a status from the snapshot now shows the stop.
    const json status = json::parse(run({"status", "customers", "--max-age", "1h", "--format", "json"}).out);
    ASSERT_TRUE(status["snapshot"].is_object());
    EXPECT_EQ(status["accounts"][0]["entitlements_by_status"]["STOPPED"], 1) << status.dump();
}

TEST_P(Snapshots, AnApplyThatWritesDropsTheSnapshotsItOutdates) {
    pull();
    ASSERT_EQ(run({"apply", "customers", "--auto-approve"}).exit_code, 0);  // no changes: its read is kept
    reset();
    ASSERT_TRUE(std::regex_search(run({"status", "customers", "--max-age", "1h"}).out, k_label));
    EXPECT_EQ(requests(), 0);
    std::string grown = k_acme;
    grown.replace(grown.find("count: 2"), 8, "count: 3");
    write("customers/acme.yaml", grown);
    ASSERT_EQ(run({"apply", "customers", "--auto-approve"}).exit_code, 0);
    reset();
    const auto status = run({"status", "customers", "--max-age", "1h"});
    EXPECT_GT(requests(), 0);  // nothing young enough is left: FortiFlex, with the third VM
    EXPECT_EQ(status.out.find("snapshot"), std::string::npos) << status.out;
    EXPECT_NE(status.out.find("1 FGT_HW, 1 FGT_VM_Bundle"), std::string::npos) << status.out;
    const json now = json::parse(run({"status", "customers", "--max-age", "1h", "--format", "json"}).out);
    int entitlements = 0;
    for (const auto& [status_name, count] : now["accounts"][0]["entitlements_by_status"].items()) {
        entitlements += count.get<int>();
    }
    EXPECT_EQ(entitlements, 4);  // 3 VMs and the FortiGate, as the read after the apply saw them
}

INSTANTIATE_TEST_SUITE_P(Stores, Snapshots, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& param_info) { return param_info.param; });

using SnapshotFlags = E2eFixture;

TEST_F(SnapshotFlags, ABadMaxAgeIsAClearErrorBeforeAnyRequest) {
    post("/__emulator/counters/reset", json::object());
    for (const std::string verb : {"status", "dashboard"}) {
        std::vector<std::string> args{verb, "--max-age", "90"};
        if (verb == "dashboard") {
            args.insert(args.end(), {"--out", "site"});
        }
        const auto run = flexform(args);
        EXPECT_EQ(run.exit_code, 1);
        EXPECT_EQ(run.err.substr(0, run.err.find('\n')),
                  "flexform " + verb +
                      ": --max-age \"90\" is not a duration (a number and a unit: s, m, h or d; e.g. 90s, 15m, 2h)")
            << run.err;
    }
    const auto report = flexform({"consumption", "report", "--live", "--max-age=-5m"});
    EXPECT_EQ(report.exit_code, 1);
    EXPECT_NE(report.err.find("--max-age \"-5m\" is not a duration"), std::string::npos) << report.err;
    EXPECT_EQ(get("/__emulator/counters")["total"].get<int>(), 0);
}

TEST_F(SnapshotFlags, TokensNeverAnswersFromASnapshot) {
    const auto tokens = flexform({"tokens", "--max-age", "1h"});
    EXPECT_EQ(tokens.exit_code, 1);
    EXPECT_EQ(tokens.err.substr(0, tokens.err.find('\n')),
              "flexform tokens: --max-age does not apply to tokens: licence tokens are secrets, never kept in a "
              "snapshot of live state, so tokens always reads FortiFlex (docs/snapshots.md)");
}

}  // namespace
}  // namespace flexform::e2e

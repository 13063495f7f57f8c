// The write path attacked as a hostile user would: two applies at once, hand-edited plan files, Ctrl-C and
// kill -9 in the middle of an apply. Nothing may be written twice, nothing unreviewed may be written at all.
#include <signal.h>

#include <chrono>
#include <thread>

#include "tests/e2e/e2e_fixture.h"

namespace flexform::e2e {
namespace {

const char* k_acme = R"(apiVersion: flexform/v1
kind: Customer
metadata: {name: acme, accountId: 700001}
spec:
  configs:
    - name: acme-fgt
      product: FGT_HW
      parameters: {device_model: FGT60F, service_pkg: FGHWUTP}
      serials: [FGT60FTK20000001, FGT60FTK20000002]
    - name: acme-vm
      product: FGT_VM_Bundle
      parameters: {cpu_size: 2, service_pkg: UTP}
      vms: {count: 2, description: acme branch}
    - name: acme-edr
      product: FORTIEDR
      parameters: {service_pkg: FEDRPDR}
      cloud: {}
)";

const char* k_beta = R"(apiVersion: flexform/v1
kind: Customer
metadata: {name: beta, accountId: 700002}
spec:
  protect: true
  configs:
    - {name: beta-fgt, product: FGT_HW, parameters: {device_model: FGT40F, service_pkg: FGHWATP},
       serials: [FGT40FTK20000001]}
)";

class WritePath : public E2eFixture {
public:
    std::vector<std::string> base_args() const {
        return {"--api-url=" + m_base + "/ES/api/fortiflex/v2/", "--auth-url=" + m_base + "/api/v1/oauth/token/"};
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
        for (const auto& a : base_args()) {
            args.push_back(a);
        }
        return std::make_unique<flexform::testing::BackgroundProcess>(args, env(), m_dir.string(),
                                                                      (m_dir / stderr_name).string());
    }
    std::string read_text(const std::string& relative) {
        std::ifstream in(m_dir / relative);
        return std::string(std::istreambuf_iterator<char>(in), {});
    }
    int configs() { return static_cast<int>(state()["configs"].size()); }
    int entitlements() { return static_cast<int>(state()["entitlements"].size()); }
    // Waits until `relative` holds `text`, for up to ten seconds.
    bool wait_for(const std::string& relative, const std::string& text) {
        for (int i = 0; i < 200; ++i) {
            if (read_text(relative).find(text) != std::string::npos) {
                return true;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return false;
    }
    std::string journal_text() {
        std::string all;
        if (!fs::exists(m_dir / ".flexform" / "journal")) {
            return all;
        }
        for (const auto& e : fs::directory_iterator(m_dir / ".flexform" / "journal")) {
            std::ifstream in(e.path());
            all += std::string(std::istreambuf_iterator<char>(in), {});
        }
        return all;
    }
};

TEST_F(WritePath, TwoAppliesAtOnceNeverDuplicateAndTheSecondNamesTheHolder) {
    write("customers/acme.yaml", k_acme);
    // Slow writes keep the first apply holding the lock while the second starts.
    post("/__emulator/faults",
         {{"endpoint", "configs/create"}, {"kind", "latency"}, {"latencyMs", 3000}, {"count", 3}});
    auto first = background({"apply", "customers", "--auto-approve"}, "first.err");
    ASSERT_TRUE(wait_for("first.err", "started"));
    const auto second = flexform({"apply", "customers", "--auto-approve"});
    EXPECT_EQ(second.exit_code, 1);
    EXPECT_NE(second.err.find("flexform apply: program ELAVMS0000000777 is locked by apply by "), std::string::npos)
        << second.err;
    EXPECT_NE(second.err.find("(pid " + std::to_string(first->pid()) + ")"), std::string::npos) << second.err;
    EXPECT_NE(second.err.find("pass --lock-timeout to wait"), std::string::npos);
    // The first apply's open journal is named as running, not as an interrupted apply to re-check.
    const std::string running = "is running now (pid " + std::to_string(first->pid()) + ", since ";
    EXPECT_NE(second.err.find("note: an apply of ELAVMS0000000777 " + running), std::string::npos) << second.err;
    EXPECT_EQ(second.err.find("was interrupted"), std::string::npos) << second.err;
    const auto during = flexform({"plan", "customers"});
    EXPECT_NE(during.err.find(running), std::string::npos) << during.err;
    EXPECT_NE(during.err.find("this plan reads FortiFlex while it writes"), std::string::npos) << during.err;
    EXPECT_EQ(during.err.find("was interrupted"), std::string::npos) << during.err;
    // A third one waits its turn, then finds nothing left to do.
    auto third = background({"apply", "customers", "--auto-approve", "--lock-timeout", "60s"}, "third.err");
    EXPECT_EQ(first->wait(), 0) << read_text("first.err");
    EXPECT_EQ(third->wait(), 0) << read_text("third.err");
    EXPECT_NE(third->read_rest().find("No changes."), std::string::npos);
    EXPECT_EQ(configs(), 3);
    EXPECT_EQ(entitlements(), 5);  // 2 serials, 2 VMs, 1 cloud: nothing twice
    // plan and drift take no lock: they run while an apply holds it.
    post("/__emulator/faults",
         {{"endpoint", "entitlements/list"}, {"kind", "latency"}, {"latencyMs", 800}, {"count", 1}});
    write("customers/acme.yaml", std::string(k_acme).replace(std::string(k_acme).find("count: 2"), 8, "count: 3"));
    auto holder = background({"apply", "customers", "--auto-approve"}, "holder.err");
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    EXPECT_EQ(flexform({"plan", "customers"}).exit_code, 0);
    EXPECT_EQ(holder->wait(), 0) << read_text("holder.err");
}

TEST_F(WritePath, EveryHandEditOfASavedPlanIsRefusedWithoutAWrite) {
    write("customers/acme.yaml", k_acme);
    write("customers/beta.yaml", k_beta);
    ASSERT_EQ(flexform({"apply", "customers/beta.yaml", "--auto-approve"}).exit_code, 0);
    ASSERT_EQ(flexform({"plan", "customers", "--out", "plan.json"}).exit_code, 0);
    const json plan = json::parse(read_text("plan.json"));
    const int before = writes();
    const auto refused = [&](json edited, const std::string& expected) {
        std::ofstream(m_dir / "tampered.json") << edited.dump(2);
        const auto result = flexform({"apply", "tampered.json", "--auto-approve"});
        EXPECT_EQ(result.exit_code, 1) << expected;
        EXPECT_NE(result.err.find(expected), std::string::npos) << result.err;
        EXPECT_EQ(writes(), before) << expected;
    };
    json serial = plan;
    for (auto& c : serial["changes"]) {
        if (c["action"] == "create_entitlements" && c["after"].contains("serials")) {
            c["after"]["serials"][0] = "FGT60FTK29999999";  // a serial no manifest declares
        }
    }
    refused(serial, "create_entitlements acme/acme-fgt: after.serials differ from what flexform would plan now");
    json account = plan;
    account["changes"][0]["account_id"] = 700003;  // an undeclared account
    refused(account, "customer/account");
    json count = plan;
    for (auto& c : count["changes"]) {
        if (c["action"] == "create_entitlements" && c["address"] == "acme/acme-vm") {
            c["after"]["count"] = 250;
        }
    }
    refused(count, "create_entitlements acme/acme-vm: after.count differ");
    json stop = plan;
    json added = plan["changes"][0];
    added["action"] = "stop";
    added["kind"] = "entitlement";
    added["address"] = "beta/beta-fgt/FGT40FTK20000001";
    added["customer"] = "beta";
    added["serial_number"] = "FGT40FTK20000001";
    stop["changes"].push_back(added);  // a stop of a protected customer
    refused(stop, "the saved plan has `stop beta/beta-fgt/FGT40FTK20000001`, which flexform would not do now");
    json doubled = plan;
    for (const auto& c : plan["changes"]) {
        doubled["changes"].push_back(c);
    }
    refused(doubled, "appears 2 times in the saved plan, 1 now");
    json truncated = plan;
    truncated["changes"].erase(truncated["changes"].begin());
    refused(truncated, "flexform would now also `create_config acme/acme-fgt`");
    const auto same = flexform({"show", "plan.json", "--format", "json"});
    EXPECT_EQ(same.exit_code, 0) << same.err;
    // --customer cannot narrow a saved plan, and a plan whose manifests are gone is refused.
    const auto narrowed = flexform({"apply", "plan.json", "--customer", "acme", "--auto-approve"});
    EXPECT_EQ(narrowed.exit_code, 1);
    EXPECT_NE(narrowed.err.find("--customer and --prune come from the saved plan"), std::string::npos);
    fs::rename(m_dir / "customers", m_dir / "elsewhere");
    const auto gone = flexform({"apply", "plan.json", "--auto-approve"});
    EXPECT_EQ(gone.exit_code, 1);
    EXPECT_NE(gone.err.find("the manifests plan.json was made from (customers) are gone"), std::string::npos)
        << gone.err;
    EXPECT_EQ(writes(), before);
    // Named explicitly, the moved manifests are the ones; the untouched plan applies exactly.
    const auto applied = flexform({"apply", "plan.json", "elsewhere", "--auto-approve"});
    EXPECT_EQ(applied.exit_code, 0) << applied.err;
    EXPECT_NE(applied.out.find("Apply complete: 6 actions done."), std::string::npos) << applied.out;
    const auto empty = flexform({"plan", "elsewhere", "--out", "empty.json"});
    ASSERT_EQ(empty.exit_code, 0);
    const auto nothing = flexform({"apply", "empty.json", "elsewhere", "--auto-approve"});
    EXPECT_EQ(nothing.exit_code, 1);
    EXPECT_NE(nothing.err.find("empty.json holds no changes: there is nothing to apply"), std::string::npos);
}

TEST_F(WritePath, AnInterruptFinishesWhatIsInFlightSummarisesAndExits130) {
    write("customers/acme.yaml", k_acme);
    post("/__emulator/faults", {{"endpoint", "*"}, {"kind", "latency"}, {"latencyMs", 300}, {"count", -1}});
    auto apply = background({"apply", "customers", "--auto-approve", "--parallelism", "1"}, "apply.err");
    ASSERT_TRUE(wait_for("apply.err", "create_config: started"));
    apply->send(SIGINT);
    const int code = apply->wait();
    const std::string out = apply->read_rest();
    const std::string err = read_text("apply.err");
    EXPECT_EQ(code, 130) << out << err;
    EXPECT_NE(err.find("interrupt: starting nothing new"), std::string::npos) << err;
    EXPECT_NE(out.find("Apply interrupted: 1 done"), std::string::npos) << out;
    EXPECT_NE(out.find("not attempted. Journal: .flexform/journal/apply-ELAVMS0000000777-"), std::string::npos) << out;
    EXPECT_EQ(configs(), 1);  // the call in flight finished; nothing after it started
    const std::string journal = journal_text();
    EXPECT_NE(journal.find("\"type\":\"run_finished\""), std::string::npos);
    EXPECT_NE(journal.find("\"interrupted\":true"), std::string::npos);
    post("/__emulator/faults/clear", json::object());
    const auto rerun = flexform({"apply", "customers", "--auto-approve"});
    EXPECT_EQ(rerun.exit_code, 0) << rerun.err;
    EXPECT_EQ(configs(), 3);
}

TEST_F(WritePath, AfterKillNineTheNextRunSaysWhatItRechecks) {
    write("customers/acme.yaml", k_acme);
    post("/__emulator/faults",
         {{"endpoint", "entitlements/hardware/create"}, {"kind", "latency"}, {"latencyMs", 3000}, {"count", 1}});
    auto apply = background({"apply", "customers", "--auto-approve"}, "apply.err");
    ASSERT_TRUE(wait_for("apply.err", "create_entitlements: started"));
    // The action is journaled before its request goes out.
    for (int i = 0;
         i < 100 &&
         journal_text().find("\"address\":\"acme/acme-fgt\",\"action\":\"create_entitlements\"") == std::string::npos;
         ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    apply->kill_hard();
    const std::string journal = journal_text();
    EXPECT_NE(journal.find("\"type\":\"action_started\""), std::string::npos) << journal;
    EXPECT_EQ(journal.find("\"type\":\"run_finished\""), std::string::npos);
    std::this_thread::sleep_for(std::chrono::milliseconds(3200));  // the request in flight completes server-side
    const auto plan = flexform({"plan", "customers"});
    EXPECT_NE(plan.err.find("was interrupted with"), std::string::npos) << plan.err;
    EXPECT_NE(plan.err.find("create_entitlements acme/acme-fgt (started)"), std::string::npos) << plan.err;
    const auto apply_again = flexform({"apply", "customers", "--auto-approve"});
    EXPECT_EQ(apply_again.exit_code, 0) << apply_again.err;
    EXPECT_NE(apply_again.err.find("re-checked the"), std::string::npos) << apply_again.err;
    // Re-checked once: later runs no longer mention it.
    EXPECT_EQ(flexform({"plan", "customers"}).err.find("was interrupted"), std::string::npos);
    EXPECT_EQ(configs(), 3);
    EXPECT_EQ(entitlements(), 5);
}

}  // namespace
}  // namespace flexform::e2e

// The write path attacked as a hostile user would: two applies at once, hand-edited plan files, Ctrl-C and
// kill -9 in the middle of an apply. Nothing may be written twice, nothing unreviewed may be written at all.
#include <signal.h>

#include <chrono>
#include <functional>
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
    // flexform with FLEXFORM_PLAN_KEY set, as the plan and apply jobs of a CI run it.
    flexform::testing::RunResult keyed(std::vector<std::string> args, const std::string& key) {
        args.insert(args.begin(), FLEXFORM_BINARY);
        for (const auto& a : base_args()) {
            args.push_back(a);
        }
        auto variables = env();
        variables["FLEXFORM_PLAN_KEY"] = key;
        return flexform::testing::run_process(args, variables, "", m_dir.string());
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
    // It said what it waited for: the holder, and until when.
    EXPECT_NE(read_text("third.err").find("lock: program ELAVMS0000000777 is held by apply by "), std::string::npos)
        << read_text("third.err");
    EXPECT_NE(read_text("third.err").find("waiting until "), std::string::npos);
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
    // beta's account holds a configuration no manifest declares any more: the plan carries a warning about it.
    write("customers/beta.yaml", std::string(k_beta) + R"(    - {name: beta-old, product: FGT_HW, parameters: {device_model: FGT40F, service_pkg: FGHWATP}}
)");
    ASSERT_EQ(flexform({"apply", "customers/beta.yaml", "--auto-approve"}).exit_code, 0);
    write("customers/beta.yaml", k_beta);
    write("customers/acme.yaml", std::string(k_acme).replace(std::string(k_acme).find("spec:\n"), 6,
                                                             "spec:\n  budget: {perDay: 500}\n"));
    ASSERT_EQ(flexform({"plan", "customers", "--out", "plan.json"}).exit_code, 0);
    const json plan = json::parse(read_text("plan.json"));
    ASSERT_EQ(plan["policies"].size(), 1u);
    ASSERT_EQ(plan["diagnostics"].size(), 1u);
    ASSERT_EQ(plan["diagnostics"][0]["code"], "unmanaged_config");
    const int before = writes();
    int kinds = 0;
    const auto refused = [&](const json& edited, const std::string& expected) {
        ++kinds;
        std::ofstream(m_dir / "tampered.json") << edited.dump(2);
        const auto result = flexform({"apply", "tampered.json", "--auto-approve"});
        EXPECT_EQ(result.exit_code, 1) << expected;
        EXPECT_NE(result.err.find(expected), std::string::npos) << expected << "\n" << result.err;
        EXPECT_EQ(writes(), before) << expected;
    };
    const auto edit = [&plan](const std::function<void(json&)>& change) {
        json edited = plan;
        change(edited);
        return edited;
    };
    const auto change_of = [](json& document, const std::string& action, const std::string& address) -> json& {
        for (auto& c : document["changes"]) {
            if (c["action"] == action && c["address"] == address) {
                return c;
            }
        }
        throw std::runtime_error("no " + action + " " + address);
    };
    // The changes: each field, and the list itself.
    refused(edit([&](json& p) { change_of(p, "create_entitlements", "acme/acme-fgt")["after"]["serials"][0] = "FGT60FTK29999999"; }),
            "create_entitlements acme/acme-fgt: after.serials differ from what flexform would plan now");
    refused(edit([](json& p) { p["changes"][0]["account_id"] = 700003; }), "customer/account");
    refused(edit([&](json& p) { change_of(p, "create_entitlements", "acme/acme-vm")["after"]["count"] = 250; }),
            "create_entitlements acme/acme-vm: after.count differ");
    refused(edit([&](json& p) { change_of(p, "create_entitlements", "acme/acme-vm")["points_per_day"]["after"] = 0.5; }),
            "create_entitlements acme/acme-vm: points_per_day (saved 0.00 -> 0.50, now 0.00 -> ");
    refused(edit([&](json& p) { change_of(p, "create_config", "acme/acme-fgt")["reprice"]["per_device_after"] = 0.01; }),
            "create_config acme/acme-fgt: reprice differ");
    refused(edit([&](json& p) { change_of(p, "create_config", "acme/acme-fgt")["points_per_day"]["delta"] = -9.5; }),
            "changes[0].points_per_day.delta: saved -9.5, now 0.0");
    refused(edit([&](json& p) { change_of(p, "create_config", "acme/acme-fgt")["product"] = "FORTIEDR"; }),
            "changes[0].product: saved \"FORTIEDR\", now \"FGT_HW\"");
    refused(edit([&](json& p) {
                json added = p["changes"][0];
                added["action"] = "stop";
                added["kind"] = "entitlement";
                added["address"] = "beta/beta-fgt/FGT40FTK20000001";
                added["customer"] = "beta";
                added["serial_number"] = "FGT40FTK20000001";
                p["changes"].push_back(added);  // a stop of a protected customer
            }),
            "the saved plan has `stop beta/beta-fgt/FGT40FTK20000001`, which flexform would not do now");
    refused(edit([](json& p) {
                const json all = p["changes"];
                for (const auto& c : all) {
                    p["changes"].push_back(c);
                }
            }),
            "appears 2 times in the saved plan, 1 now");
    refused(edit([](json& p) { p["changes"].push_back(p["changes"][1]); }),
            "`create_entitlements acme/acme-fgt` appears 2 times in the saved plan, 1 now");
    refused(edit([](json& p) { p["changes"].erase(p["changes"].begin()); }),
            "flexform would now also `create_config acme/acme-fgt`");
    refused(edit([](json& p) { std::swap(p["changes"][0], p["changes"][1]); }),
            "the saved plan's changes are in another order than flexform would apply them: change 1 is "
            "`create_entitlements acme/acme-fgt` in the saved plan, `create_config acme/acme-fgt` now");
    // Every cost figure, stored or derived.
    refused(edit([](json& p) { p["cost"]["per_day_before"] = 19.8; }), "cost.per_day_before: saved 19.80, now ");
    refused(edit([](json& p) { p["cost"]["per_day_after"] = 1.0; }), "cost.per_day_after: saved 1.00, now ");
    refused(edit([](json& p) { p["cost"]["delta_per_day"] = 1.0; }), "cost.delta_per_day: saved 1.0, now ");
    refused(edit([](json& p) { p["cost"]["delta_per_month"] = 30.0; }), "cost.delta_per_month: saved 30.0, now ");
    refused(edit([](json& p) { p["cost"]["delta_per_year"] = 365.0; }), "cost.delta_per_year: saved 365.0, now ");
    refused(edit([](json& p) { p["cost"]["other_accounts_per_day"] = 3.0; }),
            "cost.other_accounts_per_day: saved 3.00, now 0.00");
    refused(edit([](json& p) { p["cost"]["totals_complete"] = false; }), "cost.totals_complete: saved false, now true");
    refused(edit([](json& p) { p["cost"]["yearly_commitment"] = 900000; }),
            "cost.yearly_commitment: saved 900000.00, now 50000.00");
    refused(edit([](json& p) { p["cost"]["annual_run_rate_after"] = 1.0; }), "cost.annual_run_rate_after: saved 1.0");
    refused(edit([](json& p) { p["cost"]["commitment_share_after"] = 0.01; }),
            "cost.commitment_share_after: saved 0.01");
    refused(edit([](json& p) { p["cost"]["becomes_billable"] = 7; }), "cost.becomes_billable: saved 7, now ");
    refused(edit([](json& p) { p["cost"]["by_customer"][0]["per_day_after"] = 0.5; }),
            "cost.by_customer[0] acme.per_day_after: saved 0.50, now ");
    refused(edit([](json& p) { p["cost"]["by_customer"][0]["delta_per_day"] = 0.5; }),
            "cost.by_customer[0].delta_per_day: saved 0.5, now ");
    refused(edit([](json& p) { p["cost"]["by_customer"].erase(1); }), "cost.by_customer (customers): saved 1, now 2");
    // Every policy field.
    refused(edit([](json& p) { p["policies"][0]["status"] = "block"; }),
            "policies[0] (budget.perDay of acme): status differ from what flexform would evaluate now");
    refused(edit([](json& p) { p["policies"][0]["limit"] = 5000; }), "policies[0] (budget.perDay of acme): limit");
    refused(edit([](json& p) { p["policies"][0]["value"] = 1.0; }), "policies[0] (budget.perDay of acme): value");
    refused(edit([](json& p) { p["policies"][0]["action"] = "warn"; }), "policies[0] (budget.perDay of acme): action");
    refused(edit([](json& p) { p["policies"][0]["figures"]["before"] = 400.0; }),
            "policies[0] (budget.perDay of acme): figures.before");
    refused(edit([](json& p) { p["policies"][0]["waiver"] = {{"reason", "CFO said so"}, {"expires", "2027-01-01"}}; }),
            "policies[0] (budget.perDay of acme): waiver");
    refused(edit([](json& p) { p["policies"].clear(); }), "policies (count): saved 0, now 1");
    // Every diagnostic field, and one added.
    refused(edit([](json& p) { p["diagnostics"][0]["severity"] = "error"; }),
            "diagnostics[0] (unmanaged_config beta/beta-old): severity");
    refused(edit([](json& p) { p["diagnostics"][0]["message"] = "nothing to see"; }),
            "diagnostics[0] (unmanaged_config beta/beta-old): message");
    refused(edit([](json& p) { p["diagnostics"][0]["address"] = "beta/other"; }), "address differ");
    refused(edit([](json& p) { p["diagnostics"][0]["code"] = "unknown_status"; }), "code differ");
    refused(edit([](json& p) { p["diagnostics"].push_back(p["diagnostics"][0]); }),
            "diagnostics (count): saved 2, now 1");
    refused(edit([](json& p) {
                p["diagnostics"].push_back({{"severity", "error"},
                                            {"code", "protected_customer"},
                                            {"address", "acme/acme-fgt"},
                                            {"message", "do not apply"}});
            }),
            "diagnostics (count): saved 2, now 1");
    refused(edit([](json& p) { p["diagnostics"].clear(); }), "diagnostics (count): saved 0, now 1");
    // Flags, counts, scope, digests, versions and where it came from.
    refused(edit([](json& p) { p["applyable"] = false; }), "applyable: saved false, now true");
    refused(edit([](json& p) { p["summary"]["create_config"] = 1; }), "summary: saved");
    refused(edit([](json& p) { p["scope"]["prune"] = true; }),  // beta is protected: its config cannot be disabled
            "diagnostics[0] (unmanaged_config beta/beta-old): severity, code, message differ");
    refused(edit([](json& p) { p["scope"]["customers"] = {"acme"}; }), "manifest_digest");
    refused(edit([](json& p) { p["scope"]["changed_since"] = "origin/main"; }),
            "the saved plan has `create_config acme/acme-fgt`, which flexform would not do now");
    refused(edit([](json& p) { p["accounts"] = {700001}; }), "accounts: saved [700001], now [700001, 700002]");
    refused(edit([](json& p) { p["manifest_digest"] = "garbage"; }),
            "manifest_digest (the manifests of this working tree are not those planned): saved garbage, now ");
    refused(edit([](json& p) { p["plan_digest"] = std::string(64, 'a'); }),
            "plan_digest: saved " + std::string(64, 'a') + ", now " + plan["plan_digest"].get<std::string>());
    refused(edit([](json& p) { p["live_digest"] = "garbage"; }),
            "live_digest (FortiFlex has changed since the plan was made): saved garbage, now ");
    refused(edit([](json& p) { p["program_serial_number"] = "ELAVMS0000000778"; }),
            "the saved plan is for program ELAVMS0000000778, not ELAVMS0000000777");
    refused(edit([](json& p) { p["flexform_version"] = "0.0.1"; }), "the saved plan was made by flexform 0.0.1");
    refused(edit([](json& p) { p["created_at"] = "2099-01-01T00:00:00Z"; }),
            "created_at: the saved plan says it was made at 2099-01-01T00:00:00Z, after now");
    refused(edit([](json& p) { p["format_version"] = 1; }), "was written by an older flexform");
    refused(edit([](json& p) { p["format_version"] = 3; }), "is newer than this flexform understands");
    refused(edit([this](json& p) { p["manifest_paths"] = {(m_dir.parent_path() / "elsewhere").string()}; }),
            "tampered.json records the manifest path " + (m_dir.parent_path() / "elsewhere").string() +
                ", outside the working tree apply runs in");
    refused(edit([](json& p) { p["manifest_paths"] = {"../customers"}; }),
            "tampered.json records the manifest path ../customers, outside the working tree");
    // The changes of a plan of doctored manifests (an unreviewed serial), pointed at them: outside the tree it is
    // refused for where they are, inside for what they are.
    const std::string doctored =
        std::string(k_acme).replace(std::string(k_acme).find("FGT60FTK20000002"), 16, "FGT60FTK20000009");
    fs::create_directories(m_dir / "doctored");
    std::ofstream(m_dir / "doctored" / "acme.yaml") << doctored;
    std::ofstream(m_dir / "doctored" / "beta.yaml") << k_beta;
    ASSERT_EQ(flexform({"plan", "doctored", "--out", "doctored.json"}).exit_code, 0);
    const json doctored_plan = json::parse(read_text("doctored.json"));
    refused(edit([&](json& p) {
                p["changes"] = doctored_plan["changes"];
                p["manifest_paths"] = {"doctored"};
            }),
            "manifest_digest (the manifests of this working tree are not those planned)");
    fs::create_directories(m_dir.string() + "-doctored");
    std::ofstream(m_dir.string() + "-doctored/acme.yaml") << doctored;
    refused(edit([&](json& p) {
                p["changes"] = doctored_plan["changes"];
                p["manifest_paths"] = {m_dir.string() + "-doctored"};
            }),
            "outside the working tree apply runs in");
    fs::remove_all(m_dir.string() + "-doctored");
    EXPECT_GE(kinds, 55);
    const auto same = flexform({"show", "plan.json", "--format", "json"});
    EXPECT_EQ(same.exit_code, 0) << same.err;
    EXPECT_EQ(json::parse(same.out)["signature_check"]["status"], "unsigned");
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
    const int applied_writes = writes();
    const auto again = flexform({"apply", "plan.json", "elsewhere", "--auto-approve"});
    EXPECT_EQ(again.exit_code, 1);
    EXPECT_NE(again.err.find("flexform apply: the saved plan was already applied, by the apply of 2026-"),
              std::string::npos)
        << again.err;
    EXPECT_NE(again.err.find("(journal .flexform/journal/apply-ELAVMS0000000777-"), std::string::npos) << again.err;
    EXPECT_EQ(writes(), applied_writes);
    const auto empty = flexform({"plan", "elsewhere", "--out", "empty.json"});
    ASSERT_EQ(empty.exit_code, 0);
    const auto nothing = flexform({"apply", "empty.json", "elsewhere", "--auto-approve"});
    EXPECT_EQ(nothing.exit_code, 1);
    EXPECT_NE(nothing.err.find("empty.json holds no changes: there is nothing to apply"), std::string::npos);
}

// A bad plan file is not a wrong flag: the error names the file and what in it is wrong, with no usage hint.
TEST_F(WritePath, ABadPlanFileIsNamedWithoutAUsageHint) {
    write("customers/acme.yaml", k_acme);
    ASSERT_EQ(keyed({"plan", "customers", "--out", "signed.json"}, "ci-secret").exit_code, 0);
    const auto wrong_key = keyed({"apply", "signed.json", "--auto-approve"}, "another-key");
    EXPECT_EQ(wrong_key.exit_code, 1);
    EXPECT_EQ(wrong_key.err,
              "flexform apply: signed.json's signature does not hold under FLEXFORM_PLAN_KEY: the file was changed "
              "after it was signed, or signed with another key\n");
    std::string renamed = read_text("signed.json");
    renamed.replace(renamed.find("\"changes\""), 9, "\"chnages\"");
    std::ofstream(m_dir / "renamed.json") << renamed;
    const auto bad_key = flexform({"apply", "renamed.json", "--auto-approve"});
    EXPECT_EQ(bad_key.exit_code, 1);
    EXPECT_EQ(bad_key.err, "flexform apply: renamed.json: not a valid plan file: key 'changes' not found\n");
    EXPECT_EQ(writes(), 0);
}

TEST_F(WritePath, ASignedPlanAppliesOnlyUnderItsKeyAndShowSaysWhetherTheSignatureHeld) {
    write("customers/acme.yaml", k_acme);
    ASSERT_EQ(keyed({"plan", "customers", "--out", "signed.json"}, "ci-secret").exit_code, 0);
    ASSERT_EQ(flexform({"plan", "customers", "--out", "unsigned.json"}).exit_code, 0);
    const std::string text = read_text("signed.json");
    const json signed_plan = json::parse(text);
    ASSERT_EQ(signed_plan["signature"]["algorithm"], "HMAC-SHA-256");
    ASSERT_EQ(signed_plan["signature"]["value"].get<std::string>().size(), 64u);
    const int before = writes();
    const auto refused = [&](const flexform::testing::RunResult& result, const std::string& expected) {
        EXPECT_EQ(result.exit_code, 1) << expected;
        EXPECT_NE(result.err.find(expected), std::string::npos) << expected << "\n" << result.err;
        EXPECT_EQ(writes(), before) << expected;
    };
    // Altered by one byte: a serial's last digit.
    std::string altered = text;
    altered[altered.find("FGT60FTK20000002")] = 'X';
    std::ofstream(m_dir / "altered.json") << altered;
    refused(keyed({"apply", "altered.json"}, "ci-secret"),
            "flexform apply: altered.json's signature does not hold under FLEXFORM_PLAN_KEY: the file was changed "
            "after it was signed, or signed with another key");
    json moved = signed_plan;
    moved["created_at"] = "2026-11-19T09:00:00Z";  // an earlier review, moved: only the signature can tell
    std::ofstream(m_dir / "moved.json") << moved.dump(2);
    refused(keyed({"apply", "moved.json"}, "ci-secret"), "moved.json's signature does not hold");
    refused(keyed({"apply", "signed.json"}, "another-key"), "signed.json's signature does not hold");
    // Without the key the signature proves nothing, and apply says so; the fresh plan still catches the edit.
    const auto without_key = flexform({"apply", "altered.json"});
    refused(without_key, "create_entitlements acme/acme-fgt: after.serials differ from what flexform would plan now");
    EXPECT_EQ(without_key.err.rfind("note: altered.json is signed, but FLEXFORM_PLAN_KEY is not set here: its "
                                    "signature is not verified, and it is held only to a fresh plan\n",
                                    0),
              0u)
        << without_key.err;
    refused(keyed({"apply", "unsigned.json"}, "ci-secret"),
            "flexform apply: unsigned.json is not signed, and FLEXFORM_PLAN_KEY is set: apply refuses an unsigned "
            "plan; make it with `flexform plan --out` where the key is set");
    // show states whether the signature held, in every format, and shows no figure it could not verify.
    const auto verified = keyed({"show", "signed.json"}, "ci-secret");
    EXPECT_EQ(verified.exit_code, 0) << verified.err;
    EXPECT_EQ(verified.out.rfind("Signature: verified with FLEXFORM_PLAN_KEY (HMAC-SHA-256): this is the plan as it "
                                 "was saved.\n\n",
                                 0),
              0u)
        << verified.out;
    EXPECT_NE(verified.out.find("Plan: 3 create_config"), std::string::npos) << verified.out;
    const auto invalid = keyed({"show", "altered.json"}, "ci-secret");
    EXPECT_EQ(invalid.exit_code, 1);
    EXPECT_EQ(invalid.out,
              "Signature: INVALID under FLEXFORM_PLAN_KEY: the file was changed after it was signed, or signed with "
              "another key. Its figures are not shown, and apply refuses it.\n\n");
    const auto invalid_json = keyed({"show", "altered.json", "--format", "json"}, "ci-secret");
    EXPECT_EQ(invalid_json.exit_code, 1);
    const json invalid_document = json::parse(invalid_json.out);
    EXPECT_EQ(invalid_document["signature_check"]["status"], "invalid");
    EXPECT_FALSE(invalid_document.contains("cost"));
    const auto markdown = keyed({"show", "signed.json", "--format", "markdown"}, "ci-secret");
    EXPECT_EQ(markdown.out.rfind("<!-- flexform-plan -->\n> **Signature: verified with FLEXFORM_PLAN_KEY", 0), 0u)
        << markdown.out;
    const auto unverified = flexform({"show", "signed.json", "--format", "json"});
    EXPECT_EQ(unverified.exit_code, 0);
    EXPECT_EQ(json::parse(unverified.out)["signature_check"]["status"], "unverified");
    const auto unsigned_text = flexform({"show", "unsigned.json"});
    EXPECT_EQ(unsigned_text.out.rfind("Signature: none. This plan file is unsigned and unverified", 0), 0u)
        << unsigned_text.out;
    const auto unsigned_keyed = keyed({"show", "unsigned.json"}, "ci-secret");
    EXPECT_EQ(unsigned_keyed.exit_code, 1);
    EXPECT_EQ(unsigned_keyed.out.rfind("Signature: none, although FLEXFORM_PLAN_KEY is set", 0), 0u);
    // Reformatted, the signed plan still verifies (the signature is over its content), and applies.
    std::ofstream(m_dir / "reformatted.json") << signed_plan.dump();
    const auto applied = keyed({"apply", "reformatted.json"}, "ci-secret");
    EXPECT_EQ(applied.exit_code, 0) << applied.err;
    EXPECT_NE(applied.out.find("Apply complete: 6 actions done."), std::string::npos) << applied.out;
}

TEST_F(WritePath, AnInterruptFinishesWhatIsInFlightSummarisesAndExits130) {
    write("customers/acme.yaml", k_acme);
    post("/__emulator/faults", {{"endpoint", "*"}, {"kind", "latency"}, {"latencyMs", 300}, {"count", -1}});
    auto apply = background({"apply", "customers", "--auto-approve", "--parallelism", "1"}, "apply.err");
    ASSERT_TRUE(wait_for("apply.err", "create_config: started"));
    // The interrupt comes once the service has the request: "started" is printed before the send, and an interrupt
    // between the two rightly sends nothing.
    const auto config_creates_received = [this] {
        return get("/__emulator/counters")["endpoints"].value("configs/create", 0);
    };
    for (int i = 0; i < 250 && config_creates_received() == 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ASSERT_EQ(config_creates_received(), 1);
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
    // One action at a time, so the only create in flight at the kill is the slow hardware one: a create that was
    // journaled but never sent would (rightly) wait out its settle window instead of being re-created at once.
    auto apply = background({"apply", "customers", "--auto-approve", "--parallelism", "1"}, "apply.err");
    ASSERT_TRUE(wait_for("apply.err", "create_entitlements: started"));
    // The action is journaled before its request goes out; the kill comes once the service has the request.
    const auto hardware_creates_received = [this] {
        return get("/__emulator/counters")["endpoints"].value("entitlements/hardware/create", 0);
    };
    for (int i = 0; i < 250 && hardware_creates_received() == 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ASSERT_EQ(hardware_creates_received(), 1);
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

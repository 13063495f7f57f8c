// The seven MSSP workflows of the seed scripts, run as a user would: the built flexform binary against an
// emulator process. Exit codes 0/1/2 are part of the contract.
#include <regex>

#include "tests/e2e/e2e_fixture.h"

namespace flexform::e2e {
namespace {

const char* k_acme = R"(apiVersion: flexform/v1
kind: Customer
metadata: {name: acme, accountId: 700001}
spec:
  state: active
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

std::string replace(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return text.replace(at, from.size(), to);
}

class Workflows : public E2eFixture {
public:
    void onboard() {
        write("customers/acme.yaml", k_acme);
        const auto applied = flexform({"apply", "customers", "--auto-approve"});
        ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
    }
    void expect_converged() {
        const auto again = flexform({"plan", "customers", "--detailed-exitcode"});
        EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
        EXPECT_NE(again.out.find("No changes."), std::string::npos) << again.out;
    }
};

TEST_F(Workflows, OnboardingEstimatesCostThenCreatesEverything) {
    write("customers/acme.yaml", k_acme);
    const auto plan = flexform({"plan", "customers", "--format", "json"});
    ASSERT_EQ(plan.exit_code, 0) << plan.err;
    const json j = json::parse(plan.out);
    EXPECT_EQ(j["summary"]["create_config"], 3);
    EXPECT_EQ(j["summary"]["create_entitlements"], 3);
    EXPECT_DOUBLE_EQ(j["cost"]["per_day_before"].get<double>(), 0.0);
    // The VMs are created PENDING: free until their tokens are used, like every never-used VM; their figure once
    // used is given beside the totals.
    EXPECT_DOUBLE_EQ(j["cost"]["per_day_after"].get<double>(), 2 * 2.70);
    EXPECT_DOUBLE_EQ(j["cost"]["delta_per_month"].get<double>(), 2 * 2.70 * 30);
    EXPECT_EQ(j["cost"]["never_used"]["after"], 2);
    EXPECT_DOUBLE_EQ(j["cost"]["never_used"]["per_day_after"].get<double>(), 2 * 5.36);
    EXPECT_EQ(flexform({"plan", "customers", "--detailed-exitcode"}).exit_code, 2);

    const auto apply = flexform({"apply", "customers", "--auto-approve"});
    ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
    EXPECT_NE(apply.out.find("Apply complete: 6 actions done."), std::string::npos) << apply.out;
    EXPECT_NE(apply.err.find("+ acme/acme-fgt create_config: done"), std::string::npos) << apply.err;
    const auto ents = entitlements_of(700001);
    EXPECT_EQ(ents.size(), 5u);  // 2 hardware, 2 VMs, 1 cloud
    EXPECT_EQ(state()["configs"].size(), 3u);
    EXPECT_TRUE(fs::exists(m_dir / ".flexform" / "journal"));
    expect_converged();
}

TEST_F(Workflows, ExpansionEntitlesOnlyTheNewSerials) {
    onboard();
    write("customers/acme.yaml",
          replace(k_acme, "FGT60FTK20000002]", "FGT60FTK20000002, FGT60FTK20000003, FGT60FTK20000004]"));
    const json plan = json::parse(flexform({"plan", "customers", "--format", "json"}).out);
    ASSERT_EQ(plan["changes"].size(), 1u);
    EXPECT_EQ(plan["changes"][0]["action"], "create_entitlements");
    EXPECT_EQ(plan["changes"][0]["after"]["serials"], json({"FGT60FTK20000003", "FGT60FTK20000004"}));
    EXPECT_DOUBLE_EQ(plan["changes"][0]["points_per_day"]["after"].get<double>(), 5.40);
    ASSERT_EQ(flexform({"apply", "customers", "--auto-approve"}).exit_code, 0);
    EXPECT_EQ(entitlements_of(700001).size(), 7u);
    expect_converged();
}

TEST_F(Workflows, ModificationShowsThePerDeviceDeltaAndTheEntitlementsItReprices) {
    onboard();
    write("customers/acme.yaml", replace(k_acme, "service_pkg: FGHWUTP}", "service_pkg: FGHWUTP, addons: [FGHWSOCA]}"));
    const auto text = flexform({"plan", "customers"});
    EXPECT_NE(text.out.find("~ acme/acme-fgt  update_config  +4.50/day"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("re-prices 2 entitlements: 2.70 -> 4.95 per device/day (+2.25, +83.3%)"), std::string::npos)
        << text.out;
    const json plan = json::parse(flexform({"plan", "customers", "--format", "json"}).out);
    EXPECT_EQ(plan["changes"][0]["reprice"]["entitlements"], 2);
    EXPECT_DOUBLE_EQ(plan["changes"][0]["reprice"]["per_device_delta"].get<double>(), 2.25);
    ASSERT_EQ(flexform({"apply", "customers", "--auto-approve"}).exit_code, 0);
    expect_converged();
}

TEST_F(Workflows, DailyBillingStartsOnceEntitlementsAreActive) {
    onboard();
    for (const auto& e : entitlements_of(700001)) {
        if (e["status"] == "PENDING") {
            post("/__emulator/vm/use-token", {{"serialNumber", e["serialNumber"]}});
        }
    }
    for (const auto& e : entitlements_of(700001)) {
        EXPECT_EQ(e["status"], "ACTIVE") << e.dump();
    }
    post("/__emulator/clock", {{"advanceDays", 1}});
    const json ledger = post("/__emulator/ledger", {{"from", "2026-11-20"}, {"to", "2026-11-20"}});
    EXPECT_NEAR(ledger["total"].get<double>(), 2 * 2.70 + 2 * 5.36, 1e-6);  // EDR's metered usage is 0
}

TEST_F(Workflows, SuspensionStopsEverythingAndReactivationBringsItBack) {
    onboard();
    write("customers/acme.yaml", replace(k_acme, "state: active", "state: suspended"));
    const auto plan = flexform({"plan", "customers", "--detailed-exitcode"});
    EXPECT_EQ(plan.exit_code, 2);
    EXPECT_EQ(std::count(plan.out.begin(), plan.out.end(), '\n') > 5, true);
    EXPECT_NE(plan.out.find("reason: customer suspended"), std::string::npos);
    ASSERT_EQ(flexform({"apply", "customers", "--auto-approve"}).exit_code, 0);
    for (const auto& e : entitlements_of(700001)) {
        EXPECT_EQ(e["status"], "STOPPED") << e.dump();
    }
    expect_converged();

    write("customers/acme.yaml", k_acme);
    const json back = json::parse(flexform({"plan", "customers", "--format", "json"}).out);
    EXPECT_EQ(back["summary"]["reactivate"], 5);
    ASSERT_EQ(flexform({"apply", "customers", "--auto-approve"}).exit_code, 0);
    int running = 0;
    for (const auto& e : entitlements_of(700001)) {
        running += e["status"] == "ACTIVE" ? 1 : 0;
    }
    EXPECT_EQ(running, 5);  // reactivated VMs come back ACTIVE
    expect_converged();
}

// protect leaves out only its customer, blocked (exit 3) rather than failed; the other customers still apply.
TEST_F(Workflows, ProtectLeavesOutItsCustomerBlockedWhileTheOthersApply) {
    onboard();
    write("customers/acme.yaml",
          replace(replace(k_acme, "state: active", "state: suspended"), "spec:\n", "spec:\n  protect: true\n"));
    write("customers/beta.yaml", R"(apiVersion: flexform/v1
kind: Customer
metadata: {name: beta, accountId: 700002}
spec:
  configs:
    - {name: beta-fgt, product: FGT_HW, parameters: {device_model: FGT40F, service_pkg: FGHWATP}, serials: [FGT40FTK20000001]}
)");
    const auto plan = flexform({"plan", "customers", "--detailed-exitcode"});
    EXPECT_EQ(plan.exit_code, 3) << plan.out << plan.err;  // blocked: a review outcome, not an error
    EXPECT_NE(plan.out.find("Left out: 1 customer (protect blocks each; every other customer is planned):\n  ! "
                            "acme/"),
              std::string::npos)
        << plan.out;
    EXPECT_NE(plan.out.find("customer acme is protected: refusing to stop"), std::string::npos) << plan.out;
    EXPECT_NE(plan.out.find("beta/beta-fgt"), std::string::npos) << plan.out;
    EXPECT_NE(plan.err.find("plan: blocked, 1 customer left out by protect; every other customer can be applied:\n"
                            "  blocked by acme/"),
              std::string::npos)
        << plan.err;
    const json j = json::parse(flexform({"plan", "customers", "--format", "json"}).out);
    EXPECT_TRUE(j["applyable"]);  // no cost rule blocks the whole plan
    ASSERT_EQ(j["left_out"].size(), 1u) << j["left_out"].dump();
    EXPECT_EQ(j["left_out"][0]["customer"], "acme");
    EXPECT_TRUE(j["left_out"][0]["blocked"]);
    ASSERT_FALSE(j["blocking"].empty());
    for (const auto& b : j["blocking"]) {
        EXPECT_EQ(b["kind"], "protect");
        EXPECT_EQ(b["customer"], "acme");
    }
    ASSERT_EQ(flexform({"plan", "customers", "--out", "blocked.json"}).exit_code, 3);
    const auto shown = flexform({"show", "blocked.json"});
    EXPECT_EQ(shown.exit_code, 3) << shown.out << shown.err;
    const int before = writes();
    const auto apply = flexform({"apply", "customers", "--auto-approve"});
    EXPECT_EQ(apply.exit_code, 3) << apply.out << apply.err;
    EXPECT_NE(apply.err.find("flexform apply: blocked, left out 1 customer that protect keeps as they are (acme); "
                             "every other customer was applied\n  blocked by acme/"),
              std::string::npos)
        << apply.err;
    EXPECT_EQ(writes(), before + 2);  // beta's create_config and create_entitlements; nothing of acme
    for (const auto& e : entitlements_of(700001)) {
        EXPECT_NE(e["status"], "STOPPED") << e.dump();
    }
    EXPECT_EQ(entitlements_of(700002).size(), 1u);

    // An error leaving out another customer as well: exit 1 wins over blocked, after the rest is applied.
    write("customers/ghost.yaml", R"(apiVersion: flexform/v1
kind: Customer
metadata: {name: ghost, accountId: 12}
spec:
  configs:
    - {name: ghost-fgt, product: FGT_HW, parameters: {device_model: FGT60F, service_pkg: FGHWUTP}, serials: [FGT60FTK20000077]}
)");
    const auto both = flexform({"plan", "customers", "--detailed-exitcode", "--format", "json"});
    EXPECT_EQ(both.exit_code, 1) << both.err;
    const json b = json::parse(both.out);
    ASSERT_EQ(b["left_out"].size(), 2u) << b["left_out"].dump();
    for (const auto& customer : b["left_out"]) {
        EXPECT_EQ(customer["blocked"], customer["customer"] == "acme") << customer.dump();
    }
    const auto again = flexform({"apply", "customers", "--auto-approve"});
    EXPECT_EQ(again.exit_code, 1) << again.out << again.err;
    EXPECT_NE(again.err.find("flexform apply: left out 1 customer whose errors the plan lists (ghost)\n"
                             "flexform apply: blocked, left out 1 customer that protect keeps as they are (acme); "
                             "every other customer was applied\n"),
              std::string::npos)
        << again.err;
}

TEST_F(Workflows, MultiTenantPlanCoversEveryCustomerAndFilters) {
    write("customers/acme.yaml", k_acme);
    write("customers/others.yaml", R"(apiVersion: flexform/v1
kind: Customer
metadata: {name: beta, accountId: 700002}
spec:
  configs:
    - {name: beta-fgt, product: FGT_HW, parameters: {device_model: FGT40F, service_pkg: FGHWATP}, serials: [FGT40FTK20000001]}
---
apiVersion: flexform/v1
kind: Customer
metadata: {name: gamma, accountId: 700003}
spec:
  configs:
    - {name: gamma-fsw, product: FSW_HW, parameters: {device_model: S124FP, service_pkg: FSWHWFC247}, serials: [S124FPTF20000001]}
)");
    post("/__emulator/counters/reset", json::object());
    const auto verbose = flexform({"plan", "customers", "--format", "json", "-v"});
    const json all = json::parse(verbose.out);
    // The fewest calls: one login, configs/list once, entitlements/list once per account, tools/calc once per
    // distinct (product, parameters) — here the five configurations of the manifests.
    const json counters = get("/__emulator/counters");
    EXPECT_EQ(counters["endpoints"]["oauth/token"], 1);
    EXPECT_EQ(counters["endpoints"]["configs/list"], 1);
    EXPECT_EQ(counters["endpoints"]["entitlements/list"], 3);
    EXPECT_EQ(counters["endpoints"]["tools/calc"], 5);
    EXPECT_EQ(counters["total"], 10);
    EXPECT_NE(verbose.err.find("plan: 10 API requests (3 accounts, 5 distinct prices)"), std::string::npos)
        << verbose.err;
    EXPECT_NE(verbose.err.find("POST configs/list 200 "), std::string::npos) << verbose.err;
    EXPECT_EQ(all["cost"]["by_customer"].size(), 3u);
    EXPECT_EQ(all["accounts"], json({700001, 700002, 700003}));
    const json beta = json::parse(flexform({"plan", "customers", "--format", "json", "--customer", "beta"}).out);
    ASSERT_EQ(beta["cost"]["by_customer"].size(), 1u);
    EXPECT_EQ(beta["changes"].size(), 2u);
    const auto md = flexform({"plan", "customers", "--format", "markdown"});
    EXPECT_EQ(md.out.rfind("<!-- flexform-plan -->", 0), 0u);
    EXPECT_NE(md.out.find("| gamma | 2 |"), std::string::npos) << md.out;
    ASSERT_EQ(flexform({"apply", "customers", "--auto-approve"}).exit_code, 0);
    expect_converged();
}

TEST_F(Workflows, AStalePlanIsRefusedNamingWhatChanged) {
    onboard();
    write("customers/acme.yaml", replace(k_acme, "FGT60FTK20000002]", "FGT60FTK20000002, FGT60FTK20000003]"));
    const auto saved = flexform({"plan", "customers", "--out", "plan.json"});
    ASSERT_EQ(saved.exit_code, 0) << saved.err;
    // Someone stops a device in the portal between plan and apply.
    post("/__emulator/portal/entitlements/stop", {{"serialNumber", "FGT60FTK20000001"}});
    const int before = writes();
    const auto stale = flexform({"apply", "plan.json", "--auto-approve"});
    EXPECT_EQ(stale.exit_code, 1);
    EXPECT_NE(stale.err.find("the saved plan is not what flexform would plan now; nothing was written"),
              std::string::npos)
        << stale.err;
    EXPECT_NE(stale.err.find("flexform would now also `reactivate acme/acme-fgt/FGT60FTK20000001`"), std::string::npos)
        << stale.err;
    EXPECT_EQ(writes(), before);
    // A fresh plan applies exactly, and the saved plan file is what runs.
    ASSERT_EQ(flexform({"plan", "customers", "--out", "plan.json"}).exit_code, 0);
    const auto applied = flexform({"apply", "plan.json", "--auto-approve"});
    EXPECT_EQ(applied.exit_code, 0) << applied.err;
    expect_converged();
}

TEST_F(Workflows, InvalidManifestsFailBeforeAnyApiCall) {
    write("customers/acme.yaml", replace(k_acme, "cpu_size: 2", "cpu_size: 200"));
    const auto plan = flexform({"plan", "customers"});
    EXPECT_EQ(plan.exit_code, 1);
    EXPECT_NE(plan.err.find("customers/acme.yaml:13:30: spec.configs[1].parameters.cpu_size: 200 is above the maximum "
                            "96 (allowed: 1-96)"),
              std::string::npos)
        << plan.err;
    EXPECT_EQ(get("/__emulator/counters")["total"], 0);
}

TEST_F(Workflows, ApplyAsksOnATerminalAndRefusesWithoutOne) {
    write("customers/acme.yaml", k_acme);
    const auto apply = flexform({"apply", "customers"});
    EXPECT_EQ(apply.exit_code, 1);
    EXPECT_NE(apply.err.find("refusing to apply without --auto-approve"), std::string::npos);
    EXPECT_EQ(writes(), 0);
}

TEST_F(Workflows, ApplyOnATerminalShowsThePlanAndNeedsYes) {
    write("customers/acme.yaml", k_acme);
    // script(1) gives flexform a pseudo-terminal, as a person at a shell would have.
    const auto on_tty = [&](const std::string& answer) {
        std::string command = std::string(FLEXFORM_BINARY) + " apply customers --no-color --api-url=" + m_base +
                              "/ES/api/fortiflex/v2/ --auth-url=" + m_base + "/api/v1/oauth/token/";
        return flexform::testing::run_process({"/usr/bin/script", "-qec", command, "/dev/null"},
                                              {{"FORTIFLEX_ACCESS_USERNAME", k_user},
                                               {"FORTIFLEX_ACCESS_PASSWORD", k_password},
                                               {"FLEXFORM_TODAY", m_today}},
                                              answer, m_dir.string());
    };
    const auto declined = on_tty("no\n");
    EXPECT_EQ(declined.exit_code, 1) << declined.out;
    EXPECT_NE(declined.out.find("Only 'yes' will be accepted"), std::string::npos) << declined.out;
    EXPECT_NE(declined.out.find("Apply cancelled; nothing was written."), std::string::npos) << declined.out;
    EXPECT_EQ(writes(), 0);
    const auto accepted = on_tty("yes\n");
    EXPECT_EQ(accepted.exit_code, 0) << accepted.out;
    EXPECT_NE(accepted.out.find("+ acme/acme-fgt  create_config"), std::string::npos) << accepted.out;
    EXPECT_NE(accepted.out.find("Apply complete: 6 actions done."), std::string::npos) << accepted.out;
    expect_converged();
}

TEST_F(Workflows, AFailedApplyReportsWhatWasDoneAndARerunConverges) {
    write("customers/acme.yaml", k_acme);
    post("/__emulator/faults", {{"endpoint", "entitlements/hardware/create"}, {"kind", "http"}, {"httpStatus", 400}});
    const auto failed = flexform({"apply", "customers", "--auto-approve"});
    EXPECT_EQ(failed.exit_code, 1);
    EXPECT_NE(failed.out.find("Apply failed: 5 done, 1 failed, 0 unknown, 0 skipped, 0 not attempted."),
              std::string::npos)
        << failed.out;
    EXPECT_NE(failed.out.find("failed: acme/acme-fgt (create_entitlements)"), std::string::npos) << failed.out;
    const auto rerun = flexform({"apply", "customers", "--auto-approve"});
    EXPECT_EQ(rerun.exit_code, 0) << rerun.out;
    EXPECT_NE(rerun.out.find("Apply complete: 1 action done."), std::string::npos) << rerun.out;
    expect_converged();
}

TEST_F(Workflows, SecretsNeverReachOutputPlansOrJournals) {
    onboard();
    write("customers/acme.yaml", replace(k_acme, "count: 2", "count: 3"));
    flexform({"plan", "customers", "-v", "--out", "plan.json"});
    flexform({"apply", "plan.json", "--auto-approve", "-v"});
    std::string everything = m_outputs;
    for (const auto& entry : fs::recursive_directory_iterator(m_dir)) {
        if (entry.is_regular_file() && entry.path().extension() != ".db" && entry.path().filename() != "seed.json" &&
            entry.path().string().find(".db-") == std::string::npos) {
            std::ifstream in(entry.path());
            everything += std::string(std::istreambuf_iterator<char>(in), {});
        }
    }
    EXPECT_EQ(everything.find(k_password), std::string::npos);
    EXPECT_EQ(everything.find(k_user), std::string::npos);
    for (const auto& token : get("/__emulator/tokens")) {
        EXPECT_EQ(everything.find(token.get<std::string>()), std::string::npos) << "token leaked";
    }
    EXPECT_GT(get("/__emulator/tokens").size(), 0u);
}

}  // namespace
}  // namespace flexform::e2e

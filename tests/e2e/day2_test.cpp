// Day-2 commands end to end: drift, import, status, program and discover, with their exit codes and JSON.
#include <algorithm>
#include <fstream>
#include <iterator>

#include "tests/e2e/e2e_fixture.h"

namespace flexform::e2e {
namespace {

std::string read(const fs::path& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

const char* k_customer = R"(apiVersion: flexform/v1
kind: Customer
metadata: {name: acme, accountId: 700001}
spec:
  configs:
    - name: acme-fgt
      product: FGT_HW
      parameters: {device_model: FGT60F, service_pkg: FGHWUTP}
      serials: [FGT60FTK20000001, FGT60FTK20000002]
    - name: acme-fgt-ent
      product: FGT_HW
      parameters: {device_model: FGT60F, service_pkg: FGHWENT}
      serials: [FGT60FTK20000003]
    - name: acme-vm
      product: FGT_VM_Bundle
      parameters: {cpu_size: 2, service_pkg: UTP}
      vms: {count: 2, description: acme branch}
)";

class Day2 : public E2eFixture {
public:
    void SetUp() override {
        E2eFixture::SetUp();
        write("customers/acme.yaml", k_customer);
        const auto applied = flexform({"apply", "customers", "--auto-approve"});
        ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
    }
    std::int64_t config_id(const std::string& name) {
        const json current = state();
        for (const auto& c : current["configs"]) {
            if (c["name"] == name) {
                return c["id"].get<std::int64_t>();
            }
        }
        return 0;
    }
};

TEST_F(Day2, DriftIsZeroWhenInSyncAndNeverWrites) {
    post("/__emulator/counters/reset", json::object());
    const auto drift = flexform({"drift", "customers"});
    EXPECT_EQ(drift.exit_code, 0) << drift.out << drift.err;
    EXPECT_NE(drift.out.find("In sync: FortiFlex matches git."), std::string::npos);
    EXPECT_EQ(get("/__emulator/counters")["writes"], 0);
    EXPECT_EQ(get("/__emulator/counters")["endpoints"].value("tools/calc", 0), 0);  // drift prices nothing
}

TEST_F(Day2, DriftNamesEveryPortalChangeInPlainWords) {
    const std::int64_t fgt = config_id("acme-fgt");
    post("/__emulator/portal/configs/update",
         {{"id", fgt},
          {"parameters", json::array({{{"id", 27}, {"value", "FGT60F"}}, {{"id", 28}, {"value", "FGHWATP"}}})}});
    post("/__emulator/portal/entitlements/stop", {{"serialNumber", "FGT60FTK20000002"}});
    post("/__emulator/portal/entitlements/update", {{"serialNumber", "FGT60FTK20000003"}, {"configId", fgt}});
    post("/__emulator/portal/configs/create",
         {{"programSerialNumber", k_program},
          {"accountId", 700001},
          {"name", "shadow-it"},
          {"productTypeId", 101},
          {"parameters", json::array({{{"id", 27}, {"value", "FGT40F"}}, {{"id", 28}, {"value", "FGHWUTP"}}})}});
    post("/__emulator/counters/reset", json::object());
    const auto text = flexform({"drift", "customers"});
    EXPECT_EQ(text.exit_code, 2) << text.err;
    EXPECT_NE(
        text.out.find(
            "configuration \"acme-fgt\" differs from git: service_pkg is FGHWATP in FortiFlex, FGHWUTP in git"),
        std::string::npos)
        << text.out;
    EXPECT_NE(text.out.find("entitlement FGT60FTK20000002 is STOPPED in FortiFlex but active in git"),
              std::string::npos);
    EXPECT_NE(text.out.find("entitlement FGT60FTK20000003 was moved to configuration \"acme-fgt\" outside git"),
              std::string::npos)
        << text.out;
    EXPECT_NE(text.out.find("unmanaged configuration \"shadow-it\""), std::string::npos);
    EXPECT_EQ(get("/__emulator/counters")["writes"], 0);

    const json j = json::parse(flexform({"drift", "customers", "--format", "json"}).out);
    EXPECT_FALSE(j["in_sync"].get<bool>());
    std::set<std::string> kinds;
    for (const auto& item : j["items"]) {
        kinds.insert(item["kind"]);
    }
    EXPECT_EQ(kinds, (std::set<std::string>{"config_changed", "entitlement_stopped", "entitlement_moved",
                                            "config_unmanaged"}));
    // Each finding that moves points says how many: a stopped device is that much less than git declares.
    for (const auto& item : j["items"]) {
        if (item["kind"] == "entitlement_stopped" || item["kind"] == "config_changed") {
            ASSERT_TRUE(item["points_per_day"].is_number()) << item.dump();
            EXPECT_LT(item["points_per_day"].get<double>(), 0) << item.dump();  // ATP costs less than UTP
        }
    }
    EXPECT_NE(text.out.find("/day in FortiFlex against git\n"), std::string::npos) << text.out;
    const auto partly = flexform({"drift", "customers", "--ignore", "acme/shadow-it"});
    EXPECT_NE(partly.out.find(" between git and FortiFlex (1 more hidden by --ignore).\n"), std::string::npos)
        << partly.out;
    const auto md = flexform({"drift", "customers", "--format", "markdown"});
    EXPECT_EQ(md.out.rfind("<!-- flexform-drift -->", 0), 0u);

    const auto ignored = flexform({"drift", "customers", "--ignore", "acme/acme-fgt*", "--ignore", "acme/shadow-it"});
    EXPECT_EQ(ignored.exit_code, 0) << ignored.out;
    EXPECT_NE(ignored.out.find("known differences ignored"), std::string::npos) << ignored.out;
}

TEST_F(Day2, DriftReportsAMissingDeclaredSerial) {
    write("customers/acme.yaml",
          std::string(k_customer)
              .replace(std::string(k_customer).find("FGT60FTK20000002]"), 17, "FGT60FTK20000002, FGT60FTK20000004]"));
    const auto drift = flexform({"drift", "customers"});
    EXPECT_EQ(drift.exit_code, 2);
    EXPECT_NE(drift.out.find("declared serial FGT60FTK20000004 is not entitled"), std::string::npos) << drift.out;
}

TEST_F(Day2, ImportRoundTripsToAnEmptyPlan) {
    post("/__emulator/portal/entitlements/stop", {{"serialNumber", "FGT60FTK20000002"}});
    const auto imported = flexform({"import", "--account-id", "700001", "--out", "imported"});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    ASSERT_TRUE(fs::exists(m_dir / "imported" / "acme.yaml"));  // the name comes from the manifest in the tree
    EXPECT_EQ(flexform({"validate", "imported"}).exit_code, 0);
    const auto plan = flexform({"plan", "imported", "--detailed-exitcode"});
    EXPECT_EQ(plan.exit_code, 0) << plan.out << plan.err;
    const auto again = flexform({"import", "--account-id", "700001", "--out", "imported"});
    EXPECT_EQ(again.exit_code, 1);
    EXPECT_NE(again.err.find("imported/acme.yaml exists and declares account 700001 (customer acme); not "
                             "overwritten: it already declares every configuration (--force would replace"),
              std::string::npos)
        << again.err;
    // The stopped device stays in sight; the schema reference resolves from the manifest's directory; the
    // repository ignores flexform's local state.
    const std::string manifest = read(m_dir / "imported" / "acme.yaml");
    EXPECT_NE(manifest.find("# FGT60FTK20000002 is STOPPED in FortiFlex, so not declared"), std::string::npos)
        << manifest;
    const std::string marker = "$schema=";
    const std::string schema = manifest.substr(manifest.find(marker) + marker.size(),
                                               manifest.find('\n') - manifest.find(marker) - marker.size());
    const fs::path schema_path = fs::path(schema).is_absolute() ? fs::path(schema) : m_dir / "imported" / schema;
    EXPECT_TRUE(fs::is_regular_file(schema_path)) << schema;
    EXPECT_NE(imported.out.find("added .flexform/ to .gitignore"), std::string::npos) << imported.out;
    EXPECT_NE(read(m_dir / ".gitignore").find("\n.flexform/\n"), std::string::npos);
    EXPECT_EQ(flexform({"import", "--account-id", "700001", "--out", "imported", "--force"}).exit_code, 0);
}

TEST_F(Day2, ImportAllWritesSuspendedCustomersAsSuspended) {
    for (const char* serial : {"FGT60FTK20000001", "FGT60FTK20000002", "FGT60FTK20000003"}) {
        post("/__emulator/portal/entitlements/stop", {{"serialNumber", serial}});
    }
    const json current = state();
    for (const auto& e : current["entitlements"]) {
        if (e["status"] != "STOPPED") {
            post("/__emulator/portal/entitlements/stop", {{"serialNumber", e["serialNumber"]}});
        }
    }
    fs::remove_all(m_dir / "customers");
    ASSERT_EQ(flexform({"import", "--all", "--out", "all"}).exit_code, 0);
    std::ifstream in(m_dir / "all" / "account-700001.yaml");
    const std::string text((std::istreambuf_iterator<char>(in)), {});
    EXPECT_NE(text.find("state: suspended"), std::string::npos) << text;
    EXPECT_EQ(flexform({"plan", "all", "--detailed-exitcode"}).exit_code, 0);
}

TEST_F(Day2, DriftNamesADeviceMovedToAnotherCustomerOutsideGit) {
    write("customers/beta.yaml",
          "apiVersion: flexform/v1\nkind: Customer\nmetadata: {name: beta, accountId: 700002}\nspec:\n  configs:\n"
          "    - {name: beta-fgt, product: FGT_HW, parameters: {device_model: FGT60F, service_pkg: FGHWUTP}, "
          "serials: [FGT60FTK20000005]}\n");
    ASSERT_EQ(flexform({"apply", "customers", "--auto-approve"}).exit_code, 0);
    // In the portal, acme's first FortiGate is moved to beta's configuration.
    const json moved =
        post("/__emulator/portal/entitlements/transfer", {{"sourceAccountId", 700001},
                                                          {"sourceConfigId", config_id("acme-fgt")},
                                                          {"targetAccountId", 700002},
                                                          {"targetConfigId", config_id("beta-fgt")},
                                                          {"serialNumbers", json::array({"FGT60FTK20000001"})}});
    ASSERT_FALSE(moved.contains("error") && !moved["error"].is_null()) << moved.dump();
    const auto drift = flexform({"drift", "customers"});
    EXPECT_EQ(drift.exit_code, 2) << drift.out;
    EXPECT_NE(drift.out.find("device FGT60FTK20000001 is entitled in account 700002 (beta/beta-fgt) but declared under "
                             "acme/acme-fgt (account 700001)"),
              std::string::npos)
        << drift.out;
    const json j = json::parse(flexform({"drift", "customers", "--format", "json"}).out);
    ASSERT_EQ(j["items"].size(), 1u) << j.dump();  // one move, not a stop in beta plus a create in acme
    EXPECT_EQ(j["items"][0]["kind"], "device_moved_account");
    // And the plan moves it back.
    const auto plan = flexform({"plan", "customers"});
    EXPECT_NE(plan.out.find("> acme/acme-fgt/FGT60FTK20000001  transfer"), std::string::npos) << plan.out;
}

TEST_F(Day2, ABudgetBlocksAPlanUntilAReviewedWaiverAndNightlyJobsReportOverBudget) {
    // acme costs 8.82 points/day; a budget of 10 and a third FortiGate (+2.70) would take it to 11.52.
    std::string manifest = k_customer;
    manifest.replace(manifest.find("spec:\n"), 6, "spec:\n  budget: {perDay: 10}\n");
    manifest.replace(manifest.find("FGT60FTK20000002]"), 17, "FGT60FTK20000002, FGT60FTK20000008]");
    write("customers/acme.yaml", manifest);
    const auto blocked = flexform({"plan", "customers", "--detailed-exitcode", "--format", "markdown"});
    EXPECT_EQ(blocked.exit_code, 3) << blocked.out << blocked.err;
    EXPECT_NE(blocked.err.find("plan: blocked, this plan cannot be applied as it stands:\n  blocked by budget.perDay "
                               "(acme): run-rate after this plan 11.52 points/day (before 8.82), budget 10.00\n"),
              std::string::npos)
        << blocked.err;
    EXPECT_NE(blocked.out.find("> **This plan cannot be applied as it stands**"), std::string::npos) << blocked.out;
    EXPECT_LT(blocked.out.find("#### Policies"), blocked.out.find("| Customer |")) << "the rules come first";
    EXPECT_NE(blocked.out.find("| ❌ **block** | `budget.perDay` (block) | acme | 10.00 | 11.52 | run-rate after this "
                               "plan 11.52 points/day (before 8.82), budget 10.00 |"),
              std::string::npos)
        << blocked.out;
    const auto text = flexform({"plan", "customers"});
    EXPECT_NE(text.out.find("[BLOCK]  budget.perDay (acme, block)"), std::string::npos) << text.out;
    post("/__emulator/counters/reset", json::object());
    const auto refused = flexform({"apply", "customers", "--auto-approve"});
    EXPECT_EQ(refused.exit_code, 3);
    EXPECT_NE(refused.err.find("a blocking policy"), std::string::npos) << refused.err;
    EXPECT_NE(refused.err.find("  blocked by budget.perDay (acme)"), std::string::npos) << refused.err;
    EXPECT_EQ(get("/__emulator/counters")["writes"], 0);
    // An expired waiver does not help; a current one, reviewed in git, does.
    std::string waived = manifest;
    waived.replace(waived.find("  budget: {perDay: 10}\n"), 23,
                   "  budget: {perDay: 10}\n  overrides:\n    - {rule: budget.perDay, reason: branch opening, "
                   "expires: 2026-11-19}\n");
    write("customers/acme.yaml", waived);
    const auto expired = flexform({"plan", "customers", "--format", "json"});
    EXPECT_EQ(expired.exit_code, 3);
    EXPECT_NE(expired.err.find("expired on 2026-11-19: budget.perDay applies again"), std::string::npos) << expired.err;
    EXPECT_EQ(json::parse(expired.out)["policies"][0]["status"], "block");
    waived.replace(waived.find("expires: 2026-11-19"), 19, "expires: 2026-11-30");
    write("customers/acme.yaml", waived);
    const auto allowed = flexform({"plan", "customers", "--format", "json"});
    EXPECT_EQ(allowed.exit_code, 0) << allowed.err;
    const json policy = json::parse(allowed.out)["policies"][0];
    EXPECT_EQ(policy["status"], "waived");
    EXPECT_EQ(policy["waiver"]["reason"], "branch opening");
    ASSERT_EQ(flexform({"apply", "customers", "--auto-approve"}).exit_code, 0);
    // Nightly: acme now costs more than its budget. Drift and program say so and exit 2; once the waiver has
    // expired, it is a finding.
    write("customers/acme.yaml",
          std::string(waived).replace(waived.find("expires: 2026-11-30"), 19, "expires: 2026-11-19"));
    const auto drift = flexform({"drift", "customers"});
    EXPECT_EQ(drift.exit_code, 2) << drift.out;
    EXPECT_NE(drift.out.find("customer acme is over its budget (budget.perDay): costs 11.52 points/day now, budget "
                             "10.00"),
              std::string::npos)
        << drift.out;
    const auto program = flexform({"program", "--format", "json", "customers"});
    EXPECT_EQ(program.exit_code, 2) << program.err;
    EXPECT_TRUE(json::parse(program.out)["over_budget"].get<bool>());
}

TEST_F(Day2, ImportIntoARepositoryNeverDeclaresAnAccountTwice) {
    // Another account appears in the portal, with a disabled configuration beside an active one.
    const json created =
        post("/__emulator/portal/configs/create",
             {{"programSerialNumber", k_program},
              {"accountId", 700002},
              {"name", "beta-fgt"},
              {"productTypeId", 101},
              {"parameters", json::array({{{"id", 27}, {"value", "FGT40F"}}, {{"id", 28}, {"value", "FGHWUTP"}}})}});
    const json old =
        post("/__emulator/portal/configs/create",
             {{"programSerialNumber", k_program},
              {"accountId", 700002},
              {"name", "beta-old"},
              {"productTypeId", 101},
              {"parameters", json::array({{{"id", 27}, {"value", "FGT40F"}}, {{"id", 28}, {"value", "FGHWATP"}}})}});
    post("/__emulator/portal/configs/disable", {{"id", old["configs"]["id"]}});
    ASSERT_TRUE(created.contains("configs")) << created.dump();
    // acme is declared in a file of another name: skipped and listed, not written a second time.
    fs::rename(m_dir / "customers/acme.yaml", m_dir / "customers/head-office.yaml");
    const auto imported = flexform({"import", "--all", "--out", "customers"});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    EXPECT_NE(imported.out.find("skipped account 700001: declared by customers/head-office.yaml (customer acme)"),
              std::string::npos)
        << imported.out;
    EXPECT_NE(imported.out.find("wrote customers/account-700002.yaml"), std::string::npos) << imported.out;
    EXPECT_FALSE(fs::exists(m_dir / "customers/acme.yaml"));
    // Right after the import both plan and drift are clean, the disabled configuration included.
    EXPECT_EQ(flexform({"validate", "customers"}).exit_code, 0);
    const auto plan = flexform({"plan", "customers", "--detailed-exitcode"});
    EXPECT_EQ(plan.exit_code, 0) << plan.out << plan.err;
    const auto drift = flexform({"drift", "customers"});
    EXPECT_EQ(drift.exit_code, 0) << drift.out << drift.err;
    std::ifstream in(m_dir / "customers/account-700002.yaml");
    const std::string text((std::istreambuf_iterator<char>(in)), {});
    EXPECT_NE(text.find("enabled: false"), std::string::npos) << text;
    // A configuration added in the portal to a declared account: --merge adds just it, in place.
    post("/__emulator/portal/configs/create",
         {{"programSerialNumber", k_program},
          {"accountId", 700001},
          {"name", "acme-branch"},
          {"productTypeId", 101},
          {"parameters", json::array({{{"id", 27}, {"value", "FGT40F"}}, {{"id", 28}, {"value", "FGHWUTP"}}})}});
    EXPECT_EQ(flexform({"drift", "customers"}).exit_code, 2);
    const auto merged = flexform({"import", "--all", "--out", "customers", "--merge"});
    ASSERT_EQ(merged.exit_code, 0) << merged.err;
    EXPECT_NE(merged.out.find("added 1 configuration of account 700001 to customers/head-office.yaml"),
              std::string::npos)
        << merged.out;
    EXPECT_EQ(flexform({"drift", "customers"}).exit_code, 0);
    EXPECT_EQ(flexform({"plan", "customers", "--detailed-exitcode"}).exit_code, 0);
    EXPECT_EQ(flexform({"import", "--all", "--merge", "--force"}).exit_code, 1);
    EXPECT_EQ(flexform({"import", "--all", "--account-id", "700001"}).exit_code, 1);
}

TEST_F(Day2, StatusShowsEveryTenantAndOneInDetail) {
    post("/__emulator/portal/configs/create",
         {{"programSerialNumber", k_program},
          {"accountId", 700002},
          {"name", "beta"},
          {"productTypeId", 101},
          {"parameters", json::array({{{"id", 27}, {"value", "FGT40F"}}, {{"id", 28}, {"value", "FGHWUTP"}}})}});
    const auto text = flexform({"status", "customers"});
    ASSERT_EQ(text.exit_code, 0) << text.err;
    EXPECT_NE(text.out.find("700001   acme           2 FGT_HW, 1 FGT_VM_Bundle  3 ACTIVE, 2 PENDING"),
              std::string::npos)
        << text.out;
    EXPECT_NE(text.out.find("700002   (no manifest)  1 FGT_HW                   none"), std::string::npos) << text.out;
    const json j = json::parse(flexform({"status", "customers", "--format", "json"}).out);
    ASSERT_EQ(j["accounts"].size(), 2u);
    EXPECT_EQ(j["accounts"][0]["customer"], "acme");
    EXPECT_EQ(j["accounts"][0]["entitlements_by_status"]["ACTIVE"], 3);
    EXPECT_EQ(j["accounts"][0]["entitlements_by_status"]["PENDING"], 2);
    EXPECT_DOUBLE_EQ(j["accounts"][0]["points_per_day"].get<double>(), 2 * 2.70 + 3.42);
    const json detail =
        json::parse(flexform({"status", "customers", "--account-id", "700001", "--format", "json"}).out);
    ASSERT_EQ(detail["accounts"].size(), 1u);
    EXPECT_EQ(detail["accounts"][0]["entitlements"].size(), 5u);
}

TEST_F(Day2, StatusShowsOneAccountWithParameterNamesAndDates) {
    const auto text = flexform({"status", "customers", "--account-id", "700001"});
    ASSERT_EQ(text.exit_code, 0) << text.err;
    // Parameters as the manifests name them, start and end dates, token status of VMs; aligned columns.
    EXPECT_NE(text.out.find("{device_model: FGT60F, service_pkg: FGHWUTP"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("SERIAL            CONFIG        STATUS   START       END         TOKEN    DESCRIPTION"),
              std::string::npos)
        << text.out;
    EXPECT_NE(text.out.find("FGT60FTK20000001  acme-fgt      ACTIVE   2026-11-20  2027-12-31"), std::string::npos)
        << text.out;
    EXPECT_NE(text.out.find("NOTUSED"), std::string::npos) << text.out;
    const json j = json::parse(flexform({"status", "customers", "--account-id", "700001", "--format", "json"}).out);
    // Configurations are created in parallel, so their order is not fixed: find them by name.
    const json& configs = j["accounts"][0]["configs"];
    const auto fgt =
        std::find_if(configs.begin(), configs.end(), [](const json& c) { return c["name"] == "acme-fgt"; });
    ASSERT_NE(fgt, configs.end()) << configs.dump();
    EXPECT_EQ((*fgt)["parameters"]["device_model"], "FGT60F");
    EXPECT_EQ(j["accounts"][0]["entitlements"][0]["start_date"], "2026-11-20");
    // An account the API user cannot see, or one without anything of the program: said so, exit 1.
    const auto hidden = flexform({"status", "customers", "--account-id", "12"});
    EXPECT_EQ(hidden.exit_code, 1);
    EXPECT_NE(hidden.err.find("flexform status: FortiFlex: account 12: refused to list it (entitlements/list: "
                              "Authorization denied); is the account id right, and is it in the API user's scope?"),
              std::string::npos)
        << hidden.err;
    const auto empty = flexform({"status", "customers", "--account-id", "700004"});
    EXPECT_EQ(empty.exit_code, 1);
    EXPECT_NE(empty.err.find("account 700004 holds no configuration or entitlement of program ELAVMS0000000777"),
              std::string::npos)
        << empty.err;
}

TEST_F(Day2, PlanProgramTotalsMatchStatusWithUnmanagedAccountsAndOneCustomer) {
    // An account no manifest declares, with a running FortiGate: it costs the program, so plan counts it.
    const json created =
        post("/__emulator/portal/configs/create",
             {{"programSerialNumber", k_program},
              {"accountId", 700002},
              {"name", "beta"},
              {"productTypeId", 101},
              {"parameters", json::array({{{"id", 27}, {"value", "FGT60F"}}, {{"id", 28}, {"value", "FGHWENT"}}})}});
    post("/__emulator/portal/entitlements/hardware/create",
         {{"configId", created["configs"]["id"]}, {"serialNumbers", json::array({"FGT60FTK20000009"})}});
    const double status_total =
        json::parse(flexform({"status", "customers", "--format", "json"}).out)["points_per_day"].get<double>();
    const json plan = json::parse(flexform({"plan", "customers", "--format", "json"}).out);
    EXPECT_DOUBLE_EQ(plan["cost"]["per_day_before"].get<double>(), status_total);
    EXPECT_DOUBLE_EQ(plan["cost"]["other_accounts_per_day"].get<double>(), 3.42);
    const json one = json::parse(flexform({"plan", "customers", "--customer", "acme", "--format", "json"}).out);
    EXPECT_DOUBLE_EQ(one["cost"]["per_day_before"].get<double>(), status_total);
    // One value per --customer: a path after it is a path.
    const auto path_after = flexform({"plan", "--customer", "acme", "customers"});
    EXPECT_EQ(path_after.exit_code, 0) << path_after.err;
    const auto unknown = flexform({"plan", "customers", "--customer", "nobody"});
    EXPECT_EQ(unknown.exit_code, 1);
    EXPECT_NE(unknown.err.find("flexform plan: --customer nobody is not declared in the manifests"), std::string::npos)
        << unknown.err;
}

TEST_F(Day2, ErrorsFromFortiFlexNameTheirCustomerFileAndAccount) {
    write("customers/ghost.yaml",
          "apiVersion: flexform/v1\nkind: Customer\nmetadata:\n  name: ghost\n  accountId: 12\nspec:\n  configs:\n"
          "    - {name: fgt, product: FGT_HW, parameters: {device_model: FGT60F, service_pkg: FGHWUTP}, "
          "serials: [FGT60FTK20000077]}\n");
    write("customers/acme.yaml",
          std::string(k_customer)
              .replace(std::string(k_customer).find("FGT60FTK20000002]"), 17, "FGT60FTK20000002, FGT60FTK20000008]"));
    post("/__emulator/counters/reset", json::object());
    const auto plan = flexform({"plan", "customers"});
    EXPECT_EQ(plan.exit_code, 1) << plan.out << plan.err;  // an error leaves ghost out: exit 1, not blocked
    const std::string all = plan.out + plan.err;
    EXPECT_NE(all.find("(customers/ghost.yaml:5)"), std::string::npos) << all;
    EXPECT_NE(all.find("FortiFlex refused to list account 12 of customer ghost (entitlements/list: Authorization "
                       "denied); is the account id right, and is it in the API user's scope?"),
              std::string::npos)
        << all;
    EXPECT_NE(all.find("acme/acme-fgt"), std::string::npos) << all;  // the other customers still plan
    // ghost is left out, before any write of its own; acme's new serial is applied meanwhile (issue #21).
    const auto apply = flexform({"apply", "customers", "--auto-approve"});
    EXPECT_EQ(apply.exit_code, 1);
    EXPECT_NE(apply.err.find("flexform apply: left out 1 customer whose errors the plan lists (ghost); every other "
                             "customer was applied"),
              std::string::npos)
        << apply.err;
    EXPECT_EQ(get("/__emulator/counters")["writes"], 1);  // the one create of FGT60FTK20000008
    const auto import = flexform({"import", "--account-id", "9999999"});
    EXPECT_EQ(import.exit_code, 1);
    EXPECT_NE(import.err.find("flexform import: FortiFlex: account 9999999: FortiFlex refused to list it"),
              std::string::npos)
        << import.err;
    const auto url = flexform::testing::run_process(
        {FLEXFORM_BINARY, "plan", "customers", "--api-url", "not a url"},
        {{"FORTIFLEX_ACCESS_USERNAME", k_user}, {"FORTIFLEX_ACCESS_PASSWORD", k_password}}, "", m_dir.string());
    EXPECT_EQ(url.exit_code, 1);
    EXPECT_NE(url.err.find("flexform plan: the API URL (--api-url, FORTIFLEX_API_URL or apiUrl) \"not a url\""),
              std::string::npos)
        << url.err;
}

TEST_F(Day2, TokensListEachVmLicenceAndNothingElseShowsThem) {
    const std::size_t before_tokens = m_outputs.size();
    const auto text = flexform({"tokens", "customers", "--customer", "acme"});
    ASSERT_EQ(text.exit_code, 0) << text.err;
    const json j = json::parse(flexform({"tokens", "customers", "--customer", "acme", "--format", "json"}).out);
    ASSERT_EQ(j.size(), 2u);
    std::set<std::string> tokens;
    const json current = state();
    for (const auto& e : current["entitlements"]) {
        if (e.contains("token") && e["token"].is_string() && e["accountId"] == 700001) {
            tokens.insert(e["token"].get<std::string>());
        }
    }
    for (const auto& row : j) {
        EXPECT_EQ(row["config"], "acme-vm");
        EXPECT_EQ(row["status"], "PENDING");
        EXPECT_EQ(row["token_status"], "NOTUSED");
        EXPECT_TRUE(tokens.count(row["token"].get<std::string>())) << row.dump();
        EXPECT_NE(text.out.find(row["token"].get<std::string>()), std::string::npos);
    }
    EXPECT_EQ(json::parse(flexform({"tokens", "customers", "--config", "acme-vm", "--format", "json"}).out).size(), 2u);
    const auto wrong = flexform({"tokens", "customers", "--customer", "acme", "--config", "acme-fgt"});
    EXPECT_EQ(wrong.exit_code, 1);
    EXPECT_NE(wrong.err.find("no VM configuration named \"acme-fgt\" in account 700001 (VM configurations: acme-vm)"),
              std::string::npos)
        << wrong.err;
    // The hand-off formats carry each token in the form a deployment reads.
    const auto cloud_init = flexform({"tokens", "customers", "--customer", "acme", "--format", "cloud-init"});
    const auto fortios = flexform({"tokens", "customers", "--customer", "acme", "--format", "fortios"});
    const std::string first = j[0]["token"];
    EXPECT_NE(cloud_init.out.find("\nLICENSE-TOKEN:" + first + "\n"), std::string::npos) << cloud_init.out;
    EXPECT_NE(fortios.out.find("\nexecute vm-license " + first + "\n"), std::string::npos) << fortios.out;
    const auto one = flexform({"tokens", "customers", "--serial", j[0]["serial_number"], "--format", "cloud-init"});
    EXPECT_EQ(one.out, "LICENSE-TOKEN:" + first + "\n");  // one VM: exactly its user data
    const auto stock_run = flexform({"tokens", "customers", "--folders", "--format", "json"});
    const json stock = json::parse(stock_run.out);
    ASSERT_EQ(stock.size(), 1u);
    EXPECT_EQ(stock[0], json::parse(R"({"account_id": 700001, "customer": "acme", "folder_path": "My Assets",
                                        "available_tokens": 2, "used_tokens": 0})"));
    // A new token for one VM: shown on stdout as `tokens` shows it; the old one no longer redeems.
    const std::string serial = j[0]["serial_number"];
    const auto regenerated = flexform({"tokens", "regenerate", serial, "--manifests", "customers"});
    ASSERT_EQ(regenerated.exit_code, 0) << regenerated.err;
    std::string renewed;
    const json after = state();  // kept alive while iterated
    for (const auto& e : after["entitlements"]) {
        if (e["serialNumber"] == serial) {
            renewed = e["token"];
        }
    }
    ASSERT_FALSE(renewed.empty());
    EXPECT_NE(renewed, first);
    EXPECT_NE(regenerated.out.find(renewed), std::string::npos) << regenerated.out;
    EXPECT_NE(regenerated.err.find("Regenerated 1 of 1 VM token; the old token no longer redeems. Journal: .flexform/"),
              std::string::npos)
        << regenerated.err;  // a journal under .flexform, which the check below reads
    const auto old_redeem = m_http->Post("/__emulator/vm/use-token", json{{"token", first}}.dump(), "application/json");
    ASSERT_TRUE(old_redeem);
    EXPECT_EQ(old_redeem->status, 404) << old_redeem->body;
    tokens.insert(renewed);
    // The tokens appear in no other output: not the apply in SetUp, a verbose plan, drift, status, a saved plan,
    // the folder stock, what regenerate says on stderr, or its journal.
    const std::size_t after_tokens = m_outputs.size();
    flexform({"plan", "customers", "-v", "--out", "plan.json"});
    flexform({"status", "customers", "--account-id", "700001", "--format", "json", "-v"});
    flexform({"drift", "customers", "-v"});
    std::ifstream saved(m_dir / "plan.json");
    const std::string plan_file((std::istreambuf_iterator<char>(saved)), {});
    std::string everything = m_outputs.substr(0, before_tokens) + m_outputs.substr(after_tokens) + plan_file +
                             regenerated.err + stock_run.out +
                             stock_run.err;  // the folder stock counts tokens, it shows none
    ASSERT_GT(everything.size(), 1000u);
    for (const auto& entry : fs::recursive_directory_iterator(m_dir / ".flexform")) {
        if (entry.is_regular_file()) {
            std::ifstream in(entry.path());
            everything += std::string((std::istreambuf_iterator<char>(in)), {});
        }
    }
    for (const auto& t : tokens) {
        EXPECT_EQ(everything.find(t), std::string::npos) << "token " << t << " leaked";
    }
}

TEST_F(Day2, TokensRegenerateSelectsVmsAndRefusesWhatIsNoVmInScope) {
    const auto none = flexform({"tokens", "regenerate", "--manifests", "customers"});
    EXPECT_EQ(none.exit_code, 1);
    EXPECT_NE(none.err.find("name the VMs: serial numbers, or --status / --token-status"), std::string::npos)
        << none.err;
    const auto hardware = flexform({"tokens", "regenerate", "FGT60FTK20000001", "--manifests", "customers"});
    EXPECT_EQ(hardware.exit_code, 1);
    EXPECT_NE(hardware.err.find("FGT60FTK20000001 is not a VM entitlement of program " + std::string(k_program)),
              std::string::npos)
        << hardware.err;
    post("/__emulator/counters/reset", json::object());
    const auto pending = flexform({"tokens", "regenerate", "--manifests", "customers", "--customer", "acme", "--status",
                                   "PENDING", "--format", "json"});
    ASSERT_EQ(pending.exit_code, 0) << pending.err;
    EXPECT_EQ(json::parse(pending.out).size(), 2u);
    EXPECT_EQ(get("/__emulator/counters")["endpoints"].value("entitlements/vm/token", 0), 2);  // once per VM
    const auto used =
        flexform({"tokens", "regenerate", "--manifests", "customers", "--customer", "acme", "--token-status", "USED"});
    EXPECT_EQ(used.exit_code, 0);
    EXPECT_NE(used.err.find("No VM matches the selection: no token regenerated."), std::string::npos) << used.err;
}

TEST_F(Day2, AVmStoppedByThePlanGetsAFreshTokenWhenItsConfigAsksForOne) {
    std::string lowered = k_customer;
    lowered.replace(lowered.find("vms: {count: 2"), 14, "vms: {count: 1, regenerateTokenOnStop: true");
    write("customers/acme.yaml", lowered);
    const json before = state();
    const auto plan = flexform({"plan", "customers", "--format", "json"});
    const json planned = json::parse(plan.out);
    ASSERT_EQ(planned["changes"].size(), 2u) << plan.out;
    EXPECT_EQ(planned["changes"][0]["action"], "stop");
    EXPECT_EQ(planned["changes"][1]["action"], "regenerate_token");
    EXPECT_EQ(planned["changes"][1]["reason"]["code"], "token_on_stop");
    EXPECT_EQ(planned["changes"][1]["points_per_day"], json::parse(R"({"before": 0.0, "after": 0.0, "delta": 0.0})"));
    const std::string serial = planned["changes"][1]["serial_number"];
    const auto text = flexform({"plan", "customers"});
    EXPECT_NE(text.out.find("@ acme/acme-vm/" + serial), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("@ new licence token"), std::string::npos) << text.out;
    const auto applied = flexform({"apply", "customers", "--auto-approve"});
    ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
    std::string old_token;
    for (const auto& e : before["entitlements"]) {
        if (e["serialNumber"] == serial) {
            old_token = e["token"];
        }
    }
    ASSERT_FALSE(old_token.empty());
    const auto redeem = m_http->Post("/__emulator/vm/use-token", json{{"token", old_token}}.dump(), "application/json");
    ASSERT_TRUE(redeem);
    EXPECT_EQ(redeem->status, 404) << redeem->body;  // the stopped VM's old token cannot be reused
    EXPECT_EQ(flexform({"plan", "customers", "--detailed-exitcode"}).exit_code, 0);  // and nothing is left to do
}

TEST_F(Day2, ProgramProjectsTheYearAndExitsTwoWhenTheCommitmentIsMissed) {
    post("/__emulator/clock", {{"advanceDays", 10}});
    m_today = "2026-11-30";
    const auto program = flexform({"program", "--format", "json"});
    EXPECT_EQ(program.exit_code, 2) << program.err;  // a few points a day is far below 50,000 a year
    const json j = json::parse(program.out);
    EXPECT_EQ(j["type"], "postpaid");
    EXPECT_TRUE(j["misses_commitment"].get<bool>());
    const double known = 10 * (2 * 2.70 + 3.42);
    EXPECT_NEAR(j["year_so_far"]["points"].get<double>(), known, 0.01);
    // 2026-01-01..2026-11-29: the API's 90 days are known, the rest is not.
    EXPECT_EQ(j["year_so_far"]["days"], 333);
    EXPECT_EQ(j["year_so_far"]["known_days"], 90);
    EXPECT_DOUBLE_EQ(j["current_points_per_day"].get<double>(), 8.82);
    const json& projection = j["projection"];
    EXPECT_EQ(projection["known"]["days"], 90);
    // The fixture's entitlements began with its apply, ten days ago: the year's days nobody kept came before any
    // entitlement, so they count as zero, not at the known average.
    EXPECT_EQ(projection["before_first_entitlement"]["days"], 243);
    EXPECT_EQ(projection["before_first_entitlement"]["dates"], "2026-01-01 to 2026-08-31 (243 days)");
    EXPECT_EQ(projection["unknown"]["days"], 0);
    EXPECT_EQ(projection["remaining"]["days"], 32);  // 2026-11-30..2026-12-31
    EXPECT_NEAR(projection["total"].get<double>(), known + 8.82 * 32, 0.02);
    const auto text = flexform({"program"});
    // By the shortfall in whole points, grouped like every figure: 50,000 - 370.44 projected.
    EXPECT_NE(text.out.find("WARNING: projected consumption misses the yearly commitment by 49,630 points"),
              std::string::npos)
        << text.out;
    EXPECT_NE(text.out.find("+ 243 days before the first entitlement at zero + 32 remaining days"), std::string::npos)
        << text.out;
    // With no commitment set there is nothing to miss.
    write("flexform.yaml",
          std::string("apiVersion: flexform/v1\nkind: Project\nspec:\n  programSerialNumber: ") + k_program + "\n");
    const auto uncommitted = flexform({"program"});
    EXPECT_EQ(uncommitted.exit_code, 0) << uncommitted.err;
    EXPECT_NE(uncommitted.out.find("Note: no yearly commitment is set"), std::string::npos) << uncommitted.out;
    EXPECT_TRUE(json::parse(flexform({"program", "--format", "json"}).out)["commitment"].is_null());
    write("flexform.yaml", std::string("apiVersion: flexform/v1\nkind: Project\nspec:\n  programSerialNumber: ") +
                               k_program + "\n  yearlyCommitment: 100\n");
    EXPECT_EQ(flexform({"program"}).exit_code, 0);
}

TEST_F(Day2, ProgramReportsPastYearsAsActualsAndRefusesWhatItCannotKnow) {
    post("/__emulator/clock", {{"advanceDays", 10}});
    m_today = "2026-11-30";
    const auto past = flexform({"program", "--year", "2025", "--format", "json"});
    EXPECT_EQ(past.exit_code, 0) << past.err;  // nothing known: nothing to call missed
    const json j = json::parse(past.out);
    EXPECT_TRUE(j["past_year"].get<bool>());
    EXPECT_TRUE(j["projection"].is_null());
    EXPECT_EQ(j["year_so_far"]["known_days"], 0);
    EXPECT_EQ(j["year_so_far"]["days"], 365);
    EXPECT_FALSE(j["misses_commitment"].get<bool>());
    EXPECT_EQ(flexform({"program", "--year", "2027"}).exit_code, 1);
    const auto long_trend = flexform({"program", "--trend-days", "90"});
    EXPECT_EQ(long_trend.exit_code, 1);
    EXPECT_NE(long_trend.err.find("FortiFlex keeps 90 and no consumption store is configured"), std::string::npos)
        << long_trend.err;
    // With the window's days stored, program reads them from the store and asks FortiFlex for no points. (The
    // emulator does not throttle; neither need the 180 calls of this backfill.)
    write("flexform.yaml", std::string("apiVersion: flexform/v1\nkind: Project\nspec:\n  programSerialNumber: ") +
                               k_program + "\n  yearlyCommitment: 50000\n  requestsPerMinute: 10000\n");
    const std::string db = "--db=" + (m_dir / "c.db").string();
    ASSERT_EQ(flexform({"consumption", "pull", "--days", "90", db}).exit_code, 0);
    post("/__emulator/counters/reset", json::object());
    const auto stored = flexform({"program", "--format", "json", "-v", db});
    ASSERT_EQ(stored.exit_code, 2) << stored.err;
    EXPECT_EQ(get("/__emulator/counters")["endpoints"].value("entitlements/points", 0), 0);
    EXPECT_NE(stored.err.find("(0 entitlements/points)"), std::string::npos) << stored.err;
    const json from_store = json::parse(stored.out);
    EXPECT_EQ(from_store["year_so_far"]["store_days"], 90);
    EXPECT_NEAR(from_store["year_so_far"]["points"].get<double>(), 10 * (2 * 2.70 + 3.42), 0.01);
    // And a 90-day trend is possible where the store has the days (it has 90 of the 180: said so).
    const auto trend = flexform({"program", "--trend-days", "90", "--format", "json", db});
    ASSERT_EQ(trend.exit_code, 2) << trend.err;
    EXPECT_EQ(json::parse(trend.out)["trend"]["previous"]["known_days"], 0);
    EXPECT_TRUE(json::parse(trend.out)["trend"]["percent"].is_null());
    // Without the store: three points calls per account at most (year, last window, previous window).
    post("/__emulator/counters/reset", json::object());
    ASSERT_EQ(flexform({"program"}).exit_code, 2);
    EXPECT_LE(get("/__emulator/counters")["endpoints"]["entitlements/points"].get<int>(), 3);
}

TEST_F(Day2, DiscoverRedirectedPrintsOnlyTheProjectFileAndJsonListsAccounts) {
    const auto text = flexform({"discover"});
    ASSERT_EQ(text.exit_code, 0) << text.err;
    EXPECT_EQ(text.out.rfind("apiVersion: flexform/v1\nkind: Project\nspec:\n  programSerialNumber: ELAVMS0000000777",
                             0),
              0u)
        << text.out;
    EXPECT_EQ(text.out.find("account 700001"), std::string::npos) << text.out;
    const json j = json::parse(flexform({"discover", "--format", "json"}).out);
    EXPECT_EQ(j["programs"][0]["accounts"][0], json({{"account_id", 700000}, {"configs", 0}, {"owner", true}}));
    EXPECT_EQ(j["programs"][0]["accounts"][1]["account_id"], 700001);
}

TEST_F(Day2, TheDashboardWritesItsPagesRemovesOnlyItsOwnStalePagesAndShowsNoLicenceToken) {
    fs::create_directories(m_dir / "site/customers");
    const std::string mine = "<html><head><meta name=\"generator\" content=\"flexform dashboard\"></head></html>";
    write("site/customers/gone.html", mine);  // a customer of an earlier run, no longer there
    write("site/customers/notes.html", "<p>the team's own page</p>");
    write("site/README.txt", "kept");
    ASSERT_EQ(flexform({"plan", "customers", "--out", "plan.json"}).exit_code, 0);
    const auto built = flexform({"dashboard", "--out", "site", "--plan", "plan.json", "customers"});
    ASSERT_EQ(built.exit_code, 0) << built.err;
    EXPECT_NE(built.out.find("removed 1 page of customers no longer there"), std::string::npos) << built.out;
    EXPECT_FALSE(fs::exists(m_dir / "site/customers/gone.html"));
    EXPECT_TRUE(fs::exists(m_dir / "site/customers/notes.html"));
    EXPECT_TRUE(fs::exists(m_dir / "site/README.txt"));
    for (const char* page : {"index.html", "tenants.html", "style.css", "customers/acme.html"}) {
        EXPECT_TRUE(fs::exists(m_dir / "site" / page)) << page;
    }
    std::string everything;
    for (const auto& entry : fs::recursive_directory_iterator(m_dir / "site")) {
        if (entry.is_regular_file()) {
            std::ifstream in(entry.path());
            everything += std::string(std::istreambuf_iterator<char>(in), {});
        }
    }
    const json current = state();
    int tokens = 0;
    for (const auto& e : current["entitlements"]) {
        if (e.contains("token") && e["token"].is_string() && !e["token"].get<std::string>().empty()) {
            ++tokens;
            EXPECT_EQ(everything.find(e["token"].get<std::string>()), std::string::npos) << "a licence token leaked";
        }
    }
    EXPECT_GT(tokens, 0);
    EXPECT_NE(everything.find("acme-vm"), std::string::npos);
    // A drift file that is not drift's JSON is refused by name, before anything is written.
    write("drift.json", "{\"not\": \"drift\"}");
    const auto refused = flexform({"dashboard", "--out", "other", "--drift", "drift.json", "customers"});
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_NE(refused.err.find("--drift drift.json"), std::string::npos) << refused.err;
    EXPECT_FALSE(fs::exists(m_dir / "other"));
    // Drift's own JSON is read; the drift of another program is refused by name.
    json drift = json::parse(flexform({"drift", "customers", "--format", "json"}).out);
    write("drift.json", drift.dump());
    EXPECT_EQ(flexform({"dashboard", "--out", "site", "--drift", "drift.json", "customers"}).exit_code, 0);
    drift["program_serial_number"] = "ELAVMS0000000999";
    write("drift.json", drift.dump());
    const auto other = flexform({"dashboard", "--out", "other", "--drift", "drift.json", "customers"});
    EXPECT_EQ(other.exit_code, 1);
    EXPECT_NE(other.err.find("is the drift of program ELAVMS0000000999, not of ELAVMS0000000777"), std::string::npos)
        << other.err;
}

}  // namespace
}  // namespace flexform::e2e

// A live estate with duplicate configurations (as lost create answers leave behind) converges in one apply while
// every other customer is applied meanwhile; a duplicate that differs leaves out only its customer.
#include "tests/e2e/e2e_fixture.h"

namespace flexform::e2e {
namespace {

const char* k_dup = R"(apiVersion: flexform/v1
kind: Customer
metadata: {name: dup, accountId: 700001}
spec:
  configs:
    - name: dup-fgt
      product: FGT_HW
      parameters: {device_model: FGT60F, service_pkg: FGHWUTP}
      serials: [FGT60FTK21000001, FGT60FTK21000002, FGT60FTK21000003]
    - name: dup-vm
      product: FGT_VM_Bundle
      parameters: {cpu_size: 2, service_pkg: UTP}
      vms: {count: 3}
)";

const char* k_one = R"(apiVersion: flexform/v1
kind: Customer
metadata: {name: one, accountId: 700002}
spec:
  configs:
    - {name: one-fgt, product: FGT_HW, parameters: {device_model: FGT40F, service_pkg: FGHWATP},
       serials: [FGT40FTK21000001, FGT40FTK21000002]}
)";

const char* k_two = R"(apiVersion: flexform/v1
kind: Customer
metadata: {name: two, accountId: 700003}
spec:
  configs:
    - {name: two-vm, product: FGT_VM_Bundle, parameters: {cpu_size: 2, service_pkg: UTP}, vms: {count: 2}}
)";

// Two "dup-fgt" (9001 holds one serial, 9002 two) and two "dup-vm" (9003 two used VMs, 9004 two never used), each
// pair identical in product and parameters. `second_fgt_package` makes the second "dup-fgt" differ.
std::string duplicate_seed(const std::string& second_fgt_package = "FGHWUTP") {
    const json fgt = {{"device_model", "FGT60F"}, {"service_pkg", "FGHWUTP"}};
    const json vm = {{"cpu_size", "2"}, {"service_pkg", "UTP"}};
    const json seed = {
        {"configs",
         json::array({
             {{"id", 9001}, {"name", "dup-fgt"}, {"accountId", 700001}, {"product", "FGT_HW"}, {"parameters", fgt}},
             {{"id", 9002},
              {"name", "dup-fgt"},
              {"accountId", 700001},
              {"product", "FGT_HW"},
              {"parameters", {{"device_model", "FGT60F"}, {"service_pkg", second_fgt_package}}}},
             {{"id", 9003}, {"name", "dup-vm"}, {"accountId", 700001}, {"product", "FGT_VM_Bundle"}, {"parameters", vm}},
             {{"id", 9004}, {"name", "dup-vm"}, {"accountId", 700001}, {"product", "FGT_VM_Bundle"}, {"parameters", vm}},
         })},
        {"entitlements",
         json::array({
             {{"configId", 9001}, {"serialNumber", "FGT60FTK21000001"}},
             {{"configId", 9002}, {"serialNumber", "FGT60FTK21000002"}},
             {{"configId", 9002}, {"serialNumber", "FGT60FTK21000003"}},
             {{"configId", 9003}, {"count", 2}, {"status", "ACTIVE"}, {"tokenStatus", "USED"}},
             {{"configId", 9004}, {"count", 2}, {"status", "PENDING"}},
         })},
    };
    return seed.dump();
}

class Duplicates : public E2eFixture {
public:
    void SetUp() override {
        E2eFixture::SetUp();
        write("customers/dup.yaml", k_dup);
        write("customers/one.yaml", k_one);
        write("customers/two.yaml", k_two);
    }

    void seed(const std::string& text) {
        auto res = m_http->Post("/__emulator/seed", text, "application/json");
        ASSERT_TRUE(res);
        ASSERT_EQ(res->status, 200) << res->body;
    }

    json config(std::int64_t id) {
        const json current = state();
        for (const auto& c : current["configs"]) {
            if (c["id"] == id) {
                return c;
            }
        }
        return json();
    }

    // status -> count of the entitlements under one configuration
    std::map<std::string, int> statuses_under(std::int64_t config_id) {
        std::map<std::string, int> out;
        for (const auto& e : entitlements_of(700001)) {
            if (e["configId"] == config_id) {
                ++out[e["status"].get<std::string>()];
            }
        }
        return out;
    }

    // The other customers got what their manifests declare.
    void expect_others_applied() {
        EXPECT_EQ(entitlements_of(700002).size(), 2u);
        const auto two = entitlements_of(700003);
        EXPECT_EQ(two.size(), 2u);
    }
};

TEST_F(Duplicates, IdenticalDuplicatesConvergeInOneApplyWhileEveryOtherCustomerIsApplied) {
    seed(duplicate_seed());
    const auto plan = flexform({"plan", "customers", "--format", "json"});
    ASSERT_EQ(plan.exit_code, 0) << plan.out << plan.err;
    const json p = json::parse(plan.out);
    EXPECT_TRUE(p["left_out"].empty());
    int moves = 0;
    int disables = 0;
    for (const auto& c : p["changes"]) {
        if (c["reason"]["code"] != "duplicate_config") {
            continue;
        }
        moves += c["action"] == "update_entitlement" ? 1 : 0;
        disables += c["action"] == "disable_config" ? 1 : 0;
        if (c["action"] == "update_entitlement") {
            EXPECT_DOUBLE_EQ(c["points_per_day"]["delta"].get<double>(), 0.0) << c.dump();  // identical: no re-price
        }
    }
    EXPECT_EQ(moves, 3);     // FGT60FTK21000001 into 9002, the two never-used VMs into 9003
    EXPECT_EQ(disables, 2);  // 9001 and 9004

    const auto applied = flexform({"apply", "customers", "--auto-approve"});
    ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
    EXPECT_NE(applied.out.find("duplicate of config 9002"), std::string::npos) << applied.out;
    // dup-fgt: everything under 9002 (more entitlements), 9001 disabled and empty.
    EXPECT_EQ(config(9001)["status"], "DISABLED");
    EXPECT_EQ(config(9002)["status"], "ACTIVE");
    EXPECT_TRUE(statuses_under(9001).empty());
    EXPECT_EQ(statuses_under(9002), (std::map<std::string, int>{{"ACTIVE", 3}}));
    // dup-vm: a tie kept the older 9003; of 4 VMs, 3 are wanted: a never-used one is stopped, the used ones run.
    EXPECT_EQ(config(9004)["status"], "DISABLED");
    EXPECT_TRUE(statuses_under(9004).empty());
    EXPECT_EQ(statuses_under(9003), (std::map<std::string, int>{{"ACTIVE", 2}, {"PENDING", 1}, {"STOPPED", 1}}));
    expect_others_applied();

    post("/__emulator/counters/reset", json::object());
    const auto again = flexform({"plan", "customers", "--detailed-exitcode"});
    EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
    EXPECT_NE(again.out.find("No changes."), std::string::npos) << again.out;
    EXPECT_EQ(writes(), 0);
}

TEST_F(Duplicates, ADifferingDuplicateLeavesOutOnlyItsCustomer) {
    seed(duplicate_seed("FGHWATP"));
    const auto plan = flexform({"plan", "customers", "--format", "json"});
    EXPECT_EQ(plan.exit_code, 1) << plan.out << plan.err;
    const json p = json::parse(plan.out);
    ASSERT_EQ(p["left_out"].size(), 1u) << p["left_out"].dump();
    EXPECT_EQ(p["left_out"][0]["customer"], "dup");
    const json& why = p["left_out"][0]["diagnostics"][0];
    EXPECT_EQ(why["code"], "duplicate_live_names");
    EXPECT_EQ(why["address"], "dup/dup-fgt");
    EXPECT_EQ(why["message"],
              "account 700001 has 2 configurations named \"dup-fgt\" that differ (ids 9001, 9002); pin one with `id:` "
              "in the manifest");
    EXPECT_EQ(why["file"], "customers/dup.yaml");
    EXPECT_EQ(why["line"], 6);
    for (const auto& c : p["changes"]) {
        EXPECT_NE(c["customer"], "dup") << c.dump();  // not even its identical VM duplicates
    }

    const auto text = flexform({"plan", "customers"});
    EXPECT_EQ(text.exit_code, 1);
    EXPECT_EQ(text.out.find("Left out: 1 customer (an error blocks each; every other customer is planned):\n"
                            "  ! dup/dup-fgt: account 700001 has 2 configurations named \"dup-fgt\" that differ"),
              text.out.find('\n') + 2)
        << text.out;  // right below the title
    const auto markdown = flexform({"plan", "customers", "--format", "markdown"});
    EXPECT_NE(markdown.out.find("> **Left out: 1 customer** (an error blocks each; every other customer is planned):"),
              std::string::npos)
        << markdown.out;

    post("/__emulator/counters/reset", json::object());
    const auto applied = flexform({"apply", "customers", "--auto-approve"});
    EXPECT_EQ(applied.exit_code, 1) << applied.out << applied.err;
    EXPECT_NE(applied.err.find("flexform apply: left out 1 customer whose errors the plan lists (dup); every other "
                               "customer was applied"),
              std::string::npos)
        << applied.err;
    expect_others_applied();
    EXPECT_EQ(config(9001)["status"], "ACTIVE");  // dup untouched
    EXPECT_EQ(config(9004)["status"], "ACTIVE");
    EXPECT_EQ(statuses_under(9004), (std::map<std::string, int>{{"PENDING", 2}}));

    // Nothing else to do; dup stays left out until someone pins a configuration: every run says so.
    const auto again = flexform({"apply", "customers", "--auto-approve"});
    EXPECT_EQ(again.exit_code, 1) << again.out << again.err;
    EXPECT_NE(again.out.find("Left out: 1 customer"), std::string::npos) << again.out;

    std::string pinned = k_dup;
    pinned.insert(pinned.find("      product: FGT_HW"), "      id: 9002\n");
    write("customers/dup.yaml", pinned);
    const auto resolved = flexform({"apply", "customers", "--auto-approve"});
    EXPECT_EQ(resolved.exit_code, 0) << resolved.out << resolved.err;
    EXPECT_EQ(config(9004)["status"], "DISABLED");  // the identical VM duplicates converge once dup is planned
}

TEST_F(Duplicates, AnEndDateAfterTheProgramsEndIsFoundByThePlanNotByAFailedWrite) {
    write("customers/late.yaml", R"(apiVersion: flexform/v1
kind: Customer
metadata: {name: late, accountId: 700004}
spec:
  configs:
    - name: late-fgt
      product: FGT_HW
      parameters: {device_model: FGT60F, service_pkg: FGHWUTP}
      endDate: 2028-06-30
      serials: [FGT60FTK21000009]
)");
    fs::remove(m_dir / "customers/dup.yaml");
    const auto applied = flexform({"apply", "customers", "--auto-approve"});
    EXPECT_EQ(applied.exit_code, 1) << applied.out << applied.err;
    EXPECT_NE(applied.out.find("  ! late/late-fgt: endDate 2028-06-30 is after the end of program ELAVMS0000000777 "
                               "(2027-12-31); FortiFlex refuses it: declare 2027-12-31 or earlier "
                               "(customers/late.yaml:6)"),
              std::string::npos)
        << applied.out;
    EXPECT_TRUE(entitlements_of(700004).empty());
    const auto live_state = state();  // kept: a range over a temporary's member dangles
    for (const auto& c : live_state["configs"]) {
        EXPECT_NE(c["accountId"], 700004) << c.dump();  // nothing of late was written
    }
    expect_others_applied();
}

}  // namespace
}  // namespace flexform::e2e

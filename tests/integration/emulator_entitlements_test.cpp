// Entitlement endpoints and every status transition of fortiflex-api.md section 8.2.
#include "tests/integration/emulator_fixture.h"

namespace flexform::emulator::testing {
namespace {

using EmulatorEntitlements = EmulatorFixture;

TEST_F(EmulatorEntitlements, ListNeedsConfigIdOrAccountAndProgram) {
    EXPECT_EQ(fails("entitlements/list", {{"programSerialNumber", k_program}}),
              "Either configId or (accountId + programSerialNumber) should be provided in request payload.");
    EXPECT_EQ(fails("entitlements/list", {{"accountId", k_acme}}),
              "Either configId or (accountId + programSerialNumber) should be provided in request payload.");
    const json all =
        ok("entitlements/list", {{"accountId", k_acme}, {"programSerialNumber", k_program}}, "entitlements");
    EXPECT_EQ(all.size(), 2u);
    const json stopped = ok("entitlements/list", {{"configId", 100}, {"status", "STOPPED"}}, "entitlements");
    ASSERT_EQ(stopped.size(), 1u);
    EXPECT_EQ(stopped[0]["serialNumber"], "FGT60FTK20000002");
    EXPECT_EQ(ok("entitlements/list", {{"configId", 100}, {"serialNumber", "FGT60FTK20000001"}}, "entitlements").size(),
              1u);
}

TEST_F(EmulatorEntitlements, VmCreateMakesPendingTokensWithGeneratedSerials) {
    const json created = ok("entitlements/vm/create",
                            {{"configId", 101},
                             {"count", 3},
                             {"description", "branch"},
                             {"endDate", nullptr},
                             {"folderPath", "My Assets/acme"}},
                            "entitlements");
    ASSERT_EQ(created.size(), 3u);
    for (const auto& e : created) {
        EXPECT_EQ(e["status"], "PENDING");
        EXPECT_EQ(e["tokenStatus"], "NOTUSED");
        EXPECT_EQ(e["token"].get<std::string>().size(), 20u);
        EXPECT_EQ(e["serialNumber"].get<std::string>().substr(0, 10), "FGVMMLTM26");
        EXPECT_EQ(e["description"], "branch");
        EXPECT_EQ(e["endDate"], "2027-06-30T00:00:00");
        EXPECT_EQ(e["startDate"].get<std::string>().substr(0, 10), "2026-11-20");
    }
    EXPECT_EQ(ok("entitlements/vm/create", {{"configId", 101}, {"skipPending", true}}, "entitlements")[0]["status"],
              "ACTIVE");
    EXPECT_EQ(fails("entitlements/vm/create", {{"configId", 100}}), "Configuration 100 is not a VM configuration");
    EXPECT_EQ(fails("entitlements/vm/create", {{"configId", 101}, {"folderPath", "Elsewhere"}}),
              "Invalid parameter value: folderPath must start with My Assets");
}

TEST_F(EmulatorEntitlements, UsingTheTokenActivatesAPendingVm) {
    const json vm = ok("entitlements/vm/create", {{"configId", 101}}, "entitlements")[0];
    const json used = hook("vm/use-token", {{"token", vm["token"]}});
    EXPECT_EQ(used["status"], "ACTIVE");
    EXPECT_EQ(used["tokenStatus"], "USED");
    const json regenerated = ok("entitlements/vm/token", {{"serialNumber", vm["serialNumber"]}}, "entitlements")[0];
    EXPECT_EQ(regenerated["tokenStatus"], "NOTUSED");
    EXPECT_NE(regenerated["token"], vm["token"]);
    EXPECT_EQ(regenerated["status"], "ACTIVE");
}

TEST_F(EmulatorEntitlements, HardwareCreateIsActiveAndRefusesEntitledSerials) {
    const json created =
        ok("entitlements/hardware/create",
           {{"configId", 100}, {"serialNumbers", {"FGT60FTK20000003", "FGT60FTK20000004"}}, {"endDate", nullptr}},
           "entitlements");
    ASSERT_EQ(created.size(), 2u);
    EXPECT_EQ(created[0]["status"], "ACTIVE");
    EXPECT_TRUE(created[0]["token"].is_null());
    EXPECT_EQ(fails("entitlements/hardware/create", {{"configId", 103}, {"serialNumbers", {"FGT60FTK20000003"}}}),
              "Serial number FGT60FTK20000003 is already entitled");
    EXPECT_EQ(fails("entitlements/hardware/create", {{"configId", 101}, {"serialNumbers", {"FGT60FTK20000009"}}}),
              "Configuration 101 is not a hardware configuration");
    json many = json::array();
    for (int i = 0; i < 101; ++i) {
        many.push_back("FGT60FTK2100" + std::to_string(1000 + i));
    }
    EXPECT_EQ(fails("entitlements/hardware/create", {{"configId", 100}, {"serialNumbers", many}}),
              "Too many serial numbers: at most 100 per request");
}

TEST_F(EmulatorEntitlements, EndDatesMustLieBetweenTodayAndTheProgramEnd) {
    const std::string expected =
        "endDate 2026-11-19 can not be before today's date (2026-11-20) or after the program's end "
        "date (2027-06-30)";
    EXPECT_EQ(fails("entitlements/hardware/create",
                    {{"configId", 100}, {"serialNumbers", {"FGT60FTK20000005"}}, {"endDate", "2026-11-19"}}),
              expected);
    EXPECT_NE(fails("entitlements/hardware/create",
                    {{"configId", 100}, {"serialNumbers", {"FGT60FTK20000005"}}, {"endDate", "2027-07-01T00:00:00"}})
                  .find("after the program's end date"),
              std::string::npos);
    const json both =
        ok("entitlements/hardware/create",
           {{"configId", 100}, {"serialNumbers", {"FGT60FTK20000005"}}, {"endDate", "2027-01-31 00:00:00"}},
           "entitlements");
    EXPECT_EQ(both[0]["endDate"], "2027-01-31T00:00:00");
}

TEST_F(EmulatorEntitlements, CloudIsOnePerAccountAndProduct) {
    const json edr = ok("entitlements/cloud/create", {{"configId", 102}, {"description", "edr"}}, "entitlements");
    ASSERT_EQ(edr.size(), 1u);
    EXPECT_EQ(edr[0]["status"], "ACTIVE");
    EXPECT_EQ(edr[0]["serialNumber"].get<std::string>().substr(0, 6), "FEDRPO");
    EXPECT_NE(
        fails("entitlements/cloud/create", {{"configId", 102}}).find("at most one entitlement for each cloud product"),
        std::string::npos);
}

TEST_F(EmulatorEntitlements, DisabledConfigsRefuseNewEntitlements) {
    ok("configs/disable", {{"id", 100}}, "configs");
    EXPECT_EQ(fails("entitlements/hardware/create", {{"configId", 100}, {"serialNumbers", {"FGT60FTK20000006"}}}),
              "Configuration 100 is disabled");
}

TEST_F(EmulatorEntitlements, StopAndReactivateFollowTheTransitionTable) {
    const std::string sn = "FGT60FTK20000001";
    EXPECT_EQ(ok("entitlements/stop", {{"serialNumber", sn}}, "entitlements")[0]["status"], "STOPPED");
    const Reply again = api("entitlements/stop", {{"serialNumber", sn}});
    EXPECT_EQ(again.http, 400);
    EXPECT_EQ(again.body["error"]["errorCode"], 400);  // fortiflex-api.md 8.2: errorCode 400
    EXPECT_EQ(again.body["message"], "Entitlement FGT60FTK20000001 is already STOPPED and can not be stopped");
    EXPECT_EQ(ok("entitlements/reactivate", {{"serialNumber", sn}}, "entitlements")[0]["status"], "ACTIVE");
    const Reply active = api("entitlements/reactivate", {{"serialNumber", sn}});
    EXPECT_EQ(active.http, 400);
    EXPECT_EQ(active.body["error"]["errorCode"], 400);
    EXPECT_EQ(active.body["message"], "Entitlement FGT60FTK20000001 is not in STOPPED status (it is ACTIVE)");
    const json vm = ok("entitlements/vm/create", {{"configId", 101}}, "entitlements")[0];
    EXPECT_EQ(ok("entitlements/stop", {{"serialNumber", vm["serialNumber"]}}, "entitlements")[0]["status"], "STOPPED");
    EXPECT_EQ(fails("entitlements/stop", {{"serialNumber", "NOPE0000000000"}}),
              "Entitlement NOPE0000000000 does not exist");
}

TEST_F(EmulatorEntitlements, EntitlementsExpireWhenTheEndDatePasses) {
    ok("entitlements/hardware/create",
       {{"configId", 100}, {"serialNumbers", {"FGT60FTK20000007"}}, {"endDate", "2026-11-22"}}, "entitlements");
    advance_days(2);
    EXPECT_EQ(
        ok("entitlements/list", {{"configId", 100}, {"serialNumber", "FGT60FTK20000007"}}, "entitlements")[0]["status"],
        "ACTIVE");
    advance_days(1);
    const json e =
        ok("entitlements/list", {{"configId", 100}, {"serialNumber", "FGT60FTK20000007"}}, "entitlements")[0];
    EXPECT_EQ(e["status"], "EXPIRED");
    EXPECT_EQ(fails("entitlements/reactivate", {{"serialNumber", "FGT60FTK20000007"}}),
              "Entitlement FGT60FTK20000007 is not in STOPPED status (it is EXPIRED)");
    EXPECT_EQ(
        fails("entitlements/update", {{"serialNumber", "FGT60FTK20000007"}, {"configId", 100}, {"description", "x"}}),
        "Entitlement FGT60FTK20000007 is EXPIRED and can not be updated");
}

TEST_F(EmulatorEntitlements, UpdateMovesBetweenConfigsOfTheSameTypeAndAccount) {
    const json moved = ok("entitlements/update",
                          {{"serialNumber", "FGT60FTK20000001"},
                           {"configId", 104},
                           {"description", "head office"},
                           {"endDate", "2027-03-31"}},
                          "entitlements")[0];
    EXPECT_EQ(moved["configId"], 104);
    EXPECT_EQ(moved["description"], "head office");
    EXPECT_EQ(moved["endDate"], "2027-03-31T00:00:00");
    EXPECT_EQ(ok("entitlements/list", {{"configId", 104}}, "entitlements").size(), 1u);
    EXPECT_EQ(fails("entitlements/update", {{"serialNumber", "FGT60FTK20000001"}, {"configId", 101}}),
              "Configuration 101 is not of the entitlement's product type");
    EXPECT_EQ(fails("entitlements/update", {{"serialNumber", "FGT60FTK20000001"}, {"configId", 103}}),
              "Configuration 103 belongs to another account; use entitlements/transfer");
    EXPECT_EQ(fails("entitlements/update",
                    {{"serialNumber", "FGT60FTK20000002"}, {"configId", 100}, {"endDate", "2027-01-01"}}),
              "The end date of a STOPPED entitlement can not be changed");
}

TEST_F(EmulatorEntitlements, TransferMovesEntitlementsToAnotherAccount) {
    const json moved = ok("entitlements/transfer",
                          {{"sourceAccountId", k_acme},
                           {"sourceConfigId", 100},
                           {"targetAccountId", k_beta},
                           {"targetConfigId", 103},
                           {"serialNumbers", {"FGT60FTK20000001"}}},
                          "entitlements");
    ASSERT_EQ(moved.size(), 1u);
    EXPECT_EQ(moved[0]["accountId"], k_beta);
    EXPECT_EQ(moved[0]["configId"], 103);
    const json copied = ok("entitlements/transfer",
                           {{"sourceAccountId", k_acme},
                            {"sourceConfigId", 100},
                            {"targetAccountId", k_other},
                            {"targetConfigId", nullptr},
                            {"serialNumbers", {"FGT60FTK20000002"}}},
                           "entitlements");
    EXPECT_EQ(copied[0]["accountId"], k_other);
    const json other = ok("configs/list", {{"programSerialNumber", k_program}, {"accountId", k_other}}, "configs");
    ASSERT_EQ(other.size(), 1u);
    EXPECT_EQ(other[0]["name"], "acme-fgt");
    EXPECT_EQ(fails("entitlements/transfer", {{"sourceAccountId", k_acme},
                                              {"sourceConfigId", 101},
                                              {"targetAccountId", k_beta},
                                              {"targetConfigId", 103},
                                              {"serialNumbers", json::array()}}),
              "targetConfigId must be a configuration of the same product type in the target account");
}

TEST_F(EmulatorEntitlements, GroupsCountTokensAndNextTokenHandsOutUnused) {
    const json vms = ok("entitlements/vm/create", {{"configId", 101}, {"count", 2}, {"folderPath", "My Assets/pool"}},
                        "entitlements");
    hook("vm/use-token", {{"serialNumber", vms[0]["serialNumber"]}});
    const json groups = ok("groups/list", {{"accountId", k_acme}}, "groups");
    ASSERT_EQ(groups.size(), 1u);
    EXPECT_EQ(groups[0]["availableTokens"], 1);
    EXPECT_EQ(groups[0]["usedTokens"], 1);
    const json next = ok("groups/nexttoken", {{"folderPath", "My Assets/pool"}}, "entitlements");
    EXPECT_EQ(next[0]["serialNumber"], vms[1]["serialNumber"]);
    hook("vm/use-token", {{"serialNumber", vms[1]["serialNumber"]}});
    EXPECT_EQ(fails("groups/nexttoken", {{"configId", 101}}), "No available token in the requested group");
    EXPECT_NE(fails("groups/nexttoken", json::object()).find("should be provided"), std::string::npos);
}

TEST_F(EmulatorEntitlements, NextTokenNeverHandsOutAStoppedEntitlementsToken) {
    const json vms = ok("entitlements/vm/create", {{"configId", 101}, {"count", 2}, {"folderPath", "My Assets/pool"}},
                        "entitlements");
    const std::string a = vms[0]["serialNumber"];
    const std::string b = vms[1]["serialNumber"];
    const std::string first = std::min(a, b);
    const std::string second = std::max(a, b);
    EXPECT_EQ(ok("groups/nexttoken", {{"folderPath", "My Assets/pool"}}, "entitlements")[0]["serialNumber"], first);
    ok("entitlements/stop", {{"serialNumber", first}}, "entitlements");
    EXPECT_EQ(ok("groups/nexttoken", {{"folderPath", "My Assets/pool"}}, "entitlements")[0]["serialNumber"], second);
    EXPECT_EQ(fails("groups/nexttoken", {{"configId", 101}, {"status", {"STOPPED"}}}),
              "No available token in the requested group");
}

TEST_F(EmulatorEntitlements, HardwareRemoveTakesTheUnitsOutOfFortiFlex) {
    const Reply removed = api("entitlements/hardware/remove", {{"serialNumbers", {"FGT60FTK20000001"}}});
    EXPECT_EQ(removed.http, 200);
    EXPECT_EQ(removed.body,
              json::parse(R"({"status": 0, "message": "Request processed successfully", "error": null})"));
    const json listed = ok("entitlements/list", {{"configId", 100}}, "entitlements");
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0]["serialNumber"], "FGT60FTK20000002");
    EXPECT_EQ(fails("entitlements/stop", {{"serialNumber", "FGT60FTK20000001"}}),
              "Entitlement FGT60FTK20000001 does not exist");
    EXPECT_EQ(fails("entitlements/hardware/create", {{"configId", 100}, {"serialNumbers", {"FGT60FTK20000001"}}}),
              "Serial number FGT60FTK20000001 was removed from FortiFlex and can not be entitled again");
    // All or nothing: a VM serial in the request removes nothing.
    const json vm = ok("entitlements/vm/create", {{"configId", 101}}, "entitlements")[0];
    EXPECT_EQ(fails("entitlements/hardware/remove", {{"serialNumbers", {"FGT60FTK20000002", vm["serialNumber"]}}}),
              "Entitlement " + vm["serialNumber"].get<std::string>() + " is not a hardware entitlement");
    EXPECT_EQ(ok("entitlements/list", {{"configId", 100}}, "entitlements").size(), 1u);
    EXPECT_EQ(fails("entitlements/hardware/remove", json::object()), "Missing required parameter: serialNumbers");
    // Charged for the day it was removed (it was ACTIVE then), nothing after; the charged day is still reported.
    advance_days(2);
    EXPECT_EQ(ledger_day("2026-11-20")["total"], 2.70);
    EXPECT_EQ(ledger_day("2026-11-21")["total"], 0.0);
    const json points = ok("entitlements/points",
                           {{"programSerialNumber", k_program},
                            {"accountId", k_acme},
                            {"startDate", "2026-11-20"},
                            {"endDate", "2026-11-21"}},
                           "entitlements");
    ASSERT_EQ(points.size(), 1u);
    EXPECT_EQ(points[0]["serialNumber"], "FGT60FTK20000001");
    EXPECT_EQ(points[0]["points"], 2.70);
}

}  // namespace
}  // namespace flexform::emulator::testing

namespace flexform::emulator::testing {
namespace {

TEST_F(EmulatorEntitlements, ListedEntitlementsAreTheSameObjectsTheWritesReturn) {
    const json created = ok("entitlements/vm/create",
                            {{"configId", 101}, {"count", 2}, {"description", "quote \" and \\ ü"}}, "entitlements");
    const json listed = ok("entitlements/list", {{"configId", 101}}, "entitlements");
    ASSERT_EQ(listed.size(), 2u);
    for (const auto& item : listed) {
        const auto match = std::find_if(created.begin(), created.end(),
                                        [&](const json& c) { return c["serialNumber"] == item["serialNumber"]; });
        ASSERT_NE(match, created.end());
        EXPECT_EQ(item, *match);
    }
}

}  // namespace
}  // namespace flexform::emulator::testing

// The daily ledger (fortiflex-api.md 8.4, points.md 6.1) and entitlements/points (section 9).
#include "tests/integration/emulator_fixture.h"

namespace flexform::emulator::testing {
namespace {

using EmulatorBilling = EmulatorFixture;

// Charge of one serial on one day, from the emulator's ledger hook; 0 when absent.
double charge(EmulatorFixture& f, const std::string& serial, const std::string& day) {
    const json ledger = f.ledger_day(day);
    for (const auto& row : ledger["rows"]) {
        if (row["serialNumber"] == serial) {
            return row["points"].get<double>();
        }
    }
    return 0.0;
}

json points(EmulatorFixture& f, const std::string& from, const std::string& to) {
    return f.ok("entitlements/points",
                {{"programSerialNumber", k_program}, {"accountId", k_acme}, {"startDate", from}, {"endDate", to}},
                "entitlements");
}

TEST_F(EmulatorBilling, HardwareIsChargedFromTheDayItIsCreated) {
    ok("entitlements/hardware/create", {{"configId", 100}, {"serialNumbers", {"FGT60FTK20000010"}}}, "entitlements");
    EXPECT_TRUE(points(*this, "2026-11-20", "2026-11-20").empty());  // the running day is never reported
    advance_days(1);
    EXPECT_DOUBLE_EQ(charge(*this, "FGT60FTK20000010", "2026-11-20"), 2.70);
    const json rows = points(*this, "2026-11-20", "2026-11-20");
    ASSERT_EQ(rows.size(), 2u);
    for (const auto& row : rows) {
        EXPECT_DOUBLE_EQ(row["points"].get<double>(), 2.70);
        EXPECT_EQ(row["accountId"], k_acme);
    }
}

TEST_F(EmulatorBilling, PendingVmsAreFreeAndSkipPendingIsCharged) {
    const json pending = ok("entitlements/vm/create", {{"configId", 101}}, "entitlements")[0];
    const json active = ok("entitlements/vm/create", {{"configId", 101}, {"skipPending", true}}, "entitlements")[0];
    advance_days(1);
    EXPECT_DOUBLE_EQ(charge(*this, pending["serialNumber"], "2026-11-20"), 0.0);
    EXPECT_DOUBLE_EQ(charge(*this, active["serialNumber"], "2026-11-20"), 6.39);
    hook("vm/use-token", {{"serialNumber", pending["serialNumber"]}});
    advance_days(1);
    EXPECT_DOUBLE_EQ(charge(*this, pending["serialNumber"], "2026-11-21"), 6.39);
}

TEST_F(EmulatorBilling, AStopStillChargesThatDayAndFreesTheNext) {
    ok("entitlements/stop", {{"serialNumber", "FGT60FTK20000001"}}, "entitlements");
    advance_days(2);
    EXPECT_DOUBLE_EQ(charge(*this, "FGT60FTK20000001", "2026-11-20"), 2.70);
    EXPECT_DOUBLE_EQ(charge(*this, "FGT60FTK20000001", "2026-11-21"), 0.0);
}

TEST_F(EmulatorBilling, AReactivationChargesTheSameDay) {
    advance_days(1);
    EXPECT_DOUBLE_EQ(charge(*this, "FGT60FTK20000002", "2026-11-20"), 0.0);  // stopped the whole day
    ok("entitlements/reactivate", {{"serialNumber", "FGT60FTK20000002"}}, "entitlements");
    advance_days(1);
    EXPECT_DOUBLE_EQ(charge(*this, "FGT60FTK20000002", "2026-11-21"), 2.70);
}

TEST_F(EmulatorBilling, TheLargestConfigurationOfTheDayWins) {
    const json ent = {{{"id", 27}, {"value", "FGT60F"}}, {{"id", 28}, {"value", "FGHWENT"}}};
    const json utp = {{{"id", 27}, {"value", "FGT60F"}}, {{"id", 28}, {"value", "FGHWUTP"}}};
    ok("configs/update", {{"id", 100}, {"parameters", ent}}, "configs");
    ok("configs/update", {{"id", 100}, {"parameters", utp}}, "configs");
    advance_days(2);
    EXPECT_DOUBLE_EQ(charge(*this, "FGT60FTK20000001", "2026-11-20"), 3.42);
    EXPECT_DOUBLE_EQ(charge(*this, "FGT60FTK20000001", "2026-11-21"), 2.70);
}

TEST_F(EmulatorBilling, AnEntitlementJoiningAConfigLoweredTodayIsBilledAtTheDaysLargestRate) {
    // Config 104 is ENT (3.42 a day) this morning, UTP (2.70) from noon; a unit entitled after the change still
    // pays the day's largest, as every unit on the config does.
    const json utp = {{{"id", 27}, {"value", "FGT60F"}}, {{"id", 28}, {"value", "FGHWUTP"}}};
    ok("configs/update", {{"id", 104}, {"parameters", utp}}, "configs");
    ok("entitlements/hardware/create", {{"configId", 104}, {"serialNumbers", {"FGT60FTK20000020"}}}, "entitlements");
    advance_days(2);
    EXPECT_DOUBLE_EQ(charge(*this, "FGT60FTK20000020", "2026-11-20"), 3.42);
    EXPECT_DOUBLE_EQ(charge(*this, "FGT60FTK20000020", "2026-11-21"), 2.70);
}

TEST_F(EmulatorBilling, TheDaysEarlierRatesSurviveARestart) {
    const auto path = temp_path("day-rates") += ".db";
    std::filesystem::remove(path);
    stop();
    start(path.string());
    const json utp = {{{"id", 27}, {"value", "FGT60F"}}, {{"id", 28}, {"value", "FGHWUTP"}}};
    ok("configs/update", {{"id", 104}, {"parameters", utp}}, "configs");
    stop();
    start(path.string());
    ok("entitlements/hardware/create", {{"configId", 104}, {"serialNumbers", {"FGT60FTK20000021"}}}, "entitlements");
    advance_days(1);
    EXPECT_DOUBLE_EQ(charge(*this, "FGT60FTK20000021", "2026-11-20"), 3.42);
    stop();
    std::filesystem::remove(path);
    std::filesystem::remove(path.string() + "-wal");
    std::filesystem::remove(path.string() + "-shm");
    std::filesystem::remove(path.string() + ".lock");
}

TEST_F(EmulatorBilling, MovingToAnotherConfigRepricesFromThatDay) {
    ok("entitlements/update", {{"serialNumber", "FGT60FTK20000001"}, {"configId", 104}}, "entitlements");
    advance_days(2);
    EXPECT_DOUBLE_EQ(charge(*this, "FGT60FTK20000001", "2026-11-20"), 3.42);
    EXPECT_DOUBLE_EQ(charge(*this, "FGT60FTK20000001", "2026-11-21"), 3.42);
}

TEST_F(EmulatorBilling, ADisabledConfigurationIsFreeForWholeDays) {
    ok("configs/disable", {{"id", 100}}, "configs");
    advance_days(2);
    EXPECT_DOUBLE_EQ(charge(*this, "FGT60FTK20000001", "2026-11-20"), 2.70);
    EXPECT_DOUBLE_EQ(charge(*this, "FGT60FTK20000001", "2026-11-21"), 0.0);
    ok("configs/enable", {{"id", 100}}, "configs");
    advance_days(1);
    EXPECT_DOUBLE_EQ(charge(*this, "FGT60FTK20000001", "2026-11-22"), 2.70);
}

TEST_F(EmulatorBilling, PointsAreRangeTotalsWithInclusiveBoundsAndNoZeroRows) {
    advance_days(3);
    const json rows = points(*this, "2026-11-20", "2026-11-22");
    ASSERT_EQ(rows.size(), 1u);  // the stopped entitlement consumed nothing and is absent
    EXPECT_EQ(rows[0]["serialNumber"], "FGT60FTK20000001");
    EXPECT_DOUBLE_EQ(rows[0]["points"].get<double>(), 8.10);
    EXPECT_DOUBLE_EQ(points(*this, "2026-11-21", "2026-11-21")[0]["points"].get<double>(), 2.70);
    const json by_config =
        ok("entitlements/points", {{"configId", 100}, {"startDate", "2026-11-20"}, {"endDate", "2026-11-20"}},
           "entitlements");
    EXPECT_EQ(by_config.size(), 1u);
    EXPECT_EQ(
        fails("entitlements/points",
              {{"programSerialNumber", k_program}, {"startDate", "2026-11-20"}, {"endDate", "2026-11-21"}}),
        "Either configId, (accountId + programSerialNumber) or serialNumber should be provided in request payload.");
}

TEST_F(EmulatorBilling, PointsOlderThanNinetyDaysAreClipped) {
    advance_days(100);
    const json rows = points(*this, "2026-01-01", "2027-12-31");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_DOUBLE_EQ(rows[0]["points"].get<double>(), 90 * 2.70);
    EXPECT_NEAR(hook("ledger", {{"from", "2026-11-20"}, {"to", "2027-03-01"}})["total"].get<double>(), 100 * 2.70,
                1e-6);
}

TEST_F(EmulatorBilling, CalcAndTheLedgerAgree) {
    const json params = {{{"id", 27}, {"value", "FG100F"}},
                         {{"id", 28}, {"value", "FGHWENT"}},
                         {{"id", 29}, {"value", "FGHWSOCA"}},
                         {{"id", 29}, {"value", "FGHWFAZC"}}};
    const json config = ok("configs/create",
                           {{"programSerialNumber", k_program},
                            {"accountId", k_acme},
                            {"name", "calc"},
                            {"productTypeId", 101},
                            {"parameters", params}},
                           "configs");
    ok("entitlements/hardware/create", {{"configId", config["id"]}, {"serialNumbers", {"FG100FTK20000001"}}},
       "entitlements");
    const double quoted =
        ok("tools/calc",
           {{"programSerialNumber", k_program}, {"productTypeId", 101}, {"count", 1}, {"parameters", params}},
           "points")["current"];
    advance_days(1);
    EXPECT_DOUBLE_EQ(quoted, 2.40 * (3.80 + 2.50 + 0.80));
    EXPECT_DOUBLE_EQ(charge(*this, "FG100FTK20000001", "2026-11-20"), quoted);
}

TEST_F(EmulatorBilling, MeteredCloudUsageIsCharged) {
    const json edr = ok("entitlements/cloud/create", {{"configId", 102}}, "entitlements")[0];
    hook("metered", {{"serialNumber", edr["serialNumber"]}, {"parameterId", 47}, {"value", 250}});
    advance_days(1);
    EXPECT_DOUBLE_EQ(charge(*this, edr["serialNumber"], "2026-11-20"), 8.75);
}

TEST_F(EmulatorBilling, PrepaidBalanceFallsWithConsumption) {
    const json config =
        ok("configs/create",
           {{"programSerialNumber", k_prepaid},
            {"accountId", k_acme},
            {"name", "prepaid"},
            {"productTypeId", 101},
            {"parameters", json::array({{{"id", 27}, {"value", "FGT60F"}}, {{"id", 28}, {"value", "FGHWUTP"}}})}},
           "configs");
    ok("entitlements/hardware/create", {{"configId", config["id"]}, {"serialNumbers", {"FGT60FTK29999999"}}},
       "entitlements");
    advance_days(10);
    EXPECT_EQ(ok("programs/points", {{"programSerialNumber", k_prepaid}}, "programs")[0]["pointBalance"], 5000 - 27);
}

// A configuration of the prepaid program in acme's account, of FGT60F UTP hardware (2.70 a day) or 2-vCPU VMs.
std::int64_t prepaid_config(EmulatorFixture& f, const std::string& name, int product, const json& parameters) {
    return f.ok("configs/create",
                {{"programSerialNumber", k_prepaid},
                 {"accountId", k_acme},
                 {"name", name},
                 {"productTypeId", product},
                 {"parameters", parameters}},
                "configs")["id"]
        .get<std::int64_t>();
}

std::vector<std::string> listed(EmulatorFixture& f, const std::string& program) {
    std::vector<std::string> out;
    for (const auto& e : f.ok("entitlements/list", {{"programSerialNumber", program}, {"accountId", k_acme}},
                              "entitlements")) {
        out.push_back(e["serialNumber"]);
    }
    return out;
}

json program_points(EmulatorFixture& f, const std::string& program) {
    return f.ok("entitlements/points",
                {{"programSerialNumber", program}, {"accountId", k_acme}, {"startDate", "2026-11-01"},
                 {"endDate", "2026-11-30"}},
                "entitlements");
}

TEST_F(EmulatorBilling, AMoveToAnotherProgramBillsTheDaysBeforeToTheSourceAndFromThatDayToTheTarget) {
    advance_days(1);  // 2026-11-20 under the postpaid program
    const std::int64_t target = prepaid_config(
        *this, "moved", 101, json::array({{{"id", 27}, {"value", "FGT60F"}}, {{"id", 28}, {"value", "FGHWUTP"}}}));
    ok("entitlements/update", {{"serialNumber", "FGT60FTK20000001"}, {"configId", target}}, "entitlements");
    EXPECT_EQ(listed(*this, k_prepaid), (std::vector<std::string>{"FGT60FTK20000001"}));
    EXPECT_EQ(listed(*this, k_program), (std::vector<std::string>{"FGT60FTK20000002"}));
    advance_days(2);  // 2026-11-21, the day of the move, and 2026-11-22 under the prepaid one
    const json before = program_points(*this, k_program);
    ASSERT_EQ(before.size(), 1u);
    EXPECT_EQ(before[0]["serialNumber"], "FGT60FTK20000001");
    EXPECT_DOUBLE_EQ(before[0]["points"].get<double>(), 2.70);
    const json after = program_points(*this, k_prepaid);
    ASSERT_EQ(after.size(), 1u);
    EXPECT_DOUBLE_EQ(after[0]["points"].get<double>(), 2 * 2.70);
    // The serial alone still reports every day, wherever they were billed; the balance counts only the prepaid ones.
    EXPECT_DOUBLE_EQ(ok("entitlements/points",
                        {{"serialNumber", "FGT60FTK20000001"}, {"startDate", "2026-11-01"}, {"endDate", "2026-11-30"}},
                        "entitlements")[0]["points"]
                         .get<double>(),
                     3 * 2.70);
    EXPECT_EQ(ok("programs/points", {{"programSerialNumber", k_prepaid}}, "programs")[0]["pointBalance"], 5000 - 6);
    // The ledger names the program of each day.
    const auto program_on = [&](const std::string& day) {
        const json ledger = ledger_day(day);
        for (const auto& row : ledger["rows"]) {
            if (row["serialNumber"] == "FGT60FTK20000001") {
                return row["programSerialNumber"].get<std::string>();
            }
        }
        return std::string("none");
    };
    EXPECT_EQ(program_on("2026-11-20"), k_program);
    EXPECT_EQ(program_on("2026-11-21"), k_prepaid);
}

TEST_F(EmulatorBilling, AVmDoesNotMoveToAnotherProgram) {
    const json vm = ok("entitlements/vm/create", {{"configId", 101}}, "entitlements")[0];
    const std::int64_t target = prepaid_config(
        *this, "moved-vm", 1, json::array({{{"id", 1}, {"value", "2"}}, {{"id", 2}, {"value", "ENT"}}}));
    const std::string serial = vm["serialNumber"];
    EXPECT_EQ(fails("entitlements/update", {{"serialNumber", serial}, {"configId", target}}),
              "Entitlement " + serial + " is a VM of program ELAVMS0000000042 and can not move to program " +
                  "ELAVMR0000000043; create a new one under configuration " + std::to_string(target));
    EXPECT_TRUE(listed(*this, k_prepaid).empty());
}

}  // namespace
}  // namespace flexform::emulator::testing

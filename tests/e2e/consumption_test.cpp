// The consumption pipeline end to end: pull daily points from the emulator into SQLite and PostgreSQL, report,
// and compare with the emulator's own ledger to the hundredth. Interrupted pulls lose and double-count nothing.
#include <map>

#include "tests/e2e/e2e_fixture.h"
#include "tests/support/postgres_server.h"

namespace flexform::e2e {
namespace {

flexform::testing::PostgresServer& postgres() {
    static flexform::testing::PostgresServer server;
    return server;
}

const char* k_fleet = R"(apiVersion: flexform/v1
kind: Customer
metadata: {name: acme, accountId: 700001}
spec:
  configs:
    - {name: fgt, product: FGT_HW, parameters: {device_model: FGT60F, service_pkg: FGHWUTP},
       serials: [FGT60FTK20000001, FGT60FTK20000002]}
    - {name: vm, product: FGT_VM_Bundle, parameters: {cpu_size: 2, service_pkg: UTP}, vms: {count: 1, skipPending: true}}
---
apiVersion: flexform/v1
kind: Customer
metadata: {name: beta, accountId: 700002}
spec:
  configs:
    - {name: big, product: FGT_HW, parameters: {device_model: FG100F, service_pkg: FGHWENT, addons: [FGHWSOCA]},
       serials: [FG100FTK20000001]}
)";

class Consumption : public E2eFixture, public ::testing::WithParamInterface<std::string> {
public:
    void SetUp() override {
        E2eFixture::SetUp();
        if (GetParam() == "postgresql") {
            std::string id = ::testing::UnitTest::GetInstance()->current_test_info()->name();
            id = id.substr(0, id.find('/'));
            for (auto& c : id) {
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            }
            m_db = postgres().create_database("e2e" + std::to_string(::getpid()) + "_" + id);
        } else {
            m_db = (m_dir / "consumption.db").string();
        }
        write("customers/fleet.yaml", k_fleet);
        ASSERT_EQ(flexform({"apply", "customers", "--auto-approve"}).exit_code, 0);
        // Ten closed days, with a stop and a config change on the way so days differ.
        post("/__emulator/clock", {{"advanceDays", 4}});
        post("/__emulator/portal/entitlements/stop", {{"serialNumber", "FGT60FTK20000002"}});
        post("/__emulator/clock", {{"advanceDays", 6}});
        m_today = "2026-11-30";
    }

    flexform::testing::RunResult consumption(std::vector<std::string> args) {
        args.insert(args.begin(), "consumption");
        args.push_back("--db=" + m_db);
        return flexform(args);
    }

    double ledger_total(const std::string& from, const std::string& to, std::int64_t account = 0) {
        const json ledger = post("/__emulator/ledger", {{"from", from}, {"to", to}});
        double total = 0.0;
        for (const auto& row : ledger["rows"]) {
            if (account == 0 || row["accountId"] == account) {
                total += row["points"].get<double>();
            }
        }
        return std::round(total * 100.0) / 100.0;
    }

    std::string m_db;
};

TEST_P(Consumption, PullThenReportEqualsTheEmulatorsLedger) {
    const auto pull = consumption({"pull", "--days", "10"});
    ASSERT_EQ(pull.exit_code, 0) << pull.out << pull.err;
    EXPECT_NE(pull.out.find("Pulled 10 of 10 days"), std::string::npos) << pull.out;
    const json report = json::parse(
        consumption({"report", "--from", "2026-11-20", "--to", "2026-11-29", "--format", "json", "customers"}).out);
    EXPECT_DOUBLE_EQ(report["total"].get<double>(), ledger_total("2026-11-20", "2026-11-29"));
    ASSERT_EQ(report["rows"].size(), 2u);
    EXPECT_EQ(report["rows"][0]["key"], "beta");  // sorted by points
    EXPECT_DOUBLE_EQ(report["rows"][0]["points"].get<double>(), ledger_total("2026-11-20", "2026-11-29", 700002));
    const json by_day = json::parse(
        consumption({"report", "--from", "2026-11-20", "--to", "2026-11-29", "--by", "day", "--format", "json"}).out);
    ASSERT_EQ(by_day["rows"].size(), 10u);
    EXPECT_DOUBLE_EQ(by_day["rows"][0]["points"].get<double>(), ledger_total("2026-11-20", "2026-11-20"));
    EXPECT_DOUBLE_EQ(by_day["rows"][9]["points"].get<double>(), ledger_total("2026-11-29", "2026-11-29"));
    const json serial = json::parse(
        consumption({"report", "--days", "10", "--serial", "FGT60FTK20000002", "--by", "serial", "--format", "json"})
            .out);
    EXPECT_DOUBLE_EQ(serial["total"].get<double>(), 5 * 2.70);  // stopped after the fourth day: 5 charged days
    const json live =
        json::parse(flexform({"consumption", "report", "--days", "10", "--live", "--format", "json", "customers"}).out);
    EXPECT_DOUBLE_EQ(live["total"].get<double>(), report["total"].get<double>());
}

// A day with two rates (fortiflex-api.md 8.4) bills at its largest: the report of the day agrees with the ledger,
// for a unit entitled after its configuration was lowered.
TEST_P(Consumption, ADayWithSeveralRatesIsReportedAtItsLargest) {
    const json configs =
        post("/__emulator/portal/configs/list", {{"programSerialNumber", k_program}, {"accountId", 700001}});
    std::int64_t fgt = 0;
    for (const auto& c : configs["configs"]) {
        if (c["name"] == "fgt") {
            fgt = c["id"];
        }
    }
    ASSERT_NE(fgt, 0) << configs.dump();
    const auto parameters = [](const char* pkg) {
        return json::array({{{"id", 27}, {"value", "FGT60F"}}, {{"id", 28}, {"value", pkg}}});
    };
    post("/__emulator/portal/configs/update", {{"id", fgt}, {"parameters", parameters("FGHWENT")}});
    post("/__emulator/portal/configs/update", {{"id", fgt}, {"parameters", parameters("FGHWUTP")}});
    post("/__emulator/portal/entitlements/hardware/create",
         {{"configId", fgt}, {"serialNumbers", {"FGT60FTK20000009"}}});
    post("/__emulator/clock", {{"advanceDays", 1}});
    m_today = "2026-12-01";
    const auto pull = consumption({"pull", "--date", "2026-11-30"});
    ASSERT_EQ(pull.exit_code, 0) << pull.out << pull.err;
    const json day = json::parse(consumption({"report", "--from", "2026-11-30", "--to", "2026-11-30", "--serial",
                                              "FGT60FTK20000009", "--by", "serial", "--format", "json"})
                                     .out);
    EXPECT_DOUBLE_EQ(day["total"].get<double>(), 3.42);  // FGHWENT's rate, not the 2.70 in force at the create
    const json ledger = post("/__emulator/ledger", {{"from", "2026-11-30"}, {"to", "2026-11-30"}});
    for (const auto& row : ledger["rows"]) {
        if (row["serialNumber"] == "FGT60FTK20000009") {
            EXPECT_DOUBLE_EQ(row["points"].get<double>(), day["total"].get<double>());
        }
    }
}

// A decommissioned unit leaves every list the day it is removed, but is billed that day: its points stay under the
// configuration the store last knew it by, not under no configuration.
TEST_P(Consumption, ADecommissionedUnitsLastDayStaysUnderItsConfiguration) {
    ASSERT_EQ(consumption({"pull", "--date", "2026-11-29"}).exit_code, 0);
    std::string fleet = k_fleet;
    fleet.replace(fleet.find("serials: [FGT60FTK20000001,"), 27,
                  "serials: [{serial: FGT60FTK20000009, replaces: FGT60FTK20000001, decommission: true},");
    write("customers/fleet.yaml", fleet);
    const auto swapped = flexform({"apply", "customers", "--auto-approve"});
    ASSERT_EQ(swapped.exit_code, 0) << swapped.out << swapped.err;
    post("/__emulator/clock", {{"advanceDays", 1}});
    m_today = "2026-12-01";
    ASSERT_EQ(consumption({"pull", "--date", "2026-11-30"}).exit_code, 0);

    const json by_config = json::parse(
        consumption({"report", "--from", "2026-11-30", "--to", "2026-11-30", "--by", "config", "--format", "json"})
            .out);
    std::map<std::string, double> points;
    for (const auto& row : by_config["rows"]) {
        points[row["key"].get<std::string>()] = row["points"].get<double>();
    }
    const json ledger = post("/__emulator/ledger", {{"from", "2026-11-30"}, {"to", "2026-11-30"}});
    double removed = 0.0;
    double fgt = 0.0;
    for (const auto& row : ledger["rows"]) {
        const std::string serial = row["serialNumber"].get<std::string>();
        removed += serial == "FGT60FTK20000001" ? row["points"].get<double>() : 0.0;
        fgt += serial.rfind("FGT60FTK", 0) == 0 ? row["points"].get<double>() : 0.0;
    }
    ASSERT_GT(removed, 0.0);  // billed the day of its removal
    EXPECT_EQ(points.size(), 3u) << by_config.dump(2);  // fgt, vm, big: nothing under no configuration
    EXPECT_NEAR(points["fgt"], fgt, 0.005) << by_config.dump(2);
}

TEST_P(Consumption, AnInterruptedPullKeepsCompleteDaysAndARepullDoubleCountsNothing) {
    // The third of ten days fails for one account: that day is not stored at all, the others are.
    post("/__emulator/faults",
         {{"endpoint", "entitlements/points"}, {"kind", "http"}, {"httpStatus", 400}, {"count", 1}});
    const auto first = consumption({"pull", "--days", "10"});
    EXPECT_EQ(first.exit_code, 1);
    EXPECT_NE(first.out.find("Pulled 9 of 10 days"), std::string::npos) << first.out;
    EXPECT_NE(first.out.find("Failed days (nothing written for them; pull them again): 2026-11-20"), std::string::npos)
        << first.out;
    const auto table = consumption({"report", "--days", "10"});
    EXPECT_NE(table.out.find("TOTAL (9 of 10 days)"), std::string::npos) << table.out;
    EXPECT_NE(table.out.find("no figures for 2026-11-20 (never pulled"), std::string::npos) << table.out;
    const json partial = json::parse(consumption({"report", "--days", "10", "--format", "json"}).out);
    EXPECT_EQ(partial["coverage"]["missing_days"], json({"2026-11-20"}));
    EXPECT_EQ(partial["coverage"]["covered_days"], 9);
    EXPECT_FALSE(partial["coverage"]["complete"].get<bool>());
    EXPECT_DOUBLE_EQ(partial["total"].get<double>(), ledger_total("2026-11-21", "2026-11-29"));
    // Pull everything again: replaced, not added.
    const auto again = consumption({"pull", "--days", "10"});
    ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
    EXPECT_NE(again.out.find("1 new, 0 replaced, 9 unchanged"), std::string::npos) << again.out;
    ASSERT_EQ(consumption({"pull", "--date", "2026-11-25"}).exit_code, 0);
    const json full = json::parse(consumption({"report", "--days", "10", "--format", "json"}).out);
    EXPECT_TRUE(full["coverage"]["missing_days"].empty());
    EXPECT_DOUBLE_EQ(full["total"].get<double>(), ledger_total("2026-11-20", "2026-11-29"));
}

// The finding this protects against: a day pulled after FortiFlex forgot it was stored as empty.
TEST_P(Consumption, StoredHistorySurvivesTheApiForgettingIt) {
    ASSERT_EQ(consumption({"pull", "--days", "10"}).exit_code, 0);
    const json before = json::parse(consumption({"report", "--days", "10", "--format", "json"}).out);
    ASSERT_GT(before["total"].get<double>(), 0.0);
    // Three months later the API no longer answers for those days.
    post("/__emulator/clock", {{"advanceDays", 95}});
    m_today = "2027-03-05";
    const auto refused = consumption({"pull", "--date", "2026-11-25"});
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_NE(refused.err.find("FortiFlex answers only for the 90 closed days 2026-12-05 to 2027-03-04"),
              std::string::npos)
        << refused.err;
    EXPECT_NE(refused.err.find("refusing 2026-11-25"), std::string::npos) << refused.err;
    EXPECT_EQ(consumption({"pull", "--days", "91"}).exit_code, 1);
    // A pull of the window's days leaves the old ones alone.
    ASSERT_EQ(consumption({"pull", "--days", "5"}).exit_code, 0);
    const json after =
        json::parse(consumption({"report", "--from", "2026-11-20", "--to", "2026-11-29", "--format", "json"}).out);
    EXPECT_DOUBLE_EQ(after["total"].get<double>(), before["total"].get<double>());
    EXPECT_TRUE(after["coverage"]["complete"].get<bool>());
    // A live report over them says where each day came from, and takes the old days from the store.
    const json live = json::parse(
        consumption({"report", "--live", "--from", "2026-11-20", "--to", "2027-03-04", "--format", "json"}).out);
    EXPECT_EQ(live["coverage"]["outside_api_window"].size(), 15u);  // 2026-11-20 .. 2026-12-04
    EXPECT_EQ(live["coverage"]["from_store"].size(), 10u);          // the ten pulled
    EXPECT_EQ(live["coverage"]["missing_days"].size(), 5u);         // 2026-11-30 .. 2026-12-04, never pulled
    EXPECT_EQ(live["coverage"]["from_api"]["from"], "2026-12-05");
    EXPECT_NEAR(live["total"].get<double>(),
                ledger_total("2026-11-20", "2026-11-29") + ledger_total("2026-12-05", "2027-03-04"), 0.001);
}

TEST_P(Consumption, AnEmptierAnswerNeverReplacesStoredRows) {
    ASSERT_EQ(consumption({"pull", "--days", "3"}).exit_code, 0);
    const json before = json::parse(consumption({"report", "--days", "3", "--format", "json"}).out);
    // FortiFlex answers a day with nothing (a glitch, or a day it no longer keeps).
    post("/__emulator/faults", {{"endpoint", "entitlements/points"}, {"kind", "empty"}, {"count", 100}});
    const auto kept = consumption({"pull", "--date", "2026-11-28"});
    EXPECT_EQ(kept.exit_code, 1);
    EXPECT_NE(kept.err.find("2026-11-28: KEPT the stored"), std::string::npos) << kept.err;
    EXPECT_NE(kept.err.find("--replace"), std::string::npos) << kept.err;
    const json same = json::parse(consumption({"report", "--days", "3", "--format", "json"}).out);
    EXPECT_DOUBLE_EQ(same["total"].get<double>(), before["total"].get<double>());
    // Overwriting needs the flag, and says what it replaced.
    const auto replaced = consumption({"pull", "--date", "2026-11-28", "--replace"});
    EXPECT_EQ(replaced.exit_code, 0) << replaced.err;
    EXPECT_NE(replaced.err.find("2026-11-28: replaced 3 rows / "), std::string::npos) << replaced.err;
    EXPECT_NE(replaced.err.find("with 0 rows / 0.00 points"), std::string::npos) << replaced.err;
    const json emptier = json::parse(consumption({"report", "--days", "3", "--format", "json"}).out);
    EXPECT_LT(emptier["total"].get<double>(), before["total"].get<double>());
}

TEST_P(Consumption, ReportsRefuseWhatTheyCannotAnswer) {
    // No database yet: an error, and no file is created by asking.
    const auto none = consumption({"report", "--days", "3"});
    EXPECT_EQ(none.exit_code, 1);
    if (GetParam() == "sqlite") {
        EXPECT_NE(none.err.find("no consumption database at"), std::string::npos) << none.err;
        EXPECT_FALSE(fs::exists(m_db));
    } else {
        EXPECT_NE(none.err.find("holds no consumption of program " + std::string(k_program)), std::string::npos)
            << none.err;
    }
    ASSERT_EQ(consumption({"pull", "--days", "3"}).exit_code, 0);
    const auto other = consumption({"report", "--days", "3", "--program", "ELAVMS0000000999"});
    EXPECT_EQ(other.exit_code, 1);
    EXPECT_NE(other.err.find("holds no consumption of program ELAVMS0000000999"), std::string::npos) << other.err;
    const auto backwards = consumption({"report", "--from", "2026-11-25", "--to", "2026-11-21"});
    EXPECT_EQ(backwards.exit_code, 1);
    EXPECT_NE(backwards.err.find("ends before it starts"), std::string::npos) << backwards.err;
    const auto open = consumption({"report", "--from", "2026-11-25", "--to", "2026-11-30"});
    EXPECT_EQ(open.exit_code, 1);
    EXPECT_NE(open.err.find("2026-11-30, a day that has not closed"), std::string::npos) << open.err;
    const auto both = consumption({"report", "--days", "3", "--month", "2026-11"});
    EXPECT_EQ(both.exit_code, 1);
    EXPECT_NE(both.err.find("exclude each other"), std::string::npos) << both.err;
    EXPECT_EQ(consumption({"report", "--month", "2026-13"}).exit_code, 1);
    EXPECT_EQ(consumption({"pull", "--date", "2026-11-30"}).exit_code, 1);  // today is not closed
    EXPECT_EQ(consumption({"pull", "--date", "2026-11-29", "--days", "2"}).exit_code, 1);
    // A serial nobody has: a hint, not a silent zero.
    const auto ghost = consumption({"report", "--days", "3", "--serial", "FGT60FTK29999999", "--by", "serial"});
    EXPECT_EQ(ghost.exit_code, 0);
    EXPECT_NE(ghost.out.find("serial FGT60FTK29999999 has no consumption"), std::string::npos) << ghost.out;
    // The hint names a flag that exists.
    EXPECT_NE(ghost.out.find("(flexform status --account-id N lists an account's serials)"), std::string::npos);
    EXPECT_EQ(flexform({"status", "--account-id", "700001", "customers"}).exit_code, 0);
}

TEST_P(Consumption, MonthlyBillingSummaryAndOtherFormats) {
    ASSERT_EQ(consumption({"pull", "--days", "10"}).exit_code, 0);
    // This month so far: its closed days, the older ones of which were never pulled.
    const auto month = consumption({"report", "--month", "2026-11", "customers"});
    ASSERT_EQ(month.exit_code, 0) << month.err;
    EXPECT_NE(month.out.find("from 2026-11-01 to 2026-11-29 by customer"), std::string::npos) << month.out;
    EXPECT_NE(month.out.find("TOTAL (10 of 29 days)"), std::string::npos) << month.out;
    EXPECT_NE(month.out.find("acme"), std::string::npos);
    // The seeds' figures: devices and points per day per customer.
    const json j = json::parse(consumption({"report", "--days", "10", "--format", "json", "customers"}).out);
    ASSERT_EQ(j["rows"].size(), 2u);
    EXPECT_EQ(j["rows"][1]["key"], "acme");
    EXPECT_EQ(j["rows"][1]["devices"], 3);  // two FortiGates and a VM
    EXPECT_NEAR(j["rows"][1]["points_per_day"].get<double>(), ledger_total("2026-11-20", "2026-11-29", 700001) / 10,
                0.01);
    EXPECT_EQ(j["devices"], 4);
    const auto csv = consumption({"report", "--days", "10", "--format", "csv", "customers"});
    EXPECT_EQ(csv.out.rfind("customer,account_id,points,devices,points_per_day\n", 0), 0u) << csv.out;
    EXPECT_EQ(csv.out.find("TOTAL"), std::string::npos) << csv.out;  // a spreadsheet sums the column itself
    EXPECT_EQ(std::count(csv.out.begin(), csv.out.end(), '\n'), 3);
    // --by config names the configurations as they were when pulled.
    const json by_config =
        json::parse(consumption({"report", "--days", "10", "--by", "config", "--format", "json"}).out);
    std::set<std::string> configs;
    for (const auto& row : by_config["rows"]) {
        configs.insert(row["key"].get<std::string>());
    }
    EXPECT_EQ(configs, (std::set<std::string>{"fgt", "vm", "big"}));
    const auto md = consumption({"report", "--days", "10", "--format", "markdown", "--by", "config"});
    EXPECT_NE(md.out.find("| config | Detail | Points | Devices | Avg/day |"), std::string::npos) << md.out;
    const auto html = consumption({"report", "--days", "10", "--format", "html", "customers"});
    EXPECT_EQ(html.out.rfind("<!DOCTYPE html>", 0), 0u);
    EXPECT_NE(html.out.find("<svg"), std::string::npos);
    EXPECT_NE(html.out.find("program total"), std::string::npos);
    EXPECT_EQ(html.out.find("<script"), std::string::npos);
    EXPECT_EQ(html.out.find("http://"), html.out.find("http://www.w3.org/2000/svg"));  // nothing fetched
    // --save records what was asked and what was covered.
    const auto saved = consumption({"report", "--days", "10", "--save", "--serial", "FGT60FTK20000001"});
    const auto at = saved.err.find("saved .flexform/exports/consumption-");
    ASSERT_NE(at, std::string::npos) << saved.err;
    const std::string file = saved.err.substr(at + 6, saved.err.find('\n', at) - at - 6);
    std::ifstream in(m_dir / file);
    const json exported = json::parse(in);
    EXPECT_EQ(exported["filters"]["serial"], "FGT60FTK20000001");
    EXPECT_EQ(exported["from"], "2026-11-20");
    EXPECT_EQ(exported["coverage"]["covered_days"], 10);
    EXPECT_FALSE(exported["generated_at"].get<std::string>().empty());
}

TEST_P(Consumption, LiveReportsAskOnlyWhatTheyNeed) {
    post("/__emulator/counters/reset", json::object());
    const auto serial = flexform({"consumption", "report", "--live", "--days", "10", "--serial", "FGT60FTK20000002",
                                  "--by", "serial", "--format", "json", "-v", "customers"});
    ASSERT_EQ(serial.exit_code, 0) << serial.err;
    EXPECT_DOUBLE_EQ(json::parse(serial.out)["total"].get<double>(), 5 * 2.70);
    // The manifest names the serial's account: a token and one points call, no listing.
    EXPECT_EQ(get("/__emulator/counters")["endpoints"]["entitlements/points"], 1);
    EXPECT_EQ(get("/__emulator/counters")["total"], 2);
    EXPECT_NE(serial.err.find("consumption report: 2 API requests"), std::string::npos) << serial.err;
    post("/__emulator/counters/reset", json::object());
    ASSERT_EQ(flexform({"consumption", "report", "--live", "--days", "10", "--account-id", "700002"}).exit_code, 0);
    EXPECT_EQ(get("/__emulator/counters")["total"], 2);
    post("/__emulator/counters/reset", json::object());
    // Every customer: a token, one configs/list and one points call per account.
    ASSERT_EQ(flexform({"consumption", "report", "--live", "--days", "10"}).exit_code, 0);
    EXPECT_EQ(get("/__emulator/counters")["endpoints"]["entitlements/points"], 2);
    EXPECT_EQ(get("/__emulator/counters")["total"], 4);
    // An unknown serial's account is found by the points call itself.
    post("/__emulator/counters/reset", json::object());
    const auto unknown = flexform({"consumption", "report", "--live", "--days", "10", "--serial", "FG100FTK20000001",
                                   "--by", "serial", "--format", "json"});
    ASSERT_EQ(unknown.exit_code, 0) << unknown.err;
    EXPECT_EQ(json::parse(unknown.out)["rows"][0]["account_id"], 700002);
    EXPECT_EQ(get("/__emulator/counters")["total"], 2);
}

const char* k_billing = R"(apiVersion: flexform/v1
kind: Customer
metadata: {name: acme, accountId: 700001}
spec:
  billing: {pricePerPoint: 0.12, currency: EUR}
  configs:
    - {name: fgt, product: FGT_HW, parameters: {device_model: FGT60F, service_pkg: FGHWUTP},
       serials: [FGT60FTK20000001, FGT60FTK20000002]}
    - {name: vm, product: FGT_VM_Bundle, parameters: {cpu_size: 2, service_pkg: UTP}, vms: {count: 1, skipPending: true}}
---
apiVersion: flexform/v1
kind: Customer
metadata: {name: beta, accountId: 700002}
spec:
  billing: {markupPercent: 25}
  configs:
    - {name: big, product: FGT_HW, parameters: {device_model: FG100F, service_pkg: FGHWENT, addons: [FGHWSOCA]},
       serials: [FG100FTK20000001]}
)";

TEST_P(Consumption, InvoicesAMonthFromTheStoreAndRefusesAMonthWithAGap) {
    write("customers/fleet.yaml", k_billing);
    write("flexform.yaml", std::string("apiVersion: flexform/v1\nkind: Project\nspec:\n  programSerialNumber: ") +
                               k_program + "\n  billing: {pricePerPoint: 0.10, currency: USD}\n");
    post("/__emulator/clock", {{"advanceDays", 1}});
    m_today = "2026-12-01";
    // November but its 12th: a gap.
    post("/__emulator/faults",
         {{"endpoint", "entitlements/points"}, {"kind", "http"}, {"httpStatus", 400}, {"count", 1}});
    ASSERT_EQ(consumption({"pull", "--days", "30"}).exit_code, 1);
    const auto refused = consumption({"invoice", "--month", "2026-11", "customers"});
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_NE(refused.err.find("the store lacks 1 of the 30 days of 2026-11 (2026-11-01)"), std::string::npos)
        << refused.err;
    const auto flagged = consumption({"invoice", "--month", "2026-11", "--allow-incomplete", "customers"});
    EXPECT_EQ(flagged.exit_code, 0) << flagged.err;
    EXPECT_NE(flagged.out.find("INCOMPLETE: the store lacks 1 of the 30 days"), std::string::npos) << flagged.out;
    ASSERT_EQ(consumption({"pull", "--date", "2026-11-01"}).exit_code, 0);
    // The whole month: amounts to the cent, per device and per customer.
    const json invoice =
        json::parse(consumption({"invoice", "--month", "2026-11", "--format", "json", "customers"}).out);
    EXPECT_TRUE(invoice["complete"].get<bool>());
    const json ledger = post("/__emulator/ledger", {{"from", "2026-11-01"}, {"to", "2026-11-30"}});
    std::map<std::string, std::int64_t> centipoints;
    std::map<std::string, std::set<std::string>> days;
    for (const auto& row : ledger["rows"]) {
        centipoints[row["serialNumber"]] += std::llround(row["points"].get<double>() * 100);
        days[row["serialNumber"]].insert(row["date"].get<std::string>());
    }
    ASSERT_EQ(invoice["customers"].size(), 2u);
    const json& acme = invoice["customers"][0];
    EXPECT_EQ(acme["customer"], "acme");
    EXPECT_EQ(acme["unit_price"], "0.12");
    EXPECT_EQ(acme["currency"], "EUR");
    std::int64_t acme_cents = 0;
    for (const auto& d : acme["devices"]) {
        const std::int64_t c = centipoints[d["serial"]];
        const std::int64_t cents = (c * 120000 + 500000) / 1000000;  // half up
        acme_cents += cents;
        char expected[32];
        std::snprintf(expected, sizeof expected, "%lld.%02lld", static_cast<long long>(cents / 100),
                      static_cast<long long>(cents % 100));
        EXPECT_EQ(d["amount"], expected) << d.dump();
        EXPECT_EQ(d["days_active"], static_cast<int>(days[d["serial"]].size())) << d.dump();
    }
    char acme_total[32];
    std::snprintf(acme_total, sizeof acme_total, "%lld.%02lld", static_cast<long long>(acme_cents / 100),
                  static_cast<long long>(acme_cents % 100));
    EXPECT_EQ(acme["amount"], acme_total);
    const json& beta = invoice["customers"][1];
    EXPECT_EQ(beta["unit_price"], "0.125");  // 0.10 + 25%
    EXPECT_EQ(beta["currency"], "USD");
    EXPECT_EQ(beta["price_basis"], "program price 0.10 + 25%");
    EXPECT_EQ(invoice["amounts"]["EUR"], acme_total);
    const auto csv = consumption({"invoice", "--month", "2026-11", "--format", "csv", "customers"});
    EXPECT_EQ(csv.out.rfind("line,customer,account_id,serial,configuration,points,days_active,unit_price,currency,"
                            "amount\ncustomer,acme,700001,,,",
                            0),
              0u)
        << csv.out;
    EXPECT_NE(csv.out.find("device,acme,700001,FGT60FTK20000001,fgt,"), std::string::npos) << csv.out;
    // One customer's invoice: its own lines and totals only, in every format.
    const json one = json::parse(
        consumption({"invoice", "--month", "2026-11", "--customer", "acme", "--format", "json", "customers"}).out);
    EXPECT_EQ(one["customer"], "acme");
    ASSERT_EQ(one["customers"].size(), 1u);
    EXPECT_EQ(one["customers"][0], acme);
    EXPECT_EQ(one["amounts"], json({{"EUR", acme_total}}));
    EXPECT_EQ(one["points"], acme["points"]);
    const auto html = consumption({"invoice", "--month", "2026-11", "--customer", "acme", "--format", "html",
                                   "customers"});
    EXPECT_EQ(html.exit_code, 0) << html.err;
    EXPECT_NE(html.out.find("<title>Invoice 2026-11: acme (account 700001)</title>"), std::string::npos) << html.out;
    EXPECT_EQ(html.out.find("beta"), std::string::npos);
    const auto nobody = consumption({"invoice", "--month", "2026-11", "--customer", "nobody", "customers"});
    EXPECT_EQ(nobody.exit_code, 1);
    EXPECT_NE(nobody.err.find("--customer nobody is not declared in the manifests"), std::string::npos) << nobody.err;
    const auto open = consumption({"invoice", "--month", "2026-12", "customers"});
    EXPECT_EQ(open.exit_code, 1);
    EXPECT_NE(open.err.find("has not begun"), std::string::npos) << open.err;
}

TEST_P(Consumption, ABillingMarkupWithoutAProgramPriceIsRejectedBeforeAnyCall) {
    write("customers/fleet.yaml", k_billing);
    post("/__emulator/counters/reset", json::object());
    const auto bad = consumption({"invoice", "--month", "2026-10", "customers"});
    EXPECT_EQ(bad.exit_code, 1);
    EXPECT_NE(bad.err.find("customers/fleet.yaml:15:12: spec.billing.markupPercent: a markup needs the program-wide "
                           "price"),
              std::string::npos)
        << bad.err;
    EXPECT_EQ(get("/__emulator/counters")["total"], 0);
}

INSTANTIATE_TEST_SUITE_P(Stores, Consumption, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& param_info) { return param_info.param; });

}  // namespace
}  // namespace flexform::e2e

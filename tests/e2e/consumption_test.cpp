// The consumption pipeline end to end: pull daily points from the emulator into SQLite and PostgreSQL, report,
// and compare with the emulator's own ledger to the hundredth. Interrupted pulls lose and double-count nothing.
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
    EXPECT_NE(pull.out.find("Pulled 10 of 10 day(s)"), std::string::npos) << pull.out;
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

TEST_P(Consumption, AnInterruptedPullKeepsCompleteDaysAndARepullDoubleCountsNothing) {
    // The third of ten days fails for one account: that day is not stored at all, the others are.
    post("/__emulator/faults",
         {{"endpoint", "entitlements/points"}, {"kind", "http"}, {"httpStatus", 400}, {"count", 1}});
    const auto first = consumption({"pull", "--days", "10"});
    EXPECT_EQ(first.exit_code, 1);
    EXPECT_NE(first.out.find("Pulled 9 of 10 day(s)"), std::string::npos) << first.out;
    EXPECT_NE(first.out.find("Failed days (nothing stored for them; pull them again): 2026-11-20"), std::string::npos)
        << first.out;
    const json partial = json::parse(consumption({"report", "--days", "10", "--format", "json"}).out);
    EXPECT_EQ(partial["missing_days"], json({"2026-11-20"}));
    EXPECT_DOUBLE_EQ(partial["total"].get<double>(), ledger_total("2026-11-21", "2026-11-29"));
    // Pull everything again: replaced, not added.
    ASSERT_EQ(consumption({"pull", "--days", "10"}).exit_code, 0);
    ASSERT_EQ(consumption({"pull", "--date", "2026-11-25"}).exit_code, 0);
    const json full = json::parse(consumption({"report", "--days", "10", "--format", "json"}).out);
    EXPECT_TRUE(full["missing_days"].empty());
    EXPECT_DOUBLE_EQ(full["total"].get<double>(), ledger_total("2026-11-20", "2026-11-29"));
}

TEST_P(Consumption, MonthlyBillingSummaryAndOtherFormats) {
    ASSERT_EQ(consumption({"pull", "--days", "10"}).exit_code, 0);
    const auto month = consumption({"report", "--month", "2026-11", "customers"});
    ASSERT_EQ(month.exit_code, 0) << month.err;
    EXPECT_NE(month.out.find("from 2026-11-01 to 2026-11-30 by customer"), std::string::npos) << month.out;
    EXPECT_NE(month.out.find("acme"), std::string::npos);
    const auto csv = consumption({"report", "--days", "10", "--format", "csv", "customers"});
    EXPECT_EQ(csv.out.rfind("customer,detail,points,rows\n", 0), 0u) << csv.out;
    const auto md = consumption({"report", "--days", "10", "--format", "markdown", "--by", "config"});
    EXPECT_NE(md.out.find("| config | Detail | Points | Rows |"), std::string::npos);
    const auto html = consumption({"report", "--days", "10", "--format", "html", "customers"});
    EXPECT_EQ(html.out.rfind("<!DOCTYPE html>", 0), 0u);
    EXPECT_NE(html.out.find("<svg"), std::string::npos);
    EXPECT_NE(html.out.find("program total"), std::string::npos);
    EXPECT_EQ(html.out.find("<script"), std::string::npos);
    EXPECT_EQ(html.out.find("http://"), html.out.find("http://www.w3.org/2000/svg"));  // nothing fetched
    const auto saved = consumption({"report", "--days", "10", "--save"});
    EXPECT_NE(saved.err.find("saved .flexform/exports/consumption-"), std::string::npos);
    EXPECT_EQ(consumption({"pull", "--days", "91"}).exit_code, 1);
    EXPECT_EQ(consumption({"pull", "--date", "2026-11-30"}).exit_code, 1);  // today is not closed
}

INSTANTIATE_TEST_SUITE_P(Stores, Consumption, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& param_info) { return param_info.param; });

}  // namespace
}  // namespace flexform::e2e

// A consumption store that fails under a pull: the pull stops with the store's own reason instead of marking every
// day failed and advising to pull again, and what was stored stays readable.
#include <sqlite3.h>

#include "tests/e2e/e2e_fixture.h"

namespace flexform::e2e {
namespace {

using StoreFailures = E2eFixture;

const char* k_customer = R"(apiVersion: flexform/v1
kind: Customer
metadata: {name: acme, accountId: 700001}
spec:
  configs:
    - {name: fgt, product: FGT_HW, parameters: {device_model: FGT60F, service_pkg: FGHWUTP},
       serials: [FGT60FTK20000001]}
)";

TEST_F(StoreFailures, APullStopsAtTheFirstStoreFailureWithItsReason) {
    write("customers/acme.yaml", k_customer);
    ASSERT_EQ(flexform({"apply", "customers", "--auto-approve"}).exit_code, 0);
    post("/__emulator/clock", {{"advanceDays", 4}});
    m_today = "2026-11-24";
    const std::string db = "--db=" + (m_dir / "consumption.db").string();
    const auto first = flexform({"consumption", "pull", "--days", "2", db});
    ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
    {  // from now on every write to the store fails, as on a failing disk
        sqlite3* handle = nullptr;
        ASSERT_EQ(sqlite3_open((m_dir / "consumption.db").c_str(), &handle), SQLITE_OK);
        ASSERT_EQ(sqlite3_exec(handle,
                               "CREATE TRIGGER failing BEFORE INSERT ON pulled_days "
                               "BEGIN SELECT RAISE(ABORT, 'simulated write failure'); END;",
                               nullptr, nullptr, nullptr),
                  SQLITE_OK);
        sqlite3_close(handle);
    }
    const auto failing = flexform({"consumption", "pull", "--days", "4", "--replace", db});
    EXPECT_EQ(failing.exit_code, 1);
    EXPECT_NE(failing.err.find("sqlite: simulated write failure"), std::string::npos) << failing.err;
    EXPECT_EQ(failing.out.find("pull them again"), std::string::npos) << failing.out;
    const auto report = flexform({"consumption", "report", "--days", "2", "--format", "csv", db});
    EXPECT_EQ(report.exit_code, 0) << report.err;  // the days stored before are still there, read-only
}

}  // namespace
}  // namespace flexform::e2e

// A store written before several programs (one program, the oldest schema) opened by today's flexform, on real
// SQLite and PostgreSQL: it migrates in place, reports the same totals, and a second program's rows never mix in.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

#include "engine/report/consumption.h"
#include "engine/usecases/consumption_use_case.h"
#include "providers/store/store.h"
#include "tests/support/postgres_server.h"

namespace flexform {
namespace {

namespace fs = std::filesystem;

constexpr const char* k_program = "ELAVMS0000000001";
constexpr const char* k_other_program = "ELAVMR0000000002";
const Date k_today{2026, 12, 1};

testing::PostgresServer& postgres() {
    static testing::PostgresServer server;  // started on first use, stopped at exit
    return server;
}

std::string fixture_sql() {
    std::ifstream file(fs::path(FLEXFORM_SOURCE_DIR) / "tests/fixtures/store/one_program_v1.sql");
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}

class StoreMigration : public ::testing::TestWithParam<std::string> {
public:
    void SetUp() override {
        if (GetParam() == "sqlite") {
            m_path = (fs::temp_directory_path() / ("flexform-migration-" + std::to_string(::getpid()) + ".db")).string();
            fs::remove(m_path);
            sqlite3* db = nullptr;
            ASSERT_EQ(sqlite3_open(m_path.c_str(), &db), SQLITE_OK);
            ASSERT_EQ(sqlite3_exec(db, fixture_sql().c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
                << sqlite3_errmsg(db);
            sqlite3_close(db);
            m_url = m_path;
        } else {
            m_url = postgres().create_database("migration" + std::to_string(::getpid()));
            PGconn* db = PQconnectdb(m_url.c_str());
            PGresult* result = PQexec(db, fixture_sql().c_str());
            ASSERT_EQ(PQresultStatus(result), PGRES_COMMAND_OK) << PQerrorMessage(db);
            PQclear(result);
            PQfinish(db);
        }
    }
    void TearDown() override {
        if (!m_path.empty()) {
            fs::remove(m_path);
            fs::remove(m_path + "-wal");
            fs::remove(m_path + "-shm");
        }
    }

    static ReportRequest request(const std::string& program, ReportGrouping grouping) {
        ReportRequest r;
        r.program = program;
        r.from = Date{2026, 10, 1};
        r.to = Date{2026, 10, 3};
        r.grouping = grouping;
        r.customer_names = {{100, "acme"}, {200, "beta"}};
        return r;
    }

    std::string m_path;
    std::string m_url;
};

TEST_P(StoreMigration, AOneProgramStoreMigratesInPlaceAndReportsTheSameTotals) {
    auto store = open_store(m_url);
    EXPECT_EQ(store->schema_version(), static_cast<int>(store_migrations().size()));
    const ConsumptionReport report = report_from_store(*store, request(k_program, ReportGrouping::customer), k_today);
    ASSERT_EQ(report.rows.size(), 2u);
    EXPECT_EQ(report.rows[0].key, "beta");
    EXPECT_DOUBLE_EQ(report.rows[0].points, 75.0);
    EXPECT_EQ(report.rows[1].key, "acme");
    EXPECT_DOUBLE_EQ(report.rows[1].points, 41.5);
    EXPECT_DOUBLE_EQ(report.total, 116.5);
    EXPECT_EQ(report.devices, 3);
    EXPECT_TRUE(report.coverage.complete());

    // A second program's days, pulled after the upgrade, stay out of the first program's figures.
    store->replace_day(k_other_program, Date{2026, 10, 2},
                       {{Date{2026, 10, 2}, "FGT40FTK20000009", k_other_program, 100, 30, "prepaid-fw", 999,
                         "2026-12-01T09:00:00Z"}});
    store->replace_day(k_other_program, Date{2026, 10, 1}, {});
    store->replace_day(k_other_program, Date{2026, 10, 3}, {});
    store.reset();
    store = open_store(m_url);  // reopened: no second migration
    EXPECT_EQ(store->schema_version(), static_cast<int>(store_migrations().size()));
    const ConsumptionReport again = report_from_store(*store, request(k_program, ReportGrouping::customer), k_today);
    EXPECT_DOUBLE_EQ(again.total, 116.5);
    EXPECT_EQ(again.devices, 3);
    const ConsumptionReport other =
        report_from_store(*store, request(k_other_program, ReportGrouping::customer), k_today);
    ASSERT_EQ(other.rows.size(), 1u);
    EXPECT_EQ(other.rows[0].key, "acme");
    EXPECT_DOUBLE_EQ(other.total, 9.99);

    // Both programs in one report: each program's share, and the total their sum.
    const ConsumptionReport both = across_programs(
        {{"postpaid", k_program, report_from_store(*store, request(k_program, ReportGrouping::program), k_today)},
         {"prepaid", k_other_program,
          report_from_store(*store, request(k_other_program, ReportGrouping::program), k_today)}},
        ReportGrouping::program);
    ASSERT_EQ(both.rows.size(), 2u);
    EXPECT_DOUBLE_EQ(both.rows[0].points, 116.5);
    EXPECT_EQ(both.rows[0].customers, 2);
    EXPECT_DOUBLE_EQ(both.rows[1].points, 9.99);
    EXPECT_DOUBLE_EQ(both.total, 126.49);
    EXPECT_EQ(both.devices, 4);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreMigration, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& param_info) { return param_info.param; });

}  // namespace
}  // namespace flexform

// Both consumption store backends behind one interface, on real databases: SQLite files and a PostgreSQL server
// the test starts itself.
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <thread>
#include <memory>

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

#include "providers/store/store.h"
#include "tests/support/postgres_server.h"

namespace flexform {
namespace {

namespace fs = std::filesystem;

testing::PostgresServer& postgres() {
    static testing::PostgresServer server;  // started on first use, stopped at exit
    return server;
}

struct Backend {
    std::string name;
};

class Store : public ::testing::TestWithParam<Backend> {
public:
    void SetUp() override {
        const std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
        std::string id = test.substr(0, test.find('/'));
        for (auto& c : id) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        if (GetParam().name == "sqlite") {
            m_path = (fs::temp_directory_path() / ("flexform-store-" + std::to_string(::getpid()) + "-" + id + ".db"))
                         .string();
            fs::remove(m_path);
            m_url = m_path;
        } else {
            m_url = postgres().create_database("t" + std::to_string(::getpid()) + "_" + id);
        }
        m_store = open_store(m_url);
    }
    void TearDown() override {
        m_store.reset();
        if (!m_path.empty()) {
            fs::remove(m_path);
            fs::remove(m_path + "-wal");
            fs::remove(m_path + "-shm");
        }
    }

    static ConsumptionRow row(const std::string& day, const std::string& serial, std::int64_t account, std::int64_t cp,
                              std::optional<std::int64_t> config = 10, const std::string& config_name = "") {
        return {*parse_date(day), serial, "ELAVMS0000000001", account, config, config_name, cp, "2026-11-21T14:00:00Z"};
    }

    std::int64_t total(const std::string& from, const std::string& to) {
        std::int64_t sum = 0;
        for (const auto& a :
             m_store->aggregate({"ELAVMS0000000001", *parse_date(from), *parse_date(to), {}, {}}, GroupBy::account)) {
            sum += a.centipoints;
        }
        return sum;
    }

    // One statement on the store's database behind the port's back; the first column of the first row, if any.
    std::string raw_sql(const std::string& sql) {
        std::string first;
        if (GetParam().name == "sqlite") {
            sqlite3* db = nullptr;
            EXPECT_EQ(sqlite3_open(m_path.c_str(), &db), SQLITE_OK);
            EXPECT_EQ(sqlite3_exec(
                          db, sql.c_str(),
                          [](void* out, int, char** values, char**) {
                              *static_cast<std::string*>(out) = values[0] ? values[0] : "";
                              return 0;
                          },
                          &first, nullptr),
                      SQLITE_OK)
                << sqlite3_errmsg(db);
            sqlite3_close(db);
        } else {
            PGconn* db = PQconnectdb(m_url.c_str());
            PGresult* result = PQexec(db, sql.c_str());
            EXPECT_NE(PQresultStatus(result), PGRES_FATAL_ERROR) << PQerrorMessage(db);
            if (PQresultStatus(result) == PGRES_TUPLES_OK && PQntuples(result) > 0) {
                first = PQgetvalue(result, 0, 0);
            }
            PQclear(result);
            PQfinish(db);
        }
        return first;
    }

    std::string m_path;
    std::string m_url;
    std::unique_ptr<ConsumptionStore> m_store;
};

TEST_P(Store, MigratesToTheLatestVersionOnceAndReopens) {
    EXPECT_EQ(m_store->schema_version(), static_cast<int>(store_migrations().size()));
    m_store->replace_day("ELAVMS0000000001", Date{2026, 11, 20}, {row("2026-11-20", "A", 1, 270)});
    m_store.reset();
    m_store = open_store(m_url);
    EXPECT_EQ(m_store->schema_version(), static_cast<int>(store_migrations().size()));
    EXPECT_EQ(total("2026-11-20", "2026-11-20"), 270);
}

TEST_P(Store, ReplacingADayNeverDoubleCounts) {
    const Date day{2026, 11, 20};
    m_store->replace_day("ELAVMS0000000001", day, {row("2026-11-20", "A", 1, 270), row("2026-11-20", "B", 2, 342)});
    m_store->replace_day("ELAVMS0000000001", day, {row("2026-11-20", "A", 1, 270), row("2026-11-20", "B", 2, 342)});
    EXPECT_EQ(total("2026-11-20", "2026-11-20"), 612);
    m_store->replace_day("ELAVMS0000000001", day, {row("2026-11-20", "A", 1, 300)});  // a corrected re-pull
    EXPECT_EQ(total("2026-11-20", "2026-11-20"), 300);
    m_store->replace_day("ELAVMS0000000002", day, {{day, "A", "ELAVMS0000000002", 1, {}, "", 999, "x"}});
    EXPECT_EQ(total("2026-11-20", "2026-11-20"), 300);  // programs are kept apart
}

TEST_P(Store, AggregatesByEveryGroupingWithFilters) {
    m_store->replace_day("ELAVMS0000000001", Date{2026, 11, 19},
                         {row("2026-11-19", "A", 1, 100, 10), row("2026-11-19", "B", 1, 200, 11),
                          row("2026-11-19", "C", 2, 400, std::nullopt)});
    m_store->replace_day("ELAVMS0000000001", Date{2026, 11, 20},
                         {row("2026-11-20", "A", 1, 100, 10), row("2026-11-20", "C", 2, 400, std::nullopt)});
    const ConsumptionQuery all{"ELAVMS0000000001", Date{2026, 11, 19}, Date{2026, 11, 20}, {}, {}};
    auto by_serial = m_store->aggregate(all, GroupBy::serial);
    std::sort(by_serial.begin(), by_serial.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
    ASSERT_EQ(by_serial.size(), 3u);
    EXPECT_EQ(by_serial[0].key, "A");
    EXPECT_EQ(by_serial[0].centipoints, 200);
    EXPECT_EQ(by_serial[0].rows, 2);
    EXPECT_EQ(m_store->aggregate(all, GroupBy::account).size(), 2u);
    EXPECT_EQ(m_store->aggregate(all, GroupBy::config).size(), 3u);  // 10, 11 and unknown
    EXPECT_EQ(m_store->aggregate(all, GroupBy::day).size(), 2u);
    EXPECT_EQ(m_store->aggregate(all, GroupBy::day_and_account).size(), 4u);
    ConsumptionQuery one = all;
    one.account_id = 2;
    EXPECT_EQ(m_store->aggregate(one, GroupBy::account).at(0).centipoints, 800);
    ConsumptionQuery serial = all;
    serial.serial = "B";
    EXPECT_EQ(m_store->aggregate(serial, GroupBy::serial).at(0).centipoints, 200);
    ConsumptionQuery range = all;
    range.from = Date{2026, 11, 20};
    EXPECT_EQ(total("2026-11-20", "2026-11-20"), 500);
}

TEST_P(Store, RemembersWhichDaysWereStoredEvenWhenEmpty) {
    m_store->replace_day("ELAVMS0000000001", Date{2026, 11, 18}, {});
    m_store->replace_day("ELAVMS0000000001", Date{2026, 11, 20}, {row("2026-11-20", "A", 1, 1)});
    const auto days = m_store->stored_days("ELAVMS0000000001", Date{2026, 11, 1}, Date{2026, 11, 30});
    EXPECT_EQ(days, (std::vector<Date>{Date{2026, 11, 18}, Date{2026, 11, 20}}));
}

TEST_P(Store, CountsDevicesAndActiveDaysPerGroup) {
    m_store->replace_day("ELAVMS0000000001", Date{2026, 11, 19},
                         {row("2026-11-19", "A", 1, 100), row("2026-11-19", "B", 1, 0)});
    m_store->replace_day("ELAVMS0000000001", Date{2026, 11, 20}, {row("2026-11-20", "A", 1, 100)});
    const ConsumptionQuery all{"ELAVMS0000000001", Date{2026, 11, 19}, Date{2026, 11, 20}, {}, {}};
    const auto by_account = m_store->aggregate(all, GroupBy::account);
    ASSERT_EQ(by_account.size(), 1u);
    EXPECT_EQ(by_account[0].devices, 2);
    EXPECT_EQ(by_account[0].active_days, 2);
    auto serials = m_store->serial_totals(all);
    std::sort(serials.begin(), serials.end(), [](const auto& a, const auto& b) { return a.serial < b.serial; });
    ASSERT_EQ(serials.size(), 2u);
    EXPECT_EQ(serials[0].centipoints, 200);
    EXPECT_EQ(serials[0].days, 2);
    EXPECT_EQ(serials[0].active_days, 2);
    EXPECT_EQ(serials[1].days, 1);
    EXPECT_EQ(serials[1].active_days, 0);  // a row of zero points is not a day of use
    EXPECT_EQ(serials[0].config_id, std::optional<std::int64_t>(10));
}

TEST_P(Store, SerialTotalsSplitByAccountAndConfiguration) {
    // A device moved between customers mid-range is billed to each for its own days.
    m_store->replace_day("ELAVMS0000000001", Date{2026, 11, 19}, {row("2026-11-19", "A", 1, 100, 10)});
    m_store->replace_day("ELAVMS0000000001", Date{2026, 11, 20}, {row("2026-11-20", "A", 2, 300, 20)});
    auto serials = m_store->serial_totals({"ELAVMS0000000001", Date{2026, 11, 19}, Date{2026, 11, 20}, {}, {}});
    std::sort(serials.begin(), serials.end(), [](const auto& a, const auto& b) { return a.account_id < b.account_id; });
    ASSERT_EQ(serials.size(), 2u);
    EXPECT_EQ(serials[0].centipoints, 100);
    EXPECT_EQ(serials[1].centipoints, 300);
    EXPECT_EQ(serials[1].config_id, std::optional<std::int64_t>(20));
    EXPECT_EQ(m_store->account_of_serial("ELAVMS0000000001", "A"), std::optional<std::int64_t>(2));  // latest day
    EXPECT_EQ(m_store->account_of_serial("ELAVMS0000000001", "Z"), std::nullopt);
    EXPECT_EQ(m_store->account_of_serial("ELAVMS0000000002", "A"), std::nullopt);
}

// A unit removed from FortiFlex is in no list on its last billed day: the configuration it was last stored under,
// skipping a day stored without one.
TEST_P(Store, KnowsTheConfigurationASerialWasLastStoredUnder) {
    m_store->replace_day("ELAVMS0000000001", Date{2026, 11, 18}, {row("2026-11-18", "A", 1, 100, 10, "old-name")});
    m_store->replace_day("ELAVMS0000000001", Date{2026, 11, 19}, {row("2026-11-19", "A", 1, 100, 20, "fgt")});
    m_store->replace_day("ELAVMS0000000001", Date{2026, 11, 20}, {row("2026-11-20", "A", 1, 100, std::nullopt)});
    const auto config = m_store->config_of_serial("ELAVMS0000000001", "A");
    ASSERT_TRUE(config.has_value());
    EXPECT_EQ(config->id, 20);
    EXPECT_EQ(config->name, "fgt");
    EXPECT_FALSE(m_store->config_of_serial("ELAVMS0000000001", "Z").has_value());
    EXPECT_FALSE(m_store->config_of_serial("ELAVMS0000000002", "A").has_value());
}

TEST_P(Store, KeepsConfigurationNamesAsTheyWereLatestInTheRange) {
    // Names may hold what COPY's text format must escape.
    const std::string odd = "tab\there\\ and a \\ backslash";
    m_store->replace_day("ELAVMS0000000001", Date{2026, 11, 19}, {row("2026-11-19", "A", 1, 1, 10, "old-name")});
    m_store->replace_day("ELAVMS0000000001", Date{2026, 11, 20},
                         {row("2026-11-20", "A", 1, 1, 10, "new-name"), row("2026-11-20", "B", 1, 1, 11, odd)});
    const auto names = m_store->config_names("ELAVMS0000000001", Date{2026, 11, 19}, Date{2026, 11, 20});
    EXPECT_EQ(names.at(10), "new-name");
    EXPECT_EQ(names.at(11), odd);
    EXPECT_EQ(m_store->config_names("ELAVMS0000000001", Date{2026, 11, 19}, Date{2026, 11, 19}).at(10), "old-name");
}

TEST_P(Store, KnowsWhichProgramsItHolds) {
    EXPECT_FALSE(m_store->knows_program("ELAVMS0000000001"));
    m_store->replace_day("ELAVMS0000000001", Date{2026, 11, 19}, {});  // an empty day pulled still counts
    EXPECT_TRUE(m_store->knows_program("ELAVMS0000000001"));
    EXPECT_FALSE(m_store->knows_program("ELAVMS0000000002"));
}

LiveSnapshot snapshot_at(const std::string& program, const std::string& taken_at, std::int64_t config_id) {
    LiveSnapshot s;
    s.taken_at = taken_at;
    s.live.program = program;
    s.live.configs.push_back({config_id, "acme-fgt", program, 700001, 101, true, {}});
    s.live.entitlements[700001] = {};
    return s;
}

TEST_P(Store, KeepsTheNewestSnapshotsPerServiceAndProgram) {
    const std::string service = "https://support.fortinet.com/es/api/fortiflex/v2/";
    const std::string program = "ELAVMS0000000001";
    EXPECT_FALSE(m_store->latest_snapshot(service, program).has_value());
    for (int minute = 10; minute < 15; ++minute) {  // five reads, the store keeps three
        m_store->save_snapshot(service,
                               snapshot_at(program, "2026-12-05T02:" + std::to_string(minute) + ":00Z", minute), 3);
    }
    m_store->save_snapshot("http://127.0.0.1:9/", snapshot_at(program, "2026-12-05T03:00:00Z", 99), 3);
    m_store->save_snapshot(service, snapshot_at("ELAVMS0000000002", "2026-12-05T03:00:00Z", 98), 3);
    const auto latest = m_store->latest_snapshot(service, program);
    ASSERT_TRUE(latest.has_value());
    EXPECT_EQ(latest->taken_at, "2026-12-05T02:14:00Z");
    EXPECT_EQ(latest->live.configs.at(0).id, 14);
    EXPECT_EQ(m_store->latest_snapshot("http://127.0.0.1:9/", program)->live.configs.at(0).id, 99);
    // Saved again at the same second: replaced, not added beside it.
    m_store->save_snapshot(service, snapshot_at(program, "2026-12-05T02:14:00Z", 15), 3);
    EXPECT_EQ(m_store->latest_snapshot(service, program)->live.configs.at(0).id, 15);
    // Only the newest three of that service and program remain; other services and programs keep theirs.
    EXPECT_EQ(raw_sql("SELECT COUNT(*) FROM live_snapshots WHERE program_serial = 'ELAVMS0000000001' AND api_url = '" +
                      service + "'"),
              "3");
    EXPECT_EQ(raw_sql("SELECT MIN(taken_at) FROM live_snapshots WHERE program_serial = 'ELAVMS0000000001' AND "
                      "api_url = '" +
                      service + "'"),
              "2026-12-05T02:12:00Z");
    EXPECT_EQ(raw_sql("SELECT COUNT(*) FROM live_snapshots"), "5");
}

TEST_P(Store, ASnapshotThisFlexformCannotReadIsNone) {
    const std::string service = "https://support.fortinet.com/es/api/fortiflex/v2/";
    m_store->save_snapshot(service, snapshot_at("ELAVMS0000000001", "2026-12-05T02:10:00Z", 1), 3);
    EXPECT_TRUE(m_store->latest_snapshot(service, "ELAVMS0000000001").has_value());
    // What a later flexform might write: a reader that cannot understand it reads FortiFlex instead.
    raw_sql("UPDATE live_snapshots SET body = '{\"version\": 2}'");
    EXPECT_FALSE(m_store->latest_snapshot(service, "ELAVMS0000000001").has_value());
}

INSTANTIATE_TEST_SUITE_P(Backends, Store, ::testing::Values(Backend{"sqlite"}, Backend{"postgresql"}),
                         [](const ::testing::TestParamInfo<Backend>& param_info) { return param_info.param.name; });

TEST(StoreSchema, AStoreFromANewerFlexformIsRefused) {
    const std::string path =
        (fs::temp_directory_path() / ("flexform-store-newer-" + std::to_string(::getpid()) + ".db")).string();
    fs::remove(path);
    open_store(path).reset();
    {  // what a later release would have recorded
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
        ASSERT_EQ(sqlite3_exec(db, "INSERT INTO schema_migrations VALUES (999, 'later')", nullptr, nullptr, nullptr),
                  SQLITE_OK);
        sqlite3_close(db);
    }
    try {
        open_store(path);
        FAIL() << "opened a store of schema 999";
    } catch (const StoreError& e) {
        EXPECT_NE(std::string(e.what()).find("schema version 999"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("Upgrade flexform"), std::string::npos) << e.what();
    }
    fs::remove(path);
}

TEST(StoreSchema, TwoProcessesOpeningANewFileMigrateItOnce) {
    const std::string path =
        (fs::temp_directory_path() / ("flexform-store-race-" + std::to_string(::getpid()) + ".db")).string();
    fs::remove(path);
    std::vector<std::thread> openers;
    std::atomic<int> failures{0};
    for (int i = 0; i < 6; ++i) {
        openers.emplace_back([&] {
            try {
                open_store(path);
            } catch (const std::exception& e) {
                ++failures;
                ADD_FAILURE() << e.what();
            }
        });
    }
    for (auto& t : openers) {
        t.join();
    }
    EXPECT_EQ(failures, 0);
    EXPECT_EQ(open_store(path)->schema_version(), static_cast<int>(store_migrations().size()));
    fs::remove(path);
    fs::remove(path + "-wal");
    fs::remove(path + "-shm");
}

TEST(StoreUrls, PasswordsAreRedacted) {
    EXPECT_EQ(redact_url("postgresql://billing:s3cret@db.internal:5432/flexform"),
              "postgresql://billing:***@db.internal:5432/flexform");
    EXPECT_EQ(redact_url("postgresql://billing@db/flexform"), "postgresql://billing@db/flexform");
    try {
        open_store("postgresql://nobody:hunter2@127.0.0.1:1/none");
        FAIL();
    } catch (const StoreError& e) {
        EXPECT_EQ(std::string(e.what()).find("hunter2"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace flexform

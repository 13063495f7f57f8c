// Connection strings parsed, not guessed, with their secrets hidden in every message; stores that hold up when two
// pulls overlap, when a reader may not write, and when a file is damaged. Real SQLite files, a real PostgreSQL.
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <future>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

#include "providers/store/store.h"
#include "tests/support/postgres_server.h"

namespace flexform {
namespace {

namespace fs = std::filesystem;

const std::string k_program = "ELAVMS0000000001";

testing::PostgresServer& postgres() {
    static testing::PostgresServer server;
    return server;
}

std::string error_of(const std::function<void()>& action) {
    try {
        action();
    } catch (const StoreError& e) {
        return e.what();
    }
    return "(no error)";
}

std::string file_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

ConsumptionRow row(const std::string& serial, std::int64_t centipoints) {
    return {Date{2026, 11, 20}, serial, k_program, 2, 10, "fgt", centipoints, "2026-11-21T14:00:00Z"};
}

TEST(ConnectionStrings, EverySecretOfAUrlIsRedacted) {
    EXPECT_EQ(redact_url("postgresql://billing:s3cret@db.internal:5432/flexform"),
              "postgresql://billing:***@db.internal:5432/flexform");
    EXPECT_EQ(redact_url("postgres://billing@db/flexform?sslmode=require&password=s3cret"),
              "postgres://billing@db/flexform?sslmode=require&password=***");
    EXPECT_EQ(redact_url("postgresql://u:a%40b@db/x?password=c&application_name=f"),
              "postgresql://u:***@db/x?password=***&application_name=f");
    EXPECT_EQ(redact_url("postgresql://billing@db/flexform"), "postgresql://billing@db/flexform");
}

TEST(ConnectionStrings, KeywordStringsArePostgresqlAndTheirPasswordIsRedacted) {
    EXPECT_EQ(store_kind("host=db.internal dbname=flexform user=billing password=s3cret"), StoreKind::postgresql);
    EXPECT_EQ(redact_url("host=db.internal dbname=flexform user=billing password=s3cret"),
              "host=db.internal dbname=flexform user=billing password=***");
    EXPECT_EQ(redact_url(R"(dbname=flexform password = 'it\'s secret' host=db)"),
              "dbname=flexform password = *** host=db");
    EXPECT_EQ(redact_secrets("FATAL: bad password s3cret for host=db password=s3cret", "host=db password=s3cret"),
              "FATAL: bad password *** for host=db password=***");
}

TEST(ConnectionStrings, AnythingElseMustLookLikeAPath) {
    EXPECT_EQ(store_kind("consumption.db"), StoreKind::sqlite);
    EXPECT_EQ(store_kind("/var/lib/flexform/consumption.db"), StoreKind::sqlite);
    EXPECT_EQ(store_kind("./odd=name.db"), StoreKind::sqlite);
    EXPECT_EQ(store_kind("sqlite://consumption.db"), StoreKind::sqlite);
    const std::string typo = error_of([] { store_kind("hots=db dbname=flexform password=hunter2"); });
    EXPECT_EQ(typo,
              "the database uses key=value syntax but is not a valid PostgreSQL connection string (invalid connection "
              "option \"hots\"); a SQLite store is a file path without key=value");
    EXPECT_EQ(typo.find("hunter2"), std::string::npos) << typo;
    const std::string other = error_of([] { store_kind("mysql://billing:hunter2@db/flexform"); });
    EXPECT_EQ(other,
              "the database mysql://billing:***@db/flexform is neither a PostgreSQL URL (postgresql://...) nor "
              "a SQLite file path");
    // Nothing was created under the name of a refused string.
    EXPECT_EQ(error_of([] { open_store("host=nowhere passwrd=hunter2"); }).find("hunter2"), std::string::npos);
    EXPECT_FALSE(fs::exists("host=nowhere passwrd=hunter2"));
}

TEST(ConnectionStrings, LibpqErrorsNeverRepeatThePassword) {
    for (const std::string url :
         {"postgresql://billing:hunter2@[::1/flexform", "postgresql://billing:hunter2@db:port/x",
          "postgresql://db/x?password=hunter2&nonsense=1", "postgresql://billing:hunt%65r2@127.0.0.1:1/none"}) {
        const std::string message = error_of([&] { open_store(url); });
        EXPECT_NE(message, "(no error)") << url;
        EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
        EXPECT_EQ(message.find("hunt%65r2"), std::string::npos) << message;
    }
}

TEST(ConnectionStrings, AWrongPasswordToARealServerIsRedactedInEveryForm) {
    postgres().require_passwords_for_other_roles();
    const std::string url = postgres().url();
    const std::string port = url.substr(url.rfind(':') + 1, url.rfind('/') - url.rfind(':') - 1);
    const std::vector<std::string> forms = {
        "postgresql://billing:wrong-s3cret@127.0.0.1:" + port + "/postgres",
        "postgresql://billing@127.0.0.1:" + port + "/postgres?password=wrong-s3cret",
        "host=127.0.0.1 port=" + port + " user=billing password=wrong-s3cret dbname=postgres",
    };
    for (const auto& form : forms) {
        std::string message;
        for (int attempt = 0; attempt < 50; ++attempt) {  // the reload of pg_hba.conf takes a moment
            message = error_of([&] { open_store(form); });
            if (message.find("password authentication failed") != std::string::npos) {
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        EXPECT_NE(message.find("password authentication failed for user \"billing\""), std::string::npos) << message;
        EXPECT_NE(message.find("***"), std::string::npos) << message;
        EXPECT_EQ(message.find("wrong-s3cret"), std::string::npos) << message;
    }
}

TEST(PostgresqlStore, OverlappingFirstUsesAndPullsOfOneDayAllSucceed) {
    const std::string url = postgres().create_database("overlap");
    std::vector<std::thread> pullers;
    std::vector<std::string> errors(4);
    for (int i = 0; i < 4; ++i) {
        pullers.emplace_back([&, i] {
            try {
                auto store = open_store(url);  // four first uses migrate one new database
                for (int round = 0; round < 5; ++round) {
                    store->replace_day(k_program, Date{2026, 11, 20},
                                       {row("FGT60FTK20000001", 100 + i), row("FGT60FTK20000002", 200 + i)});
                }
            } catch (const std::exception& e) {
                errors[static_cast<std::size_t>(i)] = e.what();
            }
        });
    }
    for (auto& t : pullers) {
        t.join();
    }
    for (const auto& e : errors) {
        EXPECT_EQ(e, "");
    }
    auto store = open_store(url);
    EXPECT_EQ(store->schema_version(), static_cast<int>(store_migrations().size()));
    const auto rows = store->aggregate({k_program, Date{2026, 11, 20}, Date{2026, 11, 20}, {}, {}}, GroupBy::day);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].rows, 2);  // one puller's day, whole: never a mix, never doubled
    EXPECT_EQ((rows[0].centipoints - 300) % 2, 0);
}

TEST(PostgresqlStore, AReaderOfACurrentStoreTakesNoMigrationLock) {
    const std::string url = postgres().create_database("reader");
    open_store(url)->replace_day(k_program, Date{2026, 11, 20}, {row("FGT60FTK20000001", 270)});
    // Another process in the middle of migrating holds the migration lock.
    PGconn* migrating = PQconnectdb(url.c_str());
    ASSERT_EQ(PQstatus(migrating), CONNECTION_OK);
    PQclear(PQexec(migrating, "SELECT pg_advisory_lock(4711001)"));
    auto reader = std::async(std::launch::async, [&] { return open_store(url, StoreAccess::read_only); });
    ASSERT_EQ(reader.wait_for(std::chrono::seconds(5)), std::future_status::ready) << "a reader waited to migrate";
    EXPECT_TRUE(reader.get()->knows_program(k_program));
    auto writer = std::async(std::launch::async, [&] { return open_store(url); });
    EXPECT_EQ(writer.wait_for(std::chrono::milliseconds(500)), std::future_status::timeout);  // a writer does wait
    PQclear(PQexec(migrating, "SELECT pg_advisory_unlock(4711001)"));
    EXPECT_TRUE(writer.get()->knows_program(k_program));
    PQfinish(migrating);
}

class SqliteFile : public ::testing::Test {
protected:
    void SetUp() override {
        m_path = fs::temp_directory_path() / ("flexform-store-safety-" + std::to_string(::getpid()) + "-" +
                                              ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db");
        remove_files();
    }
    void TearDown() override {
        std::error_code ignored;
        fs::permissions(m_path, fs::perms::owner_all, ignored);
        remove_files();
    }
    void remove_files() {
        for (const char* suffix : {"", "-wal", "-shm"}) {
            fs::remove(m_path.string() + suffix);
        }
    }
    fs::path m_path;
};

TEST_F(SqliteFile, AReaderOpensReadOnlyAndNeverWrites) {
    open_store(m_path.string())->replace_day(k_program, Date{2026, 11, 20}, {row("FGT60FTK20000001", 270)});
    ::chmod(m_path.c_str(), 0444);
    const std::string before = file_text(m_path);
    auto reader = open_store(m_path.string(), StoreAccess::read_only);
    const auto rows = reader->aggregate({k_program, Date{2026, 11, 20}, Date{2026, 11, 20}, {}, {}}, GroupBy::day);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].centipoints, 270);
    // Root may write a 0444 file; the read-only open is what refuses.
    const std::string write = error_of([&] { reader->replace_day(k_program, Date{2026, 11, 21}, {}); });
    EXPECT_NE(write.find("readonly"), std::string::npos) << write;
    reader.reset();
    EXPECT_EQ(file_text(m_path), before);
}

TEST_F(SqliteFile, AReaderDoesNotMigrateAnOlderStore) {
    {  // the file as the first release left it: schema version 1
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open(m_path.c_str(), &db), SQLITE_OK);
        const std::string sql = "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT);" +
                                store_migrations()[0] + "INSERT INTO schema_migrations VALUES (1, 'then');";
        ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(db);
    }
    const std::string before = file_text(m_path);
    const std::string message = error_of([&] { open_store(m_path.string(), StoreAccess::read_only); });
    EXPECT_EQ(message, m_path.string() + " has store schema version 1; this flexform needs " +
                           std::to_string(store_migrations().size()) +
                           ". Run `flexform consumption pull` once to upgrade it.");
    EXPECT_EQ(file_text(m_path), before);
    EXPECT_EQ(open_store(m_path.string())->schema_version(), static_cast<int>(store_migrations().size()));
}

TEST_F(SqliteFile, ADamagedFileIsNamedWithWhatWouldHelp) {
    std::ofstream(m_path, std::ios::binary) << std::string(8192, 'x');
    const std::string message = error_of([&] { open_store(m_path.string()); });
    EXPECT_NE(message.find("file is not a database"), std::string::npos) << message;
    EXPECT_NE(message.find(m_path.string() + " is damaged: restore it from a backup, or move it aside to start a new "
                                             "store"),
              std::string::npos)
        << message;
    EXPECT_EQ(message.find("pull"), std::string::npos) << message;
}

}  // namespace
}  // namespace flexform

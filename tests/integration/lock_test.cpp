// One writer per program, on both lock backends: the OS file lock in TMPDIR and the PostgreSQL advisory lock. A
// held lock names its holder; a waiter gets it when the holder finishes or dies (kill -9 included).
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include <gtest/gtest.h>

#include "providers/lock/locks.h"
#include "tests/support/postgres_server.h"

namespace flexform {
namespace {

namespace fs = std::filesystem;

testing::PostgresServer& postgres() {
    static testing::PostgresServer server;
    return server;
}

LockHolder holder(const std::string& who) {
    return {"host-" + who, "user-" + who, std::to_string(::getpid()), "apply", "2026-11-20T18:00:00Z"};
}

class Lock : public ::testing::TestWithParam<std::string> {
public:
    void SetUp() override {
        m_dir = fs::temp_directory_path() / ("flexform-lock-" + std::to_string(::getpid()));
        fs::create_directories(m_dir);
    }
    void TearDown() override { fs::remove_all(m_dir); }

    std::unique_ptr<LockService> service() {
        if (GetParam() == "file") {
            return file_lock_service(m_dir.string());
        }
        if (m_url.empty()) {
            static int databases = 0;
            m_url =
                postgres().create_database("locks_" + std::to_string(::getpid()) + "_" + std::to_string(++databases));
        }
        return postgres_lock_service(m_url);
    }

    fs::path m_dir;
    std::string m_url;
};

TEST_P(Lock, ASecondWriterIsRefusedAndToldWhoHoldsIt) {
    auto first = service();
    auto second = service();
    const auto held = first->acquire("ELAVMS0000000001", holder("a"), std::chrono::milliseconds(0));
    try {
        second->acquire("ELAVMS0000000001", holder("b"), std::chrono::milliseconds(0));
        FAIL() << "two writers held one program";
    } catch (const LockBusy& e) {
        EXPECT_EQ(e.holder().host, "host-a");
        EXPECT_EQ(e.holder().user, "user-a");
        EXPECT_EQ(e.holder().operation, "apply");
        EXPECT_EQ(e.holder().since, "2026-11-20T18:00:00Z");
        EXPECT_NE(std::string(e.what()).find("is locked by apply by user-a@host-a (pid "), std::string::npos)
            << e.what();
    }
    // Another program is another lock.
    EXPECT_NO_THROW(second->acquire("ELAVMS0000000002", holder("b"), std::chrono::milliseconds(0)));
}

TEST_P(Lock, AWaiterGetsTheLockWhenTheHolderFinishes) {
    auto first = service();
    auto second = service();
    auto held = first->acquire("ELAVMS0000000001", holder("a"), std::chrono::milliseconds(0));
    std::thread release([&held] {
        std::this_thread::sleep_for(std::chrono::milliseconds(400));
        held.reset();
    });
    const auto start = std::chrono::steady_clock::now();
    const auto mine = second->acquire("ELAVMS0000000001", holder("b"), std::chrono::seconds(10));
    EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(300));
    release.join();
    EXPECT_THROW(first->acquire("ELAVMS0000000001", holder("a"), std::chrono::milliseconds(50)), LockBusy);
}

TEST_P(Lock, TheLockDiesWithItsHolder) {
    auto probe = service();  // the database and table exist before the child uses them
    probe->acquire("ELAVMS0000000009", holder("probe"), std::chrono::milliseconds(0)).reset();
    int ready[2];
    ASSERT_EQ(::pipe(ready), 0);
    const pid_t child = ::fork();
    if (child == 0) {
        ::close(ready[0]);
        auto lock = service()->acquire("ELAVMS0000000009", holder("child"), std::chrono::milliseconds(0));
        const char ok = 'k';
        [[maybe_unused]] const auto n = ::write(ready[1], &ok, 1);
        ::pause();
        ::_exit(0);
    }
    ::close(ready[1]);
    char ok = 0;
    ASSERT_EQ(::read(ready[0], &ok, 1), 1);
    ::close(ready[0]);
    EXPECT_THROW(probe->acquire("ELAVMS0000000009", holder("me"), std::chrono::milliseconds(0)), LockBusy);
    ::kill(child, SIGKILL);
    ::waitpid(child, nullptr, 0);
    // Nothing stale to force: the OS (or the database server) let go of it.
    EXPECT_NO_THROW(probe->acquire("ELAVMS0000000009", holder("me"), std::chrono::seconds(10)));
}

INSTANTIATE_TEST_SUITE_P(Backends, Lock, ::testing::Values("file", "postgresql"),
                         [](const auto& test) { return test.param; });

}  // namespace
}  // namespace flexform

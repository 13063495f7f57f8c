// One writer per program of one FortiFlex service, on both lock backends: the OS file lock in the host's lock
// directory and the PostgreSQL advisory lock. A held lock names its holder; a waiter gets it when the holder
// finishes or dies (kill -9 included). Another service with the same program serial is another lock.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

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

constexpr const char* k_service = "https://support.fortinet.com/ES/api/fortiflex/v2/";
constexpr const char* k_other_service = "https://fortiflex.mssp-lab.example/ES/api/fortiflex/v2/";

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

    std::unique_ptr<LockService> service(const std::string& api_url = k_service) {
        if (GetParam() == "file") {
            return file_lock_service(m_dir.string(), api_url);
        }
        if (m_url.empty()) {
            static int databases = 0;
            m_url =
                postgres().create_database("locks_" + std::to_string(::getpid()) + "_" + std::to_string(++databases));
        }
        return postgres_lock_service(m_url, api_url);
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

TEST_P(Lock, AnotherServiceWithTheSameProgramSerialIsAnotherLock) {
    const auto held = service()->acquire("ELAVMS0000000001", holder("a"), std::chrono::milliseconds(0));
    EXPECT_NO_THROW(service(k_other_service)->acquire("ELAVMS0000000001", holder("b"), std::chrono::milliseconds(0)));
    // The same service spelled with another case, a trailing slash missing or credentials in it is the same one.
    EXPECT_THROW(service("HTTPS://Support.Fortinet.com/ES/api/fortiflex/v2")
                     ->acquire("ELAVMS0000000001", holder("c"), std::chrono::milliseconds(0)),
                 LockBusy);
}

INSTANTIATE_TEST_SUITE_P(Backends, Lock, ::testing::Values("file", "postgresql"),
                         [](const auto& test) { return test.param; });

TEST(LockFileName, TwoApiUrlsNameTwoLockFilesOfTheProgram) {
    const std::string real = lock_file_name("ELAVMS0000000001", k_service);
    const std::string lab = lock_file_name("ELAVMS0000000001", k_other_service);
    EXPECT_NE(real, lab);
    EXPECT_EQ(real.rfind("flexform-ELAVMS0000000001-", 0), 0u) << real;
    EXPECT_EQ(real.size(), std::string("flexform-ELAVMS0000000001-").size() + 12 + std::string(".lock").size()) << real;
    EXPECT_NE(lock_file_name("ELAVMS0000000002", k_service), real);
}

TEST(LockFileName, TheSameServiceSpelledOtherwiseNamesTheSameFile) {
    const std::string real = lock_file_name("ELAVMS0000000001", k_service);
    EXPECT_EQ(lock_file_name("ELAVMS0000000001", "https://support.fortinet.com/ES/api/fortiflex/v2"), real);
    EXPECT_EQ(lock_file_name("ELAVMS0000000001", "HTTPS://SUPPORT.Fortinet.COM/ES/api/fortiflex/v2/"), real);
    EXPECT_EQ(lock_file_name("ELAVMS0000000001", "https://user:secret@support.fortinet.com/ES/api/fortiflex/v2/"),
              real);
    // The path is case-sensitive: another path is another service.
    EXPECT_NE(lock_file_name("ELAVMS0000000001", "https://support.fortinet.com/es/api/fortiflex/v2/"), real);
    EXPECT_EQ(service_key("https://user:secret@Support.Fortinet.com/ES/api/fortiflex/v2/"),
              "https://support.fortinet.com/ES/api/fortiflex/v2");
}

class HostLockDirectory : public ::testing::Test {
public:
    void SetUp() override {
        m_dir = fs::temp_directory_path() / ("flexform-lockdir-" + std::to_string(::getpid()));
        fs::remove_all(m_dir);
    }
    void TearDown() override { fs::remove_all(m_dir); }
    fs::path m_dir;
};

TEST_F(HostLockDirectory, AConfiguredDirectoryIsCreatedForEveryUserWithTheStickyBit) {
    const LockDirectory d = host_lock_directory((m_dir / "locks").string());
    EXPECT_EQ(d.path, (m_dir / "locks").string());
    EXPECT_EQ(d.fallback_reason, "");
    struct stat st {};
    ASSERT_EQ(::stat(d.path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 01777u);
}

TEST_F(HostLockDirectory, AConfiguredPathThatIsNoDirectoryIsAnErrorNamingIt) {
    fs::create_directories(m_dir);
    std::ofstream(m_dir / "file") << "x";
    try {
        host_lock_directory((m_dir / "file").string());
        FAIL() << "a file was taken as the lock directory";
    } catch (const std::runtime_error& e) {
        EXPECT_EQ(std::string(e.what()), "cannot use the lock directory " + (m_dir / "file").string() +
                                             " (FLEXFORM_LOCK_DIR or spec.lockDir): not a directory");
    }
}

TEST_F(HostLockDirectory, TheDefaultIsTheHostsLockDirectoryNotTmpdir) {
    const LockDirectory d = host_lock_directory("");
    EXPECT_EQ(d.path.find(fs::temp_directory_path().string() + "/flexform-lock"), std::string::npos);
    EXPECT_TRUE(d.path == k_lock_dir_candidates[0] || d.path == k_lock_dir_candidates[1] ||
                d.path == k_lock_dir_candidates[2])
        << d.path;
    // The first candidate is usable on this machine (root, /run/lock): no fallback is reported.
    if (::access("/run/lock", W_OK) == 0) {
        EXPECT_EQ(d.path, "/run/lock/flexform");
        EXPECT_EQ(d.fallback_reason, "");
    }
}

TEST_F(HostLockDirectory, AnUnusableCandidateFallsBackToTheNextAndSaysWhy) {
    fs::create_directories(m_dir);
    std::ofstream(m_dir / "taken") << "x";
    const LockDirectory d = host_lock_directory(
        "", {(m_dir / "taken").string(), (m_dir / "no-parent" / "flexform").string(), (m_dir / "usable").string()});
    EXPECT_EQ(d.path, (m_dir / "usable").string());
    EXPECT_EQ(d.fallback_reason, (m_dir / "taken").string() + ": not a directory; " +
                                     (m_dir / "no-parent" / "flexform").string() + ": No such file or directory");
    try {
        host_lock_directory("", {(m_dir / "taken").string()});
        FAIL() << "no usable directory, yet one was chosen";
    } catch (const std::runtime_error& e) {
        EXPECT_EQ(std::string(e.what()), "no directory for the apply lock (" + (m_dir / "taken").string() +
                                             ": not a directory); set FLEXFORM_LOCK_DIR or spec.lockDir to a "
                                             "directory every writer can create files in");
    }
}

TEST_F(HostLockDirectory, TheLockFileRecordsTheServiceAndTheProgram) {
    const LockDirectory d = host_lock_directory(m_dir.string());
    const auto held = file_lock_service(d.path, "https://u:p@Lab.example/ES/api/fortiflex/v2/")
                          ->acquire("ELAVMS0000000001", holder("a"), std::chrono::milliseconds(0));
    std::ifstream in(m_dir / lock_file_name("ELAVMS0000000001", "https://lab.example/ES/api/fortiflex/v2"));
    const auto recorded = nlohmann::json::parse(std::string(std::istreambuf_iterator<char>(in), {}));
    EXPECT_EQ(recorded["service"], "https://lab.example/ES/api/fortiflex/v2");
    EXPECT_EQ(recorded["program"], "ELAVMS0000000001");
    EXPECT_EQ(recorded["user"], "user-a");
}

}  // namespace
}  // namespace flexform

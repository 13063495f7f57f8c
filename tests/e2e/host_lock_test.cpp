// One lock for every writer on a host: two applies of one program exclude each other whatever their TMPDIR, HOME
// or USER; FLEXFORM_LOCK_DIR and spec.lockDir move the lock; spec.lock: shared refuses an apply that would hold
// only this host's lock; in CI an apply holding only the host lock says so.
#include <fcntl.h>
#include <sys/file.h>

#include <chrono>
#include <thread>

#include "tests/e2e/e2e_fixture.h"

#include "tests/support/postgres_server.h"

namespace flexform::e2e {
namespace {

flexform::testing::PostgresServer& postgres() {
    static flexform::testing::PostgresServer server;
    return server;
}

const char* k_acme = R"(apiVersion: flexform/v1
kind: Customer
metadata: {name: acme, accountId: 700001}
spec:
  configs:
    - name: acme-fgt
      product: FGT_HW
      parameters: {device_model: FGT60F, service_pkg: FGHWUTP}
      serials: [FGT60FTK20000001, FGT60FTK20000002]
    - name: acme-vm
      product: FGT_VM_Bundle
      parameters: {cpu_size: 2, service_pkg: UTP}
      vms: {count: 2, description: acme branch}
    - name: acme-edr
      product: FORTIEDR
      parameters: {service_pkg: FEDRPDR}
      cloud: {}
)";

class HostLock : public E2eFixture {
public:
    // The environment of one writer: its own TMPDIR (and whatever else `extra` sets or, with "", unsets).
    std::map<std::string, std::string> env_of(const std::string& tmpdir,
                                              const std::map<std::string, std::string>& extra = {}) {
        fs::create_directories(m_dir / tmpdir);
        std::map<std::string, std::string> env = {{"FORTIFLEX_ACCESS_USERNAME", k_user},
                                                  {"FORTIFLEX_ACCESS_PASSWORD", k_password},
                                                  {"NO_COLOR", "1"},
                                                  {"FLEXFORM_TODAY", m_today},
                                                  {"FLEXFORM_LOCK_DIR", ""},
                                                  {"CI", ""},
                                                  {"TMPDIR", (m_dir / tmpdir).string()}};
        for (const auto& [key, value] : extra) {
            env[key] = value;
        }
        return env;
    }
    std::vector<std::string> args(std::vector<std::string> verb) const {
        verb.insert(verb.begin(), FLEXFORM_BINARY);
        verb.push_back("--api-url=" + m_base + "/ES/api/fortiflex/v2/");
        verb.push_back("--auth-url=" + m_base + "/api/v1/oauth/token/");
        return verb;
    }
    flexform::testing::RunResult run(const std::vector<std::string>& verb,
                                     const std::map<std::string, std::string>& env) {
        return flexform::testing::run_process(args(verb), env, "", m_dir.string());
    }
    std::string read_text(const fs::path& path) {
        std::ifstream in(path);
        return std::string(std::istreambuf_iterator<char>(in), {});
    }
    bool wait_for(const fs::path& path, const std::string& text) {
        for (int i = 0; i < 200; ++i) {
            if (read_text(path).find(text) != std::string::npos) {
                return true;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return false;
    }
    // The lock files in `directory` of this test's emulator (its API URL is recorded in each).
    std::vector<fs::path> lock_files_in(const fs::path& directory) {
        std::vector<fs::path> out;
        for (const auto& e : fs::directory_iterator(directory)) {
            if (e.path().filename().string().rfind("flexform-ELAVMS0000000777-", 0) == 0 &&
                read_text(e.path()).find(m_base + "/ES/api/fortiflex/v2") != std::string::npos) {
                out.push_back(e.path());
            }
        }
        return out;
    }
    int configs() { return static_cast<int>(state()["configs"].size()); }
    int entitlements() { return static_cast<int>(state()["entitlements"].size()); }
};

TEST_F(HostLock, AppliesWithAnotherTmpdirOrUserAreRefusedNamingTheHolderAndNothingIsCreatedTwice) {
    write("customers/acme.yaml", k_acme);
    post("/__emulator/faults",
         {{"endpoint", "configs/create"}, {"kind", "latency"}, {"latencyMs", 3000}, {"count", 3}});
    flexform::testing::BackgroundProcess first(args({"apply", "customers", "--auto-approve"}), env_of("tmp-a"),
                                               m_dir.string(), (m_dir / "first.err").string());
    ASSERT_TRUE(wait_for(m_dir / "first.err", "started"));
    const std::string holder = "is locked by apply by ";
    const std::string pid = "(pid " + std::to_string(first.pid()) + ")";
    // Another TMPDIR (per-user tmp, PrivateTmp, another container on the runner).
    const auto second = run({"apply", "customers", "--auto-approve"}, env_of("tmp-b"));
    EXPECT_EQ(second.exit_code, 1);
    EXPECT_NE(second.err.find("flexform apply: program ELAVMS0000000777 " + holder), std::string::npos) << second.err;
    EXPECT_NE(second.err.find(pid), std::string::npos) << second.err;
    EXPECT_NE(second.err.find("lock file /run/lock/flexform/flexform-ELAVMS0000000777-"), std::string::npos)
        << second.err;
    // Another HOME and USER as well.
    fs::create_directories(m_dir / "home-ci");
    const auto third = run({"apply", "customers", "--auto-approve"},
                           env_of("tmp-c", {{"HOME", (m_dir / "home-ci").string()}, {"USER", "ci-runner"}}));
    EXPECT_EQ(third.exit_code, 1);
    EXPECT_NE(third.err.find(holder), std::string::npos) << third.err;
    EXPECT_NE(third.err.find(pid), std::string::npos) << third.err;
    EXPECT_EQ(first.wait(), 0) << read_text(m_dir / "first.err");
    EXPECT_EQ(configs(), 3);
    EXPECT_EQ(entitlements(), 5);  // 2 serials, 2 VMs, 1 cloud: nothing twice
    ASSERT_EQ(lock_files_in("/run/lock/flexform").size(), 1u);
    fs::remove(lock_files_in("/run/lock/flexform").front());
}

TEST_F(HostLock, FlexformLockDirMovesTheLock) {
    write("customers/acme.yaml", k_acme);
    const auto env = env_of("tmp-a", {{"FLEXFORM_LOCK_DIR", (m_dir / "locks").string()}});
    ASSERT_EQ(run({"apply", "customers", "--auto-approve"}, env).exit_code, 0);
    const auto files = lock_files_in(m_dir / "locks");
    ASSERT_EQ(files.size(), 1u);
    // Held by someone else, the lock in that directory refuses the apply and names the file.
    const int fd = ::open(files.front().c_str(), O_RDONLY);
    ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
    const auto refused = run({"apply", "customers", "--auto-approve"}, env);
    ::close(fd);
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_NE(refused.err.find("(lock file " + files.front().string() + ")"), std::string::npos) << refused.err;
}

TEST_F(HostLock, SpecLockDirMovesTheLockAndTheEnvironmentWins) {
    write("customers/acme.yaml", k_acme);
    std::ofstream(m_dir / "flexform.yaml", std::ios::app)
        << "  lockDir: " << (m_dir / "project-locks").string() << "\n";
    ASSERT_EQ(run({"apply", "customers", "--auto-approve"}, env_of("tmp-a")).exit_code, 0);
    EXPECT_EQ(lock_files_in(m_dir / "project-locks").size(), 1u);
    ASSERT_EQ(run({"apply", "customers", "--auto-approve"},
                  env_of("tmp-a", {{"FLEXFORM_LOCK_DIR", (m_dir / "env-locks").string()}}))
                  .exit_code,
              0);
    EXPECT_EQ(lock_files_in(m_dir / "env-locks").size(), 1u);
}

TEST_F(HostLock, SharedLockWithoutADatabaseIsRefusedBeforeAnyRequest) {
    write("customers/acme.yaml", k_acme);
    std::ofstream(m_dir / "flexform.yaml", std::ios::app) << "  lock: shared\n";
    const auto refused = run({"apply", "customers", "--auto-approve"}, env_of("tmp-a"));
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_EQ(refused.err,
              "flexform apply: spec.lock: shared in flexform.yaml asks for a lock every host shares, and only a "
              "PostgreSQL database is one: set "
              "spec.database to a postgresql:// URL (or FLEXFORM_DB), or remove spec.lock\n");
    EXPECT_EQ(get("/__emulator/counters")["total"], 0);
    EXPECT_EQ(configs(), 0);
    // plan takes no lock: it still plans.
    EXPECT_EQ(run({"plan", "customers"}, env_of("tmp-a")).exit_code, 0);
}

TEST_F(HostLock, SharedLockWithPostgresExcludesAnyOtherWriterAndNeedsNoNote) {
    write("customers/acme.yaml", k_acme);
    const std::string db = postgres().create_database("hostlock" + std::to_string(::getpid()));
    std::ofstream(m_dir / "flexform.yaml", std::ios::app) << "  lock: shared\n  database: " << db << "\n";
    post("/__emulator/faults",
         {{"endpoint", "configs/create"}, {"kind", "latency"}, {"latencyMs", 3000}, {"count", 3}});
    flexform::testing::BackgroundProcess first(args({"apply", "customers", "--auto-approve"}),
                                               env_of("tmp-a", {{"CI", "true"}}), m_dir.string(),
                                               (m_dir / "first.err").string());
    ASSERT_TRUE(wait_for(m_dir / "first.err", "started"));
    const auto second = run({"apply", "customers", "--auto-approve"}, env_of("tmp-b"));
    EXPECT_EQ(second.exit_code, 1);
    EXPECT_NE(second.err.find("is locked by apply by "), std::string::npos) << second.err;
    EXPECT_NE(second.err.find("(pid " + std::to_string(first.pid()) + ")"), std::string::npos) << second.err;
    EXPECT_NE(second.err.find("(PostgreSQL advisory lock in "), std::string::npos) << second.err;
    EXPECT_EQ(first.wait(), 0) << read_text(m_dir / "first.err");
    EXPECT_EQ(read_text(m_dir / "first.err").find("note: this apply holds only a lock"), std::string::npos);
    EXPECT_EQ(configs(), 3);
    EXPECT_EQ(entitlements(), 5);
}

TEST_F(HostLock, AnInvalidLockSettingIsAFileLineDiagnostic) {
    write("customers/acme.yaml", k_acme);
    std::ofstream(m_dir / "flexform.yaml", std::ios::app) << "  lock: everywhere\n";
    const auto refused = run({"validate", "customers"}, env_of("tmp-a"));
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_NE(refused.err.find("flexform.yaml:7:9: spec.lock: \"everywhere\" is not host or shared"), std::string::npos)
        << refused.err;
}

TEST_F(HostLock, InCiAnApplyHoldingOnlyTheHostLockSaysSo) {
    write("customers/acme.yaml", k_acme);
    const std::string note =
        "note: this apply holds only a lock on this host (/run/lock/flexform); applies on other hosts are not "
        "excluded: put a PostgreSQL database in flexform.yaml (spec.database)\n";
    const auto outside = run({"apply", "customers", "--auto-approve"}, env_of("tmp-a"));
    EXPECT_EQ(outside.exit_code, 0) << outside.err;
    EXPECT_EQ(outside.err.find("note: this apply holds only a lock"), std::string::npos) << outside.err;
    write("customers/acme.yaml", std::string(k_acme).replace(std::string(k_acme).find("count: 2"), 8, "count: 3"));
    const auto in_ci = run({"apply", "customers", "--auto-approve"}, env_of("tmp-a", {{"CI", "true"}}));
    EXPECT_EQ(in_ci.exit_code, 0) << in_ci.err;
    EXPECT_NE(in_ci.err.find(note), std::string::npos) << in_ci.err;
    // plan takes no lock, so it has nothing to say about one.
    EXPECT_EQ(run({"plan", "customers"}, env_of("tmp-a", {{"CI", "true"}})).err.find("note: this apply"),
              std::string::npos);
}

}  // namespace
}  // namespace flexform::e2e

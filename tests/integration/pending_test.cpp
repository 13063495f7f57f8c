// The PendingCreates stores on real files and a real PostgreSQL: a record is whole and readable as soon as
// record() returns (a kill -9 after it loses nothing), a later send replaces it, closing removes it, and each
// store sees only its own FortiFlex service and program.
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "providers/pending/pending_stores.h"
#include "tests/support/postgres_server.h"

namespace flexform {
namespace {

namespace fs = std::filesystem;

testing::PostgresServer& postgres() {
    static testing::PostgresServer server;
    return server;
}

constexpr const char* k_service = "https://support.fortinet.com/ES/api/fortiflex/v2/";
constexpr const char* k_program = "ELAVMS0000000001";

PendingCreate config_create(const std::string& id, std::int64_t sent_at) {
    PendingCreate c;
    c.id = id;
    c.kind = PendingKind::config;
    c.customer = "acme";
    c.account_id = 700001;
    c.config_name = "acme-fgt";
    c.product_id = 101;
    c.sent_at = sent_at;
    c.window_seconds = 120;
    c.writer = "runner-3 pid 4711";
    return c;
}

class Pending : public ::testing::TestWithParam<std::string> {
public:
    void SetUp() override {
        m_dir = fs::temp_directory_path() / ("flexform-pending-" + std::to_string(::getpid()));
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
    }
    void TearDown() override { fs::remove_all(m_dir); }

    std::unique_ptr<PendingCreates> store(const std::string& service = k_service,
                                          const std::string& program = k_program) {
        if (GetParam() == "file") {
            return file_pending_creates(m_dir.string(), service, program);
        }
        if (m_url.empty()) {
            static int databases = 0;
            m_url =
                postgres().create_database("pending_" + std::to_string(::getpid()) + "_" + std::to_string(++databases));
        }
        return postgres_pending_creates(m_url, service, program);
    }

    fs::path m_dir;
    std::string m_url;
};

TEST_P(Pending, ARecordIsReadByAnotherWriterReplacedByALaterSendAndGoneOnceClosed) {
    auto writer = store();
    EXPECT_TRUE(writer->open().empty());
    PendingCreate vms = config_create("run-2", 1000);
    vms.kind = PendingKind::vms;
    vms.config_id = 55;
    vms.count = 3;
    vms.baseline = 2;
    writer->record(config_create("run-1", 2000));
    writer->record(vms);
    auto later = store();  // another process of another checkout
    const auto open = later->open();
    ASSERT_EQ(open.size(), 2u);
    EXPECT_EQ(open[0], vms);  // oldest send first, every field kept
    EXPECT_EQ(open[1], config_create("run-1", 2000));
    PendingCreate resent = config_create("run-1", 2500);
    resent.note = "no answer in time after sending";
    writer->record(resent);
    ASSERT_EQ(later->open().size(), 2u);
    EXPECT_EQ(later->open()[1], resent);
    later->close("run-1");
    later->close("run-1");  // closing twice is no error
    ASSERT_EQ(writer->open().size(), 1u);
    EXPECT_EQ(writer->open()[0].id, "run-2");
}

TEST_P(Pending, AnotherServiceOrProgramIsAnotherWorld) {
    store()->record(config_create("run-1", 1000));
    EXPECT_TRUE(store("https://other.example/ES/api/fortiflex/v2/")->open().empty());
    EXPECT_TRUE(store(k_service, "ELAVMS0000000002")->open().empty());
    EXPECT_EQ(store()->open().size(), 1u);
}

// Hardware serials and cloud services are recorded like VMs, and the units flexform removed are kept apart from the
// open records, for every writer of the same service and program only.
TEST_P(Pending, SerialAndCloudRecordsKeepEveryFieldAndRemovedUnitsAreKeptApart) {
    auto writer = store();
    PendingCreate serials = config_create("run-1", 1000);
    serials.kind = PendingKind::serials;
    serials.config_id = 55;
    serials.serials = {"FGT60FTK20000001", "FGT60FTK20000002"};
    PendingCreate cloud = config_create("run-2", 2000);
    cloud.kind = PendingKind::cloud;
    cloud.config_id = 56;
    cloud.count = 1;
    cloud.baseline = 0;
    writer->record(serials);
    writer->record(cloud);
    const RemovedUnit removed{"FGT60FTK20000009", 700001, 1500, "runner-3 pid 4711"};
    writer->record_removed(removed);
    writer->record_removed(removed);  // a re-sent removal keeps one record
    auto later = store();
    EXPECT_EQ(later->open(), (std::vector<PendingCreate>{serials, cloud}));
    EXPECT_EQ(later->removed(), std::vector<RemovedUnit>{removed});
    later->close("run-1");
    later->close("run-2");
    EXPECT_TRUE(later->open().empty());
    EXPECT_EQ(later->removed(), std::vector<RemovedUnit>{removed});  // kept for good: FortiFlex never forgets it
    EXPECT_TRUE(store("https://other.example/ES/api/fortiflex/v2/")->removed().empty());
    EXPECT_TRUE(store(k_service, "ELAVMS0000000002")->removed().empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, Pending, ::testing::Values("file", "postgresql"),
                         [](const auto& backend) { return backend.param; });

TEST(PendingFiles, LiveBesideTheLocksInADirectoryEveryUserCanWriteAndLeaveNoTemporaryFiles) {
    const fs::path dir = fs::temp_directory_path() / ("flexform-pending-dir-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    auto pending = file_pending_creates(dir.string(), k_service, k_program);
    pending->record(config_create("host-1-7", 1000));
    std::vector<fs::path> entries;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        entries.push_back(e.path());
    }
    ASSERT_EQ(entries.size(), 2u);  // the program's directory and one record, nothing half-written beside it
    const fs::path records = pending->describe();
    EXPECT_EQ(records.parent_path(), dir);
    EXPECT_EQ(records.filename().string().rfind("flexform-pending-ELAVMS0000000001-", 0), 0u) << records;
    struct stat info {};
    ASSERT_EQ(::stat(records.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0777u);
    EXPECT_TRUE(fs::exists(records / "host-1-7.json"));
    fs::remove_all(dir);
}

}  // namespace
}  // namespace flexform

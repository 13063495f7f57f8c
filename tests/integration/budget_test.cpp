// The shared request budget with the real client against the emulator: two clients (as two processes: each its
// own budget object over the same file or database) never exceed it together, a budget timeout stops without
// sending, and failed creates beyond the allowance are not sent.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <thread>

#include "providers/budget/budgets.h"
#include "providers/fortiflex/client.h"
#include "providers/fortiflex/transport.h"
#include "tests/integration/emulator_fixture.h"
#include "tests/support/postgres_server.h"

namespace flexform::emulator::testing {
namespace {

using fortiflex::ClientOptions;
using fortiflex::FortiFlexClient;

constexpr std::int64_t k_start_ms = 1'800'000'000'000;

// Simulated wall time that moves only when a client sleeps, so an hour of budget passes in a moment.
struct SimulatedTime {
    std::atomic<std::int64_t> ms{k_start_ms};
};

// Passes every call on and notes when each granted request was taken: the stamps the windows must respect.
class RecordingBudget : public RequestBudget {
public:
    RecordingBudget(std::unique_ptr<RequestBudget> inner, std::vector<std::int64_t>& taken, std::mutex& mutex)
        : m_inner(std::move(inner)), m_taken(taken), m_mutex(mutex) {}
    std::optional<BudgetWait> try_take(std::int64_t now_ms) override {
        // Under one lock, so the stamps are in the order the budget took them; a take is recorded no earlier than
        // the newest, as the budget records it (effective_now).
        std::lock_guard lock(m_mutex);
        auto wait = m_inner->try_take(now_ms);
        if (!wait) {
            m_taken.push_back(m_taken.empty() ? now_ms : std::max(now_ms, m_taken.back()));
        }
        return wait;
    }
    void note_create_error(std::int64_t now_ms) override { m_inner->note_create_error(now_ms); }
    std::optional<BudgetWait> create_errors_spent(std::int64_t now_ms) override {
        return m_inner->create_errors_spent(now_ms);
    }
    std::string describe() const override { return m_inner->describe(); }

private:
    std::unique_ptr<RequestBudget> m_inner;
    std::vector<std::int64_t>& m_taken;
    std::mutex& m_mutex;
};

// The most stamps in any window of `length` ms.
int busiest(std::vector<std::int64_t> stamps, std::int64_t length) {
    std::sort(stamps.begin(), stamps.end());
    int most = 0;
    std::size_t first = 0;
    for (std::size_t i = 0; i < stamps.size(); ++i) {
        while (stamps[i] - stamps[first] >= length) {
            ++first;
        }
        most = std::max(most, static_cast<int>(i - first + 1));
    }
    return most;
}

class SharedBudget : public EmulatorFixture {
public:
    void SetUp() override {
        EmulatorFixture::SetUp();
        m_dir =
            std::filesystem::temp_directory_path() / ("flexform-budget-test-" + std::to_string(::getpid()) + "-" +
                                                      ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(m_dir);
        std::filesystem::create_directories(m_dir);
    }
    void TearDown() override {
        fortiflex::close_thread_connection();
        EmulatorFixture::TearDown();
        std::filesystem::remove_all(m_dir);
    }

    BudgetPlace place(const std::string& database = {}) const {
        return BudgetPlace{m_server->api_url(), k_program, database, m_dir.string()};
    }

    ClientOptions options(RequestBudget* budget) {
        ClientOptions o;
        o.api_url = m_server->api_url();
        o.auth_url = m_server->auth_url();
        o.username = k_user;
        o.password = k_password;
        o.budget = budget;
        o.base_delay = std::chrono::milliseconds(1);
        o.max_delay = std::chrono::milliseconds(5);
        o.reread_settle = std::chrono::milliseconds(0);
        o.catalog = &builtin_catalog();
        o.wall_ms = [this] { return m_time.ms.load(); };
        o.sleep = [this](std::chrono::milliseconds d) {
            m_time.ms += d.count();
            std::this_thread::yield();
        };
        return o;
    }

    // Two clients, each on its own budget object of `open`, reading in two threads at once.
    void read_concurrently(const std::function<std::unique_ptr<RequestBudget>()>& open, int reads_each) {
        RecordingBudget first(open(), m_taken, m_taken_mutex);
        RecordingBudget second(open(), m_taken, m_taken_mutex);
        FortiFlexClient a(options(&first));
        FortiFlexClient b(options(&second));
        const auto work = [reads_each](FortiFlexClient& c) {
            for (int i = 0; i < reads_each; ++i) {
                c.list_configs(k_program, k_acme);
            }
            fortiflex::close_thread_connection();
        };
        std::thread one(work, std::ref(a));
        std::thread two(work, std::ref(b));
        one.join();
        two.join();
        m_logins = a.logins() + b.logins();
        EXPECT_EQ(m_logins, 2);
    }

    std::int64_t api_requests() {
        return json::parse(m_client->Get("/__emulator/counters")->body).at("total").get<std::int64_t>();
    }

    SimulatedTime m_time;
    std::filesystem::path m_dir;
    std::mutex m_taken_mutex;
    std::vector<std::int64_t> m_taken;
    std::int64_t m_logins = 0;
};

TEST_F(SharedBudget, TwoClientsOnOneFileNeverExceedItTogether) {
    const BudgetLimits limits{4, 10, 8, 1.0};
    read_concurrently([&] { return file_budget(place(), limits); }, 12);
    // Every request that reached FortiFlex (and its token service) was taken from the shared budget first.
    EXPECT_EQ(static_cast<std::int64_t>(m_taken.size()), api_requests());
    EXPECT_EQ(api_requests(), 24 + m_logins);
    EXPECT_LE(busiest(m_taken, 60'000), 4);
    EXPECT_LE(busiest(m_taken, 3'600'000), 10);
    // 26 requests at 10 an hour span more than two hours of the simulated clock.
    EXPECT_GE(m_taken.back() - m_taken.front(), 2 * 3'600'000);
}

TEST_F(SharedBudget, TwoClientsOnOnePostgresDatabaseNeverExceedItTogether) {
    std::unique_ptr<flexform::testing::PostgresServer> server;
    try {
        server = std::make_unique<flexform::testing::PostgresServer>();
    } catch (const std::exception& e) {
        GTEST_SKIP() << "no PostgreSQL here: " << e.what();
    }
    const std::string url = server->create_database("budget");
    const BudgetLimits limits{3, 7, 8, 1.0};
    read_concurrently([&] { return postgres_budget(place(url), limits); }, 8);
    EXPECT_EQ(static_cast<std::int64_t>(m_taken.size()), api_requests());
    EXPECT_LE(busiest(m_taken, 60'000), 3);
    EXPECT_LE(busiest(m_taken, 3'600'000), 7);
    // A third session, as a third host, sees the requests the first two took in the last hour, and no more.
    const std::int64_t last = m_taken.back();
    const auto in_last_hour = static_cast<int>(
        std::count_if(m_taken.begin(), m_taken.end(), [last](std::int64_t t) { return t > last - 3'600'000; }));
    const auto full = postgres_budget(place(url), BudgetLimits{0, in_last_hour, 8, 1.0});
    const auto wait = full->try_take(last);
    ASSERT_TRUE(wait);
    EXPECT_EQ(wait->used, in_last_hour);
    EXPECT_FALSE(postgres_budget(place(url), BudgetLimits{0, in_last_hour + 1, 8, 1.0})->try_take(last));
}

TEST_F(SharedBudget, ABudgetTimeoutStopsWithoutSendingAndSaysWhy) {
    const auto budget = memory_budget(BudgetLimits{3, 0, 0, 1.0});
    ClientOptions o = options(budget.get());
    o.budget_timeout = std::chrono::milliseconds(10'000);
    std::vector<BudgetWait> waits;
    o.on_budget_wait = [&waits](const BudgetWait& w) { waits.push_back(w); };
    FortiFlexClient c(o);
    c.list_configs(k_program, k_acme);
    c.list_configs(k_program, k_acme);  // with the login: 3 of 3 this minute
    try {
        c.list_configs(k_program, k_acme);
        FAIL() << "expected the budget to stop the read";
    } catch (const ProviderError& e) {
        EXPECT_EQ(e.kind(), ProviderError::Kind::budget_spent);
        EXPECT_NE(std::string(e.what()).find("3 of 3 this minute"), std::string::npos) << e.what();
    }
    EXPECT_EQ(api_requests(), 3);  // the login and two reads
    EXPECT_TRUE(waits.empty());    // a wait longer than the timeout is not begun
}

TEST_F(SharedBudget, AWaitOnTheBudgetIsReportedThenServed) {
    const auto budget = memory_budget(BudgetLimits{2, 0, 0, 1.0});
    ClientOptions o = options(budget.get());
    std::vector<BudgetWait> waits;
    o.on_budget_wait = [&waits](const BudgetWait& w) { waits.push_back(w); };
    FortiFlexClient c(o);
    c.list_configs(k_program, k_acme);
    c.list_configs(k_program, k_acme);
    ASSERT_EQ(waits.size(), 1u);
    EXPECT_EQ(waits[0].window, BudgetWindow::minute);
    EXPECT_EQ(waits[0].used, 2);
    EXPECT_EQ(waits[0].until_ms, k_start_ms + 60'000);
    EXPECT_EQ(api_requests(), 3);
}

TEST_F(SharedBudget, FailedCreatesBeyondTheAllowanceAreNotSent) {
    const auto budget = file_budget(place(), BudgetLimits{0, 0, 2, 1.0});
    FortiFlexClient c(options(budget.get()));
    const auto create_bad = [&c] {
        return c.create_config(k_program, k_acme, "bad-config", 1, ParameterSet{}, nullptr);
    };
    EXPECT_THROW(create_bad(), ProviderError);
    EXPECT_THROW(create_bad(), ProviderError);
    try {
        create_bad();
        FAIL() << "expected the allowance to stop the create";
    } catch (const ProviderError& e) {
        EXPECT_EQ(e.kind(), ProviderError::Kind::create_errors_spent) << e.what();
    }
    const json counters = json::parse(m_client->Get("/__emulator/counters")->body);
    EXPECT_EQ(counters["endpoints"].value("configs/create", 0), 2);
    // Reads go on: the allowance stops creates only.
    EXPECT_FALSE(c.list_configs(k_program, k_acme).empty());
    // Another process on the same file sees the spent allowance.
    const auto other = file_budget(place(), BudgetLimits{0, 0, 2, 1.0});
    EXPECT_TRUE(other->create_errors_spent(m_time.ms.load()));
}

TEST_F(SharedBudget, AnInterruptDropsARequestQueuedOnTheBudget) {
    const auto budget = memory_budget(BudgetLimits{1, 0, 0, 1.0});
    ClientOptions o = options(budget.get());
    std::atomic<bool> stop{false};
    o.stop = &stop;
    o.sleep = [&stop](std::chrono::milliseconds) { stop = true; };  // Ctrl-C arrives during the first wait
    FortiFlexClient c(o);
    try {
        c.list_configs(k_program, k_acme);  // the login takes the minute's one request
        FAIL() << "expected the queued request to be dropped";
    } catch (const ProviderError& e) {
        EXPECT_EQ(e.kind(), ProviderError::Kind::budget_spent);
        EXPECT_NE(std::string(e.what()).find("interrupted"), std::string::npos) << e.what();
    }
    EXPECT_EQ(api_requests(), 1);  // the login only
}

}  // namespace
}  // namespace flexform::emulator::testing

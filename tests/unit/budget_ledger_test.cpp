#include "providers/budget/budget_ledger.h"

#include <gtest/gtest.h>

#include "engine/render/budget_words.h"

namespace flexform::testing {
namespace {

constexpr std::int64_t k_t0 = 1'800'000'000'000;  // some Unix millisecond

TEST(BudgetLedger, AFullMinuteWaitsForItsOldestRequestToLeave) {
    BudgetLedger ledger;
    const BudgetLimits limits{3, 100, 8, 1.0};
    for (int i = 0; i < 3; ++i) {
        ASSERT_FALSE(wait_for_request(ledger, limits, k_t0 + i * 1000));
        record(ledger.requests, k_t0 + i * 1000);
    }
    const auto wait = wait_for_request(ledger, limits, k_t0 + 5000);
    ASSERT_TRUE(wait);
    EXPECT_EQ(wait->window, BudgetWindow::minute);
    EXPECT_EQ(wait->used, 3);
    EXPECT_EQ(wait->limit, 3);
    EXPECT_EQ(wait->until_ms, k_t0 + 60'000);
    EXPECT_FALSE(wait_for_request(ledger, limits, k_t0 + 60'001));
}

TEST(BudgetLedger, TheHourWindowWinsWhenItFreesLater) {
    BudgetLedger ledger;
    const BudgetLimits limits{2, 4, 8, 1.0};
    for (const std::int64_t at : {0, 70'000, 140'000, 210'000}) {
        record(ledger.requests, k_t0 + at);
    }
    const auto wait = wait_for_request(ledger, limits, k_t0 + 290'000);
    ASSERT_TRUE(wait);
    EXPECT_EQ(wait->window, BudgetWindow::hour);
    EXPECT_EQ(wait->until_ms, k_t0 + 3'600'000);
}

TEST(BudgetLedger, ZeroTurnsAWindowOffAndAShareNarrowsIt) {
    BudgetLedger ledger;
    for (int i = 0; i < 50; ++i) {
        record(ledger.requests, k_t0 + i);
    }
    EXPECT_FALSE(wait_for_request(ledger, BudgetLimits{0, 0, 0, 1.0}, k_t0 + 100));
    EXPECT_FALSE(wait_for_request(ledger, BudgetLimits{90, 900, 8, 1.0}, k_t0 + 100));
    const auto read_only = wait_for_request(ledger, BudgetLimits{90, 900, 8, 0.5}, k_t0 + 100);
    ASSERT_TRUE(read_only);
    EXPECT_EQ(read_only->limit, 45);
    EXPECT_EQ(shared_limit(10, 0.01), 1);
}

TEST(BudgetLedger, CreateErrorsOverTheAllowanceWaitAnHour) {
    BudgetLedger ledger;
    const BudgetLimits limits{90, 900, 2, 0.5};
    record(ledger.create_errors, k_t0);
    EXPECT_FALSE(wait_for_create(ledger, limits, k_t0 + 1));
    record(ledger.create_errors, k_t0 + 10);
    const auto spent = wait_for_create(ledger, limits, k_t0 + 20);
    ASSERT_TRUE(spent);
    EXPECT_EQ(spent->limit, 2);  // a read share does not shrink FortiFlex's allowance
    EXPECT_EQ(spent->until_ms, k_t0 + 3'600'000);
    forget_old(ledger, k_t0 + 3'600'011);
    EXPECT_TRUE(ledger.create_errors.empty());
}

TEST(BudgetLedger, ALaggingClockIsJudgedAtTheNewestTake) {
    BudgetLedger ledger;
    const BudgetLimits limits{2, 0, 0, 1.0};
    record(ledger.requests, k_t0 + 60'000);
    record(ledger.requests, k_t0 + 61'000);
    // A process whose clock reads a minute earlier still sees the newest minute full.
    const std::int64_t now = effective_now(ledger, k_t0 + 1'000);
    EXPECT_EQ(now, k_t0 + 61'000);
    const auto wait = wait_for_request(ledger, limits, now);
    ASSERT_TRUE(wait);
    EXPECT_EQ(wait->until_ms, k_t0 + 120'000);
    EXPECT_EQ(effective_now(BudgetLedger{}, k_t0), k_t0);
}

TEST(BudgetLedger, SurvivesItsTextAndReadsGarbageAsEmpty) {
    BudgetLedger ledger;
    record(ledger.requests, k_t0 + 5);
    record(ledger.requests, k_t0 + 1);
    record(ledger.create_errors, k_t0 + 2);
    const BudgetLedger back = ledger_from_text(to_text(ledger));
    EXPECT_EQ(back.requests, (std::vector<std::int64_t>{k_t0 + 1, k_t0 + 5}));
    EXPECT_EQ(back.create_errors, (std::vector<std::int64_t>{k_t0 + 2}));
    EXPECT_TRUE(ledger_from_text("{\"requests\": [1, 2").requests.empty());
}

TEST(BudgetWords, AWaitSaysWhatIsSpentWhereAndUntilWhen) {
    const std::int64_t now = 1'800'000'000'000;  // 2027-01-15T08:00:00Z
    const BudgetWait wait{BudgetWindow::hour, 900, 900, now + 723'000};
    EXPECT_EQ(render_budget_wait(wait, now, "the file /tmp/b.json"),
              "budget: 900 of 900 requests this hour are spent (the file /tmp/b.json); waiting until 08:12:03 UTC "
              "(12 min 3 s)\n");
    EXPECT_EQ(duration_words(45'000), "45 s");
    EXPECT_EQ(duration_words(3'720'000), "1 h 2 min");
}

}  // namespace
}  // namespace flexform::testing

// Snapshots of live state: the document they are stored as, the provider that records a full read and answers from
// one, and the label every format puts on output answered from one.
#include <stdexcept>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "engine/render/reports.h"
#include "engine/render/snapshot_words.h"
#include "engine/usecases/live_reading.h"
#include "engine/usecases/snapshot_provider.h"
#include "engine/usecases/status_use_case.h"
#include "tests/unit/verb_fixtures.h"

namespace flexform::testing {
namespace {

LiveSnapshot every_kind_of_field() {
    LiveSnapshot s;
    s.taken_at = "2026-12-05T02:10:33Z";
    s.live = acme_and_an_unnamed_account();
    s.live.program = k_verb_program;
    s.live.configs.back().active = false;
    LiveEntitlement& e = s.live.entitlements[200].back();
    e.start_date = Date{2026, 11, 2};
    e.end_date = Date{2027, 1, 31};
    e.status = EntitlementStatus::other;
    e.status_text = "GRACE_PERIOD";
    e.token_status = TokenStatus::used;
    e.description = "branch \"7\"";
    s.live.unreadable[300] = "Authorization denied.";
    s.live.prepaid_balance = 1234;
    s.programs = std::vector<ProgramInfo>{{k_verb_program, 1, Date{2026, 1, 1}, std::nullopt, false}};
    s.prices.push_back({s.live.configs.front().product_id, s.live.configs.front().parameters,
                        Price{2.5, 3.0, Date{2027, 1, 1}, true}});
    return s;
}

TEST(LiveSnapshotDocument, KeepsEveryFieldItHolds) {
    const LiveSnapshot before = every_kind_of_field();
    const std::string text = snapshot_to_json(before);
    const LiveSnapshot after = snapshot_from_json(text);
    EXPECT_EQ(snapshot_to_json(after), text);
    EXPECT_EQ(after.taken_at, "2026-12-05T02:10:33Z");
    ASSERT_EQ(after.live.configs.size(), before.live.configs.size());
    EXPECT_EQ(after.live.configs.back().name, "beta-vm");
    EXPECT_EQ(after.live.configs.back().program, k_verb_program);
    EXPECT_FALSE(after.live.configs.back().active);
    EXPECT_EQ(after.live.configs.front().parameters, before.live.configs.front().parameters);
    const LiveEntitlement& e = after.live.entitlements.at(200).back();
    EXPECT_EQ(e.start_date, (Date{2026, 11, 2}));
    EXPECT_EQ(e.end_date, (Date{2027, 1, 31}));
    EXPECT_EQ(e.status, EntitlementStatus::other);
    EXPECT_EQ(e.status_text, "GRACE_PERIOD");
    EXPECT_EQ(e.token_status, TokenStatus::used);
    EXPECT_EQ(e.description, "branch \"7\"");
    EXPECT_EQ(after.live.unreadable.at(300), "Authorization denied.");
    EXPECT_EQ(after.live.prepaid_balance, 1234);
    ASSERT_TRUE(after.programs.has_value());
    EXPECT_FALSE(after.programs->front().end.has_value());
    ASSERT_EQ(after.prices.size(), 1u);
    EXPECT_DOUBLE_EQ(after.prices[0].price.per_day, 2.5);
    EXPECT_EQ(after.prices[0].price.latest, 3.0);
    EXPECT_TRUE(after.prices[0].price.metered);
}

TEST(LiveSnapshotDocument, RefusesADocumentOfAnotherShapeOrVersion) {
    nlohmann::json newer = nlohmann::json::parse(snapshot_to_json(every_kind_of_field()));
    newer["version"] = 2;
    EXPECT_THROW(snapshot_from_json(newer.dump()), std::invalid_argument);
    EXPECT_THROW(snapshot_from_json("{\"version\": 1}"), std::invalid_argument);
    EXPECT_THROW(snapshot_from_json("not json"), std::invalid_argument);
}

// The fake, counting the reads that reach it (its own record holds only writes).
class CountingFake : public FakeProvider {
public:
    int reads = 0;
    std::vector<ProgramInfo> list_programs() override {
        ++reads;
        return FakeProvider::list_programs();
    }
    std::vector<LiveConfig> list_configs(const std::string& program, std::optional<std::int64_t> account) override {
        ++reads;
        return FakeProvider::list_configs(program, account);
    }
    std::vector<LiveEntitlement> list_entitlements(const std::string& program, std::int64_t account) override {
        ++reads;
        return FakeProvider::list_entitlements(program, account);
    }
    std::vector<VmToken> vm_tokens(std::int64_t config_id) override {
        ++reads;
        return FakeProvider::vm_tokens(config_id);
    }
    Price calc(const std::string& program, int product_id, const ParameterSet& parameters) override {
        ++reads;
        return FakeProvider::calc(program, product_id, parameters);
    }
};

class SnapshotProviderTest : public ::testing::Test {
protected:
    void SetUp() override {
        load_fake(m_fake, acme_and_an_unnamed_account());
        m_request.program = k_verb_program;
        m_request.parallelism = 2;
        m_request.customer_names = {{100, "acme"}};
    }

    CountingFake m_fake;
    StatusRequest m_request;
};

TEST_F(SnapshotProviderTest, RecordsAFullReadOfTheProgramWithItsPrices) {
    SnapshotProvider recorder(m_fake);
    const StatusOutcome live = program_status(recorder, m_request, builtin_catalog());
    const auto read = recorder.full_read(k_verb_program, "2026-12-05T02:10:33Z");
    ASSERT_TRUE(read.has_value());
    EXPECT_EQ(read->taken_at, "2026-12-05T02:10:33Z");
    EXPECT_EQ(read->live.configs.size(), live.live.configs.size());
    EXPECT_EQ(read->live.entitlements.size(), live.live.entitlements.size());
    EXPECT_FALSE(read->prices.empty());
    EXPECT_FALSE(recorder.full_read("ELAVMS0000000002", "2026-12-05T02:10:33Z").has_value());  // another program
}

TEST_F(SnapshotProviderTest, AReadOfSomeAccountsIsNoFullRead) {
    SnapshotProvider recorder(m_fake);
    read_accounts(recorder, k_verb_program, {100, 200}, 2);  // per account: not the program's configs/list
    EXPECT_FALSE(recorder.full_read(k_verb_program, "2026-12-05T02:10:33Z").has_value());
    SnapshotProvider fresh(m_fake);
    fresh.list_configs(k_verb_program, std::nullopt);
    fresh.list_entitlements(k_verb_program, 100);
    EXPECT_FALSE(fresh.full_read(k_verb_program, "2026-12-05T02:10:33Z").has_value());  // account 200 unread
}

TEST_F(SnapshotProviderTest, AnswersStatusFromASnapshotWithoutAskingFortiFlex) {
    SnapshotProvider recorder(m_fake);
    const StatusOutcome live = program_status(recorder, m_request, builtin_catalog());
    const LiveSnapshot snapshot = *recorder.full_read(k_verb_program, "2026-12-05T02:10:33Z");
    EXPECT_GT(m_fake.reads, 0);
    m_fake.reads = 0;
    m_fake.configs.clear();  // FortiFlex changed since: the snapshot still answers as it was
    SnapshotProvider served(m_fake, snapshot_from_json(snapshot_to_json(snapshot)));
    const StatusOutcome answered = program_status(served, m_request, builtin_catalog());
    EXPECT_EQ(m_fake.reads, 0);
    EXPECT_EQ(render_status_json(answered.report, std::nullopt, builtin_catalog()),
              render_status_json(live.report, std::nullopt, builtin_catalog()));
    EXPECT_FALSE(served.full_read(k_verb_program, "2026-12-05T03:00:00Z").has_value());  // nothing new was read
}

TEST_F(SnapshotProviderTest, AnswersWhatTheSnapshotLacksFromFortiFlexAndRefusesWrites) {
    SnapshotProvider served(m_fake, every_kind_of_field());
    EXPECT_EQ(served.list_configs(k_verb_program, 200).size(), 2u);
    EXPECT_THROW(served.list_entitlements(k_verb_program, 300), ProviderError);  // refused when the read was made
    EXPECT_EQ(m_fake.reads, 0);
    served.vm_tokens(11);                           // tokens are never in a snapshot
    served.list_entitlements(k_verb_program, 400);  // an account the read did not hold
    EXPECT_EQ(m_fake.reads, 2);
    EXPECT_THROW(served.stop_entitlement("FGT40FTK20000001", nullptr), std::logic_error);
}

TEST(SnapshotWords, SayTheAgeAndTheMinuteOfTheRead) {
    EXPECT_EQ(snapshot_label({"2026-12-05T02:10:33Z", 720}), "live state as read 12 min ago, 2026-12-05T02:10Z");
    EXPECT_EQ(age_words(45), "45 s ago");
    EXPECT_EQ(age_words(7200), "2 h ago");
    EXPECT_EQ(age_words(7500), "2 h 5 min ago");
    EXPECT_EQ(age_words(3 * 86400 + 5), "3 days ago");
}

TEST(SnapshotWords, StatusSaysItInTextAndJson) {
    StatusReport report;
    report.program = k_verb_program;
    report.read_from = SnapshotOrigin{"2026-12-05T02:10:33Z", 720};
    EXPECT_NE(render_status_text(report, std::nullopt, builtin_catalog())
                  .find("\nFrom a snapshot in the store: live state as read 12 min ago, 2026-12-05T02:10Z\n"),
              std::string::npos);
    const auto json = nlohmann::json::parse(render_status_json(report, std::nullopt, builtin_catalog()));
    EXPECT_EQ(json["snapshot"], (nlohmann::json{{"taken_at", "2026-12-05T02:10:33Z"}, {"age_seconds", 720}}));
    report.read_from.reset();
    EXPECT_TRUE(
        nlohmann::json::parse(render_status_json(report, std::nullopt, builtin_catalog()))["snapshot"].is_null());
    EXPECT_EQ(render_status_text(report, std::nullopt, builtin_catalog()).find("snapshot"), std::string::npos);
}

}  // namespace
}  // namespace flexform::testing

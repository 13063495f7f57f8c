// `tokens regenerate` over the strict FakeProvider: the selection, one journaled send per VM under the program's
// lock, the new tokens read back (and never written to the journal), an unknown outcome reported as unknown.
#include "engine/usecases/token_regeneration_use_case.h"

#include <gtest/gtest.h>

#include "engine/usecases/plan_use_case.h"
#include "tests/unit/use_case_ports.h"
#include "tests/unit/verb_fixtures.h"

namespace flexform::testing {
namespace {

class TokenRegeneration : public ::testing::Test {
protected:
    void SetUp() override {
        load_fake(m_fake, acme_and_an_unnamed_account());
        m_request.scope.program = k_verb_program;
        m_request.scope.parallelism = 1;
        m_request.scope.customer_names = {{100, "acme"}};
        m_request.me = {"ops-1", "ops", "7", "tokens regenerate", "2026-11-20T18:00:00Z"};
        m_request.execution.parallelism = 1;
    }

    TokenRegenerationOutcome run() {
        return regenerate_tokens(m_fake, m_locks, m_journals, FixedClock{}, m_request, builtin_catalog());
    }

    FakeProvider m_fake;
    RecordingLocks m_locks;
    MemoryJournals m_journals;
    TokenRegenerationRequest m_request;
};

TEST_F(TokenRegeneration, NamedSerialsGetANewTokenUnderTheLockAndTheJournalHoldsNoToken) {
    m_request.selection.serials = {"FGVMMLTM26000009", "FGVMMLTM26000001"};
    const TokenRegenerationOutcome out = run();
    EXPECT_EQ(m_locks.acquired, std::vector<std::string>{k_verb_program});
    EXPECT_EQ(m_fake.calls,
              (std::vector<std::string>{"regenerate_token FGVMMLTM26000001", "regenerate_token FGVMMLTM26000009"}));
    EXPECT_TRUE(out.result.ok());
    ASSERT_EQ(out.tokens.size(), 2u);
    EXPECT_EQ(out.tokens[0].token.token, "TOKEN-FGVMMLTM26000001-g1");
    EXPECT_EQ(out.tokens[1].token.token, "TOKEN-FGVMMLTM26000009-g1");
    EXPECT_EQ(out.plan.changes[1].address, "account-200/beta-vm/FGVMMLTM26000009");
    ASSERT_EQ(m_journals.texts.size(), 1u);
    const std::string& journal = m_journals.texts.begin()->second;
    EXPECT_NE(journal.find("\"action\":\"regenerate_token\""), std::string::npos) << journal;
    EXPECT_EQ(journal.find("TOKEN-"), std::string::npos) << journal;
}

TEST_F(TokenRegeneration, FiltersSelectTheVmsOfTheScope) {
    m_request.scope.account = 100;
    m_request.selection.status = EntitlementStatus::pending;
    const TokenRegenerationOutcome out = run();
    EXPECT_EQ(m_fake.calls, std::vector<std::string>{"regenerate_token FGVMMLTM26000002"});
    m_request.selection = {};
    m_request.selection.status = EntitlementStatus::stopped;
    EXPECT_EQ(run().verdict, TokenRegenerationVerdict::nothing_selected);
    EXPECT_EQ(m_fake.calls.size(), 1u);
}

TEST_F(TokenRegeneration, AnEmptySelectionOrASerialOutOfScopeIsRefusedBeforeAnyWrite) {
    EXPECT_THROW(run(), RequestError);
    m_request.scope.account = 100;
    m_request.selection.serials = {"FGVMMLTM26000009"};
    try {
        run();
        FAIL() << "FGVMMLTM26000009 is beta's";
    } catch (const RequestError& e) {
        EXPECT_STREQ(e.what(),
                     "FGVMMLTM26000009 is not a VM entitlement in the selected scope (or it does not match "
                     "the filters given with it)");
    }
    EXPECT_TRUE(m_fake.calls.empty());
}

TEST_F(TokenRegeneration, ALostAnswerIsUnknownAndNotSentAgain) {
    m_request.selection.serials = {"FGVMMLTM26000001"};
    m_fake.lose_answer.insert("regenerate_token FGVMMLTM26000001");
    const TokenRegenerationOutcome out = run();
    EXPECT_EQ(out.result.count(OutcomeStatus::unknown), 1);
    EXPECT_EQ(m_fake.calls.size(), 1u);
    ASSERT_EQ(out.tokens.size(), 1u);  // what FortiFlex lists now: here the token the lost answer carried
    EXPECT_EQ(out.tokens[0].token.token, "TOKEN-FGVMMLTM26000001-g1");
}

}  // namespace
}  // namespace flexform::testing

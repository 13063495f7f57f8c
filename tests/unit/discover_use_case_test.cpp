// The discover use case: every program the API user sees, its accounts with their configuration counts, and the
// program a new flexform.yaml should name.
#include "engine/usecases/discover_use_case.h"

#include <gtest/gtest.h>

#include "tests/unit/verb_fixtures.h"

namespace flexform::testing {
namespace {

TEST(DiscoverUseCase, CountsTheConfigurationsOfEachAccountPerProgram) {
    FakeProvider fake;
    load_fake(fake, acme_and_an_unnamed_account());
    const Discovery discovery = discover_programs(fake);
    ASSERT_EQ(discovery.programs.size(), 1u);
    EXPECT_EQ(discovery.programs[0].program.serial, k_verb_program);
    const std::vector<DiscoveredAccount> expected{{100, 3}, {200, 2}};
    EXPECT_EQ(discovery.programs[0].accounts, expected);
    EXPECT_EQ(discovery.suggested_program, k_verb_program);
    EXPECT_TRUE(fake.calls.empty());
}

TEST(DiscoverUseCase, SuggestsThePostpaidProgramOverAPrepaidOne) {
    FakeProvider fake;
    fake.programs = {{"ELAVMR0000000001", 1, std::nullopt, std::nullopt, true},
                     {"ELAVMS0000000002", 1, std::nullopt, std::nullopt, false},
                     {"ELAVMR0000000003", 1, std::nullopt, std::nullopt, true}};
    const Discovery discovery = discover_programs(fake);
    ASSERT_EQ(discovery.programs.size(), 3u);
    EXPECT_EQ(discovery.programs[2].program.serial, "ELAVMR0000000003");  // FortiFlex's order
    EXPECT_TRUE(discovery.programs[0].accounts.empty());
    EXPECT_EQ(discovery.suggested_program, "ELAVMS0000000002");
}

TEST(DiscoverUseCase, SuggestsTheFirstProgramWhenAllArePrepaidAndNoneWhenThereIsNone) {
    FakeProvider fake;
    fake.programs = {{"ELAVMR0000000001", 1, std::nullopt, std::nullopt, true},
                     {"ELAVMR0000000002", 1, std::nullopt, std::nullopt, true}};
    EXPECT_EQ(discover_programs(fake).suggested_program, "ELAVMR0000000001");
    fake.programs.clear();
    const Discovery none = discover_programs(fake);
    EXPECT_TRUE(none.programs.empty());
    EXPECT_EQ(none.suggested_program, "");
}

}  // namespace
}  // namespace flexform::testing

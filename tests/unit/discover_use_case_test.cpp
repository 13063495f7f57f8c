// The discover use case: every program the API user sees, its accounts with their configuration counts (the owner's
// too, with none), and which program a new flexform.yaml names: never a guess between several.
#include "engine/usecases/discover_use_case.h"

#include <gtest/gtest.h>

#include "tests/unit/verb_fixtures.h"

namespace flexform::testing {
namespace {

TEST(DiscoverUseCase, CountsTheConfigurationsOfEachAccountPerProgramAndListsTheOwnerWithNone) {
    FakeProvider fake;
    load_fake(fake, acme_and_an_unnamed_account());
    const Discovery discovery = discover_programs(fake);
    ASSERT_EQ(discovery.programs.size(), 1u);
    EXPECT_EQ(discovery.programs[0].program.serial, k_verb_program);
    const std::vector<DiscoveredAccount> expected{{1, 0, true}, {100, 3, false}, {200, 2, false}};
    EXPECT_EQ(discovery.programs[0].accounts, expected);
    EXPECT_TRUE(fake.calls.empty());
    const ProgramChoice only = choose_program(discovery, "");
    EXPECT_EQ(only.kind, ProgramChoice::Kind::chosen);
    EXPECT_EQ(only.serial, k_verb_program);
}

TEST(DiscoverUseCase, SeveralProgramsLeaveTheChoiceToTheUser) {
    FakeProvider fake;
    fake.programs = {{"ELAVMR0000000001", 1, std::nullopt, std::nullopt, true},
                     {"ELAVMS0000000002", 1, std::nullopt, std::nullopt, false}};
    const Discovery discovery = discover_programs(fake);
    ASSERT_EQ(discovery.programs.size(), 2u);
    EXPECT_EQ(discovery.programs[1].program.serial, "ELAVMS0000000002");  // FortiFlex's order
    EXPECT_EQ(choose_program(discovery, "").kind, ProgramChoice::Kind::several);
    const ProgramChoice prepaid = choose_program(discovery, "ELAVMR0000000001");
    EXPECT_EQ(prepaid.kind, ProgramChoice::Kind::chosen);
    EXPECT_EQ(prepaid.serial, "ELAVMR0000000001");
    const ProgramChoice other = choose_program(discovery, "ELAVMS0000000009");
    EXPECT_EQ(other.kind, ProgramChoice::Kind::not_visible);
    EXPECT_EQ(other.serial, "ELAVMS0000000009");
}

TEST(DiscoverUseCase, ProgramsAreNamedByKindUniquelyThePostpaidOneTheDefault) {
    Discovery discovery;
    for (const auto& [serial, prepaid] : std::vector<std::pair<std::string, bool>>{{"ELAVMR0000000001", true},
                                                                                  {"ELAVMS0000000002", false},
                                                                                  {"ELAVMS0000000003", false},
                                                                                  {"ELAVMR0000000004", true}}) {
        discovery.programs.push_back({{serial, 1, std::nullopt, std::nullopt, prepaid}, {}});
    }
    const std::vector<ProgramName> names = name_programs(discovery);
    ASSERT_EQ(names.size(), 4u);
    EXPECT_EQ(names[0].name, "prepaid");
    EXPECT_EQ(names[1].name, "postpaid");
    EXPECT_EQ(names[2].name, "postpaid-2");
    EXPECT_EQ(names[3].name, "prepaid-2");
    EXPECT_EQ(names[3].serial, "ELAVMR0000000004");
    EXPECT_FALSE(names[0].is_default);
    EXPECT_TRUE(names[1].is_default);
    EXPECT_FALSE(names[2].is_default);
    discovery.programs.erase(discovery.programs.begin() + 1, discovery.programs.begin() + 3);
    EXPECT_TRUE(name_programs(discovery)[0].is_default);  // no postpaid program: the first
}

TEST(DiscoverUseCase, NoProgramChoosesNone) {
    FakeProvider fake;
    const Discovery none = discover_programs(fake);
    EXPECT_TRUE(none.programs.empty());
    EXPECT_EQ(choose_program(none, "").kind, ProgramChoice::Kind::none_visible);
}

}  // namespace
}  // namespace flexform::testing

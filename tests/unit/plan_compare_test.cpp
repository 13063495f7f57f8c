// The saved-plan contract: a saved plan is applied only when it is exactly what flexform would plan now. Every
// hand edit an attacker or a careless merge could make is a named difference.
#include "engine/plan/plan_compare.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "tests/unit/plan_fixtures.h"

namespace flexform::testing {
namespace {

Plan onboarding() {
    LiveState live;
    live.program = "ELAVMS0000000001";
    return plan_for(desired_from(k_acme), live);
}

TEST(PlanCompare, APlanEqualsItself) {
    EXPECT_TRUE(compare_plans(onboarding(), onboarding()).empty());
}

TEST(PlanCompare, AnEditedSerialIsNamed) {
    Plan saved = onboarding();
    saved.changes[1].after.serials->at(0) = "FGT60FTK29999999";
    const auto d = compare_plans(saved, onboarding());
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0], "create_entitlements acme/fgt: after.serials differ from what flexform would plan now");
}

TEST(PlanCompare, AnInflatedVmCountIsNamed) {
    Plan saved = onboarding();
    saved.changes[3].after.count = 250;
    const auto d = compare_plans(saved, onboarding());
    ASSERT_EQ(d.size(), 1u);
    EXPECT_NE(d[0].find("after.count"), std::string::npos);
}

TEST(PlanCompare, AnAddedStopIsNamed) {
    Plan saved = onboarding();
    Change stop = saved.changes[1];
    stop.action = ActionKind::stop;
    stop.address = "acme/fgt/FGT60FTK20000001";
    stop.serial = "FGT60FTK20000001";
    saved.changes.push_back(stop);
    const auto d = compare_plans(saved, onboarding());
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0], "the saved plan has `stop acme/fgt/FGT60FTK20000001`, which flexform would not do now");
}

TEST(PlanCompare, ADuplicatedOrTruncatedChangeListIsNamed) {
    Plan duplicated = onboarding();
    duplicated.changes.insert(duplicated.changes.end(), duplicated.changes.begin(), duplicated.changes.begin() + 2);
    const auto d = compare_plans(duplicated, onboarding());
    ASSERT_EQ(d.size(), 2u);
    EXPECT_EQ(d[0], "`create_config acme/fgt` appears 2 times in the saved plan, 1 now");
    Plan truncated = onboarding();
    truncated.changes.resize(2);
    EXPECT_EQ(compare_plans(truncated, onboarding()).size(), 4u);
}

TEST(PlanCompare, AnotherAccountOrProgramIsNamed) {
    Plan saved = onboarding();
    saved.changes[0].account_id = 999;
    saved.program_serial = "ELAVMS0000000002";
    const auto d = compare_plans(saved, onboarding());
    ASSERT_EQ(d.size(), 2u);
    EXPECT_EQ(d[0], "the saved plan is for program ELAVMS0000000002, not ELAVMS0000000001");
    EXPECT_NE(d[1].find("customer/account"), std::string::npos);
}

TEST(PlanCompare, PricesAreComparedToTheCent) {
    Plan saved = onboarding();
    saved.changes[1].points.after += 0.004;
    EXPECT_TRUE(compare_plans(saved, onboarding()).empty());
    saved.changes[1].points.after += 0.5;
    const auto d = compare_plans(saved, onboarding());
    ASSERT_EQ(d.size(), 1u);
    EXPECT_NE(d[0].find("points_per_day (saved 0.00 -> 5.90, now 0.00 -> 5.40)"), std::string::npos) << d[0];
}

TEST(PlanCompare, SwappedChangesAreNamedWhereTheyPart) {
    Plan saved = onboarding();
    std::swap(saved.changes[0], saved.changes[1]);
    const auto d = compare_plans(saved, onboarding());
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0],
              "the saved plan's changes are in another order than flexform would apply them: change 1 is `" +
                  std::string(to_string(saved.changes[0].action)) + " " + saved.changes[0].address +
                  "` in the saved plan, `create_config acme/fgt` now");
}

TEST(PlanCompare, EveryFigureBesideTheChangesIsNamed) {
    Plan saved = onboarding();
    saved.cost.per_day_after = 1.0;
    saved.cost.by_customer.clear();
    saved.scope.prune = true;
    saved.live_digest = "garbage";
    saved.diagnostics.push_back({Severity::error, DiagnosticCode::protected_customer, "acme/fgt", "no", {}});
    saved.created_at = "2999-01-01T00:00:00Z";
    const auto d = compare_plans(saved, onboarding());
    const auto named = [&d](const std::string& text) {
        return std::any_of(d.begin(), d.end(), [&text](const std::string& s) { return s.rfind(text, 0) == 0; });
    };
    EXPECT_TRUE(named("cost.per_day_after: saved 1.00, now ")) << ::testing::PrintToString(d);
    EXPECT_TRUE(named("cost.by_customer (customers): saved 0, now 1"));
    EXPECT_TRUE(named("scope.prune: saved true, now false"));
    EXPECT_TRUE(named("live_digest (FortiFlex has changed since the plan was made): saved garbage, now "));
    EXPECT_TRUE(named("diagnostics (count): saved 1, now 0"));
    EXPECT_TRUE(named("created_at: the saved plan says it was made at 2999-01-01T00:00:00Z, after now"));
    EXPECT_EQ(d.size(), 6u) << ::testing::PrintToString(d);
}

TEST(PlanCompare, AStalePlanIsNamed) {
    // The plan was made; then someone entitled the serials in the portal.
    const Plan saved = onboarding();
    LiveState now;
    now.program = "ELAVMS0000000001";
    now.configs.push_back(live_config(1, 100, "fgt", "FGT_HW",
                                      params("FGT_HW", {{"device_model", {"FGT60F"}}, {"service_pkg", {"FGHWUTP"}}})));
    const auto d = compare_plans(saved, plan_for(desired_from(k_acme), now));
    EXPECT_FALSE(d.empty());
    EXPECT_EQ(d[0], "the saved plan has `create_config acme/fgt`, which flexform would not do now");
}

}  // namespace
}  // namespace flexform::testing

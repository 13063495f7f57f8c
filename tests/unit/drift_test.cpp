#include "engine/report/drift.h"
#include "engine/render/reports.h"

#include <gtest/gtest.h>

#include "tests/unit/plan_fixtures.h"

namespace flexform::testing {
namespace {

TEST(Drift, PatternsMatchWithStars) {
    EXPECT_TRUE(matches_pattern("acme/*", "acme/fgt/FGT60FTK20000001"));
    EXPECT_TRUE(matches_pattern("*/legacy", "acme/legacy"));
    EXPECT_TRUE(matches_pattern("acme/fgt", "acme/fgt"));
    EXPECT_FALSE(matches_pattern("acme/fgt", "acme/fgt/X"));
    EXPECT_TRUE(matches_pattern("a*b*c", "aXXbYYc"));
    EXPECT_FALSE(matches_pattern("a*b*c", "aXXbYY"));
    EXPECT_TRUE(matches_pattern("*", ""));
}

TEST(Drift, EveryPlanChangeBecomesAPlainWordsItem) {
    LiveState live = acme_in_sync();
    set_status(live.entitlements[100][0], "STOPPED");
    live.configs[1].active = false;
    const Plan plan = plan_for(desired_from(k_acme), live);
    const DriftReport report = drift_from_plan(plan, {}, builtin_catalog());
    ASSERT_EQ(report.items.size(), 2u);
    EXPECT_EQ(report.items[0].kind, DriftKind::entitlement_stopped);
    EXPECT_EQ(report.items[0].message, "entitlement FGT60FTK20000001 is STOPPED in FortiFlex but active in git");
    EXPECT_EQ(report.items[1].kind, DriftKind::config_disabled);
    EXPECT_FALSE(report.in_sync());
    const DriftReport ignored = drift_from_plan(plan, {"acme/*"}, builtin_catalog());
    EXPECT_TRUE(ignored.in_sync());
    EXPECT_EQ(ignored.items.size(), 2u);
}

}  // namespace
}  // namespace flexform::testing

namespace flexform::testing {
namespace {

TEST(Drift, MarkdownStaysUnderOneCommentAndSaysWhatItLeftOut) {
    DriftReport report;
    report.program = "ELAVMS0000000001";
    for (int i = 0; i < 2000; ++i) {
        report.items.push_back({"customer-" + std::to_string(i) + "/config", DriftKind::config_changed,
                                std::string(100, 'x') + " | pipes are escaped", "restore it", false});
    }
    const std::string md = render_drift_markdown(report);
    EXPECT_EQ(md.rfind("<!-- flexform-drift -->\n", 0), 0u);
    EXPECT_LE(md.size(), 65000u);
    EXPECT_NE(md.find("more differences not shown"), std::string::npos);
    EXPECT_EQ(md.find(" | pipes"), std::string::npos);
}

}  // namespace
}  // namespace flexform::testing

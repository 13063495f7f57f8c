// Points read the same in every human form: thousands grouped ("1,234.56") in drift impacts, budget lines, pulls
// and the plan, while CSV and JSON keep the plain number a program reads.
#include <gtest/gtest.h>

#include "engine/plan/policies.h"
#include "engine/render/plan_summary.h"
#include "engine/render/policy_words.h"
#include "engine/render/pull_renderers.h"
#include "engine/render/render.h"
#include "engine/render/reports.h"
#include "tests/unit/plan_fixtures.h"

namespace flexform::testing {
namespace {

TEST(Figures, WholePointsAreGroupedLikeEveryOtherFigure) {
    EXPECT_EQ(format_whole_points(9215.4), "9,215");
    EXPECT_EQ(format_whole_points(100000), "100,000");
    EXPECT_EQ(format_whole_points(-1234567.6), "-1,234,568");
    EXPECT_EQ(format_whole_points(999), "999");
    EXPECT_EQ(format_whole_points(0), "0");
}

TEST(Figures, ADriftImpactAboveAThousandIsGroupedInTextAndMarkdownNotInJson) {
    DriftReport report;
    report.program = "ELAVMS0000000001";
    DriftItem item;
    item.address = "acme/vm";
    item.kind = DriftKind::config_changed;
    item.phrased = PhrasedDrift{"cpu_size is 96 in FortiFlex, 8 in git", "set cpu_size back to 8"};
    item.phrased_points = 1234.5;
    report.items = {item};
    EXPECT_NE(render_drift_text(report, builtin_catalog()).find("points: +1,234.50/day in FortiFlex against git"),
              std::string::npos);
    EXPECT_NE(render_drift_markdown(report, builtin_catalog()).find("| +1,234.50 |"), std::string::npos);
    EXPECT_NE(render_drift_json(report, builtin_catalog()).find("\"points_per_day\": 1234.5"), std::string::npos);
}

TEST(Figures, ABudgetBlockLineGroupsItsFigures) {
    PolicyResult block;
    block.rule = PolicyRule::budget_per_day;
    block.subject = "acme";
    block.status = PolicyStatus::block;
    block.limit = 1000.0;
    block.value = 1562.5;
    block.figures.before = 1200.0;
    block.figures.worsens = true;
    EXPECT_EQ(blocking_line(block),
              "budget.perDay (acme): run-rate after this plan 1,562.50 points/day (before 1,200.00), budget 1,000.00");
    Plan plan;
    plan.program_serial = "ELAVMS0000000001";
    plan.policies = {block};
    const std::string text = render_text(plan, RenderOptions{});
    EXPECT_NE(text.find("[BLOCK]  budget.perDay (acme, block): run-rate after this plan 1,562.50 points/day (before "
                        "1,200.00), budget 1,000.00"),
              std::string::npos)
        << text;
    // What a budget costs now (drift, program, the dashboard) reads the same.
    Customer acme;
    acme.name = "acme";
    acme.budget = Budget{1000.0, std::nullopt, Enforcement::block, {}};
    DesiredState desired;
    desired.customers.push_back(acme);
    const std::vector<PolicyResult> now = evaluate_budgets_now({{"acme", 1562.5}}, desired, Date{2026, 11, 20});
    ASSERT_EQ(now.size(), 1u);
    EXPECT_EQ(policy_detail(now[0]), "costs 1,562.50 points/day now, budget 1,000.00");
}

TEST(Figures, APulledDayGroupsItsPoints) {
    DayPull day;
    day.day = Date{2026, 11, 28};
    day.result = DayResult::stored;
    day.rows_after = 120;
    day.centipoints_after = 123456;
    EXPECT_EQ(render_pull_day(day), "2026-11-28: 120 rows / 1,234.56 points stored");
}

}  // namespace
}  // namespace flexform::testing

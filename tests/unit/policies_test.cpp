// Cost guardrails: each rule against a plan's figures, warn and block, boundaries, waivers and their expiry.
#include "engine/plan/policies.h"

#include <gtest/gtest.h>

#include "engine/plan/plan.h"
#include "tests/unit/plan_fixtures.h"

namespace flexform::testing {
namespace {

const Date k_today{2026, 11, 20};

Cost cost_of(double before, double after) {
    Cost c;
    c.by_customer.push_back({"acme", 100, before, after});
    c.per_day_before = before + 10.0;
    c.per_day_after = after + 10.0;
    return c;
}

DesiredState with_budget(std::optional<double> per_day, std::optional<double> per_month, Enforcement action) {
    DesiredState d;
    Customer acme;
    acme.name = "acme";
    acme.account_id = 100;
    acme.budget = Budget{per_day, per_month, action, {}};
    d.customers.push_back(acme);
    return d;
}

TEST(Policies, ABudgetPassesAtItsLimitAndBlocksBeyondIt) {
    const DesiredState d = with_budget(50.0, std::nullopt, Enforcement::block);
    auto at = evaluate_policies(cost_of(40, 50), d, k_today);
    ASSERT_EQ(at.size(), 1u);
    EXPECT_EQ(at[0].status, PolicyStatus::pass);  // reaching the budget is within it
    auto over = evaluate_policies(cost_of(40, 50.01), d, k_today);
    EXPECT_EQ(over[0].status, PolicyStatus::block);
    EXPECT_EQ(over[0].rule, "budget.perDay");
    EXPECT_EQ(over[0].subject, "acme");
    EXPECT_DOUBLE_EQ(*over[0].value, 50.01);
    EXPECT_EQ(over[0].detail, "run-rate after this plan 50.01 points/day (before 40.00), budget 50.00");
    Plan plan;
    plan.policies = over;
    EXPECT_FALSE(plan.applyable());
}

TEST(Policies, AWarnRuleNeverBlocksAndAMonthIsThirtyDays) {
    const DesiredState d = with_budget(std::nullopt, 1500.0, Enforcement::warn);
    const auto r = evaluate_policies(cost_of(40, 51), d, k_today);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].rule, "budget.perMonth");
    EXPECT_EQ(r[0].status, PolicyStatus::warn);
    EXPECT_DOUBLE_EQ(*r[0].value, 1530.0);
    Plan plan;
    plan.policies = r;
    EXPECT_TRUE(plan.applyable());
}

TEST(Policies, ACustomerAlreadyOverBudgetIsNotBlockedByAPlanThatAddsNothing) {
    const DesiredState d = with_budget(50.0, std::nullopt, Enforcement::block);
    const auto r = evaluate_policies(cost_of(60, 55), d, k_today);  // this plan lowers it
    EXPECT_EQ(r[0].status, PolicyStatus::warn);
    EXPECT_NE(r[0].detail.find("already beyond it before this plan"), std::string::npos);
}

TEST(Policies, AWaiverHoldsUntilItsLastDayThenTheRuleBlocksAgain) {
    DesiredState d = with_budget(50.0, std::nullopt, Enforcement::block);
    d.customers[0].overrides.push_back({"budget.perDay", "new branch, agreed with finance", Date{2026, 11, 20}, {}});
    auto waived = evaluate_policies(cost_of(40, 60), d, k_today);
    EXPECT_EQ(waived[0].status, PolicyStatus::waived);
    ASSERT_TRUE(waived[0].waiver);
    EXPECT_EQ(waived[0].waiver->reason, "new branch, agreed with finance");
    const auto expired = evaluate_policies(cost_of(40, 60), d, Date{2026, 11, 21});
    EXPECT_EQ(expired[0].status, PolicyStatus::block);
    EXPECT_NE(expired[0].detail.find("the waiver expired on 2026-11-20"), std::string::npos);
    // A waiver names its rule: one for the month does not waive the day.
    d.customers[0].overrides[0].rule = "budget.perMonth";
    EXPECT_EQ(evaluate_policies(cost_of(40, 60), d, k_today)[0].status, PolicyStatus::block);
}

TEST(Policies, ProgramRulesCompareThePlansDelta) {
    DesiredState d;
    d.project.policies.max_increase_per_day = Limit{5.0, Enforcement::block, {}};
    d.project.policies.max_commitment_share = Limit{0.01, Enforcement::warn, {}};
    Cost c = cost_of(0, 6);  // +6 points/day
    c.yearly_commitment = 100000.0;
    const auto r = evaluate_policies(c, d, k_today);
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(r[0].rule, "maxIncreasePerDay");
    EXPECT_EQ(r[0].status, PolicyStatus::block);
    EXPECT_EQ(r[1].rule, "maxCommitmentShare");
    EXPECT_EQ(r[1].status, PolicyStatus::warn);  // 2,190 points a year: 2.2% of 100,000
    EXPECT_NEAR(*r[1].value, 0.0219, 1e-9);
    // Waived in flexform.yaml, for the program.
    d.project.overrides.push_back({"maxIncreasePerDay", "onboarding week", Date{2026, 12, 1}, {}});
    EXPECT_EQ(evaluate_policies(c, d, k_today)[0].status, PolicyStatus::waived);
    // No commitment: said so, and nothing blocks on it.
    c.yearly_commitment.reset();
    EXPECT_EQ(evaluate_policies(c, d, k_today)[1].status, PolicyStatus::not_evaluated);
}

TEST(Policies, PrepaidRunwayAndBalanceShare) {
    DesiredState d;
    d.project.policies.min_runway_days = Limit{90.0, Enforcement::block, {}};
    d.project.policies.max_balance_share = Limit{0.1, Enforcement::block, {}};
    Cost c = cost_of(0, 100);  // program 10 -> 110 points/day
    c.prepaid_balance = 10000;
    auto r = evaluate_policies(c, d, k_today);
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(r[0].rule, "maxBalanceShare");
    EXPECT_EQ(r[0].status, PolicyStatus::block);  // 3,000 points per 30 days of a 10,000 balance
    EXPECT_EQ(r[1].rule, "minRunwayDays");
    EXPECT_EQ(r[1].status, PolicyStatus::pass);  // 10,000 / 110 = 90.9 days: enough
    EXPECT_NEAR(*r[1].value, 90.909, 0.001);
    d.project.policies.min_runway_days->value = 100.0;
    EXPECT_EQ(evaluate_policies(c, d, k_today)[1].status, PolicyStatus::block);
    c.totals_complete = false;  // a PR plan: the runway cannot be known
    EXPECT_EQ(evaluate_policies(c, d, k_today)[1].status, PolicyStatus::not_evaluated);
}

TEST(Policies, BudgetsNowAreFindingsWithWhatTheCustomerCosts) {
    const DesiredState d = with_budget(50.0, std::nullopt, Enforcement::block);
    const auto r = evaluate_budgets_now({{"acme", 62.5}}, d, k_today);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].status, PolicyStatus::warn);
    EXPECT_EQ(r[0].detail, "costs 62.50 points/day now, budget 50.00");
    EXPECT_TRUE(evaluate_budgets_now({{"acme", 49.0}}, d, k_today)[0].status == PolicyStatus::pass);
}

}  // namespace
}  // namespace flexform::testing

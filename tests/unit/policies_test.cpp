// Cost guardrails: each rule against a plan's figures, warn and block, boundaries, waivers and their expiry.
#include "engine/plan/policies.h"

#include <gtest/gtest.h>

#include "engine/plan/plan.h"
#include "engine/render/plan_summary.h"
#include "engine/render/policy_words.h"
#include "engine/render/render.h"
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
    EXPECT_EQ(over[0].rule, PolicyRule::budget_per_day);
    EXPECT_EQ(over[0].subject, "acme");
    EXPECT_DOUBLE_EQ(*over[0].value, 50.01);
    EXPECT_EQ(policy_detail(over[0]), "run-rate after this plan 50.01 points/day (before 40.00), budget 50.00");
    Plan plan;
    plan.policies = over;
    EXPECT_FALSE(plan.applyable());
}

TEST(Policies, AWarnRuleNeverBlocksAndAMonthIsThirtyDays) {
    const DesiredState d = with_budget(std::nullopt, 1500.0, Enforcement::warn);
    const auto r = evaluate_policies(cost_of(40, 51), d, k_today);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].rule, PolicyRule::budget_per_month);
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
    EXPECT_NE(policy_detail(r[0]).find("already beyond it before this plan"), std::string::npos);
}

TEST(Policies, AWaiverHoldsUntilItsLastDayThenTheRuleBlocksAgain) {
    DesiredState d = with_budget(50.0, std::nullopt, Enforcement::block);
    d.customers[0].overrides.push_back({PolicyRule::budget_per_day, "new branch, agreed with finance", Date{2026, 11, 20}, {}});
    auto waived = evaluate_policies(cost_of(40, 60), d, k_today);
    EXPECT_EQ(waived[0].status, PolicyStatus::waived);
    ASSERT_TRUE(waived[0].waiver);
    EXPECT_EQ(waived[0].waiver->reason, "new branch, agreed with finance");
    const auto expired = evaluate_policies(cost_of(40, 60), d, Date{2026, 11, 21});
    EXPECT_EQ(expired[0].status, PolicyStatus::block);
    EXPECT_NE(policy_detail(expired[0]).find("the waiver expired on 2026-11-20"), std::string::npos);
    // A waiver names its rule: one for the month does not waive the day.
    d.customers[0].overrides[0].rule = PolicyRule::budget_per_month;
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
    EXPECT_EQ(r[0].rule, PolicyRule::max_increase_per_day);
    EXPECT_EQ(r[0].status, PolicyStatus::block);
    EXPECT_EQ(r[1].rule, PolicyRule::max_commitment_share);
    EXPECT_EQ(r[1].status, PolicyStatus::warn);  // 2,190 points a year: 2.2% of 100,000
    EXPECT_NEAR(*r[1].value, 0.0219, 1e-9);
    // Waived in flexform.yaml, for the program.
    d.project.overrides.push_back({PolicyRule::max_increase_per_day, "onboarding week", Date{2026, 12, 1}, {}});
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
    EXPECT_EQ(r[0].rule, PolicyRule::max_balance_share);
    EXPECT_EQ(r[0].status, PolicyStatus::block);  // 3,000 points per 30 days of a 10,000 balance
    EXPECT_EQ(r[1].rule, PolicyRule::min_runway_days);
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
    EXPECT_EQ(policy_detail(r[0]), "costs 62.50 points/day now, budget 50.00");
    EXPECT_TRUE(evaluate_budgets_now({{"acme", 49.0}}, d, k_today)[0].status == PolicyStatus::pass);
}

}  // namespace
}  // namespace flexform::testing

namespace flexform::testing {
namespace {

std::vector<std::string> details_of(const std::vector<PolicyResult>& results) {
    std::vector<std::string> out;
    for (const auto& r : results) {
        out.push_back(std::string(to_string(r.rule)) + " [" + std::string(policy_unit(r.rule)) + "] " +
                      policy_detail(r));
    }
    return out;
}

TEST(PolicyWords, EachRuleIsPhrasedFromItsFigures) {
    DesiredState d;
    d.project.policies.max_increase_per_day = Limit{5.0, Enforcement::warn, {}};
    d.project.policies.max_commitment_share = Limit{0.01, Enforcement::warn, {}};
    d.project.policies.max_balance_share = Limit{0.1, Enforcement::warn, {}};
    d.project.policies.min_runway_days = Limit{90.0, Enforcement::block, {}};
    Cost c = cost_of(0, 6);  // program 10 -> 16 points/day
    c.yearly_commitment = 100000.0;
    c.prepaid_balance = 10000;
    EXPECT_EQ(details_of(evaluate_policies(c, d, k_today)),
              (std::vector<std::string>{
                  "maxIncreasePerDay [points/day] this plan adds 6.00 points/day, at most 5.00 allowed",
                  "maxCommitmentShare [share] this plan adds 2,190.00 points/year, 2.2% of the commitment of "
                  "100,000.00; at most 1.0%",
                  "maxBalanceShare [share] this plan adds 180.00 points per 30 days, 1.8% of the balance of 10,000; "
                  "at most 10.0%",
                  "minRunwayDays [days] the balance lasts 625 days after this plan; at least 90 days required"}));
    // The runway in whole days the balance covers, grouped, as the plan's balance line says it: 100,000 / 10.26.
    Cost big = cost_of(0, 0);
    big.per_day_after = 10.26;
    big.prepaid_balance = 100000;
    EXPECT_EQ(details_of(evaluate_policies(big, d, k_today)).back(),
              "minRunwayDays [days] the balance lasts 9,746 days after this plan; at least 90 days required");
    c.yearly_commitment.reset();
    c.prepaid_balance.reset();
    const auto missing = details_of(evaluate_policies(c, d, k_today));
    EXPECT_EQ(missing[1], "maxCommitmentShare [share] no yearly commitment is set (a postpaid program's "
                          "spec.yearlyCommitment)");
    EXPECT_EQ(missing[2], "maxBalanceShare [share] not a prepaid program with a balance");
    EXPECT_EQ(missing[3], "minRunwayDays [days] not a prepaid program with a balance");
    c.prepaid_balance = 10000;
    c.totals_complete = false;
    EXPECT_EQ(details_of(evaluate_policies(c, d, k_today))[3],
              "minRunwayDays [days] the program's totals were not refreshed (plan --changed-since): a full plan "
              "evaluates the runway");
    c.totals_complete = true;
    c.per_day_after = 0.0;  // nothing consumed: the balance lasts
    EXPECT_EQ(details_of(evaluate_policies(c, d, k_today))[3],
              "minRunwayDays [days] the balance lasts indefinitely after this plan; at least 90 days required");
}

TEST(PolicyWords, ABudgetWaivedNowSaysUntilWhenAndWhy) {
    DesiredState d = with_budget(std::nullopt, 1500.0, Enforcement::block);
    d.customers[0].overrides.push_back({PolicyRule::budget_per_month, "migration", Date{2026, 12, 1}, {}});
    const auto r = evaluate_budgets_now({{"acme", 62.5}}, d, k_today);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].status, PolicyStatus::waived);
    EXPECT_EQ(policy_detail(r[0]),
              "costs 1,875.00 points/month now, budget 1,500.00 (waived until 2026-12-01: migration)");
    EXPECT_EQ(over_budget_warning(r[0]),
              "customer acme is over its budget (budget.perMonth): costs 1,875.00 "
              "points/month now, budget 1,500.00 (waived until 2026-12-01: migration)");
}

// `rule: budget` in a manifest is one waiver for both of the customer's budget rules.
TEST(Policies, OneBudgetWaiverCoversPerDayAndPerMonth) {
    const DesiredState d = desired_from(
        "apiVersion: flexform/v1\nkind: Customer\nmetadata: {name: acme, accountId: 100}\nspec:\n"
        "  budget: {perDay: 50, perMonth: 1200}\n"
        "  overrides: [{rule: budget, reason: \"new branch, agreed with finance\", expires: 2026-11-30}]\n"
        "  configs: []\n");
    ASSERT_EQ(d.customers[0].overrides.size(), 2u);
    const auto r = evaluate_policies(cost_of(40, 60), d, k_today);
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(r[0].status, PolicyStatus::waived);
    EXPECT_EQ(r[1].status, PolicyStatus::waived);
    EXPECT_EQ(r[1].waiver->reason, "new branch, agreed with finance");
}

// The plan says what a waiver entry covers: `rule: budget` both windows, `rule: budget.perDay` that one alone.
TEST(Policies, TheWaivedLineSaysWhichBudgetWindowsTheEntryCovers) {
    const auto waived = [](const std::string& rule) {
        const DesiredState d = desired_from(
            "apiVersion: flexform/v1\nkind: Customer\nmetadata: {name: acme, accountId: 100}\nspec:\n"
            "  budget: {perDay: 50}\n"
            "  overrides: [{rule: " +
            rule + ", reason: migration, expires: 2026-11-30}]\n  configs: []\n");
        Plan plan;
        plan.policies = evaluate_policies(cost_of(40, 60), d, k_today);
        return render_text(plan, RenderOptions{});
    };
    const std::string whole = waived("budget");
    EXPECT_NE(whole.find("[waived] budget.perDay (acme, block): run-rate after this plan 60.00 points/day (before "
                         "40.00), budget 50.00; waived until 2026-11-30 by `rule: budget` (perDay and perMonth "
                         "alike): migration\n"),
              std::string::npos)
        << whole;
    const std::string one = waived("budget.perDay");
    EXPECT_NE(one.find("; waived until 2026-11-30 by `rule: budget.perDay` (perDay only): migration\n"),
              std::string::npos)
        << one;
}

TEST(Policies, ABlockingRuleNamesTheOverrideThatWouldWaiveIt) {
    const auto r = evaluate_policies(cost_of(40, 60), with_budget(50.0, std::nullopt, Enforcement::block), k_today);
    EXPECT_EQ(waiver_hint(r[0]),
              "to waive it, add to spec.overrides of customer acme's manifest: {rule: budget, reason: \"why it may go "
              "ahead\", expires: YYYY-MM-DD} (budget waives perDay and perMonth alike)");
    DesiredState d;
    d.project.policies.max_increase_per_day = Limit{5.0, Enforcement::block, {}};
    EXPECT_EQ(waiver_hint(evaluate_policies(cost_of(0, 6), d, k_today)[0]),
              "to waive it, add to spec.overrides of flexform.yaml: {rule: maxIncreasePerDay, reason: \"why it may go "
              "ahead\", expires: YYYY-MM-DD}");
}

}  // namespace
}  // namespace flexform::testing

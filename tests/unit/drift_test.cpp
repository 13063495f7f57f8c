#include "engine/report/drift.h"
#include "engine/render/drift_words.h"
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
    const DriftReport report = drift_from_plan(plan, {});
    ASSERT_EQ(report.items.size(), 2u);
    EXPECT_EQ(report.items[0].kind, DriftKind::entitlement_stopped);
    EXPECT_EQ(drift_words(report.items[0], builtin_catalog()).message,
              "entitlement FGT60FTK20000001 is STOPPED in FortiFlex but active in git");
    EXPECT_EQ(report.items[1].kind, DriftKind::config_disabled);
    EXPECT_FALSE(report.in_sync());
    const DriftReport ignored = drift_from_plan(plan, {"acme/*"});
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
        DriftItem item;
        item.address = "customer-" + std::to_string(i) + "/config";
        item.kind = DriftKind::config_changed;
        item.phrased = PhrasedDrift{std::string(100, 'x') + " | pipes are escaped", "restore it"};
        report.items.push_back(item);
    }
    const std::string md = render_drift_markdown(report, builtin_catalog());
    EXPECT_EQ(md.rfind("<!-- flexform-drift -->\n", 0), 0u);
    EXPECT_LE(md.size(), 65000u);
    EXPECT_NE(md.find("more differences not shown"), std::string::npos);
    EXPECT_EQ(md.find(" | pipes"), std::string::npos);
}

}  // namespace
}  // namespace flexform::testing

namespace flexform::testing {
namespace {

Change drift_change(ActionKind action, ReasonCode code, const std::string& serial = "") {
    Change c;
    c.action = action;
    c.reason.code = code;
    c.customer = "acme";
    c.account_id = 100;
    c.config_name = "fgt";
    c.address = serial.empty() ? "acme/fgt" : "acme/fgt/" + serial;
    if (!serial.empty()) {
        c.kind = ChangeKind::entitlement;
        c.serial = serial;
    }
    return c;
}

PhrasedDrift words_of(const Change& c) {
    Plan plan;
    plan.changes.push_back(c);
    const DriftReport report = drift_from_plan(plan, {});
    return drift_words(report.items.at(0), builtin_catalog());
}

void expect_words(const Change& c, const std::string& message, const std::string& remedy) {
    const PhrasedDrift words = words_of(c);
    EXPECT_EQ(words.message, message);
    EXPECT_EQ(words.remedy, remedy);
}

TEST(DriftWords, EachKindOfChangeIsPhrasedByTheRenderer) {
    expect_words(drift_change(ActionKind::create_config, ReasonCode::config_absent),
                 "configuration \"fgt\" is declared in git but does not exist in FortiFlex", "create it");
    expect_words(drift_change(ActionKind::enable_config, ReasonCode::config_disabled),
                 "configuration \"fgt\" was disabled outside git", "enable it");
    expect_words(drift_change(ActionKind::disable_config, ReasonCode::config_declared_disabled),
                 "configuration \"fgt\" was enabled outside git (git declares it disabled)", "disable it");
    expect_words(drift_change(ActionKind::disable_config, ReasonCode::config_unmanaged),
                 "configuration \"fgt\" is not in git", "disable it (--prune)");
    Change serials = drift_change(ActionKind::create_entitlements, ReasonCode::serials_not_entitled);
    serials.after.serials = std::vector<std::string>{"FGT60FTK1", "FGT60FTK2"};
    expect_words(serials, "declared serials FGT60FTK1, FGT60FTK2 are not entitled", "create them");
    Change vms = drift_change(ActionKind::create_entitlements, ReasonCode::vm_count_raised);
    vms.after.count = 1;
    expect_words(vms, "1 declared entitlement of \"fgt\" does not exist", "create it");
    Change moved = drift_change(ActionKind::update_entitlement, ReasonCode::declared_under_other_config, "FGT60FTK1");
    moved.reason.from = "old";
    expect_words(moved, "entitlement FGT60FTK1 was moved to configuration \"old\" outside git (declared under \"fgt\")",
                 "move it back");
    Change transfer = drift_change(ActionKind::transfer, ReasonCode::declared_in_other_account, "FGT60FTK1");
    transfer.before.account_id = 200;
    transfer.reason.from = "beta";
    expect_words(transfer, "device FGT60FTK1 is entitled in account 200 (beta) but declared under acme/fgt (account 100)",
                 "transfer it back");
    expect_words(drift_change(ActionKind::reactivate, ReasonCode::stopped_but_declared, "FGT60FTK1"),
                 "entitlement FGT60FTK1 is STOPPED in FortiFlex but active in git", "reactivate it");
    Change suspended = drift_change(ActionKind::stop, ReasonCode::customer_suspended, "FGT60FTK1");
    suspended.before.status = EntitlementStatus::pending;
    expect_words(suspended, "entitlement FGT60FTK1 is PENDING although the customer is suspended in git", "stop it");
}

TEST(DriftWords, DiagnosticsAndBudgetsArePhrasedByTheRenderer) {
    Plan plan;
    plan.diagnostics.push_back({Severity::warning, DiagnosticCode::unmanaged_config, "acme/legacy",
                                "configuration \"legacy\" is not declared; left alone", std::nullopt});
    plan.diagnostics.push_back(
        {Severity::error, DiagnosticCode::product_mismatch, "acme/fgt", "fgt is FGT_VM_Bundle in FortiFlex", {}});
    plan.diagnostics.push_back(
        {Severity::warning, DiagnosticCode::entitlement_expired, "acme/fgt/X", "X is EXPIRED", std::nullopt});
    DriftReport report = drift_from_plan(plan, {});
    Customer acme;
    acme.name = "acme";
    acme.budget = Budget{50.0, std::nullopt, Enforcement::block, {}};
    DesiredState desired;
    desired.customers.push_back(acme);
    report.items.push_back(over_budget_item(evaluate_budgets_now({{"acme", 62.5}}, desired, Date{2026, 11, 20})[0]));
    ASSERT_EQ(report.items.size(), 4u);
    EXPECT_EQ(report.items[0].kind, DriftKind::config_unmanaged);
    EXPECT_EQ(report.items[1].kind, DriftKind::conflict);
    EXPECT_EQ(report.items[2].kind, DriftKind::notice);
    EXPECT_EQ(report.items[3].kind, DriftKind::over_budget);
    EXPECT_EQ(render_drift_text(report, builtin_catalog()),
              "flexform drift for program  (0 customers checked)\n\n"
              "! acme/legacy\n    configuration \"legacy\" is not declared\n"
              "    apply would: import it into its customer's manifest (flexform import --account-id N --merge) or stop "
              "it with --prune\n"
              "! acme/fgt\n    fgt is FGT_VM_Bundle in FortiFlex\n    apply would: fix the manifest or FortiFlex by hand\n"
              "! acme/fgt/X\n    X is EXPIRED\n    apply would: none\n"
              "! acme\n    customer acme is over its budget (budget.perDay): costs 62.50 points/day now, budget 50.00\n"
              "    apply would: raise the budget in git, or bring the customer's configurations back within it\n\n"
              "Drift: 4 differences between git and FortiFlex.\n");
}

TEST(DriftWords, AReportReadBackFromJsonSaysTheSameInEveryFormat) {
    LiveState live = acme_in_sync();
    set_status(live.entitlements[100][0], "STOPPED");
    live.configs[1].active = false;
    DriftReport report = drift_from_plan(plan_for(desired_from(k_acme), live), {"acme/fgt"});
    report.program = "ELAVMS0000000001";
    const std::string json = render_drift_json(report, builtin_catalog());
    EXPECT_NE(json.find("\"message\": \"entitlement FGT60FTK20000001 is STOPPED in FortiFlex but active in git\""),
              std::string::npos);
    const DriftReport back = drift_from_json_text(json);
    ASSERT_EQ(back.items.size(), report.items.size());
    EXPECT_EQ(render_drift_json(back, builtin_catalog()), json);
    EXPECT_EQ(render_drift_text(back, builtin_catalog()), render_drift_text(report, builtin_catalog()));
    EXPECT_EQ(render_drift_markdown(back, builtin_catalog()), render_drift_markdown(report, builtin_catalog()));
}

TEST(DriftWords, EachFindingShowsItsPointsAgainstGitAndIgnoreSaysHowManyItHid) {
    Change raised = drift_change(ActionKind::update_config, ReasonCode::config_differs, "");
    raised.address = "acme/vm";
    raised.points = {51.64, 25.82};  // FortiFlex runs 16 CPUs where git declares 8
    Change stopped = drift_change(ActionKind::reactivate, ReasonCode::stopped_but_declared, "FGT60FTK1");
    stopped.address = "acme/fgt/FGT60FTK1";
    stopped.points = {0.0, 3.42};
    Plan plan;
    plan.changes = {raised, stopped};
    const DriftReport report = drift_from_plan(plan, {"*/FGT60FTK1"});
    EXPECT_EQ(points_against_git(report.items[0]), 51.64 - 25.82);
    EXPECT_EQ(points_against_git(report.items[1]), -3.42);
    const std::string text = render_drift_text(report, builtin_catalog());
    EXPECT_NE(text.find("! acme/vm\n    configuration \"fgt\" differs from git"), std::string::npos) << text;
    EXPECT_NE(text.find("\n    points: +25.82/day in FortiFlex against git\n    apply would: restore the declared "
                        "parameters"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("Drift: 1 difference between git and FortiFlex (1 more hidden by --ignore).\n"),
              std::string::npos)
        << text;
    const std::string json_text = render_drift_json(report, builtin_catalog());
    EXPECT_NE(json_text.find("\"points_per_day\": 25.82"), std::string::npos) << json_text;
    EXPECT_NE(json_text.find("\"ignored\": 1"), std::string::npos) << json_text;
    // Read back, the figure stays.
    EXPECT_EQ(points_against_git(drift_from_json_text(json_text).items[0]), 25.82);
    EXPECT_NE(render_drift_markdown(report, builtin_catalog()).find(" | +25.82 | restore the declared parameters"),
              std::string::npos);
}

}  // namespace
}  // namespace flexform::testing

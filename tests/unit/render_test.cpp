// Golden-file tests of the three plan renderers. FLEXFORM_UPDATE_GOLDEN=1 rewrites the files after a deliberate
// change; review the diff before committing it.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "engine/plan/plan_compare.h"
#include "engine/plan/plan_file.h"
#include "engine/plan/policies.h"
#include "engine/render/render.h"
#include "tests/unit/plan_fixtures.h"

namespace flexform::testing {
namespace {

namespace fs = std::filesystem;

// A plan with one of everything: creates, an update that re-prices, a reactivation, a stop, an error and a warning.
Plan sample_plan() {
    LiveState live = acme_in_sync();
    set_status(live.entitlements[100][0], "STOPPED");
    live.entitlements[100].push_back(live_entitlement("FGT60FTK20000009", 1, 100, "ACTIVE"));
    live.configs.push_back(live_config(
        9, 100, "legacy", "FGT_HW", params("FGT_HW", {{"device_model", {"FGT40F"}}, {"service_pkg", {"FGHWFC247"}}})));
    std::string yaml = k_acme;
    yaml.replace(yaml.find("service_pkg: FGHWUTP}"), 21, "service_pkg: FGHWUTP, addons: [FGHWSOCA]}");
    yaml +=
        "---\napiVersion: flexform/v1\nkind: Customer\nmetadata: {name: beta, accountId: 200}\nspec:\n  protect: true\n"
        "  state: suspended\n  configs:\n    - {name: f, product: FGT_HW, parameters: {device_model: FGT60F, "
        "service_pkg: FGHWATP}, serials: [FGT60FTK20000099]}\n";
    live.configs.push_back(live_config(20, 200, "f", "FGT_HW",
                                       params("FGT_HW", {{"device_model", {"FGT60F"}}, {"service_pkg", {"FGHWATP"}}})));
    live.entitlements[200].push_back(live_entitlement("FGT60FTK20000099", 20, 200, "ACTIVE"));
    PlanOptions options = plan_options();
    options.yearly_commitment = 50000;
    Plan plan = plan_for(desired_from(yaml), live, options);
    plan.flexform_version = "0.1.0";
    plan.created_at = "2026-11-20T18:00:00Z";
    plan.program_serial = "ELAVMS0000000001";
    plan.manifest_digest = std::string(64, 'a');
    plan.live_digest = std::string(64, 'b');
    plan.manifest_paths = {"customers"};
    return plan;
}

// The same plan under cost rules: acme's budget blocks it, the program's increase warns, one rule cannot be evaluated.
Plan policy_plan() {
    Plan plan = sample_plan();
    DesiredState desired = desired_from(
        "apiVersion: flexform/v1\nkind: Project\nspec:\n  policies:\n    maxIncreasePerDay: {limit: 5, action: warn}\n"
        "    maxCommitmentShare: 0.5\n    maxBalanceShare: 0.1\n---\napiVersion: flexform/v1\nkind: Customer\n"
        "metadata: {name: acme, accountId: 100}\nspec:\n  budget: {perDay: 15}\n  configs: []\n---\n"
        "apiVersion: flexform/v1\nkind: Customer\nmetadata: {name: beta, accountId: 200}\nspec:\n"
        "  budget: {perMonth: 100, action: warn}\n  configs: []\n");
    plan.policies = evaluate_policies(plan.cost, desired, Date{2026, 11, 20});
    return plan;
}

std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void expect_golden(const std::string& name, const std::string& actual) {
    const fs::path path = fs::path(FLEXFORM_TEST_DIR) / "golden" / name;
    if (std::getenv("FLEXFORM_UPDATE_GOLDEN")) {
        std::ofstream(path, std::ios::binary) << actual;
    }
    EXPECT_EQ(actual, read(path)) << "golden file " << path << " differs";
}

TEST(RenderText, MatchesTheGoldenFile) {
    expect_golden("plan.txt", render_text(sample_plan(), RenderOptions{}));
}

TEST(RenderText, ColourOnlyWhenAsked) {
    RenderOptions color;
    color.color = true;
    EXPECT_NE(render_text(sample_plan(), color).find("\033[33m~\033[0m"), std::string::npos);
    EXPECT_EQ(render_text(sample_plan(), RenderOptions{}).find('\033'), std::string::npos);
}

TEST(RenderText, LegendListsOnlyTheSymbolsUsed) {
    Plan plan = sample_plan();
    std::erase_if(plan.changes, [](const Change& c) { return c.action != ActionKind::stop; });
    const std::string text = render_text(plan, RenderOptions{});
    EXPECT_NE(text.find("Symbols:  - stop / disable\n"), std::string::npos);
}

TEST(RenderMarkdown, MatchesTheGoldenFile) {
    expect_golden("plan.md", render_markdown(sample_plan(), RenderOptions{}));
}

TEST(RenderMarkdown, StartsWithTheMarkerAndStaysUnderTheLimit) {
    Plan plan = sample_plan();
    const Change model = plan.changes[0];
    for (int i = 0; i < 3000; ++i) {  // a huge onboarding
        Change c = model;
        c.customer = "customer-" + std::to_string(i % 300);
        c.address = c.customer + "/config-" + std::to_string(i);
        plan.changes.push_back(c);
        if (i < 300) {
            plan.cost.by_customer.push_back({c.customer, 1000 + i, 0.0, 1.0});
        }
    }
    const std::string md = render_markdown(plan, RenderOptions{});
    EXPECT_EQ(md.rfind("<!-- flexform-plan -->\n", 0), 0u);
    EXPECT_LE(md.size(), 65000u);
    EXPECT_NE(md.find("more sections not shown"), std::string::npos);
    EXPECT_EQ(md.substr(md.size() - 7), "</sub>\n");
}

// True when `text` is well-formed UTF-8 (what a PR comment API accepts).
bool valid_utf8(const std::string& text) {
    for (std::size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const std::size_t length = lead < 0x80           ? 1
                                   : (lead >> 5) == 0x6  ? 2
                                   : (lead >> 4) == 0xE  ? 3
                                   : (lead >> 3) == 0x1E ? 4
                                                         : 0;
        if (length == 0 || i + length > text.size()) {
            return false;
        }
        for (std::size_t k = 1; k < length; ++k) {
            if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) {
                return false;
            }
        }
        i += length;
    }
    return true;
}

TEST(RenderMarkdown, AHeaderCutToTheLimitNeverSplitsACharacter) {
    const Plan plan = sample_plan();
    for (std::size_t limit = 400; limit < 1400; ++limit) {  // the cut lands on every byte of the header once
        RenderOptions options;
        options.markdown_limit = limit;
        const std::string md = render_markdown(plan, options);
        ASSERT_LE(md.size(), limit);
        ASSERT_TRUE(valid_utf8(md)) << "limit " << limit;
    }
}

TEST(RenderJson, MatchesTheGoldenFileAndRoundTripsExactly) {
    const Plan plan = sample_plan();
    const std::string json = render_json(plan);
    expect_golden("plan.json", json);
    const Plan back = read_plan_text(json, builtin_catalog());
    EXPECT_TRUE(compare_plans(plan, back).empty());  // points to the cent, every snapshot field
    EXPECT_EQ(render_json(back), json);              // and nothing is lost on a second trip
    EXPECT_EQ(back.diagnostics, plan.diagnostics);
    EXPECT_EQ(back.accounts, plan.accounts);
    EXPECT_EQ(back.manifest_paths, plan.manifest_paths);
}

TEST(RenderJson, SnapshotsAreTypedForPoliciesAndScripts) {
    const std::string json = render_json(sample_plan());
    // Parameters by key with lists as lists and numbers as numbers; statuses by name; no request blocks.
    EXPECT_NE(json.find("\"addons\": [\n"), std::string::npos);
    EXPECT_NE(json.find("\"status\": \"STOPPED\""), std::string::npos);
    EXPECT_EQ(json.find("\"request\""), std::string::npos);
    EXPECT_NE(json.find("\"format_version\": 2"), std::string::npos);
    EXPECT_NE(json.find("\"code\": \"stopped_but_declared\""), std::string::npos);
}

TEST(RenderPolicies, EveryFormatShowsEachRuleWithItsFigures) {
    const Plan plan = policy_plan();
    ASSERT_EQ(plan.policies.size(), 5u);
    EXPECT_FALSE(plan.applyable());
    expect_golden("policies.txt", render_text(plan, RenderOptions{}));
    expect_golden("policies.md", render_markdown(plan, RenderOptions{}));
    const std::string json = render_json(plan);
    expect_golden("policies.json", json);
    const Plan back = read_plan_text(json, builtin_catalog());
    EXPECT_EQ(back.policies, plan.policies);
    // `show PLANFILE` says what `plan` said.
    EXPECT_EQ(render_markdown(back, RenderOptions{}), render_markdown(plan, RenderOptions{}));
    EXPECT_FALSE(back.applyable());
}

TEST(PlanFile, OlderNewerAndBrokenFilesAreRefusedWithTheReason) {
    EXPECT_THROW(read_plan_text("not json", builtin_catalog()), PlanFileError);
    try {
        read_plan_text(R"({"format_version": 1, "changes": []})", builtin_catalog());
        FAIL();
    } catch (const PlanFileError& e) {
        EXPECT_STREQ(e.what(),
                     "plan format_version 1 was written by an older flexform; re-plan with `flexform plan --out FILE`");
    }
    EXPECT_THROW(read_plan_text(R"({"format_version": 99})", builtin_catalog()), PlanFileError);
    std::string json = render_json(sample_plan());
    const std::string action = "\"action\": \"update_config\"";
    json.replace(json.find(action), action.size(), "\"action\": \"delete_config\"");
    EXPECT_THROW(read_plan_text(json, builtin_catalog()), PlanFileError);
}

TEST(RenderFormat, PointsHaveTwoDecimalsAndThousandsSeparators) {
    EXPECT_EQ(format_points(1234567.891), "1,234,567.89");
    EXPECT_EQ(format_points(0.005), "0.01");
    EXPECT_EQ(format_points(-2.5, true), "-2.50");
    EXPECT_EQ(format_points(2.5, true), "+2.50");
    EXPECT_EQ(format_points(0.0, true), "+0.00");
}

TEST(RenderFormat, SummaryLineCountsActionsAndEntitlements) {
    EXPECT_EQ(summary_line(Plan{}), "No changes.");
    EXPECT_EQ(format_percent(0.833333, true), "+83.3%");
    EXPECT_EQ(summary_line(sample_plan()), "Plan: 1 update_config, 1 reactivate, 1 stop.");
}

}  // namespace
}  // namespace flexform::testing

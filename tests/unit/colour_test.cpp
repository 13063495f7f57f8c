// Colour of the state words every text-printing verb shows (engine/render/colour.h): painted only when the caller's
// one decision says so, and never moving a column. The CLI side of the decision is in cli_test.cpp.
#include "engine/render/colour.h"

#include <gtest/gtest.h>

#include "engine/render/apply_result.h"
#include "engine/render/render.h"
#include "engine/render/reports.h"
#include "engine/render/validate_renderers.h"
#include "tests/unit/plan_fixtures.h"

namespace flexform::testing {
namespace {

// The text as a terminal without colour would show it: every ANSI SGR sequence removed.
std::string without_colour(std::string text) {
    for (std::size_t at = text.find('\033'); at != std::string::npos; at = text.find('\033', at)) {
        text.erase(at, text.find('m', at) - at + 1);
    }
    return text;
}

const char* const k_green = "\033[32m";
const char* const k_yellow = "\033[33m";
const char* const k_red = "\033[1;31m";
const char* const k_reset = "\033[0m";

std::string painted(const std::string& text, const char* code) {
    return code + text + k_reset;
}

StatusReport two_accounts() {
    StatusReport r;
    r.program = "ELAVMS0000000001";
    AccountStatus acme;
    acme.account_id = 100;
    acme.customer = "acme";
    acme.configs_by_product = {{"FGT_HW", 1}};
    acme.entitlements_by_status = {{"ACTIVE", 12}, {"STOPPED", 1}};
    acme.points_per_day = 1234.5;
    AccountStatus stray;
    stray.account_id = 200;
    stray.entitlements_by_status = {{"EXPIRED", 1}};
    r.accounts = {acme, stray};
    r.points_per_day = 1234.5;
    return r;
}

TEST(Colour, PaintsOnlyWhenAsked) {
    EXPECT_EQ(paint("BLOCK", Tone::bad, true), "\033[1;31mBLOCK\033[0m");
    EXPECT_EQ(paint("ACTIVE", Tone::good, true), "\033[32mACTIVE\033[0m");
    EXPECT_EQ(paint("STOPPED", Tone::caution, true), "\033[33mSTOPPED\033[0m");
    EXPECT_EQ(paint("BLOCK", Tone::bad, false), "BLOCK");
}

TEST(Colour, EachFortiFlexStatusHasItsTone) {
    EXPECT_EQ(status_tone("ACTIVE"), Tone::good);
    EXPECT_EQ(status_tone("PENDING"), Tone::caution);
    EXPECT_EQ(status_tone("STOPPED"), Tone::caution);
    EXPECT_EQ(status_tone("DISABLED"), Tone::caution);
    EXPECT_EQ(status_tone("EXPIRED"), Tone::bad);
}

TEST(Colour, APaintedTableKeepsTheColumnsOfThePlainOne) {
    const std::vector<std::vector<std::string>> rows = {{"FGT1", "ACTIVE", "1.00"}, {"FGT22", "STOPPED", "1,000.00"}};
    const std::string table = format_painted_table({"SERIAL", "STATUS", "POINTS"}, rows, {false, false, true},
                                                   [](std::size_t, std::size_t column, const std::string& cell) {
                                                       return column == 1 ? paint(cell, status_tone(cell), true) : cell;
                                                   });
    EXPECT_NE(table.find(painted("STOPPED", k_yellow)), std::string::npos) << table;
    EXPECT_EQ(table.find(painted("STATUS", k_yellow)), std::string::npos) << "the header is never painted";
    EXPECT_EQ(without_colour(table), format_table({"SERIAL", "STATUS", "POINTS"}, rows, {false, false, true}));
}

TEST(StateColour, APlanPaintsItsBlockingAndWarningPolicies) {
    Plan plan;
    plan.program_serial = "ELAVMS0000000001";
    PolicyResult block;
    block.rule = PolicyRule::budget_per_day;
    block.subject = "acme";
    block.status = PolicyStatus::block;
    block.limit = 10.0;
    block.value = 12.0;
    PolicyResult warn = block;
    warn.subject = "beta";
    warn.status = PolicyStatus::warn;
    plan.policies = {block, warn};
    RenderOptions colour;
    colour.color = true;
    const std::string text = render_text(plan, colour);
    EXPECT_NE(text.find("  " + painted("[BLOCK] ", k_red) + " budget.perDay (acme, block)"), std::string::npos) << text;
    EXPECT_NE(text.find("  " + painted("[warn]  ", k_yellow) + " budget.perDay (beta, block)"), std::string::npos)
        << text;
    EXPECT_EQ(without_colour(text), render_text(plan, RenderOptions{}));
}

TEST(StateColour, StatusPaintsEachEntitlementStatusAndTheAccountNoManifestDeclares) {
    const std::string plain = render_status_text(two_accounts(), std::nullopt, builtin_catalog());
    const std::string coloured = render_status_text(two_accounts(), std::nullopt, builtin_catalog(), true);
    EXPECT_EQ(plain.find('\033'), std::string::npos) << plain;
    EXPECT_NE(coloured.find("12 " + painted("ACTIVE", k_green) + ", 1 " + painted("STOPPED", k_yellow)),
              std::string::npos)
        << coloured;
    EXPECT_NE(coloured.find("1 " + painted("EXPIRED", k_red)), std::string::npos) << coloured;
    EXPECT_NE(coloured.find(painted("(no manifest)", k_yellow)), std::string::npos) << coloured;
    EXPECT_EQ(without_colour(coloured), plain);
}

TEST(StateColour, DriftPaintsEachFindingAndItsSummaryInTextOnly) {
    DriftReport report;
    report.program = "ELAVMS0000000001";
    DriftItem item;
    item.address = "acme/fgt";
    item.kind = DriftKind::config_changed;
    item.phrased = PhrasedDrift{"cpu_size is 16 in FortiFlex, 8 in git", "set cpu_size back to 8"};
    item.phrased_points = 25.82;
    report.items = {item};
    const std::string coloured = render_drift_text(report, builtin_catalog(), true);
    EXPECT_NE(coloured.find("\n\n" + painted("!", k_red) + " acme/fgt\n"), std::string::npos) << coloured;
    EXPECT_NE(coloured.find(painted("Drift:", k_yellow) + " 1 difference"), std::string::npos) << coloured;
    EXPECT_EQ(without_colour(coloured), render_drift_text(report, builtin_catalog()));
    EXPECT_EQ(render_drift_markdown(report, builtin_catalog()).find('\033'), std::string::npos);
    EXPECT_EQ(render_drift_json(report, builtin_catalog()).find('\033'), std::string::npos);
    report.items.clear();
    EXPECT_NE(render_drift_text(report, builtin_catalog(), true).find(painted("In sync:", k_green)), std::string::npos);
}

TEST(StateColour, ProgramPaintsItsWarnings) {
    ProgramFigures f;
    f.program.serial = "ELAVMR0000000001";
    f.program.prepaid = true;
    f.balance = 1000;
    f.current_per_day = 50.0;
    const ProgramReport r = build_program_report(f);
    const std::string coloured = render_program_text(r, true);
    EXPECT_NE(coloured.find(painted("WARNING:", k_red) + " prepaid balance lasts about 20 more days"),
              std::string::npos)
        << coloured;
    EXPECT_EQ(without_colour(coloured), render_program_text(r));
    EXPECT_EQ(render_program_json(r).find('\033'), std::string::npos);
}

TEST(StateColour, AConsumptionTotalMissingDaysIsPaintedAndStaysAligned) {
    ConsumptionReport r;
    r.grouping = ReportGrouping::customer;
    r.from = Date{2026, 11, 1};
    r.to = Date{2026, 11, 10};
    r.rows = {{"acme", "account 100", 100, std::nullopt, 1090.0, 3}};
    r.total = 1090.0;
    r.devices = 3;
    r.coverage.days = 10;
    r.coverage.missing = {Date{2026, 11, 4}};
    const std::string coloured = render_consumption_table(r, true);
    EXPECT_NE(coloured.find(painted("TOTAL (9 of 10 days)", k_yellow) + "  "), std::string::npos) << coloured;
    EXPECT_EQ(without_colour(coloured), render_consumption_table(r));
    r.coverage.missing.clear();
    EXPECT_EQ(render_consumption_table(r, true).find('\033'), std::string::npos) << "a whole total has no state";
    for (const std::string& other : {render_consumption_csv(r), render_consumption_json(r),
                                     render_consumption_markdown(r), render_consumption_html(r)}) {
        EXPECT_EQ(other.find('\033'), std::string::npos) << other;
    }
}

TEST(StateColour, ValidatePaintsErrorsWarningsAndAValidTree) {
    LoadResult result;
    result.state = desired_from(k_acme);
    result.state.files = {"customers/acme.yaml"};
    result.diagnostics = {{Severity::error, "customers/acme.yaml", 14, 9, "spec.x", "96 is above the maximum 48"},
                          {Severity::warning, "customers/acme.yaml", 3, 11, "metadata.labels", "unused"}};
    const ConsoleText invalid = render_validate_text(result, true);
    EXPECT_EQ(invalid.err, painted("customers/acme.yaml:14:9: spec.x: 96 is above the maximum 48", k_red) + "\n" +
                               painted("customers/acme.yaml:3:11: warning: metadata.labels: unused", k_yellow) + "\n" +
                               painted("1 error", k_red) + " in 1 file\n");
    result.diagnostics.erase(result.diagnostics.begin());
    EXPECT_EQ(render_validate_text(result, true).out.rfind(painted("Valid:", k_green) + " 1 customer", 0), 0u);
    EXPECT_EQ(render_validate_text(result).out.find('\033'), std::string::npos);
}

TEST(StateColour, ApplyPaintsWhatCompletedAndWhatFailed) {
    ApplyOutcome out;
    out.verdict = ApplyVerdict::applied;
    Change stop;
    stop.action = ActionKind::stop;
    stop.address = "acme/fgt/FGT1";
    stop.customer = "acme";
    out.plan.changes = {stop, stop};
    ActionOutcome done;
    done.index = 0;
    done.status = OutcomeStatus::done;
    out.result.outcomes = {done};
    out.journal = "j";
    RenderOptions colour;
    colour.color = true;
    EXPECT_EQ(render_apply_result(out, colour).result,
              painted("Apply complete:", k_green) + " 1 action done. Journal: j\n");
    ActionOutcome failed;
    failed.index = 1;
    failed.status = OutcomeStatus::failed;
    failed.error = "HTTP 500";
    out.result.outcomes.push_back(failed);
    const std::string text = render_apply_result(out, colour).result;
    EXPECT_EQ(text.rfind(painted("Apply failed:", k_red) + " 1 done, 1 failed", 0), 0u) << text;
    EXPECT_NE(text.find("  " + painted("failed:", k_red) + " acme/fgt/FGT1 (stop): HTTP 500\n"), std::string::npos)
        << text;
    EXPECT_EQ(without_colour(text), render_apply_result(out, RenderOptions{}).result);
}

}  // namespace
}  // namespace flexform::testing

// The pure day-2 reports and their renderers: status, import, program and consumption as values and as text.
#include <algorithm>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "engine/render/reports.h"
#include "engine/render/svg_chart.h"
#include "engine/report/importer.h"
#include "engine/report/status.h"
#include "tests/unit/plan_fixtures.h"

namespace flexform {
namespace {

using testing::live_config;
using testing::live_entitlement;
using testing::params;

ParameterSet utp() {
    return params("FGT_HW", {{"device_model", {"FGT60F"}}, {"service_pkg", {"FGHWUTP"}}});
}

LiveState fleet() {
    LiveState live;
    live.program = "ELAVMS0000000001";
    live.configs.push_back(live_config(1, 100, "fgt", "FGT_HW", utp()));
    live.configs.push_back(live_config(2, 100, "old", "FGT_HW", utp(), false));
    live.configs.push_back(live_config(3, 200, "vm", "FGT_VM_Bundle",
                                       params("FGT_VM_Bundle", {{"cpu_size", {"2"}}, {"service_pkg", {"UTP"}}})));
    live.entitlements[100] = {live_entitlement("FGT60FTK20000001", 1, 100, "ACTIVE"),
                              live_entitlement("FGT60FTK20000002", 1, 100, "STOPPED"),
                              live_entitlement("FGT60FTK20000003", 2, 100, "ACTIVE")};  // on a disabled config
    live.entitlements[200] = {live_entitlement("FGVMMLTM00000001", 3, 200, "PENDING"),
                              live_entitlement("FGVMMLTM00000002", 3, 200, "ACTIVE")};
    return live;
}

PriceTable prices(const LiveState& live) {
    PriceTable table;
    for (const auto& c : live.configs) {
        table[price_key(c.product_id, c.parameters)] = Price{c.product_id == 101 ? 2.70 : 4.00, {}, {}, false};
    }
    return table;
}

TEST(Status, RunRateCountsOnlyActiveEntitlementsOnEnabledConfigurations) {
    const LiveState live = fleet();
    EXPECT_DOUBLE_EQ(run_rate(live, prices(live)), 2.70 + 4.00);
    EXPECT_DOUBLE_EQ(run_rate(live, prices(live), 100), 2.70);
    EXPECT_DOUBLE_EQ(run_rate(live, {}), 0.0);  // unpriced: nothing is invented
}

TEST(Status, EveryAccountWithItsConfigurationsAndStatuses) {
    const LiveState live = fleet();
    const StatusReport r = build_status(live, prices(live), {{100, "acme"}}, builtin_catalog());
    ASSERT_EQ(r.accounts.size(), 2u);
    EXPECT_EQ(r.accounts[0].customer, "acme");
    EXPECT_EQ(r.accounts[0].configs_by_product.at("FGT_HW"), 2);
    EXPECT_EQ(r.accounts[0].configs_disabled, 1);
    EXPECT_EQ(r.accounts[0].entitlements_by_status.at("ACTIVE"), 2);
    EXPECT_EQ(r.accounts[0].entitlements_by_status.at("STOPPED"), 1);
    EXPECT_EQ(r.accounts[1].customer, "");  // no manifest
    EXPECT_EQ(r.accounts[1].entitlements_by_status.at("PENDING"), 1);
    EXPECT_DOUBLE_EQ(r.points_per_day, 6.70);
    const std::string text = render_status_text(r, std::nullopt, builtin_catalog());
    EXPECT_NE(text.find("acme"), std::string::npos) << text;
    EXPECT_NE(text.find("(no manifest)"), std::string::npos) << text;
}

TEST(Import, WritesAManifestThatParsesBackToTheLiveState) {
    const LiveState live = fleet();
    ImportInput input;
    input.account_id = 100;
    input.customer = "acme";
    input.configs = {live.configs[0], live.configs[1]};
    input.entitlements = live.entitlements.at(100);
    input.program_end = Date{2027, 6, 30};
    input.schema_ref = "/usr/share/flexform/schemas/customer.schema.json";
    const std::string yaml = import_manifest(input, builtin_catalog());
    EXPECT_EQ(yaml.rfind("# yaml-language-server: $schema=/usr/share/flexform/schemas/customer.schema.json\n", 0), 0u);
    // The stopped entitlement of an active customer stays out of the declaration (declaring it would reactivate
    // it) but in sight, as a comment; the disabled configuration is declared disabled, and the shared end date equal
    // to the program's is left implicit.
    EXPECT_NE(yaml.find("state: active"), std::string::npos) << yaml;
    EXPECT_NE(yaml.find("        - FGT60FTK20000001\n"
                        "      # FGT60FTK20000002 is STOPPED in FortiFlex, so not declared (declaring it here would "
                        "reactivate it)\n"),
              std::string::npos)
        << yaml;
    EXPECT_NE(yaml.find("enabled: false"), std::string::npos) << yaml;
    EXPECT_EQ(yaml.find("endDate"), std::string::npos) << yaml;
    const DesiredState parsed = testing::desired_from(yaml);
    ASSERT_EQ(parsed.customers.size(), 1u);
    ASSERT_EQ(parsed.customers[0].configs.size(), 2u);
    EXPECT_FALSE(parsed.customers[0].configs[1].enabled);
    EXPECT_EQ(parsed.customers[0].configs[0].id, 1);
    EXPECT_EQ(parsed.customers[0].configs[0].parameters, live.configs[0].parameters);
    ASSERT_EQ(parsed.customers[0].configs[0].serials.size(), 1u);
}

TEST(Import, NoSchemaReferenceUnlessOneResolves) {
    ImportInput input;
    input.account_id = 100;
    input.customer = "acme";
    EXPECT_EQ(import_manifest(input, builtin_catalog()).rfind("# Imported by `flexform import`", 0), 0u);
}

TEST(Import, TheGitignoreGainsFlexformsLocalStateOnce) {
    const std::string entry =
        "# flexform's local state: the apply journal, the sandbox, the consumption database (customers' spend)\n"
        ".flexform/\n";
    EXPECT_EQ(gitignore_with_local_state(""), entry);
    EXPECT_EQ(gitignore_with_local_state("build/"), "build/\n" + entry);
    EXPECT_EQ(gitignore_with_local_state("build/\n.flexform\n"), std::nullopt);
    EXPECT_EQ(gitignore_with_local_state(*gitignore_with_local_state("")), std::nullopt);
}

TEST(Import, ACustomerWhoseEveryEntitlementIsStoppedIsSuspended) {
    LiveState live = fleet();
    ImportInput input;
    input.account_id = 100;
    input.customer = "acme";
    input.configs = {live.configs[0]};
    input.entitlements = {live_entitlement("FGT60FTK20000001", 1, 100, "STOPPED"),
                          live_entitlement("FGT60FTK20000002", 1, 100, "STOPPED")};
    input.entitlements[0].end_date = Date{2027, 1, 31};
    input.entitlements[1].end_date = Date{2027, 1, 31};
    input.program_end = Date{2027, 6, 30};
    const std::string yaml = import_manifest(input, builtin_catalog());
    EXPECT_NE(yaml.find("state: suspended"), std::string::npos) << yaml;
    EXPECT_NE(yaml.find("FGT60FTK20000002"), std::string::npos) << yaml;  // a suspended customer keeps its devices
    EXPECT_NE(yaml.find("endDate: 2027-01-31"), std::string::npos) << yaml;
    EXPECT_TRUE(testing::desired_from(yaml).customers[0].suspended);
}

TEST(Import, VmsAreACountAndNamesThatNeedQuotesAreQuoted) {
    LiveState live = fleet();
    live.configs[2].name = "vm: yes";
    ImportInput input;
    input.account_id = 200;
    input.customer = "beta";
    input.configs = {live.configs[2]};
    input.entitlements = live.entitlements.at(200);
    for (auto& e : input.entitlements) {
        e.description = "branch office";
    }
    const std::string yaml = import_manifest(input, builtin_catalog());
    EXPECT_NE(yaml.find("vms: {count: 2, description: \"branch office\"}"), std::string::npos) << yaml;
    EXPECT_NE(yaml.find("name: \"vm: yes\""), std::string::npos) << yaml;
}

ConsumptionReport report() {
    ConsumptionReport r;
    r.program = "ELAVMS0000000001";
    r.from = Date{2026, 11, 1};
    r.to = Date{2026, 11, 10};
    r.grouping = ReportGrouping::customer;
    r.source = "store: SQLite test.db";
    r.rows = {{"acme, inc", "account 100", 100, std::nullopt, 90.0, 3}, {"beta", "account 200", 200, {}, 45.5, 1}};
    r.total = 135.5;
    r.devices = 4;
    r.coverage.days = 10;
    r.coverage.missing = {Date{2026, 11, 4}};
    r.generated_at = "2026-11-11T08:00:00Z";
    return r;
}

TEST(ConsumptionRenderers, TheTableLabelsTheTotalWithTheDaysItCovers) {
    const std::string text = render_consumption_table(report());
    EXPECT_NE(text.find("TOTAL (9 of 10 days)"), std::string::npos) << text;
    EXPECT_NE(text.find("10.00"), std::string::npos) << text;  // acme: 90 points over 9 covered days
    EXPECT_NE(text.find("no figures for 2026-11-04"), std::string::npos) << text;
}

TEST(ConsumptionRenderers, CsvHasRowsOnlyAndQuotesWhatNeedsIt) {
    const std::string csv = render_consumption_csv(report());
    EXPECT_EQ(csv,
              "customer,account_id,points,devices,points_per_day\n"
              "\"acme, inc\",100,90.00,3,10.00\n"
              "beta,200,45.50,1,5.06\n");
    ConsumptionReport days = report();
    days.grouping = ReportGrouping::day;
    days.rows = {{"2026-11-01", "", 0, std::nullopt, 135.5, 4}};
    EXPECT_EQ(render_consumption_csv(days), "day,points,devices\n2026-11-01,135.50,4\n");
}

TEST(ConsumptionRenderers, CsvAndTableRoundAHalfCentTheSameWay) {
    ConsumptionReport r = report();
    r.rows = {{"acme", "account 100", 100, std::nullopt, 13.575, 1}};  // printf's %.2f says 13.57
    r.total = 13.575;
    EXPECT_NE(render_consumption_table(r).find("13.58"), std::string::npos);
    EXPECT_NE(render_consumption_csv(r).find("acme,100,13.58,1,"), std::string::npos) << render_consumption_csv(r);
}

TEST(ConsumptionRenderers, TheDayTableLabelsEveryColumnItsTotalUses) {
    ConsumptionReport days = report();
    days.grouping = ReportGrouping::day;
    days.rows = {{"2026-11-01", "", 0, std::nullopt, 1355.0, 4}};
    days.total = 1355.0;
    const std::string text = render_consumption_table(days);
    EXPECT_NE(text.find("DAY                           POINTS  DEVICES       AVG/DAY  \n"), std::string::npos) << text;
    EXPECT_NE(text.find("TOTAL (9 of 10 days)        1,355.00        4        150.56\n"), std::string::npos) << text;
}

TEST(ConsumptionRenderers, JsonCarriesCoverageFiltersAndGenerationTime) {
    ConsumptionReport r = report();
    r.serial_filter = "FGT60FTK20000001";
    const auto j = nlohmann::json::parse(render_consumption_json(r));
    EXPECT_EQ(j["coverage"]["covered_days"], 9);
    EXPECT_EQ(j["coverage"]["missing_days"], nlohmann::json({"2026-11-04"}));
    EXPECT_EQ(j["filters"]["serial"], "FGT60FTK20000001");
    EXPECT_TRUE(j["filters"]["account_id"].is_null());
    EXPECT_EQ(j["generated_at"], "2026-11-11T08:00:00Z");
    EXPECT_DOUBLE_EQ(j["rows"][0]["points_per_day"].get<double>(), 10.0);
}

TEST(ProgramRenderers, PrepaidShowsBalanceAndRunway) {
    ProgramFigures f;
    f.program.serial = "ELAVMR0000000001";
    f.program.prepaid = true;
    f.balance = 1000;
    f.current_per_day = 50.0;
    const ProgramReport r = build_program_report(f);
    EXPECT_DOUBLE_EQ(*r.runway_days, 20.0);
    const std::string text = render_program_text(r);
    EXPECT_NE(text.find("Balance: 1,000 points, about 20 days of runway"), std::string::npos) << text;
    EXPECT_NE(text.find("WARNING: prepaid balance lasts about 20 more days"), std::string::npos) << text;
    const auto j = nlohmann::json::parse(render_program_json(r));
    EXPECT_EQ(j["type"], "prepaid");
    EXPECT_EQ(j["balance"], 1000);
}

TEST(CiDiagnostics, GithubAnnotationsEscapeWhatWouldBreakTheCommand) {
    const std::vector<Diagnostic> d = {
        {Severity::error, "a,b:c.yaml", 3, 7, "spec.x", "100% wrong\nreally"},
        {Severity::warning, "w.yaml", 0, 0, "", "file-level"},
    };
    EXPECT_EQ(render_github_annotations(d),
              "::error file=a%2Cb%3Ac.yaml,line=3,col=7,title=flexform validate::spec.x: 100%25 wrong%0Areally\n"
              "::warning file=w.yaml,title=flexform validate::file-level\n");
}

TEST(CiDiagnostics, GitlabCodeQualityHasStableFingerprints) {
    const std::vector<Diagnostic> d = {{Severity::error, "a.yaml", 3, 7, "spec.x", "bad"},
                                       {Severity::warning, "b.yaml", 0, 0, "", "meh"}};
    const auto j = nlohmann::json::parse(render_gitlab_code_quality(d));
    ASSERT_EQ(j.size(), 2u);
    EXPECT_EQ(j[0]["severity"], "major");
    EXPECT_EQ(j[1]["severity"], "minor");
    EXPECT_EQ(j[1]["location"]["lines"]["begin"], 1);  // GitLab needs a line
    EXPECT_EQ(j[0]["fingerprint"], nlohmann::json::parse(render_gitlab_code_quality(d))[0]["fingerprint"]);
    EXPECT_NE(j[0]["fingerprint"], j[1]["fingerprint"]);
}

TEST(SvgChart, ADayWithoutFiguresIsAGapNeverAZero) {
    const std::vector<std::string> days = {"2026-11-01", "2026-11-02", "2026-11-03",
                                           "2026-11-04", "2026-11-05", "2026-11-06"};
    // 11-03 and 11-06 were never pulled; 11-05 was pulled and had no consumption.
    ChartSeries series{
        "acme", {{"2026-11-01", 10.0}, {"2026-11-02", 20.0}, {"2026-11-04", 5.0}}, true, {"2026-11-03", "2026-11-06"}};
    const std::string svg = line_chart_svg(days, {series}, "acme");
    std::size_t polylines = 0;
    for (std::size_t at = svg.find("<polyline"); at != std::string::npos; at = svg.find("<polyline", at + 1)) {
        ++polylines;
    }
    EXPECT_EQ(polylines, 2u) << svg;  // 11-01..02 and 11-04..05, broken at 11-03
    // The plot is 270 high from y=20 and the top of the scale is 20 points: 11-05 sits on the zero line (y=290).
    const std::size_t second = svg.rfind("<polyline");
    const std::string points = svg.substr(second, svg.find("/>", second) - second);
    EXPECT_NE(points.find(",290.00"), std::string::npos) << points;
    EXPECT_EQ(std::count(points.begin(), points.end(), ','), 2) << points;  // two days, not three
    // A known day alone between gaps is a dot, not an invisible one-point line.
    ChartSeries lone{"beta", {{"2026-11-02", 3.0}}, false, {"2026-11-01", "2026-11-03"}};
    const std::string dot = line_chart_svg({"2026-11-01", "2026-11-02", "2026-11-03"}, {lone}, "beta");
    EXPECT_NE(dot.find("<circle"), std::string::npos) << dot;
    EXPECT_EQ(dot.find("<polyline"), std::string::npos) << dot;
}

}  // namespace
}  // namespace flexform

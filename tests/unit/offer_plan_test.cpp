// A change of an offer is planned per customer as today and summarised as one change of the offer, whose figures
// are the sums of those customers' changes; `--changed-since` counts every customer of a changed offer as changed.
#include <nlohmann/json.hpp>

#include "engine/plan/changes.h"
#include "engine/plan/plan_compare.h"
#include "engine/plan/plan_file.h"
#include "engine/report/importer.h"
#include "engine/render/plan_summary.h"
#include "engine/render/render.h"
#include "tests/unit/plan_fixtures.h"

namespace flexform {
namespace {

using testing::live_config;
using testing::live_entitlement;
using testing::params;
using testing::plan_for;

std::string offer(const std::string& addons) {
    return "apiVersion: flexform/v1\nkind: Offer\nmetadata: {name: branch-gold}\nspec:\n  product: FGT_HW\n"
           "  parameters: {device_model: FGT60F, service_pkg: FGHWUTP, addons: [" +
           addons + "]}\n  overridable: [addons]\n---\n";
}

std::string customer(const std::string& name, int account, const std::string& config) {
    return "apiVersion: flexform/v1\nkind: Customer\nmetadata: {name: " + name +
           ", accountId: " + std::to_string(account) + "}\nspec:\n  configs:\n" + config + "---\n";
}

std::string serial(int account, int n) {
    return "FGT60FTK2" + std::to_string(account * 10 + n);
}

// Three customers on branch-gold (one adds SOCaaS of its own), one with the same service written in full.
std::string estate(const std::string& addons) {
    return offer(addons) +
           customer(
               "one", 1001,
               "    - {name: fgt, offer: branch-gold, serials: [" + serial(1001, 1) + ", " + serial(1001, 2) + "]}\n") +
           customer("two", 1002, "    - {name: fgt, offer: branch-gold, serials: [" + serial(1002, 1) + "]}\n") +
           customer("three", 1003,
                    "    - {name: fgt, offer: branch-gold, parameters: {addons: [FGHWSOCA]}, serials: [" +
                        serial(1003, 1) + "]}\n") +
           customer("full", 1004,
                    "    - {name: fgt, product: FGT_HW, parameters: {device_model: FGT60F, "
                    "service_pkg: FGHWUTP, addons: [" +
                        addons + "]}, serials: [" + serial(1004, 1) + "]}\n");
}

// What runs today: branch-gold without FortiAnalyzer Cloud.
LiveState live_before() {
    LiveState live;
    live.program = "ELAVMS0000000001";
    const std::vector<std::pair<int, int>> accounts = {{1001, 2}, {1002, 1}, {1003, 1}, {1004, 1}};
    std::int64_t id = 1;
    for (const auto& [account, devices] : accounts) {
        const std::vector<std::string> addons =
            account == 1003 ? std::vector<std::string>{"FGHWSOCA"} : std::vector<std::string>{};
        live.configs.push_back(live_config(
            id, account, "fgt", "FGT_HW",
            params("FGT_HW", {{"device_model", {"FGT60F"}}, {"service_pkg", {"FGHWUTP"}}, {"addons", addons}})));
        for (int n = 1; n <= devices; ++n) {
            live.entitlements[account].push_back(live_entitlement(serial(account, n), id, account, "ACTIVE"));
        }
        ++id;
    }
    return live;
}

TEST(OfferPlan, AnOfferChangeIsOneLineWhoseFiguresAreItsCustomersChanges) {
    const DesiredState desired = testing::desired_from(estate("FGHWFAZC"));
    const Plan plan = plan_for(desired, live_before());
    ASSERT_EQ(plan.changes.size(), 4u);  // every customer re-priced, the one written in full too
    const PlanSummary summary = summarize(plan);
    ASSERT_EQ(summary.offers.size(), 1u);
    const OfferFigures& f = summary.offers[0];
    EXPECT_EQ(f.configurations, 3);
    EXPECT_EQ(f.accounts, 3);
    EXPECT_EQ(f.devices, 4);
    double offer_delta = 0.0;
    for (const auto& c : plan.changes) {
        if (c.offer == "branch-gold") {
            offer_delta += c.points.delta();
        }
    }
    EXPECT_DOUBLE_EQ(f.delta_per_day, offer_delta);
    EXPECT_NEAR(f.delta_per_day, 4 * 0.72, 1e-9);  // FortiAnalyzer Cloud, 0.72/day on each of 4 devices
    EXPECT_EQ(offer_change_line(f, builtin_catalog()),
              "offer branch-gold: addons +FGHWFAZC -> re-prices 3 configurations in 3 accounts (4 devices), +2.88 "
              "points/day");

    RenderOptions options;
    const std::string text = render_text(plan, options);
    EXPECT_NE(text.find("  ~ offer branch-gold: addons +FGHWFAZC -> re-prices 3 configurations in 3 accounts (4 "
                        "devices), +2.88 points/day\n"),
              std::string::npos)
        << text;
    const std::string markdown = render_markdown(plan, options);
    EXPECT_NE(markdown.find("<details><summary>3 configurations</summary>"), std::string::npos) << markdown;
    EXPECT_NE(markdown.find("| three | fgt | 1003 | 1 | +0.72 |"), std::string::npos) << markdown;

    const auto json = nlohmann::json::parse(render_json(plan, options));
    ASSERT_EQ(json.at("offers").size(), 1u);
    const auto& listed = json.at("offers")[0];
    EXPECT_EQ(listed.at("changes"), (nlohmann::json{"one/fgt", "two/fgt", "three/fgt"}));
    EXPECT_EQ(listed.at("devices"), 4);
    EXPECT_DOUBLE_EQ(listed.at("delta_per_day").get<double>(), 2.88);
    EXPECT_DOUBLE_EQ(json.at("cost").at("delta_per_day").get<double>(), 2.88 + 0.72);  // plus the one in full
    for (const auto& change : json.at("changes")) {
        EXPECT_EQ(change.value("offer", ""), change.at("customer") == "full" ? "" : "branch-gold");
    }
}

TEST(OfferPlan, ASavedPlansOfferFiguresAreWhatFlexformWouldPlanNow) {
    const DesiredState desired = testing::desired_from(estate("FGHWFAZC"));
    const Plan plan = plan_for(desired, live_before());
    const std::string text = render_json(plan);
    const PlanFile file = read_plan_file(text, builtin_catalog());
    EXPECT_EQ(file.plan.changes[0].offer, "branch-gold");
    EXPECT_TRUE(compare_saved_plan(file.plan, file.stated, plan, builtin_catalog()).empty());

    auto edited = nlohmann::json::parse(text);
    edited["offers"][0]["devices"] = 1;
    const PlanFile tampered = read_plan_file(edited.dump(), builtin_catalog());
    const auto differences = compare_saved_plan(tampered.plan, tampered.stated, plan, builtin_catalog());
    ASSERT_EQ(differences.size(), 1u);
    EXPECT_EQ(differences[0].rfind("offers[0].devices", 0), 0u) << differences[0];

    edited = nlohmann::json::parse(text);
    edited.erase("offers");
    const PlanFile hidden = read_plan_file(edited.dump(), builtin_catalog());
    EXPECT_EQ(compare_saved_plan(hidden.plan, hidden.stated, plan, builtin_catalog()).size(), 6u);
}

TEST(OfferPlan, APlanWithoutOfferChangesSaysNothingOfOffers) {
    const DesiredState desired = testing::desired_from(estate(""));
    const Plan plan = plan_for(desired, live_before());
    EXPECT_TRUE(plan.changes.empty());
    EXPECT_TRUE(summarize(plan).offers.empty());
    RenderOptions options;
    EXPECT_FALSE(nlohmann::json::parse(render_json(plan, options)).contains("offers"));
}

TEST(OfferPlan, AChangedOfferChangesEveryCustomerUsingIt) {
    const DesiredState now = testing::desired_from(estate("FGHWFAZC"));
    DesiredState then;
    std::vector<Diagnostic> ignored;
    parse_manifest_text("test.yaml", offer(""), ManifestOptions{&builtin_catalog(), Date{2026, 11, 20}}, then, ignored);
    // Only the offer's file changed: its customers changed with it, the one written in full did not.
    DesiredState offers_now = now;
    for (auto& o : offers_now.offers) {
        o.pos.file = "offers/branch-gold.yaml";
    }
    for (auto& o : then.offers) {
        o.pos.file = "offers/branch-gold.yaml";
    }
    const CustomerChanges changes = customer_changes(then, offers_now, {"offers/branch-gold.yaml"});
    EXPECT_EQ(changes.changed, (std::vector<std::string>{"one", "three", "two"}));
    EXPECT_TRUE(changes.removed.empty());
}

TEST(OfferPlan, AnOfferRelabelledChangesNoCustomer) {
    DesiredState now = testing::desired_from(estate("FGHWFAZC"));
    now.offers[0].pos.file = "offers/branch-gold.yaml";
    DesiredState then;
    then.offers = now.offers;
    then.offers[0].label = "Branch Gold (old name)";
    EXPECT_TRUE(customer_changes(then, now, {"offers/branch-gold.yaml"}).changed.empty());
}

TEST(OfferImport, ConfigurationsSharingAServiceBecomeAnOfferThatReadsBackTheSame) {
    const ParameterSet gold = params("FGT_HW", {{"device_model", {"FGT60F"}}, {"service_pkg", {"FGHWUTP"}}});
    const ParameterSet other = params("FGT_HW", {{"device_model", {"FGT60F"}}, {"service_pkg", {"FGHWATP"}}});
    const std::vector<LiveConfig> configs = {
        live_config(1, 1001, "a", "FGT_HW", gold), live_config(2, 1002, "b", "FGT_HW", gold),
        live_config(3, 1003, "c", "FGT_HW", other), live_config(4, 1004, "d", "FGT_HW", other, false)};
    const auto offers = find_offers(configs, 2, builtin_catalog());
    ASSERT_EQ(offers.size(), 1u);  // the disabled one does not make a second pair
    EXPECT_EQ(offers[0].name, "fgt-hw-fgt60f-fghwutp");
    EXPECT_EQ(offers[0].config_ids, (std::vector<std::int64_t>{1, 2}));
    EXPECT_EQ(find_offers(configs, 3, builtin_catalog()).size(), 0u);

    DesiredState read;
    std::vector<Diagnostic> diagnostics;
    parse_manifest_text("offers/x.yaml", import_offer(offers[0], builtin_catalog()),
                        ManifestOptions{&builtin_catalog(), Date{2026, 11, 20}}, read, diagnostics);
    ASSERT_TRUE(diagnostics.empty()) << format(diagnostics[0]);
    ASSERT_EQ(read.offers.size(), 1u);
    EXPECT_EQ(read.offers[0].name, "fgt-hw-fgt60f-fghwutp");
    EXPECT_EQ(read.offers[0].parameters, gold);
}

}  // namespace
}  // namespace flexform

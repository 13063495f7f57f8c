#include "engine/plan/planner.h"

#include <gtest/gtest.h>

#include "tests/unit/plan_fixtures.h"

namespace flexform::testing {
namespace {

using Actions = std::vector<std::string>;

std::string with_state(const std::string& yaml, const std::string& line) {
    std::string out = yaml;
    out.insert(out.find("  configs:"), line + "\n");
    return out;
}

TEST(Planner, NewCustomerCreatesConfigsAndEveryEntitlement) {
    const DesiredState desired = desired_from(k_acme);
    LiveState live;
    live.program = "ELAVMS0000000001";
    const Plan plan = plan_for(desired, live);
    EXPECT_EQ(actions(plan),
              (Actions{"create_config acme/fgt", "create_entitlements acme/fgt", "create_config acme/vm",
                       "create_entitlements acme/vm", "create_config acme/edr", "create_entitlements acme/edr"}));
    const Change& hw = plan.changes[1];
    EXPECT_EQ(hw.serials, (std::vector<std::string>{"FGT60FTK20000001", "FGT60FTK20000002"}));
    EXPECT_FALSE(hw.config_id.has_value());
    EXPECT_DOUBLE_EQ(hw.points.after, 5.40);
    EXPECT_EQ(hw.reason, "serials not entitled yet");
    EXPECT_EQ(plan.changes[3].count, 2);
    EXPECT_EQ(plan.changes[3].description, "branch");
    EXPECT_TRUE(plan.changes[5].metered);
    EXPECT_TRUE(plan.applyable());
    EXPECT_DOUBLE_EQ(plan.cost.per_day_before, 0.0);
    EXPECT_DOUBLE_EQ(plan.cost.per_day_after, 5.40 + 10.72);
}

TEST(Planner, CustomerInSyncHasNoChanges) {
    const Plan plan = plan_for(desired_from(k_acme), acme_in_sync());
    EXPECT_TRUE(plan.changes.empty()) << actions(plan).front();
    EXPECT_TRUE(plan.diagnostics.empty());
    EXPECT_DOUBLE_EQ(plan.cost.per_day_before, 2 * 2.70 + 5.36);  // PENDING VMs are free
    EXPECT_DOUBLE_EQ(plan.cost.per_day_after, plan.cost.per_day_before);
}

TEST(Planner, ParameterChangeUpdatesTheConfigAndRepricesItsEntitlements) {
    std::string yaml = k_acme;
    yaml.replace(yaml.find("service_pkg: FGHWUTP}"), 21, "service_pkg: FGHWUTP, addons: [FGHWSOCA]}");
    const Plan plan = plan_for(desired_from(yaml), acme_in_sync());
    ASSERT_EQ(actions(plan), (Actions{"update_config acme/fgt"}));
    const Change& c = plan.changes[0];
    EXPECT_EQ(c.reason, "addons +FGHWSOCA");
    EXPECT_EQ(c.config_id, 1);
    EXPECT_EQ(c.repriced, 2);
    EXPECT_DOUBLE_EQ(c.per_device_before, 2.70);
    EXPECT_DOUBLE_EQ(c.per_device_after, 4.95);
    EXPECT_DOUBLE_EQ(c.points.delta(), 4.50);
    EXPECT_EQ(c.before.at("addons"), "[]");
    EXPECT_EQ(c.after.at("addons"), "FGHWSOCA");
}

TEST(Planner, DisabledConfigIsEnabled) {
    LiveState live = acme_in_sync();
    live.configs[0].active = false;
    const Plan plan = plan_for(desired_from(k_acme), live);
    ASSERT_EQ(actions(plan), (Actions{"enable_config acme/fgt"}));
    EXPECT_EQ(plan.changes[0].reason, "configuration is DISABLED in FortiFlex");
    EXPECT_DOUBLE_EQ(plan.changes[0].points.after, 5.40);
}

TEST(Planner, UndeclaredSerialIsStoppedAndNewOnesCreated) {
    LiveState live = acme_in_sync();
    live.entitlements[100].push_back(live_entitlement("FGT60FTK20000009", 1, 100, "ACTIVE"));
    std::string yaml = k_acme;
    yaml.replace(yaml.find("FGT60FTK20000002]"), 17, "FGT60FTK20000002, FGT60FTK20000003]");
    const Plan plan = plan_for(desired_from(yaml), live);
    EXPECT_EQ(actions(plan), (Actions{"stop acme/fgt/FGT60FTK20000009", "create_entitlements acme/fgt"}));
    EXPECT_EQ(plan.changes[1].serials, std::vector<std::string>{"FGT60FTK20000003"});
    EXPECT_EQ(plan.changes[0].reason, "serial not declared in the manifest");
    EXPECT_DOUBLE_EQ(plan.changes[0].points.before, 2.70);
}

TEST(Planner, SerialUnderAnotherConfigOfTheAccountIsMoved) {
    LiveState live = acme_in_sync();
    live.configs.push_back(live_config(4, 100, "old-fgt", "FGT_HW",
                                       params("FGT_HW", {{"device_model", {"FGT60F"}}, {"service_pkg", {"FGHWATP"}}})));
    live.entitlements[100][1].config_id = 4;
    const Plan plan = plan_for(desired_from(k_acme), live);
    ASSERT_EQ(actions(plan)[0], "update_entitlement acme/fgt/FGT60FTK20000002");
    const Change& move = plan.changes[0];
    EXPECT_EQ(move.target_config_id, 1);
    EXPECT_EQ(move.reason, "declared under \"fgt\", entitled under \"old-fgt\"");
    EXPECT_DOUBLE_EQ(move.points.delta(), 2.70 - 2.16);
    // The emptied old configuration is unmanaged now: reported, not touched.
    ASSERT_EQ(plan.diagnostics.size(), 1u);
    EXPECT_EQ(plan.diagnostics[0].severity, Severity::warning);
}

TEST(Planner, SuspendedCustomerStopsAllEntitlements) {
    const Plan plan = plan_for(desired_from(with_state(k_acme, "  state: suspended")), acme_in_sync());
    EXPECT_EQ(actions(plan), (Actions{"stop acme/fgt/FGT60FTK20000001", "stop acme/fgt/FGT60FTK20000002",
                                      "stop acme/vm/FGVMMLTM26000001", "stop acme/vm/FGVMMLTM26000002",
                                      "stop acme/edr/FEDRPO0000000001"}));
    for (const auto& c : plan.changes) {
        EXPECT_EQ(c.reason, "customer suspended");
    }
    EXPECT_DOUBLE_EQ(plan.cost.per_day_after, 0.0);
}

TEST(Planner, SuspendedCustomerCreatesNoEntitlements) {
    LiveState live;
    live.program = "ELAVMS0000000001";
    const Plan plan = plan_for(desired_from(with_state(k_acme, "  state: suspended")), live);
    EXPECT_EQ(actions(plan), (Actions{"create_config acme/fgt", "create_config acme/vm", "create_config acme/edr"}));
}

TEST(Planner, ActiveCustomerReactivatesStoppedEntitlements) {
    LiveState live = acme_in_sync();
    live.entitlements[100][0].status = "STOPPED";
    const Plan plan = plan_for(desired_from(k_acme), live);
    ASSERT_EQ(actions(plan), (Actions{"reactivate acme/fgt/FGT60FTK20000001"}));
    EXPECT_DOUBLE_EQ(plan.changes[0].points.after, 2.70);
}

TEST(Planner, ProtectedCustomerTurnsStopsIntoErrors) {
    const Plan plan =
        plan_for(desired_from(with_state(with_state(k_acme, "  state: suspended"), "  protect: true")), acme_in_sync());
    EXPECT_TRUE(plan.changes.empty());
    ASSERT_EQ(plan.diagnostics.size(), 5u);
    EXPECT_EQ(plan.diagnostics[0].message,
              "customer acme is protected: refusing to stop FGT60FTK20000001 (customer suspended)");
    EXPECT_FALSE(plan.applyable());
}

TEST(Planner, ExpiredDeclaredEntitlementIsAnError) {
    LiveState live = acme_in_sync();
    live.entitlements[100][0].status = "EXPIRED";
    const Plan plan = plan_for(desired_from(k_acme), live);
    ASSERT_EQ(plan.diagnostics.size(), 1u);
    EXPECT_EQ(plan.diagnostics[0].address, "acme/fgt/FGT60FTK20000001");
    EXPECT_EQ(plan.diagnostics[0].message,
              "entitlement FGT60FTK20000001 is EXPIRED and cannot be revived; remove it from the manifest");
    EXPECT_FALSE(plan.applyable());
}

TEST(Planner, VmCountUpReactivatesStoppedOnesBeforeCreating) {
    LiveState live = acme_in_sync();
    live.entitlements[100].push_back(live_entitlement("FGVMMLTM26000003", 2, 100, "STOPPED", "2026-03-01T00:00:00"));
    live.entitlements[100].back().description = "branch";
    std::string yaml = k_acme;
    yaml.replace(yaml.find("count: 2"), 8, "count: 4");
    const Plan plan = plan_for(desired_from(yaml), live);
    EXPECT_EQ(actions(plan), (Actions{"reactivate acme/vm/FGVMMLTM26000003", "create_entitlements acme/vm"}));
    EXPECT_EQ(plan.changes[1].count, 1);
    EXPECT_EQ(plan.changes[0].reason, "VM count 2 -> 4: reuse a STOPPED entitlement");
}

TEST(Planner, VmCountDownStopsPendingFirstThenNewest) {
    LiveState live = acme_in_sync();
    live.entitlements[100].push_back(live_entitlement("FGVMMLTM26000004", 2, 100, "ACTIVE", "2026-05-01T00:00:00"));
    live.entitlements[100].back().description = "branch";
    std::string yaml = k_acme;
    yaml.replace(yaml.find("count: 2"), 8, "count: 1");
    const Plan plan = plan_for(desired_from(yaml), live);
    EXPECT_EQ(actions(plan), (Actions{"stop acme/vm/FGVMMLTM26000002", "stop acme/vm/FGVMMLTM26000004"}));
    EXPECT_EQ(plan.changes[0].reason, "VM count 3 -> 1");
}

TEST(Planner, UnmanagedConfigIsReportedOrPruned) {
    LiveState live = acme_in_sync();
    live.configs.push_back(live_config(
        9, 100, "legacy", "FGT_HW", params("FGT_HW", {{"device_model", {"FGT40F"}}, {"service_pkg", {"FGHWFC247"}}})));
    live.entitlements[100].push_back(live_entitlement("FGT40FTK20000001", 9, 100, "ACTIVE"));
    const Plan report = plan_for(desired_from(k_acme), live);
    EXPECT_TRUE(report.changes.empty());
    ASSERT_EQ(report.diagnostics.size(), 1u);
    EXPECT_EQ(report.diagnostics[0].message,
              "unmanaged configuration \"legacy\" (id 9, 1 running entitlements) is not in the manifest; left alone "
              "(--prune stops and disables it)");
    PlanOptions prune = plan_options();
    prune.prune = true;
    const Plan pruned = plan_for(desired_from(k_acme), live, prune);
    EXPECT_EQ(actions(pruned), (Actions{"stop acme/legacy/FGT40FTK20000001", "disable_config acme/legacy"}));
}

TEST(Planner, DuplicateLiveNamesAreAnErrorUnlessPinned) {
    LiveState live = acme_in_sync();
    live.configs.push_back(live_config(7, 100, "fgt", "FGT_HW", live.configs[0].parameters));
    const Plan plan = plan_for(desired_from(k_acme), live);
    ASSERT_FALSE(plan.applyable());
    EXPECT_EQ(plan.diagnostics[0].message,
              "account 100 has 2 configurations named \"fgt\" (ids 1, 7); pin one with `id:` in the manifest");
    std::string pinned = k_acme;
    pinned.insert(pinned.find("      product: FGT_HW"), "      id: 1\n");
    EXPECT_TRUE(plan_for(desired_from(pinned), live).applyable());
}

TEST(Planner, ProductTypeChangeIsAnError) {
    LiveState live = acme_in_sync();
    live.configs[0].product_id = 103;
    const Plan plan = plan_for(desired_from(k_acme), live);
    ASSERT_FALSE(plan.applyable());
    EXPECT_EQ(plan.diagnostics[0].message,
              "configuration 1 is FSW_HW in FortiFlex but FGT_HW in the manifest; a product type cannot change: use a "
              "new configuration name");
}

TEST(Planner, SerialOwnedByAnotherAccountIsAnError) {
    LiveState live = acme_in_sync();
    live.entitlements[100].erase(live.entitlements[100].begin());
    live.entitlements[200].push_back(live_entitlement("FGT60FTK20000001", 50, 200, "ACTIVE"));
    const Plan plan = plan_for(desired_from(k_acme), live);
    ASSERT_EQ(plan.diagnostics.size(), 1u);
    EXPECT_EQ(plan.diagnostics[0].message, "serial FGT60FTK20000001 is entitled in another account (200)");
}

TEST(Planner, ScaleUpOnlyParametersMayNotShrink) {
    const DesiredState desired = desired_from(R"(apiVersion: flexform/v1
kind: Customer
metadata: {name: siem, accountId: 300}
spec:
  configs:
    - {name: s, product: SIEM_CLOUD, parameters: {compute_units: 10, additional_online_storage: 500}, cloud: {}}
)");
    LiveState live;
    live.configs.push_back(
        live_config(5, 300, "s", "SIEM_CLOUD",
                    params("SIEM_CLOUD", {{"compute_units", {"10"}}, {"additional_online_storage", {"1000"}}})));
    const Plan plan = plan_for(desired, live);
    ASSERT_FALSE(plan.applyable());
    EXPECT_EQ(plan.diagnostics[0].message,
              "additional_online_storage can only grow: FortiFlex has 1000, the manifest declares 500");
}

TEST(Planner, CustomerFilterLimitsThePlanAndItsCost) {
    const std::string two =
        std::string(k_acme) +
        "---\napiVersion: flexform/v1\nkind: Customer\nmetadata: {name: beta, accountId: 200}\nspec:\n"
        "  configs:\n    - {name: f, product: FGT_HW, parameters: {device_model: FGT60F, service_pkg: FGHWATP},"
        " serials: [FGT60FTK20000099]}\n";
    LiveState live = acme_in_sync();
    PlanOptions only_beta = plan_options();
    only_beta.customers = {"beta"};
    const Plan plan = plan_for(desired_from(two), live, only_beta);
    EXPECT_EQ(actions(plan), (Actions{"create_config beta/f", "create_entitlements beta/f"}));
    ASSERT_EQ(plan.cost.by_customer.size(), 1u);
    EXPECT_EQ(plan.accounts, std::vector<std::int64_t>{200});
    EXPECT_DOUBLE_EQ(plan.cost.per_day_after, 2.16);
}

TEST(Planner, DescriptionAndEndDateDriftUpdatesTheEntitlement) {
    std::string yaml = k_acme;
    const std::string serials = "serials: [FGT60FTK20000001, FGT60FTK20000002]";
    yaml.replace(yaml.find(serials), serials.size(),
                 "serials: [{serial: FGT60FTK20000001, description: hq}, FGT60FTK20000002]\n      endDate: 2027-06-30");
    const Plan plan = plan_for(desired_from(yaml), acme_in_sync());
    ASSERT_EQ(actions(plan), (Actions{"update_entitlement acme/fgt/FGT60FTK20000001"}));
    EXPECT_EQ(plan.changes[0].description, "hq");
    EXPECT_EQ(plan.changes[0].reason, "description \"\" -> \"hq\"");
}

TEST(Planner, PriceRequestsAreDistinctAcrossDesiredAndLive) {
    const auto requests = price_requests(desired_from(k_acme), acme_in_sync(), PlanOptions{});
    EXPECT_EQ(requests.size(), 3u);  // fgt, vm and edr: live configs equal the desired ones
}

TEST(Planner, FingerprintsDetectWhatChangedSinceThePlan) {
    std::string yaml = k_acme;
    yaml.replace(yaml.find("service_pkg: FGHWUTP}"), 21, "service_pkg: FGHWENT}");
    LiveState live = acme_in_sync();
    const Plan plan = plan_for(desired_from(yaml), live);
    EXPECT_TRUE(stale_objects(plan, live).empty());
    live.configs[0].parameters = params("FGT_HW", {{"device_model", {"FGT60F"}}, {"service_pkg", {"FGHWATP"}}});
    const auto stale = stale_objects(plan, live);
    ASSERT_EQ(stale.size(), 1u);
    EXPECT_EQ(stale[0].rfind("config:100:fgt", 0), 0u);
    LiveState stopped = acme_in_sync();
    stopped.entitlements[100][0].status = "STOPPED";
    EXPECT_EQ(stale_objects(plan, stopped).size(), 1u);
}

}  // namespace
}  // namespace flexform::testing

namespace flexform::testing {
namespace {

TEST(Planner, ASerialMovedBetweenDeclaredConfigsIsMovedBackNotStopped) {
    std::string yaml = k_acme;
    yaml +=
        "    - {name: fgt-ent, product: FGT_HW, parameters: {device_model: FGT60F, service_pkg: FGHWENT},"
        " serials: [FGT60FTK20000003]}\n";
    LiveState live = acme_in_sync();
    live.configs.push_back(live_config(8, 100, "fgt-ent", "FGT_HW",
                                       params("FGT_HW", {{"device_model", {"FGT60F"}}, {"service_pkg", {"FGHWENT"}}})));
    live.entitlements[100].push_back(live_entitlement("FGT60FTK20000003", 1, 100, "ACTIVE"));  // moved in the portal
    const Plan plan = plan_for(desired_from(yaml), live);
    EXPECT_EQ(actions(plan), (std::vector<std::string>{"update_entitlement acme/fgt-ent/FGT60FTK20000003"}));
}

}  // namespace
}  // namespace flexform::testing

// RMA swaps and end dates in the pure engine: the manifest fields, the planner's swap change, the applier's order,
// and which entitlements end within the watched window.
#include <gtest/gtest.h>

#include "engine/apply/applier.h"
#include "engine/report/drift.h"
#include "engine/report/ending.h"
#include "tests/unit/fake_provider.h"
#include "tests/unit/plan_fixtures.h"

namespace flexform::testing {
namespace {

using Actions = std::vector<std::string>;

std::string acme_with(const std::string& serials, const std::string& state = "active", bool protect = false) {
    return "apiVersion: flexform/v1\nkind: Customer\nmetadata: {name: acme, accountId: 100}\nspec:\n  state: " + state +
           "\n  protect: " + (protect ? "true" : "false") +
           "\n  configs:\n    - name: fgt\n      product: FGT_HW\n"
           "      parameters: {device_model: FGT60F, service_pkg: FGHWUTP}\n      serials: " +
           serials + "\n";
}

const char* k_swap = "[FGT60FTK20000002, {serial: FGT60FTK20000009, replaces: FGT60FTK20000001}]";

// acme's hardware as FortiFlex holds it: FGT60FTK20000001 and ...02 ACTIVE on config 1.
LiveState hardware_live() {
    LiveState live;
    live.program = "ELAVMS0000000001";
    live.configs.push_back(live_config(1, 100, "fgt", "FGT_HW",
                                       params("FGT_HW", {{"device_model", {"FGT60F"}}, {"service_pkg", {"FGHWUTP"}}})));
    live.entitlements[100].push_back(live_entitlement("FGT60FTK20000001", 1, 100, "ACTIVE"));
    live.entitlements[100].push_back(live_entitlement("FGT60FTK20000002", 1, 100, "ACTIVE"));
    return live;
}

std::vector<std::string> diagnostics_of(const std::string& yaml) {
    DesiredState state;
    std::vector<Diagnostic> diagnostics;
    parse_manifest_text("m.yaml", yaml, ManifestOptions{&builtin_catalog(), Date{2026, 11, 20}}, state, diagnostics);
    std::vector<std::string> out;
    for (const auto& d : diagnostics) {
        out.push_back(format(d));
    }
    return out;
}

TEST(Lifecycle, ASerialEntryNamesTheUnitItReplacesAndItsOwnEndDate) {
    const DesiredState desired = desired_from(acme_with(
        "[{serial: FGT60FTK20000009, replaces: FGT60FTK20000001, decommission: true, endDate: 2027-03-31}]"));
    const DesiredHardware& hw = desired.customers[0].configs[0].serials[0];
    EXPECT_EQ(hw.replaces, "FGT60FTK20000001");
    EXPECT_TRUE(hw.decommission);
    EXPECT_EQ(hw.end_date, (Date{2027, 3, 31}));
}

TEST(Lifecycle, ReplacementsThatCannotBeSwappedAreManifestErrors) {
    EXPECT_EQ(diagnostics_of(acme_with("[{serial: FGT60FTK20000009, decommission: true}]")),
              (std::vector<std::string>{"m.yaml:11:58: spec.configs[0].serials[0].decommission: decommission removes "
                                        "the unit a serial replaces: name it with `replaces:`"}));
    EXPECT_EQ(diagnostics_of(acme_with("[FGT60FTK20000001, {serial: FGT60FTK20000009, replaces: FGT60FTK20000001}]")),
              (std::vector<std::string>{"m.yaml:11:44: spec.configs[0].serials[1].replaces: serial FGT60FTK20000001 is "
                                        "declared in customer acme: a replaced unit is stopped, so remove it from the "
                                        "manifest"}));
    EXPECT_EQ(
        diagnostics_of(acme_with("[{serial: FGT60FTK20000009, replaces: FGT60FTK20000001, decommission: \"true\"}]")),
        (std::vector<std::string>{"m.yaml:11:86: spec.configs[0].serials[0].decommission: expected true or "
                                  "false, got the quoted string \"true\" (a boolean is written without quotes)"}));
    EXPECT_EQ(diagnostics_of(acme_with("[{serial: FGT60FTK20000009, replaces: FGT60FTK20000009}]")),
              (std::vector<std::string>{"m.yaml:11:54: spec.configs[0].serials[0].replaces: serial FGT60FTK20000009 "
                                        "cannot replace itself"}));
}

TEST(Lifecycle, ASwapIsOneChangeAndTheOldUnitIsNotAlsoStopped) {
    const Plan plan = plan_for(desired_from(acme_with(k_swap)), hardware_live());
    ASSERT_EQ(actions(plan), (Actions{"swap acme/fgt/FGT60FTK20000009"}));
    const Change& c = plan.changes[0];
    EXPECT_EQ(c.swap, (Swap{"FGT60FTK20000001", true, true, false}));
    EXPECT_EQ(c.config_id, 1);
    EXPECT_DOUBLE_EQ(c.points.before, 2.70);
    EXPECT_DOUBLE_EQ(c.points.after, 2.70);
    EXPECT_DOUBLE_EQ(plan.cost.per_day_after, plan.cost.per_day_before);
    EXPECT_EQ(why(c), "replaces FGT60FTK20000001: entitle FGT60FTK20000009, then stop FGT60FTK20000001");
    const DriftReport drift = drift_from_plan(plan, {});
    ASSERT_EQ(drift.items.size(), 1u);
    EXPECT_EQ(drift.items[0].kind, DriftKind::entitlement_replaced);
}

TEST(Lifecycle, ASwapWhoseNewUnitIsEntitledOnlyStopsTheOldOne) {
    LiveState live = hardware_live();
    live.entitlements[100].push_back(live_entitlement("FGT60FTK20000009", 1, 100, "ACTIVE"));
    const Plan plan = plan_for(desired_from(acme_with(k_swap)), live);
    ASSERT_EQ(actions(plan), (Actions{"swap acme/fgt/FGT60FTK20000009"}));
    EXPECT_EQ(plan.changes[0].swap, (Swap{"FGT60FTK20000001", false, true, false}));
    EXPECT_DOUBLE_EQ(plan.changes[0].points.delta(), -2.70);
    EXPECT_EQ(why(plan.changes[0]), "replaces FGT60FTK20000001: stop FGT60FTK20000001");
}

TEST(Lifecycle, ASwapOntoAStoppedUnitReactivatesItBeforeTheOldOneStopsInOneApply) {
    LiveState live = hardware_live();
    live.entitlements[100].push_back(live_entitlement("FGT60FTK20000009", 1, 100, "STOPPED"));
    const Plan plan = plan_for(desired_from(acme_with(k_swap)), live);
    ASSERT_EQ(actions(plan), (Actions{"reactivate acme/fgt/FGT60FTK20000009", "swap acme/fgt/FGT60FTK20000009"}));
    EXPECT_EQ(plan.changes[1].swap, (Swap{"FGT60FTK20000001", false, true, false}));
    // Every change waits for its dependencies in an earlier stage: one in its own stage would be seen unfinished.
    const auto deps = dependencies(plan);
    for (std::size_t i = 0; i < plan.changes.size(); ++i) {
        for (const std::size_t d : deps[i]) {
            EXPECT_LT(stage(plan.changes[d].action), stage(plan.changes[i].action)) << i << " on " << d;
        }
    }
    FakeProvider fake;
    for (const auto& c : live.configs) {
        fake.configs[c.id] = c;
    }
    for (const auto& e : live.entitlements.at(100)) {
        fake.entitlements[e.serial] = e;
    }
    ApplyOptions options;
    options.parallelism = 4;
    const ApplyResult result = apply_plan(plan, fake, options);
    EXPECT_TRUE(result.ok()) << result.outcomes[1].error;
    EXPECT_EQ(fake.calls, (std::vector<std::string>{"reactivate FGT60FTK20000009", "stop FGT60FTK20000001"}));
}

TEST(Lifecycle, ASwapAcrossConfigurationsOfTheAccountStopsTheOldUnitOnce) {
    // The replacement is another model: the new serial is declared under a new configuration.
    std::string yaml = acme_with("[FGT60FTK20000002]");
    yaml += "    - name: fgt40\n      product: FGT_HW\n      parameters: {device_model: FGT40F, service_pkg: FGHWUTP}\n"
            "      serials: [{serial: FGT40FTK20000009, replaces: FGT60FTK20000001}]\n";
    const Plan plan = plan_for(desired_from(yaml), hardware_live());
    EXPECT_EQ(actions(plan), (Actions{"create_config acme/fgt40", "swap acme/fgt40/FGT40FTK20000009"}));
}

TEST(Lifecycle, ASuspendedCustomerSwapsNothingAndStopsItsUnits) {
    const Plan plan = plan_for(desired_from(acme_with(k_swap, "suspended")), hardware_live());
    EXPECT_EQ(actions(plan), (Actions{"stop acme/fgt/FGT60FTK20000002", "stop acme/fgt/FGT60FTK20000001"}));
}

TEST(Lifecycle, ASuspendedCustomersReplacedUnitIsStoppedBecauseTheCustomerIsSuspended) {
    const Plan plan = plan_for(desired_from(acme_with(k_swap, "suspended")), hardware_live());
    ASSERT_EQ(actions(plan), (Actions{"stop acme/fgt/FGT60FTK20000002", "stop acme/fgt/FGT60FTK20000001"}));
    EXPECT_EQ(why(plan.changes[1]), "customer suspended");
}

TEST(Lifecycle, AReplacedUnitThatIsNotInTheCustomersAccountIsAnErrorAtItsLine) {
    LiveState live = hardware_live();
    live.configs.push_back(live_config(2, 200, "globex-fgt", "FGT_HW",
                                       params("FGT_HW", {{"device_model", {"FGT60F"}}, {"service_pkg", {"FGHWUTP"}}})));
    live.entitlements[200].push_back(live_entitlement("FGT60FTK20000077", 2, 200, "ACTIVE"));
    const auto refused = [&](const std::string& replaced) {
        const Plan plan = plan_for(
            desired_from(acme_with(
                "[FGT60FTK20000001, FGT60FTK20000002, {serial: FGT60FTK20000009, replaces: " + replaced + "}]")),
            live);
        EXPECT_TRUE(plan.changes.empty()) << replaced;  // nothing written: no plain create of the new unit
        EXPECT_EQ(plan.left_out(), (std::vector<std::string>{"acme"}));
        EXPECT_EQ(plan.diagnostics.size(), 1u);
        return plan.diagnostics.empty() ? PlanDiagnostic{} : plan.diagnostics[0];
    };
    const PlanDiagnostic other = refused("FGT60FTK20000077");
    EXPECT_EQ(to_string(other.code), "replaced_unit_not_found");
    EXPECT_EQ(other.address, "acme/fgt/FGT60FTK20000009");
    EXPECT_EQ(other.message,
              "FGT60FTK20000009 replaces FGT60FTK20000077, which is entitled in account 200, not in "
              "account 100 of customer acme: a swap replaces a unit of the customer's own account");
    ASSERT_TRUE(other.source);
    EXPECT_EQ(other.source->line, 11);
    EXPECT_EQ(refused("FGT60FTK20000099").message,
              "FGT60FTK20000009 replaces FGT60FTK20000099, which FortiFlex does not list in account 100 of customer "
              "acme: is the serial right?");
}

TEST(Lifecycle, AStoppedUnitsNewEndDateWaitsSilentlyWhileSuspendedAndRidesOnItsReactivation) {
    LiveState live = hardware_live();
    for (auto& e : live.entitlements[100]) {
        e.status = EntitlementStatus::stopped;
    }
    const std::string dated = "[FGT60FTK20000001, FGT60FTK20000002]\n      endDate: 2027-05-01";
    const Plan suspended = plan_for(desired_from(acme_with(dated, "suspended")), live);
    EXPECT_TRUE(suspended.changes.empty());
    EXPECT_TRUE(suspended.diagnostics.empty());  // nothing drift could ask apply to do
    EXPECT_TRUE(drift_from_plan(suspended, {}).items.empty());

    const Plan active = plan_for(desired_from(acme_with(dated)), live);
    ASSERT_EQ(actions(active),
              (Actions{"reactivate acme/fgt/FGT60FTK20000001", "reactivate acme/fgt/FGT60FTK20000002"}));
    EXPECT_TRUE(active.diagnostics.empty());
    const Change& c = active.changes[0];
    EXPECT_EQ(c.before.end_date, (Date{2027, 6, 30}));
    EXPECT_EQ(c.after.end_date, (Date{2027, 5, 1}));
    EXPECT_EQ(c.target_config_id, 1);
    FakeProvider fake;
    for (const auto& lc : live.configs) {
        fake.configs[lc.id] = lc;
    }
    for (const auto& e : live.entitlements.at(100)) {
        fake.entitlements[e.serial] = e;
    }
    ApplyOptions options;
    options.parallelism = 1;
    EXPECT_TRUE(apply_plan(active, fake, options).ok());
    EXPECT_EQ(fake.calls,
              (std::vector<std::string>{"reactivate FGT60FTK20000001", "update_entitlement FGT60FTK20000001 -> 1",
                                        "reactivate FGT60FTK20000002", "update_entitlement FGT60FTK20000002 -> 1"}));
}

TEST(Lifecycle, AProtectedCustomerRefusesTheStopOfASwap) {
    const Plan plan = plan_for(desired_from(acme_with(k_swap, "active", true)), hardware_live());
    EXPECT_TRUE(plan.changes.empty());
    ASSERT_EQ(plan.diagnostics.size(), 1u);
    EXPECT_EQ(plan.diagnostics[0].message,
              "customer acme is protected: refusing to stop FGT60FTK20000001, which FGT60FTK20000009 replaces");
}

TEST(Lifecycle, ASerialWithItsOwnEndDateIsCreatedAndUpdatedToIt) {
    LiveState live = hardware_live();
    const Plan plan = plan_for(
        desired_from(acme_with("[FGT60FTK20000001, {serial: FGT60FTK20000002, endDate: 2027-03-31}, "
                               "{serial: FGT60FTK20000003, endDate: 2027-04-30}]")),
        live);
    ASSERT_EQ(actions(plan),
              (Actions{"update_entitlement acme/fgt/FGT60FTK20000002", "create_entitlements acme/fgt/FGT60FTK20000003"}));
    EXPECT_EQ(plan.changes[0].after.end_date, (Date{2027, 3, 31}));
    EXPECT_EQ(plan.changes[1].after.serials, (std::vector<std::string>{"FGT60FTK20000003"}));
    EXPECT_EQ(plan.changes[1].after.end_date, (Date{2027, 4, 30}));
}

TEST(Lifecycle, ASerialEndDateAfterTheProgramIsRefusedByThePlan) {
    PlanOptions options = plan_options();
    options.program_end = Date{2027, 6, 30};
    const Plan plan = plan_for(desired_from(acme_with("[{serial: FGT60FTK20000002, endDate: 2027-07-01}]")),
                               hardware_live(), options);
    ASSERT_EQ(plan.diagnostics.size(), 1u);
    EXPECT_EQ(plan.diagnostics[0].code, DiagnosticCode::end_after_program);
    EXPECT_EQ(plan.diagnostics[0].address, "acme/fgt/FGT60FTK20000002");
}

TEST(Lifecycle, TheApplierEntitlesTheNewUnitBeforeItStopsAndRemovesTheOldOne) {
    const LiveState live = hardware_live();
    const Plan plan = plan_for(
        desired_from(acme_with(
            "[FGT60FTK20000002, {serial: FGT60FTK20000009, replaces: FGT60FTK20000001, decommission: true}]")),
        live);
    FakeProvider fake;
    FakeProvider failing;
    for (FakeProvider* f : {&fake, &failing}) {
        for (const auto& c : live.configs) {
            f->configs[c.id] = c;
        }
        for (const auto& e : live.entitlements.at(100)) {
            f->entitlements[e.serial] = e;
        }
    }
    ApplyOptions options;
    options.parallelism = 1;
    EXPECT_TRUE(apply_plan(plan, fake, options).ok());
    EXPECT_EQ(fake.calls, (std::vector<std::string>{"create_hardware 1 FGT60FTK20000009", "stop FGT60FTK20000001",
                                                    "remove_hardware FGT60FTK20000001"}));
    EXPECT_FALSE(fake.entitlements.count("FGT60FTK20000001"));

    failing.fail.insert("create_hardware 1 FGT60FTK20000009");
    const ApplyResult result = apply_plan(plan, failing, options);
    EXPECT_EQ(result.outcomes[0].status, OutcomeStatus::failed);
    EXPECT_EQ(failing.calls, (std::vector<std::string>{"create_hardware 1 FGT60FTK20000009"}));  // nothing stopped
}

TEST(Lifecycle, EndingWithinTheWindowIncludesBothEndsAndOnlyRunningEntitlements) {
    LiveState live = hardware_live();
    auto& e = live.entitlements[100];
    e[0].end_date = Date{2026, 12, 20};  // 30 days after 2026-11-20
    e[1].end_date = Date{2026, 12, 21};  // 31
    e.push_back(live_entitlement("FGT60FTK20000003", 1, 100, "ACTIVE"));
    e.back().end_date = Date{2026, 11, 20};  // today
    e.push_back(live_entitlement("FGT60FTK20000004", 1, 100, "STOPPED"));
    e.back().end_date = Date{2026, 11, 25};
    const auto ending = entitlements_ending(live, {{100, "acme"}}, Date{2026, 11, 20}, 30);
    ASSERT_EQ(ending.size(), 2u);
    EXPECT_EQ(ending[0].serial, "FGT60FTK20000003");
    EXPECT_EQ(ending[0].days_left, 0);
    EXPECT_EQ(ending[1].serial, "FGT60FTK20000001");
    EXPECT_EQ(ending[1].days_left, 30);
    EXPECT_EQ(address_of(ending[1]), "acme/fgt/FGT60FTK20000001");
    EXPECT_EQ(address_of(entitlements_ending(live, {}, Date{2026, 11, 20}, 0)[0]), "account-100/fgt/FGT60FTK20000003");
}

}  // namespace
}  // namespace flexform::testing

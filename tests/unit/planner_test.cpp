#include "engine/plan/planner.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "engine/render/render.h"
#include "tests/unit/plan_fixtures.h"

namespace flexform::testing {
namespace {

using Actions = std::vector<std::string>;

std::string with_state(const std::string& yaml, const std::string& line) {
    std::string out = yaml;
    out.insert(out.find("  configs:"), line + "\n");
    return out;
}

std::vector<std::string> list(std::initializer_list<const char*> items) {
    return {items.begin(), items.end()};
}

TEST(Planner, NewCustomerCreatesConfigsAndEveryEntitlement) {
    const DesiredState desired = desired_from(k_acme);
    LiveState live;
    live.program = "ELAVMS0000000001";
    const Plan plan = plan_for(desired, live);
    EXPECT_EQ(actions(plan),
              (Actions{"create_config acme/fgt", "create_entitlements acme/fgt", "create_config acme/vm",
                       "create_entitlements acme/vm", "create_config acme/edr", "create_entitlements acme/edr"}));
    const Change& config = plan.changes[0];
    EXPECT_EQ(config.reason.code, ReasonCode::config_absent);
    EXPECT_EQ(config.after.name, "fgt");
    EXPECT_EQ(config.after.parameters, params("FGT_HW", {{"device_model", {"FGT60F"}}, {"service_pkg", {"FGHWUTP"}}}));
    const Change& hw = plan.changes[1];
    EXPECT_EQ(hw.after.serials, list({"FGT60FTK20000001", "FGT60FTK20000002"}));
    EXPECT_EQ(hw.after.count, 2);
    EXPECT_FALSE(hw.config_id.has_value());
    EXPECT_DOUBLE_EQ(hw.points.after, 5.40);
    EXPECT_EQ(hw.reason.code, ReasonCode::serials_not_entitled);
    EXPECT_EQ(why(hw), "serials not entitled yet");
    EXPECT_EQ(plan.changes[3].after.count, 2);
    EXPECT_EQ(plan.changes[3].after.description, "branch");
    EXPECT_EQ(plan.changes[3].reason, Reason(ReasonCode::vm_count_raised, 0, 2));
    EXPECT_TRUE(plan.changes[5].metered);
    EXPECT_TRUE(plan.applyable());
    EXPECT_DOUBLE_EQ(plan.cost.per_day_before, 0.0);
    EXPECT_DOUBLE_EQ(plan.cost.per_day_after, 5.40);  // the VMs are created PENDING: free until used
    EXPECT_EQ(plan.cost.never_used_after, 2);
    EXPECT_DOUBLE_EQ(plan.cost.never_used_per_day_after, 10.72);
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
    EXPECT_EQ(c.reason.code, ReasonCode::config_differs);
    EXPECT_EQ(why(c), "addons +FGHWSOCA");
    EXPECT_EQ(c.config_id, 1);
    EXPECT_EQ(c.reprice.entitlements, 2);
    EXPECT_DOUBLE_EQ(c.reprice.per_device_before, 2.70);
    EXPECT_DOUBLE_EQ(c.reprice.per_device_after, 4.95);
    EXPECT_DOUBLE_EQ(c.points.delta(), 4.50);
    // Typed snapshots: the whole parameter set before and after, lists as lists.
    ASSERT_TRUE(c.before.parameters && c.after.parameters);
    EXPECT_TRUE(c.before.parameters->values.at(29).empty());
    EXPECT_EQ(c.after.parameters->values.at(29), list({"FGHWSOCA"}));
    EXPECT_EQ(c.before.name, "fgt");
    EXPECT_EQ(c.after.name, "fgt");
}

TEST(Planner, DisabledConfigIsEnabled) {
    LiveState live = acme_in_sync();
    live.configs[0].active = false;
    const Plan plan = plan_for(desired_from(k_acme), live);
    ASSERT_EQ(actions(plan), (Actions{"enable_config acme/fgt"}));
    EXPECT_EQ(plan.changes[0].reason.code, ReasonCode::config_disabled);
    EXPECT_EQ(plan.changes[0].before.config_status, ConfigStatus::disabled);
    EXPECT_EQ(plan.changes[0].after.config_status, ConfigStatus::active);
    EXPECT_DOUBLE_EQ(plan.changes[0].points.after, 5.40);
}

// `enabled: false` on the fgt configuration, its serials removed (a disabled configuration holds none).
std::string acme_with_fgt_disabled() {
    std::string yaml = k_acme;
    yaml.replace(yaml.find("      serials: [FGT60FTK20000001, FGT60FTK20000002]\n"),
                 std::string("      serials: [FGT60FTK20000001, FGT60FTK20000002]\n").size(), "      enabled: false\n");
    return yaml;
}

TEST(Planner, AConfigurationDeclaredDisabledIsDisabledAndNothingUnderItIsManaged) {
    LiveState live = acme_in_sync();
    const Plan plan = plan_for(desired_from(acme_with_fgt_disabled()), live);
    // Disabled, and its two running FortiGates are not stopped one by one: nothing under it is managed.
    ASSERT_EQ(actions(plan), (Actions{"disable_config acme/fgt"}));
    EXPECT_EQ(plan.changes[0].reason.code, ReasonCode::config_declared_disabled);
    EXPECT_EQ(plan.changes[0].after.config_status, ConfigStatus::disabled);
    // Already disabled: in sync, and not reported as unmanaged.
    live.configs[0].active = false;
    const Plan again = plan_for(desired_from(acme_with_fgt_disabled()), live);
    EXPECT_TRUE(again.changes.empty());
    EXPECT_TRUE(again.diagnostics.empty());
}

TEST(Planner, UndeclaredSerialIsStoppedAndNewOnesCreated) {
    LiveState live = acme_in_sync();
    live.entitlements[100].push_back(live_entitlement("FGT60FTK20000009", 1, 100, "ACTIVE"));
    std::string yaml = k_acme;
    yaml.replace(yaml.find("FGT60FTK20000002]"), 17, "FGT60FTK20000002, FGT60FTK20000003]");
    const Plan plan = plan_for(desired_from(yaml), live);
    EXPECT_EQ(actions(plan), (Actions{"stop acme/fgt/FGT60FTK20000009", "create_entitlements acme/fgt"}));
    EXPECT_EQ(plan.changes[1].after.serials, list({"FGT60FTK20000003"}));
    EXPECT_EQ(plan.changes[0].reason.code, ReasonCode::serial_not_declared);
    EXPECT_EQ(why(plan.changes[0]), "serial not declared in the manifest");
    EXPECT_EQ(plan.changes[0].before.status, EntitlementStatus::active);
    EXPECT_EQ(plan.changes[0].after.status, EntitlementStatus::stopped);
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
    EXPECT_EQ(move.reason, Reason(ReasonCode::declared_under_other_config, 0, 0, "old-fgt"));
    EXPECT_EQ(why(move), "declared under \"fgt\", entitled under \"old-fgt\"");
    EXPECT_EQ(move.before.config, "old-fgt");
    EXPECT_EQ(move.after.config, "fgt");
    EXPECT_DOUBLE_EQ(move.points.delta(), 2.70 - 2.16);
    // The emptied old configuration is unmanaged now: reported, not touched.
    ASSERT_EQ(plan.diagnostics.size(), 1u);
    EXPECT_EQ(plan.diagnostics[0].severity, Severity::warning);
    EXPECT_EQ(plan.diagnostics[0].code, DiagnosticCode::unmanaged_config);
}

TEST(Planner, SuspendedCustomerStopsAllEntitlements) {
    const Plan plan = plan_for(desired_from(with_state(k_acme, "  state: suspended")), acme_in_sync());
    EXPECT_EQ(actions(plan), (Actions{"stop acme/fgt/FGT60FTK20000001", "stop acme/fgt/FGT60FTK20000002",
                                      "stop acme/vm/FGVMMLTM26000001", "stop acme/vm/FGVMMLTM26000002",
                                      "stop acme/edr/FEDRPO0000000001"}));
    for (const auto& c : plan.changes) {
        EXPECT_EQ(c.reason.code, ReasonCode::customer_suspended);
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
    set_status(live.entitlements[100][0], "STOPPED");
    const Plan plan = plan_for(desired_from(k_acme), live);
    ASSERT_EQ(actions(plan), (Actions{"reactivate acme/fgt/FGT60FTK20000001"}));
    EXPECT_EQ(plan.changes[0].reason.code, ReasonCode::stopped_but_declared);
    EXPECT_DOUBLE_EQ(plan.changes[0].points.after, 2.70);
    EXPECT_EQ(plan.changes[0].becomes_billable, 0);  // hardware has no token: it was charged before it stopped
}

TEST(Planner, ReactivatingAVmWhoseTokenWasNeverUsedSaysItBecomesBillable) {
    // Suspension stopped a PENDING (free) VM; reactivation makes it ACTIVE and charged.
    LiveState live = acme_in_sync();
    LiveEntitlement& pending = live.entitlements[100][3];
    set_status(pending, "STOPPED");
    pending.token_status = TokenStatus::not_used;
    const Plan plan = plan_for(desired_from(k_acme), live);
    ASSERT_EQ(actions(plan), (Actions{"reactivate acme/vm/FGVMMLTM26000002"}));
    const Change& c = plan.changes[0];
    EXPECT_EQ(c.becomes_billable, 1);
    EXPECT_DOUBLE_EQ(c.points.after, 5.36);
    EXPECT_EQ(billing_note(c),
              "1 entitlement whose token was never used (PENDING, free) becomes ACTIVE and is charged from today");
}

TEST(Planner, ProtectedCustomerTurnsStopsIntoErrors) {
    const Plan plan =
        plan_for(desired_from(with_state(with_state(k_acme, "  state: suspended"), "  protect: true")), acme_in_sync());
    EXPECT_TRUE(plan.changes.empty());
    ASSERT_EQ(plan.diagnostics.size(), 5u);
    EXPECT_EQ(plan.diagnostics[0].code, DiagnosticCode::protected_customer);
    EXPECT_EQ(plan.diagnostics[0].message,
              "customer acme is protected: refusing to stop FGT60FTK20000001 (customer suspended)");
    EXPECT_EQ(plan.left_out(), list({"acme"}));
    EXPECT_TRUE(plan.applyable());                        // nothing of the program as a whole blocks
    EXPECT_EQ(plan.blocked_customers(), list({"acme"}));  // protect alone: blocked, not failed
    EXPECT_TRUE(plan.failed_customers().empty());
}

TEST(Planner, ACustomerWithAnyErrorBesideProtectFails) {
    LiveState live = acme_in_sync();
    set_status(live.entitlements[100][0], "EXPIRED");
    const Plan plan =
        plan_for(desired_from(with_state(with_state(k_acme, "  state: suspended"), "  protect: true")), live);
    ASSERT_EQ(plan.left_out(), list({"acme"}));
    EXPECT_TRUE(std::any_of(plan.diagnostics.begin(), plan.diagnostics.end(),
                            [](const PlanDiagnostic& d) { return d.code == DiagnosticCode::protected_customer; }));
    EXPECT_EQ(plan.failed_customers(), list({"acme"}));
    EXPECT_TRUE(plan.blocked_customers().empty());
}

TEST(Planner, ExpiredDeclaredEntitlementIsAnError) {
    LiveState live = acme_in_sync();
    set_status(live.entitlements[100][0], "EXPIRED");
    const Plan plan = plan_for(desired_from(k_acme), live);
    ASSERT_EQ(plan.diagnostics.size(), 1u);
    EXPECT_EQ(plan.diagnostics[0].address, "acme/fgt/FGT60FTK20000001");
    EXPECT_EQ(plan.diagnostics[0].code, DiagnosticCode::entitlement_expired);
    EXPECT_EQ(plan.diagnostics[0].message,
              "entitlement FGT60FTK20000001 is EXPIRED and cannot be revived; remove it from the manifest");
    ASSERT_TRUE(plan.diagnostics[0].source);
    EXPECT_EQ(plan.diagnostics[0].source->line, 6);  // the config's name in the manifest
    EXPECT_EQ(plan.left_out(), list({"acme"}));
}

TEST(Planner, UnknownStatusIsLeftAloneWithAWarning) {
    LiveState live = acme_in_sync();
    set_status(live.entitlements[100][0], "GRACE_PERIOD");
    const Plan plan = plan_for(desired_from(k_acme), live);
    EXPECT_TRUE(plan.changes.empty());
    ASSERT_EQ(plan.diagnostics.size(), 1u);
    EXPECT_EQ(plan.diagnostics[0].code, DiagnosticCode::unknown_status);
    EXPECT_EQ(plan.diagnostics[0].message, "entitlement FGT60FTK20000001 has status GRACE_PERIOD, left alone");
}

TEST(Planner, VmCountUpReactivatesStoppedOnesBeforeCreating) {
    LiveState live = acme_in_sync();
    live.entitlements[100].push_back(live_entitlement("FGVMMLTM26000003", 2, 100, "STOPPED", "2026-03-01T00:00:00"));
    live.entitlements[100].back().description = "branch";
    std::string yaml = k_acme;
    yaml.replace(yaml.find("count: 2"), 8, "count: 4");
    const Plan plan = plan_for(desired_from(yaml), live);
    EXPECT_EQ(actions(plan), (Actions{"reactivate acme/vm/FGVMMLTM26000003", "create_entitlements acme/vm"}));
    EXPECT_EQ(plan.changes[1].after.count, 1);
    EXPECT_EQ(why(plan.changes[0]), "VM count 2 -> 4: reuse a STOPPED entitlement");
    EXPECT_EQ(why(plan.changes[1]), "VM count 2 -> 4 (PENDING until each token is used; charged from activation)");
}

TEST(Planner, NeverUsedVmsAreFreeBeforeAndAfterAndTheirFigureOnceUsedIsSaid) {
    // acme runs one VM and holds one never used (PENDING); 5.36/day each once used.
    const Plan same = plan_for(desired_from(k_acme), acme_in_sync());
    EXPECT_EQ(same.cost.never_used_before, 1);
    EXPECT_DOUBLE_EQ(same.cost.never_used_per_day_before, 5.36);
    std::string down = k_acme;
    down.replace(down.find("count: 2"), 8, "count: 1");
    const Plan fewer = plan_for(desired_from(down), acme_in_sync());
    ASSERT_EQ(fewer.changes.size(), 1u);
    EXPECT_EQ(fewer.changes[0].before.status, EntitlementStatus::pending);
    EXPECT_DOUBLE_EQ(fewer.cost.delta_per_day(), 0.0);  // it cost nothing, and stops costing nothing
    EXPECT_EQ(fewer.cost.never_used_after, 0);
    EXPECT_DOUBLE_EQ(fewer.cost.never_used_per_day_after, 0.0);
    std::string up = k_acme;
    up.replace(up.find("count: 2"), 8, "count: 4");
    const Plan more = plan_for(desired_from(up), acme_in_sync());
    ASSERT_EQ(more.changes.size(), 1u);
    EXPECT_DOUBLE_EQ(more.changes[0].points.delta(), 0.0);  // created PENDING: the same rule
    EXPECT_EQ(more.cost.never_used_after, 3);
    EXPECT_NEAR(more.cost.never_used_per_day_after, 3 * 5.36, 1e-9);
    const std::string text = render_text(more, RenderOptions{});
    EXPECT_NE(text.find("create_entitlements x2  (+10.72/day once used)"), std::string::npos) << text;
    EXPECT_NE(text.find("Note: never-used VMs (PENDING until their token is used) are free, before and after alike, "
                        "the ones this plan creates too: 1 before, 3 after; once all are used they add +5.36 "
                        "points/day before, +16.08 after."),
              std::string::npos)
        << text;
    // Created with skipPending, they are ACTIVE at once: charged.
    std::string skip = up;
    skip.replace(skip.find("count: 4"), 8, "count: 4, skipPending: true");
    const Plan charged = plan_for(desired_from(skip), acme_in_sync());
    ASSERT_EQ(charged.changes.size(), 1u);
    EXPECT_DOUBLE_EQ(charged.changes[0].points.delta(), 2 * 5.36);
    EXPECT_EQ(charged.cost.never_used_after, 1);
}

TEST(Planner, VmCountDownStopsPendingFirstThenNewest) {
    LiveState live = acme_in_sync();
    live.entitlements[100].push_back(live_entitlement("FGVMMLTM26000004", 2, 100, "ACTIVE", "2026-05-01T00:00:00"));
    live.entitlements[100].back().description = "branch";
    std::string yaml = k_acme;
    yaml.replace(yaml.find("count: 2"), 8, "count: 1");
    const Plan plan = plan_for(desired_from(yaml), live);
    EXPECT_EQ(actions(plan), (Actions{"stop acme/vm/FGVMMLTM26000002", "stop acme/vm/FGVMMLTM26000004"}));
    EXPECT_EQ(plan.changes[0].reason, Reason(ReasonCode::vm_count_lowered, 3, 1));
    EXPECT_EQ(why(plan.changes[0]), "VM count 3 -> 1");
}

TEST(Planner, AStoppedVmGetsAFreshTokenWhenItsConfigAsksForOne) {
    std::string yaml = k_acme;
    yaml.replace(yaml.find("count: 2"), 8, "count: 1, regenerateTokenOnStop: true");
    const Plan plan = plan_for(desired_from(yaml), acme_in_sync());
    EXPECT_EQ(actions(plan), (Actions{"stop acme/vm/FGVMMLTM26000002", "regenerate_token acme/vm/FGVMMLTM26000002"}));
    const Change& regenerate = plan.changes[1];
    EXPECT_EQ(regenerate.reason.code, ReasonCode::token_on_stop);
    EXPECT_EQ(regenerate.points, (PointsPerDay{0.0, 0.0}));  // a token costs nothing
    EXPECT_EQ(why(regenerate), "stopped, and the config asks for a fresh token on stop (regenerateTokenOnStop)");
    EXPECT_EQ(symbol(regenerate.action), '@');
    EXPECT_DOUBLE_EQ(plan.cost.delta_per_day(), plan.changes[0].points.delta());
    // Without the flag, and for a stop of hardware under a suspended customer, no token is touched.
    std::string plain = k_acme;
    plain.replace(plain.find("count: 2"), 8, "count: 1");
    EXPECT_EQ(actions(plan_for(desired_from(plain), acme_in_sync())), (Actions{"stop acme/vm/FGVMMLTM26000002"}));
    std::string suspended = k_acme;
    suspended.replace(suspended.find("count: 2"), 8, "count: 2, regenerateTokenOnStop: true");
    suspended.replace(suspended.find("spec:\n"), 6, "spec:\n  state: suspended\n");
    const Plan stops = plan_for(desired_from(suspended), acme_in_sync());
    EXPECT_EQ(std::count_if(stops.changes.begin(), stops.changes.end(),
                            [](const Change& c) { return c.action == ActionKind::regenerate_token; }),
              2);
    EXPECT_EQ(std::count_if(stops.changes.begin(), stops.changes.end(),
                            [](const Change& c) { return c.action == ActionKind::stop; }),
              5);
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
              "unmanaged configuration \"legacy\" (id 9, 1 running entitlement) is not in the manifest; left alone "
              "(--prune stops and disables it)");
    PlanOptions prune = plan_options();
    prune.prune = true;
    const Plan pruned = plan_for(desired_from(k_acme), live, prune);
    EXPECT_EQ(actions(pruned), (Actions{"stop acme/legacy/FGT40FTK20000001", "disable_config acme/legacy"}));
    EXPECT_EQ(pruned.changes[1].reason.code, ReasonCode::config_unmanaged);
}

TEST(Planner, AnUnmanagedConfigPruneDisabledIsNotReportedAgainWhileNothingOnItRuns) {
    LiveState live = acme_in_sync();
    live.configs.push_back(live_config(9, 100, "legacy", "FGT_HW",
                                       params("FGT_HW", {{"device_model", {"FGT40F"}}, {"service_pkg", {"FGHWFC247"}}}),
                                       false));
    live.entitlements[100].push_back(live_entitlement("FGT40FTK20000001", 9, 100, "STOPPED"));
    const Plan plan = plan_for(desired_from(k_acme), live);
    EXPECT_TRUE(plan.changes.empty());
    EXPECT_TRUE(plan.diagnostics.empty());  // drift would report it, and --prune plans nothing for it
    // Something running on it again: reported, as --prune would stop it.
    live.entitlements[100].back().status = EntitlementStatus::active;
    EXPECT_EQ(plan_for(desired_from(k_acme), live).diagnostics.size(), 1u);
}

TEST(Planner, ProductTypeChangeIsAnError) {
    LiveState live = acme_in_sync();
    live.configs[0].product_id = 103;
    const Plan plan = plan_for(desired_from(k_acme), live);
    ASSERT_EQ(plan.left_out(), list({"acme"}));
    EXPECT_EQ(plan.diagnostics[0].message,
              "configuration 1 is FSW_HW in FortiFlex but FGT_HW in the manifest; a product type cannot change: use a "
              "new configuration name");
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
    ASSERT_EQ(plan.left_out(), list({"siem"}));
    EXPECT_EQ(plan.diagnostics[0].message,
              "additional_online_storage can only grow: FortiFlex has 1000, the manifest declares 500");
}

TEST(Planner, CustomerFilterLimitsTheChangesButNotTheProgramTotals) {
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
    // acme is outside this plan but still part of the program's cost.
    EXPECT_DOUBLE_EQ(plan.cost.other_accounts_per_day, 10.76);
    EXPECT_DOUBLE_EQ(plan.cost.per_day_before, 10.76);
    EXPECT_DOUBLE_EQ(plan.cost.per_day_after, 10.76 + 2.16);
}

TEST(Planner, ProgramTotalsCoverAccountsNoManifestDeclares) {
    LiveState live = acme_in_sync();
    live.configs.push_back(live_config(60, 600, "theirs", "FGT_HW",
                                       params("FGT_HW", {{"device_model", {"FGT60F"}}, {"service_pkg", {"FGHWUTP"}}})));
    live.entitlements[600].push_back(live_entitlement("FGT60FTK20000600", 60, 600, "ACTIVE"));
    const Plan plan = plan_for(desired_from(k_acme), live);
    EXPECT_TRUE(plan.changes.empty());
    EXPECT_DOUBLE_EQ(plan.cost.other_accounts_per_day, 2.70);
    EXPECT_DOUBLE_EQ(plan.cost.per_day_before, 10.76 + 2.70);
    ASSERT_EQ(plan.cost.by_customer.size(), 1u);
    EXPECT_DOUBLE_EQ(plan.cost.by_customer[0].per_day_before, 10.76);
}

TEST(Planner, AnAccountFortiFlexRefusesIsADiagnosticOnItsCustomer) {
    const std::string two =
        std::string(k_acme) +
        "---\napiVersion: flexform/v1\nkind: Customer\nmetadata: {name: beta, accountId: 12}\nspec:\n"
        "  configs:\n    - {name: f, product: FGT_HW, parameters: {device_model: FGT60F, service_pkg: FGHWATP},"
        " serials: [FGT60FTK20000099]}\n";
    LiveState live = acme_in_sync();
    live.unreadable[12] = "entitlements/list: Authorization denied";
    const Plan plan = plan_for(desired_from(two), live);
    ASSERT_EQ(plan.diagnostics.size(), 1u);
    const PlanDiagnostic& d = plan.diagnostics[0];
    EXPECT_EQ(d.code, DiagnosticCode::account_unreadable);
    EXPECT_EQ(d.address, "beta");
    EXPECT_EQ(d.message,
              "FortiFlex refused to list account 12 of customer beta (entitlements/list: Authorization denied); is the "
              "account id right, and is it in the API user's scope?");
    ASSERT_TRUE(d.source);
    EXPECT_EQ(d.source->line, 21);  // beta's accountId
    EXPECT_EQ(plan.left_out(), list({"beta"}));
    EXPECT_EQ(plan.cost.by_customer.size(), 1u);  // acme still planned and priced
}

TEST(Planner, DescriptionAndEndDateDriftUpdatesTheEntitlement) {
    std::string yaml = k_acme;
    const std::string serials = "serials: [FGT60FTK20000001, FGT60FTK20000002]";
    yaml.replace(yaml.find(serials), serials.size(),
                 "serials: [{serial: FGT60FTK20000001, description: hq}, FGT60FTK20000002]\n      endDate: 2027-06-30");
    const Plan plan = plan_for(desired_from(yaml), acme_in_sync());
    ASSERT_EQ(actions(plan), (Actions{"update_entitlement acme/fgt/FGT60FTK20000001"}));
    EXPECT_EQ(plan.changes[0].after.description, "hq");
    EXPECT_EQ(plan.changes[0].before.description, "");
    EXPECT_EQ(plan.changes[0].reason.code, ReasonCode::details_differ);
    EXPECT_EQ(why(plan.changes[0]), "description \"\" -> \"hq\"");
}

TEST(Planner, PriceRequestsAreDistinctAcrossDesiredAndLive) {
    const auto requests = price_requests(desired_from(k_acme), acme_in_sync(), PlanOptions{});
    EXPECT_EQ(requests.size(), 3u);  // fgt, vm and edr: live configs equal the desired ones
}

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

// ----- transfers between accounts

const char* k_globex = R"(---
apiVersion: flexform/v1
kind: Customer
metadata: {name: globex, accountId: 200}
spec:
  configs:
    - name: gfgt
      product: FGT_HW
      parameters: {device_model: FGT60F, service_pkg: FGHWENT}
      serials: [FGT60FTK20000001]
)";

// acme in sync, plus globex's live config 20 (empty); the manifests move FGT60FTK20000001 from acme to globex.
LiveState with_globex_config() {
    LiveState live = acme_in_sync();
    live.configs.push_back(live_config(20, 200, "gfgt", "FGT_HW",
                                       params("FGT_HW", {{"device_model", {"FGT60F"}}, {"service_pkg", {"FGHWENT"}}})));
    live.entitlements[200];
    return live;
}

std::string acme_without_first_serial() {
    std::string yaml = k_acme;
    yaml.replace(yaml.find("FGT60FTK20000001, "), 18, "");
    return yaml;
}

TEST(Planner, ASerialDeclaredUnderAnotherCustomerIsTransferredNotStopped) {
    const Plan plan = plan_for(desired_from(acme_without_first_serial() + k_globex), with_globex_config());
    EXPECT_EQ(actions(plan), (Actions{"transfer globex/gfgt/FGT60FTK20000001"}));
    const Change& t = plan.changes[0];
    EXPECT_EQ(t.reason.code, ReasonCode::declared_in_other_account);
    EXPECT_EQ(t.reason.from, "acme/fgt");
    EXPECT_EQ(t.config_id, 1);
    EXPECT_EQ(t.target_config_id, 20);
    EXPECT_EQ(t.before.account_id, 100);
    EXPECT_EQ(t.after.account_id, 200);
    EXPECT_EQ(t.before.config, "fgt");
    EXPECT_EQ(t.after.config, "gfgt");
    EXPECT_EQ(why(t), "declared under globex/gfgt (account 200), entitled under acme/fgt (account 100)");
    // The cost follows the target config's price, and both customers' totals move.
    EXPECT_DOUBLE_EQ(t.points.before, 2.70);
    EXPECT_DOUBLE_EQ(t.points.after, 3.42);
    ASSERT_EQ(plan.cost.by_customer.size(), 2u);
    EXPECT_DOUBLE_EQ(plan.cost.by_customer[0].delta_per_day(), -2.70);  // acme
    EXPECT_DOUBLE_EQ(plan.cost.by_customer[1].delta_per_day(), 3.42);   // globex
    EXPECT_NEAR(plan.cost.delta_per_day(), 3.42 - 2.70, 1e-9);
}

TEST(Planner, ATransferIntoAConfigThisPlanCreatesWaitsForIt) {
    LiveState live = acme_in_sync();
    live.entitlements[200];
    const Plan plan = plan_for(desired_from(acme_without_first_serial() + k_globex), live);
    EXPECT_EQ(actions(plan), (Actions{"create_config globex/gfgt", "transfer globex/gfgt/FGT60FTK20000001"}));
    EXPECT_FALSE(plan.changes[1].target_config_id.has_value());  // resolved when the config exists
    EXPECT_LT(stage(ActionKind::create_config), stage(ActionKind::transfer));
}

TEST(Planner, AProtectedSourceCustomerBlocksATransferOutOfIt) {
    const std::string acme = with_state(acme_without_first_serial(), "  protect: true");
    const Plan plan = plan_for(desired_from(acme + k_globex), with_globex_config());
    EXPECT_TRUE(plan.changes.empty());
    ASSERT_EQ(plan.diagnostics.size(), 1u);
    EXPECT_EQ(plan.diagnostics[0].code, DiagnosticCode::protected_customer);
    EXPECT_EQ(plan.diagnostics[0].message,
              "customer acme is protected: refusing to transfer FGT60FTK20000001 out of account 100 to globex");
    EXPECT_EQ(plan.left_out(), list({"globex"}));
}

TEST(Planner, ASerialInAnAccountNoManifestDeclaresNeedsTheAdoptMarker) {
    LiveState live = with_globex_config();
    live.configs.push_back(live_config(50, 500, "stock", "FGT_HW", live.configs[0].parameters));
    live.entitlements[500].push_back(live_entitlement("FGT60FTK20000077", 50, 500, "ACTIVE"));
    std::string globex = k_globex;
    globex.replace(globex.find("[FGT60FTK20000001]"), 18, "[FGT60FTK20000077]");
    const Plan refused = plan_for(desired_from(std::string(k_acme) + globex), live);
    EXPECT_TRUE(refused.changes.empty());
    ASSERT_EQ(refused.diagnostics.size(), 1u);
    EXPECT_EQ(refused.diagnostics[0].code, DiagnosticCode::serial_in_other_account);
    EXPECT_EQ(refused.diagnostics[0].message,
              "serial FGT60FTK20000077 is entitled in account 500, which no manifest declares; add `adopt: true` to "
              "the serial or its configuration to transfer it to globex");
    std::string adopting = globex;
    adopting.replace(adopting.find("[FGT60FTK20000077]"), 18, "[{serial: FGT60FTK20000077, adopt: true}]");
    const Plan adopted = plan_for(desired_from(std::string(k_acme) + adopting), live);
    EXPECT_EQ(actions(adopted), (Actions{"transfer globex/gfgt/FGT60FTK20000077"}));
    EXPECT_EQ(adopted.changes[0].reason.from, "account-500/stock");
    std::string config_level = globex;
    config_level.replace(config_level.find("      serials:"), 0, "      adopt: true\n");
    EXPECT_EQ(actions(plan_for(desired_from(std::string(k_acme) + config_level), live)),
              (Actions{"transfer globex/gfgt/FGT60FTK20000077"}));
}

TEST(Planner, ATransferToASuspendedCustomerIsStoppedAfterwards) {
    const std::string globex = with_state(k_globex, "  state: suspended");
    const Plan plan = plan_for(desired_from(acme_without_first_serial() + globex), with_globex_config());
    EXPECT_EQ(actions(plan), (Actions{"transfer globex/gfgt/FGT60FTK20000001", "stop globex/gfgt/FGT60FTK20000001"}));
    EXPECT_DOUBLE_EQ(plan.changes[1].points.before, 3.42);  // charged at the target's rate once moved
    EXPECT_DOUBLE_EQ(plan.cost.delta_per_day(), -2.70);
}

// reactivateUnused: false keeps a never-used VM free across a suspend and reactivate: it stays STOPPED and a new
// PENDING one makes up the count, where reactivating it would charge it from today.
TEST(Planner, AVmWhoseTokenWasNeverUsedCanStayFreeInsteadOfBeingReactivated) {
    LiveState live = acme_in_sync();
    LiveEntitlement& pending = live.entitlements[100][3];
    set_status(pending, "STOPPED");
    pending.token_status = TokenStatus::not_used;
    std::string yaml = k_acme;
    yaml.replace(yaml.find("count: 2"), 8, "count: 2, reactivateUnused: false");
    const Plan plan = plan_for(desired_from(yaml), live);
    ASSERT_EQ(actions(plan), (Actions{"create_entitlements acme/vm"}));
    EXPECT_EQ(plan.changes[0].after.count, 1);
    EXPECT_DOUBLE_EQ(plan.changes[0].points.delta(), 0.0);  // PENDING until its token is used
    EXPECT_EQ(plan.changes[0].becomes_billable, 0);
    // A used token's VM is reactivated as before.
    pending.token_status = TokenStatus::used;
    EXPECT_EQ(actions(plan_for(desired_from(yaml), live)), (Actions{"reactivate acme/vm/FGVMMLTM26000002"}));
}

TEST(Planner, AManifestNamesWhichVmsToStopWhenTheCountGoesDown) {
    LiveState live = acme_in_sync();
    live.entitlements[100].push_back(live_entitlement("FGVMMLTM26000004", 2, 100, "ACTIVE", "2026-05-01T00:00:00"));
    live.entitlements[100].back().description = "branch";
    std::string yaml = k_acme;
    yaml.replace(yaml.find("count: 2"), 8, "count: 1, stopFirst: [FGVMMLTM26000001, FGVMMLTM26000004]");
    const Plan plan = plan_for(desired_from(yaml), live);
    EXPECT_EQ(actions(plan), (Actions{"stop acme/vm/FGVMMLTM26000001", "stop acme/vm/FGVMMLTM26000004"}));
}

}  // namespace
}  // namespace flexform::testing

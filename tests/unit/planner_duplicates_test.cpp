// Duplicate configurations (two of one name in one account) and the customers a conflict leaves out: identical
// duplicates merge into one (moves, then a disable), differing ones block only their customer.
#include <gtest/gtest.h>

#include <functional>

#include "engine/apply/applier.h"
#include "engine/plan/planner.h"
#include "tests/unit/fake_provider.h"
#include "tests/unit/plan_fixtures.h"

namespace flexform::testing {
namespace {

using Actions = std::vector<std::string>;

const char* k_initech = R"(---
apiVersion: flexform/v1
kind: Customer
metadata: {name: initech, accountId: 300}
spec:
  configs:
    - name: ifgt
      product: FGT_HW
      parameters: {device_model: FGT60F, service_pkg: FGHWUTP}
      serials: [FGT60FTK20000300]
)";

ParameterSet fgt_utp() {
    return params("FGT_HW", {{"device_model", {"FGT60F"}}, {"service_pkg", {"FGHWUTP"}}});
}

ParameterSet vm_utp() {
    return params("FGT_VM_Bundle", {{"cpu_size", {"2"}}, {"service_pkg", {"UTP"}}});
}

// acme in sync, with an identical duplicate 8 of its VM config holding two more VMs (one ACTIVE, one PENDING, both
// newer than config 2's).
LiveState acme_with_duplicate_vm_config() {
    LiveState live = acme_in_sync();
    live.configs.push_back(live_config(8, 100, "vm", "FGT_VM_Bundle", vm_utp()));
    auto& e = live.entitlements[100];
    e.push_back(live_entitlement("FGVMMLTM26000003", 8, 100, "ACTIVE", "2026-03-01T00:00:00"));
    e.push_back(live_entitlement("FGVMMLTM26000004", 8, 100, "PENDING", "2026-04-01T00:00:00"));
    e[e.size() - 2].description = "branch";
    e.back().description = "branch";
    return live;
}

std::size_t index_of(const Plan& plan, const std::string& action) {
    const Actions all = actions(plan);
    const auto it = std::find(all.begin(), all.end(), action);
    EXPECT_NE(it, all.end()) << action;
    return static_cast<std::size_t>(it - all.begin());
}

struct KeepCase {
    const char* name;
    std::function<void(LiveState&)> arrange;  // duplicates of acme's config 1 "fgt" (which holds both serials)
    std::int64_t kept;
    Actions changes;
};

TEST(PlannerDuplicates, IdenticalDuplicatesKeepTheFullerThenTheOlderAndMergeIntoIt) {
    const std::vector<KeepCase> cases = {
        {"a tie keeps the older id",
         [](LiveState& live) {
             live.configs.push_back(live_config(7, 100, "fgt", "FGT_HW", fgt_utp()));
             live.entitlements[100][1].config_id = 7;  // one serial each
         },
         1,
         {"update_entitlement acme/fgt/FGT60FTK20000002", "disable_config acme/fgt"}},
        {"a tie keeps the older id in whatever order FortiFlex lists them",
         [](LiveState& live) {
             live.configs.insert(live.configs.begin(), live_config(7, 100, "fgt", "FGT_HW", fgt_utp()));
             live.entitlements[100][0].config_id = 7;
         },
         1,
         {"update_entitlement acme/fgt/FGT60FTK20000001", "disable_config acme/fgt"}},
        {"more entitlements win over an older id",
         [](LiveState& live) {
             live.configs.push_back(live_config(7, 100, "fgt", "FGT_HW", fgt_utp()));
             live.entitlements[100][0].config_id = 7;
             live.entitlements[100][1].config_id = 7;
         },
         7,
         {"disable_config acme/fgt"}},
        {"three of one name: the fullest is kept, both others disabled",
         [](LiveState& live) {
             live.configs.push_back(live_config(7, 100, "fgt", "FGT_HW", fgt_utp()));
             live.configs.push_back(live_config(8, 100, "fgt", "FGT_HW", fgt_utp()));
             live.entitlements[100][1].config_id = 8;
             live.entitlements[100].push_back(live_entitlement("FGT60FTK20000003", 8, 100, "STOPPED"));
             live.entitlements[100].push_back(live_entitlement("FGT60FTK20000004", 7, 100, "ACTIVE"));
         },
         8,
         // 01 moves from 1 and 04 from 7; 03 is STOPPED and undeclared: it moves and stays stopped.
         {"update_entitlement acme/fgt/FGT60FTK20000001", "disable_config acme/fgt",
          "update_entitlement acme/fgt/FGT60FTK20000004", "disable_config acme/fgt", "stop acme/fgt/FGT60FTK20000004"}},
        {"a DISABLED duplicate is emptied, not disabled again",
         [](LiveState& live) {
             live.configs.push_back(live_config(7, 100, "fgt", "FGT_HW", fgt_utp(), false));
             live.entitlements[100][1].config_id = 7;
             set_status(live.entitlements[100][1], "STOPPED");
         },
         1,
         {"update_entitlement acme/fgt/FGT60FTK20000002", "reactivate acme/fgt/FGT60FTK20000002"}},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        LiveState live = acme_in_sync();
        c.arrange(live);
        const Plan plan = plan_for(desired_from(k_acme), live);
        EXPECT_EQ(actions(plan), c.changes);
        EXPECT_TRUE(plan.diagnostics.empty()) << plan.diagnostics.front().message;
        EXPECT_TRUE(plan.left_out().empty());
        for (const Change& change : plan.changes) {
            if (change.reason.code == ReasonCode::duplicate_config) {
                EXPECT_EQ(change.target_config_id, c.kept) << change.address;
                EXPECT_NE(change.config_id, c.kept) << change.address;
            }
        }
    }
}

TEST(PlannerDuplicates, AMoveOutOfAnIdenticalDuplicateCostsNothingAndSaysWhy) {
    LiveState live = acme_in_sync();
    live.configs.push_back(live_config(7, 100, "fgt", "FGT_HW", fgt_utp()));
    live.entitlements[100][1].config_id = 7;
    const Plan plan = plan_for(desired_from(k_acme), live);
    ASSERT_EQ(plan.changes.size(), 2u);
    const Change& move = plan.changes[0];
    EXPECT_EQ(move.action, ActionKind::update_entitlement);
    EXPECT_EQ(move.reason.code, ReasonCode::duplicate_config);
    EXPECT_EQ(move.serial, "FGT60FTK20000002");
    EXPECT_EQ(move.config_id, 7);
    EXPECT_EQ(move.target_config_id, 1);
    EXPECT_EQ(move.after.description, move.before.description);  // an update resends the description it keeps
    EXPECT_DOUBLE_EQ(move.points.before, 2.70);
    EXPECT_DOUBLE_EQ(move.points.after, 2.70);
    EXPECT_EQ(why(move), "under config 7, a duplicate of config 1; moves to 1");
    const Change& disable = plan.changes[1];
    EXPECT_EQ(disable.action, ActionKind::disable_config);
    EXPECT_EQ(disable.reason.code, ReasonCode::duplicate_config);
    EXPECT_EQ(disable.config_id, 7);
    EXPECT_EQ(disable.target_config_id, 1);
    EXPECT_EQ(disable.after.config_status, ConfigStatus::disabled);
    EXPECT_DOUBLE_EQ(disable.points.delta(), 0.0);
    EXPECT_EQ(why(disable), "config 7 is a duplicate of config 1; disabled once empty");
    EXPECT_DOUBLE_EQ(plan.cost.delta_per_day(), 0.0);
}

TEST(PlannerDuplicates, NewDetailsRideOnTheMoveOutOfTheDuplicate) {
    LiveState live = acme_with_duplicate_vm_config();
    live.entitlements[100][5].description = "old";  // FGVMMLTM26000003, under the duplicate
    std::string yaml = k_acme;
    yaml.replace(yaml.find("count: 2"), 8, "count: 4");
    const Plan plan = plan_for(desired_from(yaml), live);
    EXPECT_EQ(actions(plan), (Actions{"update_entitlement acme/vm/FGVMMLTM26000003",
                                      "update_entitlement acme/vm/FGVMMLTM26000004", "disable_config acme/vm"}));
    EXPECT_EQ(plan.changes[0].after.description, "branch");  // one update moves it and sets the description
    EXPECT_EQ(plan.changes[0].before.description, "old");
}

TEST(PlannerDuplicates, ASerialDeclaredElsewhereMovesOnceThereAndTheDisableWaitsForIt) {
    std::string yaml = k_acme;
    yaml += "    - {name: fgt2, product: FGT_HW, parameters: {device_model: FGT60F, service_pkg: FGHWUTP},"
            " serials: [FGT60FTK20000003]}\n";
    LiveState live = acme_in_sync();
    live.configs.push_back(live_config(7, 100, "fgt", "FGT_HW", fgt_utp()));
    live.configs.push_back(live_config(10, 100, "fgt2", "FGT_HW", fgt_utp()));
    live.entitlements[100].push_back(live_entitlement("FGT60FTK20000003", 7, 100, "ACTIVE"));
    const Plan plan = plan_for(desired_from(yaml), live);
    EXPECT_EQ(actions(plan), (Actions{"disable_config acme/fgt", "update_entitlement acme/fgt2/FGT60FTK20000003"}));
    EXPECT_EQ(plan.changes[1].reason.code, ReasonCode::declared_under_other_config);
    EXPECT_EQ(plan.changes[1].target_config_id, 10);
    EXPECT_EQ(dependencies(plan)[0], std::vector<std::size_t>{1});  // 7 is disabled once 03 has left it
}

struct SurplusCase {
    int declared;
    Actions stops;
};

TEST(PlannerDuplicates, SurplusVmsOfMergedDuplicatesStopNeverUsedOnesFirstThenTheNewest) {
    const std::vector<SurplusCase> cases = {
        {4, {}},
        {3, {"stop acme/vm/FGVMMLTM26000004"}},                                  // the newer PENDING
        {2, {"stop acme/vm/FGVMMLTM26000004", "stop acme/vm/FGVMMLTM26000002"}},  // both PENDING
        {1,
         {"stop acme/vm/FGVMMLTM26000004", "stop acme/vm/FGVMMLTM26000002", "stop acme/vm/FGVMMLTM26000003"}},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE("declared " + std::to_string(c.declared));
        std::string yaml = k_acme;
        yaml.replace(yaml.find("count: 2"), 8, "count: " + std::to_string(c.declared));
        const Plan plan = plan_for(desired_from(yaml), acme_with_duplicate_vm_config());
        Actions expected = {"update_entitlement acme/vm/FGVMMLTM26000003",
                            "update_entitlement acme/vm/FGVMMLTM26000004", "disable_config acme/vm"};
        expected.insert(expected.end(), c.stops.begin(), c.stops.end());
        EXPECT_EQ(actions(plan), expected);
        for (const Change& change : plan.changes) {
            if (change.action == ActionKind::stop) {
                EXPECT_EQ(change.reason, Reason(ReasonCode::vm_count_lowered, 4, c.declared));
            }
        }
    }
}

TEST(PlannerDuplicates, TheDisableWaitsForEveryMoveOutOfItAndAStopForItsMove) {
    std::string yaml = k_acme;
    yaml.replace(yaml.find("count: 2"), 8, "count: 3");
    const Plan plan = plan_for(desired_from(yaml), acme_with_duplicate_vm_config());
    const auto deps = dependencies(plan);
    const std::size_t move3 = index_of(plan, "update_entitlement acme/vm/FGVMMLTM26000003");
    const std::size_t move4 = index_of(plan, "update_entitlement acme/vm/FGVMMLTM26000004");
    const std::size_t disable = index_of(plan, "disable_config acme/vm");
    const std::size_t stop4 = index_of(plan, "stop acme/vm/FGVMMLTM26000004");
    EXPECT_EQ(deps[disable], (std::vector<std::size_t>{move3, move4, stop4}));
    EXPECT_EQ(deps[stop4], std::vector<std::size_t>{move4});
    EXPECT_LT(stage(ActionKind::update_entitlement), stage(ActionKind::disable_config));
}

TEST(PlannerDuplicates, AFailedMoveSkipsTheDisableAndTheRestApplies) {
    const LiveState live = acme_with_duplicate_vm_config();
    std::string yaml = k_acme;
    yaml.replace(yaml.find("count: 2"), 8, "count: 4");
    const Plan plan = plan_for(desired_from(yaml), live);
    FakeProvider fake;
    for (const auto& c : live.configs) {
        fake.configs[c.id] = c;
    }
    for (const auto& e : live.entitlements.at(100)) {
        fake.entitlements[e.serial] = e;
    }
    fake.fail.insert("update_entitlement FGVMMLTM26000003 -> 2");
    ApplyOptions options;
    options.parallelism = 1;
    const ApplyResult result = apply_plan(plan, fake, options);
    const std::size_t disable = index_of(plan, "disable_config acme/vm");
    EXPECT_EQ(result.outcomes[disable].status, OutcomeStatus::skipped);
    EXPECT_EQ(result.outcomes[index_of(plan, "update_entitlement acme/vm/FGVMMLTM26000004")].status,
              OutcomeStatus::done);
    EXPECT_TRUE(fake.configs.at(8).active);  // still holds FGVMMLTM26000003: not disabled under it
    EXPECT_EQ(fake.entitlements.at("FGVMMLTM26000004").config_id, 2);

    fake.fail.clear();  // the next plan, from the state reached, finishes the merge
    LiveState now;
    now.program = live.program;
    now.configs = fake.list_configs(live.program, std::nullopt);
    now.entitlements[100] = fake.list_entitlements(live.program, 100);
    const Plan again = plan_for(desired_from(yaml), now);
    EXPECT_EQ(actions(again),
              (Actions{"update_entitlement acme/vm/FGVMMLTM26000003", "disable_config acme/vm"}));
    EXPECT_TRUE(apply_plan(again, fake, options).ok());
    now.configs = fake.list_configs(live.program, std::nullopt);
    now.entitlements[100] = fake.list_entitlements(live.program, 100);
    EXPECT_TRUE(plan_for(desired_from(yaml), now).changes.empty());  // converged
}

TEST(PlannerDuplicates, DifferingDuplicatesLeaveOutOnlyTheirCustomer) {
    LiveState live = acme_in_sync();
    live.configs.push_back(
        live_config(7, 100, "fgt", "FGT_HW", params("FGT_HW", {{"device_model", {"FGT60F"}}, {"service_pkg", {"FGHWATP"}}})));
    live.entitlements[300];  // initech's account: read, empty
    const Plan plan = plan_for(desired_from(std::string(k_acme) + k_initech), live);
    EXPECT_EQ(actions(plan), (Actions{"create_config initech/ifgt", "create_entitlements initech/ifgt"}));
    EXPECT_EQ(plan.left_out(), std::vector<std::string>{"acme"});
    EXPECT_TRUE(plan.applyable());
    ASSERT_EQ(plan.diagnostics.size(), 1u);
    const PlanDiagnostic& d = plan.diagnostics[0];
    EXPECT_EQ(d.code, DiagnosticCode::duplicate_live_names);
    EXPECT_EQ(d.address, "acme/fgt");
    EXPECT_EQ(d.message,
              "account 100 has 2 configurations named \"fgt\" that differ (ids 1, 7); pin one with `id:` in the "
              "manifest");
    ASSERT_TRUE(d.source);
    EXPECT_EQ(d.source->file, "test.yaml");
    EXPECT_EQ(d.source->line, 6);
    ASSERT_EQ(plan.cost.by_customer.size(), 2u);
    EXPECT_DOUBLE_EQ(plan.cost.by_customer[0].delta_per_day(), 0.0);  // acme: nothing planned
    EXPECT_DOUBLE_EQ(plan.cost.by_customer[1].delta_per_day(), 2.70);  // initech planned and priced

    std::string pinned = k_acme;
    pinned.insert(pinned.find("      product: FGT_HW"), "      id: 1\n");
    const Plan resolved = plan_for(desired_from(pinned + k_initech), live);
    EXPECT_TRUE(resolved.left_out().empty());
    EXPECT_EQ(resolved.diagnostics.size(), 1u);  // config 7 is left alone, unmanaged
    EXPECT_EQ(resolved.diagnostics[0].code, DiagnosticCode::unmanaged_config);
}

TEST(PlannerDuplicates, EveryErrorOfACustomerTakesBackAllItsChanges) {
    // acme would update its config and stop a serial, but one declared serial is EXPIRED: nothing of acme is planned.
    LiveState live = acme_in_sync();
    live.entitlements[300];
    set_status(live.entitlements[100][1], "EXPIRED");
    std::string yaml = k_acme;
    yaml.replace(yaml.find("service_pkg: FGHWUTP}"), 21, "service_pkg: FGHWATP}");
    const Plan plan = plan_for(desired_from(yaml + k_initech), live);
    EXPECT_EQ(actions(plan), (Actions{"create_config initech/ifgt", "create_entitlements initech/ifgt"}));
    EXPECT_EQ(plan.left_out(), std::vector<std::string>{"acme"});
}

struct EndDateCase {
    const char* end_date;
    std::optional<Date> program_end;
    bool left_out;
};

TEST(PlannerDuplicates, AnEndDateAfterTheProgramsEndLeavesOutItsCustomerBeforeAnyWrite) {
    const std::vector<EndDateCase> cases = {
        {"2028-01-01", Date{2027, 12, 31}, true},
        {"2027-12-31", Date{2027, 12, 31}, false},  // the last day of the program is allowed
        {"2030-01-01", std::nullopt, false},         // the program's end is unknown: FortiFlex decides
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.end_date);
        std::string yaml = k_acme;
        yaml.insert(yaml.find("      serials: [FGT60FTK20000001"), std::string("      endDate: ") + c.end_date + "\n");
        PlanOptions options = plan_options();
        options.program_end = c.program_end;
        LiveState live = acme_in_sync();
        live.entitlements[300];
        const Plan plan = plan_for(desired_from(yaml + k_initech), live, options);
        EXPECT_EQ(plan.left_out(), c.left_out ? std::vector<std::string>{"acme"} : std::vector<std::string>{});
        if (!c.left_out) {
            continue;
        }
        EXPECT_EQ(actions(plan), (Actions{"create_config initech/ifgt", "create_entitlements initech/ifgt"}));
        ASSERT_EQ(plan.diagnostics.size(), 1u);
        EXPECT_EQ(plan.diagnostics[0].code, DiagnosticCode::end_after_program);
        EXPECT_EQ(plan.diagnostics[0].address, "acme/fgt");
        EXPECT_EQ(plan.diagnostics[0].message,
                  "endDate 2028-01-01 is after the end of program ELAVMS0000000001 (2027-12-31); FortiFlex refuses "
                  "it: declare 2027-12-31 or earlier");
        ASSERT_TRUE(plan.diagnostics[0].source);
        EXPECT_EQ(plan.diagnostics[0].source->line, 6);
    }
}

}  // namespace
}  // namespace flexform::testing

// A configuration moved from one program of the project to another: the target program's plan creates it and moves
// the hardware and cloud entitlements in (VMs are created anew), the source program's plan stops the VMs and
// disables the configuration once empty; the points per day leave one program's totals and enter the other's.
#include <gtest/gtest.h>

#include <algorithm>

#include "engine/apply/applier.h"
#include "engine/plan/plan_compare.h"
#include "engine/plan/plan_file.h"
#include "engine/plan/program_moves.h"
#include "engine/render/render.h"
#include "tests/unit/fake_provider.h"
#include "tests/unit/plan_fixtures.h"

namespace flexform::testing {
namespace {

using Actions = std::vector<std::string>;

const char* k_prepaid = "ELAVMR0000000002";

// The source program (postpaid) holds acme as k_acme declares it; the manifests now bill every config to prepaid.
struct Move {
    DesiredState desired = desired_from(k_acme);
    LiveState postpaid = acme_in_sync();
    LiveState prepaid;

    Move() {
        prepaid.program = k_prepaid;
        prepaid.entitlements[100];  // read, and empty
    }

    // The prepaid program's run: every config of acme, the postpaid program read beside it.
    Plan target_plan() const {
        PlanOptions options = plan_options();
        options.other_programs = {&postpaid};
        return plan_for(desired, prepaid, options);
    }

    // The postpaid program's run: acme is kept (its own program) with none of its configs.
    Plan source_plan(const LiveState& live) const {
        DesiredState cut = desired;
        cut.customers[0].configs.clear();
        PlanOptions options = plan_options();
        options.other_programs = {&prepaid};
        for (const char* name : {"fgt", "vm", "edr"}) {
            options.declared_elsewhere.push_back({100, name, k_prepaid, "prepaid"});
        }
        return plan_for(cut, live, options);
    }
};

const Change& change_at(const Plan& plan, const std::string& action_and_address) {
    const Actions all = actions(plan);
    const auto it = std::find(all.begin(), all.end(), action_and_address);
    if (it == all.end()) {
        ADD_FAILURE() << "no " << action_and_address;
        return plan.changes.front();
    }
    return plan.changes[static_cast<std::size_t>(it - all.begin())];
}

TEST(ProgramMoves, TheTargetCreatesTheConfigMovesHardwareAndCloudAndCreatesVms) {
    const Move move;
    const Plan plan = move.target_plan();
    EXPECT_EQ(actions(plan), (Actions{"create_config acme/fgt", "update_entitlement acme/fgt/FGT60FTK20000001",
                                      "update_entitlement acme/fgt/FGT60FTK20000002", "create_config acme/vm",
                                      "create_entitlements acme/vm", "create_config acme/edr",
                                      "update_entitlement acme/edr/FEDRPO0000000001"}));
    EXPECT_TRUE(plan.diagnostics.empty()) << plan.diagnostics.front().message;
    const Change& config = plan.changes[0];
    EXPECT_EQ(config.reason, Reason(ReasonCode::moved_from_program, 0, 0, "ELAVMS0000000001/fgt"));
    EXPECT_EQ(why(config), "moved from program ELAVMS0000000001/fgt");
    const Change& hw = plan.changes[1];
    EXPECT_EQ(hw.serial, "FGT60FTK20000001");
    EXPECT_EQ(hw.config_id, 1);                     // out of the postpaid configuration
    EXPECT_FALSE(hw.target_config_id.has_value());  // into the one this plan creates
    EXPECT_EQ(hw.before.config, "fgt");
    EXPECT_EQ(hw.after.config, "fgt");
    EXPECT_DOUBLE_EQ(hw.points.before, 0.0);
    EXPECT_DOUBLE_EQ(hw.points.after, 2.70);
    // A VM serial is its program's (EL prepaid, ML postpaid): new ones, from the declared count.
    EXPECT_EQ(change_at(plan, "create_entitlements acme/vm").after.count, 2);
    EXPECT_EQ(change_at(plan, "create_config acme/vm").reason.code, ReasonCode::moved_from_program);
}

TEST(ProgramMoves, TheSourceStopsVmsLeavesHardwareAndCloudAndSaysSo) {
    const Move move;
    const Plan plan = move.source_plan(move.postpaid);
    EXPECT_EQ(actions(plan),
              (Actions{"stop acme/vm/FGVMMLTM26000001", "stop acme/vm/FGVMMLTM26000002", "disable_config acme/vm"}));
    const Change& stop = plan.changes[0];
    EXPECT_EQ(stop.reason, Reason(ReasonCode::moved_to_program, 0, 0, "prepaid"));
    EXPECT_EQ(why(stop), "moved to program prepaid");
    EXPECT_EQ(plan.changes[2].reason.code, ReasonCode::moved_to_program);
    // The hardware and cloud configurations still hold what the prepaid plan moves: not disabled yet, not unmanaged.
    ASSERT_EQ(plan.diagnostics.size(), 2u);
    EXPECT_EQ(plan.diagnostics[0].code, DiagnosticCode::moving_to_program);
    EXPECT_EQ(plan.diagnostics[0].severity, Severity::warning);
    EXPECT_EQ(plan.diagnostics[0].address, "acme/fgt");
    EXPECT_EQ(plan.diagnostics[0].message,
              "configuration \"fgt\" moves to program prepaid: 2 entitlements move with that program's plan "
              "(counted out of this one); it is disabled here once empty");
    EXPECT_EQ(plan.diagnostics[1].address, "acme/edr");
    EXPECT_EQ(plan.diagnostics[1].message,
              "configuration \"edr\" moves to program prepaid: 1 entitlement moves with that program's plan "
              "(counted out of this one); it is disabled here once empty");
    EXPECT_TRUE(plan.applyable());
    EXPECT_TRUE(plan.left_out().empty());
}

// Found by an attacker: a move interrupted after its create (or a unit moving back to a program that still has the
// configuration, even DISABLED) planned `create` for serials another program holds, refused as "already entitled" on
// every run. The serial is moved wherever the declared configuration is.
TEST(ProgramMoves, ASerialHeldByAnotherProgramMovesIntoAConfigThatExistsHereAlready) {
    Move move;
    LiveConfig here = move.postpaid.configs.front();  // "fgt", created here by the interrupted move
    here.id = 900;
    here.program = k_prepaid;
    here.active = false;                              // or left DISABLED from an earlier stay
    move.prepaid.configs.push_back(here);
    const Plan plan = move.target_plan();
    const Change& hw = change_at(plan, "update_entitlement acme/fgt/FGT60FTK20000001");
    EXPECT_EQ(hw.reason.code, ReasonCode::moved_from_program);
    EXPECT_EQ(hw.config_id, 1);              // out of the postpaid configuration
    EXPECT_EQ(hw.target_config_id, 900);     // into the one that exists here
    EXPECT_DOUBLE_EQ(hw.points.after, 2.70);
    const Actions all = actions(plan);
    EXPECT_EQ(std::count_if(all.begin(), all.end(),
                            [](const std::string& a) { return a.rfind("create_entitlements acme/fgt", 0) == 0; }),
              0);
    EXPECT_NE(std::find(all.begin(), all.end(), "enable_config acme/fgt"), all.end());
}

TEST(ProgramMoves, ThePointsThatLeaveOneProgramEnterTheOther) {
    const Move move;
    const Plan target = move.target_plan();
    const Plan source = move.source_plan(move.postpaid);
    double moved_in = 0.0;
    for (const auto& c : target.changes) {
        if (c.reason.code == ReasonCode::moved_from_program && c.action == ActionKind::update_entitlement) {
            moved_in += c.points.after;
        }
    }
    double stopped = 0.0;
    for (const auto& c : source.changes) {
        stopped += c.action == ActionKind::stop ? c.points.before : 0.0;
    }
    EXPECT_DOUBLE_EQ(moved_in, 2 * 2.70);  // the two FGT60F units; the EDR cloud service is metered (0 fixed)
    EXPECT_DOUBLE_EQ(stopped, 5.36);       // the ACTIVE VM; the PENDING one was free
    EXPECT_DOUBLE_EQ(target.cost.per_day_before, 0.0);
    EXPECT_DOUBLE_EQ(target.cost.delta_per_day(), moved_in);
    EXPECT_DOUBLE_EQ(source.cost.per_day_before, 2 * 2.70 + 5.36);
    EXPECT_DOUBLE_EQ(source.cost.delta_per_day(), -(moved_in + stopped));
    EXPECT_DOUBLE_EQ(source.cost.per_day_after, 0.0);
    ASSERT_EQ(source.cost.by_customer.size(), 1u);
    EXPECT_DOUBLE_EQ(source.cost.by_customer[0].delta_per_day(), -(moved_in + stopped));
    ASSERT_EQ(target.cost.by_customer.size(), 1u);
    EXPECT_DOUBLE_EQ(target.cost.by_customer[0].delta_per_day(), moved_in);
}

TEST(ProgramMoves, SavedPlansOfBothSidesReadBackWithTheirReasonsAndFigures) {
    const Move move;
    for (const Plan& plan : {move.target_plan(), move.source_plan(move.postpaid)}) {
        const PlanFile file = read_plan_file(render_json(plan), builtin_catalog());
        EXPECT_EQ(file.plan.changes, plan.changes);
        EXPECT_EQ(file.plan.diagnostics, plan.diagnostics);
        EXPECT_TRUE(compare_saved_plan(file.plan, file.stated, plan, builtin_catalog()).empty());
    }
}

TEST(ProgramMoves, OnceTheMovesAreDoneTheSourceDisablesTheEmptyConfigs) {
    Move move;
    LiveState after = move.postpaid;
    auto& left = after.entitlements[100];
    left.erase(std::remove_if(left.begin(), left.end(),
                              [](const LiveEntitlement& e) { return e.config_id == 1 || e.config_id == 3; }),
               left.end());
    for (auto& e : left) {
        set_status(e, "STOPPED");
    }
    const Plan plan = move.source_plan(after);
    EXPECT_EQ(actions(plan), (Actions{"disable_config acme/fgt", "disable_config acme/vm", "disable_config acme/edr"}));
    EXPECT_TRUE(plan.diagnostics.empty());
    EXPECT_DOUBLE_EQ(plan.cost.delta_per_day(), 0.0);
}

TEST(ProgramMoves, AProtectedCustomerRefusesTheStopsOfTheSourceSide) {
    Move move;
    move.desired.customers[0].protect = true;
    const Plan plan = move.source_plan(move.postpaid);
    EXPECT_TRUE(plan.changes.empty());
    EXPECT_EQ(plan.blocked_customers(), (std::vector<std::string>{"acme"}));
    const auto refusal = std::find_if(plan.diagnostics.begin(), plan.diagnostics.end(), [](const PlanDiagnostic& d) {
        return d.code == DiagnosticCode::protected_customer;
    });
    ASSERT_NE(refusal, plan.diagnostics.end());
    EXPECT_EQ(refusal->message,
              "customer acme is protected: refusing to stop FGVMMLTM26000001 (configuration moved to another "
              "program)");
    // The VM configuration stays while its VMs run: no disable, and no second refusal for it.
    EXPECT_EQ(std::count_if(plan.diagnostics.begin(), plan.diagnostics.end(),
                            [](const PlanDiagnostic& d) { return d.address == "acme/vm"; }),
              0);
}

// Once the moves are done, nothing runs on the source configurations: their disables stop nothing and charge
// nothing, so protect lets them through and the move ends (rather than refusing them in every later plan).
TEST(ProgramMoves, AProtectedCustomersEmptySourceConfigsAreDisabled) {
    Move move;
    move.desired.customers[0].protect = true;
    LiveState after = move.postpaid;
    auto& left = after.entitlements[100];
    left.erase(std::remove_if(left.begin(), left.end(),
                              [](const LiveEntitlement& e) { return e.config_id == 1 || e.config_id == 3; }),
               left.end());
    for (auto& e : left) {
        set_status(e, "STOPPED");
    }
    const Plan plan = move.source_plan(after);
    EXPECT_EQ(actions(plan), (Actions{"disable_config acme/fgt", "disable_config acme/vm", "disable_config acme/edr"}));
    EXPECT_TRUE(plan.diagnostics.empty()) << plan.diagnostics.front().message;
    EXPECT_TRUE(plan.applyable());
    EXPECT_TRUE(plan.left_out().empty());
}

// The source's text plan when only hardware and cloud move out (its VMs already stopped, their configuration
// disabled): no change of its own, yet the customer's figures move. The customer is shown with what moves, its line
// adds up to the Program line, and the summary says what happens instead of "No changes.".
TEST(ProgramMoves, TheSourcesTextShowsTheCustomerWhoseConfigsMoveOut) {
    const Move move;
    LiveState live = move.postpaid;
    for (auto& e : live.entitlements[100]) {
        if (e.config_id == 2) {
            set_status(e, "STOPPED");
        }
    }
    for (auto& config : live.configs) {
        config.active = config.id != 2;
    }
    const Plan plan = move.source_plan(live);
    ASSERT_TRUE(plan.changes.empty());
    const std::string text = render_text(plan, RenderOptions{});
    EXPECT_NE(text.find("acme (account 100)\n"
                        "  acme/fgt: configuration \"fgt\" moves to program prepaid: 2 entitlements move with that "
                        "program's plan (counted out of this one); it is disabled here once empty\n"
                        "  acme/edr: configuration \"edr\" moves to program prepaid: 1 entitlement moves with that "
                        "program's plan (counted out of this one); it is disabled here once empty\n"
                        "  acme: 5.40 -> 0.00 points/day (-5.40/day, -162.00 per 30-day month)\n"),
              std::string::npos)
        << text;
    EXPECT_EQ(text.find("without changes"), std::string::npos) << text;
    EXPECT_EQ(text.find("Warnings:"), std::string::npos) << text;  // said once, under the customer
    EXPECT_NE(text.find("Program: 5.40 -> 0.00 points/day (-5.40/day, "), std::string::npos) << text;
    EXPECT_NE(text.find("\nNo changes here: 2 configurations move to another program, with that program's plan "
                        "(-5.40 points/day).\n"),
              std::string::npos)
        << text;
    EXPECT_EQ(text.find("No changes."), std::string::npos) << text;
    // Markdown says the same in its summary line.
    EXPECT_NE(render_markdown(plan, RenderOptions{}).find("**No changes here: 2 configurations move to another "
                                                          "program, with that program's plan (-5.40 points/day).**"),
              std::string::npos);
}

TEST(ProgramMoves, UndeclaredAndStoppedHardwareOfTheSourceConfig) {
    Move move;
    // The manifest keeps one of the two units; the other is left behind and stopped by the plan that moves.
    auto& fgt = move.desired.customers[0].configs[0];
    fgt.serials.erase(fgt.serials.begin() + 1);
    set_status(move.postpaid.entitlements[100][0], "STOPPED");
    const Plan plan = move.target_plan();
    const Change& moved = change_at(plan, "update_entitlement acme/fgt/FGT60FTK20000001");
    EXPECT_DOUBLE_EQ(moved.points.after, 0.0);  // STOPPED while it moves: charged once reactivated
    const Change& reactivate = change_at(plan, "reactivate acme/fgt/FGT60FTK20000001");
    EXPECT_DOUBLE_EQ(reactivate.points.after, 2.70);
    const Change& stop = change_at(plan, "stop acme/fgt/FGT60FTK20000002");
    EXPECT_EQ(stop.reason.code, ReasonCode::serial_not_declared);
    EXPECT_DOUBLE_EQ(stop.points.before, 0.0);  // billed by the other program, which counts it as leaving
    // The move comes before the reactivation, the config's create before both.
    const std::vector<std::vector<std::size_t>> deps = dependencies(plan);
    const Actions all = actions(plan);
    const auto index = [&](const std::string& a) {
        return static_cast<std::size_t>(std::find(all.begin(), all.end(), a) - all.begin());
    };
    const std::size_t r = index("reactivate acme/fgt/FGT60FTK20000001");
    EXPECT_EQ(deps[r], (std::vector<std::size_t>{index("update_entitlement acme/fgt/FGT60FTK20000001")}));
    EXPECT_EQ(deps[index("update_entitlement acme/fgt/FGT60FTK20000001")],
              (std::vector<std::size_t>{index("create_config acme/fgt")}));
}

TEST(ProgramMoves, ASuspendedCustomersUnitsMoveAndStopWithNoVmsCreated) {
    Move move;
    move.desired.customers[0].suspended = true;
    const Plan plan = move.target_plan();
    EXPECT_EQ(actions(plan),
              (Actions{"create_config acme/fgt", "update_entitlement acme/fgt/FGT60FTK20000001",
                       "stop acme/fgt/FGT60FTK20000001", "update_entitlement acme/fgt/FGT60FTK20000002",
                       "stop acme/fgt/FGT60FTK20000002", "create_config acme/vm", "create_config acme/edr",
                       "update_entitlement acme/edr/FEDRPO0000000001", "stop acme/edr/FEDRPO0000000001"}));
    EXPECT_DOUBLE_EQ(plan.cost.delta_per_day(), 0.0);  // in and out of this program in one run
    const std::vector<std::vector<std::size_t>> deps = dependencies(plan);
    EXPECT_EQ(deps[2], (std::vector<std::size_t>{1}));  // the stop waits for the move
}

TEST(ProgramMoves, ADeclaredSerialNotInTheSourceConfigIsCreatedAsUsual) {
    Move move;
    DesiredHardware added;
    added.serial = "FGT60FTK20000009";
    move.desired.customers[0].configs[0].serials.push_back(added);
    const Plan plan = move.target_plan();
    const Change& create = change_at(plan, "create_entitlements acme/fgt");
    EXPECT_EQ(create.after.serials, (std::vector<std::string>{"FGT60FTK20000009"}));
    EXPECT_EQ(create.reason.code, ReasonCode::serials_not_entitled);
}

TEST(ProgramMoves, ANameTheOtherProgramStillDeclaresIsNoMove) {
    const Move move;
    PlanOptions options = plan_options();
    options.other_programs = {&move.postpaid};
    options.declared_elsewhere.push_back({100, "fgt", "ELAVMS0000000001", "postpaid"});
    const Plan plan = plan_for(move.desired, move.prepaid, options);
    EXPECT_EQ(plan.changes[0].reason.code, ReasonCode::config_absent);
    EXPECT_EQ(change_at(plan, "create_entitlements acme/fgt").after.count, 2);
    EXPECT_EQ(change_at(plan, "create_config acme/vm").reason.code, ReasonCode::moved_from_program);
}

TEST(ProgramMoves, WithoutTheOtherProgramTheConfigIsAPlainCreate) {
    const Move move;
    const Plan plan = plan_for(move.desired, move.prepaid);
    EXPECT_EQ(plan.changes[0].reason.code, ReasonCode::config_absent);
    EXPECT_EQ(change_at(plan, "create_entitlements acme/fgt").after.count, 2);
}

TEST(ProgramMoves, ACustomerMovedWholeIsKeptInTheProgramItLeftToMoveOut) {
    const Move move;
    DesiredState cut;  // the postpaid program's desired state: acme bills nothing there any more
    std::vector<DeclaredElsewhere> elsewhere = {{100, "fgt", k_prepaid, "prepaid"}, {100, "vm", k_prepaid, "prepaid"}};
    keep_customers_moving_out(cut, move.desired, move.postpaid, elsewhere);
    ASSERT_EQ(cut.customers.size(), 1u);
    EXPECT_EQ(cut.customers[0].name, "acme");
    EXPECT_TRUE(cut.customers[0].configs.empty());
    keep_customers_moving_out(cut, move.desired, move.postpaid, elsewhere);
    EXPECT_EQ(cut.customers.size(), 1u);  // kept once
    PlanOptions options = plan_options();
    options.declared_elsewhere = elsewhere;
    const Plan plan = plan_for(cut, move.postpaid, options);
    EXPECT_EQ(change_at(plan, "stop acme/vm/FGVMMLTM26000001").reason.code, ReasonCode::moved_to_program);
    // Nothing of this program moves out of an account whose configurations stay: no customer is added.
    DesiredState other;
    keep_customers_moving_out(other, move.desired, move.postpaid, {{100, "elsewhere", k_prepaid, "prepaid"}});
    EXPECT_TRUE(other.customers.empty());
}

TEST(ProgramMoves, ApplyingTheTargetPlanMovesIntoTheConfigItCreated) {
    const Move move;
    FakeProvider fake;
    for (const auto& c : move.postpaid.configs) {
        fake.configs[c.id] = c;
    }
    for (const auto& e : move.postpaid.entitlements.at(100)) {
        fake.entitlements[e.serial] = e;
    }
    ApplyOptions options;
    options.parallelism = 1;
    const ApplyResult result = apply_plan(move.target_plan(), fake, options);
    EXPECT_EQ(result.count(OutcomeStatus::done), 7);
    EXPECT_EQ(fake.calls, (std::vector<std::string>{"create_config fgt", "create_config vm", "create_config edr",
                                                    "create_vm 501 x2", "update_entitlement FGT60FTK20000001 -> 500",
                                                    "update_entitlement FGT60FTK20000002 -> 500",
                                                    "update_entitlement FEDRPO0000000001 -> 502"}));
    EXPECT_EQ(fake.configs.at(500).program, k_prepaid);
    EXPECT_EQ(fake.entitlements.at("FGT60FTK20000001").config_id, 500);
}

}  // namespace
}  // namespace flexform::testing

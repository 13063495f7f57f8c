#include "engine/apply/applier.h"

#include <gtest/gtest.h>

#include "engine/apply/journal.h"
#include "engine/apply/progress.h"
#include "tests/unit/fake_provider.h"
#include "tests/unit/plan_fixtures.h"

namespace flexform::testing {
namespace {

ApplyOptions serial_options() {
    ApplyOptions options;
    options.parallelism = 1;  // deterministic call order for assertions
    return options;
}

// Loads the live state of a plan into the fake, as FortiFlex holds it.
void load(FakeProvider& fake, const LiveState& live) {
    for (const auto& c : live.configs) {
        fake.configs[c.id] = c;
    }
    for (const auto& [account, entitlements] : live.entitlements) {
        for (const auto& e : entitlements) {
            fake.entitlements[e.serial] = e;
        }
    }
}

const char* k_new_fgt =
    "    - {name: new-fgt, product: FGT_HW, parameters: {device_model: FGT40F, service_pkg: FGHWUTP},"
    " serials: [FGT40FTK20000001]}\n";

class Recorder : public ApplyObserver {
public:
    std::vector<std::string> events;
    void action_started(const Change& c, std::size_t ordinal, std::size_t total) override {
        events.push_back("started " + c.address + " " + std::to_string(ordinal) + "/" + std::to_string(total));
    }
    void action_finished(const Change& c, const ActionOutcome& o, std::size_t, std::size_t) override {
        events.push_back(std::string(to_string(o.status)) + " " + c.address);
    }
    void action_still_running(const Change& c, double) override { events.push_back("still running " + c.address); }
};

TEST(Applier, RunsStagesInOrderAndUsesCreatedConfigIds) {
    LiveState live = acme_in_sync();
    set_status(live.entitlements[100][0], "STOPPED");
    live.entitlements[100].push_back(live_entitlement("FGT60FTK20000009", 1, 100, "ACTIVE"));
    Plan plan = plan_for(desired_from(std::string(k_acme) + k_new_fgt), live);
    FakeProvider fake;
    load(fake, live);
    const ApplyResult result = apply_plan(plan, fake, serial_options());
    EXPECT_TRUE(result.ok());
    EXPECT_EQ(fake.calls, (std::vector<std::string>{"create_config new-fgt", "create_hardware 500 FGT40FTK20000001",
                                                    "reactivate FGT60FTK20000001", "stop FGT60FTK20000009"}));
    const auto created = std::find_if(plan.changes.begin(), plan.changes.end(),
                                      [](const Change& c) { return c.action == ActionKind::create_config; });
    EXPECT_EQ(result.outcomes[static_cast<std::size_t>(created - plan.changes.begin())].config_id, 500);
}

TEST(Applier, AFailedCreateSkipsOnlyItsDependents) {
    LiveState live = acme_in_sync();
    live.entitlements[100].push_back(live_entitlement("FGT60FTK20000009", 1, 100, "ACTIVE"));
    Plan plan = plan_for(desired_from(std::string(k_acme) + k_new_fgt), live);
    FakeProvider fake;
    load(fake, live);
    fake.fail.insert("create_config new-fgt");
    Recorder recorder;
    ApplyOptions options = serial_options();
    options.observers.push_back(&recorder);
    const ApplyResult result = apply_plan(plan, fake, options);
    EXPECT_FALSE(result.ok());
    EXPECT_EQ(result.count(OutcomeStatus::failed), 1);
    EXPECT_EQ(result.count(OutcomeStatus::skipped), 1);  // the entitlements of new-fgt
    EXPECT_EQ(result.count(OutcomeStatus::done), 1);     // the unrelated stop went on
    EXPECT_EQ(fake.calls, (std::vector<std::string>{"create_config new-fgt", "stop FGT60FTK20000009"}));
    const auto skipped = std::find_if(result.outcomes.begin(), result.outcomes.end(),
                                      [](const ActionOutcome& o) { return o.status == OutcomeStatus::skipped; });
    ASSERT_NE(skipped, result.outcomes.end());
    EXPECT_EQ(skipped->failure, FailureKind::dependency);
    EXPECT_EQ(skipped->error, "skipped: it depends on create_config acme/new-fgt, which did not succeed");
    EXPECT_EQ(recorder.events.front(), "started acme/new-fgt 1/3");
    EXPECT_EQ(recorder.events[1], "failed acme/new-fgt");
}

TEST(Applier, DependenciesLinkConfigsMovesAndStops) {
    LiveState live = acme_in_sync();
    live.configs[0].active = false;
    std::string yaml = k_acme;
    yaml.replace(yaml.find("FGT60FTK20000002]"), 17, "FGT60FTK20000002, FGT60FTK20000003]");
    const Plan plan = plan_for(desired_from(yaml), live);
    ASSERT_EQ(actions(plan), (std::vector<std::string>{"enable_config acme/fgt", "create_entitlements acme/fgt"}));
    const auto deps = dependencies(plan);
    EXPECT_EQ(deps[1], std::vector<std::size_t>{0});  // entitle onto the enabled configuration
    EXPECT_TRUE(deps[0].empty());
}

TEST(Applier, ATokenIsRegeneratedOnlyAfterItsVmStopped) {
    std::string yaml = k_acme;
    yaml.replace(yaml.find("count: 2"), 8, "count: 0, regenerateTokenOnStop: true");
    const Plan plan = plan_for(desired_from(yaml), acme_in_sync());
    ASSERT_EQ(actions(plan),
              (std::vector<std::string>{"stop acme/vm/FGVMMLTM26000002", "regenerate_token acme/vm/FGVMMLTM26000002",
                                        "stop acme/vm/FGVMMLTM26000001", "regenerate_token acme/vm/FGVMMLTM26000001"}));
    EXPECT_EQ(dependencies(plan)[1], std::vector<std::size_t>{0});
    EXPECT_EQ(dependencies(plan)[3], std::vector<std::size_t>{2});
    FakeProvider fake;
    load(fake, acme_in_sync());
    fake.fail.insert("stop FGVMMLTM26000002");
    const ApplyResult result = apply_plan(plan, fake, serial_options());
    // Every stop first (stage order), then the tokens of the VMs that did stop.
    EXPECT_EQ(fake.calls, (std::vector<std::string>{"stop FGVMMLTM26000002", "stop FGVMMLTM26000001",
                                                    "regenerate_token FGVMMLTM26000001"}));
    EXPECT_EQ(result.outcomes[1].status, OutcomeStatus::skipped);  // its VM still runs: its token stays
    EXPECT_EQ(fake.vm_tokens(2)[0].token, "TOKEN-FGVMMLTM26000001-g1");
}

TEST(Applier, AnUnknownOutcomeIsReportedAsUnknownNotFailed) {
    const Plan plan = plan_for(desired_from(k_acme), LiveState{});
    FakeProvider fake;
    fake.lose_answer.insert("create_config fgt");
    const ApplyResult result = apply_plan(plan, fake, serial_options());
    EXPECT_EQ(result.count(OutcomeStatus::unknown), 1);
    const auto unknown = std::find_if(result.outcomes.begin(), result.outcomes.end(),
                                      [](const ActionOutcome& o) { return o.status == OutcomeStatus::unknown; });
    EXPECT_EQ(unknown->failure, FailureKind::outcome_unknown);
    EXPECT_EQ(result.count(OutcomeStatus::skipped), 1);  // its entitlements wait for the next plan
    EXPECT_EQ(fake.configs.size(), 3u);                  // the create happened; the fake lost only the answer
}

TEST(Applier, RepeatedOutagesOpenTheCircuitBreaker) {
    LiveState live = acme_in_sync();
    std::string yaml = k_acme;
    yaml.insert(yaml.find("  configs:"), "  state: suspended\n");
    const Plan plan = plan_for(desired_from(yaml), live);
    ASSERT_EQ(plan.changes.size(), 5u);
    FakeProvider fake;
    load(fake, live);
    for (const auto& c : plan.changes) {
        fake.outage.insert("stop " + *c.serial);
    }
    ApplyOptions options = serial_options();
    options.circuit_breaker = 3;
    const ApplyResult result = apply_plan(plan, fake, options);
    EXPECT_EQ(result.count(OutcomeStatus::failed), 3);
    EXPECT_EQ(result.count(OutcomeStatus::not_attempted), 2);
    EXPECT_EQ(fake.calls.size(), 3u);
    EXPECT_NE(result.circuit_open.find("FortiFlex failed 3 actions in a row with outages"), std::string::npos)
        << result.circuit_open;
    const auto last = result.outcomes.back();
    EXPECT_EQ(last.failure, FailureKind::circuit_open);
}

TEST(Applier, AnInterruptStartsNothingNew) {
    const Plan plan = plan_for(desired_from(k_acme), LiveState{});
    FakeProvider fake;
    std::atomic<bool> stop{false};
    class StopAfterFirst : public ApplyObserver {
    public:
        explicit StopAfterFirst(std::atomic<bool>& flag) : m_flag(flag) {}
        void action_finished(const Change&, const ActionOutcome&, std::size_t, std::size_t) override { m_flag = true; }

    private:
        std::atomic<bool>& m_flag;
    } stopper(stop);
    ApplyOptions options = serial_options();
    options.stop_requested = &stop;
    options.observers.push_back(&stopper);
    const ApplyResult result = apply_plan(plan, fake, options);
    EXPECT_TRUE(result.interrupted);
    EXPECT_EQ(result.count(OutcomeStatus::done), 1);
    EXPECT_EQ(result.count(OutcomeStatus::not_attempted), static_cast<int>(plan.changes.size()) - 1);
    EXPECT_EQ(fake.calls.size(), 1u);
}

TEST(Applier, ABudgetThatRunsOutMidwayStartsNothingNewAndSaysSo) {
    LiveState live = acme_in_sync();
    std::string yaml = k_acme;
    yaml.insert(yaml.find("  configs:"), "  state: suspended\n");
    const Plan plan = plan_for(desired_from(yaml), live);
    ASSERT_EQ(plan.changes.size(), 5u);
    FakeProvider fake;
    load(fake, live);
    fake.budget = 2;
    const ApplyResult result = apply_plan(plan, fake, serial_options());
    EXPECT_TRUE(result.budget_spent);
    EXPECT_FALSE(result.interrupted);
    EXPECT_EQ(result.count(OutcomeStatus::done), 2);
    EXPECT_EQ(result.count(OutcomeStatus::failed), 0);
    EXPECT_EQ(result.count(OutcomeStatus::not_attempted), 3);
    EXPECT_EQ(fake.calls.size(), 2u);
    for (const auto& o : result.outcomes) {
        if (o.status == OutcomeStatus::not_attempted) {
            EXPECT_EQ(o.failure, FailureKind::budget_spent) << o.error;
        }
    }
}

TEST(Applier, ABudgetSpentAfterAnActionSentSomethingLeavesItUnknown) {
    // The hardware create went out, then its next request found the budget spent: it may have happened.
    class SentThenSpent : public FakeProvider {
    public:
        std::vector<LiveEntitlement> create_hardware_entitlements(std::int64_t, const std::vector<std::string>&,
                                                                  std::optional<Date>, CallTrace* trace) override {
            if (trace) {
                trace->attempts.push_back({"entitlements/hardware/create", 200, "ok", 1.0});
            }
            throw ProviderError(ProviderError::Kind::budget_spent, "not sent: the request budget is spent");
        }
    };
    const LiveState live = acme_in_sync();
    const Plan plan = plan_for(desired_from(std::string(k_acme) + k_new_fgt), live);
    SentThenSpent fake;
    load(fake, live);
    const ApplyResult result = apply_plan(plan, fake, serial_options());
    EXPECT_TRUE(result.budget_spent);
    const auto hardware = std::find_if(result.outcomes.begin(), result.outcomes.end(), [&](const ActionOutcome& o) {
        return plan.changes[o.index].action == ActionKind::create_entitlements;
    });
    ASSERT_NE(hardware, result.outcomes.end());
    EXPECT_EQ(hardware->status, OutcomeStatus::unknown);
    EXPECT_EQ(hardware->failure, FailureKind::outcome_unknown);
    EXPECT_EQ(result.count(OutcomeStatus::failed), 0);
}

TEST(Applier, SpentCreateErrorAllowanceStopsCreatesButNotStops) {
    LiveState live = acme_in_sync();
    set_status(live.entitlements[100][0], "STOPPED");
    live.entitlements[100].push_back(live_entitlement("FGT60FTK20000009", 1, 100, "ACTIVE"));
    const Plan plan = plan_for(desired_from(std::string(k_acme) + k_new_fgt), live);
    FakeProvider fake;
    load(fake, live);
    fake.unsent["create_config new-fgt"] = ProviderError::Kind::create_errors_spent;
    const ApplyResult result = apply_plan(plan, fake, serial_options());
    EXPECT_FALSE(result.budget_spent);
    EXPECT_EQ(fake.calls, (std::vector<std::string>{"reactivate FGT60FTK20000001", "stop FGT60FTK20000009"}));
    EXPECT_EQ(result.count(OutcomeStatus::done), 2);
    EXPECT_EQ(result.count(OutcomeStatus::not_attempted), 1);
    EXPECT_EQ(result.count(OutcomeStatus::skipped), 1);  // the serial of the config never created
    const auto refused = std::find_if(result.outcomes.begin(), result.outcomes.end(), [](const ActionOutcome& o) {
        return o.failure == FailureKind::create_errors_spent;
    });
    ASSERT_NE(refused, result.outcomes.end());
    EXPECT_EQ(refused->status, OutcomeStatus::not_attempted);
}

TEST(Applier, EveryOutcomeIsReportedOnce) {
    Plan plan = plan_for(desired_from(k_acme), LiveState{});
    FakeProvider fake;
    Recorder recorder;
    ApplyOptions options;
    options.parallelism = 4;
    options.observers.push_back(&recorder);
    const ApplyResult result = apply_plan(plan, fake, options);
    EXPECT_TRUE(result.ok());
    const auto finished = std::count_if(recorder.events.begin(), recorder.events.end(),
                                        [](const std::string& e) { return e.rfind("done ", 0) == 0; });
    EXPECT_EQ(finished, static_cast<long>(plan.changes.size()));
    EXPECT_EQ(fake.configs.size(), 3u);
    EXPECT_EQ(fake.entitlements.size(), 5u);
}

TEST(Applier, HardwareDescriptionsAreSetAfterCreation) {
    const DesiredState desired = desired_from(R"(apiVersion: flexform/v1
kind: Customer
metadata: {name: dd, accountId: 5}
spec:
  configs:
    - {name: f, product: FGT_HW, parameters: {device_model: FGT60F, service_pkg: FGHWUTP},
       serials: [{serial: FGT60FTK20000005, description: dc1}]}
)");
    Plan plan = plan_for(desired, LiveState{});
    FakeProvider fake;
    EXPECT_TRUE(apply_plan(plan, fake, serial_options()).ok());
    EXPECT_EQ(fake.calls.back(), "update_entitlement FGT60FTK20000005 -> 500");
    EXPECT_EQ(fake.entitlements["FGT60FTK20000005"].description, "dc1");
}

TEST(Applier, WhatIsSentComesFromTheTypedAfterValues) {
    Plan plan = plan_for(desired_from(k_acme), LiveState{});
    // Whatever a display string might say, the request carries the snapshot.
    plan.changes[1].after.serials = std::vector<std::string>{"FGT60FTK20000042"};
    FakeProvider fake;
    ASSERT_TRUE(apply_plan(plan, fake, serial_options()).ok());
    EXPECT_NE(std::find(fake.calls.begin(), fake.calls.end(), "create_hardware 500 FGT60FTK20000042"),
              fake.calls.end());
    EXPECT_FALSE(fake.entitlements.count("FGT60FTK20000001"));
}

TEST(Applier, SlowActionsAreReportedAsStillRunning) {
    const Plan plan = plan_for(desired_from(k_acme), LiveState{});
    FakeProvider fake;
    Recorder recorder;
    std::atomic<double> now{0.0};
    ApplyOptions options = serial_options();
    options.seconds_now = [&now] { return now.load(); };
    options.still_running_after = 10.0;
    options.observers.push_back(&recorder);
    class Slow : public ApplyObserver {
    public:
        explicit Slow(std::atomic<double>& clock) : m_clock(clock) {}
        void action_started(const Change&, std::size_t ordinal, std::size_t) override {
            if (ordinal == 1) {
                m_clock = 15.0;  // the first call "takes" 15 s: wait for the watchdog to notice
                std::this_thread::sleep_for(std::chrono::milliseconds(600));
            }
        }

    private:
        std::atomic<double>& m_clock;
    } slow(now);
    options.observers.push_back(&slow);
    EXPECT_TRUE(apply_plan(plan, fake, options).ok());
    EXPECT_NE(std::find(recorder.events.begin(), recorder.events.end(), "still running acme/fgt"),
              recorder.events.end());
}

TEST(Journal, RecordsEachActionBeforeAndAfterAndFindsUnresolvedOnes) {
    const Plan plan = plan_for(desired_from(k_acme), LiveState{});
    FakeProvider fake;
    fake.lose_answer.insert("create_vm 501 x2");
    std::vector<std::string> lines;
    JournalObserver journal([&lines](const std::string& line) { lines.push_back(line); },
                            [] { return std::string("2026-11-20T18:00:00Z"); }, {{"host", "ci-1"}, {"pid", "4242"}});
    ApplyOptions options = serial_options();
    options.observers.push_back(&journal);
    apply_plan(plan, fake, options);
    ASSERT_GE(lines.size(), 2u + 2 * plan.changes.size());
    EXPECT_NE(lines.front().find("\"type\":\"run_started\""), std::string::npos);
    EXPECT_NE(lines.front().find("\"host\":\"ci-1\""), std::string::npos);
    EXPECT_NE(lines[1].find("\"type\":\"action_started\""), std::string::npos);
    EXPECT_NE(lines[2].find("\"type\":\"action_finished\""), std::string::npos);
    std::string text;
    for (const auto& l : lines) {
        text += l + "\n";
    }
    const JournalState finished = read_journal(text);
    EXPECT_TRUE(finished.valid);
    EXPECT_TRUE(finished.finished);
    ASSERT_EQ(finished.unresolved.size(), 1u);  // the VM create whose answer was lost
    EXPECT_EQ(finished.unresolved[0].address, "acme/vm");
    EXPECT_EQ(finished.unresolved[0].status, "unknown");
    EXPECT_TRUE(finished.needs_recheck());
    EXPECT_EQ(finished.host, "ci-1");  // who ran it: a reader can tell a live apply from an interrupted one
    EXPECT_EQ(finished.pid, "4242");
    // kill -9 after an action was journaled as started: the journal has no outcome and no end for it.
    const std::string crashed = lines[0] + "\n" + lines[1] + "\n";
    const JournalState torn = read_journal(crashed + "{\"type\":\"action_fin");
    EXPECT_FALSE(torn.finished);
    ASSERT_EQ(torn.unresolved.size(), 1u);
    EXPECT_EQ(torn.unresolved[0].status, "started");
    const JournalState rechecked = read_journal(crashed + journal_reconciled_line("2026-11-21T00:00:00Z", "apply"));
    EXPECT_FALSE(rechecked.needs_recheck());
}

TEST(Progress, LinesCountActionsAndShowElapsedTime) {
    const Plan plan = plan_for(desired_from(k_acme), LiveState{});
    FakeProvider fake;
    std::vector<std::string> lines;
    double now = 0.0;
    ProgressObserver progress([&lines](const std::string& line) { lines.push_back(line); }, [&now] { return now; });
    ApplyOptions options = serial_options();
    options.observers.push_back(&progress);
    apply_plan(plan, fake, options);
    ASSERT_EQ(lines.size(), 2 * plan.changes.size());
    EXPECT_EQ(lines[0], "[1/6 00:00] + acme/fgt create_config: started");
    EXPECT_EQ(lines[1].rfind("[1/6 00:00] + acme/fgt create_config: done (", 0), 0u) << lines[1];
    EXPECT_EQ(lines.back().rfind("[6/6 00:00] + acme/edr create_entitlements: done", 0), 0u) << lines.back();
}

TEST(Progress, FinishedLinesShowTheTimeLeftAtThePaceSoFar) {
    const Plan plan = plan_for(desired_from(k_acme), LiveState{});
    ASSERT_EQ(plan.changes.size(), 6u);
    std::vector<std::string> lines;
    double now = 0.0;
    ProgressObserver progress([&lines](const std::string& line) { lines.push_back(line); }, [&now] { return now; });
    const Change& c = plan.changes[0];
    ActionOutcome o;
    o.ordinal = 2;
    o.status = OutcomeStatus::done;
    now = 40.0;  // two actions in 40 s (a budget wait among them): four left take about 80 s more
    progress.action_finished(c, o, 2, 6);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_NE(lines[0].find("; 4 left, about 01:20 more"), std::string::npos) << lines[0];
    progress.action_finished(c, o, 6, 6);
    EXPECT_EQ(lines[1].find("left"), std::string::npos) << lines[1];
}

}  // namespace
}  // namespace flexform::testing

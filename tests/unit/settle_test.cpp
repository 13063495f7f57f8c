// Creates of unknown outcome, in the engine: which changes wait to settle (pure), how the plan and apply use cases
// treat an open record (wait, find, prove absent by two reads), and what apply says about them, word for word.
#include <gtest/gtest.h>

#include "engine/plan/settle.h"
#include "engine/render/apply_result.h"
#include "engine/usecases/apply_use_case.h"
#include "tests/unit/use_case_fixtures.h"
#include "tests/unit/use_case_ports.h"

namespace flexform::testing {
namespace {

const char* k_program = "ELAVMS0000000001";
constexpr std::int64_t k_now = 1795197600;  // FixedClock: 2026-11-20T18:00:00Z

ApplyRequest apply_request(const DesiredState& desired, MemoryPending& pending) {
    ApplyRequest request;
    request.plan.desired = &desired;
    request.plan.manifest_paths = {"customers"};
    request.plan.program = k_program;
    request.plan.parallelism = 1;
    request.plan.pending = &pending;
    request.me = {"ci-1", "ci", "1", "apply", "2026-11-20T18:00:00Z"};
    request.journal_header = {{"host", "ci-1"}, {"pid", "1"}};
    request.execution.parallelism = 1;
    request.execution.settle_window_seconds = 120;
    return request;
}

// beta's configuration "fgt" in account 200, sent `ago` seconds before the FixedClock's now.
PendingCreate beta_create(std::int64_t ago) {
    PendingCreate r;
    r.id = "earlier-run-0";
    r.kind = PendingKind::config;
    r.customer = "beta";
    r.account_id = 200;
    r.config_name = "fgt";
    r.sent_at = k_now - ago;
    r.window_seconds = 120;
    return r;
}

TEST(Settle, UtcSecondsAndTextRoundTrip) {
    EXPECT_EQ(utc_seconds("2026-11-20T18:00:00Z"), k_now);
    EXPECT_EQ(utc_text(k_now + 61), "2026-11-20T18:01:01Z");
    EXPECT_EQ(utc_text(0), "1970-01-01T00:00:00Z");
    EXPECT_FALSE(utc_seconds("2026-11-20"));
    EXPECT_FALSE(utc_seconds("2026-11-20 18:00:00"));
}

TEST(Settle, OnlyTheCreatesARecordCouldDuplicateWait) {
    Plan plan;
    const auto change = [](ActionKind action, std::int64_t account, const std::string& name,
                           std::optional<std::int64_t> config) {
        Change c;
        c.action = action;
        c.account_id = account;
        c.config_name = name;
        c.after.name = name;
        c.config_id = config;
        return c;
    };
    plan.changes = {change(ActionKind::create_config, 200, "fgt", std::nullopt),
                    change(ActionKind::create_config, 300, "fgt", std::nullopt),   // another account
                    change(ActionKind::create_entitlements, 200, "vm", 55),        // VMs under 55
                    change(ActionKind::create_entitlements, 200, "vm2", 56),       // another config
                    change(ActionKind::update_config, 200, "fgt", std::nullopt)};  // not a create
    plan.changes.push_back(change(ActionKind::reactivate, 200, "vm", 55));
    plan.changes.back().reason.code = ReasonCode::vm_count_raised;  // reactivating to reach the count adds VMs too
    // Hardware: the entitling of a serial still in flight, by a create or a swap; other serials go ahead.
    plan.changes.push_back(change(ActionKind::create_entitlements, 200, "hw", 57));
    plan.changes.back().after.serials = std::vector<std::string>{"FGT60FTK20000001", "FGT60FTK20000002"};
    plan.changes.push_back(change(ActionKind::create_entitlements, 200, "hw", 57));
    plan.changes.back().after.serials = std::vector<std::string>{"FGT60FTK20000003"};
    plan.changes.push_back(change(ActionKind::swap, 200, "hw", 57));
    plan.changes.back().swap = Swap{"FGT60FTK20000009", true, true, false};
    plan.changes.back().after.serials = std::vector<std::string>{"FGT60FTK20000002"};
    SettlingCreate config{SettlingKind::config, 200, "fgt", 0, {}, {"2026-11-20T18:02:00Z", "2026-11-20T18:00:00Z"}};
    SettlingCreate vms{SettlingKind::counted, 200, "vm", 55, {}, {"2026-11-20T18:03:00Z", "2026-11-20T18:01:00Z"}};
    SettlingCreate serials{SettlingKind::serials, 200, "hw", 57, {"FGT60FTK20000002"},
                           {"2026-11-20T18:04:00Z", "2026-11-20T18:02:00Z"}};
    mark_settling(plan, {config, vms, serials});
    std::vector<bool> waiting;
    for (const auto& c : plan.changes) {
        waiting.push_back(c.waiting.has_value());
    }
    EXPECT_EQ(waiting, (std::vector<bool>{true, false, true, false, false, true, true, false, true}));
    EXPECT_EQ(plan.changes[0].waiting->until, "2026-11-20T18:02:00Z");
    EXPECT_EQ(plan.changes[2].waiting->sent_at, "2026-11-20T18:01:00Z");
}

TEST(Settle, InsideTheWindowTheCreateIsSkippedWithATrueSummary) {
    FakeProvider fake;
    load_acme_in_sync(fake);
    const DesiredState desired = acme_and_beta();
    MemoryPending pending;
    pending.records["earlier-run-0"] = beta_create(10);
    RecordingLocks locks;
    MemoryJournals journals;
    const ApplyOutcome out =
        apply_program(fake, locks, journals, FixedClock{}, apply_request(desired, pending), builtin_catalog(), {});
    EXPECT_EQ(out.verdict, ApplyVerdict::applied);
    EXPECT_TRUE(fake.calls.empty());  // neither the create nor the entitlement that depends on it
    EXPECT_EQ(out.result.count(OutcomeStatus::waiting), 1);
    EXPECT_EQ(out.result.count(OutcomeStatus::skipped), 1);
    EXPECT_EQ(pending.records.size(), 1u);  // still open
    EXPECT_EQ(render_apply_result(out, RenderOptions{}).result,
              "Apply incomplete: 0 done, 0 failed, 0 unknown, 1 skipped, 0 not attempted, 1 waiting to settle. "
              "Journal: journal-ELAVMS0000000001-1\n"
              "  waiting to settle: beta/fgt (create_config) until 2026-11-20T18:01:50Z: the create sent at "
              "2026-11-20T17:59:50Z may still land, so it is not sent again yet\n"
              "Re-run apply after 2026-11-20T18:01:50Z, or pass --wait-settle to wait for it.\n"
              "Run `flexform plan` to see what remains; a re-run of apply converges.\n");
}

TEST(Settle, PastTheWindowTwoReadsThatAgreeProveAbsenceAndTheCreateIsSentOnce) {
    FakeProvider fake;
    load_acme_in_sync(fake);
    const DesiredState desired = acme_and_beta();
    MemoryPending pending;
    pending.records["earlier-run-0"] = beta_create(121);
    RecordingLocks locks;
    MemoryJournals journals;
    const ApplyOutcome out =
        apply_program(fake, locks, journals, FixedClock{}, apply_request(desired, pending), builtin_catalog(), {});
    EXPECT_EQ(out.verdict, ApplyVerdict::applied);
    EXPECT_EQ(out.pending.absent.size(), 1u);
    EXPECT_EQ(fake.calls, (std::vector<std::string>{"create_config fgt", "create_hardware 500 FGT40FTK20000001"}));
    EXPECT_TRUE(pending.records.empty());    // the old one proven absent, the new ones closed on success
    EXPECT_EQ(pending.recorded.size(), 2u);  // the configuration and the serial, each recorded before it was sent
}

TEST(Settle, ACreateWhoseAnswerIsLostStaysOnRecordAndIsClosedOnceFound) {
    FakeProvider fake;
    load_acme_in_sync(fake);
    fake.lose_answer.insert("create_config fgt");
    const DesiredState desired = acme_and_beta();
    MemoryPending pending;
    RecordingLocks locks;
    MemoryJournals journals;
    const ApplyOutcome first =
        apply_program(fake, locks, journals, FixedClock{}, apply_request(desired, pending), builtin_catalog(), {});
    EXPECT_EQ(first.result.count(OutcomeStatus::unknown), 1);
    ASSERT_EQ(pending.records.size(), 1u);
    const PendingCreate& open = pending.records.begin()->second;
    EXPECT_EQ(open.id.rfind("20261120T180000Z-ci-1-1-", 0), 0u) << open.id;
    EXPECT_EQ(open.account_id, 200);
    EXPECT_EQ(open.config_name, "fgt");
    EXPECT_EQ(open.sent_at, k_now);
    EXPECT_EQ(open.window_seconds, 120);
    EXPECT_EQ(open.note, "create_config fgt: answer lost by the fake");
    // It had happened: the next apply finds it, closes the record and creates nothing twice.
    fake.calls.clear();
    const ApplyOutcome second =
        apply_program(fake, locks, journals, FixedClock{}, apply_request(desired, pending), builtin_catalog(), {});
    EXPECT_EQ(second.pending.found.size(), 1u);
    EXPECT_TRUE(pending.records.empty());
    EXPECT_EQ(fake.calls, (std::vector<std::string>{"create_hardware 500 FGT40FTK20000001"}));
}

// A hardware serial is entitled once: sent again after a lost answer it would be refused and spend the create-error
// allowance. Its create is recorded like a VM's, waits inside its window, and is sent again only once two reads
// after the window agree the serial is absent.
TEST(Settle, AHardwareCreateWhoseAnswerIsLostWaitsItsWindowBeforeItIsSentAgain) {
    FakeProvider fake;
    load_acme_in_sync(fake);
    fake.lose_answer.insert("create_hardware 500 FGT40FTK20000001");
    const DesiredState desired = acme_and_beta();
    MemoryPending pending;
    RecordingLocks locks;
    MemoryJournals journals;
    const ApplyOutcome first =
        apply_program(fake, locks, journals, FixedClock{}, apply_request(desired, pending), builtin_catalog(), {});
    EXPECT_EQ(first.result.count(OutcomeStatus::unknown), 1);
    ASSERT_EQ(pending.records.size(), 1u);
    const PendingCreate open = pending.records.begin()->second;
    EXPECT_EQ(open.kind, PendingKind::serials);
    EXPECT_EQ(open.account_id, 200);
    EXPECT_EQ(open.config_id, 500);
    EXPECT_EQ(open.serials, std::vector<std::string>{"FGT40FTK20000001"});
    // The list does not show it (lagging, or it never landed): inside the window nothing is sent.
    fake.entitlements.erase("FGT40FTK20000001");
    fake.calls.clear();
    const ApplyOutcome waiting =
        apply_program(fake, locks, journals, FixedClock{}, apply_request(desired, pending), builtin_catalog(), {});
    EXPECT_EQ(waiting.result.count(OutcomeStatus::waiting), 1);
    EXPECT_TRUE(fake.calls.empty());
    // Past the window, absent in both reads: sent once more, and the record closed.
    pending.records.begin()->second.sent_at = k_now - 121;
    const ApplyOutcome settled =
        apply_program(fake, locks, journals, FixedClock{}, apply_request(desired, pending), builtin_catalog(), {});
    EXPECT_EQ(settled.pending.absent.size(), 1u);
    EXPECT_EQ(fake.calls, (std::vector<std::string>{"create_hardware 500 FGT40FTK20000001"}));
    EXPECT_TRUE(pending.records.empty());
}

TEST(Settle, AnInterruptBeforeAnyWriteSaysWhereItStopped) {
    ApplyOutcome out;
    out.verdict = ApplyVerdict::interrupted;
    out.interrupted_while = InterruptedPhase::lock_wait;
    EXPECT_EQ(render_apply_result(out, RenderOptions{}).result,
              "Apply interrupted while waiting for the lock: nothing was written.\n");
    out.interrupted_while = InterruptedPhase::planning;
    EXPECT_EQ(render_apply_result(out, RenderOptions{}).result,
              "Apply interrupted while planning: nothing was written.\n");
    Change c;
    c.action = ActionKind::create_config;
    c.address = "beta/fgt";
    c.waiting = SettleWait{"2026-11-20T18:02:00Z", "2026-11-20T18:00:00Z"};
    EXPECT_EQ(render_settle_wait("2026-11-20T18:02:00Z", {c}),
              "waiting until 2026-11-20T18:02:00Z for 1 create of unknown outcome to settle (--wait-settle), then "
              "re-reading FortiFlex:\n  beta/fgt (create_config), sent at 2026-11-20T18:00:00Z\n");
}

}  // namespace
}  // namespace flexform::testing

// Exact text of apply's words (engine/render/apply_result.h) and of the notes beside plan, apply and drift
// (engine/render/plan_notes.h): what the CLI prints, sentence for sentence.
#include "engine/render/apply_result.h"

#include <gtest/gtest.h>

#include "engine/render/plan_notes.h"

namespace flexform::testing {
namespace {

Change change(ActionKind action, const std::string& address, int product_id = 0) {
    Change c;
    c.action = action;
    c.address = address;
    c.customer = address.substr(0, address.find('/'));
    c.product_id = product_id;
    return c;
}

ActionOutcome outcome(std::size_t index, OutcomeStatus status, const std::string& error = "",
                      std::vector<std::string> serials = {}) {
    ActionOutcome o;
    o.index = index;
    o.status = status;
    o.error = error;
    o.serials = std::move(serials);
    return o;
}

ApplyOutcome applied(std::vector<Change> changes, std::vector<ActionOutcome> outcomes) {
    ApplyOutcome out;
    out.verdict = ApplyVerdict::applied;
    out.plan.changes = std::move(changes);
    out.result.outcomes = std::move(outcomes);
    out.journal = ".flexform/journal/apply-1.jsonl";
    return out;
}

int vm_product() {
    return builtin_catalog().find_by_code("FGT_VM_Bundle")->id;
}

TEST(ApplyResultText, ACompleteRunCountsItsActionsAndNamesTheVmTokens) {
    const ApplyOutcome out =
        applied({change(ActionKind::create_config, "acme/vm", vm_product()),
                 change(ActionKind::create_entitlements, "acme/vm", vm_product())},
                {outcome(0, OutcomeStatus::done), outcome(1, OutcomeStatus::done, "", {"FGVM01", "FGVM02"})});
    const ApplyReport report = render_apply_result(out, RenderOptions{});
    EXPECT_EQ(report.result,
              "Apply complete: 2 actions done. Journal: .flexform/journal/apply-1.jsonl\n"
              "2 VM entitlements created: their licence tokens are listed by `flexform tokens`.\n");
    EXPECT_EQ(report.notes, "");
    EXPECT_EQ(report.problem, "");
    const ApplyOutcome one = applied({change(ActionKind::stop, "acme/fgt/FGT1")}, {outcome(0, OutcomeStatus::done)});
    EXPECT_EQ(render_apply_result(one, RenderOptions{}).result,
              "Apply complete: 1 action done. Journal: .flexform/journal/apply-1.jsonl\n");
}

TEST(ApplyResultText, OneVmEntitlementCreatedIsSaidInTheSingular) {
    const ApplyOutcome out = applied({change(ActionKind::create_entitlements, "acme/vm", vm_product())},
                                     {outcome(0, OutcomeStatus::done, "", {"FGVM01"})});
    EXPECT_EQ(render_apply_result(out, RenderOptions{}).result,
              "Apply complete: 1 action done. Journal: .flexform/journal/apply-1.jsonl\n"
              "1 VM entitlement created: its licence token is listed by `flexform tokens`.\n");
}

TEST(ApplyResultText, AFailedRunNamesEachFailureAndWhatToDoNext) {
    ApplyOutcome out = applied({change(ActionKind::create_config, "acme/fgt"), change(ActionKind::stop, "acme/old/S1"),
                                change(ActionKind::create_config, "beta/fgt"), change(ActionKind::stop, "beta/x/S2")},
                               {outcome(0, OutcomeStatus::done), outcome(1, OutcomeStatus::failed, "HTTP 400: refused"),
                                outcome(2, OutcomeStatus::unknown, "timeout"), outcome(3, OutcomeStatus::skipped)});
    out.result.circuit_open = "5 failures in a row";
    EXPECT_EQ(render_apply_result(out, RenderOptions{}).result,
              "Apply failed: 1 done, 1 failed, 1 unknown, 1 skipped, 0 not attempted. Journal: "
              ".flexform/journal/apply-1.jsonl\n"
              "  stopped: 5 failures in a row\n"
              "  failed: acme/old/S1 (stop): HTTP 400: refused\n"
              "  unknown: beta/fgt (create_config): timeout\n"
              "Actions of unknown outcome may have happened: they are recorded, and no apply creates them again "
              "until they are found, or their settle window has passed and two reads agree they are absent.\n"
              "Run `flexform plan` to see what remains; a re-run of apply converges.\n");
    out.result.interrupted = true;
    out.result.circuit_open.clear();
    out.result.outcomes[2].status = OutcomeStatus::not_attempted;
    EXPECT_EQ(render_apply_result(out, RenderOptions{}).result,
              "Apply interrupted: 1 done, 1 failed, 0 unknown, 1 skipped, 1 not attempted. Journal: "
              ".flexform/journal/apply-1.jsonl\n"
              "  failed: acme/old/S1 (stop): HTTP 400: refused\n"
              "Run `flexform plan` to see what remains; a re-run of apply converges.\n");
}

TEST(ApplyResultText, EveryVerdictThatWritesNothingSaysSo) {
    ApplyOutcome out;
    out.verdict = ApplyVerdict::no_changes;
    EXPECT_EQ(render_apply_result(out, RenderOptions{}).result,
              "No changes. FortiFlex already matches the manifests.\n");
    // A program whose configurations move out has nothing to write: the other program's apply moves them.
    ApplyOutcome moving = out;
    moving.plan.cost.per_day_before = 5.4;
    moving.plan.diagnostics.push_back(
        {Severity::warning, DiagnosticCode::moving_to_program, "acme/fgt", "configuration \"fgt\" moves", {}});
    EXPECT_EQ(render_apply_result(moving, RenderOptions{}).result,
              "No changes here: 1 configuration moves to another program, with that program's plan (-5.40 "
              "points/day).\n");
    out.verdict = ApplyVerdict::cancelled;
    const ApplyReport cancelled = render_apply_result(out, RenderOptions{});
    EXPECT_EQ(cancelled.problem, "Apply cancelled; nothing was written.\n");
    EXPECT_EQ(cancelled.result, "");
    out.verdict = ApplyVerdict::refused_stale;
    out.differences = {"the saved plan has `stop beta/fgt/S1`, which flexform would not do now"};
    EXPECT_EQ(render_apply_result(out, RenderOptions{}).problem,
              "flexform apply: the saved plan is not what flexform would plan now; nothing was written:\n"
              "  - the saved plan has `stop beta/fgt/S1`, which flexform would not do now\n"
              "Review a fresh plan: flexform plan --out FILE\n");
    out.verdict = ApplyVerdict::refused_errors;
    const ApplyReport refused = render_apply_result(out, RenderOptions{});
    EXPECT_EQ(refused.result, render_text(out.plan, RenderOptions{}));  // the plan, to show what blocks
    EXPECT_EQ(refused.problem,
              "flexform apply: a blocking policy stops the plan; nothing was written\n");
}

TEST(ApplyResultText, ThePromptFollowsThePlanAndAcceptsOnlyYes) {
    Plan plan;
    plan.program_serial = "ELAVMS0000000777";
    EXPECT_EQ(render_apply_prompt(plan, RenderOptions{}),
              render_text(plan, RenderOptions{}) +
                  "\nApply these changes to program ELAVMS0000000777? Only 'yes' will be accepted: ");
}

std::vector<OpenJournalNote> notes() {
    OpenJournalNote interrupted;
    interrupted.id = ".flexform/journal/a.jsonl";
    interrupted.program = "ELAVMS0000000777";
    interrupted.started_at = "2026-11-19T10:00:00Z";
    interrupted.run = JournalRun::interrupted;
    interrupted.unresolved = {{"acme/fgt", "create_config", "started"}, {"acme/vm", "create_entitlements", "unknown"}};
    OpenJournalNote running = interrupted;
    running.id = ".flexform/journal/b.jsonl";
    running.pid = "4711";
    running.run = JournalRun::running;
    OpenJournalNote ended = interrupted;
    ended.run = JournalRun::ended;
    ended.unresolved.resize(1);
    return {interrupted, running, ended};
}

TEST(PlanNotesText, OpenJournalsSayWhatTheyLeftAndWhatThisVerbDoesAboutIt) {
    EXPECT_EQ(render_open_journals(notes(), JournalReader::plan),
              "note: the apply of 2026-11-19T10:00:00Z (.flexform/journal/a.jsonl) was interrupted with 2 actions of "
              "unknown outcome, re-read now; this plan shows their real state:\n"
              "  create_config acme/fgt (started)\n"
              "  create_entitlements acme/vm (unknown)\n"
              "note: an apply of ELAVMS0000000777 is running now (pid 4711, since 2026-11-19T10:00:00Z, "
              ".flexform/journal/b.jsonl); this plan reads FortiFlex while it writes, so it may show changes that "
              "apply is making\n"
              "note: the apply of 2026-11-19T10:00:00Z (.flexform/journal/a.jsonl) ended with 1 action of unknown "
              "outcome, re-read now; this plan shows their real state:\n"
              "  create_config acme/fgt (started)\n");
    const std::string apply = render_open_journals(notes(), JournalReader::apply);
    EXPECT_NE(apply.find("unknown outcome, re-read before this apply plans:\n"), std::string::npos) << apply;
    EXPECT_NE(apply.find("b.jsonl); this apply plans only once it holds the program's lock\n"), std::string::npos)
        << apply;
    EXPECT_EQ(render_open_journals({}, JournalReader::apply), "");
}

TEST(PlanNotesText, AChangeScopeNamesRemovedCustomersAndAnEmptyScope) {
    ChangeScope scope;
    scope.ref = "main";
    scope.project_file = "flexform.yaml";
    scope.removed = {"gamma"};
    EXPECT_EQ(render_change_scope(scope, false),
              "plan: customer gamma is no longer declared (since main): flexform leaves its account as it is\n"
              "plan: no customer manifest changed since main\n");
    scope.removed.clear();
    scope.changed = {"acme", "beta"};
    EXPECT_EQ(render_change_scope(scope, false), "");
    EXPECT_EQ(render_change_scope(scope, true), "plan: 2 customers changed since main\n");
    scope.project_changed = true;
    EXPECT_EQ(render_change_scope(scope, true), "plan: flexform.yaml changed since main: planning every customer\n");
}

TEST(PlanNotesText, RequestCountsAndTheSavedPlan) {
    PlanOutcome plan;
    plan.requests = 12;
    plan.accounts_read = 3;
    plan.prices = 4;
    EXPECT_EQ(render_plan_requests(plan), "plan: 12 API requests (3 accounts, 4 distinct prices)\n");
    DriftOutcome drift;
    drift.requests = 7;
    EXPECT_EQ(render_drift_requests(drift), "drift: 7 API requests\n");
    EXPECT_EQ(render_plan_saved("plan.json"),
              "plan saved to plan.json; apply exactly it with: flexform apply plan.json\n");
    EXPECT_EQ(render_plan_saved("plan.json", false),
              "plan saved to plan.json; it cannot be applied until what blocks it (below) is resolved\n");
}

}  // namespace
}  // namespace flexform::testing

// The apply use case over the strict FakeProvider: the saved-plan contract (read, scoped, refused when stale,
// before any write), the re-check of what an interrupted apply left unknown, and the runway rule evaluated on the
// whole program when a PR plan is merged.
#include "engine/usecases/apply_use_case.h"

#include <gtest/gtest.h>

#include "engine/plan/plan_file.h"
#include "engine/render/apply_result.h"
#include "engine/render/render.h"
#include "tests/unit/use_case_fixtures.h"
#include "tests/unit/use_case_ports.h"

namespace flexform::testing {
namespace {

const char* k_program = "ELAVMS0000000001";

PlanRequest request_for(const DesiredState& desired, const std::string& program = k_program) {
    PlanRequest request;
    request.desired = &desired;
    request.manifest_paths = {"customers"};
    request.program = program;
    request.parallelism = 1;
    return request;
}

ApplyRequest apply_request(const DesiredState& desired, const std::string& program = k_program) {
    ApplyRequest request;
    request.plan = request_for(desired, program);
    request.me = {"ci-1", "ci", "1", "apply", "2026-11-20T18:00:00Z"};
    request.execution.parallelism = 1;
    return request;
}

bool exists_anywhere(const std::string&) {
    return true;
}

TEST(ApplyUseCase, AStaleSavedPlanIsRefusedWithoutAWrite) {
    FakeProvider fake;
    load_acme_in_sync(fake);
    const DesiredState desired = acme_and_beta();
    const Plan reviewed = plan_program(fake, FixedClock{}, request_for(desired), builtin_catalog()).plan;
    ASSERT_FALSE(reviewed.changes.empty());
    // Someone created beta's configuration in the portal after the review.
    fake.configs[7] = live_config(7, 200, "fgt", "FGT_HW",
                                  params("FGT_HW", {{"device_model", {"FGT40F"}}, {"service_pkg", {"FGHWUTP"}}}));
    const SavedPlan saved = read_saved_plan("plan.json", render_json(reviewed), {}, exists_anywhere, builtin_catalog());
    RecordingLocks locks;
    MemoryJournals journals;
    ApplyRequest request = apply_request(desired);
    request.saved = saved.plan;
    request.saved_digest = saved.plan_digest;
    request.plan_digest = [](const Plan& plan) { return plan_digest(plan); };
    bool asked = false;
    const ApplyOutcome out = apply_program(fake, locks, journals, FixedClock{}, request, builtin_catalog(),
                                           [&asked](const Plan&) { return asked = true; });
    EXPECT_EQ(out.verdict, ApplyVerdict::refused_stale);
    EXPECT_FALSE(out.differences.empty());
    for (const auto& d : out.differences) {  // the plans' digests differ only because they do: no line of its own
        EXPECT_EQ(d.find("plan_digest"), std::string::npos) << d;
    }
    EXPECT_FALSE(asked);
    EXPECT_TRUE(fake.calls.empty());
    EXPECT_TRUE(journals.texts.empty());  // no journal: nothing was begun
    EXPECT_EQ(locks.acquired, std::vector<std::string>{k_program});
    const ApplyReport report = render_apply_result(out, RenderOptions{});
    EXPECT_EQ(report.problem.rfind("flexform apply: the saved plan is not what flexform would plan now; nothing was "
                                   "written:\n  - ",
                                   0),
              0u)
        << report.problem;
    EXPECT_EQ(report.result, "");
}

TEST(ApplyUseCase, AFreshSavedPlanAppliesWithItsOwnScope) {
    FakeProvider fake;
    load_acme_in_sync(fake);
    const DesiredState desired = acme_and_beta();
    PlanRequest scoped = request_for(desired);
    scoped.customers = {"beta"};
    const Plan reviewed = plan_program(fake, FixedClock{}, scoped, builtin_catalog()).plan;
    const SavedPlan saved = read_saved_plan("plan.json", render_json(reviewed), {}, exists_anywhere, builtin_catalog());
    EXPECT_EQ(saved.manifest_paths, std::vector<std::string>{"customers"});  // recorded in the plan
    RecordingLocks locks;
    MemoryJournals journals;
    ApplyRequest request = apply_request(desired);
    request.saved = saved.plan;
    const ApplyOutcome out = apply_program(fake, locks, journals, FixedClock{}, request, builtin_catalog(), {});
    EXPECT_EQ(out.verdict, ApplyVerdict::applied);
    EXPECT_EQ(fake.calls, (std::vector<std::string>{"create_config fgt", "create_hardware 500 FGT40FTK20000001"}));
    ASSERT_EQ(journals.texts.size(), 1u);
    EXPECT_EQ(render_apply_result(out, RenderOptions{}).result,
              "Apply complete: 2 actions done. Journal: journal-ELAVMS0000000001-1\n");
    // --customer cannot narrow a saved plan.
    request.plan.customers = {"acme"};
    try {
        apply_program(fake, locks, journals, FixedClock{}, request, builtin_catalog(), {});
        FAIL() << "a saved plan was narrowed";
    } catch (const RequestError& e) {
        EXPECT_STREQ(e.what(), "--customer and --prune come from the saved plan; they cannot be given with one");
    }
}

TEST(ApplyUseCase, ASavedPlanNeedsChangesAndTheManifestsItWasMadeFrom) {
    FakeProvider fake;
    load_acme_in_sync(fake);
    const DesiredState desired = acme_and_beta();
    const Plan reviewed = plan_program(fake, FixedClock{}, request_for(desired), builtin_catalog()).plan;
    const auto nothing_exists = [](const std::string&) { return false; };
    try {
        read_saved_plan("plan.json", render_json(reviewed), {}, nothing_exists, builtin_catalog());
        FAIL() << "applied against gone manifests";
    } catch (const RequestError& e) {
        EXPECT_STREQ(e.what(),
                     "the manifests plan.json was made from (customers) are gone; a saved plan applies only against "
                     "the manifests it was made from (name them after the plan file)");
    }
    const auto only_elsewhere = [](const std::string& path) { return path == "elsewhere"; };
    EXPECT_EQ(read_saved_plan("plan.json", render_json(reviewed), {"elsewhere"}, only_elsewhere, builtin_catalog())
                  .manifest_paths,
              std::vector<std::string>{"elsewhere"});
    Plan empty = reviewed;
    empty.changes.clear();
    try {
        read_saved_plan("empty.json", render_json(empty), {}, exists_anywhere, builtin_catalog());
        FAIL() << "an empty plan was accepted";
    } catch (const RequestError& e) {
        EXPECT_STREQ(e.what(), "empty.json holds no changes: there is nothing to apply");
    }
    EXPECT_THROW(read_saved_plan("x.json", "{", {}, exists_anywhere, builtin_catalog()), PlanFileError);
}

TEST(ApplyUseCase, ASavedPlanIsReadOnlyFromTheTreeAndUnderTheKeyOnlySigned) {
    FakeProvider fake;
    load_acme_in_sync(fake);
    const DesiredState desired = acme_and_beta();
    const std::string text = render_json(plan_program(fake, FixedClock{}, request_for(desired), builtin_catalog()).plan);
    const auto refusal = [](const SavedPlanSource& source) {
        try {
            read_saved_plan(source, builtin_catalog());
        } catch (const RequestError& e) {
            return std::string(e.what());
        } catch (const PlanFileError& e) {
            return "plan file: " + std::string(e.what());
        }
        return std::string("accepted");
    };
    SavedPlanSource source{"plan.json", text, {}, exists_anywhere, [](const std::string&) { return false; }, {}};
    EXPECT_EQ(refusal(source),
              "plan.json records the manifest path customers, outside the working tree apply runs in; a saved plan "
              "applies only the manifests of that tree");
    source.named_paths = {"customers"};  // named by whoever runs apply: theirs to choose
    EXPECT_EQ(refusal(source), "accepted");
    source.named_paths.clear();
    source.inside_tree = [](const std::string&) { return true; };
    source.key = "ci-secret";
    EXPECT_EQ(refusal(source),
              "plan file: plan.json is not signed, and FLEXFORM_PLAN_KEY is set: apply refuses an unsigned plan; make it with "
              "`flexform plan --out` where the key is set");
    source.text = signed_plan_text(text, "another-key");
    EXPECT_EQ(refusal(source),
              "plan file: plan.json's signature does not hold under FLEXFORM_PLAN_KEY: the file was changed after it was "
              "signed, or signed with another key");
    source.text = signed_plan_text(text, "ci-secret");
    EXPECT_EQ(read_saved_plan(source, builtin_catalog()).signature, SignatureCheck::verified);
    source.key.clear();
    EXPECT_EQ(read_saved_plan(source, builtin_catalog()).signature, SignatureCheck::no_key);
}

TEST(ApplyUseCase, AnInterruptedApplysUnknownActionsAreNamedRecheckedAndMarked) {
    FakeProvider fake;
    load_acme_in_sync(fake);
    const DesiredState desired = acme_and_beta();
    RecordingLocks locks;
    MemoryJournals journals;
    journals.texts["old"] = interrupted_journal(k_program, "beta/fgt", "4711");
    ApplyRequest request = apply_request(desired);
    std::vector<OpenJournalNote> told;
    std::size_t locks_when_told = 99;
    request.on_open_journals = [&](const std::vector<OpenJournalNote>& notes) {
        locks_when_told = locks.acquired.size();
        told = notes;
    };
    const ApplyOutcome out = apply_program(fake, locks, journals, FixedClock{}, request, builtin_catalog(), {});
    EXPECT_EQ(locks_when_told, 0u);  // told before the lock is waited for
    ASSERT_EQ(out.open_journals.size(), 1u);
    EXPECT_EQ(out.open_journals[0].id, "old");
    ASSERT_EQ(told.size(), 1u);
    EXPECT_EQ(told[0].run, JournalRun::interrupted);
    EXPECT_EQ(told[0].unresolved.size(), 1u);
    EXPECT_EQ(out.verdict, ApplyVerdict::applied);
    ASSERT_EQ(out.rechecked.size(), 1u);
    EXPECT_EQ(out.rechecked[0].id, "old");
    EXPECT_NE(journals.texts["old"].find("\"type\":\"reconciled\""), std::string::npos) << journals.texts["old"];
    EXPECT_EQ(render_apply_result(out, RenderOptions{}).notes,
              "re-checked the 1 action of unknown outcome of the apply of 2026-11-19T10:00:00Z; this apply planned "
              "from their real state\n");
    // Marked, it is not re-checked again.
    const ApplyOutcome again = apply_program(fake, locks, journals, FixedClock{}, request, builtin_catalog(), {});
    EXPECT_EQ(again.verdict, ApplyVerdict::no_changes);
    EXPECT_TRUE(again.rechecked.empty());
    EXPECT_TRUE(told.empty());
}

TEST(ApplyUseCase, AJournalOfAnotherCustomerIsNotCoveredByAScopedApply) {
    FakeProvider fake;
    load_acme_in_sync(fake);
    const DesiredState desired = acme_and_beta();
    RecordingLocks locks;
    MemoryJournals journals;
    journals.texts["old"] = interrupted_journal(k_program, "acme/fgt", "4711");
    ApplyRequest request = apply_request(desired);
    request.plan.customers = {"beta"};
    const ApplyOutcome out = apply_program(fake, locks, journals, FixedClock{}, request, builtin_catalog(), {});
    EXPECT_EQ(out.verdict, ApplyVerdict::applied);
    EXPECT_TRUE(out.rechecked.empty());
    EXPECT_EQ(journals.texts["old"].find("reconciled"), std::string::npos);
}

// A prepaid program whose balance FortiFlex reports.
class PrepaidProvider : public FakeProvider {
public:
    std::int64_t balance = 0;
    std::optional<std::int64_t> program_balance(const std::string&) override { return balance; }
};

TEST(ApplyUseCase, AMergedPrPlanIsHeldToTheRunwayOfTheWholeProgram) {
    const std::string prepaid = "ELAVMR0000000001";
    PrepaidProvider fake;
    load_acme_in_sync(fake);
    DesiredState desired = acme_and_beta();
    desired.project.policies.min_runway_days = Limit{30.0, Enforcement::block, {}};
    ApplyRequest request = apply_request(desired, prepaid);
    request.plan.changed_since = "main";  // the PR plan: only beta's account is read
    request.plan.customers = {"beta"};
    RecordingLocks locks;
    MemoryJournals journals;
    fake.balance = 10;  // a few days of acme's run rate
    const ApplyOutcome refused = apply_program(fake, locks, journals, FixedClock{}, request, builtin_catalog(), {});
    EXPECT_EQ(refused.verdict, ApplyVerdict::refused_errors);
    EXPECT_TRUE(fake.calls.empty());
    const auto runway = std::find_if(refused.plan.policies.begin(), refused.plan.policies.end(),
                                     [](const PolicyResult& r) { return r.rule == PolicyRule::min_runway_days; });
    ASSERT_NE(runway, refused.plan.policies.end());
    EXPECT_EQ(runway->status, PolicyStatus::block);  // evaluated, not "totals not refreshed"
    EXPECT_EQ(render_apply_result(refused, RenderOptions{}).problem,
              "flexform apply: a blocking policy stops the plan; nothing was written\n"
              "  blocked by minRunwayDays (program): the balance lasts 2 days after this plan; at least 30 days required\n");
    fake.balance = 1000000000;
    const ApplyOutcome applied = apply_program(fake, locks, journals, FixedClock{}, request, builtin_catalog(), {});
    EXPECT_EQ(applied.verdict, ApplyVerdict::applied);
    EXPECT_EQ(fake.calls.size(), 2u);
}

}  // namespace
}  // namespace flexform::testing

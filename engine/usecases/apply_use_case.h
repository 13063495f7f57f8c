// The apply use case: one writer per program (the lock is taken before the first read), a fresh plan, the
// saved-plan contract (apply only what would be planned now), approval, execution with a journal, and the
// re-check of what earlier interrupted runs left unknown.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/apply/applier.h"
#include "engine/apply/journal.h"
#include "engine/plan/plan_file.h"
#include "engine/ports/journal_store.h"
#include "engine/ports/program_lock.h"
#include "engine/usecases/open_journals.h"
#include "engine/usecases/plan_use_case.h"

namespace flexform {

// apply PLANFILE: the reviewed plan, and the manifests it applies against.
struct SavedPlan {
    Plan plan;
    StatedFigures stated;                     // what the file states beside the plan's values
    std::vector<std::string> manifest_paths;  // those named after the plan file, else those it was made from
    SignatureCheck signature = SignatureCheck::unsigned_plan;
    std::string plan_digest;  // as the file states it: the journal of the apply that applies it records it
};

// Where a saved plan comes from and what it must pass before anything is read from FortiFlex.
struct SavedPlanSource {
    std::string name;  // its file, for messages
    std::string text;
    std::vector<std::string> named_paths;  // manifests named after the plan file
    std::function<bool(const std::string&)> exists;
    std::function<bool(const std::string&)> inside_tree;  // whether a path lies in the working tree apply runs in
    std::string key;                                      // FLEXFORM_PLAN_KEY; empty when unset
};

// Reads a saved plan and decides the manifests it applies against: the named ones, else the recorded ones, each
// inside the working tree, of which one at least must still exist. With a key, the file's signature must hold.
// Throws PlanFileError naming the file when it is not a plan or is unsigned or badly signed under the key;
// RequestError when it records a path outside the tree, holds no changes or its manifests are gone.
SavedPlan read_saved_plan(const SavedPlanSource& source, const Catalog& catalog);

// The file's signature under source.key; throws RequestError when the key is set and the file is unsigned, or when
// the signature does not hold.
SignatureCheck checked_signature(const SavedPlanSource& source);
// The manifests a saved plan applies against: the named ones, else `recorded` (each inside the working tree); throws
// RequestError when none of them exists any more.
std::vector<std::string> saved_manifest_paths(const SavedPlanSource& source, const std::vector<std::string>& recorded);

// Reads a saved plan's text (`name` is its file, for messages) and decides the manifests it applies against:
// `named_paths` when given, else the ones it records, of which one at least must still `exist`. Throws
// RequestError when it holds no changes or its manifests are gone, PlanFileError when it is not a plan.
SavedPlan read_saved_plan(const std::string& name, const std::string& text, const std::vector<std::string>& named_paths,
                          const std::function<bool(const std::string&)>& exists, const Catalog& catalog);

struct ApplyRequest {
    // How to plan now: the loaded manifests, the program, --customer and --prune (for a saved plan, its scope is
    // planned again, and --customer or --prune with it is a RequestError).
    PlanRequest plan;
    std::optional<Plan> saved;  // apply PLANFILE: the reviewed plan
    StatedFigures saved_stated;  // and the figures its file states beside its values (compared when given)
    // Its plan digest: recorded in the journal header as `saved_plan_digest`, so a second apply of the same file
    // can be told "already applied" (put it in journal_header too).
    std::string saved_digest;
    // The plan digest of a plan (render's plan_digest, the one pull-request comments show): the saved file's must be
    // that of the plan made now.
    std::function<std::string(const Plan&)> plan_digest;
    // Told, before the lock is taken, of the earlier applies whose outcome is not fully known.
    std::function<void(const std::vector<OpenJournalNote>&)> on_open_journals;
    LockHolder me;
    std::chrono::milliseconds lock_timeout{0};
    ApplyOptions execution;                             // parallelism, observers, the interrupt flag
    std::map<std::string, std::string> journal_header;  // who runs it: host, user, pid
    // Creates waiting to settle: skipped (the run ends incomplete), or with `wait_settle` waited for, then planned
    // again. `on_settle_wait` is told what is waited for and until when (UTC); `wait_until` sleeps until that UTC
    // second and returns false when interrupted.
    bool wait_settle = false;
    std::function<void(const std::string& until, const std::vector<Change>& waiting)> on_settle_wait;
    std::function<bool(std::int64_t utc_seconds)> wait_until;
    std::function<void()> on_writes_start;  // called once, right before the first write may go out
    // The caller holds the program's lock already (apply across programs takes every program's lock first).
    bool lock_held = false;
};

enum class ApplyVerdict { applied, no_changes, refused_stale, refused_errors, cancelled, interrupted };

// Where an apply stopped that an interrupt ended before any write.
enum class InterruptedPhase { lock_wait, planning, settle_wait, approval };

// The earlier apply that applied this very saved plan.
struct AppliedBefore {
    std::string journal;
    std::string started_at;
};

struct ApplyOutcome {
    ApplyVerdict verdict = ApplyVerdict::no_changes;
    Plan plan;                                   // what was applied, or would have been
    std::vector<std::string> differences;        // refused_stale: how the saved plan differs from a plan made now
    std::optional<AppliedBefore> applied_before;  // refused_stale: because an earlier apply already applied it
    std::vector<OpenJournalNote> open_journals;  // as told to on_open_journals, before the lock
    std::vector<OpenJournal> rechecked;          // earlier journals whose unknown actions this run's fresh read covered
    InterruptedPhase interrupted_while = InterruptedPhase::planning;  // verdict interrupted
    PendingReview pending;                       // creates of unknown outcome on record, as the last plan found them
    std::string journal;                         // this run's journal
    ApplyResult result;
    std::int64_t plan_requests = 0;
};

// How a saved plan differs from `fresh`, the plan made now: every field and stated figure, then the digest when
// nothing else tells them apart. Empty: the saved plan is what would be applied.
std::vector<std::string> saved_plan_differences(const ApplyRequest& request, const Plan& fresh, const Catalog& catalog);

// The program's lock, waited for in short turns so an interrupt ends the wait within a second; null when interrupted.
// Throws LockBusy when the timeout passes.
std::unique_ptr<ProgramLock> take_program_lock(LockService& locks, const std::string& program,
                                               const ApplyRequest& request);

ApplyOutcome apply_program(Provider& provider, LockService& locks, JournalStore& journals, const Clock& clock,
                           const ApplyRequest& request, const Catalog& catalog,
                           const std::function<bool(const Plan&)>& approve);

}  // namespace flexform

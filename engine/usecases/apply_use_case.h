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
#include "engine/ports/journal_store.h"
#include "engine/ports/program_lock.h"
#include "engine/usecases/plan_use_case.h"

namespace flexform {

struct ApplyRequest {
    PlanRequest plan;           // how to plan now (for a saved plan: its scope and manifests)
    std::optional<Plan> saved;  // apply PLANFILE: the reviewed plan
    LockHolder me;
    std::chrono::milliseconds lock_timeout{0};
    ApplyOptions execution;                             // parallelism, observers, the interrupt flag
    std::map<std::string, std::string> journal_header;  // who runs it: host, user, pid
};

enum class ApplyVerdict { applied, no_changes, refused_stale, refused_errors, cancelled };

struct OpenJournal {
    std::string id;
    JournalState state;
};

struct ApplyOutcome {
    ApplyVerdict verdict = ApplyVerdict::no_changes;
    Plan plan;                             // what was applied, or would have been
    std::vector<std::string> differences;  // refused_stale: how the saved plan differs from a plan made now
    std::vector<OpenJournal> rechecked;    // earlier journals whose unknown actions this run's fresh read covered
    std::string journal;                   // this run's journal
    ApplyResult result;
    std::int64_t plan_requests = 0;
};

// Journals of earlier runs that ended without knowing every outcome.
std::vector<OpenJournal> journals_to_recheck(JournalStore& journals, const std::string& program);

ApplyOutcome apply_program(Provider& provider, LockService& locks, JournalStore& journals, const Clock& clock,
                           const DesiredState& desired, const ApplyRequest& request, const Catalog& catalog,
                           const std::function<bool(const Plan&)>& approve);

}  // namespace flexform

// The plan use case: read what the customers in scope need from FortiFlex, price it, and plan. Used by `plan`,
// `apply` and `drift`; the CLI only binds flags and the loaded manifests to a PlanRequest.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/catalog/catalog.h"
#include "engine/model/defaults.h"
#include "engine/model/desired.h"
#include "engine/plan/plan.h"
#include "engine/plan/planner.h"
#include "engine/ports/clock.h"
#include "engine/ports/journal_store.h"
#include "engine/ports/manifest_history.h"
#include "engine/ports/provider.h"
#include "engine/ports/pending_creates.h"
#include "engine/usecases/open_journals.h"
#include "engine/usecases/pending_review.h"
#include "engine/usecases/snapshot_reading.h"

namespace flexform {

// A request the manifests or a saved plan cannot honour (a --customer they do not declare, a saved plan with
// nothing to apply): the caller's mistake, found before any call to FortiFlex.
class RequestError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct PlanRequest {
    const DesiredState* desired = nullptr;    // the loaded manifests (must be set)
    std::vector<std::string> manifest_paths;  // recorded in the plan, so `apply PLANFILE` can read them again
    std::string project_file;                 // the project's flexform.yaml (a change to it concerns everyone)
    std::string program;
    std::vector<std::string> customers;  // empty: every customer of the manifests
    bool prune = false;
    // plan --changed-since: `customers` are the changed ones and only their accounts are read (none: an empty plan,
    // and no request at all). With `history`, the plan finds them itself; without, they are given (a saved plan).
    std::string changed_since;
    // With changed_since the last applied commit: the pull request's base. Customers changed since changed_since
    // but not since base were merged and never applied; the plan labels them.
    std::string base;
    ManifestHistory* history = nullptr;
    JournalStore* journals = nullptr;  // when set, the outcome names the open journals of earlier applies
    // When set, creates of unknown outcome on record are re-checked against the read, and those that may still land
    // are marked waiting to settle in the plan.
    PendingCreates* pending = nullptr;
    bool price = true;                 // drift needs no prices to find what differs
    bool price_if_changed = false;     // without `price`: read them once something differs, for its points impact
    int parallelism = k_default_parallelism;
    std::optional<double> yearly_commitment;
    // Where a full read is kept as the program's newest snapshot; a plan never reads one (its max age is ignored).
    SnapshotAccess snapshots;
    // Several programs (plan_programs): this program's live state when the run has read it already (it is not read
    // again), the other programs' live state and the configurations the manifests bill to another program.
    const LiveState* live = nullptr;
    std::vector<const LiveState*> other_programs;
    std::vector<DeclaredElsewhere> declared_elsewhere;
};

// What `plan --changed-since REF` found: the plan's scope, and what it leaves out.
struct ChangeScope {
    std::string ref;
    std::string project_file;
    bool project_changed = false;        // every customer is planned
    std::vector<std::string> changed;    // the customers planned
    std::vector<std::string> removed;    // declared at REF, nowhere now: flexform leaves their accounts alone
    std::string base;                    // the pull request's base, when given
    std::vector<std::string> unapplied;  // changed since REF but not since base: merged, not yet applied
};

struct PlanOutcome {
    LiveState live;
    Plan plan;
    std::optional<ChangeScope> change_scope;  // plan --changed-since
    std::vector<OpenJournalNote> open_journals;
    PendingReview pending;      // what became of the creates of unknown outcome on record
    std::int64_t requests = 0;  // API requests the plan took
    std::size_t accounts_read = 0;
    std::size_t prices = 0;
};

PlanOutcome plan_program(Provider& provider, const Clock& clock, const PlanRequest& request, const Catalog& catalog);

// What `plan --changed-since` plans: the customers of request.desired changed since request.changed_since (every one
// when the project file changed), read from request.history. Throws RequestError beside --customer.
ChangeScope plan_change_scope(const PlanRequest& request, const Catalog& catalog);

}  // namespace flexform

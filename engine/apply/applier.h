// apply_plan executes a Plan through a Provider in the order of DESIGN section 4, each stage with bounded
// parallelism. A failed action skips only the actions that depend on it; repeated outages open a circuit breaker;
// an interrupt starts nothing new. Observers (progress, journal, event stream) see typed events.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/model/defaults.h"
#include "engine/catalog/catalog.h"
#include "engine/plan/plan.h"
#include "engine/ports/pending_creates.h"
#include "engine/ports/provider.h"

namespace flexform {

enum class OutcomeStatus {
    done,
    failed,         // the write did not happen
    unknown,        // the write was sent and may have happened: the next plan re-reads it
    skipped,        // an action it depends on did not succeed
    not_attempted,  // interrupted, or the circuit breaker opened
    waiting,        // a create whose earlier send may still land: not sent before its settle window has passed
};
std::string_view to_string(OutcomeStatus status);
std::optional<OutcomeStatus> parse_outcome_status(std::string_view text);

// Why an action failed, in kinds the summary and the breaker can use.
enum class FailureKind {
    none,
    refused,
    outage,
    outcome_unknown,
    dependency,
    interrupted,
    circuit_open,
    budget_spent,         // the program's request budget stayed spent past --budget-timeout: not sent
    create_errors_spent,  // the hour's allowance of failed creates is spent: not sent
    settling,             // a create of unknown outcome may still land: not sent until proven absent
};
std::string_view to_string(FailureKind kind);
std::optional<FailureKind> parse_failure_kind(std::string_view text);

struct ActionOutcome {
    std::size_t index = 0;    // into plan.changes
    std::size_t ordinal = 0;  // its place in the order actions started (1-based); 0 if it never started
    OutcomeStatus status = OutcomeStatus::not_attempted;
    FailureKind failure = FailureKind::none;
    std::string error;
    double seconds = 0.0;
    std::optional<std::int64_t> config_id;  // a created configuration's id
    std::vector<std::string> serials;       // entitlements created or touched
    std::vector<Attempt> attempts;          // every request the action sent
    bool recovered = false;                 // an unknown outcome resolved by re-reading
};

struct ApplyResult {
    std::vector<ActionOutcome> outcomes;  // one per change, in plan order
    bool interrupted = false;
    std::string circuit_open;  // why the breaker opened, if it did
    bool budget_spent = false;  // the request budget ran out: nothing new started after
    int count(OutcomeStatus status) const;
    bool ok() const { return count(OutcomeStatus::done) == static_cast<int>(outcomes.size()); }
};

// Typed events of one run; every callback may come from a worker thread, one at a time.
class ApplyObserver {
public:
    virtual ~ApplyObserver() = default;
    virtual void run_started(const Plan&) {}
    // `ordinal` counts from 1 in the order actions start; `total` is the number of changes.
    virtual void action_started(const Change&, std::size_t /*ordinal*/, std::size_t /*total*/) {}
    virtual void action_still_running(const Change&, double /*seconds*/) {}
    virtual void action_finished(const Change&, const ActionOutcome&, std::size_t /*finished*/, std::size_t /*total*/) {
    }
    virtual void run_finished(const ApplyResult&) {}
};

struct ApplyOptions {
    int parallelism = k_default_parallelism;
    const Catalog* catalog = nullptr;
    std::function<double()> seconds_now;  // a monotonic clock, for elapsed times
    std::vector<ApplyObserver*> observers;
    const std::atomic<bool>* stop_requested = nullptr;  // set by SIGINT/SIGTERM: start nothing new
    int circuit_breaker = 5;                            // consecutive outages that stop the run (0: never)
    double still_running_after = 10.0;  // seconds before an action in flight is reported as still running
    // Where a create that could duplicate an object (a configuration, VMs) is recorded before each send, and
    // closed once its outcome is definite; null: not recorded (tests of the applier alone).
    PendingCreates* pending = nullptr;
    std::function<std::int64_t()> utc_seconds;            // the wall clock of the records' send times
    int settle_window_seconds = 120;                      // the request timeout plus the settle margin
    std::string run_id;                                   // unique per run: records are "<run_id>-<change index>"
    std::string writer;                                   // "host pid N", kept in the records
    std::map<std::int64_t, int> entitlements_per_config;  // as read before the run, of any status: VM baselines
};

ApplyResult apply_plan(const Plan& plan, Provider& provider, const ApplyOptions& options);

// For each change, the changes it depends on (indexes into plan.changes): a config created or enabled before its
// entitlements, a move before a stop, stops before a disable.
std::vector<std::vector<std::size_t>> dependencies(const Plan& plan);

}  // namespace flexform

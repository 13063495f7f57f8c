#include "engine/usecases/apply_use_case.h"

#include <algorithm>
#include <iterator>

#include "engine/plan/plan_compare.h"
#include "engine/plan/plan_file.h"
#include "engine/usecases/status_use_case.h"

namespace flexform {

namespace {

// An earlier journal is covered when every action it left unknown belongs to a customer this run planned.
bool covered(const OpenJournal& journal, const Plan& plan, const DesiredState& desired) {
    if (plan.scope.customers.empty() && plan.scope.changed_since.empty()) {
        return true;
    }
    return std::all_of(journal.state.unresolved.begin(), journal.state.unresolved.end(), [&](const JournalEntry& e) {
        const std::string customer = e.address.substr(0, e.address.find('/'));
        const auto& names = plan.scope.customers;
        return desired.find_customer(customer) && std::find(names.begin(), names.end(), customer) != names.end();
    });
}

// A plan of the changed customers only (plan --changed-since, the PR flow) does not know the whole program's rate,
// so it cannot evaluate the prepaid runway. Before anything is written, read the program's current rate once and
// evaluate that rule for real on the plan's delta: a merge never spends past the runway a reviewer could not see.
void evaluate_runway_on_the_whole_program(Provider& provider, const DesiredState& desired, const PlanRequest& request,
                                          const Catalog& catalog, const Date& today, Plan& plan) {
    if (plan.cost.totals_complete || !desired.project.policies.min_runway_days || !plan.cost.prepaid_balance) {
        return;
    }
    StatusRequest status;
    status.program = request.program;
    status.parallelism = request.parallelism;
    const double now = program_status(provider, status, catalog).report.points_per_day;
    Cost whole = plan.cost;
    whole.per_day_before = now;
    whole.per_day_after = now + plan.cost.delta_per_day();
    whole.totals_complete = true;
    for (auto& evaluated : evaluate_policies(whole, desired, today)) {
        if (evaluated.rule != PolicyRule::min_runway_days) {
            continue;
        }
        for (auto& result : plan.policies) {
            if (result.rule == evaluated.rule) {
                result = evaluated;
            }
        }
    }
}

// The apply whose journal header records this saved plan's digest (the latest, if several): from the journals'
// first lines, so cheap.
std::optional<AppliedBefore> applied_before(JournalStore& journals, const std::string& program,
                                            const std::string& digest) {
    if (digest.empty()) {
        return std::nullopt;
    }
    const std::string marker = "\"saved_plan_digest\":\"" + digest + "\"";
    std::optional<AppliedBefore> found;
    for (const auto& header : journals.journal_headers(program)) {
        if (header.text.find(marker) != std::string::npos) {
            found = AppliedBefore{header.id, read_journal(header.text).started_at};
        }
    }
    return found;
}

bool stop_requested(const ApplyRequest& request) {
    return request.execution.stop_requested && request.execution.stop_requested->load();
}

}  // namespace

std::unique_ptr<ProgramLock> take_program_lock(LockService& locks, const std::string& program,
                                               const ApplyRequest& request) {
    constexpr std::chrono::milliseconds k_turn{250};
    if (!request.execution.stop_requested || request.lock_timeout <= k_turn) {
        return locks.acquire(program, request.me, request.lock_timeout);
    }
    for (auto remaining = request.lock_timeout;;) {
        if (stop_requested(request)) {
            return nullptr;
        }
        const auto turn = std::min(remaining, k_turn);
        try {
            return locks.acquire(program, request.me, turn);
        } catch (const LockBusy&) {
            remaining -= turn;
            if (remaining.count() <= 0) {
                throw;
            }
        }
    }
}

namespace {

// The records a plan settled: found live, or proven absent (a create of it may now be sent again, newly recorded).
void close_settled(PendingCreates* pending, const PendingReview& review) {
    if (!pending) {
        return;
    }
    for (const auto* settled : {&review.found, &review.absent}) {
        for (const auto& r : *settled) {
            pending->close(r.id);
        }
    }
}

std::vector<Change> waiting_changes(const Plan& plan) {
    std::vector<Change> out;
    std::copy_if(plan.changes.begin(), plan.changes.end(), std::back_inserter(out),
                 [](const Change& c) { return c.waiting.has_value(); });
    return out;
}

std::string latest_until(const std::vector<Change>& waiting) {
    std::string latest;
    for (const auto& c : waiting) {
        latest = std::max(latest, c.waiting->until);
    }
    return latest;
}

std::map<std::int64_t, int> entitlements_per_config(const LiveState& live) {
    std::map<std::int64_t, int> out;
    for (const auto& [account, entitlements] : live.entitlements) {
        for (const auto& e : entitlements) {
            ++out[e.config_id];
        }
    }
    return out;
}

std::string run_id(const ApplyRequest& request, const Clock& clock) {
    std::string id = clock.utc_timestamp();
    std::erase_if(id, [](char c) { return c == ':' || c == '-'; });
    for (const char* key : {"host", "pid"}) {
        const auto it = request.journal_header.find(key);
        id += "-" + (it == request.journal_header.end() ? std::string("?") : it->second);
    }
    return id;
}

}  // namespace

std::vector<std::string> saved_plan_differences(const ApplyRequest& request, const Plan& fresh, const Catalog& catalog) {
    std::vector<std::string> out = request.saved_stated.empty()
                                       ? compare_plans(*request.saved, fresh)
                                       : compare_saved_plan(*request.saved, request.saved_stated, fresh, catalog);
    // The digest only when nothing else tells the plans apart: beside a difference it adds a hash that differs
    // because of it (that of no change at all when nothing would be planned now).
    if (out.empty() && request.plan_digest && !request.saved_digest.empty() &&
        request.saved_digest != request.plan_digest(fresh)) {
        out.push_back("plan_digest: saved " + request.saved_digest + ", now " + request.plan_digest(fresh));
    }
    return out;
}

SavedPlan read_saved_plan(const std::string& name, const std::string& text, const std::vector<std::string>& named_paths,
                          const std::function<bool(const std::string&)>& exists, const Catalog& catalog) {
    return read_saved_plan({name, text, named_paths, exists, [](const std::string&) { return true; }, {}}, catalog);
}

SignatureCheck checked_signature(const SavedPlanSource& source) {
    const std::string& name = source.name;
    const SignatureCheck signature = check_signature(source.text, source.key);
    if (!source.key.empty() && signature == SignatureCheck::unsigned_plan) {
        throw PlanFileError(name +
                            " is not signed, and FLEXFORM_PLAN_KEY is set: apply refuses an unsigned plan; "
                            "make it with `flexform plan --out` where the key is set");
    }
    if (signature == SignatureCheck::invalid) {
        throw PlanFileError(name +
                            "'s signature does not hold under FLEXFORM_PLAN_KEY: the file was changed after it "
                            "was signed, or signed with another key");
    }
    return signature;
}

std::vector<std::string> saved_manifest_paths(const SavedPlanSource& source, const std::vector<std::string>& recorded) {
    const std::string& name = source.name;
    std::vector<std::string> paths = source.named_paths;
    if (paths.empty()) {
        paths = recorded;
        for (const auto& path : paths) {
            if (!source.inside_tree(path)) {
                throw RequestError(name + " records the manifest path " + path +
                                   ", outside the working tree apply runs in; a saved plan applies only the "
                                   "manifests of that tree");
            }
        }
    }
    const auto& exists = source.exists;
    if (paths.empty() || std::none_of(paths.begin(), paths.end(), exists)) {
        throw RequestError("the manifests " + name + " was made from (" +
                           (paths.empty() ? std::string("none recorded") : paths.front()) +
                           ") are gone; a saved plan applies only against the manifests it was made from "
                           "(name them after the plan file)");
    }
    return paths;
}

SavedPlan read_saved_plan(const SavedPlanSource& source, const Catalog& catalog) {
    const SignatureCheck signature = checked_signature(source);
    // A bad plan file is not a wrong flag: say which file, and what in it.
    PlanFile file = [&] {
        try {
            return read_plan_file(source.text, catalog);
        } catch (const PlanFileError& e) {
            throw PlanFileError(source.name + ": " + e.what());
        }
    }();
    SavedPlan saved{std::move(file.plan), std::move(file.stated), source.named_paths, signature,
                    std::move(file.plan_digest)};
    if (saved.plan.changes.empty()) {
        throw RequestError(source.name + " holds no changes: there is nothing to apply");
    }
    saved.manifest_paths = saved_manifest_paths(source, saved.plan.manifest_paths);
    return saved;
}

ApplyOutcome apply_program(Provider& provider, LockService& locks, JournalStore& journals, const Clock& clock,
                           const ApplyRequest& request, const Catalog& catalog,
                           const std::function<bool(const Plan&)>& approve) {
    PlanRequest plan_request = request.plan;
    if (request.saved) {
        if (!plan_request.customers.empty() || plan_request.prune) {
            throw RequestError("--customer and --prune come from the saved plan; they cannot be given with one");
        }
        plan_request.customers = request.saved->scope.customers;
        plan_request.prune = request.saved->scope.prune;
        plan_request.changed_since = request.saved->scope.changed_since;
    }
    plan_request.history = nullptr;   // apply plans the scope it is given (a saved plan records its own)
    plan_request.journals = nullptr;  // the notes are told below, before the lock
    ApplyOutcome out;
    out.open_journals = open_journal_notes(journals, plan_request.program);
    if (request.on_open_journals) {
        request.on_open_journals(out.open_journals);
    }
    const auto interrupted = [&out](InterruptedPhase phase) {
        out.verdict = ApplyVerdict::interrupted;
        out.interrupted_while = phase;
        return out;
    };
    // One writer per program, from before the first read to the last write.
    std::unique_ptr<ProgramLock> lock;
    if (!request.lock_held) {
        lock = take_program_lock(locks, plan_request.program, request);
        if (!lock) {
            return interrupted(InterruptedPhase::lock_wait);
        }
    }
    const DesiredState& desired = *plan_request.desired;
    const std::vector<OpenJournal> earlier = journals_to_recheck(journals, plan_request.program);
    PlanOutcome planned;
    for (;;) {
        try {
            planned = plan_program(provider, clock, plan_request, catalog);
        } catch (const ProviderError&) {
            if (stop_requested(request)) {
                return interrupted(InterruptedPhase::planning);  // the reads in flight were abandoned
            }
            throw;
        }
        if (stop_requested(request)) {
            return interrupted(InterruptedPhase::planning);
        }
        close_settled(plan_request.pending, planned.pending);
        const std::vector<Change> waiting = waiting_changes(planned.plan);
        if (!request.wait_settle || waiting.empty() || !request.wait_until) {
            break;
        }
        const std::string until = latest_until(waiting);
        if (request.on_settle_wait) {
            request.on_settle_wait(until, waiting);
        }
        // One second past the window, so the reads after it are surely after it.
        if (!request.wait_until(utc_seconds(until).value_or(0) + 1)) {
            return interrupted(InterruptedPhase::settle_wait);
        }
    }
    out.pending = planned.pending;
    out.plan = std::move(planned.plan);
    out.plan_requests = planned.requests;
    for (const auto& journal : earlier) {
        if (covered(journal, out.plan, desired)) {
            out.rechecked.push_back(journal);
        }
    }
    const auto mark_rechecked = [&] {
        for (const auto& journal : out.rechecked) {
            journals.append(journal.id, journal_reconciled_line(clock.utc_timestamp(), "apply"));
        }
    };
    if (request.saved) {
        out.differences = saved_plan_differences(request, out.plan, catalog);
        if (!out.differences.empty()) {
            out.applied_before = applied_before(journals, plan_request.program, request.saved_digest);
            out.verdict = ApplyVerdict::refused_stale;
            return out;
        }
    }
    evaluate_runway_on_the_whole_program(provider, desired, plan_request, catalog, clock.today(), out.plan);
    if (!out.plan.applyable()) {
        out.verdict = ApplyVerdict::refused_errors;
        return out;
    }
    if (!out.plan.has_changes()) {
        mark_rechecked();
        out.verdict = ApplyVerdict::no_changes;
        return out;
    }
    if (approve && !approve(out.plan)) {
        out.verdict = ApplyVerdict::cancelled;
        return out;
    }
    if (stop_requested(request)) {
        return interrupted(InterruptedPhase::approval);
    }
    const auto writer = journals.create(plan_request.program);
    out.journal = writer->location();
    JournalObserver journal([&writer](const std::string& line) { writer->write_line(line); },
                            [&clock] { return clock.utc_timestamp(); }, request.journal_header);
    ApplyOptions execution = request.execution;
    execution.catalog = &catalog;
    execution.observers.insert(execution.observers.begin(), &journal);  // journaled before anything else sees it
    if (!execution.seconds_now) {
        execution.seconds_now = [&clock] { return clock.monotonic_seconds(); };
    }
    execution.pending = plan_request.pending;
    execution.utc_seconds = [&clock] { return utc_seconds(clock.utc_timestamp()).value_or(0); };
    execution.run_id = run_id(request, clock);
    execution.writer = request.me.host + " pid " + request.me.pid;
    execution.entitlements_per_config = entitlements_per_config(planned.live);
    // A plan without changes may have kept its read as the newest snapshot; one with changes is about to outdate it.
    forget_snapshots(plan_request.snapshots, plan_request.program);
    if (request.on_writes_start) {
        request.on_writes_start();
    }
    out.result = apply_plan(out.plan, provider, execution);
    mark_rechecked();
    out.verdict = ApplyVerdict::applied;
    return out;
}

}  // namespace flexform

#include "engine/usecases/apply_use_case.h"

#include <algorithm>

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

}  // namespace

SavedPlan read_saved_plan(const std::string& name, const std::string& text, const std::vector<std::string>& named_paths,
                          const std::function<bool(const std::string&)>& exists, const Catalog& catalog) {
    SavedPlan saved{read_plan_text(text, catalog), named_paths};
    if (saved.plan.changes.empty()) {
        throw RequestError(name + " holds no changes: there is nothing to apply");
    }
    std::vector<std::string>& paths = saved.manifest_paths;
    if (paths.empty()) {
        paths = saved.plan.manifest_paths;
    }
    if (paths.empty() || std::none_of(paths.begin(), paths.end(), exists)) {
        throw RequestError("the manifests " + name + " was made from (" +
                           (paths.empty() ? std::string("none recorded") : paths.front()) +
                           ") are gone; a saved plan applies only against the manifests it was made from "
                           "(name them after the plan file)");
    }
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
    // One writer per program, from before the first read to the last write.
    const auto lock = locks.acquire(plan_request.program, request.me, request.lock_timeout);
    const DesiredState& desired = *plan_request.desired;
    const std::vector<OpenJournal> earlier = journals_to_recheck(journals, plan_request.program);
    PlanOutcome planned = plan_program(provider, clock, plan_request, catalog);
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
        out.differences = compare_plans(*request.saved, out.plan);
        if (!out.differences.empty()) {
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
    out.result = apply_plan(out.plan, provider, execution);
    mark_rechecked();
    out.verdict = ApplyVerdict::applied;
    return out;
}

}  // namespace flexform

#include "engine/usecases/plan_use_case.h"

#include <algorithm>
#include <set>

#include "engine/manifest/manifest.h"
#include "engine/plan/changes.h"
#include "engine/plan/digest.h"
#include "engine/plan/planner.h"
#include "engine/usecases/live_reading.h"

namespace flexform {

namespace {

void check_customers(const PlanRequest& request) {
    for (const auto& name : request.customers) {
        if (!request.desired->find_customer(name)) {
            throw RequestError("--customer " + name + " is not declared in the manifests");
        }
    }
}

// The customers whose manifests differ from the revision, or every customer when the project file changed.
CustomerChanges changes_since(const PlanRequest& request, const std::string& ref, const Catalog& catalog,
                              bool& project_changed) {
    const DesiredState& now = *request.desired;
    // The offers' files count as manifests even when they lie outside the paths (offers/ beside the project file).
    std::vector<std::string> paths = request.manifest_paths;
    for (const auto& offer : now.offers) {
        if (std::find(paths.begin(), paths.end(), offer.pos.file) == paths.end()) {
            paths.push_back(offer.pos.file);
        }
    }
    const ManifestChanges changes = request.history->changed_since(ref, paths, request.project_file, now.files);
    project_changed = changes.project_changed;
    if (project_changed) {
        return {};
    }
    std::set<std::string> files;
    for (const auto& changed : changes.files) {
        files.insert(changed.path);
    }
    // The old revision: the changed files as they were, naming the offers of the unchanged files as they are.
    DesiredState before;
    for (const auto& offer : now.offers) {
        if (!files.count(offer.pos.file)) {
            before.offers.push_back(offer);
        }
    }
    std::vector<Diagnostic> ignored;  // the old revision's problems are not this plan's
    const ManifestOptions options{&catalog, {}};
    for (const auto& changed : changes.files) {
        if (changed.text_then && may_hold_offers(*changed.text_then)) {
            parse_manifest_text(changed.path, *changed.text_then, options, before, ignored, nullptr,
                                DocumentKinds::offers_only);
        }
    }
    for (const auto& changed : changes.files) {
        if (changed.text_then) {
            parse_manifest_text(
                changed.path, *changed.text_then, options, before, ignored, nullptr,
                may_hold_offers(*changed.text_then) ? DocumentKinds::all_but_offers : DocumentKinds::all);
        }
    }
    return customer_changes(before, now, files);
}

ChangeScope scope_of_changes(const PlanRequest& request, const Catalog& catalog) {
    if (!request.customers.empty()) {
        throw RequestError("--changed-since and --customer exclude each other: the change decides the customers");
    }
    ChangeScope scope;
    scope.ref = request.changed_since;
    scope.project_file = request.project_file;
    scope.base = request.base;
    const CustomerChanges customers = changes_since(request, request.changed_since, catalog, scope.project_changed);
    if (scope.project_changed) {
        return scope;
    }
    scope.changed = customers.changed;
    scope.removed = customers.removed;
    if (!request.base.empty()) {
        bool base_project_changed = false;
        const CustomerChanges own = changes_since(request, request.base, catalog, base_project_changed);
        const std::set<std::string> mine(own.changed.begin(), own.changed.end());
        for (const auto& name : scope.changed) {
            if (!base_project_changed && !mine.count(name)) {
                scope.unapplied.push_back(name);
            }
        }
    }
    return scope;
}

// What the plan tells beside its changes, and what identifies it, whichever way it was made.
void describe(Plan& plan, const PlanRequest& request, const std::optional<ChangeScope>& scope) {
    if (plan.program_serial.empty()) {
        plan.program_serial = request.program;
    }
    plan.flexform_version = FLEXFORM_VERSION;
    if (scope) {
        plan.removed_customers = scope->removed;
        plan.unapplied_customers = scope->unapplied;
        plan.base_ref = scope->base;
    }
}

bool declares_end_date(const DesiredState& desired, const PlanOptions& options) {
    for (const Customer* customer : selected_customers(desired, options)) {
        for (const auto& config : customer->configs) {
            if (config.end_date || std::any_of(config.serials.begin(), config.serials.end(),
                                               [](const DesiredHardware& hw) { return hw.end_date.has_value(); })) {
                return true;
            }
        }
    }
    return false;
}

// One programs/list, only for plans that declare an end date (the planner checks them against it).
std::optional<Date> program_end(Provider& provider, const std::string& program) {
    for (const auto& p : provider.list_programs()) {
        if (p.serial == program) {
            return p.end;
        }
    }
    return std::nullopt;
}

}  // namespace

ChangeScope plan_change_scope(const PlanRequest& request, const Catalog& catalog) {
    return scope_of_changes(request, catalog);
}

PlanOutcome plan_program(Provider& live, const Clock& clock, const PlanRequest& given, const Catalog& catalog) {
    check_customers(given);
    // Always FortiFlex; a full read is kept as the newest snapshot for the read-only verbs.
    SnapshotReading reading(live, given.snapshots.keep_only(), given.program);
    Provider& provider = reading.provider();
    PlanOutcome out;
    PlanRequest request = given;
    if (request.history && !request.changed_since.empty()) {
        out.change_scope = scope_of_changes(request, catalog);
        if (out.change_scope->project_changed) {
            request.changed_since.clear();
        } else {
            request.customers = out.change_scope->changed;
        }
    }
    if (request.journals) {
        out.open_journals = open_journal_notes(*request.journals, request.program);
    }
    const DesiredState& desired = *request.desired;
    const std::int64_t calls_before = provider.calls_made();
    PlanOptions options;
    options.prune = request.prune;
    options.customers = request.customers;
    options.today = clock.today();
    options.yearly_commitment = is_prepaid_program(request.program) ? std::nullopt : request.yearly_commitment;
    std::vector<std::int64_t> accounts;
    for (const Customer* customer : selected_customers(desired, options)) {
        accounts.push_back(customer->account_id);
    }
    if (!request.changed_since.empty() && request.customers.empty()) {
        // Nothing changed since the revision: nothing to read, nothing to plan.
        out.plan.created_at = clock.utc_timestamp();
        out.plan.manifest_paths = request.manifest_paths;
        out.plan.scope.changed_since = request.changed_since;
        out.plan.cost.totals_complete = false;
        out.plan.manifest_digest = manifest_digest(desired, {""});
        describe(out.plan, request, out.change_scope);
        return out;
    }
    const std::vector<PendingCreate> on_record =
        request.pending ? request.pending->open() : std::vector<PendingCreate>{};
    const std::int64_t read_at = utc_seconds(clock.utc_timestamp()).value_or(0);
    // A full plan reads every account, so the program totals are true; a PR plan reads only what changed.
    if (request.live) {
        out.live = *request.live;
    } else {
        out.live = request.changed_since.empty()
                       ? read_program(provider, request.program, request.parallelism, accounts)
                       : read_accounts(provider, request.program, accounts, request.parallelism);
    }
    options.other_programs = request.other_programs;
    options.declared_elsewhere = request.declared_elsewhere;
    if (declares_end_date(desired, options)) {
        options.program_end = program_end(provider, request.program);
    }
    PriceTable prices =
        request.price
            ? read_prices(provider, request.program, price_requests(desired, out.live, options), request.parallelism)
            : PriceTable{};
    out.pending = review_pending(provider, request.program, out.live, on_record, read_at);
    options.settling = out.pending.settling();
    if (request.pending) {
        for (const auto& unit : request.pending->removed()) {
            options.decommissioned[unit.serial] = utc_text(unit.removed_at);
        }
    }
    out.plan = make_plan(desired, out.live, prices, catalog, options);
    if (!request.price && request.price_if_changed && !out.plan.changes.empty()) {
        prices = read_prices(provider, request.program, price_requests(desired, out.live, options), request.parallelism);
        out.plan = make_plan(desired, out.live, prices, catalog, options);
    }
    out.plan.created_at = clock.utc_timestamp();
    out.plan.manifest_paths = request.manifest_paths;
    out.plan.scope.changed_since = request.changed_since;
    out.plan.manifest_digest = manifest_digest(desired, request.customers);
    out.plan.live_digest = live_digest(out.live);
    describe(out.plan, request, out.change_scope);
    out.requests = provider.calls_made() - calls_before;
    out.accounts_read = out.live.entitlements.size() + out.live.unreadable.size();
    out.prices = prices.size();
    reading.keep();
    return out;
}

}  // namespace flexform

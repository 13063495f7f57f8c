#include "engine/usecases/token_regeneration_use_case.h"

#include <algorithm>
#include <set>

#include "engine/apply/journal.h"
#include "engine/usecases/plan_use_case.h"

namespace flexform {

namespace {

bool selected(const TokenRow& row, const TokenSelection& selection) {
    const auto& serials = selection.serials;
    return (serials.empty() || std::find(serials.begin(), serials.end(), row.token.serial) != serials.end()) &&
           (!selection.status || row.token.status == *selection.status) &&
           (!selection.token_status || parse_token_status(row.token.token_status) == *selection.token_status);
}

Change regeneration(const TokenRow& row) {
    Change c;
    c.customer = row.customer.empty() ? "account-" + std::to_string(row.account_id) : row.customer;
    c.account_id = row.account_id;
    c.config_name = row.config;
    c.kind = ChangeKind::entitlement;
    c.action = ActionKind::regenerate_token;
    c.reason = Reason{ReasonCode::token_requested};
    c.serial = row.token.serial;
    c.config_id = row.token.config_id;
    c.address = c.customer + "/" + row.config + "/" + row.token.serial;
    c.before.status = row.token.status;
    return c;
}

}  // namespace

TokenRegenerationOutcome regenerate_tokens(Provider& provider, LockService& locks, JournalStore& journals,
                                           const Clock& clock, const TokenRegenerationRequest& request,
                                           const Catalog& catalog) {
    const TokenSelection& selection = request.selection;
    if (selection.empty()) {
        throw RequestError("name the VMs: serial numbers, or --status / --token-status (with --customer, --config)");
    }
    const std::string& program = request.scope.program;
    // One writer per program, as apply: a token is not renewed under a plan that is being applied.
    const auto lock = locks.acquire(program, request.me, request.lock_timeout);
    TokenRegenerationOutcome out;
    out.plan.program_serial = program;
    std::set<std::string> chosen;
    for (const auto& row : list_vm_tokens(provider, request.scope, catalog)) {
        if (selected(row, selection)) {
            out.plan.changes.push_back(regeneration(row));
            chosen.insert(row.token.serial);
        }
    }
    for (const auto& serial : selection.serials) {
        if (!chosen.count(serial)) {
            throw RequestError(serial + " is not a VM entitlement" +
                               (request.scope.account || request.scope.config_name ? " in the selected scope"
                                                                                   : " of program " + program) +
                               " (or it does not match the filters given with it)");
        }
    }
    if (out.plan.changes.empty()) {
        return out;
    }
    const auto writer = journals.create(program);
    out.journal = writer->location();
    JournalObserver journal([&writer](const std::string& line) { writer->write_line(line); },
                            [&clock] { return clock.utc_timestamp(); }, request.journal_header);
    ApplyOptions execution = request.execution;
    execution.catalog = &catalog;
    execution.observers.insert(execution.observers.begin(), &journal);  // journaled before anything else sees it
    if (!execution.seconds_now) {
        execution.seconds_now = [&clock] { return clock.monotonic_seconds(); };
    }
    execution.pending = nullptr;  // nothing here can create an object twice
    out.result = apply_plan(out.plan, provider, execution);
    out.verdict = TokenRegenerationVerdict::regenerated;
    for (const auto& row : list_vm_tokens(provider, request.scope, catalog)) {
        if (chosen.count(row.token.serial)) {
            out.tokens.push_back(row);
        }
    }
    return out;
}

}  // namespace flexform

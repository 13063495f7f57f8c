#include "engine/apply/applier.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include "engine/model/names.h"
#include "engine/model/parallel.h"

namespace flexform {

namespace {

constexpr NameTable<OutcomeStatus, 6> k_outcome_statuses = {{
    {OutcomeStatus::done, "done"},
    {OutcomeStatus::failed, "failed"},
    {OutcomeStatus::unknown, "unknown"},
    {OutcomeStatus::skipped, "skipped"},
    {OutcomeStatus::not_attempted, "not attempted"},
    {OutcomeStatus::waiting, "waiting to settle"},
}};
static_assert(names_every_value(k_outcome_statuses, static_cast<std::size_t>(OutcomeStatus::waiting) + 1));

constexpr NameTable<FailureKind, 10> k_failure_kinds = {{
    {FailureKind::none, "none"},
    {FailureKind::refused, "refused"},
    {FailureKind::outage, "outage"},
    {FailureKind::outcome_unknown, "outcome_unknown"},
    {FailureKind::dependency, "dependency"},
    {FailureKind::interrupted, "interrupted"},
    {FailureKind::circuit_open, "circuit_open"},
    {FailureKind::budget_spent, "budget_spent"},
    {FailureKind::create_errors_spent, "create_errors_spent"},
    {FailureKind::settling, "settling"},
}};
static_assert(names_every_value(k_failure_kinds, static_cast<std::size_t>(FailureKind::settling) + 1));

}  // namespace

std::string_view to_string(OutcomeStatus status) {
    return name_in(k_outcome_statuses, status, "unknown");
}

std::optional<OutcomeStatus> parse_outcome_status(std::string_view text) {
    return value_in(k_outcome_statuses, text);
}

std::string_view to_string(FailureKind kind) {
    return name_in(k_failure_kinds, kind, "none");
}

std::optional<FailureKind> parse_failure_kind(std::string_view text) {
    return value_in(k_failure_kinds, text);
}

int ApplyResult::count(OutcomeStatus status) const {
    return static_cast<int>(std::count_if(outcomes.begin(), outcomes.end(),
                                          [status](const ActionOutcome& o) { return o.status == status; }));
}

std::vector<std::vector<std::size_t>> dependencies(const Plan& plan) {
    std::vector<std::vector<std::size_t>> deps(plan.changes.size());
    // Config-level actions by address, and entitlement moves by serial.
    std::map<std::string, std::vector<std::size_t>> config_actions;
    std::map<std::string, std::size_t> created;
    std::map<std::string, std::size_t> moves;
    std::map<std::string, std::vector<std::size_t>> serial_changes;  // serial -> moves and reactivations of it
    std::map<std::string, std::vector<std::size_t>> stops_under;
    std::map<std::string, std::size_t> stop_of;                     // serial -> its stop
    std::map<std::int64_t, std::vector<std::size_t>> moves_out_of;  // live config id -> moves of its entitlements
    for (std::size_t i = 0; i < plan.changes.size(); ++i) {
        const Change& c = plan.changes[i];
        const std::string config = c.customer + "/" + c.config_name;
        switch (c.action) {
            case ActionKind::create_config:
                created[config] = i;
                break;
            case ActionKind::enable_config:
            case ActionKind::update_config:
                config_actions[config].push_back(i);
                break;
            case ActionKind::update_entitlement:
            case ActionKind::transfer:
                if (c.serial) {
                    moves[*c.serial] = i;
                }
                if (c.config_id && c.target_config_id != c.config_id) {
                    moves_out_of[*c.config_id].push_back(i);
                }
                break;
            case ActionKind::stop:
                stops_under[config].push_back(i);
                if (c.serial) {
                    stop_of[*c.serial] = i;
                }
                break;
            default:
                break;
        }
        if (c.serial && (c.action == ActionKind::update_entitlement || c.action == ActionKind::transfer ||
                         c.action == ActionKind::reactivate)) {
            serial_changes[*c.serial].push_back(i);
        }
    }
    for (std::size_t i = 0; i < plan.changes.size(); ++i) {
        const Change& c = plan.changes[i];
        const std::string config = c.customer + "/" + c.config_name;
        std::set<std::size_t> d;
        const auto created_it = created.find(config);
        const bool on_new_config = created_it != created.end() && created_it->second != i;
        switch (c.action) {
            case ActionKind::create_entitlements:
                if (on_new_config) {
                    d.insert(created_it->second);
                }
                for (const std::size_t j : config_actions[config]) {
                    d.insert(j);  // entitle onto the enabled, updated configuration
                }
                break;
            case ActionKind::update_config:
            case ActionKind::enable_config:
            case ActionKind::update_entitlement:
            case ActionKind::transfer:
                if (on_new_config) {
                    d.insert(created_it->second);
                }
                break;
            case ActionKind::swap:
                // The old unit stops only once the new one is entitled where it is declared, and running.
                if (on_new_config) {
                    d.insert(created_it->second);
                }
                for (const std::size_t j : config_actions[config]) {
                    d.insert(j);
                }
                if (c.serial) {
                    for (const std::size_t j : serial_changes[*c.serial]) {
                        d.insert(j);
                    }
                }
                break;
            case ActionKind::stop:
            case ActionKind::reactivate:
                if (c.serial && moves.count(*c.serial) && moves[*c.serial] != i) {
                    d.insert(moves[*c.serial]);
                }
                break;
            case ActionKind::regenerate_token:
                if (c.serial && stop_of.count(*c.serial)) {
                    d.insert(stop_of[*c.serial]);  // a fresh token only for a VM that did stop
                }
                break;
            case ActionKind::disable_config:
                for (const std::size_t j : stops_under[config]) {
                    d.insert(j);
                }
                if (c.config_id) {
                    for (const std::size_t j : moves_out_of[*c.config_id]) {
                        d.insert(j);  // a duplicate is disabled only once it is empty
                    }
                }
                break;
            case ActionKind::create_config:
                break;
        }
        deps[i].assign(d.begin(), d.end());
    }
    return deps;
}

namespace {

FailureKind failure_of(const ProviderError& e) {
    if (e.write_may_have_happened()) {
        return FailureKind::outcome_unknown;
    }
    if (e.kind() == ProviderError::Kind::budget_spent) {
        return FailureKind::budget_spent;
    }
    if (e.kind() == ProviderError::Kind::create_errors_spent) {
        return FailureKind::create_errors_spent;
    }
    return is_outage(e.kind()) ? FailureKind::outage : FailureKind::refused;
}

class Executor {
public:
    Executor(const Plan& plan, Provider& provider, const ApplyOptions& options)
        : m_plan(plan),
          m_provider(provider),
          m_options(options),
          m_catalog(options.catalog ? *options.catalog : builtin_catalog()),
          m_deps(dependencies(plan)) {}

    ApplyResult run() {
        m_result.outcomes.resize(m_plan.changes.size());
        m_reported.assign(m_plan.changes.size(), false);
        for (std::size_t i = 0; i < m_plan.changes.size(); ++i) {
            m_result.outcomes[i].index = i;
        }
        notify([&](ApplyObserver& o) { o.run_started(m_plan); });
        std::thread watchdog([this] { watch(); });
        std::map<int, std::vector<std::size_t>> stages;
        for (std::size_t i = 0; i < m_plan.changes.size(); ++i) {
            stages[stage(m_plan.changes[i].action)].push_back(i);
        }
        for (auto& [number, indexes] : stages) {
            for_each_bounded(indexes, m_options.parallelism, [&](std::size_t index) { run_one(index); });
        }
        {
            std::lock_guard lock(m_mutex);
            m_finished_all = true;
        }
        m_wake.notify_all();
        watchdog.join();
        // Everything never started is reported, once, with why.
        for (auto& outcome : m_result.outcomes) {
            if (m_reported[outcome.index]) {
                continue;
            }
            outcome.failure = m_result.interrupted    ? FailureKind::interrupted
                              : m_result.budget_spent ? FailureKind::budget_spent
                                                      : FailureKind::circuit_open;
            outcome.error = m_result.interrupted    ? "interrupted before it started"
                            : m_result.budget_spent ? "not started: the request budget ran out"
                                                    : "not started: " + m_result.circuit_open;
            finish(outcome);
        }
        notify([&](ApplyObserver& o) { o.run_finished(m_result); });
        return m_result;
    }

private:
    template <typename F>
    void notify(F&& f) {
        std::lock_guard lock(m_notify_mutex);
        for (ApplyObserver* o : m_options.observers) {
            if (o) {
                f(*o);
            }
        }
    }

    double now() const { return m_options.seconds_now ? m_options.seconds_now() : 0.0; }

    bool stop_starting() {
        std::lock_guard lock(m_mutex);
        if (m_options.stop_requested && m_options.stop_requested->load()) {
            m_result.interrupted = true;
        }
        return m_result.interrupted || m_result.budget_spent || !m_result.circuit_open.empty();
    }

    // A dependency that did not succeed, if any.
    std::optional<std::size_t> failed_dependency(std::size_t index) {
        std::lock_guard lock(m_mutex);
        for (const std::size_t d : m_deps[index]) {
            if (m_result.outcomes[d].status != OutcomeStatus::done) {
                return d;
            }
        }
        return std::nullopt;
    }

    void finish(const ActionOutcome& outcome) {
        std::size_t finished = 0;
        {
            std::lock_guard lock(m_mutex);
            finished = ++m_finished;
        }
        notify([&](ApplyObserver& o) {
            o.action_finished(m_plan.changes[outcome.index], outcome, finished, m_plan.changes.size());
        });
    }

    void run_one(std::size_t index) {
        if (stop_starting()) {
            return;
        }
        ActionOutcome outcome;
        outcome.index = index;
        if (const auto dep = failed_dependency(index)) {
            const Change& d = m_plan.changes[*dep];
            outcome.status = OutcomeStatus::skipped;
            outcome.failure = FailureKind::dependency;
            outcome.error = "skipped: it depends on " + std::string(to_string(d.action)) + " " + d.address +
                            ", which did not succeed";
            store(outcome);
            finish(outcome);
            return;
        }
        if (const Change& c = m_plan.changes[index]; c.waiting) {
            outcome.status = OutcomeStatus::waiting;
            outcome.failure = FailureKind::settling;
            outcome.error = "not sent before " + c.waiting->until + " (an earlier send may still land)";
            store(outcome);
            finish(outcome);
            return;
        }
        std::size_t ordinal = 0;
        const double start = now();
        {
            std::lock_guard lock(m_mutex);
            ordinal = ++m_started;
            m_in_flight[index] = start;
        }
        notify([&](ApplyObserver& o) { o.action_started(m_plan.changes[index], ordinal, m_plan.changes.size()); });
        outcome.ordinal = ordinal;
        CallTrace trace;
        std::optional<PendingCreate> record = pending_record(index);
        if (record) {
            // Durable before each send: a kill -9 with the request in flight leaves the record behind.
            trace.before_send = [this, &record] {
                record->sent_at = m_options.utc_seconds ? m_options.utc_seconds() : 0;
                m_options.pending->record(*record);
                std::lock_guard lock(m_mutex);
                m_recorded[record->id] = true;
            };
        }
        try {
            perform(m_plan.changes[index], outcome, trace);
            outcome.status = OutcomeStatus::done;
        } catch (const ProviderError& e) {
            outcome.failure = failure_of(e);
            outcome.status =
                outcome.failure == FailureKind::outcome_unknown ? OutcomeStatus::unknown : OutcomeStatus::failed;
            outcome.error = e.what();
        } catch (const std::exception& e) {
            outcome.status = OutcomeStatus::failed;
            outcome.failure = FailureKind::refused;
            outcome.error = e.what();
        }
        settle_record(record, outcome);
        outcome.attempts = std::move(trace.attempts);
        outcome.recovered = trace.recovered;
        outcome.seconds = now() - start;
        {
            std::lock_guard lock(m_mutex);
            note_unsent(outcome);
            m_in_flight.erase(index);
            note_for_breaker(outcome);
        }
        store(outcome);
        finish(outcome);
    }

    // The record of a create that could duplicate an object, or be refused, if it were sent again after a lost
    // answer: a configuration, VMs, a cloud service, or hardware serials (a swap entitles its new serial).
    std::optional<PendingCreate> pending_record(std::size_t index) {
        const Change& c = m_plan.changes[index];
        if (!m_options.pending) {
            return std::nullopt;
        }
        PendingCreate r;
        r.id = m_options.run_id + "-" + std::to_string(index);
        r.customer = c.customer;
        r.account_id = c.account_id;
        r.config_name = c.config_name;
        r.product_id = c.product_id;
        r.window_seconds = m_options.settle_window_seconds;
        r.writer = m_options.writer;
        if (c.action == ActionKind::create_config) {
            r.kind = PendingKind::config;
            r.config_name = c.after.name.value_or(c.config_name);
            return r;
        }
        const ProductType* product = m_catalog.find_by_id(c.product_id);
        const bool swap_entitles = c.action == ActionKind::swap && c.swap && c.swap->entitle;
        if (!product || (c.action != ActionKind::create_entitlements && !swap_entitles)) {
            return std::nullopt;
        }
        try {
            r.config_id = require_config(c);
        } catch (const std::runtime_error&) {
            return std::nullopt;  // nothing will be sent
        }
        const auto known = m_options.entitlements_per_config.find(r.config_id);
        r.baseline = known == m_options.entitlements_per_config.end() ? 0 : known->second;
        switch (product->form_factor) {
            case FormFactor::hardware:
                r.kind = PendingKind::serials;
                r.serials = c.after.serials.value_or(std::vector<std::string>{});
                return r.serials.empty() ? std::nullopt : std::optional<PendingCreate>(r);
            case FormFactor::vm:
                r.kind = PendingKind::vms;
                r.count = c.after.count.value_or(0);
                return swap_entitles ? std::nullopt : std::optional<PendingCreate>(r);
            case FormFactor::cloud:
                r.kind = PendingKind::cloud;
                r.count = 1;
                return swap_entitles ? std::nullopt : std::optional<PendingCreate>(r);
        }
        return std::nullopt;
    }

    // Kept before the removal is sent (its answer may be lost): a removed unit leaves every list, and only this record
    // tells a later plan that FortiFlex will never entitle it again. Not removing without it: a unit removed unseen
    // would make a later swap back fail at every apply.
    void record_removal(const Change& c, const std::string& serial) {
        if (!m_options.pending) {
            return;
        }
        RemovedUnit unit;
        unit.serial = serial;
        unit.account_id = c.account_id;
        unit.removed_at = m_options.utc_seconds ? m_options.utc_seconds() : 0;
        unit.writer = m_options.writer;
        m_options.pending->record_removed(unit);
    }

    // A definite outcome closes the record; an unknown one leaves it open, saying why.
    void settle_record(const std::optional<PendingCreate>& record, const ActionOutcome& outcome) {
        if (!record) {
            return;
        }
        {
            std::lock_guard lock(m_mutex);
            if (!m_recorded.count(record->id)) {
                return;  // never sent
            }
        }
        try {
            if (outcome.status == OutcomeStatus::unknown) {
                PendingCreate open = *record;
                open.note = outcome.error;
                m_options.pending->record(open);
            } else {
                m_options.pending->close(record->id);
            }
        } catch (const std::exception&) {
            // An open record that stays open only makes a later run wait; one not closed is re-checked.
        }
    }

    void store(const ActionOutcome& outcome) {
        std::lock_guard lock(m_mutex);
        m_result.outcomes[outcome.index] = outcome;
        m_reported[outcome.index] = true;
    }

    // An action the budget kept from sending anything was not attempted; when it was the request budget (not an
    // interrupt while queued on it), nothing new starts. Called with m_mutex held.
    void note_unsent(ActionOutcome& outcome) {
        const bool budget = outcome.failure == FailureKind::budget_spent;
        if (!budget && outcome.failure != FailureKind::create_errors_spent) {
            return;
        }
        // Nothing sent: not attempted. Some requests sent (a write, then its re-read or its next batch): what
        // happened is not known, and the next plan re-reads it.
        const bool sent = !outcome.attempts.empty();
        const bool stopped = m_options.stop_requested && m_options.stop_requested->load();
        outcome.status = sent ? OutcomeStatus::unknown : OutcomeStatus::not_attempted;
        if (sent) {
            outcome.failure = FailureKind::outcome_unknown;
        } else if (stopped) {
            outcome.failure = FailureKind::interrupted;
        }
        if (stopped) {
            m_result.interrupted = true;
        } else if (budget) {
            m_result.budget_spent = true;
        }
    }

    // Called with m_mutex held.
    void note_for_breaker(const ActionOutcome& outcome) {
        const bool outage = outcome.failure == FailureKind::outage;
        m_consecutive_outages = outage ? m_consecutive_outages + 1 : 0;
        if (outage && m_options.circuit_breaker > 0 && m_consecutive_outages >= m_options.circuit_breaker &&
            m_result.circuit_open.empty()) {
            m_result.circuit_open = "FortiFlex failed " + std::to_string(m_consecutive_outages) +
                                    " actions in a row with outages (last: " + outcome.error +
                                    "); stopped starting new actions";
        }
    }

    // Reports actions in flight longer than the threshold, once per threshold period.
    void watch() {
        std::unique_lock lock(m_mutex);
        std::map<std::size_t, double> reported;
        while (!m_finished_all) {
            m_wake.wait_for(lock, std::chrono::milliseconds(250));
            if (m_finished_all || m_options.still_running_after <= 0) {
                continue;
            }
            const double t = now();
            std::vector<std::pair<std::size_t, double>> due;
            for (const auto& [index, started] : m_in_flight) {
                const double last = reported.count(index) ? reported[index] : started;
                if (t - last >= m_options.still_running_after) {
                    reported[index] = t;
                    due.emplace_back(index, t - started);
                }
            }
            lock.unlock();
            for (const auto& [index, seconds] : due) {
                notify([&](ApplyObserver& o) { o.action_still_running(m_plan.changes[index], seconds); });
            }
            lock.lock();
        }
    }

    std::optional<std::int64_t> created_id(const std::string& address) {
        std::lock_guard lock(m_mutex);
        const auto it = m_created.find(address);
        return it == m_created.end() ? std::nullopt : std::optional<std::int64_t>(it->second);
    }

    std::int64_t require_config(const Change& c) {
        if (c.config_id) {
            return *c.config_id;
        }
        if (const auto id = created_id(c.customer + "/" + c.config_name)) {
            return *id;
        }
        throw std::runtime_error("configuration " + c.customer + "/" + c.config_name + " was not created");
    }

    std::int64_t require_target(const Change& c) {
        if (c.target_config_id) {
            return *c.target_config_id;
        }
        const std::string address = c.customer + "/" + c.after.config.value_or(c.config_name);
        if (const auto id = created_id(address)) {
            return *id;
        }
        throw std::runtime_error("target configuration " + address + " was not created");
    }

    static const std::string& required_serial(const Change& c) {
        if (!c.serial) {
            throw std::runtime_error(std::string(to_string(c.action)) + " " + c.address + " has no serial number");
        }
        return *c.serial;
    }

    // Everything sent comes from the change's typed `after` values: what the plan showed is what is sent.
    void perform(const Change& c, ActionOutcome& outcome, CallTrace& trace) {
        const Snapshot& a = c.after;
        switch (c.action) {
            case ActionKind::create_config: {
                if (!a.name || !a.parameters) {
                    throw std::runtime_error("create_config " + c.address + " has no name or parameters");
                }
                const LiveConfig created = m_provider.create_config(m_plan.program_serial, c.account_id, *a.name,
                                                                    c.product_id, *a.parameters, &trace);
                outcome.config_id = created.id;
                std::lock_guard lock(m_mutex);
                m_created[c.customer + "/" + c.config_name] = created.id;
                return;
            }
            case ActionKind::update_config:
                if (!a.name || !a.parameters) {
                    throw std::runtime_error("update_config " + c.address + " has no name or parameters");
                }
                m_provider.update_config(require_config(c), *a.name, c.product_id, *a.parameters, &trace);
                return;
            case ActionKind::enable_config:
                m_provider.set_config_active(require_config(c), true, &trace);
                return;
            case ActionKind::disable_config:
                m_provider.set_config_active(require_config(c), false, &trace);
                return;
            case ActionKind::create_entitlements:
                create_entitlements(c, outcome, trace);
                return;
            case ActionKind::update_entitlement:
                m_provider.update_entitlement(required_serial(c), require_target(c), a.description.value_or(""),
                                              a.end_date, &trace);
                outcome.serials.push_back(*c.serial);
                return;
            case ActionKind::transfer: {
                TransferRequest request;
                request.serial = required_serial(c);
                request.source_account = c.before.account_id.value_or(0);
                request.source_config = c.config_id.value_or(0);
                request.target_account = a.account_id.value_or(c.account_id);
                request.target_config = require_target(c);
                m_provider.transfer_entitlement(request, &trace);
                outcome.serials.push_back(*c.serial);
                return;
            }
            case ActionKind::reactivate:
                m_provider.reactivate_entitlement(required_serial(c), &trace);
                if (a.end_date) {
                    // FortiFlex sets the end date of a running entitlement only: right after it runs again.
                    m_provider.update_entitlement(*c.serial, c.target_config_id.value_or(require_config(c)),
                                                  a.description.value_or(""), a.end_date, &trace);
                }
                outcome.serials.push_back(*c.serial);
                return;
            case ActionKind::stop:
                m_provider.stop_entitlement(required_serial(c), &trace);
                outcome.serials.push_back(*c.serial);
                return;
            case ActionKind::swap:
                swap(c, outcome, trace);
                return;
            case ActionKind::regenerate_token:
                // The new token is not kept: `flexform tokens` reads it, so no journal or log can hold it.
                m_provider.regenerate_vm_token(required_serial(c), &trace);
                outcome.serials.push_back(*c.serial);
                return;
        }
    }

    // The new unit is entitled first and the old one stopped only once that succeeded. A failure before the stop
    // leaves both entitled: the old unit ran today, so FortiFlex bills it for today whichever way, and the next
    // apply stops it (the same day, at no extra cost). The other order would leave a failure with neither unit
    // entitled: a device in service without its licence. Removal (decommission) comes last, of a stopped unit.
    void swap(const Change& c, ActionOutcome& outcome, CallTrace& trace) {
        if (!c.swap) {
            throw std::runtime_error("swap " + c.address + " has no unit to replace");
        }
        const Swap& s = *c.swap;
        const std::string& serial = required_serial(c);
        if (s.entitle) {
            const std::int64_t config = require_config(c);
            m_provider.create_hardware_entitlements(config, {serial}, c.after.end_date, &trace);
            if (c.after.description) {
                m_provider.update_entitlement(serial, config, *c.after.description, std::nullopt, &trace);
            }
            outcome.serials.push_back(serial);
        }
        if (s.stop) {
            m_provider.stop_entitlement(s.replaced, &trace);
            outcome.serials.push_back(s.replaced);
        }
        if (s.remove) {
            record_removal(c, s.replaced);
            m_provider.remove_hardware({s.replaced}, &trace);
        }
    }

    void create_entitlements(const Change& c, ActionOutcome& outcome, CallTrace& trace) {
        const Snapshot& a = c.after;
        const std::int64_t config = require_config(c);
        const ProductType* product = m_catalog.find_by_id(c.product_id);
        if (!product) {
            throw std::runtime_error("unknown product type " + std::to_string(c.product_id));
        }
        switch (product->form_factor) {
            case FormFactor::hardware: {
                if (!a.serials || a.serials->empty()) {
                    throw std::runtime_error("create_entitlements " + c.address + " has no serials");
                }
                for (const auto& e : m_provider.create_hardware_entitlements(config, *a.serials, a.end_date, &trace)) {
                    outcome.serials.push_back(e.serial);
                }
                // Hardware create takes no description: each is set right after.
                if (a.descriptions) {
                    for (const auto& [serial, description] : *a.descriptions) {
                        m_provider.update_entitlement(serial, config, description, std::nullopt, &trace);
                    }
                }
                return;
            }
            case FormFactor::vm: {
                VmRequest request;
                request.config_id = config;
                request.count = a.count.value_or(0);
                request.description = a.description.value_or("");
                request.folder_path = a.folder_path;
                request.end_date = a.end_date;
                request.skip_pending = a.skip_pending.value_or(false);
                if (request.count <= 0) {
                    throw std::runtime_error("create_entitlements " + c.address + " has no count");
                }
                for (const auto& e : m_provider.create_vm_entitlements(request, &trace)) {
                    outcome.serials.push_back(e.serial);
                }
                return;
            }
            case FormFactor::cloud:
                outcome.serials.push_back(
                    m_provider
                        .create_cloud_entitlement(config, a.end_date, a.description.value_or(""), a.folder_path, &trace)
                        .serial);
                return;
        }
    }

    const Plan& m_plan;
    Provider& m_provider;
    const ApplyOptions& m_options;
    const Catalog& m_catalog;
    const std::vector<std::vector<std::size_t>> m_deps;
    std::mutex m_mutex;         // result, counters, created ids, in-flight set
    std::mutex m_notify_mutex;  // observers see one event at a time
    std::condition_variable m_wake;
    ApplyResult m_result;
    std::map<std::string, std::int64_t> m_created;  // config address -> id created in this run
    std::map<std::string, bool> m_recorded;         // pending records written (a send went out)
    std::map<std::size_t, double> m_in_flight;      // index -> start time
    std::vector<bool> m_reported;                   // outcomes already stored and announced
    std::size_t m_started = 0;
    std::size_t m_finished = 0;
    int m_consecutive_outages = 0;
    bool m_finished_all = false;
};

}  // namespace

ApplyResult apply_plan(const Plan& plan, Provider& provider, const ApplyOptions& options) {
    return Executor(plan, provider, options).run();
}

}  // namespace flexform

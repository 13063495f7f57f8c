// consumption pull: FortiFlex forgets after 90 days, the store must not.
#include <cmath>
#include <map>
#include <mutex>

#include "engine/model/parallel.h"
#include "engine/usecases/consumption_use_case.h"
#include "engine/usecases/live_reading.h"

namespace flexform {

int PullResult::count(DayResult result) const {
    int n = 0;
    for (const auto& d : days) {
        n += d.result == result ? 1 : 0;
    }
    return n;
}

std::int64_t PullResult::rows_written() const {
    std::int64_t n = 0;
    for (const auto& d : days) {
        if (d.result != DayResult::kept && d.result != DayResult::failed) {
            n += d.rows_after;
        }
    }
    return n;
}

namespace {

struct Totals {
    std::int64_t rows = 0;
    std::int64_t centipoints = 0;
};

// How `answer` is emptier than what the store holds for the day, if it is.
Emptier emptier(const std::map<std::int64_t, Totals>& stored, const std::map<std::int64_t, Totals>& answer,
                DayPull& day) {
    Totals before;
    Totals after;
    for (const auto& [account, t] : stored) {
        before.rows += t.rows;
        before.centipoints += t.centipoints;
        if (t.rows > 0 && !answer.count(account)) {
            day.missing_account = account;
            day.missing_rows = t.rows;
            return Emptier::account_missing;
        }
    }
    for (const auto& [account, t] : answer) {
        after.rows += t.rows;
        after.centipoints += t.centipoints;
    }
    if (after.rows < before.rows) {
        return Emptier::fewer_rows;
    }
    if (after.centipoints < before.centipoints) {
        return Emptier::fewer_points;
    }
    return Emptier::none;
}

std::vector<ConsumptionRow> read_day(Provider& provider, const PullOptions& options,
                                     const std::vector<std::int64_t>& accounts, const LiveState& live,
                                     const Date& day) {
    std::map<std::string, const LiveEntitlement*> entitlement_of;
    for (const auto& [account, entitlements] : live.entitlements) {
        for (const auto& e : entitlements) {
            entitlement_of[e.serial] = &e;
        }
    }
    std::map<std::int64_t, std::string> config_names;
    for (const auto& c : live.configs) {
        config_names[c.id] = c.name;
    }
    const std::string pulled_at = options.now_utc ? options.now_utc() : "";
    std::vector<ConsumptionRow> rows;
    std::mutex mutex;
    std::vector<std::int64_t> work = accounts;
    for_each_bounded(work, options.parallelism, [&](std::int64_t account) {
        std::vector<ConsumptionRow> mine;
        for (const auto& point : provider.points(options.program, account, day, day, std::nullopt)) {
            ConsumptionRow row;
            row.day = day;
            row.serial = point.serial;
            row.program = options.program;
            row.account_id = point.account_id ? point.account_id : account;
            if (const auto e = entitlement_of.find(point.serial); e != entitlement_of.end()) {
                row.config_id = e->second->config_id;
                row.config_name = config_names[e->second->config_id];
            }
            row.centipoints = std::llround(point.points * 100.0);
            row.pulled_at = pulled_at;
            mine.push_back(std::move(row));
        }
        std::lock_guard lock(mutex);
        rows.insert(rows.end(), mine.begin(), mine.end());
    });
    return rows;
}

// A serial the live state does not list (a unit removed from FortiFlex: it leaves every list the day it is removed,
// and that day is still billed) keeps the configuration the store last knew it by; the name is the live one while
// the configuration exists. `known` remembers the store's answers across days.
void keep_stored_configs(ConsumptionStore& store, const std::string& program, const LiveState& live,
                         std::map<std::string, std::optional<StoredConfig>>& known, std::vector<ConsumptionRow>& rows) {
    for (auto& row : rows) {
        if (row.config_id) {
            continue;
        }
        auto it = known.find(row.serial);
        if (it == known.end()) {
            it = known.emplace(row.serial, store.config_of_serial(program, row.serial)).first;
        }
        if (!it->second) {
            continue;
        }
        row.config_id = it->second->id;
        row.config_name = it->second->name;
        for (const auto& c : live.configs) {
            if (c.id == it->second->id) {
                row.config_name = c.name;
            }
        }
    }
}

// A serial neither this program nor the store knows moved to another program since (a configuration moved whole):
// its history here was consumed under this program's configuration of the name it has there, in the same account.
// Read only when such a serial turns up, once per account for all days (`moved_names`: account -> serial -> the
// name of its configuration in another program): each other program's entitlements and configurations of it.
using MovedNames = std::map<std::int64_t, std::map<std::string, std::string>>;
void resolve_moved_out(Provider& provider, const PullOptions& options, const LiveState& live, MovedNames& moved_names,
                       std::map<std::string, std::optional<StoredConfig>>& known, std::vector<ConsumptionRow>& rows) {
    for (auto& row : rows) {
        if (row.config_id || options.other_programs.empty()) {
            continue;
        }
        auto names = moved_names.find(row.account_id);
        if (names == moved_names.end()) {
            names = moved_names.emplace(row.account_id, std::map<std::string, std::string>{}).first;
            for (const auto& other : options.other_programs) {
                std::map<std::int64_t, std::string> config_names;
                for (const auto& c : provider.list_configs(other, row.account_id)) {
                    config_names[c.id] = c.name;
                }
                for (const auto& e : provider.list_entitlements(other, row.account_id)) {
                    if (const auto name = config_names.find(e.config_id); name != config_names.end()) {
                        names->second.emplace(e.serial, name->second);
                    }
                }
            }
        }
        const auto name = names->second.find(row.serial);
        if (name == names->second.end()) {
            continue;
        }
        for (const auto& c : live.configs) {
            if (c.account_id == row.account_id && c.name == name->second) {
                row.config_id = c.id;
                row.config_name = c.name;
                known[row.serial] = StoredConfig{c.id, c.name};
            }
        }
    }
}

}  // namespace

void check_pullable(const std::vector<Date>& days, const Date& today) {
    const DayRange window = points_window(today);
    std::vector<Date> outside;
    for (const Date& d : days) {
        if (!window.contains(d)) {
            outside.push_back(d);
        }
    }
    if (outside.empty()) {
        return;
    }
    throw ConsumptionError("FortiFlex answers only for the " + std::to_string(k_points_window_days) + " closed days " +
                           to_string(window) + " (Pacific today is " + to_string(today) + "); refusing " +
                           describe_days(outside) +
                           ": its answer would be empty whatever was consumed, and would not be the truth");
}

PullResult pull_consumption(Provider& provider, ConsumptionStore& store, const PullOptions& options) {
    check_pullable(options.days, options.today);
    PullResult result;
    const std::int64_t calls_before = provider.calls_made();
    // Accounts and the configuration of every serial come from the live state, read once for all days.
    const LiveState live = read_program(provider, options.program, options.parallelism);
    const std::vector<std::int64_t> accounts = accounts_of(live);
    std::map<std::string, std::optional<StoredConfig>> stored_configs;
    MovedNames moved_names;
    for (const Date& day : options.days) {
        DayPull outcome;
        outcome.day = day;
        try {
            std::map<std::int64_t, Totals> stored;
            for (const auto& a : store.aggregate({options.program, day, day, {}, {}}, GroupBy::account)) {
                stored[a.account_id] = {a.rows, a.centipoints};
                outcome.rows_before += a.rows;
                outcome.centipoints_before += a.centipoints;
            }
            outcome.was_stored = !store.stored_days(options.program, day, day).empty();
            std::vector<ConsumptionRow> rows = read_day(provider, options, accounts, live, day);
            keep_stored_configs(store, options.program, live, stored_configs, rows);
            resolve_moved_out(provider, options, live, moved_names, stored_configs, rows);
            std::map<std::int64_t, Totals> answer;
            for (const auto& r : rows) {
                answer[r.account_id].rows += 1;
                answer[r.account_id].centipoints += r.centipoints;
                outcome.rows_after += 1;
                outcome.centipoints_after += r.centipoints;
            }
            const Emptier why = emptier(stored, answer, outcome);
            if (why != Emptier::none && !options.replace) {
                outcome.result = DayResult::kept;
                outcome.emptier = why;
            } else {
                // Rewritten even when the totals match, so names and configurations stay current.
                store.replace_day(options.program, day, rows);
                const bool same = outcome.rows_after == outcome.rows_before &&
                                  outcome.centipoints_after == outcome.centipoints_before;
                outcome.result = !outcome.was_stored ? DayResult::stored
                                 : same              ? DayResult::unchanged
                                                     : DayResult::replaced;
            }
        } catch (const StoreError&) {
            // The store itself failed (damaged, read-only, full): every later day would fail the same way, and
            // its own message says what would help; "pull them again" would not.
            throw;
        } catch (const std::exception& e) {
            outcome.result = DayResult::failed;
            outcome.error = e.what();
        }
        if (options.progress) {
            options.progress(outcome);
        }
        result.days.push_back(std::move(outcome));
    }
    result.requests = provider.calls_made() - calls_before;
    return result;
}

}  // namespace flexform

// consumption report: every figure from the store or the API, grouped in one place, with the days it covers.
#include "engine/usecases/consumption_use_case.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <set>

#include "engine/model/parallel.h"

namespace flexform {

DayRange closed_range(const Date& from, const Date& to, const Date& today) {
    if (to < from) {
        throw ConsumptionError("the range " + to_string(from) + " to " + to_string(to) + " ends before it starts");
    }
    if (!(to < today)) {
        throw ConsumptionError("the range reaches " + to_string(to) + ", a day that has not closed (Pacific today is " +
                               to_string(today) + "); the last closed day is " + to_string(add_days(today, -1)));
    }
    return {from, to};
}

namespace {

// One serial's points in the report's range, under one account and configuration.
struct Fact {
    std::string serial;
    std::int64_t account_id = 0;
    std::optional<std::int64_t> config_id;
    std::int64_t centipoints = 0;
};

struct DayFigures {
    std::int64_t centipoints = 0;
    std::set<std::string> serials;
    std::int64_t store_devices = 0;  // the store reports counts, not serials
};

// What the sources gathered, before grouping.
struct Gathered {
    std::vector<Fact> facts;
    std::map<Date, DayFigures> days;                                        // --by day
    std::map<std::int64_t, std::map<Date, std::int64_t>> daily_by_account;  // the HTML chart
    std::map<std::int64_t, std::string> config_names;
};

std::string customer_of(const ReportRequest& request, std::int64_t account) {
    const auto it = request.customer_names.find(account);
    return it == request.customer_names.end() ? "account " + std::to_string(account) : it->second;
}

double points_of(std::int64_t centipoints) {
    return static_cast<double>(centipoints) / 100.0;
}

void gather_from_store(ConsumptionStore& store, const ReportRequest& request, const DayRange& range, Gathered& out) {
    if (range.empty()) {
        return;
    }
    const ConsumptionQuery query{request.program, range.first, range.last, request.serial, request.account_id};
    for (const auto& t : store.serial_totals(query)) {
        out.facts.push_back({t.serial, t.account_id, t.config_id, t.centipoints});
    }
    if (request.grouping == ReportGrouping::day) {
        for (const auto& a : store.aggregate(query, GroupBy::day)) {
            if (const auto day = parse_date(a.key)) {
                out.days[*day].centipoints += a.centipoints;
                out.days[*day].store_devices += a.devices;
            }
        }
    }
    if (request.with_daily_series) {
        for (const auto& a : store.aggregate(query, GroupBy::day_and_account)) {
            if (const auto day = parse_date(a.key)) {
                out.daily_by_account[std::stoll(a.second_key)][*day] += a.centipoints;
            }
        }
    }
    for (const auto& [id, name] : store.config_names(request.program, range.first, range.last)) {
        out.config_names.emplace(id, name);
    }
}

void finish(ConsumptionReport& report, const ReportRequest& request, Gathered& gathered) {
    // Group the facts: one row per key, devices counted as distinct serials.
    std::map<std::string, ConsumptionReportRow> rows;
    std::map<std::string, std::set<std::string>> serials;
    std::map<std::string, std::set<std::int64_t>> accounts;
    std::set<std::string> all_serials;
    std::int64_t total = 0;
    std::map<std::string, std::int64_t> centipoints;
    for (const Fact& f : gathered.facts) {
        all_serials.insert(f.serial);
        total += f.centipoints;
        std::string key;
        ConsumptionReportRow row;
        row.account_id = f.account_id;
        switch (request.grouping) {
            case ReportGrouping::serial:
                key = f.serial;
                row.label = customer_of(request, f.account_id);
                break;
            case ReportGrouping::customer:
                key = customer_of(request, f.account_id);
                row.label = "account " + std::to_string(f.account_id);
                break;
            case ReportGrouping::config: {
                row.config_id = f.config_id;
                const auto name = f.config_id ? gathered.config_names.find(*f.config_id) : gathered.config_names.end();
                key = !f.config_id                          ? "(no configuration)"
                      : name != gathered.config_names.end() ? name->second
                                                            : "config " + std::to_string(*f.config_id);
                row.label = customer_of(request, f.account_id) +
                            (f.config_id ? ", config " + std::to_string(*f.config_id) : std::string());
                break;
            }
            case ReportGrouping::offer: {
                const auto name = f.config_id ? gathered.config_names.find(*f.config_id) : gathered.config_names.end();
                const std::string* offer =
                    name != gathered.config_names.end() ? request.offers.offer_of(f.account_id, name->second) : nullptr;
                key = offer ? *offer : "(no offer)";
                const auto label = request.offers.labels.find(key);
                row.label = label != request.offers.labels.end() ? label->second : std::string();
                break;
            }
            case ReportGrouping::program:
                key = request.program;
                break;
            case ReportGrouping::day:
                continue;  // days are grouped below
        }
        auto& slot = rows[key];
        if (slot.key.empty()) {
            slot = row;
            slot.key = key;
        }
        centipoints[key] += f.centipoints;
        serials[key].insert(f.serial);
        accounts[key].insert(f.account_id);
    }
    for (auto& [key, row] : rows) {
        row.points = points_of(centipoints[key]);
        row.devices = static_cast<std::int64_t>(serials[key].size());
        if (request.grouping == ReportGrouping::offer || request.grouping == ReportGrouping::program) {
            // An offer's (or a program's) row spans accounts: it names how many, not one of them.
            row.account_id = 0;
            row.customers = static_cast<std::int64_t>(accounts[key].size());
        }
        report.rows.push_back(row);
    }
    for (const auto& [day, figures] : gathered.days) {
        ConsumptionReportRow row;
        row.key = to_string(day);
        row.points = points_of(figures.centipoints);
        row.devices = static_cast<std::int64_t>(figures.serials.size()) + figures.store_devices;
        report.rows.push_back(row);
    }
    if (request.grouping == ReportGrouping::day) {
        std::sort(report.rows.begin(), report.rows.end(),
                  [](const ConsumptionReportRow& a, const ConsumptionReportRow& b) { return a.key < b.key; });
    } else {
        std::sort(report.rows.begin(), report.rows.end(),
                  [](const ConsumptionReportRow& a, const ConsumptionReportRow& b) {
                      return a.points != b.points ? a.points > b.points : a.key < b.key;
                  });
    }
    report.total = points_of(total);
    report.devices = static_cast<std::int64_t>(all_serials.size());
    for (const auto& [account, days] : gathered.daily_by_account) {
        auto& series = report.daily_by_customer[customer_of(request, account)];
        for (const auto& [day, c] : days) {
            series[to_string(day)] += points_of(c);
        }
    }
    if (request.serial && gathered.facts.empty()) {
        report.hints.push_back("serial " + *request.serial + " has no consumption from " + to_string(report.from) +
                               " to " + to_string(report.to) +
                               ": check its spelling (flexform status --account-id N lists an account's serials); "
                               "a device that was stopped, or not yet entitled, consumed nothing");
    }
}

ConsumptionReport start_report(const ReportRequest& request, const std::string& source) {
    ConsumptionReport report;
    report.program = request.program;
    report.from = request.from;
    report.to = request.to;
    report.grouping = request.grouping;
    report.source = source;
    report.serial_filter = request.serial;
    report.account_filter = request.account_id;
    report.generated_at = request.generated_at;
    report.coverage.days = DayRange{request.from, request.to}.days();
    return report;
}

}  // namespace

ConsumptionReport report_from_store(ConsumptionStore& store, const ReportRequest& request, const Date& today) {
    const DayRange range = closed_range(request.from, request.to, today);
    if (!store.knows_program(request.program)) {
        throw ConsumptionError(store.describe() + " holds no consumption of program " + request.program +
                               ": pull it first (flexform consumption pull --days N), or check --program");
    }
    ConsumptionReport report = start_report(request, "store: " + store.describe());
    Gathered gathered;
    gather_from_store(store, request, range, gathered);
    report.coverage.missing = days_missing(range, store.stored_days(request.program, range.first, range.last));
    finish(report, request, gathered);
    return report;
}

namespace {

struct LiveScope {
    std::vector<std::int64_t> accounts;  // 0: the serial alone selects (its account is unknown)
    std::map<std::string, std::int64_t> config_of_serial;
    bool configs_read = false;
};

// The accounts to ask, with the fewest calls: none for a known account or serial, one configs/list otherwise.
LiveScope resolve_scope(Provider& provider, ConsumptionStore* store, const ReportRequest& request, Gathered& gathered) {
    LiveScope scope;
    if (request.account_id) {
        scope.accounts = {*request.account_id};
    } else if (request.serial) {
        std::optional<std::int64_t> account =
            store ? store->account_of_serial(request.program, *request.serial) : std::nullopt;
        if (!account) {
            account = request.serial_declared_account;
        }
        scope.accounts = {account.value_or(0)};
    } else {
        std::set<std::int64_t> accounts;
        for (const auto& c : provider.list_configs(request.program, std::nullopt)) {
            accounts.insert(c.account_id);
            gathered.config_names[c.id] = c.name;
        }
        scope.configs_read = true;
        scope.accounts.assign(accounts.begin(), accounts.end());
    }
    return scope;
}

// --by config needs each serial's configuration: one entitlements/list per account (and the names once).
void read_configurations(Provider& provider, const ReportRequest& request, const std::vector<std::int64_t>& accounts,
                         LiveScope& scope, Gathered& gathered) {
    std::vector<std::int64_t> work;
    for (const auto a : accounts) {
        if (a != 0) {
            work.push_back(a);
        }
    }
    std::mutex mutex;
    for_each_bounded(work, request.parallelism, [&](std::int64_t account) {
        auto entitlements = provider.list_entitlements(request.program, account);
        std::vector<LiveConfig> configs;
        if (!scope.configs_read) {
            configs = provider.list_configs(request.program, account);
        }
        std::lock_guard lock(mutex);
        for (const auto& e : entitlements) {
            scope.config_of_serial[e.serial] = e.config_id;
        }
        for (const auto& c : configs) {
            gathered.config_names[c.id] = c.name;
        }
    });
}

}  // namespace

ConsumptionReport report_from_live(Provider& live, ConsumptionStore* store, const ReportRequest& request,
                                   const Date& today, const SnapshotAccess& snapshots) {
    const DayRange range = closed_range(request.from, request.to, today);
    // A report reads no whole program (configurations, not every account's entitlements): it keeps no snapshot.
    SnapshotReading reading(live, snapshots, request.program);
    Provider& provider = reading.provider();
    const std::int64_t calls_before = provider.calls_made();
    const DayRange window = points_window(today);
    const DayRange api = intersect(range, window);
    const DayRange older = intersect(range, {range.first, add_days(window.first, -1)});
    ConsumptionReport report = start_report(
        request, "live API" + std::string(store && !older.empty() ? " and store: " + store->describe() : ""));
    Gathered gathered;
    // Days FortiFlex no longer answers for: from the store when it has them, missing otherwise.
    if (!older.empty()) {
        for (Date d = older.first; d <= older.last; d = add_days(d, 1)) {
            report.coverage.outside_window.push_back(d);
        }
        const std::vector<Date> stored =
            store ? store->stored_days(request.program, older.first, older.last) : std::vector<Date>{};
        report.coverage.from_store = stored;
        report.coverage.missing = days_missing(older, stored);
        if (store && !stored.empty()) {
            gather_from_store(*store, request, older, gathered);
        }
    }
    if (!api.empty()) {
        report.coverage.from_api = api;
        LiveScope scope = resolve_scope(provider, store, request, gathered);
        const bool per_day = request.grouping == ReportGrouping::day || request.with_daily_series;
        std::vector<std::pair<std::int64_t, DayRange>> work;
        for (const auto account : scope.accounts) {
            if (per_day) {
                for (Date d = api.first; d <= api.last; d = add_days(d, 1)) {
                    work.emplace_back(account, DayRange{d, d});
                }
            } else {
                work.emplace_back(account, api);
            }
        }
        std::mutex mutex;
        std::map<std::pair<std::string, std::int64_t>, std::int64_t> live_points;  // (serial, account) -> points
        for_each_bounded(work, request.parallelism, [&](const std::pair<std::int64_t, DayRange>& item) {
            const auto& [account, days] = item;
            const auto rows = provider.points(request.program, account, days.first, days.last, request.serial);
            std::lock_guard lock(mutex);
            for (const auto& p : rows) {
                if (request.serial && p.serial != *request.serial) {
                    continue;
                }
                const std::int64_t owner = p.account_id ? p.account_id : account;
                const std::int64_t c = std::llround(p.points * 100.0);
                live_points[{p.serial, owner}] += c;
                if (per_day) {
                    if (request.grouping == ReportGrouping::day) {
                        auto& day = gathered.days[days.first];
                        day.centipoints += c;
                        day.serials.insert(p.serial);
                    }
                    gathered.daily_by_account[owner][days.first] += c;
                }
            }
        });
        if (request.grouping == ReportGrouping::config || request.grouping == ReportGrouping::offer) {
            std::vector<std::int64_t> owners;
            for (const auto& [key, c] : live_points) {
                owners.push_back(key.second);
            }
            std::sort(owners.begin(), owners.end());
            owners.erase(std::unique(owners.begin(), owners.end()), owners.end());
            read_configurations(provider, request, owners, scope, gathered);
        }
        for (const auto& [key, c] : live_points) {
            Fact fact{key.first, key.second, std::nullopt, c};
            if (const auto it = scope.config_of_serial.find(key.first); it != scope.config_of_serial.end()) {
                fact.config_id = it->second;
            } else if (store &&
                       (request.grouping == ReportGrouping::config || request.grouping == ReportGrouping::offer)) {
                // Not entitled in this program now (moved to another one, or removed): the configuration the
                // store knows its history by.
                if (const auto stored = store->config_of_serial(request.program, key.first)) {
                    fact.config_id = stored->id;
                    gathered.config_names.emplace(stored->id, stored->name);
                }
            }
            gathered.facts.push_back(std::move(fact));
        }
    }
    finish(report, request, gathered);
    report.requests = provider.calls_made() - calls_before;
    report.read_from = reading.origin();
    return report;
}

}  // namespace flexform

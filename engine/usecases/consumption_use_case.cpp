#include "engine/usecases/consumption_use_case.h"

#include <algorithm>
#include <cmath>
#include <mutex>

#include "engine/model/parallel.h"
#include "engine/usecases/live_reading.h"

namespace flexform {

PullResult pull_consumption(Provider& provider, ConsumptionStore& store, const PullOptions& options) {
    PullResult result;
    // Accounts and the configuration of every serial come from the live state, read once for all days.
    const LiveState live = read_program(provider, options.program, options.parallelism);
    std::vector<std::int64_t> accounts = accounts_of(live);
    std::map<std::string, std::int64_t> config_of;
    for (const auto& [account, entitlements] : live.entitlements) {
        for (const auto& e : entitlements) {
            config_of[e.serial] = e.config_id;
        }
    }
    for (const Date& day : options.days) {
        std::vector<ConsumptionRow> rows;
        std::mutex mutex;
        const std::string pulled_at = options.now_utc ? options.now_utc() : "";
        try {
            for_each_bounded(accounts, options.parallelism, [&](std::int64_t account) {
                std::vector<ConsumptionRow> mine;
                for (const auto& point : provider.points(options.program, account, day, day, std::nullopt)) {
                    ConsumptionRow row;
                    row.day = day;
                    row.serial = point.serial;
                    row.program = options.program;
                    row.account_id = point.account_id ? point.account_id : account;
                    const auto config = config_of.find(point.serial);
                    if (config != config_of.end()) {
                        row.config_id = config->second;
                    }
                    row.centipoints = std::llround(point.points * 100.0);
                    row.pulled_at = pulled_at;
                    mine.push_back(std::move(row));
                }
                std::lock_guard lock(mutex);
                rows.insert(rows.end(), mine.begin(), mine.end());
            });
            store.replace_day(options.program, day, rows);
            result.stored.push_back(day);
            result.rows += static_cast<std::int64_t>(rows.size());
            if (options.progress) {
                options.progress(to_string(day) + ": " + std::to_string(rows.size()) + " rows stored");
            }
        } catch (const std::exception& e) {
            result.failed.emplace_back(day, e.what());
            if (options.progress) {
                options.progress(to_string(day) + ": FAILED, nothing stored for this day: " + e.what());
            }
        }
    }
    return result;
}

namespace {

std::string customer_of(const ReportRequest& request, std::int64_t account) {
    const auto it = request.customer_names.find(account);
    return it == request.customer_names.end() ? "account " + std::to_string(account) : it->second;
}

void finish(ConsumptionReport& report) {
    if (report.grouping == ReportGrouping::day) {
        std::sort(report.rows.begin(), report.rows.end(),
                  [](const ConsumptionReportRow& a, const ConsumptionReportRow& b) { return a.key < b.key; });
    } else {
        std::sort(report.rows.begin(), report.rows.end(),
                  [](const ConsumptionReportRow& a, const ConsumptionReportRow& b) {
                      return a.points != b.points ? a.points > b.points : a.key < b.key;
                  });
    }
    report.total = 0.0;
    for (const auto& r : report.rows) {
        report.total += r.points;
    }
}

}  // namespace

ConsumptionReport report_from_store(ConsumptionStore& store, const ReportRequest& request) {
    ConsumptionReport report;
    report.program = request.program;
    report.from = request.from;
    report.to = request.to;
    report.grouping = request.grouping;
    report.source = "store: " + store.describe();
    const ConsumptionQuery query{request.program, request.from, request.to, request.serial, request.account_id};
    const GroupBy group = request.grouping == ReportGrouping::serial   ? GroupBy::serial
                          : request.grouping == ReportGrouping::config ? GroupBy::config
                          : request.grouping == ReportGrouping::day    ? GroupBy::day
                                                                       : GroupBy::account;
    std::map<std::string, ConsumptionReportRow> merged;
    for (const auto& a : store.aggregate(query, group)) {
        ConsumptionReportRow row;
        row.account_id = a.account_id;
        row.points = static_cast<double>(a.centipoints) / 100.0;
        row.rows = a.rows;
        switch (request.grouping) {
            case ReportGrouping::customer:
                row.key = customer_of(request, a.account_id);
                row.label = "account " + std::to_string(a.account_id);
                break;
            case ReportGrouping::config: {
                row.key = a.key.empty() ? "(unknown)" : a.key;
                const auto name =
                    a.key.empty() ? request.config_names.end() : request.config_names.find(std::stoll(a.key));
                row.label = (name == request.config_names.end() ? std::string() : name->second + ", ") +
                            customer_of(request, a.account_id);
                break;
            }
            case ReportGrouping::serial:
                row.key = a.key;
                row.label = customer_of(request, a.account_id);
                break;
            case ReportGrouping::day:
                row.key = a.key;
                break;
        }
        auto& slot = merged[row.key];
        if (slot.key.empty()) {
            slot = row;
        } else {
            slot.points += row.points;
            slot.rows += row.rows;
        }
    }
    for (auto& [key, row] : merged) {
        report.rows.push_back(row);
    }
    if (request.with_daily_series) {
        for (const auto& a : store.aggregate(query, GroupBy::day_and_account)) {
            report.daily_by_customer[customer_of(request, std::stoll(a.second_key))][a.key] +=
                static_cast<double>(a.centipoints) / 100.0;
        }
    }
    const auto stored = store.stored_days(request.program, request.from, request.to);
    for (Date d = request.from; d <= request.to; d = add_days(d, 1)) {
        if (!std::binary_search(stored.begin(), stored.end(), d)) {
            report.missing_days.push_back(d);
        }
    }
    finish(report);
    return report;
}

ConsumptionReport report_from_live(Provider& provider, const ReportRequest& request,
                                   const std::vector<std::int64_t>& accounts,
                                   const std::map<std::string, std::int64_t>& serial_configs, int parallelism) {
    ConsumptionReport report;
    report.program = request.program;
    report.from = request.from;
    report.to = request.to;
    report.grouping = request.grouping;
    report.source = "live API (range totals; FortiFlex keeps 90 days)";
    std::vector<std::int64_t> selected;
    for (const auto a : accounts) {
        if (!request.account_id || *request.account_id == a) {
            selected.push_back(a);
        }
    }
    std::map<std::string, ConsumptionReportRow> merged;
    std::mutex mutex;
    const bool per_day = request.grouping == ReportGrouping::day || request.with_daily_series;
    std::vector<std::pair<std::int64_t, Date>> work;
    for (const auto a : selected) {
        if (per_day) {
            for (Date d = request.from; d <= request.to; d = add_days(d, 1)) {
                work.emplace_back(a, d);
            }
        } else {
            work.emplace_back(a, request.from);
        }
    }
    for_each_bounded(work, parallelism, [&](const std::pair<std::int64_t, Date>& item) {
        const auto [account, day] = item;
        const Date from = per_day ? day : request.from;
        const Date to = per_day ? day : request.to;
        const auto points = provider.points(request.program, account, from, to, request.serial);
        std::lock_guard lock(mutex);
        for (const auto& p : points) {
            if (request.serial && p.serial != *request.serial) {
                continue;
            }
            std::string key;
            std::string label;
            switch (request.grouping) {
                case ReportGrouping::serial:
                    key = p.serial;
                    label = customer_of(request, account);
                    break;
                case ReportGrouping::customer:
                    key = customer_of(request, account);
                    label = "account " + std::to_string(account);
                    break;
                case ReportGrouping::config: {
                    const auto config = serial_configs.find(p.serial);
                    key = config == serial_configs.end() ? "(unknown)" : std::to_string(config->second);
                    const auto name = config == serial_configs.end() ? request.config_names.end()
                                                                     : request.config_names.find(config->second);
                    label = (name == request.config_names.end() ? std::string() : name->second + ", ") +
                            customer_of(request, account);
                    break;
                }
                case ReportGrouping::day:
                    key = to_string(day);
                    break;
            }
            auto& row = merged[key];
            row.key = key;
            row.label = label;
            row.account_id = account;
            row.points += p.points;
            row.rows += 1;
            if (per_day) {
                report.daily_by_customer[customer_of(request, account)][to_string(day)] += p.points;
            }
        }
    });
    for (auto& [key, row] : merged) {
        row.points = std::round(row.points * 100.0) / 100.0;
        report.rows.push_back(row);
    }
    finish(report);
    return report;
}

}  // namespace flexform

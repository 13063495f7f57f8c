// The consumption pipeline: pull daily points from FortiFlex into the store, and report them per serial,
// customer, configuration or day.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/model/date.h"
#include "engine/ports/provider.h"
#include "engine/ports/consumption_store.h"

namespace flexform {

struct PullOptions {
    std::string program;
    std::vector<Date> days;
    int parallelism = 8;
    std::function<std::string()> now_utc;              // pulled_at stamps
    std::function<void(const std::string&)> progress;  // one line per day
};

struct PullResult {
    std::vector<Date> stored;
    std::vector<std::pair<Date, std::string>> failed;  // day, why
    std::int64_t rows = 0;
};

// One entitlements/points call per account and day (startDate = endDate), accounts in parallel; each day is stored
// in one transaction only when every account of it was read, so an interruption leaves complete days only.
PullResult pull_consumption(Provider& provider, ConsumptionStore& store, const PullOptions& options);

enum class ReportGrouping { serial, customer, config, day };

struct ConsumptionReportRow {
    std::string key;    // serial, customer name, config id/name, or date
    std::string label;  // extra words: the account, the configuration's name...
    std::int64_t account_id = 0;
    double points = 0.0;
    std::int64_t rows = 0;
};

struct ConsumptionReport {
    std::string program;
    Date from;
    Date to;
    ReportGrouping grouping = ReportGrouping::customer;
    std::string source;  // "store: SQLite ..." or "live API"
    std::vector<ConsumptionReportRow> rows;
    double total = 0.0;
    // Daily points per customer label, for the HTML chart.
    std::map<std::string, std::map<std::string, double>> daily_by_customer;
    std::vector<Date> missing_days;  // days of the range that were never pulled (store reports only)
};

struct ReportRequest {
    std::string program;
    Date from;
    Date to;
    ReportGrouping grouping = ReportGrouping::customer;
    std::optional<std::string> serial;
    std::optional<std::int64_t> account_id;
    std::map<std::int64_t, std::string> customer_names;
    std::map<std::int64_t, std::string> config_names;
    bool with_daily_series = false;
};

ConsumptionReport report_from_store(ConsumptionStore& store, const ReportRequest& request);
ConsumptionReport report_from_live(Provider& provider, const ReportRequest& request,
                                   const std::vector<std::int64_t>& accounts,
                                   const std::map<std::string, std::int64_t>& serial_configs, int parallelism);

std::optional<ReportGrouping> parse_grouping(const std::string& text);
std::string to_string(ReportGrouping grouping);

}  // namespace flexform

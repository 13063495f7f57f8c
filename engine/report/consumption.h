// What a consumption report holds: points per serial, customer, configuration or day over a range, with the
// days it could not cover. The use cases in engine/usecases/consumption_use_case.h fill it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/model/date.h"

namespace flexform {

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

std::optional<ReportGrouping> parse_grouping(const std::string& text);
std::string to_string(ReportGrouping grouping);

}  // namespace flexform

// What a consumption report holds: points per serial, customer, configuration or day over a range, and exactly
// which days of the range it covers and where each came from. The use cases in
// engine/usecases/consumption_use_case.h fill it; a total is never shown without the days it covers.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/model/defaults.h"
#include "engine/model/date.h"
#include "engine/model/day_range.h"
#include "engine/model/offer_index.h"
#include "engine/model/live_snapshot.h"

namespace flexform {

enum class ReportGrouping { serial, customer, config, day, offer, program };

struct ConsumptionReportRow {
    std::string key;    // serial, customer name, configuration name (or id), date, or offer name
    std::string label;  // extra words: the account, the customer of a serial...
    std::int64_t account_id = 0;
    std::optional<std::int64_t> config_id;  // --by config
    double points = 0.0;
    std::int64_t devices = 0;  // distinct serials behind the row
    std::int64_t customers = 0;  // --by offer: distinct accounts behind the row
    std::string program{};       // a report across programs: the name of the program the row belongs to
};

// One program's part of a report across programs: its name and serial and what it adds to the total.
struct ProgramShare {
    std::string name;
    std::string serial;
    double points = 0.0;
    std::int64_t devices = 0;
    int covered_days = 0;
};

struct ReportCoverage {
    int days = 0;                      // in the range
    std::vector<Date> missing;         // no figures for them at all
    std::vector<Date> outside_window;  // live reports: days the API no longer answers for
    std::vector<Date> from_store;      // live reports: the days among those the store filled
    std::optional<DayRange> from_api;  // live reports: the days the API answered for

    int covered() const { return days - static_cast<int>(missing.size()); }
    bool complete() const { return missing.empty(); }
};

struct ConsumptionReport {
    std::string program;  // the serial; empty for a report across several programs
    Date from;
    Date to;
    ReportGrouping grouping = ReportGrouping::customer;
    std::string source;  // "store: SQLite ..." or "live API"
    std::optional<std::string> serial_filter;
    std::optional<std::int64_t> account_filter;
    std::vector<ConsumptionReportRow> rows;
    double total = 0.0;
    std::int64_t devices = 0;  // distinct serials in the whole report
    ReportCoverage coverage;
    // Daily points per customer label, for the HTML chart.
    std::map<std::string, std::map<std::string, double>> daily_by_customer;
    std::vector<std::string> hints;  // "serial X has no rows in ..." and the like
    std::string generated_at;        // UTC ISO 8601
    std::int64_t requests = 0;       // API requests the report took
    std::optional<SnapshotOrigin> read_from;  // live reports: the snapshot the configurations came from (--max-age)
    std::vector<ProgramShare> programs;  // a report across programs (or --by program): each one's part, in order

    // Points per covered day (0 when no day is covered).
    double per_day(double points) const;
};

struct ReportRequest {
    std::string program;
    Date from;
    Date to;
    ReportGrouping grouping = ReportGrouping::customer;
    std::optional<std::string> serial;
    std::optional<std::int64_t> account_id;
    std::optional<std::int64_t> serial_declared_account;  // the account a manifest declares `serial` under
    std::map<std::int64_t, std::string> customer_names;
    OfferIndex offers;  // --by offer
    bool with_daily_series = false;
    int parallelism = k_default_parallelism;
    std::string generated_at;
};

// One report of several programs' reports (each made with the same request but its own program): the rows of all
// of them naming their program (--by program: one row per program), the totals summed, a day counted as covered only
// when every program covers it. `parts` pairs each program (name and serial) with its report.
struct ProgramReportPart {
    std::string name;
    std::string serial;
    ConsumptionReport report;
};
ConsumptionReport across_programs(const std::vector<ProgramReportPart>& parts, ReportGrouping grouping);

std::optional<ReportGrouping> parse_grouping(const std::string& text);
std::string to_string(ReportGrouping grouping);

}  // namespace flexform

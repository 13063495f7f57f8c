#include "engine/report/consumption.h"

#include <cmath>
#include <set>

#include "engine/model/names.h"

namespace flexform {

double ConsumptionReport::per_day(double points) const {
    const int days = coverage.covered();
    return days > 0 ? points / days : 0.0;
}

namespace {

constexpr NameTable<ReportGrouping, 6> k_groupings = {{
    {ReportGrouping::serial, "serial"},
    {ReportGrouping::customer, "customer"},
    {ReportGrouping::config, "config"},
    {ReportGrouping::day, "day"},
    {ReportGrouping::offer, "offer"},
    {ReportGrouping::program, "program"},
}};
static_assert(names_every_value(k_groupings, static_cast<std::size_t>(ReportGrouping::program) + 1));

void add_days_to(std::set<Date>& into, const std::vector<Date>& days) {
    into.insert(days.begin(), days.end());
}

}  // namespace

ConsumptionReport across_programs(const std::vector<ProgramReportPart>& parts, ReportGrouping grouping) {
    ConsumptionReport merged;
    if (parts.empty()) {
        return merged;
    }
    const ConsumptionReport& first = parts.front().report;
    merged.program = parts.size() == 1 ? parts.front().serial : std::string();
    merged.from = first.from;
    merged.to = first.to;
    merged.grouping = grouping;
    merged.source = first.source;
    merged.serial_filter = first.serial_filter;
    merged.account_filter = first.account_filter;
    merged.generated_at = first.generated_at;
    merged.read_from = first.read_from;
    merged.coverage.days = first.coverage.days;
    std::set<Date> missing;
    std::set<Date> outside_window;
    std::set<Date> from_store;
    std::int64_t centipoints = 0;
    for (const ProgramReportPart& part : parts) {
        const ConsumptionReport& r = part.report;
        ProgramShare share{part.name, part.serial, r.total, r.devices, r.coverage.covered()};
        merged.programs.push_back(share);
        if (grouping == ReportGrouping::program) {
            ConsumptionReportRow row;
            row.key = part.name;
            row.label = part.serial;
            row.program = part.name;
            row.points = r.total;
            row.devices = r.devices;
            for (const auto& one : r.rows) {
                row.customers += one.customers;
            }
            merged.rows.push_back(row);
        } else {
            for (ConsumptionReportRow row : r.rows) {
                row.program = part.name;
                merged.rows.push_back(std::move(row));
            }
        }
        // Sums in centipoints, as the store keeps them: the total is exactly the sum of the programs' totals.
        centipoints += std::llround(r.total * 100.0);
        merged.devices += r.devices;
        merged.requests += r.requests;
        add_days_to(missing, r.coverage.missing);
        add_days_to(outside_window, r.coverage.outside_window);
        add_days_to(from_store, r.coverage.from_store);
        if (!merged.coverage.from_api) {
            merged.coverage.from_api = r.coverage.from_api;
        }
        for (const auto& [customer, days] : r.daily_by_customer) {
            for (const auto& [day, points] : days) {
                merged.daily_by_customer[customer][day] += points;
            }
        }
    }
    // A hint (a serial with no consumption) holds for the whole report only when no program has any; then every
    // program gave the same one.
    if (merged.devices == 0) {
        merged.hints = first.hints;
    }
    merged.total = static_cast<double>(centipoints) / 100.0;
    merged.coverage.missing.assign(missing.begin(), missing.end());
    merged.coverage.outside_window.assign(outside_window.begin(), outside_window.end());
    merged.coverage.from_store.assign(from_store.begin(), from_store.end());
    return merged;
}

std::optional<ReportGrouping> parse_grouping(const std::string& text) {
    return value_in(k_groupings, text);
}

std::string to_string(ReportGrouping grouping) {
    return std::string(name_in(k_groupings, grouping, "customer"));
}

}  // namespace flexform

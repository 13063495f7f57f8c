// Consumption reports as a table, CSV, JSON and markdown (HTML is in consumption_html.cpp).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <sstream>

#include <nlohmann/json.hpp>

#include "engine/render/colour.h"
#include "engine/render/consumption_text.h"
#include "engine/render/render.h"
#include "engine/render/reports.h"
#include "engine/render/snapshot_words.h"

namespace flexform {

std::string consumption_heading(const ConsumptionReport& r) {
    std::string text = "Consumption of " + r.program + " from " + to_string(r.from) + " to " + to_string(r.to) +
                       " by " + to_string(r.grouping);
    if (r.serial_filter) {
        text += ", serial " + *r.serial_filter;
    }
    if (r.account_filter) {
        text += ", account " + std::to_string(*r.account_filter);
    }
    return text;
}

std::string total_label(const ConsumptionReport& r) {
    return "TOTAL (" + std::to_string(r.coverage.covered()) + " of " + std::to_string(r.coverage.days) + " days)";
}

std::vector<std::string> coverage_lines(const ConsumptionReport& r) {
    const ReportCoverage& c = r.coverage;
    std::vector<std::string> lines;
    if (!c.outside_window.empty()) {
        std::string line = std::to_string(c.outside_window.size()) + " days (" + describe_days(c.outside_window) +
                           ") are older than the " + std::to_string(k_points_window_days) + " days FortiFlex keeps; ";
        line += c.from_store.empty() ? "no consumption store holds them"
                                     : "the store gave " + std::to_string(c.from_store.size()) + " of them (" +
                                           describe_days(c.from_store) + ")";
        if (c.from_api) {
            line += "; the API gave " + to_string(*c.from_api);
        }
        lines.push_back(line);
    }
    if (!c.missing.empty()) {
        std::string line = "the total covers " + std::to_string(c.covered()) + " of " + std::to_string(c.days) +
                           " days: no figures for " + describe_days(c.missing);
        line += c.outside_window.empty()
                    ? " (never pulled; `flexform consumption pull --date DAY` while they are within the last " +
                          std::to_string(k_points_window_days) + " days)"
                    : "";
        lines.push_back(line);
    }
    for (const auto& hint : r.hints) {
        lines.push_back(hint);
    }
    return lines;
}

std::string row_detail(const ConsumptionReport& report, const ConsumptionReportRow& row) {
    if (report.grouping != ReportGrouping::offer) {
        return row.label;
    }
    return (row.label.empty() ? "" : row.label + ", ") + count_of(row.customers, "customer", "customers");
}

std::string fixed2(double v) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.2f", v);
    return buffer;
}

namespace {

double round2(double v) {
    return std::round(v * 100.0) / 100.0;
}

std::string pad_right(const std::string& text, std::size_t width) {
    return text.size() < width ? text + std::string(width - text.size(), ' ') : text;
}

bool by_day(const ConsumptionReport& r) {
    return r.grouping == ReportGrouping::day;
}

}  // namespace

std::string render_consumption_table(const ConsumptionReport& r, bool color) {
    std::ostringstream out;
    out << terminal_text(consumption_heading(r)) << " (" << terminal_text(r.source) << ")\n";
    if (r.read_from) {
        out << "Accounts and configurations from a snapshot in the store: "
            << terminal_text(snapshot_label(*r.read_from)) << "\n";
    }
    out << "\n";
    const std::string total = total_label(r);
    std::size_t width = std::max<std::size_t>(8, total.size());
    std::vector<std::string> keys;
    for (const auto& row : r.rows) {
        keys.push_back(terminal_text(row.key));
        width = std::max(width, keys.back().size());
    }
    const int w = static_cast<int>(width);
    char line[1024];
    std::string grouping = to_string(r.grouping);
    std::transform(grouping.begin(), grouping.end(), grouping.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    // Every column labelled, the day table's too: its TOTAL row's average sits under AVG/DAY.
    std::snprintf(line, sizeof line, "%-*s  %14s  %7s  %12s  %s\n", w, grouping.c_str(), "POINTS", "DEVICES", "AVG/DAY",
                  by_day(r) ? "" : "DETAIL");
    out << line;
    for (std::size_t i = 0; i < r.rows.size(); ++i) {
        const ConsumptionReportRow& row = r.rows[i];
        out << pad_right(keys[i], width) << "  ";
        std::snprintf(line, sizeof line, "%14s  %7lld  %12s  ", format_points(row.points).c_str(),
                      static_cast<long long>(row.devices),
                      by_day(r) ? "" : format_points(r.per_day(row.points)).c_str());
        out << line << terminal_text(row_detail(r, row)) << "\n";
    }
    std::snprintf(line, sizeof line, "%-*s  %14s  %7lld  %12s\n", w, total.c_str(), format_points(r.total).c_str(),
                  static_cast<long long>(r.devices), format_points(r.per_day(r.total)).c_str());
    // A total missing days is the line's state: painted after the padding, which counts the label's plain width.
    const std::string total_line(line);
    out << (r.coverage.missing.empty() ? total_line
                                       : paint(total, Tone::caution, color) + total_line.substr(total.size()));
    const auto notes = coverage_lines(r);
    if (!notes.empty()) {
        out << "\n";
        for (const auto& n : notes) {
            out << "Note: " << terminal_text(n) << "\n";
        }
    }
    return out.str();
}

// Rows only: a spreadsheet sums a column itself, and a TOTAL line would be summed with the rest.
// No column repeats another: a customer's detail is its account, and a day has neither.
std::string render_consumption_csv(const ConsumptionReport& r) {
    const bool detail = r.grouping == ReportGrouping::serial || r.grouping == ReportGrouping::config ||
                        r.grouping == ReportGrouping::offer;
    const bool account = !by_day(r);
    std::string out = to_string(r.grouping) + (detail ? ",detail" : "") + (account ? ",account_id" : "") +
                      ",points,devices" + (by_day(r) ? "" : ",points_per_day") + "\n";
    for (const auto& row : r.rows) {
        out += csv_text(row.key) + (detail ? "," + csv_text(row_detail(r, row)) : "") +
               (account ? "," + (row.account_id ? std::to_string(row.account_id) : std::string()) : "") + "," +
               fixed2(row.points) + "," + std::to_string(row.devices) +
               (by_day(r) ? "" : "," + fixed2(r.per_day(row.points))) + "\n";
    }
    return out;
}

std::string render_consumption_json(const ConsumptionReport& r) {
    using nlohmann::json;
    json rows = json::array();
    for (const auto& row : r.rows) {
        json item = {{"key", row.key},
                     {"detail", row_detail(r, row)},
                     {"account_id", row.account_id ? json(row.account_id) : json(nullptr)},
                     {"points", round2(row.points)},
                     {"devices", row.devices}};
        if (!by_day(r)) {
            item["points_per_day"] = round2(r.per_day(row.points));
        }
        if (r.grouping == ReportGrouping::config) {
            item["config_id"] = row.config_id ? json(*row.config_id) : json(nullptr);
        }
        if (r.grouping == ReportGrouping::offer) {
            item["customers"] = row.customers;
        }
        rows.push_back(std::move(item));
    }
    const auto days = [](const std::vector<Date>& list) {
        json out = json::array();
        for (const auto& d : list) {
            out.push_back(to_string(d));
        }
        return out;
    };
    const ReportCoverage& c = r.coverage;
    json coverage = {
        {"days", c.days},
        {"covered_days", c.covered()},
        {"complete", c.complete()},
        {"missing_days", days(c.missing)},
        {"outside_api_window", days(c.outside_window)},
        {"from_store", days(c.from_store)},
        {"from_api", c.from_api ? json{{"from", to_string(c.from_api->first)}, {"to", to_string(c.from_api->last)}}
                                : json(nullptr)}};
    return json{{"program_serial_number", r.program},
                {"from", to_string(r.from)},
                {"to", to_string(r.to)},
                {"by", to_string(r.grouping)},
                {"filters",
                 {{"serial", r.serial_filter ? json(*r.serial_filter) : json(nullptr)},
                  {"account_id", r.account_filter ? json(*r.account_filter) : json(nullptr)}}},
                {"source", r.source},
                {"generated_at", r.generated_at},
                {"snapshot", snapshot_json(r.read_from)},
                {"coverage", coverage},
                {"rows", rows},
                {"total", round2(r.total)},
                {"total_per_day", round2(r.per_day(r.total))},
                {"devices", r.devices},
                {"hints", r.hints},
                {"requests", r.requests}}
               .dump(2) +
           "\n";
}

std::string render_consumption_markdown(const ConsumptionReport& r) {
    std::ostringstream out;
    out << "### " << markdown_text(consumption_heading(r)) << "\n\n";
    if (r.read_from) {
        out << "Accounts and configurations from a snapshot in the store: "
            << markdown_text(snapshot_label(*r.read_from)) << "\n\n";
    }
    out << "| " << to_string(r.grouping) << " | Detail | Points | Devices |" << (by_day(r) ? "" : " Avg/day |")
        << "\n|---|---|---:|---:|" << (by_day(r) ? "" : "---:|") << "\n";
    const auto cell = [](const std::string& text) { return markdown_cell(text); };
    for (const auto& row : r.rows) {
        out << "| " << cell(row.key) << " | " << cell(row_detail(r, row)) << " | " << format_points(row.points) << " | "
            << row.devices << " |" << (by_day(r) ? "" : " " + format_points(r.per_day(row.points)) + " |") << "\n";
    }
    out << "| **" << total_label(r) << "** | | **" << format_points(r.total) << "** | " << r.devices << " |"
        << (by_day(r) ? "" : " " + format_points(r.per_day(r.total)) + " |") << "\n";
    for (const auto& n : coverage_lines(r)) {
        out << "\n> " << markdown_text(n) << "\n";
    }
    return out.str();
}

}  // namespace flexform

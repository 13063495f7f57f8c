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
    std::string of = r.program;
    if (of.empty()) {
        of = "programs";
        for (std::size_t i = 0; i < r.programs.size(); ++i) {
            of += (i == 0 ? " " : ", ") + r.programs[i].name + " (" + r.programs[i].serial + ")";
        }
    }
    std::string text = "Consumption of " + of + " from " + to_string(r.from) + " to " + to_string(r.to) +
                       " by " + to_string(r.grouping);
    if (r.serial_filter) {
        text += ", serial " + *r.serial_filter;
    }
    if (r.account_filter) {
        text += ", account " + std::to_string(*r.account_filter);
    }
    return text;
}

bool has_program_column(const ConsumptionReport& r) {
    return !r.programs.empty() && r.grouping != ReportGrouping::program;
}

std::string program_total_label(const ConsumptionReport& r, const ProgramShare& share) {
    return share.name + " (" + std::to_string(share.covered_days) + " of " + std::to_string(r.coverage.days) +
           " days)";
}

double row_per_day(const ConsumptionReport& r, const ConsumptionReportRow& row) {
    for (const auto& share : r.programs) {
        if (share.name == row.program) {
            return share.covered_days > 0 ? row.points / share.covered_days : 0.0;
        }
    }
    return r.per_day(row.points);
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
    // Rounded as format_points and the JSON round them (half away from zero on the cents), so the CSV's 13.575 is
    // the table's 13.58 and not printf's 13.57.
    std::snprintf(buffer, sizeof buffer, "%.2f", std::round(v * 100.0) / 100.0);
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
    for (const auto& share : has_program_column(r) ? r.programs : std::vector<ProgramShare>{}) {
        width = std::max(width, terminal_text("TOTAL " + program_total_label(r, share)).size());
    }
    const int w = static_cast<int>(width);
    // Across programs: a first column names each row's program, and each program's subtotal follows the total.
    const bool programs = has_program_column(r);
    std::size_t program_width = 7;
    for (const auto& share : r.programs) {
        program_width = std::max(program_width, terminal_text(share.name).size());
    }
    const std::string no_program = programs ? std::string(program_width + 2, ' ') : std::string();
    const auto program_cell = [&](const std::string& name) {
        return programs ? pad_right(terminal_text(name), program_width) + "  " : std::string();
    };
    char line[1024];
    std::string grouping = to_string(r.grouping);
    std::transform(grouping.begin(), grouping.end(), grouping.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    // Every column labelled, the day table's too: its TOTAL row's average sits under AVG/DAY.
    std::snprintf(line, sizeof line, "%-*s  %14s  %7s  %12s  %s\n", w, grouping.c_str(), "POINTS", "DEVICES", "AVG/DAY",
                  by_day(r) ? "" : "DETAIL");
    out << program_cell("PROGRAM") << line;
    for (std::size_t i = 0; i < r.rows.size(); ++i) {
        const ConsumptionReportRow& row = r.rows[i];
        out << program_cell(row.program) << pad_right(keys[i], width) << "  ";
        std::snprintf(line, sizeof line, "%14s  %7lld  %12s  ", format_points(row.points).c_str(),
                      static_cast<long long>(row.devices),
                      by_day(r) ? "" : format_points(row_per_day(r, row)).c_str());
        out << line << terminal_text(row_detail(r, row)) << "\n";
    }
    std::snprintf(line, sizeof line, "%-*s  %14s  %7lld  %12s\n", w, total.c_str(), format_points(r.total).c_str(),
                  static_cast<long long>(r.devices), format_points(r.per_day(r.total)).c_str());
    // A total missing days is the line's state: painted after the padding, which counts the label's plain width.
    const std::string total_line(line);
    out << no_program
        << (r.coverage.missing.empty() ? total_line
                                       : paint(total, Tone::caution, color) + total_line.substr(total.size()));
    for (const auto& share : programs ? r.programs : std::vector<ProgramShare>{}) {
        const std::string label = "TOTAL " + program_total_label(r, share);
        const double per_day = share.covered_days > 0 ? share.points / share.covered_days : 0.0;
        std::snprintf(line, sizeof line, "%-*s  %14s  %7lld  %12s\n", w, terminal_text(label).c_str(),
                      format_points(share.points).c_str(), static_cast<long long>(share.devices),
                      format_points(per_day).c_str());
        out << no_program << line;
    }
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
                        r.grouping == ReportGrouping::offer || r.grouping == ReportGrouping::program;
    const bool account = !by_day(r) && r.grouping != ReportGrouping::program;
    const bool programs = has_program_column(r);
    std::string out = std::string(programs ? "program," : "") + to_string(r.grouping) + (detail ? ",detail" : "") + (account ? ",account_id" : "") +
                      ",points,devices" + (by_day(r) ? "" : ",points_per_day") + "\n";
    for (const auto& row : r.rows) {
        out += (programs ? csv_text(row.program) + "," : std::string()) + csv_text(row.key) + (detail ? "," + csv_text(row_detail(r, row)) : "") +
               (account ? "," + (row.account_id ? std::to_string(row.account_id) : std::string()) : "") + "," +
               fixed2(row.points) + "," + std::to_string(row.devices) +
               (by_day(r) ? "" : "," + fixed2(row_per_day(r, row))) + "\n";
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
            item["points_per_day"] = round2(row_per_day(r, row));
        }
        if (r.grouping == ReportGrouping::config) {
            item["config_id"] = row.config_id ? json(*row.config_id) : json(nullptr);
        }
        if (r.grouping == ReportGrouping::offer || r.grouping == ReportGrouping::program) {
            item["customers"] = row.customers;
        }
        if (!r.programs.empty()) {  // across programs, --by program too: every row names its program
            item["program"] = row.program;
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
    json out = json{{"program_serial_number", r.program.empty() ? json(nullptr) : json(r.program)},
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
                {"requests", r.requests}};
    if (!r.programs.empty()) {
        json programs = json::array();
        for (const auto& share : r.programs) {
            programs.push_back({{"name", share.name},
                                {"serial", share.serial},
                                {"points", round2(share.points)},
                                {"devices", share.devices},
                                {"covered_days", share.covered_days}});
        }
        out["programs"] = programs;
    }
    return out.dump(2) + "\n";
}

std::string render_consumption_markdown(const ConsumptionReport& r) {
    std::ostringstream out;
    out << "### " << markdown_text(consumption_heading(r)) << "\n\n";
    if (r.read_from) {
        out << "Accounts and configurations from a snapshot in the store: "
            << markdown_text(snapshot_label(*r.read_from)) << "\n\n";
    }
    const bool programs = has_program_column(r);
    const std::string program_head = programs ? "| Program " : "";
    // Across programs the grouping's head is capitalised like its neighbours; one program's table keeps its head.
    std::string grouping_head = to_string(r.grouping);
    if (!r.programs.empty()) {
        grouping_head[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(grouping_head[0])));
    }
    out << program_head << "| " << grouping_head << " | Detail | Points | Devices |"
        << (by_day(r) ? "" : " Avg/day |") << "\n" << (programs ? "|---" : "") << "|---|---|---:|---:|"
        << (by_day(r) ? "" : "---:|") << "\n";
    const auto cell = [](const std::string& text) { return markdown_cell(text); };
    const std::string no_program = programs ? "| " : "";
    for (const auto& row : r.rows) {
        out << (programs ? "| " + cell(row.program) + " " : std::string()) << "| " << cell(row.key) << " | " << cell(row_detail(r, row)) << " | " << format_points(row.points) << " | "
            << row.devices << " |" << (by_day(r) ? "" : " " + format_points(row_per_day(r, row)) + " |") << "\n";
    }
    out << no_program << "| **" << total_label(r) << "** | | **" << format_points(r.total) << "** | " << r.devices
        << " |" << (by_day(r) ? "" : " " + format_points(r.per_day(r.total)) + " |") << "\n";
    for (const auto& share : programs ? r.programs : std::vector<ProgramShare>{}) {
        const double per_day = share.covered_days > 0 ? share.points / share.covered_days : 0.0;
        out << "| " << cell(share.name) << " | **total " << cell(program_total_label(r, share)) << "** | | **"
            << format_points(share.points) << "** | " << share.devices << " |"
            << (by_day(r) ? "" : " " + format_points(per_day) + " |") << "\n";
    }
    for (const auto& n : coverage_lines(r)) {
        out << "\n> " << markdown_text(n) << "\n";
    }
    return out.str();
}

}  // namespace flexform

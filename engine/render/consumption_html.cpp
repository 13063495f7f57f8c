// A consumption report as one self-contained page: inline CSS and an inline SVG chart, no scripts.
#include <algorithm>
#include <map>
#include <sstream>
#include <vector>

#include "engine/render/consumption_text.h"
#include "engine/render/render.h"
#include "engine/render/reports.h"
#include "engine/render/snapshot_words.h"
#include "engine/render/svg_chart.h"

namespace flexform {

namespace {

// One line per customer plus the program total, days on x, points per day on y.
std::string chart_svg(const ConsumptionReport& r) {
    std::vector<std::string> days;
    for (Date d = r.from; d <= r.to; d = add_days(d, 1)) {
        days.push_back(to_string(d));
    }
    std::set<std::string> unknown;
    for (const auto& day : r.coverage.missing) {
        unknown.insert(to_string(day));
    }
    std::vector<ChartSeries> series;
    ChartSeries total{"program total", {}, true, unknown};
    for (const auto& [customer, values] : r.daily_by_customer) {
        series.push_back({customer, values, false, unknown});
        for (const auto& [day, points] : values) {
            total.values[day] += points;
        }
    }
    series.push_back(std::move(total));
    return line_chart_svg(
        days, series,
        "Daily consumption per customer and for the program, " + to_string(r.from) + " to " + to_string(r.to));
}

std::string totals_table(const ConsumptionReport& r) {
    std::ostringstream out;
    const bool programs = has_program_column(r);
    const auto program_cell = [&](const std::string& tag, const std::string& text) {
        return programs ? "<" + tag + ">" + html_escape(text) + "</" + tag + ">" : std::string();
    };
    out << "<table><caption>Totals</caption><tr>" << program_cell("th", "Program") << "<th>"
        << html_escape(to_string(r.grouping)) << "</th><th>Detail</th><th>Points</th><th>Devices</th></tr>\n";
    for (const auto& row : r.rows) {
        out << "<tr>" << program_cell("td", row.program) << "<td>" << html_escape(row.key) << "</td><td>" << html_escape(row_detail(r, row))
            << "</td><td class=\"n\">" << format_points(row.points) << "</td><td class=\"n\">" << row.devices
            << "</td></tr>\n";
    }
    out << "<tr>" << program_cell("td", "") << "<th>" << html_escape(total_label(r)) << "</th><td></td><th class=\"n\">"
        << format_points(r.total) << "</th><th class=\"n\">" << r.devices << "</th></tr>\n";
    for (const auto& share : programs ? r.programs : std::vector<ProgramShare>{}) {
        out << "<tr>" << program_cell("td", share.name) << "<th>total " << html_escape(program_total_label(r, share))
            << "</th><td></td><th class=\"n\">" << format_points(share.points) << "</th><th class=\"n\">"
            << share.devices << "</th></tr>\n";
    }
    out << "</table>\n";
    return out.str();
}

}  // namespace

std::string render_consumption_html(const ConsumptionReport& r) {
    const std::string title = html_escape(consumption_heading(r));
    std::ostringstream out;
    out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" << title
        << "</title>\n<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}"
           "td,th{border:1px solid #ccc;padding:4px 8px}td.n{text-align:right}caption{text-align:left;font-weight:bold}"
           "</style></head><body>\n";
    out << "<h1>" << title << "</h1>\n<p>Source: " << html_escape(r.source) << ". Points per Pacific day.</p>\n";
    if (r.read_from) {
        out << "<p>Accounts and configurations from a snapshot in the store: "
            << html_escape(snapshot_label(*r.read_from)) << ".</p>\n";
    }
    out << chart_svg(r) << totals_table(r);
    for (const auto& n : coverage_lines(r)) {
        out << "<p><strong>Note:</strong> " << html_escape(n) << "</p>\n";
    }
    out << "</body></html>\n";
    return out.str();
}

}  // namespace flexform

// A consumption report as one self-contained page: inline CSS and an inline SVG chart, no scripts.
#include <algorithm>
#include <map>
#include <sstream>
#include <vector>

#include "engine/render/consumption_text.h"
#include "engine/render/render.h"
#include "engine/render/reports.h"

namespace flexform {

namespace {

const char* const k_colours[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                 "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

struct Chart {
    std::vector<std::string> days;
    double max_value = 1.0;
    double width = 900;
    double height = 320;
    double left = 60;
    double top = 20;
    double plot_w = 900 - 60 - 170;
    double plot_h = 320 - 30 - 20;

    double x(std::size_t i) const {
        return left + (days.size() > 1 ? plot_w * static_cast<double>(i) / static_cast<double>(days.size() - 1) : 0.0);
    }
    double y(double v) const { return top + plot_h * (1.0 - v / max_value); }
};

void axes(const Chart& c, std::ostream& svg) {
    svg << "<line x1=\"" << c.left << "\" y1=\"" << c.top + c.plot_h << "\" x2=\"" << c.left + c.plot_w << "\" y2=\""
        << c.top + c.plot_h << "\" stroke=\"#444\"/>\n<line x1=\"" << c.left << "\" y1=\"" << c.top << "\" x2=\""
        << c.left << "\" y2=\"" << c.top + c.plot_h << "\" stroke=\"#444\"/>\n";
    for (int tick = 0; tick <= 4; ++tick) {
        const double v = c.max_value * tick / 4.0;
        svg << "<text x=\"" << c.left - 6 << "\" y=\"" << c.y(v) + 4 << "\" font-size=\"11\" text-anchor=\"end\">"
            << fixed2(v) << "</text>\n";
    }
    if (!c.days.empty()) {
        svg << "<text x=\"" << c.left << "\" y=\"" << c.height - 8 << "\" font-size=\"11\">" << c.days.front()
            << "</text>\n<text x=\"" << c.left + c.plot_w << "\" y=\"" << c.height - 8
            << "\" font-size=\"11\" text-anchor=\"end\">" << c.days.back() << "</text>\n";
    }
    svg << "<text x=\"12\" y=\"14\" font-size=\"11\">points/day</text>\n";
}

void series_line(const Chart& c, const std::map<std::string, double>& series, const char* colour, double stroke,
                 std::ostream& svg) {
    svg << "<polyline fill=\"none\" stroke=\"" << colour << "\" stroke-width=\"" << stroke << "\" points=\"";
    for (std::size_t i = 0; i < c.days.size(); ++i) {
        const auto it = series.find(c.days[i]);
        svg << fixed2(c.x(i)) << "," << fixed2(c.y(it == series.end() ? 0.0 : it->second)) << " ";
    }
    svg << "\"/>\n";
}

void legend(const Chart& c, double y, const char* colour, const std::string& name, bool bold, std::ostream& svg) {
    svg << "<rect x=\"" << c.left + c.plot_w + 15 << "\" y=\"" << y - 9 << "\" width=\"10\" height=\"10\" fill=\""
        << colour << "\"/><text x=\"" << c.left + c.plot_w + 30 << "\" y=\"" << y << "\" font-size=\"11\""
        << (bold ? " font-weight=\"bold\"" : "") << ">" << html_escape(name) << "</text>\n";
}

// One polyline per customer plus the program total, days on x, points per day on y.
std::string chart_svg(const ConsumptionReport& r) {
    Chart chart;
    for (Date d = r.from; d <= r.to; d = add_days(d, 1)) {
        chart.days.push_back(to_string(d));
    }
    std::map<std::string, double> total_by_day;
    for (const auto& [customer, series] : r.daily_by_customer) {
        for (const auto& [day, points] : series) {
            total_by_day[day] += points;
        }
    }
    for (const auto& [day, points] : total_by_day) {
        chart.max_value = std::max(chart.max_value, points);
    }
    std::ostringstream svg;
    svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << chart.width << "\" height=\"" << chart.height
        << "\" role=\"img\" aria-label=\"daily consumption\">\n";
    axes(chart, svg);
    int index = 0;
    double legend_y = 30;
    for (const auto& [customer, series] : r.daily_by_customer) {
        const char* colour = k_colours[index++ % 10];
        series_line(chart, series, colour, 1.5, svg);
        legend(chart, legend_y, colour, customer, false, svg);
        legend_y += 16;
    }
    series_line(chart, total_by_day, "#000", 2.5, svg);
    legend(chart, legend_y, "#000", "program total", true, svg);
    svg << "</svg>\n";
    return svg.str();
}

std::string totals_table(const ConsumptionReport& r) {
    std::ostringstream out;
    out << "<table><caption>Totals</caption><tr><th>" << html_escape(to_string(r.grouping))
        << "</th><th>Detail</th><th>Points</th><th>Devices</th></tr>\n";
    for (const auto& row : r.rows) {
        out << "<tr><td>" << html_escape(row.key) << "</td><td>" << html_escape(row.label) << "</td><td class=\"n\">"
            << format_points(row.points) << "</td><td class=\"n\">" << row.devices << "</td></tr>\n";
    }
    out << "<tr><th>" << html_escape(total_label(r)) << "</th><td></td><th class=\"n\">" << format_points(r.total)
        << "</th><th class=\"n\">" << r.devices << "</th></tr></table>\n";
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
    out << chart_svg(r) << totals_table(r);
    for (const auto& n : coverage_lines(r)) {
        out << "<p><strong>Note:</strong> " << html_escape(n) << "</p>\n";
    }
    out << "</body></html>\n";
    return out.str();
}

}  // namespace flexform

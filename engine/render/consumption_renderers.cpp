#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "engine/render/render.h"
#include "engine/render/reports.h"

namespace flexform {

namespace {

std::string heading(const ConsumptionReport& r) {
    return "Consumption of " + r.program + " from " + to_string(r.from) + " to " + to_string(r.to) + " by " +
           to_string(r.grouping);
}

std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\n") == std::string::npos) {
        return text;
    }
    std::string out = "\"";
    for (const char c : text) {
        out += c == '"' ? "\"\"" : std::string(1, c);
    }
    return out + "\"";
}

std::string html_escape(const std::string& text) {
    std::string out;
    for (const char c : text) {
        switch (c) {
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '&':
                out += "&amp;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string fixed2(double v) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.2f", v);
    return buffer;
}

std::string missing_note(const ConsumptionReport& r) {
    if (r.missing_days.empty()) {
        return "";
    }
    return std::to_string(r.missing_days.size()) + " day(s) of the range were never pulled, first " +
           to_string(r.missing_days.front()) + " (run `flexform consumption pull --days N` to backfill)";
}

}  // namespace

std::string render_consumption_table(const ConsumptionReport& r) {
    std::ostringstream out;
    out << heading(r) << " (" << r.source << ")\n\n";
    std::size_t width = 8;
    for (const auto& row : r.rows) {
        width = std::max(width, row.key.size());
    }
    char line[512];
    std::snprintf(line, sizeof line, "%-*s  %14s  %6s  %s\n", static_cast<int>(width), to_string(r.grouping).c_str(),
                  "POINTS", "ROWS", "DETAIL");
    out << line;
    for (const auto& row : r.rows) {
        std::snprintf(line, sizeof line, "%-*s  %14s  %6lld  %s\n", static_cast<int>(width), row.key.c_str(),
                      format_points(row.points).c_str(), static_cast<long long>(row.rows), row.label.c_str());
        out << line;
    }
    std::snprintf(line, sizeof line, "%-*s  %14s\n", static_cast<int>(width), "TOTAL", format_points(r.total).c_str());
    out << line;
    if (!r.missing_days.empty()) {
        out << "\nNote: " << missing_note(r) << "\n";
    }
    return out.str();
}

std::string render_consumption_csv(const ConsumptionReport& r) {
    std::string out = to_string(r.grouping) + ",detail,points,rows\n";
    for (const auto& row : r.rows) {
        out += csv_field(row.key) + "," + csv_field(row.label) + "," + fixed2(row.points) + "," +
               std::to_string(row.rows) + "\n";
    }
    out += "TOTAL,," + fixed2(r.total) + ",\n";
    return out;
}

std::string render_consumption_json(const ConsumptionReport& r) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& row : r.rows) {
        rows.push_back({{"key", row.key},
                        {"detail", row.label},
                        {"account_id", row.account_id},
                        {"points", std::round(row.points * 100.0) / 100.0},
                        {"rows", row.rows}});
    }
    nlohmann::json missing = nlohmann::json::array();
    for (const auto& d : r.missing_days) {
        missing.push_back(to_string(d));
    }
    return nlohmann::json{{"program_serial_number", r.program},
                          {"from", to_string(r.from)},
                          {"to", to_string(r.to)},
                          {"by", to_string(r.grouping)},
                          {"source", r.source},
                          {"rows", rows},
                          {"total", std::round(r.total * 100.0) / 100.0},
                          {"missing_days", missing}}
               .dump(2) +
           "\n";
}

std::string render_consumption_markdown(const ConsumptionReport& r) {
    std::ostringstream out;
    out << "### " << heading(r) << "\n\n| " << to_string(r.grouping)
        << " | Detail | Points | Rows |\n|---|---|---:|---:|\n";
    for (const auto& row : r.rows) {
        out << "| " << row.key << " | " << row.label << " | " << format_points(row.points) << " | " << row.rows
            << " |\n";
    }
    out << "| **Total** | | **" << format_points(r.total) << "** | |\n";
    if (!r.missing_days.empty()) {
        out << "\n> " << missing_note(r) << "\n";
    }
    return out.str();
}

std::string render_consumption_html(const ConsumptionReport& r) {
    // Chart: one polyline per customer plus the program total, days on x, points per day on y.
    std::vector<std::string> days;
    for (Date d = r.from; d <= r.to; d = add_days(d, 1)) {
        days.push_back(to_string(d));
    }
    std::map<std::string, double> total_by_day;
    double max_value = 0.0;
    for (const auto& [customer, series] : r.daily_by_customer) {
        for (const auto& [day, points] : series) {
            total_by_day[day] += points;
        }
    }
    for (const auto& [day, points] : total_by_day) {
        max_value = std::max(max_value, points);
    }
    if (max_value <= 0) {
        max_value = 1;
    }
    const double width = 900;
    const double height = 320;
    const double left = 60;
    const double bottom = 30;
    const double plot_w = width - left - 170;
    const double plot_h = height - bottom - 20;
    const auto x_of = [&](std::size_t i) {
        return left + (days.size() > 1 ? plot_w * static_cast<double>(i) / static_cast<double>(days.size() - 1) : 0.0);
    };
    const auto y_of = [&](double v) { return 20 + plot_h * (1.0 - v / max_value); };
    static const char* k_colours[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                      "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
    std::ostringstream svg;
    svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
        << "\" role=\"img\" aria-label=\"daily consumption\">\n";
    svg << "<line x1=\"" << left << "\" y1=\"" << 20 + plot_h << "\" x2=\"" << left + plot_w << "\" y2=\""
        << 20 + plot_h << "\" stroke=\"#444\"/>\n<line x1=\"" << left << "\" y1=\"20\" x2=\"" << left << "\" y2=\""
        << 20 + plot_h << "\" stroke=\"#444\"/>\n";
    for (int tick = 0; tick <= 4; ++tick) {
        const double v = max_value * tick / 4.0;
        svg << "<text x=\"" << left - 6 << "\" y=\"" << y_of(v) + 4 << "\" font-size=\"11\" text-anchor=\"end\">"
            << fixed2(v) << "</text>\n";
    }
    if (!days.empty()) {
        svg << "<text x=\"" << left << "\" y=\"" << height - 8 << "\" font-size=\"11\">" << days.front() << "</text>\n";
        svg << "<text x=\"" << left + plot_w << "\" y=\"" << height - 8 << "\" font-size=\"11\" text-anchor=\"end\">"
            << days.back() << "</text>\n";
    }
    const auto polyline = [&](const std::map<std::string, double>& series, const char* colour, double stroke) {
        svg << "<polyline fill=\"none\" stroke=\"" << colour << "\" stroke-width=\"" << stroke << "\" points=\"";
        for (std::size_t i = 0; i < days.size(); ++i) {
            const auto it = series.find(days[i]);
            svg << fixed2(x_of(i)) << "," << fixed2(y_of(it == series.end() ? 0.0 : it->second)) << " ";
        }
        svg << "\"/>\n";
    };
    int index = 0;
    double legend_y = 30;
    for (const auto& [customer, series] : r.daily_by_customer) {
        const char* colour = k_colours[index++ % 10];
        polyline(series, colour, 1.5);
        svg << "<rect x=\"" << left + plot_w + 15 << "\" y=\"" << legend_y - 9
            << "\" width=\"10\" height=\"10\" fill=\"" << colour << "\"/><text x=\"" << left + plot_w + 30 << "\" y=\""
            << legend_y << "\" font-size=\"11\">" << html_escape(customer) << "</text>\n";
        legend_y += 16;
    }
    polyline(total_by_day, "#000", 2.5);
    svg << "<rect x=\"" << left + plot_w + 15 << "\" y=\"" << legend_y - 9
        << "\" width=\"10\" height=\"10\" fill=\"#000\"/>";
    svg << "<text x=\"12\" y=\"14\" font-size=\"11\">points/day</text>\n";
    svg << "<text x=\"" << left + plot_w + 30 << "\" y=\"" << legend_y
        << "\" font-size=\"11\" font-weight=\"bold\">program total</text>\n";
    svg << "</svg>\n";

    std::ostringstream out;
    out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" << html_escape(heading(r))
        << "</title>\n<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}"
           "td,th{border:1px solid #ccc;padding:4px 8px}td.n{text-align:right}caption{text-align:left;font-weight:bold}"
           "</style></head><body>\n";
    out << "<h1>" << html_escape(heading(r)) << "</h1>\n<p>Source: " << html_escape(r.source)
        << ". Points per Pacific day.</p>\n";
    out << svg.str();
    out << "<table><caption>Totals</caption><tr><th>" << html_escape(to_string(r.grouping))
        << "</th><th>Detail</th><th>Points</th></tr>\n";
    for (const auto& row : r.rows) {
        out << "<tr><td>" << html_escape(row.key) << "</td><td>" << html_escape(row.label) << "</td><td class=\"n\">"
            << format_points(row.points) << "</td></tr>\n";
    }
    out << "<tr><th>Total</th><td></td><th class=\"n\">" << format_points(r.total) << "</th></tr></table>\n";
    if (!r.missing_days.empty()) {
        out << "<p><strong>Note:</strong> " << html_escape(missing_note(r)) << "</p>\n";
    }
    out << "</body></html>\n";
    return out.str();
}

}  // namespace flexform

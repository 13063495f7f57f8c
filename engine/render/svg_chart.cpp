#include "engine/render/svg_chart.h"

#include <algorithm>
#include <sstream>

#include "engine/render/consumption_text.h"
#include "engine/render/render.h"

namespace flexform {

namespace {

const char* const k_colours[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                 "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
const char* const k_dashes[] = {"", "6 3", "2 2", "8 3 2 3", "1 3"};

struct Frame {
    std::size_t days = 0;
    double max_value = 1.0;
    double width = 900;
    double height = 320;
    double left = 60;
    double top = 20;
    double plot_w = 900 - 60 - 190;
    double plot_h = 320 - 30 - 20;

    double x(std::size_t i) const {
        return left + (days > 1 ? plot_w * static_cast<double>(i) / static_cast<double>(days - 1) : 0.0);
    }
    double y(double v) const { return top + plot_h * (1.0 - v / max_value); }
};

void axes(const Frame& f, const std::vector<std::string>& days, std::ostream& svg) {
    svg << "<line x1=\"" << f.left << "\" y1=\"" << f.top + f.plot_h << "\" x2=\"" << f.left + f.plot_w << "\" y2=\""
        << f.top + f.plot_h << "\" stroke=\"#444\"/>\n<line x1=\"" << f.left << "\" y1=\"" << f.top << "\" x2=\""
        << f.left << "\" y2=\"" << f.top + f.plot_h << "\" stroke=\"#444\"/>\n";
    // Grouped like every figure; whole points once the scale is large enough that cents would only crowd it.
    for (int tick = 0; tick <= 4; ++tick) {
        const double v = f.max_value * tick / 4.0;
        svg << "<text x=\"" << f.left - 6 << "\" y=\"" << f.y(v) + 4 << "\" font-size=\"11\" text-anchor=\"end\">"
            << (f.max_value >= 100.0 ? format_whole_points(v) : format_points(v)) << "</text>\n";
    }
    if (!days.empty()) {
        svg << "<text x=\"" << f.left << "\" y=\"" << f.height - 8 << "\" font-size=\"11\">" << days.front()
            << "</text>\n<text x=\"" << f.left + f.plot_w << "\" y=\"" << f.height - 8
            << "\" font-size=\"11\" text-anchor=\"end\">" << days.back() << "</text>\n";
    }
    svg << "<text x=\"12\" y=\"14\" font-size=\"11\">points/day</text>\n";
}

// The runs of known days of a series, as SVG points: an unknown day ends a run.
std::vector<std::vector<std::pair<std::string, std::string>>> segments(const Frame& f,
                                                                       const std::vector<std::string>& days,
                                                                       const ChartSeries& s) {
    std::vector<std::vector<std::pair<std::string, std::string>>> out(1);
    for (std::size_t i = 0; i < days.size(); ++i) {
        if (s.unknown.count(days[i])) {
            if (!out.back().empty()) {
                out.emplace_back();
            }
            continue;
        }
        const auto it = s.values.find(days[i]);
        out.back().emplace_back(fixed2(f.x(i)), fixed2(f.y(it == s.values.end() ? 0.0 : it->second)));
    }
    if (out.back().empty()) {
        out.pop_back();
    }
    return out;
}

}  // namespace

std::string line_chart_svg(const std::vector<std::string>& days, const std::vector<ChartSeries>& series,
                           const std::string& description) {
    Frame f;
    f.days = days.size();
    for (const auto& s : series) {
        for (const auto& [day, v] : s.values) {
            f.max_value = std::max(f.max_value, v);
        }
    }
    std::ostringstream svg;
    svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " << f.width << " " << f.height
        << "\" width=\"100%\" role=\"img\" aria-label=\"" << html_escape(description) << "\" class=\"chart\">\n<title>"
        << html_escape(description) << "</title>\n";
    axes(f, days, svg);
    double legend_y = 30;
    std::size_t index = 0;
    for (const auto& s : series) {
        const char* colour = s.emphasis ? "#000" : k_colours[index % 10];
        const char* dash = s.emphasis ? "" : k_dashes[index % 5];
        ++index;
        const std::string stroke = std::string("stroke=\"") + colour + "\" stroke-width=\"" +
                                   (s.emphasis ? "2.5" : "1.5") + "\"" +
                                   (*dash ? std::string(" stroke-dasharray=\"") + dash + "\"" : std::string());
        for (const auto& segment : segments(f, days, s)) {
            if (segment.size() == 1) {  // one known day between gaps: a dot, or it would not show
                svg << "<circle r=\"2.5\" cx=\"" << segment[0].first << "\" cy=\"" << segment[0].second << "\" fill=\""
                    << colour << "\"/>\n";
                continue;
            }
            svg << "<polyline fill=\"none\" " << stroke << " points=\"";
            for (const auto& [x, y] : segment) {
                svg << x << "," << y << " ";
            }
            svg << "\"/>\n";
        }
        svg << "<line x1=\"" << f.left + f.plot_w + 12 << "\" y1=\"" << legend_y - 4 << "\" x2=\""
            << f.left + f.plot_w + 30 << "\" y2=\"" << legend_y - 4 << "\" stroke=\"" << colour << "\" stroke-width=\""
            << (s.emphasis ? 2.5 : 1.5) << "\""
            << (*dash ? std::string(" stroke-dasharray=\"") + dash + "\"" : std::string()) << "/><text x=\""
            << f.left + f.plot_w + 35 << "\" y=\"" << legend_y << "\" font-size=\"11\""
            << (s.emphasis ? " font-weight=\"bold\"" : "") << ">" << html_escape(s.name) << "</text>\n";
        legend_y += 16;
    }
    svg << "</svg>\n";
    return svg.str();
}

}  // namespace flexform

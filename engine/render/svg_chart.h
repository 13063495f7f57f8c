// A line chart as inline SVG: days on x, points per day on y, one line per series plus a legend. Scales to its
// container (viewBox), carries a text alternative, and marks each series with a dash pattern as well as a colour so
// it reads in greyscale.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

namespace flexform {

struct ChartSeries {
    std::string name;
    std::map<std::string, double> values;  // YYYY-MM-DD -> points
    bool emphasis = false;                 // drawn thick and black (the program total)
    // Days with no figures at all (never pulled): the line breaks there. A day in neither set had no consumption.
    std::set<std::string> unknown;
};

// `days` are the x axis in order; `description` is the chart's text alternative. A day unknown to a series is a
// gap in its line, never drawn as zero.
std::string line_chart_svg(const std::vector<std::string>& days, const std::vector<ChartSeries>& series,
                           const std::string& description);

}  // namespace flexform

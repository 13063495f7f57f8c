#include "engine/report/consumption.h"

namespace flexform {

double ConsumptionReport::per_day(double points) const {
    const int days = coverage.covered();
    return days > 0 ? points / days : 0.0;
}

std::optional<ReportGrouping> parse_grouping(const std::string& text) {
    if (text == "serial") {
        return ReportGrouping::serial;
    }
    if (text == "customer") {
        return ReportGrouping::customer;
    }
    if (text == "config") {
        return ReportGrouping::config;
    }
    if (text == "day") {
        return ReportGrouping::day;
    }
    return std::nullopt;
}

std::string to_string(ReportGrouping grouping) {
    switch (grouping) {
        case ReportGrouping::serial:
            return "serial";
        case ReportGrouping::customer:
            return "customer";
        case ReportGrouping::config:
            return "config";
        case ReportGrouping::day:
            return "day";
    }
    return "customer";
}

}  // namespace flexform

#include "engine/report/consumption.h"

#include "engine/model/names.h"

namespace flexform {

double ConsumptionReport::per_day(double points) const {
    const int days = coverage.covered();
    return days > 0 ? points / days : 0.0;
}

namespace {

constexpr NameTable<ReportGrouping, 5> k_groupings = {{
    {ReportGrouping::serial, "serial"},
    {ReportGrouping::customer, "customer"},
    {ReportGrouping::config, "config"},
    {ReportGrouping::day, "day"},
    {ReportGrouping::offer, "offer"},
}};
static_assert(names_every_value(k_groupings, static_cast<std::size_t>(ReportGrouping::offer) + 1));

}  // namespace

std::optional<ReportGrouping> parse_grouping(const std::string& text) {
    return value_in(k_groupings, text);
}

std::string to_string(ReportGrouping grouping) {
    return std::string(name_in(k_groupings, grouping, "customer"));
}

}  // namespace flexform

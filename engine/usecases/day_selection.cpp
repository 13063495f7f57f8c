#include "engine/usecases/day_selection.h"

#include "engine/usecases/consumption_use_case.h"
#include "engine/usecases/plan_use_case.h"

namespace flexform {

Date date_flag(const std::string& flag, const std::string& text) {
    const auto date = parse_date(text);
    if (!date || text.size() != 10) {
        throw RequestError(flag + " \"" + text + "\" is not a date (YYYY-MM-DD)");
    }
    return *date;
}

DayRange month_flag(const std::string& flag, const std::string& text) {
    const auto month = parse_month(text);
    if (!month) {
        throw RequestError(flag + " \"" + text + "\" is not a month (YYYY-MM)");
    }
    return *month;
}

std::vector<Date> days_to_pull(const PullDaysFlags& flags, const Date& today) {
    if (!flags.date.empty() && flags.days > 0) {
        throw RequestError("--date and --days exclude each other: one day, or the last N");
    }
    if (!flags.date.empty()) {
        const Date day = date_flag("--date", flags.date);
        if (!(day < today)) {
            throw ConsumptionError(flags.date + " has not closed yet (Pacific today is " + to_string(today) +
                                   "); the last closed day is " + to_string(add_days(today, -1)));
        }
        return {day};
    }
    std::vector<Date> days;
    for (int i = flags.days > 0 ? flags.days : 1; i >= 1; --i) {
        days.push_back(add_days(today, -i));
    }
    return days;
}

DayRange report_range(const ReportRangeFlags& flags, const Date& today) {
    const bool month = !flags.month.empty();
    const bool days = flags.days > 0;
    const bool span = !flags.from.empty() || !flags.to.empty();
    if (month + days + span > 1) {
        throw RequestError("--month, --days and --from/--to exclude each other: give one range");
    }
    if (month) {
        DayRange range = month_flag("--month", flags.month);
        if (!(range.last < today) && range.first < today) {
            range.last = add_days(today, -1);  // the month so far: its closed days
        }
        return range;
    }
    if (span) {
        if (flags.from.empty()) {
            throw RequestError("--to needs --from");
        }
        return {date_flag("--from", flags.from), flags.to.empty() ? add_days(today, -1) : date_flag("--to", flags.to)};
    }
    return {add_days(today, -(days ? flags.days : 30)), add_days(today, -1)};
}

}  // namespace flexform

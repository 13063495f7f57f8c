// Which days a consumption verb's flags select: pull's `--date` / `--days`, a report's `--month` / `--days` /
// `--from` / `--to`. Pure functions of the flags and today (Pacific); a contradiction or a malformed date is the
// caller's mistake (RequestError), found before anything is read.
#pragma once

#include <string>
#include <vector>

#include "engine/model/date.h"
#include "engine/model/day_range.h"

namespace flexform {

struct PullDaysFlags {
    std::string date;  // one closed day, YYYY-MM-DD
    int days = 0;      // the last N closed days
};

struct ReportRangeFlags {
    std::string month;  // YYYY-MM
    int days = 0;
    std::string from;
    std::string to;
};

// "YYYY-MM-DD" strictly; RequestError naming the flag otherwise.
Date date_flag(const std::string& flag, const std::string& text);
// "YYYY-MM"; RequestError naming the flag otherwise.
DayRange month_flag(const std::string& flag, const std::string& text);
// --date (a closed day), or the last --days N closed days, yesterday by default; oldest first.
std::vector<Date> days_to_pull(const PullDaysFlags& flags, const Date& today);
// Exactly one of --month (this month: its closed days so far), --days N, --from [--to]; the last 30 closed days by
// default.
DayRange report_range(const ReportRangeFlags& flags, const Date& today);

}  // namespace flexform

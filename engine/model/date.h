// Date is a civil calendar date (no zone); FortiFlex bills per Pacific day, so most dates here are Pacific.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace flexform {

struct Date {
    int year = 1970;
    int month = 1;
    int day = 1;

    auto operator<=>(const Date&) const = default;
};

// Days since 1970-01-01 (negative before).
std::int64_t days_since_epoch(const Date& date);
Date date_from_days(std::int64_t days);
Date add_days(const Date& date, std::int64_t days);
std::int64_t days_between(const Date& from, const Date& to);  // to - from

// Accepts YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS[.fff] and YYYY-MM-DD HH:MM:SS (the API's two forms); rejects
// impossible dates such as 2026-02-30.
std::optional<Date> parse_date(std::string_view text);
std::string to_string(const Date& date);  // YYYY-MM-DD

// A point in time with its Pacific calendar date and time of day.
struct PacificTime {
    Date date;
    int hour = 0;
    int minute = 0;
    int second = 0;
    int millisecond = 0;
};

// Converts UTC milliseconds since the epoch to America/Los_Angeles local time (US DST rules since 2007).
PacificTime to_pacific(std::int64_t utc_millis);
// The UTC milliseconds of Pacific midnight starting `date`.
std::int64_t pacific_midnight_utc_millis(const Date& date);

}  // namespace flexform

#include "engine/model/date.h"

#include <cstdio>

namespace flexform {

namespace {

// Howard Hinnant's civil-from-days algorithms, public domain.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

int days_in_month(int year, int month) {
    static constexpr int k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : k_days[month - 1];
}

bool read_digits(std::string_view text, std::size_t pos, std::size_t count, int& out) {
    if (pos + count > text.size()) {
        return false;
    }
    int value = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (text[i] < '0' || text[i] > '9') {
            return false;
        }
        value = value * 10 + (text[i] - '0');
    }
    out = value;
    return true;
}

// Day of week, 0 = Sunday.
int weekday(const Date& date) {
    const std::int64_t days = days_since_epoch(date);
    return static_cast<int>(days >= -4 ? (days + 4) % 7 : (days + 5) % 7 + 6);
}

Date nth_sunday(int year, int month, int n) {
    Date first{year, month, 1};
    const int offset = (7 - weekday(first)) % 7;
    return Date{year, month, 1 + offset + 7 * (n - 1)};
}

}  // namespace

std::int64_t days_since_epoch(const Date& date) {
    return days_from_civil(date.year, static_cast<unsigned>(date.month), static_cast<unsigned>(date.day));
}

Date date_from_days(std::int64_t z) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return Date{static_cast<int>(y + (m <= 2 ? 1 : 0)), static_cast<int>(m), static_cast<int>(d)};
}

Date add_days(const Date& date, std::int64_t days) {
    return date_from_days(days_since_epoch(date) + days);
}

std::int64_t days_between(const Date& from, const Date& to) {
    return days_since_epoch(to) - days_since_epoch(from);
}

std::optional<Date> parse_date(std::string_view text) {
    Date date;
    if (text.size() < 10 || text[4] != '-' || text[7] != '-') {
        return std::nullopt;
    }
    if (!read_digits(text, 0, 4, date.year) || !read_digits(text, 5, 2, date.month) ||
        !read_digits(text, 8, 2, date.day)) {
        return std::nullopt;
    }
    if (date.month < 1 || date.month > 12 || date.day < 1 || date.day > days_in_month(date.year, date.month)) {
        return std::nullopt;
    }
    if (text.size() == 10) {
        return date;
    }
    // A time part must follow as THH:MM:SS or " HH:MM:SS", optionally with a fraction; its value is ignored.
    if ((text[10] != 'T' && text[10] != ' ') || text.size() < 19 || text[13] != ':' || text[16] != ':') {
        return std::nullopt;
    }
    int hour = 0;
    int minute = 0;
    int second = 0;
    if (!read_digits(text, 11, 2, hour) || !read_digits(text, 14, 2, minute) || !read_digits(text, 17, 2, second) ||
        hour > 23 || minute > 59 || second > 60) {
        return std::nullopt;
    }
    std::size_t pos = 19;
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        const std::size_t digits_start = pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            ++pos;
        }
        if (pos == digits_start) {
            return std::nullopt;
        }
    }
    if (pos < text.size() && text.substr(pos) != "Z") {
        return std::nullopt;
    }
    return date;
}

std::string to_string(const Date& date) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", date.year % 10000, date.month % 100, date.day % 100);
    return buffer;
}

PacificTime to_pacific(std::int64_t utc_millis) {
    // DST runs from 2:00 PST on the second Sunday of March (10:00 UTC) to 2:00 PDT on the first Sunday of
    // November (09:00 UTC).
    const std::int64_t utc_days = utc_millis >= 0 ? utc_millis / 86400000 : (utc_millis - 86399999) / 86400000;
    const int year = date_from_days(utc_days).year;
    const std::int64_t dst_start = days_since_epoch(nth_sunday(year, 3, 2)) * 86400000 + 10 * 3600000LL;
    const std::int64_t dst_end = days_since_epoch(nth_sunday(year, 11, 1)) * 86400000 + 9 * 3600000LL;
    const bool dst = utc_millis >= dst_start && utc_millis < dst_end;
    const std::int64_t local = utc_millis - (dst ? 7 : 8) * 3600000LL;
    const std::int64_t local_days = local >= 0 ? local / 86400000 : (local - 86399999) / 86400000;
    std::int64_t rest = local - local_days * 86400000;
    PacificTime out;
    out.date = date_from_days(local_days);
    out.hour = static_cast<int>(rest / 3600000);
    rest %= 3600000;
    out.minute = static_cast<int>(rest / 60000);
    rest %= 60000;
    out.second = static_cast<int>(rest / 1000);
    out.millisecond = static_cast<int>(rest % 1000);
    return out;
}

std::int64_t pacific_midnight_utc_millis(const Date& date) {
    // Midnight is never inside a DST transition hour, so trying both offsets and keeping the consistent one works.
    const std::int64_t base = days_since_epoch(date) * 86400000;
    for (const int offset_hours : {8, 7}) {
        const std::int64_t candidate = base + offset_hours * 3600000LL;
        const PacificTime local = to_pacific(candidate);
        if (local.date == date && local.hour == 0 && local.minute == 0) {
            return candidate;
        }
    }
    return base + 8 * 3600000LL;
}

}  // namespace flexform

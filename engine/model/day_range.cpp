#include "engine/model/day_range.h"

#include <algorithm>

namespace flexform {

int DayRange::days() const {
    return empty() ? 0 : static_cast<int>(days_between(first, last)) + 1;
}

DayRange points_window(const Date& today) {
    return {add_days(today, -k_points_window_days), add_days(today, -1)};
}

DayRange intersect(const DayRange& a, const DayRange& b) {
    return {std::max(a.first, b.first), std::min(a.last, b.last)};
}

std::optional<DayRange> parse_month(std::string_view text) {
    if (text.size() != 7 || text[4] != '-') {
        return std::nullopt;
    }
    const auto first = parse_date(std::string(text) + "-01");
    if (!first) {
        return std::nullopt;
    }
    const Date next = first->month == 12 ? Date{first->year + 1, 1, 1} : Date{first->year, first->month + 1, 1};
    return DayRange{*first, add_days(next, -1)};
}

std::vector<Date> days_missing(const DayRange& range, const std::vector<Date>& have) {
    std::vector<Date> out;
    if (range.empty()) {
        return out;
    }
    for (Date d = range.first; d <= range.last; d = add_days(d, 1)) {
        if (!std::binary_search(have.begin(), have.end(), d)) {
            out.push_back(d);
        }
    }
    return out;
}

std::string describe_days(const std::vector<Date>& days) {
    if (days.empty()) {
        return "none";
    }
    if (days.size() == 1) {
        return to_string(days.front());
    }
    const bool consecutive = days_between(days.front(), days.back()) + 1 == static_cast<std::int64_t>(days.size());
    if (consecutive) {
        return to_string(days.front()) + " to " + to_string(days.back()) + " (" + std::to_string(days.size()) +
               " days)";
    }
    std::string out;
    const std::size_t shown = std::min<std::size_t>(days.size(), 3);
    for (std::size_t i = 0; i < shown; ++i) {
        out += (i ? ", " : "") + to_string(days[i]);
    }
    if (days.size() > shown) {
        out += " and " + std::to_string(days.size() - shown) + " more";
    }
    return out;
}

std::string to_string(const DayRange& range) {
    return to_string(range.first) + " to " + to_string(range.last);
}

}  // namespace flexform

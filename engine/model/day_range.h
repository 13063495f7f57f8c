// Ranges of Pacific days, and the one fact about FortiFlex's memory every consumption figure depends on: the
// entitlements/points endpoint answers only for the last 90 days.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/date.h"

namespace flexform {

inline constexpr int k_points_window_days = 90;

struct DayRange {
    Date first;
    Date last;  // inclusive

    int days() const;  // 0 when last < first
    bool empty() const { return last < first; }
    bool contains(const Date& day) const { return !(day < first) && !(last < day); }
    bool operator==(const DayRange&) const = default;
};

// The closed days FortiFlex still answers for: the 90 days before `today`.
DayRange points_window(const Date& today);
// The overlap of two ranges (empty when they do not meet).
DayRange intersect(const DayRange& a, const DayRange& b);
// "2026-11" -> 2026-11-01..2026-11-30.
std::optional<DayRange> parse_month(std::string_view text);
// The days of `range` not in `have` (sorted).
std::vector<Date> days_missing(const DayRange& range, const std::vector<Date>& have);
// "2026-08-01, 2026-08-02 and 3 more" / "2026-08-01 to 2026-08-05" when consecutive.
std::string describe_days(const std::vector<Date>& days);
std::string to_string(const DayRange& range);  // "2026-09-02 to 2026-11-30"

}  // namespace flexform

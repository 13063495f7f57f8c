#include "engine/model/date.h"

#include <gtest/gtest.h>

namespace flexform {
namespace {

TEST(Date, ParsesTheApiForms) {
    EXPECT_EQ(parse_date("2026-11-23"), (Date{2026, 11, 23}));
    EXPECT_EQ(parse_date("2023-12-19T06:52:10.267"), (Date{2023, 12, 19}));
    EXPECT_EQ(parse_date("2023-03-13T11:48:53.03"), (Date{2023, 3, 13}));
    EXPECT_EQ(parse_date("2020-08-25 10:12:25"), (Date{2020, 8, 25}));
    EXPECT_EQ(parse_date("2026-09-09T00:00:00"), (Date{2026, 9, 9}));
}

TEST(Date, RejectsImpossibleAndMalformedDates) {
    EXPECT_FALSE(parse_date("2027-02-30").has_value());
    EXPECT_FALSE(parse_date("2026-13-01").has_value());
    EXPECT_FALSE(parse_date("2026-1-1").has_value());
    EXPECT_FALSE(parse_date("yesterday").has_value());
    EXPECT_FALSE(parse_date("2026-11-23T25:00:00").has_value());
    EXPECT_FALSE(parse_date("2026-11-23Tjunk").has_value());
    EXPECT_TRUE(parse_date("2024-02-29").has_value());
    EXPECT_FALSE(parse_date("2023-02-29").has_value());
}

TEST(Date, ArithmeticRoundTrips) {
    const Date d{2026, 11, 23};
    EXPECT_EQ(add_days(d, 8), (Date{2026, 12, 1}));
    EXPECT_EQ(add_days(d, -365), (Date{2025, 11, 23}));
    EXPECT_EQ(days_between(Date{2026, 1, 1}, Date{2027, 1, 1}), 365);
    EXPECT_EQ(date_from_days(days_since_epoch(Date{1999, 12, 31})), (Date{1999, 12, 31}));
    EXPECT_EQ(to_string(Date{2026, 3, 8}), "2026-03-08");
}

TEST(Date, PacificDayFollowsDaylightSaving) {
    // 2026-03-08 is the second Sunday of March: PST until 10:00 UTC, then PDT.
    const std::int64_t before_dst = (days_since_epoch(Date{2026, 3, 8}) * 86400 + 9 * 3600 + 59 * 60) * 1000LL;
    EXPECT_EQ(to_pacific(before_dst).hour, 1);
    const std::int64_t after_dst = (days_since_epoch(Date{2026, 3, 8}) * 86400 + 10 * 3600) * 1000LL;
    EXPECT_EQ(to_pacific(after_dst).hour, 3);
    // 07:59 UTC in winter is still the previous Pacific day.
    const std::int64_t winter = (days_since_epoch(Date{2026, 11, 23}) * 86400 + 7 * 3600 + 59 * 60) * 1000LL;
    EXPECT_EQ(to_pacific(winter).date, (Date{2026, 11, 22}));
    EXPECT_EQ(pacific_midnight_utc_millis(Date{2026, 11, 23}),
              (days_since_epoch(Date{2026, 11, 23}) * 86400 + 8 * 3600) * 1000LL);
    EXPECT_EQ(pacific_midnight_utc_millis(Date{2026, 7, 1}),
              (days_since_epoch(Date{2026, 7, 1}) * 86400 + 7 * 3600) * 1000LL);
}

}  // namespace
}  // namespace flexform

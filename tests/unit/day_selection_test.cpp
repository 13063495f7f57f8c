#include <gtest/gtest.h>

#include "engine/usecases/consumption_use_case.h"
#include "engine/usecases/day_selection.h"
#include "engine/usecases/plan_use_case.h"

namespace flexform {
namespace {

const Date k_today{2026, 11, 20};

TEST(DaySelection, PullTakesYesterdayOneClosedDayOrTheLastNOldestFirst) {
    EXPECT_EQ(days_to_pull({}, k_today), (std::vector<Date>{Date{2026, 11, 19}}));
    EXPECT_EQ(days_to_pull({"2026-11-01", 0}, k_today), (std::vector<Date>{Date{2026, 11, 1}}));
    EXPECT_EQ(days_to_pull({"", 3}, k_today),
              (std::vector<Date>{Date{2026, 11, 17}, Date{2026, 11, 18}, Date{2026, 11, 19}}));
}

TEST(DaySelection, PullRefusesADayNotClosedAndContradictoryFlags) {
    EXPECT_THROW(days_to_pull({"2026-11-20", 0}, k_today), ConsumptionError);
    EXPECT_THROW(days_to_pull({"2026-11-01", 2}, k_today), RequestError);
    try {
        days_to_pull({"2026-11-1", 0}, k_today);
        FAIL();
    } catch (const RequestError& e) {
        EXPECT_STREQ(e.what(), "--date \"2026-11-1\" is not a date (YYYY-MM-DD)");
    }
}

TEST(DaySelection, AReportRangeIsOneOfMonthDaysOrSpanAndThirtyDaysByDefault) {
    EXPECT_EQ(report_range({}, k_today), (DayRange{Date{2026, 10, 21}, Date{2026, 11, 19}}));
    EXPECT_EQ(report_range({"2026-11", 0, "", ""}, k_today), (DayRange{Date{2026, 11, 1}, Date{2026, 11, 19}}));
    EXPECT_EQ(report_range({"2026-10", 0, "", ""}, k_today), (DayRange{Date{2026, 10, 1}, Date{2026, 10, 31}}));
    EXPECT_EQ(report_range({"", 7, "", ""}, k_today), (DayRange{Date{2026, 11, 13}, Date{2026, 11, 19}}));
    EXPECT_EQ(report_range({"", 0, "2026-11-02", ""}, k_today), (DayRange{Date{2026, 11, 2}, Date{2026, 11, 19}}));
    try {
        report_range({"2026-11", 7, "", ""}, k_today);
        FAIL();
    } catch (const RequestError& e) {
        EXPECT_STREQ(e.what(), "--month, --days and --from/--to exclude each other: give one range");
    }
    EXPECT_THROW(report_range({"", 0, "", "2026-11-02"}, k_today), RequestError);
    EXPECT_THROW(report_range({"2026-13", 0, "", ""}, k_today), RequestError);
}

}  // namespace
}  // namespace flexform

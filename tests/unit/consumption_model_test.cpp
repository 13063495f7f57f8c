// The pure parts of the consumption figures: day ranges and FortiFlex's window, and the program's projection.
#include <gtest/gtest.h>

#include "engine/model/day_range.h"
#include "engine/render/program_words.h"
#include "engine/render/reports.h"
#include "engine/report/status.h"

namespace flexform {
namespace {

TEST(DayRanges, TheApiWindowIsTheNinetyClosedDaysBeforeToday) {
    const DayRange w = points_window(Date{2027, 3, 5});
    EXPECT_EQ(w.first, (Date{2026, 12, 5}));
    EXPECT_EQ(w.last, (Date{2027, 3, 4}));
    EXPECT_EQ(w.days(), k_points_window_days);
    EXPECT_FALSE(w.contains(Date{2027, 3, 5}));  // today has not closed
    EXPECT_FALSE(w.contains(Date{2026, 12, 4}));
}

TEST(DayRanges, MonthsIntersectionsAndMissingDays) {
    EXPECT_EQ(parse_month("2024-02")->last, (Date{2024, 2, 29}));
    EXPECT_EQ(parse_month("2026-12")->last, (Date{2026, 12, 31}));
    EXPECT_EQ(parse_month("2026-13"), std::nullopt);
    EXPECT_EQ(parse_month("2026-1"), std::nullopt);
    const DayRange a{Date{2026, 11, 1}, Date{2026, 11, 30}};
    EXPECT_TRUE(intersect(a, {Date{2026, 12, 1}, Date{2026, 12, 3}}).empty());
    EXPECT_EQ(intersect(a, {Date{2026, 11, 29}, Date{2026, 12, 3}}).days(), 2);
    const auto missing = days_missing({Date{2026, 11, 1}, Date{2026, 11, 5}}, {Date{2026, 11, 2}, Date{2026, 11, 4}});
    EXPECT_EQ(missing, (std::vector<Date>{Date{2026, 11, 1}, Date{2026, 11, 3}, Date{2026, 11, 5}}));
    EXPECT_EQ(describe_days(missing), "2026-11-01, 2026-11-03, 2026-11-05");
    EXPECT_EQ(describe_days({Date{2026, 11, 1}, Date{2026, 11, 2}, Date{2026, 11, 3}}),
              "2026-11-01 to 2026-11-03 (3 days)");
    EXPECT_EQ(describe_days({Date{2026, 11, 1}, Date{2026, 11, 3}, Date{2026, 11, 5}, Date{2026, 11, 7}}),
              "2026-11-01, 2026-11-03, 2026-11-05 and 1 more");
}

ProgramFigures postpaid() {
    ProgramFigures f;
    f.program.serial = "ELAVMS0000000001";
    f.today = Date{2026, 11, 30};
    f.year = 2026;
    f.days_in_year = 365;
    f.current_per_day = 10.0;
    f.year_so_far = {{Date{2026, 1, 1}, Date{2026, 11, 29}}, 900.0, 90, 0, {}};
    for (Date d{2026, 1, 1}; d < Date{2026, 9, 1}; d = add_days(d, 1)) {
        f.year_so_far.unknown.push_back(d);  // 243 days nobody kept; FortiFlex's 90 are known
    }
    return f;
}

TEST(ProgramProjection, StatesEachPartAndHowItWasEstimated) {
    ProgramFigures f = postpaid();
    f.commitment = 5000.0;
    const ProgramReport r = build_program_report(f);
    ASSERT_TRUE(r.projection);
    EXPECT_EQ(r.projection->known_days, 90);
    EXPECT_EQ(r.projection->unknown_days, 243);
    EXPECT_EQ(r.projection->unknown_basis, UnknownDaysBasis::known_average);
    EXPECT_DOUBLE_EQ(r.projection->unknown_per_day, 10.0);
    EXPECT_EQ(r.projection->remaining_days, 32);
    EXPECT_DOUBLE_EQ(r.projection->total, 900.0 + 2430.0 + 320.0);
    EXPECT_TRUE(r.misses_commitment);
    EXPECT_DOUBLE_EQ(*r.commitment_gap, 3650.0 - 5000.0);
}

// Before the program's first entitlement nothing was consumed: those days are zero, not the average, and the text
// says which days it assumed what.
TEST(ProgramProjection, DaysBeforeTheFirstEntitlementCountAsZero) {
    ProgramFigures f = postpaid();
    f.commitment = 5000.0;
    f.first_entitlement = Date{2026, 6, 1};
    const ProgramReport r = build_program_report(f);
    ASSERT_TRUE(r.projection);
    EXPECT_EQ(r.projection->zero.size(), 151u);  // 2026-01-01..2026-05-31
    EXPECT_EQ(r.projection->unknown_days, 92);   // 2026-06-01..2026-08-31
    EXPECT_DOUBLE_EQ(r.projection->total, 900.0 + 920.0 + 320.0);
    const std::string text = render_program_text(r);
    EXPECT_NE(text.find("Projected year: 2,140.00 points = 900.00 known (90 days) + 151 days before the first "
                        "entitlement at zero + 92 unknown days at the known average (10.00/day) + 32 remaining days "
                        "at the current rate (10.00/day)\n"
                        "Assumed zero, before the program's first entitlement (2026-06-01): 2026-01-01 to 2026-05-31 "
                        "(151 days)\n"
                        "Assumed at the known average: 2026-06-01 to 2026-08-31 (92 days)\n"),
              std::string::npos)
        << text;
}

// The report holds findings, not sentences: the renderers phrase each from the report's own figures.
TEST(ProgramProjection, FindingsArePhrasedFromTheFiguresInTheOrderFound) {
    ProgramFigures f = postpaid();
    f.commitment = 5000.0;
    const ProgramReport r = build_program_report(f);
    EXPECT_EQ(r.findings, (std::vector<ProgramFinding>{ProgramFinding::year_incomplete,
                                                       ProgramFinding::commitment_missed}));
    EXPECT_EQ(program_warnings(r),
              (std::vector<std::string>{"consumption is known for 90 of the 333 closed days of 2026 (FortiFlex keeps 90 "
                                        "days; pull consumption daily to keep the rest)",
                                        "projected consumption misses the yearly commitment by 1,350 points"}));
    EXPECT_TRUE(program_notes(r).empty());
}

TEST(ProgramProjection, NoCommitmentMeansNothingToMiss) {
    const ProgramReport r = build_program_report(postpaid());
    EXPECT_FALSE(r.misses_commitment);
    EXPECT_FALSE(r.commitment_gap);
    ASSERT_EQ(program_notes(r).size(), 1u);
    EXPECT_NE(program_notes(r)[0].find("no yearly commitment is set"), std::string::npos);
}

TEST(ProgramProjection, WithNoKnownDayTheUnknownOnesRunAtTheCurrentRate) {
    ProgramFigures f = postpaid();
    f.year_so_far = {{Date{2026, 1, 1}, Date{2026, 11, 29}}, 0.0, 0, 0, {}};
    for (Date d{2026, 1, 1}; d < Date{2026, 11, 30}; d = add_days(d, 1)) {
        f.year_so_far.unknown.push_back(d);
    }
    const ProgramReport r = build_program_report(f);
    EXPECT_EQ(r.projection->unknown_basis, UnknownDaysBasis::current_rate);
    EXPECT_DOUBLE_EQ(r.projection->total, 10.0 * 365);
}

TEST(ProgramProjection, APastYearHasActualsOnlyAndIsFinalOnlyWhenComplete) {
    ProgramFigures f = postpaid();
    f.year = 2025;
    f.past_year = true;
    f.commitment = 5000.0;
    f.year_so_far = {{Date{2025, 1, 1}, Date{2025, 12, 31}}, 100.0, 10, 10, {}};
    ProgramReport r = build_program_report(f);
    EXPECT_FALSE(r.projection);
    EXPECT_FALSE(r.misses_commitment);  // 355 days unknown: not a verdict
    f.year_so_far = {{Date{2025, 1, 1}, Date{2025, 12, 31}}, 4000.0, 365, 365, {}};
    r = build_program_report(f);
    EXPECT_TRUE(r.misses_commitment);
    EXPECT_DOUBLE_EQ(*r.commitment_gap, -1000.0);
}

TEST(ProgramProjection, ATrendNeedsTwoCompleteWindows) {
    ProgramFigures f = postpaid();
    f.trend_days = 30;
    f.trend_last = WindowFigures{{Date{2026, 10, 31}, Date{2026, 11, 29}}, 330.0, 30, 0, {}};
    f.trend_previous = WindowFigures{{Date{2026, 10, 1}, Date{2026, 10, 30}}, 300.0, 30, 0, {}};
    EXPECT_NEAR(*build_program_report(f).trend_percent, 10.0, 1e-9);
    f.trend_previous->known_days = 20;
    const ProgramReport r = build_program_report(f);
    EXPECT_FALSE(r.trend_percent);
    EXPECT_NE(program_warnings(r).back().find("incomplete windows"), std::string::npos);
}

}  // namespace
}  // namespace flexform

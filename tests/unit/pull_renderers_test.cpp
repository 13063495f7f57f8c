// Exact text of `flexform consumption pull`: each day's progress line and the summary.
#include "engine/render/pull_renderers.h"

#include <gtest/gtest.h>

namespace flexform::testing {
namespace {

DayPull day(int d, DayResult result, std::int64_t rows_before, std::int64_t cp_before, std::int64_t rows_after,
            std::int64_t cp_after) {
    DayPull p;
    p.day = Date{2026, 11, d};
    p.result = result;
    p.was_stored = rows_before > 0;
    p.rows_before = rows_before;
    p.centipoints_before = cp_before;
    p.rows_after = rows_after;
    p.centipoints_after = cp_after;
    return p;
}

TEST(PullRenderers, EachDaySaysWhatHappenedToIt) {
    EXPECT_EQ(render_pull_day(day(28, DayResult::stored, 0, 0, 12, 4050)), "2026-11-28: 12 rows / 40.50 points stored");
    EXPECT_EQ(render_pull_day(day(27, DayResult::replaced, 10, 3005, 12, 4050)),
              "2026-11-27: replaced 10 rows / 30.05 points with 12 rows / 40.50 points");
    EXPECT_EQ(render_pull_day(day(26, DayResult::unchanged, 1, 7, 1, 7)), "2026-11-26: unchanged, 1 row / 0.07 points");
    DayPull failed = day(24, DayResult::failed, 0, 0, 0, 0);
    failed.error = "HTTP 503";
    EXPECT_EQ(render_pull_day(failed), "2026-11-24: FAILED, nothing written for this day: HTTP 503");
}

TEST(PullRenderers, AKeptDaySaysHowTheAnswerWasEmptierAndHowToOverwriteIt) {
    DayPull kept = day(25, DayResult::kept, 12, 4050, 7, 2000);
    kept.emptier = Emptier::account_missing;
    kept.missing_account = 200;
    kept.missing_rows = 5;
    EXPECT_EQ(render_pull_day(kept),
              "2026-11-25: KEPT the stored 12 rows / 40.50 points: account 200 has 5 stored rows and none in the "
              "answer (run again with --replace to overwrite it with 7 rows / 20.00 points)");
    kept.emptier = Emptier::fewer_rows;
    EXPECT_EQ(render_pull_day(kept),
              "2026-11-25: KEPT the stored 12 rows / 40.50 points: the answer has 7 rows, the store 12 (run again "
              "with --replace to overwrite it with 7 rows / 20.00 points)");
    kept = day(25, DayResult::kept, 1, 4050, 1, 2000);
    kept.emptier = Emptier::fewer_points;
    EXPECT_EQ(render_pull_day(kept),
              "2026-11-25: KEPT the stored 1 row / 40.50 points: the answer has fewer points than the store (run "
              "again with --replace to overwrite it with 1 row / 20.00 points)");
}

TEST(PullRenderers, SummaryCountsEachOutcomeAndNamesWhatNeedsAnotherPull) {
    PullResult result;
    result.days = {day(28, DayResult::stored, 0, 0, 12, 4050), day(27, DayResult::replaced, 10, 3005, 12, 4050),
                   day(26, DayResult::unchanged, 1, 7, 1, 7),  day(25, DayResult::kept, 12, 4050, 7, 2000),
                   day(24, DayResult::failed, 0, 0, 0, 0),     day(23, DayResult::failed, 0, 0, 0, 0)};
    EXPECT_EQ(render_pull_summary(result, "SQLite .flexform/consumption.db"),
              "Pulled 4 of 6 days into SQLite .flexform/consumption.db: 1 new, 1 replaced, 1 unchanged, 1 kept, 2 "
              "failed; 25 rows written\n"
              "Kept days hold more than FortiFlex answered now; nothing of them was overwritten. --replace "
              "overwrites them.\n"
              "Failed days (nothing written for them; pull them again): 2026-11-24 2026-11-23\n");
}

TEST(PullRenderers, ACleanSummaryIsOneLine) {
    PullResult result;
    result.days = {day(28, DayResult::stored, 0, 0, 1, 100)};
    EXPECT_EQ(render_pull_summary(result, "store"),
              "Pulled 1 of 1 day into store: 1 new, 0 replaced, 0 unchanged, 0 kept, 0 failed; 1 row written\n");
}

}  // namespace
}  // namespace flexform::testing

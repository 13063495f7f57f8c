// The consumption use cases: pull daily points from FortiFlex into the store without ever destroying what it holds,
// and report them per serial, customer, configuration or day, from the store or live, stating every day covered.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/model/defaults.h"
#include "engine/model/day_range.h"
#include "engine/ports/consumption_store.h"
#include "engine/ports/provider.h"
#include "engine/report/consumption.h"
#include "engine/usecases/snapshot_reading.h"

namespace flexform {

// A request the data cannot honour (a day FortiFlex no longer answers for, a range that has not closed, a program
// the store never saw). Thrown before any call or write.
class ConsumptionError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct DayPull;

struct PullOptions {
    std::string program;
    std::vector<Date> days;
    Date today;            // Pacific; the days must lie in points_window(today)
    bool replace = false;  // overwrite a stored day with an emptier answer
    int parallelism = k_default_parallelism;
    std::function<std::string()> now_utc;          // pulled_at stamps
    std::function<void(const DayPull&)> progress;  // each day, once decided
    // The project's other programs: a serial moved out of this one (its hardware entitlement now under another
    // program's configuration) keeps, for its history here, this program's configuration of the same name.
    std::vector<std::string> other_programs;
};

enum class DayResult {
    stored,     // a day the store did not have
    replaced,   // a stored day overwritten (a fuller answer, or an emptier one with --replace)
    unchanged,  // the answer has the stored totals (rewritten all the same, so names stay current)
    kept,       // an emptier answer than what is stored: nothing written
    failed,     // a read failed: nothing written
};

// Why an answer is emptier than the stored day; checked in this order.
enum class Emptier {
    none,
    account_missing,  // an account with stored rows has none in the answer
    fewer_rows,
    fewer_points,
};

struct DayPull {
    Date day;
    DayResult result = DayResult::failed;
    bool was_stored = false;
    std::int64_t rows_before = 0;
    std::int64_t centipoints_before = 0;
    std::int64_t rows_after = 0;  // the answer's
    std::int64_t centipoints_after = 0;
    Emptier emptier = Emptier::none;   // kept: what was emptier
    std::int64_t missing_account = 0;  // Emptier::account_missing: the account absent from the answer
    std::int64_t missing_rows = 0;     // ... and its stored rows
    std::string error;                 // failed: the failed read's or write's own message
};

struct PullResult {
    std::vector<DayPull> days;
    std::int64_t requests = 0;

    int count(DayResult result) const;
    std::int64_t rows_written() const;
    bool ok() const { return count(DayResult::failed) == 0 && count(DayResult::kept) == 0; }
};

// Throws ConsumptionError naming the days outside points_window(today) and the window, if any.
void check_pullable(const std::vector<Date>& days, const Date& today);

// Throws ConsumptionError, before any call, when a day is outside points_window(options.today): FortiFlex answers
// such a day with nothing, which is not the truth. One entitlements/points call per account and day; a day is
// written in one transaction only when every account of it was read, and never replaced by an emptier answer
// (fewer rows or points, or an account with stored rows absent) unless options.replace.
PullResult pull_consumption(Provider& provider, ConsumptionStore& store, const PullOptions& options);

// The closed days of [from, to]: throws ConsumptionError when the range ends before it starts or reaches today.
DayRange closed_range(const Date& from, const Date& to, const Date& today);

// From the store alone. Throws ConsumptionError when the store never saw the program.
ConsumptionReport report_from_store(ConsumptionStore& store, const ReportRequest& request, const Date& today);
// From the API for the days it still answers for and, with a store, the older days from the store. One points call
// per account (per day with --by day); one account for --account-id or a serial whose account is known. The accounts
// and configurations may come from a young enough snapshot (`snapshots`); the points always come from FortiFlex.
ConsumptionReport report_from_live(Provider& provider, ConsumptionStore* store, const ReportRequest& request,
                                   const Date& today, const SnapshotAccess& snapshots = {});

}  // namespace flexform

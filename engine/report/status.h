// Multi-tenant status and program balance: what each account holds and costs now, and how the program's
// consumption compares with its prepaid balance or yearly commitment. Pure computations.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/catalog/catalog.h"
#include "engine/model/day_range.h"
#include "engine/model/live.h"
#include "engine/model/offer_index.h"
#include "engine/model/live_snapshot.h"
#include "engine/plan/planner.h"
#include "engine/plan/policies.h"
#include "engine/report/ending.h"
#include "engine/report/named.h"

namespace flexform {

struct AccountStatus {
    std::int64_t account_id = 0;
    std::string customer;  // from the manifests; empty when no manifest declares the account
    std::map<std::string, int> configs_by_product;
    int configs_disabled = 0;
    std::map<std::string, int> entitlements_by_status;
    double points_per_day = 0.0;
    std::vector<LiveConfig> configs;
    std::vector<LiveEntitlement> entitlements;
    std::optional<std::string> refused;  // FortiFlex refused to list the account: its answer
};

// What one offer holds across the program: the MSSP's run-rate per product line.
struct OfferStatus {
    std::string offer;
    std::string label;
    int customers = 0;  // accounts with a configuration of the offer
    int configurations = 0;
    int devices = 0;  // ACTIVE entitlements on them
    double points_per_day = 0.0;
};

struct StatusReport {
    std::string program;
    std::vector<AccountStatus> accounts;
    double points_per_day = 0.0;
    std::vector<OfferStatus> offers;  // every offer of the manifests, in name order
    std::optional<SnapshotOrigin> read_from;  // the stored snapshot the live state came from (--max-age)
};

// Customers, configurations, devices and points per day of each offer, from live configurations the index names.
std::vector<OfferStatus> status_by_offer(const LiveState& live, const PriceTable& prices, const OfferIndex& index);

// Daily points of ACTIVE entitlements on enabled configurations, at the given prices.
double run_rate(const LiveState& live, const PriceTable& prices, std::optional<std::int64_t> account = std::nullopt);

StatusReport build_status(const LiveState& live, const PriceTable& prices,
                          const std::map<std::int64_t, std::string>& customer_names, const Catalog& catalog);

// Points over a range of days, and how many of its days they are known for.
struct WindowFigures {
    DayRange range;
    double points = 0.0;
    int known_days = 0;  // days whose consumption was found (store or API)
    int store_days = 0;  // of those, the days the consumption store gave
    std::vector<Date> unknown;  // the days whose consumption nobody kept
    bool complete() const { return known_days >= range.days(); }
};

struct ProgramFigures {
    ProgramInfo program;
    Date today;  // Pacific
    int year = 0;
    std::optional<std::int64_t> balance;  // prepaid
    double current_per_day = 0.0;
    std::optional<double> commitment;  // postpaid, points per year, when the project sets one
    int days_in_year = 365;            // of the program's year: from its start when it began that year
    WindowFigures year_so_far;         // the closed days of the year (all of it for a past year)
    bool past_year = false;
    int trend_days = 30;
    std::optional<WindowFigures> trend_last;      // the last trend_days closed days
    std::optional<WindowFigures> trend_previous;  // the trend_days before those
    std::optional<Date> first_entitlement;        // the earliest start of any live entitlement: nothing before it
};

// What the closed days nobody kept are estimated at: the average of the known days, or (none known) today's rate.
enum class UnknownDaysBasis { known_average, current_rate };

// What a program report tells beyond its figures, in the order told; the renderers phrase each from the report's
// figures. `no_commitment` is a note (true, not alarming); the others are warnings.
enum class ProgramFinding {
    runway_short,        // prepaid: the balance lasts under 30 days at the current rate
    balance_negative,    // prepaid: the grace period has started
    no_commitment,       // postpaid without spec.yearlyCommitment: nothing to compare with
    commitment_missed,   // the year's projection (or a past year's actuals) misses the commitment
    year_incomplete,     // closed days of the year whose consumption nobody kept
    trend_incomplete,    // the trend's windows are not both complete: no percentage
};

// How the year's total is projected: each part says what it is and how it was estimated.
struct Projection {
    double known_points = 0.0;
    int known_days = 0;
    int unknown_days = 0;  // closed days of the year whose consumption nobody kept, estimated at unknown_per_day
    std::vector<Date> estimated;  // which days those are
    std::vector<Date> zero;       // closed days nobody kept that came before the first entitlement: zero, not estimated
    double unknown_per_day = 0.0;
    UnknownDaysBasis unknown_basis = UnknownDaysBasis::known_average;
    int remaining_days = 0;     // days of the year still to come, today included
    double remaining_per_day = 0.0;
    double total = 0.0;
};

struct ProgramReport {
    ProgramFigures figures;
    std::optional<double> runway_days;     // prepaid
    double daily_average = 0.0;            // postpaid: known points / known days
    std::optional<Projection> projection;  // postpaid, the current year
    std::optional<double> commitment_gap;  // projected (or actual, for a past year) - commitment
    bool misses_commitment = false;
    std::optional<double> trend_percent;  // last vs previous window, when both are complete
    std::vector<ProgramFinding> findings;
    std::vector<PolicyResult> budgets;  // customers' budgets against what they cost now
    bool over_budget = false;           // a customer costs more than its budget allows (not waived)
    std::vector<EndingEntitlement> ending;  // running entitlements ending within the watched window
    int ending_within_days = 0;
};

ProgramReport build_program_report(const ProgramFigures& figures);

// The programs' current rates summed: points per day across them.
double points_per_day_of(const std::vector<Named<StatusReport>>& reports);
double points_per_day_of(const std::vector<Named<ProgramReport>>& reports);

}  // namespace flexform

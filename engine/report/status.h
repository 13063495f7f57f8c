// Multi-tenant status and program balance: what each account holds and costs now, and how the program's
// consumption compares with its prepaid balance or yearly commitment. Pure computations.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/catalog/catalog.h"
#include "engine/model/live.h"
#include "engine/plan/planner.h"

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
};

struct StatusReport {
    std::string program;
    std::vector<AccountStatus> accounts;
    double points_per_day = 0.0;
};

// Daily points of ACTIVE entitlements on enabled configurations, at the given prices.
double run_rate(const LiveState& live, const PriceTable& prices, std::optional<std::int64_t> account = std::nullopt);

StatusReport build_status(const LiveState& live, const PriceTable& prices,
                          const std::map<std::int64_t, std::string>& customer_names, const Catalog& catalog);

struct ProgramFigures {
    ProgramInfo program;
    Date today;  // Pacific
    int year = 0;
    std::optional<std::int64_t> balance;  // prepaid
    double current_per_day = 0.0;
    double commitment = 50000.0;  // postpaid, points per year
    double year_to_date = 0.0;    // points consumed this year in the days covered
    int days_covered = 0;         // days of this year whose consumption is known
    int days_elapsed = 0;         // closed days of this year so far
    int trend_days = 30;
    double trend_last = 0.0;      // points over the last trend_days
    double trend_previous = 0.0;  // points over the trend_days before those
};

struct ProgramReport {
    ProgramFigures figures;
    std::optional<double> runway_days;  // prepaid
    double daily_average = 0.0;         // postpaid: year to date / days covered
    double projected_year = 0.0;        // daily average x days in the year
    double commitment_gap = 0.0;        // projected - commitment (negative: shortfall)
    bool misses_commitment = false;
    std::optional<double> trend_percent;  // last vs previous window
    std::vector<std::string> warnings;
};

ProgramReport build_program_report(const ProgramFigures& figures);

}  // namespace flexform

// Live state: what FortiFlex reports for a program, as flexform reads it through a Provider.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/model/date.h"
#include "engine/model/parameters.h"
#include "engine/model/status.h"

namespace flexform {

struct ProgramInfo {
    std::string serial;
    std::int64_t account_id = 0;
    std::optional<Date> start;
    std::optional<Date> end;
    bool prepaid = false;  // ELAVMR... is prepaid, ELAVMS... postpaid (MSSP)
};

struct LiveConfig {
    std::int64_t id = 0;
    std::string name;
    std::string program;
    std::int64_t account_id = 0;
    int product_id = 0;
    bool active = true;
    ParameterSet parameters;  // normalized against the catalog
};

struct LiveEntitlement {
    std::string serial;
    std::int64_t config_id = 0;
    std::int64_t account_id = 0;
    std::string description;
    std::optional<Date> start_date;  // the day it was created
    std::optional<Date> end_date;
    EntitlementStatus status = EntitlementStatus::active;
    std::string status_text;  // as the API spelled it, so a status newer than flexform can still be shown
    TokenStatus token_status = TokenStatus::none;  // VMs only
};

// Per-unit price of one (product, parameters) pair, from tools/calc.
struct Price {
    double per_day = 0.0;  // points per day for one unit
    std::optional<double> latest;
    std::optional<Date> latest_effective;
    bool metered = false;  // the product is billed by metered usage; per_day covers only the fixed part
};

struct PointsRow {
    std::string serial;
    std::int64_t account_id = 0;
    double points = 0.0;
};

struct LiveState {
    std::string program;
    std::vector<LiveConfig> configs;                                    // every config of the program that was read
    std::map<std::int64_t, std::vector<LiveEntitlement>> entitlements;  // by account, for the accounts that were read
    std::map<std::int64_t, std::string> unreadable;  // accounts FortiFlex refused to list, with its answer
    bool complete = true;  // every account of the program was read (false for plan --changed-since)
    std::optional<std::int64_t> prepaid_balance;

    const LiveConfig* find_config(std::int64_t id) const;
};

bool is_prepaid_program(const std::string& serial);
// "FGT60FTK20000001"-style identity of a price: product id plus canonical parameters.
std::string price_key(int product_id, const ParameterSet& parameters);

}  // namespace flexform

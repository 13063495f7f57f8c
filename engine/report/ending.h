// EndingEntitlement is a running entitlement whose end date falls within a watched window: a contract to extend
// in git (one endDate edit re-plans every entitlement it covers), or a licence about to lapse. `drift`, `program`
// and the dashboard list them as findings; engine/render words them.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/model/date.h"
#include "engine/model/live.h"

namespace flexform {

inline constexpr int k_default_ending_within_days = 30;

struct EndingEntitlement {
    std::string serial;
    std::int64_t account_id = 0;
    std::string customer;  // the customer of the account in git, empty when no manifest declares it
    std::string config;    // the live configuration's name
    Date end_date;
    int days_left = 0;  // 0: it ends today
    EntitlementStatus status = EntitlementStatus::active;
    bool operator==(const EndingEntitlement&) const = default;
};

// ACTIVE and PENDING entitlements ending from `today` to `within_days` days after it (both ends included), soonest
// first. `customers` maps account ids to customer names.
std::vector<EndingEntitlement> entitlements_ending(const LiveState& live,
                                                   const std::map<std::int64_t, std::string>& customers,
                                                   const Date& today, int within_days);

// "customer/config/serial", or "account-N/config/serial" for an account no manifest declares.
std::string address_of(const EndingEntitlement& ending);

}  // namespace flexform

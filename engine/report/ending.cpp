#include "engine/report/ending.h"

#include <algorithm>
#include <tuple>

namespace flexform {

std::vector<EndingEntitlement> entitlements_ending(const LiveState& live,
                                                   const std::map<std::int64_t, std::string>& customers,
                                                   const Date& today, int within_days) {
    std::vector<EndingEntitlement> out;
    for (const auto& [account, entitlements] : live.entitlements) {
        const auto customer = customers.find(account);
        for (const auto& e : entitlements) {
            if (!e.end_date || !is_running(e.status)) {
                continue;  // a STOPPED or EXPIRED one costs nothing when it ends
            }
            const auto days_left = days_between(today, *e.end_date);
            if (days_left < 0 || days_left > within_days) {
                continue;
            }
            const LiveConfig* config = live.find_config(e.config_id);
            out.push_back({e.serial, account, customer == customers.end() ? std::string() : customer->second,
                           config ? config->name : std::to_string(e.config_id), *e.end_date,
                           static_cast<int>(days_left), e.status});
        }
    }
    std::sort(out.begin(), out.end(), [](const EndingEntitlement& a, const EndingEntitlement& b) {
        return std::tie(a.days_left, a.customer, a.account_id, a.serial) <
               std::tie(b.days_left, b.customer, b.account_id, b.serial);
    });
    return out;
}

std::string address_of(const EndingEntitlement& ending) {
    const std::string owner =
        ending.customer.empty() ? "account-" + std::to_string(ending.account_id) : ending.customer;
    return owner + "/" + ending.config + "/" + ending.serial;
}

}  // namespace flexform

#include "engine/report/status.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_map>

namespace flexform {

double run_rate(const LiveState& live, const PriceTable& prices, std::optional<std::int64_t> account) {
    std::unordered_map<std::int64_t, const LiveConfig*> configs;
    for (const auto& c : live.configs) {
        configs.emplace(c.id, &c);
    }
    double total = 0.0;
    for (const auto& [owner, entitlements] : live.entitlements) {
        if (account && owner != *account) {
            continue;
        }
        for (const auto& e : entitlements) {
            const auto config = configs.find(e.config_id);
            if (e.status != EntitlementStatus::active || config == configs.end() || !config->second->active) {
                continue;
            }
            const auto price = prices.find(price_key(config->second->product_id, config->second->parameters));
            total += price == prices.end() ? 0.0 : price->second.per_day;
        }
    }
    return total;
}

StatusReport build_status(const LiveState& live, const PriceTable& prices,
                          const std::map<std::int64_t, std::string>& customer_names, const Catalog& catalog) {
    StatusReport report;
    report.program = live.program;
    std::set<std::int64_t> accounts;
    for (const auto& c : live.configs) {
        accounts.insert(c.account_id);
    }
    for (const auto& [account, entitlements] : live.entitlements) {
        accounts.insert(account);
    }
    for (const std::int64_t account : accounts) {
        AccountStatus status;
        status.account_id = account;
        const auto name = customer_names.find(account);
        status.customer = name == customer_names.end() ? "" : name->second;
        for (const auto& c : live.configs) {
            if (c.account_id != account) {
                continue;
            }
            const ProductType* product = catalog.find_by_id(c.product_id);
            ++status.configs_by_product[product ? product->code : std::to_string(c.product_id)];
            status.configs_disabled += c.active ? 0 : 1;
            status.configs.push_back(c);
        }
        const auto entitlements = live.entitlements.find(account);
        if (entitlements != live.entitlements.end()) {
            for (const auto& e : entitlements->second) {
                ++status
                      .entitlements_by_status[e.status == EntitlementStatus::other ? e.status_text
                                                                                   : std::string(to_string(e.status))];
            }
            status.entitlements = entitlements->second;
        }
        status.points_per_day = run_rate(live, prices, account);
        report.points_per_day += status.points_per_day;
        report.accounts.push_back(std::move(status));
    }
    return report;
}

ProgramReport build_program_report(const ProgramFigures& f) {
    ProgramReport r;
    r.figures = f;
    if (f.program.prepaid) {
        if (f.balance && f.current_per_day > 0) {
            r.runway_days = static_cast<double>(*f.balance) / f.current_per_day;
            if (*r.runway_days < 30) {
                r.warnings.push_back("prepaid balance lasts about " +
                                     std::to_string(static_cast<long long>(*r.runway_days)) +
                                     " more days at the current rate");
            }
        }
        if (f.balance && *f.balance < 0) {
            r.warnings.push_back("prepaid balance is negative: the 90-day grace period has started");
        }
        return r;
    }
    const bool leap = (f.year % 4 == 0 && f.year % 100 != 0) || f.year % 400 == 0;
    const int year_days = leap ? 366 : 365;
    r.daily_average = f.days_covered > 0 ? f.year_to_date / f.days_covered : f.current_per_day;
    // Days already gone count at their known average; the rest of the year at today's run rate, which is what
    // the customers on the program now cost.
    const int remaining = std::max(0, year_days - f.days_elapsed);
    r.projected_year = r.daily_average * f.days_elapsed + f.current_per_day * remaining;
    r.commitment_gap = r.projected_year - f.commitment;
    r.misses_commitment = f.commitment > 0 && r.projected_year < f.commitment;
    if (r.misses_commitment) {
        r.warnings.push_back("projected consumption misses the yearly commitment by " +
                             std::to_string(static_cast<long long>(std::llround(-r.commitment_gap))) + " points");
    }
    if (f.days_covered < f.days_elapsed) {
        r.warnings.push_back("consumption is known for " + std::to_string(f.days_covered) + " of " +
                             std::to_string(f.days_elapsed) +
                             " days this year (FortiFlex keeps 90 days; pull consumption daily to keep the rest)");
    }
    if (f.trend_previous > 0) {
        r.trend_percent = (f.trend_last - f.trend_previous) / f.trend_previous * 100.0;
    }
    return r;
}

}  // namespace flexform

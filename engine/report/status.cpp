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

std::vector<OfferStatus> status_by_offer(const LiveState& live, const PriceTable& prices, const OfferIndex& index) {
    std::map<std::string, OfferStatus> by_offer;
    std::map<std::string, std::set<std::int64_t>> accounts;
    for (const auto& [name, label] : index.labels) {
        by_offer[name] = OfferStatus{name, label, 0, 0, 0, 0.0};
    }
    std::unordered_map<std::int64_t, OfferStatus*> offer_of_config;
    for (const auto& c : live.configs) {
        const std::string* offer = index.offer_of(c.account_id, c.name);
        if (!offer || !by_offer.count(*offer)) {
            continue;
        }
        OfferStatus& status = by_offer[*offer];
        ++status.configurations;
        accounts[*offer].insert(c.account_id);
        if (c.active) {
            offer_of_config[c.id] = &status;
        }
    }
    std::unordered_map<std::int64_t, const LiveConfig*> configs;
    for (const auto& c : live.configs) {
        configs.emplace(c.id, &c);
    }
    for (const auto& [owner, entitlements] : live.entitlements) {
        for (const auto& e : entitlements) {
            const auto status = offer_of_config.find(e.config_id);
            if (e.status != EntitlementStatus::active || status == offer_of_config.end()) {
                continue;
            }
            ++status->second->devices;
            const LiveConfig* config = configs.at(e.config_id);
            const auto price = prices.find(price_key(config->product_id, config->parameters));
            status->second->points_per_day += price == prices.end() ? 0.0 : price->second.per_day;
        }
    }
    std::vector<OfferStatus> out;
    for (auto& [name, status] : by_offer) {
        status.customers = static_cast<int>(accounts[name].size());
        out.push_back(status);
    }
    return out;
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
    for (const auto& [account, why] : live.unreadable) {
        accounts.insert(account);
    }
    for (const std::int64_t account : accounts) {
        AccountStatus status;
        status.account_id = account;
        const auto name = customer_names.find(account);
        status.customer = name == customer_names.end() ? "" : name->second;
        if (const auto refused = live.unreadable.find(account); refused != live.unreadable.end()) {
            status.refused = refused->second;
        }
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

namespace {

void prepaid_figures(const ProgramFigures& f, ProgramReport& r) {
    if (f.balance && f.current_per_day > 0) {
        r.runway_days = static_cast<double>(*f.balance) / f.current_per_day;
        if (*r.runway_days < 30) {
            r.findings.push_back(ProgramFinding::runway_short);
        }
    }
    if (f.balance && *f.balance < 0) {
        r.findings.push_back(ProgramFinding::balance_negative);
    }
}

void compare_with_commitment(const ProgramFigures& f, double figure, bool final_figure, ProgramReport& r) {
    if (!f.commitment) {
        r.findings.push_back(ProgramFinding::no_commitment);
        return;
    }
    r.commitment_gap = figure - *f.commitment;
    r.misses_commitment = final_figure && *f.commitment > 0 && figure < *f.commitment;
    if (r.misses_commitment) {
        r.findings.push_back(ProgramFinding::commitment_missed);
    }
}

}  // namespace

ProgramReport build_program_report(const ProgramFigures& f) {
    ProgramReport r;
    r.figures = f;
    if (f.program.prepaid) {
        prepaid_figures(f, r);
    } else {
        const WindowFigures& y = f.year_so_far;
        r.daily_average = y.known_days > 0 ? y.points / y.known_days : 0.0;
        const int elapsed = y.range.days();
        if (y.known_days < elapsed) {
            r.findings.push_back(ProgramFinding::year_incomplete);
        }
        if (f.past_year) {
            // A year that is over has actuals, not a projection; they are final only when every day is known.
            compare_with_commitment(f, y.points, y.complete(), r);
        } else {
            Projection p;
            p.known_points = y.points;
            p.known_days = y.known_days;
            for (const Date& d : y.unknown) {
                (f.first_entitlement && d < *f.first_entitlement ? p.zero : p.estimated).push_back(d);
            }
            p.unknown_days = static_cast<int>(p.estimated.size());
            p.unknown_basis = y.known_days > 0 ? UnknownDaysBasis::known_average : UnknownDaysBasis::current_rate;
            p.unknown_per_day = y.known_days > 0 ? r.daily_average : f.current_per_day;
            p.remaining_days = std::max(0, f.days_in_year - elapsed);
            p.remaining_per_day = f.current_per_day;
            p.total = p.known_points + p.unknown_per_day * p.unknown_days + p.remaining_per_day * p.remaining_days;
            r.projection = p;
            compare_with_commitment(f, p.total, true, r);
        }
    }
    if (f.trend_last && f.trend_previous) {
        if (f.trend_last->complete() && f.trend_previous->complete()) {
            if (f.trend_previous->points > 0) {
                r.trend_percent = (f.trend_last->points - f.trend_previous->points) / f.trend_previous->points * 100.0;
            }
        } else {
            r.findings.push_back(ProgramFinding::trend_incomplete);
        }
    }
    return r;
}

double points_per_day_of(const std::vector<Named<StatusReport>>& reports) {
    double total = 0.0;
    for (const auto& part : reports) {
        total += part.report.points_per_day;
    }
    return total;
}

double points_per_day_of(const std::vector<Named<ProgramReport>>& reports) {
    double total = 0.0;
    for (const auto& part : reports) {
        total += part.report.figures.current_per_day;
    }
    return total;
}

}  // namespace flexform

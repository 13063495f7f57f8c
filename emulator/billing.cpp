#include "emulator/billing.h"

#include <algorithm>
#include <unordered_map>

namespace flexform::emulator {

namespace {

Centipoints rate_under(const State& state, const Catalog& catalog, const RateCard& rates, const Config& config,
                       const ParameterSet& parameters, const Entitlement& entitlement, const Date& day) {
    const ProductType* product = catalog.find_by_id(config.product_id);
    if (!product) {
        return 0;
    }
    const Program* program = state.program(config.program);
    return rates.per_unit(*product, parameters, entitlement.metered, day, program ? program->discount : 1.0);
}

}  // namespace

Centipoints entitlement_rate(const State& state, const Catalog& catalog, const RateCard& rates,
                             const Entitlement& entitlement, const Date& day) {
    const auto config = state.configs.find(entitlement.config_id);
    if (config == state.configs.end()) {
        return 0;
    }
    return rate_under(state, catalog, rates, config->second, config->second.parameters, entitlement, day);
}

Centipoints largest_rate_of_day(const State& state, const Catalog& catalog, const RateCard& rates,
                                const Entitlement& entitlement, const Date& day) {
    Centipoints largest = entitlement_rate(state, catalog, rates, entitlement, day);
    const auto config = state.configs.find(entitlement.config_id);
    if (config != state.configs.end()) {
        for (const auto& earlier : config->second.day_parameters) {
            largest = std::max(largest, rate_under(state, catalog, rates, config->second, earlier, entitlement, day));
        }
    }
    return largest;
}

void note_active(Entitlement& entitlement) {
    entitlement.day_billable = true;
}

void note_rate(const State& state, const Catalog& catalog, const RateCard& rates, Entitlement& entitlement,
               const Date& today) {
    entitlement.day_rate =
        std::max(entitlement.day_rate, largest_rate_of_day(state, catalog, rates, entitlement, today));
}

void note_parameters_replaced(Config& config, const ParameterSet& replaced) {
    if (replaced != config.parameters && std::find(config.day_parameters.begin(), config.day_parameters.end(),
                                                   replaced) == config.day_parameters.end()) {
        config.day_parameters.push_back(replaced);
    }
}

void close_days(State& state, const Catalog& catalog, const RateCard& rates, std::int64_t today_days, Dirty& dirty) {
    if (state.open_day == 0) {
        state.open_day = today_days;
        dirty.meta = true;
    }
    while (state.open_day < today_days) {
        const std::int64_t day = state.open_day;
        const Date next = date_from_days(day + 1);
        // Rates depend only on the configuration unless an entitlement carries metered quantities.
        std::unordered_map<std::int64_t, Centipoints> config_rates;
        for (auto& [serial, e] : state.entitlements) {
            const auto config = state.configs.find(e.config_id);
            const bool enabled = config != state.configs.end() && config->second.day_enabled;
            const std::int64_t end_day = days_since_epoch(e.end_date);
            const Centipoints charge = e.day_billable && enabled && day <= end_day ? e.day_rate : 0;
            ChargeRun* open = !e.charges.empty() && e.charges.back().last < 0 ? &e.charges.back() : nullptr;
            bool changed = false;
            if (!(open && open->per_day == charge && open->config_id == e.config_id) &&
                !(open == nullptr && charge == 0)) {
                if (open) {
                    open->last = day - 1;
                    if (open->last < open->first) {
                        e.charges.pop_back();
                    }
                }
                if (charge > 0) {
                    e.charges.push_back({day, -1, charge, e.config_id});
                }
                changed = true;
            }
            // Open the next day.
            if ((e.status == "ACTIVE" || e.status == "PENDING" || e.status == "STOPPED") && end_day < day + 1) {
                e.status = "EXPIRED";
                changed = true;
            }
            const bool billable = e.status == "ACTIVE" && !e.removed;
            Centipoints rate = 0;
            if (e.metered.empty()) {
                auto it = config_rates.find(e.config_id);
                if (it == config_rates.end()) {
                    it = config_rates.emplace(e.config_id, entitlement_rate(state, catalog, rates, e, next)).first;
                }
                rate = it->second;
            } else {
                rate = entitlement_rate(state, catalog, rates, e, next);
            }
            if (billable != e.day_billable || rate != e.day_rate) {
                e.day_billable = billable;
                e.day_rate = rate;
                changed = true;
            }
            if (changed) {
                dirty.entitlements.insert(serial);
            }
        }
        for (auto& [id, config] : state.configs) {
            if (config.day_enabled != config.active || !config.day_parameters.empty()) {
                config.day_enabled = config.active;
                config.day_parameters.clear();  // the next day starts with the parameters in force now
                dirty.configs.insert(id);
            }
        }
        state.open_day = day + 1;
        dirty.meta = true;
    }
}

const std::string& charged_program(const State& state, const Entitlement& entitlement, const ChargeRun& run) {
    // The entitlement's own for a run whose configuration is gone.
    const auto config = state.configs.find(run.config_id);
    return config == state.configs.end() ? entitlement.program : config->second.program;
}

namespace {

Centipoints charged_where(const State& state, const Entitlement& entitlement, std::int64_t first_day,
                          std::int64_t last_day, const std::string* program) {
    const std::int64_t last_closed = state.open_day - 1;
    Centipoints total = 0;
    for (const auto& run : entitlement.charges) {
        if (program && charged_program(state, entitlement, run) != *program) {
            continue;
        }
        const std::int64_t lo = std::max(run.first, first_day);
        const std::int64_t hi = std::min(run.last < 0 ? last_closed : run.last, last_day);
        if (lo <= hi) {
            total += run.per_day * (hi - lo + 1);
        }
    }
    return total;
}

}  // namespace

Centipoints charged(const State& state, const Entitlement& entitlement, std::int64_t first_day, std::int64_t last_day) {
    return charged_where(state, entitlement, first_day, last_day, nullptr);
}

Centipoints charged_to_program(const State& state, const Entitlement& entitlement, std::int64_t first_day,
                               std::int64_t last_day, const std::string& program) {
    return charged_where(state, entitlement, first_day, last_day, &program);
}

void backfill_history(const State& state, const Catalog& catalog, const RateCard& rates, Entitlement& entitlement,
                      int days) {
    if (days <= 0 || entitlement.status != "ACTIVE") {
        return;
    }
    const std::int64_t first = state.open_day - days;
    const Centipoints rate = entitlement_rate(state, catalog, rates, entitlement, date_from_days(state.open_day));
    entitlement.charges.clear();
    if (rate > 0) {
        entitlement.charges.push_back({first, -1, rate, entitlement.config_id});
    }
    entitlement.start_millis = std::min<std::int64_t>(
        entitlement.start_millis, pacific_midnight_utc_millis(date_from_days(first)) + 9 * 3600000LL);
}

}  // namespace flexform::emulator

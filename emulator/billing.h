// Billing per fortiflex-api.md section 8.4: each closed Pacific day charges every entitlement that was ACTIVE at
// any instant of it, whose configuration was enabled, at the largest rate in force that day.
#pragma once

#include <cstdint>
#include <string>

#include "engine/catalog/catalog.h"
#include "emulator/store.h"

namespace flexform::emulator {

// Per-unit rate of an entitlement on `day` under its current configuration.
Centipoints entitlement_rate(const State& state, const Catalog& catalog, const RateCard& rates,
                             const Entitlement& entitlement, const Date& day);

// The one rule for a day on which an entitlement's configuration had several parameter sets (fortiflex-api.md 8.4,
// "the largest CPU size and service package for the day will be charged"): the largest of their rates, whenever in
// the day the entitlement joined the configuration.
Centipoints largest_rate_of_day(const State& state, const Catalog& catalog, const RateCard& rates,
                                const Entitlement& entitlement, const Date& day);

// Record that `replaced` was in force on `config` earlier today (configs/update), for largest_rate_of_day.
void note_parameters_replaced(Config& config, const ParameterSet& replaced);

// Record that an entitlement is ACTIVE now (billable today) and/or that its configuration may now cost more.
void note_active(Entitlement& entitlement);
void note_rate(const State& state, const Catalog& catalog, const RateCard& rates, Entitlement& entitlement,
               const Date& today);

// Closes every day before `today_days`, posting charges and expiring entitlements; marks what changed.
void close_days(State& state, const Catalog& catalog, const RateCard& rates, std::int64_t today_days, Dirty& dirty);

// Points charged to one entitlement over [first_day, last_day] (days since epoch), closed days only.
Centipoints charged(const State& state, const Entitlement& entitlement, std::int64_t first_day, std::int64_t last_day);
// The program a run of charges was billed to: that of the configuration it was charged under.
const std::string& charged_program(const State& state, const Entitlement& entitlement, const ChargeRun& run);

// Of those, the days billed to `program`: each charged day belongs to the program of the configuration the
// entitlement was under when the day closed, so days before a move between programs stay with the one it left.
Centipoints charged_to_program(const State& state, const Entitlement& entitlement, std::int64_t first_day,
                               std::int64_t last_day, const std::string& program);

// Synthesizes `days` of history before today for an ACTIVE entitlement, as if it had been active all along.
void backfill_history(const State& state, const Catalog& catalog, const RateCard& rates, Entitlement& entitlement,
                      int days);

}  // namespace flexform::emulator

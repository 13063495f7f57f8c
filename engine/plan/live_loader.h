// Reads the live state a plan needs with the fewest calls: configs/list once per program, entitlements/list once
// per managed account (in parallel), tools/calc once per distinct (product, parameters).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/model/live.h"
#include "engine/plan/planner.h"
#include "engine/ports/provider.h"

namespace flexform {

LiveState load_live_state(Provider& provider, const std::string& program, const std::vector<std::int64_t>& accounts,
                          int parallelism);
PriceTable load_prices(Provider& provider, const std::string& program,
                       std::vector<std::pair<int, ParameterSet>> requests, int parallelism);

}  // namespace flexform

namespace flexform {

// The whole program: every configuration, and the entitlements of every account that has one (plus `extra`).
LiveState load_program_state(Provider& provider, const std::string& program, int parallelism,
                             const std::vector<std::int64_t>& extra_accounts = {});
// Every account of the program seen in its configurations.
std::vector<std::int64_t> accounts_of(const LiveState& live);

}  // namespace flexform

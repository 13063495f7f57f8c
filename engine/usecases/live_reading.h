// Reads the live state a use case needs with the fewest calls: configs/list once per program (or once per account
// when only some accounts are wanted), entitlements/list once per account in parallel, tools/calc once per
// distinct (product, parameters). An account FortiFlex refuses to list is recorded, not fatal.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/model/live.h"
#include "engine/plan/planner.h"
#include "engine/ports/provider.h"

namespace flexform {

// The whole program: every configuration, and the entitlements of every account that has one plus `extra`.
LiveState read_program(Provider& provider, const std::string& program, int parallelism,
                       const std::vector<std::int64_t>& extra_accounts = {});
// Only these accounts (their configurations and entitlements); the result is marked incomplete.
LiveState read_accounts(Provider& provider, const std::string& program, const std::vector<std::int64_t>& accounts,
                        int parallelism);

PriceTable read_prices(Provider& provider, const std::string& program,
                       std::vector<std::pair<int, ParameterSet>> requests, int parallelism);
// Prices of every live configuration of the accounts that were read.
PriceTable price_live_configs(Provider& provider, const LiveState& live, int parallelism);

// Every account of the program seen in its configurations.
std::vector<std::int64_t> accounts_of(const LiveState& live);

}  // namespace flexform

// The discover use case: the programs this API user can see and the accounts that hold configurations in each, so a
// new user can write flexform.yaml before any program is configured.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/model/live.h"
#include "engine/ports/provider.h"

namespace flexform {

struct DiscoveredAccount {
    std::int64_t account_id = 0;
    int configs = 0;

    bool operator==(const DiscoveredAccount&) const = default;
};

struct DiscoveredProgram {
    ProgramInfo program;
    std::vector<DiscoveredAccount> accounts;  // by account id
};

struct Discovery {
    std::vector<DiscoveredProgram> programs;  // in the order FortiFlex lists them
    // The program a new flexform.yaml should name: the last postpaid one (MSSPs bill customers from it), else the
    // first; "" when the user sees no program.
    std::string suggested_program;
};

// One programs call, then one configurations call per program.
Discovery discover_programs(Provider& provider);

}  // namespace flexform

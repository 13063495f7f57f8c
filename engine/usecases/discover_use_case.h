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
    // The program's owner (the organization's root account): listed even with no configuration, since FortiFlex
    // names no other account that holds none.
    bool owns_program = false;

    bool operator==(const DiscoveredAccount&) const = default;
};

struct DiscoveredProgram {
    ProgramInfo program;
    std::vector<DiscoveredAccount> accounts;  // by account id
};

struct Discovery {
    std::vector<DiscoveredProgram> programs;  // in the order FortiFlex lists them
};

// One programs call, then one configurations call per program.
Discovery discover_programs(Provider& provider);

// Which program a new flexform.yaml names: the one asked for, or the only one there is; with several and none asked
// for, all of them (spec.programs), never a guess of one: a postpaid and a prepaid program bill differently.
struct ProgramChoice {
    enum class Kind {
        chosen,        // serial is the program
        none_visible,  // the API user sees no program: the file gets a placeholder
        not_visible,   // serial was asked for, and the API user does not see it
        several,       // more than one program and none asked for: the file lists them all
    };
    Kind kind = Kind::none_visible;
    std::string serial;
};

// `wanted` "" means none was asked for.
ProgramChoice choose_program(const Discovery& discovery, const std::string& wanted);

// The short name each discovered program gets in spec.programs: "postpaid" or "prepaid", numbered from the second
// of a kind on ("postpaid-2"); the first postpaid program (else the first) is the default.
struct ProgramName {
    std::string name;
    std::string serial;
    bool is_default = false;
};
std::vector<ProgramName> name_programs(const Discovery& discovery);

}  // namespace flexform

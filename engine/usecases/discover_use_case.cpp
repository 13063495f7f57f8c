#include "engine/usecases/discover_use_case.h"

#include <map>
#include <optional>

namespace flexform {

Discovery discover_programs(Provider& provider) {
    Discovery discovery;
    for (const auto& p : provider.list_programs()) {
        std::map<std::int64_t, int> configs_of;
        for (const auto& c : provider.list_configs(p.serial, std::nullopt)) {
            ++configs_of[c.account_id];
        }
        DiscoveredProgram program{p, {}};
        for (const auto& [account, configs] : configs_of) {
            program.accounts.push_back({account, configs});
        }
        discovery.programs.push_back(std::move(program));
        if (discovery.suggested_program.empty() || !p.prepaid) {
            discovery.suggested_program = p.serial;
        }
    }
    return discovery;
}

}  // namespace flexform

#include "engine/usecases/discover_use_case.h"

#include <map>
#include <optional>

namespace flexform {

Discovery discover_programs(Provider& provider) {
    Discovery discovery;
    for (const auto& p : provider.list_programs()) {
        std::map<std::int64_t, int> configs_of;
        configs_of[p.account_id] += 0;
        for (const auto& c : provider.list_configs(p.serial, std::nullopt)) {
            ++configs_of[c.account_id];
        }
        DiscoveredProgram program{p, {}};
        for (const auto& [account, configs] : configs_of) {
            program.accounts.push_back({account, configs, account == p.account_id});
        }
        discovery.programs.push_back(std::move(program));
    }
    return discovery;
}

ProgramChoice choose_program(const Discovery& discovery, const std::string& wanted) {
    using Kind = ProgramChoice::Kind;
    if (!wanted.empty()) {
        for (const auto& p : discovery.programs) {
            if (p.program.serial == wanted) {
                return {Kind::chosen, wanted};
            }
        }
        return {Kind::not_visible, wanted};
    }
    if (discovery.programs.empty()) {
        return {Kind::none_visible, ""};
    }
    if (discovery.programs.size() == 1) {
        return {Kind::chosen, discovery.programs.front().program.serial};
    }
    return {Kind::several, ""};
}

std::vector<ProgramName> name_programs(const Discovery& discovery) {
    std::vector<ProgramName> names;
    std::map<std::string, int> of_kind;
    bool has_default = false;
    for (const auto& p : discovery.programs) {
        const std::string kind = p.program.prepaid ? "prepaid" : "postpaid";
        const int n = ++of_kind[kind];
        const bool is_default = !p.program.prepaid && !has_default;
        has_default = has_default || is_default;
        names.push_back({n == 1 ? kind : kind + "-" + std::to_string(n), p.program.serial, is_default});
    }
    if (!has_default && !names.empty()) {
        names.front().is_default = true;
    }
    return names;
}

}  // namespace flexform

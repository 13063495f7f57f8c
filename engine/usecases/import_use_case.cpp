#include "engine/usecases/import_use_case.h"

#include "engine/report/importer.h"
#include "engine/usecases/live_reading.h"

namespace flexform {

std::vector<ImportedManifest> import_accounts(Provider& provider, const ImportRequest& request,
                                              const Catalog& catalog) {
    const LiveState live = read_program(provider, request.program, request.parallelism, request.accounts);
    std::optional<Date> program_end;
    for (const auto& p : provider.list_programs()) {
        if (p.serial == request.program) {
            program_end = p.end;
        }
    }
    for (const auto& [account, why] : live.unreadable) {
        throw ProviderError(ProviderError::Kind::denied,
                            "account " + std::to_string(account) + ": FortiFlex refused to list it (" + why + ")");
    }
    const std::vector<std::int64_t> accounts = request.all ? accounts_of(live) : request.accounts;
    std::vector<ImportedManifest> out;
    for (const std::int64_t account : accounts) {
        ImportInput input;
        input.account_id = account;
        const auto name = request.customer_names.find(account);
        input.customer = name != request.customer_names.end() ? name->second : default_customer_name(account);
        for (const auto& c : live.configs) {
            if (c.account_id == account) {
                input.configs.push_back(c);
            }
        }
        if (const auto it = live.entitlements.find(account); it != live.entitlements.end()) {
            input.entitlements = it->second;
        }
        input.program_end = program_end;
        out.push_back({account, input.customer, import_manifest(input, catalog), input.configs.size(),
                       input.entitlements.size()});
    }
    return out;
}

}  // namespace flexform

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
        ImportedManifest m;
        m.account_id = account;
        m.customer = input.customer;
        m.yaml = import_manifest(input, catalog);
        m.configs = input.configs.size();
        m.entitlements = input.entitlements.size();
        if (request.declared) {
            for (const auto& c : request.declared->customers) {
                if (c.account_id == account) {
                    m.declared = &c;
                }
            }
        }
        if (m.declared) {
            ImportInput missing = input;
            missing.configs = undeclared_configs(*m.declared, input.configs);
            m.missing_configs = missing.configs.size();
            if (!missing.configs.empty()) {
                m.missing_entries = import_config_entries(missing, catalog);
            }
        }
        out.push_back(std::move(m));
    }
    return out;
}

}  // namespace flexform

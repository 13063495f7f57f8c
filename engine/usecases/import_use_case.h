// The import use case: customer manifests written from live state, one per account.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/model/defaults.h"
#include "engine/model/desired.h"
#include "engine/ports/provider.h"

namespace flexform {

struct ImportRequest {
    std::string program;
    std::vector<std::int64_t> accounts;  // empty with `all`: every account that has a configuration
    bool all = false;
    std::map<std::int64_t, std::string> customer_names;  // names already used in git, kept on re-import
    const DesiredState* declared = nullptr;              // the manifests already in the repository, if any
    int parallelism = k_default_parallelism;
};

struct ImportedManifest {
    std::int64_t account_id = 0;
    std::string customer;
    std::string yaml;                    // the whole manifest of the account
    const Customer* declared = nullptr;  // the declaration of this account in `request.declared`, if any
    std::string missing_entries;         // declared: the spec.configs entries of what it does not declare
    std::size_t missing_configs = 0;
    std::size_t configs = 0;
    std::size_t entitlements = 0;
};

std::vector<ImportedManifest> import_accounts(Provider& provider, const ImportRequest& request, const Catalog& catalog);

}  // namespace flexform

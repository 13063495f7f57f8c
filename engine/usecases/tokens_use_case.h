// The tokens use case: the licence token of each VM entitlement, which a user needs to deploy the VM. The only place
// flexform shows tokens: never in logs, plans or journals.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/catalog/catalog.h"
#include "engine/model/defaults.h"
#include "engine/ports/provider.h"

namespace flexform {

struct TokensRequest {
    std::string program;
    std::optional<std::int64_t> account;     // one customer's account; none: every account
    std::optional<std::string> config_name;  // one configuration
    std::map<std::int64_t, std::string> customer_names;
    int parallelism = k_default_parallelism;
};

struct TokenRow {
    std::int64_t account_id = 0;
    std::string customer;  // "" when no manifest declares the account
    std::string config;
    VmToken token;
};

// Throws std::invalid_argument when `config_name` names no VM configuration in scope (the message lists those
// that exist).
std::vector<TokenRow> list_vm_tokens(Provider& provider, const TokensRequest& request, const Catalog& catalog);

struct TokenFolderRow {
    std::string customer;  // "" when no manifest declares the account
    TokenFolder folder;
};

// The token stock (groups/list) of the account in scope, or of every account with a VM configuration.
std::vector<TokenFolderRow> list_token_folders(Provider& provider, const TokensRequest& request,
                                               const Catalog& catalog);

}  // namespace flexform

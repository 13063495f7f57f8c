// import_manifest writes one customer manifest from an account's live state, such that a plan of it against that
// same live state is empty. Pure: returns the YAML text.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/catalog/catalog.h"
#include "engine/model/desired.h"
#include "engine/model/live.h"

namespace flexform {

struct ImportInput {
    std::int64_t account_id = 0;
    std::string customer;  // manifest name
    std::vector<LiveConfig> configs;
    std::vector<LiveEntitlement> entitlements;
    std::optional<Date> program_end;
    std::map<std::int64_t, std::string> offer_of_config;  // import --offers: config id -> the offer it names
    std::string schema_ref;  // the customer schema for editors, as the manifest should reference it; "": none
};

// An offer `import --offers` writes: the product and parameters that several live configurations share.
struct ImportedOffer {
    std::string name;
    int product_id = 0;
    ParameterSet parameters;
    std::vector<std::int64_t> config_ids;
};

// Every (product, parameters) that at least `min_configs` enabled configurations share, as an offer named after it
// ("fgt-hw-fgt60f-fghwutp"), in name order.
std::vector<ImportedOffer> find_offers(const std::vector<LiveConfig>& configs, int min_configs, const Catalog& catalog);
// The Offer document of one.
std::string import_offer(const ImportedOffer& offer, const Catalog& catalog);

std::string import_manifest(const ImportInput& input, const Catalog& catalog);
// The `spec.configs` entries of `input` alone ("    - name: ..." lines), for adding to an existing manifest.
std::string import_config_entries(const ImportInput& input, const Catalog& catalog);
// The live configurations of a declared customer's account that none of its declarations claims (by id, else name).
std::vector<LiveConfig> undeclared_configs(const Customer& customer, const std::vector<LiveConfig>& live);
// A valid customer name for an account without a manifest: "account-2345690".
std::string default_customer_name(std::int64_t account_id);

// What a repository's .gitignore (its text, "" when there is none) needs so flexform's local state stays out of git:
// .flexform/ holds the apply journal, the sandbox and the consumption database with customers' spend. Nullopt when
// it already ignores it.
std::optional<std::string> gitignore_with_local_state(const std::string& gitignore);

}  // namespace flexform

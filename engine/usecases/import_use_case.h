// The import use case: customer manifests written from live state, one per account, into a directory that may
// already declare some of the accounts. It decides, per account, what happens to which file; the caller writes them.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "engine/model/defaults.h"
#include "engine/model/desired.h"
#include "engine/ports/provider.h"
#include "engine/report/importer.h"

namespace flexform {

struct ImportRequest {
    std::string program;
    std::vector<std::int64_t> accounts;  // empty with `all`: every account that has a configuration
    bool all = false;
    std::map<std::int64_t, std::string> customer_names;  // names already used in git, kept on re-import
    const DesiredState* declared = nullptr;              // the manifests already under `out_dir`, if any
    int parallelism = k_default_parallelism;
    std::string out_dir = "customers";
    std::set<std::string> existing_files;               // paths under out_dir that exist, spelt out_dir / name
    std::map<std::string, std::string> declared_texts;  // merge: the text of each declaring file, by its path
    bool force = false;                                 // overwrite existing files
    bool merge = false;                                 // add to declaring files what they lack
    std::string offers_dir;  // import --offers DIR: configurations sharing product and parameters become offers
    int offers_min = 2;      // ... when at least this many share them
    std::string schema_ref;                             // the manifests' $schema reference; "": none
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

// What happens to an account's manifest.
enum class ImportAction {
    write,          // a new file
    overwrite,      // --force: an existing file replaced
    merge,          // --merge: the missing configurations added to the declaring file
    complete,       // --merge: the declaring file already declares every configuration; nothing written
    skip_declared,  // declared in another file (or, with --all, in its own without --force); nothing written
    refuse_exists,  // the file exists and --force was not given: nothing written, the import fails
    refuse_merge,   // the declaring file's shape does not allow an append: nothing written, the import fails
};

struct ImportDecision {
    ImportAction action = ImportAction::write;
    std::int64_t account_id = 0;
    std::string customer;       // the manifest's name
    std::string file;           // the file written or refused; merge, complete, skip: the declaring file
    std::string text;           // write, overwrite, merge: the file's new content; refuse_merge: entries to add by hand
    std::string declared_name;  // the declaring customer's name, when declared
    std::size_t configs = 0;
    std::size_t entitlements = 0;
    std::size_t missing_configs = 0;  // configurations the declaring file lacks

    bool writes() const;
};

struct ImportOutcome {
    std::string out_dir;
    std::vector<ImportDecision> decisions;  // in account order
    std::map<std::string, std::string> offer_files;  // import --offers: path -> the Offer document to write

    int count(ImportAction action) const;
    bool ok() const { return count(ImportAction::refuse_exists) == 0 && count(ImportAction::refuse_merge) == 0; }
};

// Reads the accounts' live state; throws ProviderError (denied) when FortiFlex refuses to list one.
// With `request.offers_dir`, the offers found are added to `offers` and the manifests name them.
std::vector<ImportedManifest> import_accounts(Provider& provider, const ImportRequest& request, const Catalog& catalog,
                                              std::vector<ImportedOffer>* offers = nullptr);

// The decision for each imported account. Pure: the files' existence and texts come in the request.
ImportOutcome decide_import(const std::vector<ImportedManifest>& imported, const ImportRequest& request);

// import_accounts then decide_import.
ImportOutcome import_program(Provider& provider, const ImportRequest& request, const Catalog& catalog);

}  // namespace flexform

#include "engine/usecases/import_use_case.h"

#include <algorithm>
#include <filesystem>

#include "engine/manifest/edit.h"
#include "engine/report/importer.h"
#include "engine/usecases/live_reading.h"

namespace flexform {

bool ImportDecision::writes() const {
    return action == ImportAction::write || action == ImportAction::overwrite || action == ImportAction::merge;
}

int ImportOutcome::count(ImportAction action) const {
    int n = 0;
    for (const auto& d : decisions) {
        n += d.action == action ? 1 : 0;
    }
    return n;
}

std::vector<ImportedManifest> import_accounts(Provider& provider, const ImportRequest& request, const Catalog& catalog,
                                              std::vector<ImportedOffer>* offers) {
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
    std::map<std::int64_t, std::string> offer_of_config;
    if (offers && !request.offers_dir.empty()) {
        std::vector<LiveConfig> imported;
        for (const auto& c : live.configs) {
            if (std::find(accounts.begin(), accounts.end(), c.account_id) != accounts.end()) {
                imported.push_back(c);
            }
        }
        *offers = find_offers(imported, request.offers_min, catalog);
        for (const auto& offer : *offers) {
            for (const std::int64_t id : offer.config_ids) {
                offer_of_config[id] = offer.name;
            }
        }
    }
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
        input.offer_of_config = offer_of_config;
        input.schema_ref = request.schema_ref;
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

namespace {

namespace fs = std::filesystem;

// Files written so far count as existing, and a merged file's text is the merged one, so two accounts that land in
// the same file see each other's writes as they would on disk.
struct Tree {
    std::set<std::string> existing;
    std::map<std::string, std::string> texts;
};

ImportDecision base_decision(const ImportedManifest& m) {
    ImportDecision d;
    d.account_id = m.account_id;
    d.customer = m.customer;
    d.configs = m.configs;
    d.entitlements = m.entitlements;
    d.missing_configs = m.missing_configs;
    if (m.declared) {
        d.file = m.declared->pos.file;
        d.declared_name = m.declared->name;
    }
    return d;
}

ImportDecision merge_into(const ImportedManifest& m, Tree& tree) {
    ImportDecision d = base_decision(m);
    if (m.missing_configs == 0) {
        d.action = ImportAction::complete;
        return d;
    }
    if (auto merged = append_config_entries(tree.texts[d.file], m.declared->name, m.missing_entries)) {
        d.action = ImportAction::merge;
        d.text = *merged;
        tree.texts[d.file] = *merged;
        return d;
    }
    d.action = ImportAction::refuse_merge;
    d.text = m.missing_entries;
    return d;
}

ImportDecision write_new(const ImportedManifest& m, const std::string& target, bool force, Tree& tree) {
    ImportDecision d = base_decision(m);
    d.file = target;
    const bool exists = tree.existing.count(target) > 0;
    if (exists && !force) {
        d.action = ImportAction::refuse_exists;
        return d;
    }
    d.action = exists ? ImportAction::overwrite : ImportAction::write;
    d.text = m.yaml;
    tree.existing.insert(target);
    return d;
}

}  // namespace

ImportOutcome decide_import(const std::vector<ImportedManifest>& imported, const ImportRequest& request) {
    ImportOutcome outcome;
    outcome.out_dir = request.out_dir;
    Tree tree{request.existing_files, request.declared_texts};
    for (const auto& m : imported) {
        const std::string target = (fs::path(request.out_dir) / (m.customer + ".yaml")).string();
        const bool declared_in_target =
            m.declared && fs::path(m.declared->pos.file).lexically_normal() == fs::path(target).lexically_normal();
        if (request.merge && m.declared) {
            outcome.decisions.push_back(merge_into(m, tree));
        } else if (!m.declared || (declared_in_target && (request.force || !request.all))) {
            // Its own file: refused unless --force, as any existing file.
            outcome.decisions.push_back(write_new(m, target, request.force, tree));
        } else {
            ImportDecision d = base_decision(m);
            d.action = ImportAction::skip_declared;
            outcome.decisions.push_back(std::move(d));
        }
    }
    return outcome;
}

ImportOutcome import_program(Provider& provider, const ImportRequest& request, const Catalog& catalog) {
    std::vector<ImportedOffer> offers;
    ImportOutcome outcome = decide_import(import_accounts(provider, request, catalog, &offers), request);
    for (const auto& offer : offers) {
        outcome.offer_files[(fs::path(request.offers_dir) / (offer.name + ".yaml")).string()] =
            import_offer(offer, catalog);
    }
    return outcome;
}

}  // namespace flexform

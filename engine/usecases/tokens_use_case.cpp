#include "engine/usecases/tokens_use_case.h"

#include <algorithm>
#include <mutex>
#include <set>
#include <stdexcept>
#include <tuple>

#include "engine/model/parallel.h"

namespace flexform {

std::vector<TokenRow> list_vm_tokens(Provider& provider, const TokensRequest& request, const Catalog& catalog) {
    std::vector<LiveConfig> vm_configs;
    for (auto& c : provider.list_configs(request.program, request.account)) {
        const ProductType* product = catalog.find_by_id(c.product_id);
        if (product && product->form_factor == FormFactor::vm) {
            vm_configs.push_back(std::move(c));
        }
    }
    if (request.config_name) {
        std::vector<LiveConfig> named;
        std::string names;
        for (const auto& c : vm_configs) {
            names += (names.empty() ? "" : ", ") + c.name;
            if (c.name == *request.config_name) {
                named.push_back(c);
            }
        }
        if (named.empty()) {
            throw std::invalid_argument("no VM configuration named \"" + *request.config_name + "\"" +
                                        (request.account ? " in account " + std::to_string(*request.account) : "") +
                                        " (VM configurations: " + (names.empty() ? "none" : names) + ")");
        }
        vm_configs = std::move(named);
    }
    std::vector<TokenRow> rows;
    std::mutex mutex;
    for_each_bounded(vm_configs, request.parallelism, [&](const LiveConfig& c) {
        const auto tokens = provider.vm_tokens(c.id);
        const auto name = request.customer_names.find(c.account_id);
        std::lock_guard lock(mutex);
        for (const auto& t : tokens) {
            rows.push_back({c.account_id, name == request.customer_names.end() ? "" : name->second, c.name, t});
        }
    });
    std::sort(rows.begin(), rows.end(), [](const TokenRow& a, const TokenRow& b) {
        return std::tie(a.account_id, a.config, a.token.serial) < std::tie(b.account_id, b.config, b.token.serial);
    });
    return rows;
}

std::vector<TokenFolderRow> list_token_folders(Provider& provider, const TokensRequest& request,
                                               const Catalog& catalog) {
    std::set<std::int64_t> accounts;
    if (request.account) {
        accounts.insert(*request.account);
    } else {
        for (const auto& c : provider.list_configs(request.program, std::nullopt)) {
            const ProductType* product = catalog.find_by_id(c.product_id);
            if (product && product->form_factor == FormFactor::vm) {
                accounts.insert(c.account_id);
            }
        }
    }
    std::vector<std::int64_t> in_scope(accounts.begin(), accounts.end());
    std::vector<TokenFolderRow> rows;
    std::mutex mutex;
    for_each_bounded(in_scope, request.parallelism, [&](std::int64_t account) {
        const auto folders = provider.token_folders(account);
        const auto name = request.customer_names.find(account);
        std::lock_guard lock(mutex);
        for (const auto& f : folders) {
            rows.push_back({name == request.customer_names.end() ? "" : name->second, f});
        }
    });
    std::sort(rows.begin(), rows.end(), [](const TokenFolderRow& a, const TokenFolderRow& b) {
        return std::tie(a.folder.account_id, a.folder.folder_path) <
               std::tie(b.folder.account_id, b.folder.folder_path);
    });
    return rows;
}

}  // namespace flexform

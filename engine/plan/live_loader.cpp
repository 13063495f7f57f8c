#include "engine/plan/live_loader.h"

#include <mutex>

#include "engine/model/parallel.h"

namespace flexform {

LiveState load_live_state(Provider& provider, const std::string& program, const std::vector<std::int64_t>& accounts,
                          int parallelism) {
    LiveState live;
    live.program = program;
    live.configs = provider.list_configs(program, std::nullopt);
    std::vector<std::int64_t> work = accounts;
    std::sort(work.begin(), work.end());
    work.erase(std::unique(work.begin(), work.end()), work.end());
    std::mutex mutex;
    for_each_bounded(work, parallelism, [&](std::int64_t account) {
        auto entitlements = provider.list_entitlements(program, account);
        std::lock_guard lock(mutex);
        live.entitlements[account] = std::move(entitlements);
    });
    if (is_prepaid_program(program)) {
        live.prepaid_balance = provider.program_balance(program);
    }
    return live;
}

PriceTable load_prices(Provider& provider, const std::string& program, std::vector<std::pair<int, ParameterSet>> requests,
                       int parallelism) {
    PriceTable prices;
    std::mutex mutex;
    for_each_bounded(requests, parallelism, [&](const std::pair<int, ParameterSet>& request) {
        const Price price = provider.calc(program, request.first, request.second);
        std::lock_guard lock(mutex);
        prices[price_key(request.first, request.second)] = price;
    });
    return prices;
}

}  // namespace flexform

namespace flexform {

std::vector<std::int64_t> accounts_of(const LiveState& live) {
    std::vector<std::int64_t> out;
    for (const auto& c : live.configs) {
        out.push_back(c.account_id);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

LiveState load_program_state(Provider& provider, const std::string& program, int parallelism,
                             const std::vector<std::int64_t>& extra_accounts) {
    LiveState live;
    live.program = program;
    live.configs = provider.list_configs(program, std::nullopt);
    std::vector<std::int64_t> accounts = accounts_of(live);
    accounts.insert(accounts.end(), extra_accounts.begin(), extra_accounts.end());
    std::sort(accounts.begin(), accounts.end());
    accounts.erase(std::unique(accounts.begin(), accounts.end()), accounts.end());
    std::mutex mutex;
    for_each_bounded(accounts, parallelism, [&](std::int64_t account) {
        auto entitlements = provider.list_entitlements(program, account);
        std::lock_guard lock(mutex);
        live.entitlements[account] = std::move(entitlements);
    });
    if (is_prepaid_program(program)) {
        live.prepaid_balance = provider.program_balance(program);
    }
    return live;
}

}  // namespace flexform

#include "engine/plan/live_loader.h"

#include <mutex>

#include "engine/model/parallel.h"

namespace flexform {

namespace {

// entitlements/list once per account, in parallel; the prepaid balance when the program has one.
void read_accounts(Provider& provider, LiveState& live, std::vector<std::int64_t> accounts, int parallelism) {
    std::sort(accounts.begin(), accounts.end());
    accounts.erase(std::unique(accounts.begin(), accounts.end()), accounts.end());
    std::mutex mutex;
    for_each_bounded(accounts, parallelism, [&](std::int64_t account) {
        auto entitlements = provider.list_entitlements(live.program, account);
        std::lock_guard lock(mutex);
        live.entitlements[account] = std::move(entitlements);
    });
    if (is_prepaid_program(live.program)) {
        live.prepaid_balance = provider.program_balance(live.program);
    }
}

}  // namespace

LiveState load_live_state(Provider& provider, const std::string& program, const std::vector<std::int64_t>& accounts,
                          int parallelism) {
    LiveState live;
    live.program = program;
    live.configs = provider.list_configs(program, std::nullopt);
    read_accounts(provider, live, accounts, parallelism);
    return live;
}

PriceTable load_prices(Provider& provider, const std::string& program,
                       std::vector<std::pair<int, ParameterSet>> requests, int parallelism) {
    PriceTable prices;
    std::mutex mutex;
    for_each_bounded(requests, parallelism, [&](const std::pair<int, ParameterSet>& request) {
        const Price price = provider.calc(program, request.first, request.second);
        std::lock_guard lock(mutex);
        prices[price_key(request.first, request.second)] = price;
    });
    return prices;
}

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
    read_accounts(provider, live, std::move(accounts), parallelism);
    return live;
}

}  // namespace flexform

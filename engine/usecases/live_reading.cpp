#include "engine/usecases/live_reading.h"

#include <algorithm>
#include <mutex>

#include "engine/model/parallel.h"

namespace flexform {

namespace {

std::vector<std::int64_t> unique_sorted(std::vector<std::int64_t> accounts) {
    std::sort(accounts.begin(), accounts.end());
    accounts.erase(std::unique(accounts.begin(), accounts.end()), accounts.end());
    return accounts;
}

// entitlements/list (and, when `with_configs`, configs/list) once per account, in parallel.
void read_each(Provider& provider, LiveState& live, std::vector<std::int64_t> accounts, int parallelism,
               bool with_configs) {
    std::mutex mutex;
    for_each_bounded(accounts, parallelism, [&](std::int64_t account) {
        try {
            std::vector<LiveConfig> configs;
            if (with_configs) {
                configs = provider.list_configs(live.program, account);
            }
            auto entitlements = provider.list_entitlements(live.program, account);
            std::lock_guard lock(mutex);
            live.entitlements[account] = std::move(entitlements);
            live.configs.insert(live.configs.end(), configs.begin(), configs.end());
        } catch (const ProviderError& e) {
            if (e.kind() != ProviderError::Kind::denied && e.kind() != ProviderError::Kind::client) {
                throw;
            }
            std::lock_guard lock(mutex);
            live.unreadable[account] = e.what();
        }
    });
    std::sort(live.configs.begin(), live.configs.end(),
              [](const LiveConfig& a, const LiveConfig& b) { return a.id < b.id; });
    if (is_prepaid_program(live.program)) {
        live.prepaid_balance = provider.program_balance(live.program);
    }
}

}  // namespace

std::vector<std::int64_t> accounts_of(const LiveState& live) {
    std::vector<std::int64_t> out;
    for (const auto& c : live.configs) {
        out.push_back(c.account_id);
    }
    return unique_sorted(std::move(out));
}

LiveState read_program(Provider& provider, const std::string& program, int parallelism,
                       const std::vector<std::int64_t>& extra_accounts) {
    LiveState live;
    live.program = program;
    live.configs = provider.list_configs(program, std::nullopt);
    std::vector<std::int64_t> accounts = accounts_of(live);
    accounts.insert(accounts.end(), extra_accounts.begin(), extra_accounts.end());
    read_each(provider, live, unique_sorted(std::move(accounts)), parallelism, false);
    live.complete = true;
    return live;
}

LiveState read_accounts(Provider& provider, const std::string& program, const std::vector<std::int64_t>& accounts,
                        int parallelism) {
    LiveState live;
    live.program = program;
    read_each(provider, live, unique_sorted(accounts), parallelism, true);
    live.complete = false;
    return live;
}

PriceTable read_prices(Provider& provider, const std::string& program,
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

PriceTable price_live_configs(Provider& provider, const LiveState& live, int parallelism) {
    std::map<std::string, std::pair<int, ParameterSet>> unique;
    for (const auto& c : live.configs) {
        if (live.entitlements.count(c.account_id)) {
            unique.emplace(price_key(c.product_id, c.parameters), std::make_pair(c.product_id, c.parameters));
        }
    }
    std::vector<std::pair<int, ParameterSet>> requests;
    requests.reserve(unique.size());
    for (auto& [key, request] : unique) {
        requests.push_back(std::move(request));
    }
    return read_prices(provider, live.program, std::move(requests), parallelism);
}

}  // namespace flexform

#include "engine/usecases/snapshot_provider.h"

#include <stdexcept>

namespace flexform {

namespace {

// FortiFlex's refusal to list an account, which a read records instead of failing (live_reading.cpp).
bool is_refusal(const ProviderError& e) {
    return e.kind() == ProviderError::Kind::denied || e.kind() == ProviderError::Kind::client;
}

}  // namespace

SnapshotProvider::SnapshotProvider(Provider& inner, LiveSnapshot snapshot) : m_inner(inner), m_serving(true) {
    const std::string& program = snapshot.live.program;
    m_programs = std::move(snapshot.programs);
    m_balances[program] = snapshot.live.prepaid_balance;
    m_configs[program] = std::move(snapshot.live.configs);
    for (auto& [account, entitlements] : snapshot.live.entitlements) {
        m_entitlements[{program, account}] = std::move(entitlements);
    }
    for (auto& [account, answer] : snapshot.live.unreadable) {
        m_unreadable[{program, account}] = std::move(answer);
    }
    for (auto& p : snapshot.prices) {
        const std::string key = price_key(p.product_id, p.parameters);
        m_prices[{program, key}] = std::move(p);
    }
}

std::optional<LiveSnapshot> SnapshotProvider::full_read(const std::string& program, const std::string& taken_at) const {
    std::lock_guard lock(m_mutex);
    const auto configs = m_configs.find(program);
    if (m_serving || configs == m_configs.end()) {
        return std::nullopt;
    }
    LiveSnapshot out;
    out.taken_at = taken_at;
    out.programs = m_programs;
    out.live.program = program;
    out.live.complete = true;
    out.live.configs = configs->second;
    if (is_prepaid_program(program)) {
        const auto balance = m_balances.find(program);
        if (balance == m_balances.end()) {
            return std::nullopt;
        }
        out.live.prepaid_balance = balance->second;
    }
    for (const auto& [key, entitlements] : m_entitlements) {
        if (key.first == program) {
            out.live.entitlements[key.second] = entitlements;
        }
    }
    for (const auto& [key, answer] : m_unreadable) {
        if (key.first == program && !out.live.entitlements.count(key.second)) {
            out.live.unreadable[key.second] = answer;
        }
    }
    for (const auto& c : out.live.configs) {
        if (!out.live.entitlements.count(c.account_id) && !out.live.unreadable.count(c.account_id)) {
            return std::nullopt;  // an account of the program was not read: not a full read
        }
    }
    for (const auto& [key, priced] : m_prices) {
        if (key.first == program) {
            out.prices.push_back(priced);
        }
    }
    return out;
}

std::vector<ProgramInfo> SnapshotProvider::list_programs() {
    {
        std::lock_guard lock(m_mutex);
        if (m_serving && m_programs) {
            return *m_programs;
        }
    }
    auto programs = m_inner.list_programs();
    std::lock_guard lock(m_mutex);
    if (!m_serving) {
        m_programs = programs;
    }
    return programs;
}

std::optional<std::int64_t> SnapshotProvider::program_balance(const std::string& program) {
    {
        std::lock_guard lock(m_mutex);
        if (const auto it = m_balances.find(program); m_serving && it != m_balances.end()) {
            return it->second;
        }
    }
    const auto balance = m_inner.program_balance(program);
    std::lock_guard lock(m_mutex);
    if (!m_serving) {
        m_balances[program] = balance;
    }
    return balance;
}

std::vector<LiveConfig> SnapshotProvider::list_configs(const std::string& program,
                                                       std::optional<std::int64_t> account) {
    {
        std::lock_guard lock(m_mutex);
        if (const auto it = m_configs.find(program); m_serving && it != m_configs.end()) {
            // The program's list holds every account's configurations: one account's are a part of it.
            std::vector<LiveConfig> out;
            for (const auto& c : it->second) {
                if (!account || c.account_id == *account) {
                    out.push_back(c);
                }
            }
            return out;
        }
    }
    auto configs = m_inner.list_configs(program, account);
    std::lock_guard lock(m_mutex);
    if (!m_serving && !account) {
        m_configs[program] = configs;
    }
    return configs;
}

std::vector<LiveEntitlement> SnapshotProvider::list_entitlements(const std::string& program, std::int64_t account) {
    const AccountKey key{program, account};
    {
        std::lock_guard lock(m_mutex);
        if (m_serving) {
            if (const auto it = m_entitlements.find(key); it != m_entitlements.end()) {
                return it->second;
            }
            if (const auto it = m_unreadable.find(key); it != m_unreadable.end()) {
                throw ProviderError(ProviderError::Kind::denied, it->second);
            }
        }
    }
    try {
        auto entitlements = m_inner.list_entitlements(program, account);
        std::lock_guard lock(m_mutex);
        if (!m_serving) {
            m_entitlements[key] = entitlements;
            m_unreadable.erase(key);
        }
        return entitlements;
    } catch (const ProviderError& e) {
        if (is_refusal(e)) {
            std::lock_guard lock(m_mutex);
            if (!m_serving) {
                m_unreadable[key] = e.what();
                m_entitlements.erase(key);
            }
        }
        throw;
    }
}

std::vector<LiveEntitlement> SnapshotProvider::list_config_entitlements(std::int64_t config_id) {
    return m_inner.list_config_entitlements(config_id);
}

std::vector<VmToken> SnapshotProvider::vm_tokens(std::int64_t config_id) {
    return m_inner.vm_tokens(config_id);  // tokens are secrets: never kept in a snapshot
}

Price SnapshotProvider::calc(const std::string& program, int product_id, const ParameterSet& parameters) {
    const PriceKey key{program, price_key(product_id, parameters)};
    {
        std::lock_guard lock(m_mutex);
        if (const auto it = m_prices.find(key); it != m_prices.end()) {
            return it->second.price;
        }
    }
    const Price price = m_inner.calc(program, product_id, parameters);
    std::lock_guard lock(m_mutex);
    m_prices[key] = {product_id, parameters, price};
    return price;
}

std::vector<PointsRow> SnapshotProvider::points(const std::string& program, std::int64_t account, const Date& from,
                                                const Date& to, const std::optional<std::string>& serial) {
    return m_inner.points(program, account, from, to, serial);
}

std::vector<TokenFolder> SnapshotProvider::token_folders(std::int64_t account) {
    return m_inner.token_folders(account);  // token stock: never kept in a snapshot, as tokens are not
}

}  // namespace flexform

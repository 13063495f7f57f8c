#include "engine/usecases/read_once_provider.h"

namespace flexform {

std::vector<ProgramInfo> ReadOnceProvider::list_programs() {
    {
        std::lock_guard lock(m_mutex);
        if (m_programs) {
            return *m_programs;
        }
    }
    auto programs = m_inner.list_programs();
    std::lock_guard lock(m_mutex);
    m_programs = programs;
    return programs;
}

std::optional<std::int64_t> ReadOnceProvider::program_balance(const std::string& program) {
    return remembered(m_balances, program, [&] { return m_inner.program_balance(program); });
}

std::vector<LiveConfig> ReadOnceProvider::list_configs(const std::string& program,
                                                       std::optional<std::int64_t> account) {
    if (account) {
        std::lock_guard lock(m_mutex);
        // The program's list holds every account's configurations: one account's are a part of it.
        if (const auto all = m_configs.find({program, std::nullopt}); all != m_configs.end()) {
            std::vector<LiveConfig> mine;
            for (const auto& c : all->second) {
                if (c.account_id == *account) {
                    mine.push_back(c);
                }
            }
            return mine;
        }
    }
    return remembered(m_configs, std::make_pair(program, account),
                      [&] { return m_inner.list_configs(program, account); });
}

std::vector<LiveEntitlement> ReadOnceProvider::list_entitlements(const std::string& program, std::int64_t account) {
    return remembered(m_entitlements, std::make_pair(program, account),
                      [&] { return m_inner.list_entitlements(program, account); });
}

std::vector<LiveEntitlement> ReadOnceProvider::list_config_entitlements(std::int64_t config_id) {
    return m_inner.list_config_entitlements(config_id);
}

std::vector<VmToken> ReadOnceProvider::vm_tokens(std::int64_t config_id) {
    return m_inner.vm_tokens(config_id);
}

Price ReadOnceProvider::calc(const std::string& program, int product_id, const ParameterSet& parameters) {
    return remembered(m_prices, std::make_tuple(program, product_id, parameters.values),
                      [&] { return m_inner.calc(program, product_id, parameters); });
}

std::vector<PointsRow> ReadOnceProvider::points(const std::string& program, std::int64_t account, const Date& from,
                                                const Date& to, const std::optional<std::string>& serial) {
    return remembered(m_points, std::make_tuple(program, account, to_string(from), to_string(to), serial.value_or("")),
                      [&] { return m_inner.points(program, account, from, to, serial); });
}

std::vector<TokenFolder> ReadOnceProvider::token_folders(std::int64_t account) {
    return m_inner.token_folders(account);  // the nightly job never reads them: not worth a cache
}

}  // namespace flexform

// ReadOnceProvider answers every read it has answered before from memory, so several use cases run one after the
// other (the nightly job: drift, pull, program, dashboard) read the program from FortiFlex once. A configs/list of
// one account is served from the program's list when that was read. It refuses writes: it exists for read-only runs.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "engine/usecases/read_only_provider.h"

namespace flexform {

class ReadOnceProvider : public ReadOnlyProvider {
public:
    explicit ReadOnceProvider(Provider& inner) : m_inner(inner) {}

    std::vector<ProgramInfo> list_programs() override;
    std::optional<std::int64_t> program_balance(const std::string& program) override;
    std::vector<LiveConfig> list_configs(const std::string& program, std::optional<std::int64_t> account) override;
    std::vector<LiveEntitlement> list_entitlements(const std::string& program, std::int64_t account) override;
    std::vector<LiveEntitlement> list_config_entitlements(std::int64_t config_id) override;
    std::vector<VmToken> vm_tokens(std::int64_t config_id) override;
    Price calc(const std::string& program, int product_id, const ParameterSet& parameters) override;
    std::vector<PointsRow> points(const std::string& program, std::int64_t account, const Date& from, const Date& to,
                                  const std::optional<std::string>& serial) override;
    std::vector<TokenFolder> token_folders(std::int64_t account) override;

    // Writes: refused by ReadOnlyProvider.

    std::int64_t calls_made() const override { return m_inner.calls_made(); }

private:
    // Looks `key` up in `cache`, or reads it with `read` and keeps the answer.
    template <typename Map, typename Key, typename Read>
    typename Map::mapped_type remembered(Map& cache, const Key& key, Read&& read) {
        {
            std::lock_guard lock(m_mutex);
            if (const auto it = cache.find(key); it != cache.end()) {
                return it->second;
            }
        }
        auto answer = read();
        std::lock_guard lock(m_mutex);
        return cache.emplace(key, std::move(answer)).first->second;
    }

    Provider& m_inner;
    std::mutex m_mutex;
    std::optional<std::vector<ProgramInfo>> m_programs;
    std::map<std::string, std::optional<std::int64_t>> m_balances;
    std::map<std::pair<std::string, std::optional<std::int64_t>>, std::vector<LiveConfig>> m_configs;
    std::map<std::pair<std::string, std::int64_t>, std::vector<LiveEntitlement>> m_entitlements;
    std::map<std::tuple<std::string, int, std::map<int, std::vector<std::string>>>, Price> m_prices;
    std::map<std::tuple<std::string, std::int64_t, std::string, std::string, std::string>, std::vector<PointsRow>>
        m_points;
};

}  // namespace flexform

// SnapshotProvider stands between a read-only use case and FortiFlex. Made over a stored snapshot, it answers the
// reads the snapshot holds from it and sends only the rest (points, tokens, a price it lacks); made without one, it
// passes every read through and remembers the answers, so a full read of the program can be kept as the next
// snapshot. It refuses writes: it exists for read-only runs.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engine/model/live_snapshot.h"
#include "engine/usecases/read_only_provider.h"

namespace flexform {

class SnapshotProvider : public ReadOnlyProvider {
public:
    explicit SnapshotProvider(Provider& inner) : m_inner(inner) {}
    SnapshotProvider(Provider& inner, LiveSnapshot snapshot);

    // The full read of `program` this provider saw go by (configs/list of the program, then entitlements/list of
    // every account in it, and the balance of a prepaid one), with every price and programs/list it saw; none when
    // it answered from a snapshot or saw less.
    std::optional<LiveSnapshot> full_read(const std::string& program, const std::string& taken_at) const;

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
    using AccountKey = std::pair<std::string, std::int64_t>;  // program, account
    using PriceKey = std::pair<std::string, std::string>;     // program, price_key

    Provider& m_inner;
    bool m_serving = false;  // answering from a snapshot, not recording one
    mutable std::mutex m_mutex;
    // The snapshot served from, or the latest answer of each read seen so far.
    std::optional<std::vector<ProgramInfo>> m_programs;
    std::map<std::string, std::optional<std::int64_t>> m_balances;  // by program
    std::map<std::string, std::vector<LiveConfig>> m_configs;       // the whole program's configs/list
    std::map<AccountKey, std::vector<LiveEntitlement>> m_entitlements;
    std::map<AccountKey, std::string> m_unreadable;  // accounts FortiFlex refused to list, with its answer
    std::map<PriceKey, PricedParameters> m_prices;
};

}  // namespace flexform

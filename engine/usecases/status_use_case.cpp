#include "engine/usecases/status_use_case.h"

#include <algorithm>
#include <stdexcept>

#include "engine/usecases/live_reading.h"

namespace flexform {

StatusOutcome program_status(Provider& live, const StatusRequest& request, const Catalog& catalog) {
    SnapshotReading reading(live, request.snapshots, request.program);
    Provider& provider = reading.provider();
    const std::int64_t before = provider.calls_made();
    StatusOutcome out;
    std::vector<std::int64_t> extra;
    if (request.account) {
        extra.push_back(*request.account);
    }
    out.live = read_program(provider, request.program, request.parallelism, extra);
    const PriceTable prices = price_live_configs(provider, out.live, request.parallelism);
    out.report = build_status(out.live, prices, request.customer_names, catalog);
    out.report.offers = status_by_offer(out.live, prices, request.offers);
    out.report.read_from = reading.origin();
    out.requests = provider.calls_made() - before;
    reading.keep();
    if (request.account) {
        const std::string account = "account " + std::to_string(*request.account);
        if (const auto refused = out.live.unreadable.find(*request.account); refused != out.live.unreadable.end()) {
            throw ProviderError(ProviderError::Kind::denied,
                                account + ": refused to list it (" + refused->second +
                                    "); is the account id right, and is it in the API user's scope?");
        }
        const auto held = std::find_if(out.report.accounts.begin(), out.report.accounts.end(),
                                       [&](const AccountStatus& a) { return a.account_id == *request.account; });
        if (held == out.report.accounts.end() || (held->configs.empty() && held->entitlements.empty())) {
            throw std::runtime_error(account + " holds no configuration or entitlement of program " + request.program);
        }
    }
    return out;
}

}  // namespace flexform

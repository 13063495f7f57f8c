#include "engine/usecases/status_use_case.h"

#include "engine/usecases/live_reading.h"

namespace flexform {

StatusOutcome program_status(Provider& provider, const StatusRequest& request, const Catalog& catalog) {
    const std::int64_t before = provider.calls_made();
    StatusOutcome out;
    std::vector<std::int64_t> extra;
    if (request.account) {
        extra.push_back(*request.account);
    }
    out.live = read_program(provider, request.program, request.parallelism, extra);
    const PriceTable prices = price_live_configs(provider, out.live, request.parallelism);
    out.report = build_status(out.live, prices, request.customer_names, catalog);
    out.requests = provider.calls_made() - before;
    return out;
}

}  // namespace flexform

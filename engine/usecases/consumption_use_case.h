// The consumption use cases: pull daily points from FortiFlex into the store, and report them per serial,
// customer, configuration or day, from the store or live.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/ports/consumption_store.h"
#include "engine/ports/provider.h"
#include "engine/report/consumption.h"

namespace flexform {

struct PullOptions {
    std::string program;
    std::vector<Date> days;
    int parallelism = 8;
    std::function<std::string()> now_utc;              // pulled_at stamps
    std::function<void(const std::string&)> progress;  // one line per day
};

struct PullResult {
    std::vector<Date> stored;
    std::vector<std::pair<Date, std::string>> failed;  // day, why
    std::int64_t rows = 0;
};

// One entitlements/points call per account and day (startDate = endDate), accounts in parallel; each day is stored
// in one transaction only when every account of it was read, so an interruption leaves complete days only.
PullResult pull_consumption(Provider& provider, ConsumptionStore& store, const PullOptions& options);

ConsumptionReport report_from_store(ConsumptionStore& store, const ReportRequest& request);
ConsumptionReport report_from_live(Provider& provider, const ReportRequest& request,
                                   const std::vector<std::int64_t>& accounts,
                                   const std::map<std::string, std::int64_t>& serial_configs, int parallelism);

}  // namespace flexform

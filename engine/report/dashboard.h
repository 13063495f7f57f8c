// What the operations dashboard shows, gathered from the same entry points as status, program, drift and
// consumption report: the renderer (engine/render/dashboard_site.h) only lays it out.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/model/desired.h"
#include "engine/plan/plan.h"
#include "engine/report/consumption.h"
#include "engine/report/drift.h"
#include "engine/report/status.h"

namespace flexform {

struct DashboardData {
    std::string program;
    std::string program_name;  // its short name in flexform.yaml spec.programs; empty: the project's one program
    std::string project_name;  // "flexform — NAME" in every page's title and heading; empty: no project file
    std::string generated_at;  // UTC
    Date today;                // Pacific
    StatusReport status;
    std::optional<ProgramReport> program_report;  // none when FortiFlex could not give the program's figures
    std::optional<DriftReport> drift;             // none without manifests
    std::string drift_source;                     // "live state" or the file it came from
    std::vector<PolicyResult> budgets;            // customers' budgets against what they cost now
    const DesiredState* desired = nullptr;        // names, labels, budgets
    // From the consumption store (none: no store, or it never saw the program).
    std::optional<ConsumptionReport> history;    // by day, up to a year back
    std::optional<ConsumptionReport> last30;     // by customer
    std::optional<ConsumptionReport> month;      // by customer, this month's closed days (none on its 1st)
    std::optional<ConsumptionReport> devices30;  // by serial
    std::optional<ConsumptionReport> customer_daily;  // by customer with the daily series, the history's days (charts)
    std::string history_note;                    // why there is no history, when there is none
    std::optional<Plan> pending;                 // --plan FILE
    std::vector<EndingEntitlement> ending;       // running entitlements ending within the watched window
};

}  // namespace flexform

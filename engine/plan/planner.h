// make_plan diffs the desired state against the live state and prices the difference. Pure: no I/O, no clock.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/catalog/catalog.h"
#include "engine/model/desired.h"
#include "engine/model/live.h"
#include "engine/plan/plan.h"
#include "engine/plan/settle.h"

namespace flexform {

using PriceTable = std::map<std::string, Price>;  // price_key(product, parameters) -> price

// A configuration the manifests bill to another program of the project: where a live configuration of this program
// with its account and name is moving (issue 28).
struct DeclaredElsewhere {
    std::int64_t account_id = 0;
    std::string config_name;
    std::string program_serial;  // the program the manifests now bill it to
    std::string program_name;
};

struct PlanOptions {
    bool prune = false;
    std::vector<std::string> customers;  // empty: every customer
    Date today;
    std::optional<double> yearly_commitment;
    std::optional<Date> program_end;  // the program's end date, read when a selected customer declares an endDate
    std::vector<SettlingCreate> settling;  // creates of unknown outcome still inside their settle window
    // Several programs (flexform.yaml spec.programs): the same run's live state of the project's other programs, so
    // a declared configuration or serial found there is moved to this program rather than created beside it; and
    // the configurations of this program's accounts that the manifests now bill elsewhere, so they are moved out
    // rather than reported unmanaged. Both empty for a one-program project.
    std::vector<const LiveState*> other_programs;
    std::vector<DeclaredElsewhere> declared_elsewhere;
    // Hardware units flexform removed from FortiFlex (decommissioned): serial -> when (UTC). No list shows them, and
    // FortiFlex never entitles one again.
    std::map<std::string, std::string> decommissioned;
};

Plan make_plan(const DesiredState& desired, const LiveState& live, const PriceTable& prices, const Catalog& catalog,
               const PlanOptions& options);

// Customers the options select, in manifest order.
std::vector<const Customer*> selected_customers(const DesiredState& desired, const PlanOptions& options);

// Every distinct (product, parameters) the plan may need to price: the desired configs of the selected customers
// and the live configs of every account that was read (the program totals cover them all).
std::vector<std::pair<int, ParameterSet>> price_requests(const DesiredState& desired, const LiveState& live,
                                                         const PlanOptions& options);

}  // namespace flexform

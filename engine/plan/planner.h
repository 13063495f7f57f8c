// make_plan diffs the desired state against the live state and prices the difference. Pure: no I/O, no clock.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/catalog/catalog.h"
#include "engine/model/desired.h"
#include "engine/model/live.h"
#include "engine/plan/plan.h"

namespace flexform {

using PriceTable = std::map<std::string, Price>;  // price_key(product, parameters) -> price

struct PlanOptions {
    bool prune = false;
    std::vector<std::string> customers;  // empty: every customer
    Date today;
    std::optional<double> yearly_commitment;
};

Plan make_plan(const DesiredState& desired, const LiveState& live, const PriceTable& prices, const Catalog& catalog,
               const PlanOptions& options);

// Customers the options select, in manifest order.
std::vector<const Customer*> selected_customers(const DesiredState& desired, const PlanOptions& options);

// Every distinct (product, parameters) the plan may need to price: desired configs and live configs of the
// selected accounts.
std::vector<std::pair<int, ParameterSet>> price_requests(const DesiredState& desired, const LiveState& live,
                                                         const PlanOptions& options);

// The fingerprint of one live object (see Plan::fingerprints), recomputable from a fresh LiveState.
std::string live_fingerprint(const LiveState& live, const std::string& key);

}  // namespace flexform

namespace flexform {

// The live objects whose fingerprint in `plan` no longer matches `fresh`, described for the user.
std::vector<std::string> stale_objects(const Plan& plan, const LiveState& fresh);

}  // namespace flexform

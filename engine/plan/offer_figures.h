// OfferFigures is one change of an offer as a reviewer reads it: the same parameter change re-pricing every
// configuration that uses the offer, with figures that are sums of the plan's own changes. Prepared once for the
// renderers and for the figures a saved plan states.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "engine/plan/plan.h"

namespace flexform {

struct OfferFigures {
    std::string offer;
    int product_id = 0;
    ParameterSet before;  // of the first configuration: what describes the change
    ParameterSet after;
    int configurations = 0;
    int accounts = 0;
    int devices = 0;  // running entitlements re-priced
    double delta_per_day = 0.0;
    std::vector<std::size_t> changes;  // indexes into the plan's changes, in plan order
};

// Every offer change of a plan: its update_config changes on configurations declared with an offer, grouped by the
// offer and the parameters that change (a customer's own override does not split a group).
std::vector<OfferFigures> offer_figures(const Plan& plan);

}  // namespace flexform

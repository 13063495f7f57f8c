// ParameterSet is a configuration's parameter values in one canonical form, so desired and live compare with ==.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "engine/catalog/catalog.h"

namespace flexform {

struct ParameterSet {
    // parameter id -> values; scalar parameters hold one value, multi-value parameters zero or more (sorted,
    // unique). Read-only parameters are never part of the set.
    std::map<int, std::vector<std::string>> values;

    bool operator==(const ParameterSet&) const = default;
    const std::string* scalar(int id) const;
};

// One (id, value) pair as the API carries it: multi-value parameters repeat the id, an empty list is "NONE".
struct WireParameter {
    int id = 0;
    std::string value;
};

// Fills defaults, drops read-only ids and unknown ids, strips "NONE" from multi-value lists, sorts them and
// writes numbers without leading zeros.
ParameterSet normalize(const ProductType& product, const ParameterSet& raw);
ParameterSet from_wire(const ProductType& product, const std::vector<WireParameter>& wire);
std::vector<WireParameter> to_wire(const ProductType& product, const ParameterSet& set);

// Human words for what differs: "service_pkg FGHWATP -> FGHWUTP; addons +FGHWSOCA".
std::string describe_change(const ProductType& product, const ParameterSet& before, const ParameterSet& after);

// Stable text used as a cache key and digest input: "1=4;2=UTP;10=0".
std::string canonical_key(const ParameterSet& set);

}  // namespace flexform

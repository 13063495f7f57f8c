// JSON forms of a ParameterSet: by parameter id ({"27": ["FGT60F"]}) for the emulator's store, and by manifest key
// ({"device_model": "FGT60F", "addons": [], "cpu_size": 2}) for plan files, which people and policies read.
#pragma once

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "engine/catalog/catalog.h"
#include "engine/model/parameters.h"

namespace flexform {

nlohmann::json parameters_to_json(const ParameterSet& set);
ParameterSet parameters_from_json(const nlohmann::json& j);  // throws nlohmann::json::exception on a bad shape

// Numeric parameters as numbers, single values as strings, multi-value parameters as arrays.
nlohmann::ordered_json parameters_to_keyed_json(const ProductType& product, const ParameterSet& set);
// Throws std::invalid_argument naming an unknown key or a value of the wrong shape.
ParameterSet parameters_from_keyed_json(const ProductType& product, const nlohmann::json& j);

}  // namespace flexform

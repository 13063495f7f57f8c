// The JSON form of a ParameterSet ({"27": ["FGT60F"], "29": []}), shared by plan files and the emulator's store.
#pragma once

#include <nlohmann/json.hpp>

#include "engine/model/parameters.h"

namespace flexform {

nlohmann::json parameters_to_json(const ParameterSet& set);
ParameterSet parameters_from_json(const nlohmann::json& j);  // throws nlohmann::json::exception on a bad shape

}  // namespace flexform

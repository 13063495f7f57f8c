#include "engine/model/parameters_json.h"

namespace flexform {

nlohmann::json parameters_to_json(const ParameterSet& set) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [id, values] : set.values) {
        out[std::to_string(id)] = values;
    }
    return out;
}

ParameterSet parameters_from_json(const nlohmann::json& j) {
    ParameterSet set;
    for (const auto& [key, values] : j.items()) {
        set.values[std::stoi(key)] = values.get<std::vector<std::string>>();
    }
    return set;
}

}  // namespace flexform

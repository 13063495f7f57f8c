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

nlohmann::ordered_json parameters_to_keyed_json(const ProductType& product, const ParameterSet& set) {
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (const auto& p : product.parameters) {
        const auto it = set.values.find(p.id);
        if (it == set.values.end()) {
            continue;
        }
        if (p.type == ParameterType::multi) {
            out[p.key] = it->second;
        } else if (it->second.empty()) {
            continue;
        } else if (p.type == ParameterType::numeric) {
            const auto number = parse_integer(it->second.front());
            out[p.key] = number ? nlohmann::ordered_json(*number) : nlohmann::ordered_json(it->second.front());
        } else {
            out[p.key] = it->second.front();
        }
    }
    return out;
}

ParameterSet parameters_from_keyed_json(const ProductType& product, const nlohmann::json& j) {
    if (!j.is_object()) {
        throw std::invalid_argument("parameters must be an object of key -> value");
    }
    ParameterSet set;
    for (const auto& [key, value] : j.items()) {
        const Parameter* p = product.find_parameter(std::string_view{key});
        if (!p) {
            throw std::invalid_argument("unknown parameter \"" + key + "\" of " + product.code);
        }
        std::vector<std::string> values;
        if (p->type == ParameterType::multi) {
            if (!value.is_array()) {
                throw std::invalid_argument("parameter " + key + " must be a list");
            }
            for (const auto& v : value) {
                if (!v.is_string()) {
                    throw std::invalid_argument("parameter " + key + " must be a list of strings");
                }
                values.push_back(v.get<std::string>());
            }
        } else if (value.is_number_integer()) {
            values.push_back(std::to_string(value.get<std::int64_t>()));
        } else if (value.is_string()) {
            values.push_back(value.get<std::string>());
        } else {
            throw std::invalid_argument("parameter " + key + " must be a number or a string");
        }
        set.values[p->id] = std::move(values);
    }
    return set;
}

}  // namespace flexform

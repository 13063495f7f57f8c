#include "engine/model/parameters.h"

#include <algorithm>

namespace flexform {

namespace {

std::string canonical_number(const std::string& value) {
    if (const auto number = parse_integer(value)) {
        return std::to_string(*number);
    }
    return value;
}

std::string join(const std::vector<std::string>& values) {
    if (values.empty()) {
        return "NONE";
    }
    std::string out;
    for (const auto& v : values) {
        out += out.empty() ? "" : ",";
        out += v;
    }
    return out;
}

}  // namespace

const std::string* ParameterSet::scalar(int id) const {
    const auto it = values.find(id);
    if (it == values.end() || it->second.empty()) {
        return nullptr;
    }
    return &it->second.front();
}

ParameterSet normalize(const ProductType& product, const ParameterSet& raw) {
    ParameterSet out;
    for (const auto& parameter : product.parameters) {
        if (parameter.read_only) {
            continue;
        }
        const auto it = raw.values.find(parameter.id);
        std::vector<std::string> values = it == raw.values.end() ? std::vector<std::string>{} : it->second;
        if (parameter.type == ParameterType::multi) {
            std::erase(values, std::string("NONE"));
            std::sort(values.begin(), values.end());
            values.erase(std::unique(values.begin(), values.end()), values.end());
            out.values[parameter.id] = std::move(values);
            continue;
        }
        if (values.empty() || (values.front() == "NONE" && !parameter.find_value("NONE"))) {
            if (parameter.default_value) {
                out.values[parameter.id] = {*parameter.default_value};
            }
            continue;
        }
        const std::string value =
            parameter.type == ParameterType::numeric ? canonical_number(values.front()) : values.front();
        out.values[parameter.id] = {value};
    }
    return out;
}

ParameterSet from_wire(const ProductType& product, const std::vector<WireParameter>& wire) {
    ParameterSet raw;
    for (const auto& p : wire) {
        raw.values[p.id].push_back(p.value);
    }
    return normalize(product, raw);
}

std::vector<WireParameter> to_wire(const ProductType& product, const ParameterSet& set) {
    std::vector<WireParameter> out;
    for (const auto& parameter : product.parameters) {
        const auto it = set.values.find(parameter.id);
        if (parameter.read_only || it == set.values.end()) {
            continue;
        }
        if (parameter.type == ParameterType::multi && it->second.empty()) {
            out.push_back({parameter.id, "NONE"});
            continue;
        }
        for (const auto& v : it->second) {
            out.push_back({parameter.id, v});
        }
    }
    return out;
}

std::string describe_change(const ProductType& product, const ParameterSet& before, const ParameterSet& after) {
    std::string out;
    for (const auto& parameter : product.parameters) {
        const auto b = before.values.find(parameter.id);
        const auto a = after.values.find(parameter.id);
        const std::vector<std::string> empty;
        const auto& bv = b == before.values.end() ? empty : b->second;
        const auto& av = a == after.values.end() ? empty : a->second;
        if (bv == av) {
            continue;
        }
        std::string part = parameter.key + " ";
        if (parameter.type == ParameterType::multi) {
            std::string changes;
            for (const auto& v : av) {
                if (std::find(bv.begin(), bv.end(), v) == bv.end()) {
                    changes += (changes.empty() ? "+" : " +") + v;
                }
            }
            for (const auto& v : bv) {
                if (std::find(av.begin(), av.end(), v) == av.end()) {
                    changes += (changes.empty() ? "-" : " -") + v;
                }
            }
            part += changes;
        } else {
            part += join(bv) + " -> " + join(av);
        }
        out += out.empty() ? "" : "; ";
        out += part;
    }
    return out;
}

std::string canonical_key(const ParameterSet& set) {
    std::string out;
    for (const auto& [id, values] : set.values) {
        out += out.empty() ? "" : ";";
        out += std::to_string(id) + "=" + join(values);
    }
    return out;
}

}  // namespace flexform

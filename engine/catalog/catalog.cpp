#include "engine/catalog/catalog.h"

#include <algorithm>
#include <charconv>

#include <nlohmann/json.hpp>

#include "engine/model/names.h"

namespace flexform {

namespace {

using nlohmann::json;

constexpr NameTable<FormFactor, 3> k_form_factors = {{
    {FormFactor::vm, "vm"},
    {FormFactor::hardware, "hardware"},
    {FormFactor::cloud, "cloud"},
}};
static_assert(names_every_value(k_form_factors, static_cast<std::size_t>(FormFactor::cloud) + 1));

// The API's spelling of a parameter type (to_string), and schemas/products.json's (what the catalog is read from).
constexpr NameTable<ParameterType, 4> k_parameter_types = {{
    {ParameterType::numeric, "NUMERIC"},
    {ParameterType::single, "SINGLEVALUE"},
    {ParameterType::multi, "MULTIVALUE"},
    {ParameterType::read_only, "READONLY"},
}};
static_assert(names_every_value(k_parameter_types, static_cast<std::size_t>(ParameterType::read_only) + 1));
constexpr NameTable<ParameterType, 4> k_catalog_parameter_types = {{
    {ParameterType::numeric, "numeric"},
    {ParameterType::single, "single"},
    {ParameterType::multi, "multi"},
    {ParameterType::read_only, "readonly"},
}};
static_assert(names_every_value(k_catalog_parameter_types, static_cast<std::size_t>(ParameterType::read_only) + 1));

FormFactor parse_form_factor(const std::string& text) {
    if (const auto form_factor = value_in(k_form_factors, text)) {
        return *form_factor;
    }
    throw CatalogError("unknown form_factor '" + text + "'");
}

ParameterType parse_type(const std::string& text) {
    if (const auto type = value_in(k_catalog_parameter_types, text)) {
        return *type;
    }
    throw CatalogError("unknown parameter type '" + text + "'");
}

Parameter parse_parameter(const json& j) {
    Parameter p;
    p.id = j.at("id").get<int>();
    p.key = j.at("key").get<std::string>();
    p.name = j.value("name", "");
    p.type = parse_type(j.at("type").get<std::string>());
    if (j.contains("min") && !j["min"].is_null()) {
        p.min = j["min"].get<std::int64_t>();
    }
    if (j.contains("max") && !j["max"].is_null()) {
        p.max = j["max"].get<std::int64_t>();
    }
    p.step = j.value("step", std::int64_t{1});
    if (p.step < 1) {
        throw CatalogError("parameter " + p.key + ": step must be >= 1");
    }
    p.allow_zero = j.value("allow_zero", false);
    if (j.contains("values")) {
        for (const auto& v : j["values"]) {
            p.values.push_back({v.at("value").get<std::string>(), v.value("description", ""), false});
        }
    }
    if (j.contains("legacy_values")) {
        for (const auto& v : j["legacy_values"]) {
            p.values.push_back({v.get<std::string>(), "legacy", true});
        }
    }
    p.required = j.value("required", false);
    if (j.contains("default") && j["default"].is_string()) {
        p.default_value = j["default"].get<std::string>();
    }
    p.read_only = j.value("read_only", false) || p.type == ParameterType::read_only;
    p.scale_up_only = j.value("scale_up_only", false);
    p.calc_required = j.value("calc_required", false);
    p.description = j.value("description", "");
    return p;
}

Constraint parse_constraint(const json& j, const ProductType& product) {
    Constraint c;
    const auto kind = j.at("kind").get<std::string>();
    if (kind == "required_when") {
        c.kind = Constraint::Kind::required_when;
    } else if (kind == "nonzero_when") {
        c.kind = Constraint::Kind::nonzero_when;
    } else {
        throw CatalogError(product.code + ": unknown constraint kind '" + kind + "'");
    }
    c.param = j.at("param").get<std::string>();
    c.when_param = j.at("when_param").get<std::string>();
    c.has_value = j.at("has_value").get<std::string>();
    if (!product.find_parameter(c.param) || !product.find_parameter(c.when_param)) {
        throw CatalogError(product.code + ": constraint names an unknown parameter");
    }
    return c;
}

}  // namespace

std::string_view to_string(FormFactor form_factor) {
    return name_in(k_form_factors, form_factor, "vm");
}

std::string_view to_string(ParameterType type) {
    return name_in(k_parameter_types, type, "NUMERIC");
}

int form_factor_id(FormFactor form_factor) {
    switch (form_factor) {
        case FormFactor::vm:
            return 1;
        case FormFactor::hardware:
            return 2;
        case FormFactor::cloud:
            return 3;
    }
    return 1;
}

const AllowedValue* Parameter::find_value(std::string_view value) const {
    for (const auto& v : values) {
        if (v.value == value) {
            return &v;
        }
    }
    return nullptr;
}

bool Parameter::enumerated() const {
    return std::any_of(values.begin(), values.end(), [](const AllowedValue& v) { return !v.legacy; });
}

const Parameter* ProductType::find_parameter(std::string_view key) const {
    for (const auto& p : parameters) {
        if (p.key == key) {
            return &p;
        }
    }
    return nullptr;
}

const Parameter* ProductType::find_parameter(int parameter_id) const {
    for (const auto& p : parameters) {
        if (p.id == parameter_id) {
            return &p;
        }
    }
    return nullptr;
}

const Parameter* ProductType::device_model() const {
    return form_factor == FormFactor::hardware ? find_parameter(std::string_view{"device_model"}) : nullptr;
}

Catalog Catalog::from_json(std::string_view json_text) {
    json doc;
    try {
        doc = json::parse(json_text);
    } catch (const json::exception& e) {
        throw CatalogError(std::string("products.json is not valid JSON: ") + e.what());
    }
    Catalog catalog;
    try {
        for (const auto& jp : doc.at("products")) {
            ProductType product;
            product.id = jp.at("id").get<int>();
            product.code = jp.at("code").get<std::string>();
            product.ansible_key = jp.value("ansible_key", "");
            product.name = jp.at("name").get<std::string>();
            product.api_name = jp.value("api_name", product.name);
            product.form_factor = parse_form_factor(jp.at("form_factor").get<std::string>());
            product.serial_prefix = jp.value("serial_prefix", "");
            for (const auto& jparam : jp.at("parameters")) {
                product.parameters.push_back(parse_parameter(jparam));
            }
            if (jp.contains("constraints")) {
                for (const auto& jc : jp["constraints"]) {
                    product.constraints.push_back(parse_constraint(jc, product));
                }
            }
            if (catalog.find_by_id(product.id) || catalog.find_by_code(product.code)) {
                throw CatalogError("duplicate product " + product.code);
            }
            catalog.m_products.push_back(std::move(product));
        }
    } catch (const json::exception& e) {
        throw CatalogError(std::string("products.json: ") + e.what());
    }
    return catalog;
}

const ProductType* Catalog::find_by_code(std::string_view code) const {
    for (const auto& p : m_products) {
        if (p.code == code) {
            return &p;
        }
    }
    return nullptr;
}

const ProductType* Catalog::find_by_id(int id) const {
    for (const auto& p : m_products) {
        if (p.id == id) {
            return &p;
        }
    }
    return nullptr;
}

std::vector<std::string> Catalog::codes() const {
    std::vector<std::string> out;
    for (const auto& p : m_products) {
        out.push_back(p.code);
    }
    return out;
}

const Catalog& builtin_catalog() {
    static const Catalog catalog = Catalog::from_json(builtin_catalog_json());
    return catalog;
}

std::optional<std::int64_t> parse_integer(std::string_view text) {
    std::int64_t value = 0;
    const char* first = text.data();
    const char* last = text.data() + text.size();
    if (first != last && *first == '+') {
        ++first;
    }
    const auto [ptr, ec] = std::from_chars(first, last, value);
    if (ec != std::errc{} || ptr != last || first == last) {
        return std::nullopt;
    }
    return value;
}

std::optional<ValueProblem> check_value(const Parameter& parameter, std::string_view value) {
    if (parameter.read_only) {
        return ValueProblem{ValueProblem::Kind::read_only, 0};
    }
    if (parameter.type == ParameterType::numeric) {
        if (parameter.find_value(value) && parameter.find_value(value)->legacy) {
            return std::nullopt;
        }
        const auto number = parse_integer(value);
        if (!number) {
            return ValueProblem{ValueProblem::Kind::not_integer, 0};
        }
        if (parameter.allow_zero && *number == 0) {
            return std::nullopt;
        }
        if (parameter.min && *number < *parameter.min) {
            return ValueProblem{ValueProblem::Kind::below_min, *number};
        }
        if (parameter.max && *number > *parameter.max) {
            return ValueProblem{ValueProblem::Kind::above_max, *number};
        }
        if (*number % parameter.step != 0) {
            return ValueProblem{ValueProblem::Kind::off_step, *number};
        }
        // An enumerated numeric parameter (FortiWeb Cloud throughput) accepts only its listed values.
        if (parameter.enumerated() && !parameter.find_value(std::to_string(*number))) {
            return ValueProblem{ValueProblem::Kind::not_allowed, *number};
        }
        return std::nullopt;
    }
    if (!parameter.find_value(value)) {
        return ValueProblem{ValueProblem::Kind::not_allowed, 0};
    }
    return std::nullopt;
}

std::string describe_allowed(const Parameter& parameter) {
    if (parameter.read_only) {
        return "read-only (set by metering, not by a configuration)";
    }
    if (parameter.type == ParameterType::numeric) {
        std::string out;
        if (parameter.enumerated()) {
            out = "one of";
            bool first = true;
            for (const auto& v : parameter.values) {
                if (!v.legacy) {
                    out += first ? " " : ", ";
                    out += v.value;
                    first = false;
                }
            }
            return out;
        }
        if (parameter.allow_zero) {
            out = "0 or ";
        }
        out += std::to_string(parameter.min.value_or(0)) + "-" + std::to_string(parameter.max.value_or(0));
        if (parameter.step > 1) {
            out += ", a multiple of " + std::to_string(parameter.step);
        }
        return out;
    }
    std::string out = "one of";
    bool first = true;
    std::size_t shown = 0;
    std::size_t offered = 0;
    for (const auto& v : parameter.values) {
        if (v.legacy) {
            continue;
        }
        ++offered;
        if (shown < 12) {
            out += first ? " " : ", ";
            out += v.value;
            first = false;
            ++shown;
        }
    }
    if (offered > shown) {
        out += ", ... (" + std::to_string(offered) + " values)";
    }
    return out;
}

}  // namespace flexform

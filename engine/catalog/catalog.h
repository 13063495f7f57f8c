// Catalog is the FortiFlex product catalog (product types and their parameters) loaded from schemas/products.json.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace flexform {

enum class FormFactor { vm, hardware, cloud };
enum class ParameterType { numeric, single, multi, read_only };

std::string_view to_string(FormFactor form_factor);
std::string_view to_string(ParameterType type);
int form_factor_id(FormFactor form_factor);

struct AllowedValue {
    std::string value;
    std::string description;
    bool legacy = false;  // still found on old live configs, no longer offered for new ones
};

struct Parameter {
    int id = 0;
    std::string key;   // manifest key, e.g. "cpu_size"
    std::string name;  // the short tag the API returns, e.g. "CPU"
    ParameterType type = ParameterType::numeric;
    std::optional<std::int64_t> min;
    std::optional<std::int64_t> max;
    std::int64_t step = 1;
    bool allow_zero = false;  // "0 or min..max"
    std::vector<AllowedValue> values;
    bool required = false;
    std::optional<std::string> default_value;  // scalar default; multi-value defaults are empty
    bool read_only = false;
    bool scale_up_only = false;
    bool calc_required = false;  // a read-only quantity tools/calc needs (FortiEDR endpoints)
    std::string description;

    const AllowedValue* find_value(std::string_view value) const;
    // True when only listed values are allowed (single/multi, and enumerated numerics like throughput).
    bool enumerated() const;
};

// A rule between two parameters of one product that a single-parameter check cannot express.
struct Constraint {
    enum class Kind { required_when, nonzero_when };
    Kind kind = Kind::required_when;
    std::string param;       // key of the constrained parameter
    std::string when_param;  // key of the parameter that triggers the rule
    std::string has_value;   // the triggering value
};

struct ProductType {
    int id = 0;
    std::string code;         // Terraform code, e.g. "FGT_HW"; the manifest's `product`
    std::string ansible_key;  // e.g. "fortiGateHardware"
    std::string name;         // portal / metadata name
    std::string api_name;     // productType.name as the live API returns it
    FormFactor form_factor = FormFactor::vm;
    std::string serial_prefix;  // VM and cloud entitlement serial prefix the emulator generates
    std::vector<Parameter> parameters;
    std::vector<Constraint> constraints;

    const Parameter* find_parameter(std::string_view key) const;
    const Parameter* find_parameter(int id) const;
    const Parameter* device_model() const;  // hardware only: the model parameter
};

class CatalogError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Catalog {
public:
    // Parses products.json text; throws CatalogError naming what is wrong.
    static Catalog from_json(std::string_view json_text);

    const std::vector<ProductType>& products() const { return m_products; }
    const ProductType* find_by_code(std::string_view code) const;
    const ProductType* find_by_id(int id) const;
    std::vector<std::string> codes() const;

private:
    std::vector<ProductType> m_products;
};

// The catalog compiled into the binary from schemas/products.json.
const Catalog& builtin_catalog();
std::string_view builtin_catalog_json();

// What is wrong with one value of one parameter, independent of how a caller words it.
struct ValueProblem {
    enum class Kind { not_integer, below_min, above_max, off_step, not_allowed, read_only };
    Kind kind = Kind::not_integer;
    std::int64_t number = 0;
};

// Checks one scalar value (numeric or single) or one element of a multi-value parameter.
// Legacy values are accepted here; callers warn about them.
std::optional<ValueProblem> check_value(const Parameter& parameter, std::string_view value);

// "1-96", "0 or 25-25000, multiple of 25", "one of FC, UTP, ENT, ATP" ...
std::string describe_allowed(const Parameter& parameter);

std::optional<std::int64_t> parse_integer(std::string_view text);

}  // namespace flexform

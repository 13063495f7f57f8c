#include "engine/manifest/customer_parser.h"

#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include "engine/manifest/suggest.h"

namespace flexform {

namespace {

const std::vector<std::string> k_document_keys = {"apiVersion", "kind", "metadata", "spec"};
const std::vector<std::string> k_metadata_keys = {"name", "accountId", "labels"};
const std::vector<std::string> k_spec_keys = {"state",     "protect", "billing", "budget",
                                              "overrides", "configs", "program"};
const std::vector<std::string> k_config_keys = {"name",  "id",      "product", "parameters", "serials",     "vms",
                                                "cloud", "endDate", "adopt",   "enabled",    "description", "offer",
                                                "program"};
const std::vector<std::string> k_vms_keys = {"count",       "description",      "folderPath",           "skipPending",
                                             "reactivateUnused", "stopFirst", "regenerateTokenOnStop"};
const std::vector<std::string> k_cloud_keys = {"description", "folderPath"};
const std::vector<std::string> k_serial_keys = {"serial",   "description",  "adopt",
                                                "replaces", "decommission", "endDate"};

constexpr std::int64_t k_max_vm_count = 10000;
constexpr std::size_t k_max_name_length = k_max_config_name_length;

bool valid_customer_name(const std::string& name) {
    static const std::regex k_pattern("[a-z0-9][a-z0-9-]{1,62}");
    return std::regex_match(name, k_pattern);
}

std::string value_problem_message(const Parameter& parameter, const std::string& value, const ValueProblem& problem) {
    const std::string allowed = " (allowed: " + describe_allowed(parameter) + ")";
    switch (problem.kind) {
        case ValueProblem::Kind::not_integer:
            return quoted_excerpt(value) + " is not an integer" + allowed;
        case ValueProblem::Kind::below_min:
            return std::to_string(problem.number) + " is below the minimum " +
                   std::to_string(parameter.min.value_or(0)) + allowed;
        case ValueProblem::Kind::above_max:
            return std::to_string(problem.number) + " is above the maximum " +
                   std::to_string(parameter.max.value_or(0)) + allowed;
        case ValueProblem::Kind::off_step:
            return std::to_string(problem.number) + " is not a multiple of " + std::to_string(parameter.step) + allowed;
        case ValueProblem::Kind::not_allowed: {
            std::vector<std::string> candidates;
            for (const auto& v : parameter.values) {
                if (!v.legacy) {
                    candidates.push_back(v.value);
                }
            }
            return quoted_excerpt(value) + " is not an allowed value" + did_you_mean(value, candidates) + allowed;
        }
        case ValueProblem::Kind::read_only:
            return parameter.key + " is read-only (metered by FortiFlex); remove it";
    }
    return "invalid value";
}

class CustomerParser {
public:
    CustomerParser(NodeReader& reader, const ManifestOptions& options, const DesiredState& state)
        : m_reader(reader), m_options(options), m_state(state) {}

    Customer parse(const YAML::Node& doc) {
        m_reader.check_map(doc, "", k_document_keys);
        Customer customer;
        customer.pos = m_reader.pos(doc);
        customer.account_pos = customer.pos;
        parse_metadata(doc, customer);
        m_customer_name = customer.name;
        parse_spec(doc, customer);
        return customer;
    }

    ParameterSet parameters_of(const YAML::Node& holder, const std::string& path, const ProductType& product,
                               const ParameterSet* base) {
        return parse_parameters(holder, path, product, base);
    }

private:
    void parse_metadata(const YAML::Node& doc, Customer& customer) {
        const YAML::Node metadata = NodeReader::child(doc, "metadata");
        if (!NodeReader::present(metadata)) {
            m_reader.error(doc, "metadata", "required key is missing");
            return;
        }
        if (!m_reader.check_map(metadata, "metadata", k_metadata_keys)) {
            return;
        }
        if (const auto name = m_reader.text(metadata, "name", "metadata", true)) {
            const YAML::Node node = NodeReader::child(metadata, "name");
            customer.pos = m_reader.pos(node);
            customer.name = *name;
            if (!valid_customer_name(*name)) {
                m_reader.error(node, "metadata.name",
                               quoted_excerpt(*name) +
                                   " is not a valid customer name (2-63 characters: lowercase letters, "
                                   "digits and '-', starting with a letter or digit)");
            }
        }
        if (const auto account = m_reader.integer(metadata, "accountId", "metadata", true)) {
            const YAML::Node node = NodeReader::child(metadata, "accountId");
            customer.account_pos = m_reader.pos(node);
            customer.account_id = *account;
            if (*account <= 0) {
                m_reader.error(node, "metadata.accountId",
                               std::to_string(*account) + " is not a FortiCloud account id");
            }
        }
        const YAML::Node labels = NodeReader::child(metadata, "labels");
        if (NodeReader::present(labels)) {
            if (!labels.IsMap()) {
                m_reader.error(labels, "metadata.labels", "expected a mapping, got " + describe_node(labels));
            } else {
                for (const auto& entry : labels) {
                    const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : "";
                    if (!entry.first.IsScalar() || !entry.second.IsScalar()) {
                        m_reader.error(entry.first, join_path("metadata.labels", key),
                                       "labels map names to plain strings");
                        continue;
                    }
                    const std::string field = join_path("metadata.labels", key);
                    if (m_reader.check_plain(entry.first, field, key, k_max_label_key_length) &&
                        m_reader.check_plain(entry.second, field, entry.second.Scalar(), k_max_label_value_length)) {
                        customer.labels[key] = entry.second.Scalar();
                    }
                }
            }
        }
    }

    void parse_spec(const YAML::Node& doc, Customer& customer) {
        const YAML::Node spec = NodeReader::child(doc, "spec");
        if (!NodeReader::present(spec)) {
            m_reader.error(doc, "spec", "required key is missing");
            return;
        }
        if (!m_reader.check_map(spec, "spec", k_spec_keys)) {
            return;
        }
        if (const auto state = m_reader.text(spec, "state", "spec", false)) {
            if (*state == "suspended") {
                customer.suspended = true;
            } else if (*state != "active") {
                m_reader.error(NodeReader::child(spec, "state"), "spec.state",
                               quoted_excerpt(*state) + " is not allowed" +
                                   did_you_mean(*state, {"active", "suspended"}) + " (allowed: active, suspended)");
            }
        }
        customer.protect = m_reader.boolean(spec, "protect", "spec").value_or(false);
        if (const auto program = m_reader.plain_text(spec, "program", "spec", false, k_max_name_length)) {
            customer.program = *program;
            customer.program_pos = m_reader.pos(NodeReader::child(spec, "program"));
        }
        customer.billing = parse_customer_billing(spec, m_reader);
        customer.budget = parse_budget(spec, m_reader);
        customer.overrides = parse_waivers(spec, m_reader, false, m_options.today);
        const YAML::Node configs = NodeReader::child(spec, "configs");
        if (!NodeReader::present(configs)) {
            return;
        }
        if (!configs.IsSequence()) {
            m_reader.error(configs, "spec.configs", "expected a list, got " + describe_node(configs));
            return;
        }
        std::size_t index = 0;
        for (const auto& node : configs) {
            const std::string path = index_path("spec.configs", index++);
            if (auto config = parse_config(node, path)) {
                config->index = static_cast<int>(index - 1);
                customer.configs.push_back(std::move(*config));
            }
        }
        customer.configs.shrink_to_fit();
        check_config_names(customer, configs);
        check_cloud_uniqueness(customer, configs);
        check_replacements(customer, m_reader);
    }

    std::optional<DesiredConfig> parse_config(const YAML::Node& node, const std::string& path) {
        if (!m_reader.check_map(node, path, k_config_keys)) {
            return std::nullopt;
        }
        DesiredConfig config;
        config.pos = m_reader.pos(node);
        if (const auto name = m_reader.text(node, "name", path, true)) {
            config.name = *name;
            config.pos = m_reader.pos(NodeReader::child(node, "name"));
            if (name->empty() || utf8_length(*name) > k_max_name_length) {
                m_reader.error(NodeReader::child(node, "name"), join_path(path, "name"),
                               "a configuration name must have 1-" + std::to_string(k_max_name_length) + " characters");
            } else {
                m_reader.check_plain(NodeReader::child(node, "name"), join_path(path, "name"), *name,
                                     k_max_name_length);
            }
        }
        m_reader.plain_text(node, "description", path, false, k_max_description_length);
        if (const auto id = m_reader.integer(node, "id", path, false)) {
            if (*id <= 0) {
                m_reader.error(NodeReader::child(node, "id"), join_path(path, "id"),
                               std::to_string(*id) + " is not a configuration id");
            }
            config.id = *id;
        }
        const ProductType* product = nullptr;
        const Offer* offer = nullptr;
        if (NodeReader::child(node, "offer").IsDefined()) {
            offer = find_used_offer(node, path, m_reader, m_state);
            if (offer) {
                config.offer = offer->name;
                product = m_options.catalog->find_by_id(offer->product_id);
                config.product_id = offer->product_id;
                check_offer_use(node, path, *offer, m_reader, *m_options.catalog);
            }
        } else if (const auto code = m_reader.text(node, "product", path, true)) {
            product = m_options.catalog->find_by_code(*code);
            if (!product) {
                m_reader.error(
                    NodeReader::child(node, "product"), join_path(path, "product"),
                    "unknown product " + quoted_excerpt(*code) + did_you_mean(*code, m_options.catalog->codes()));
            } else {
                config.product_id = product->id;
            }
        }
        if (product) {
            config.parameters = parse_parameters(node, path, *product, offer ? &offer->parameters : nullptr);
        } else if (const YAML::Node params = NodeReader::child(node, "parameters");
                   NodeReader::present(params) && !params.IsMap()) {
            m_reader.error(params, join_path(path, "parameters"), "expected a mapping, got " + describe_node(params));
        }
        parse_entitlements(node, path, product, config);
        if (offer) {
            apply_offer_defaults(*offer, m_customer_name, config, m_reader, NodeReader::child(node, "offer"), path);
        }
        config.enabled = m_reader.boolean(node, "enabled", path).value_or(true);
        if (!config.enabled && declared_entitlements(config) > 0) {
            m_reader.error(NodeReader::child(node, "enabled"), join_path(path, "enabled"),
                           "a disabled configuration holds no entitlements: remove its serials, vms or cloud, or "
                           "enable it");
        }
        config.adopt = m_reader.boolean(node, "adopt", path).value_or(false);
        if (const auto program = m_reader.plain_text(node, "program", path, false, k_max_name_length)) {
            config.program = *program;
            config.program_pos = m_reader.pos(NodeReader::child(node, "program"));
        }
        if (config.adopt && product && product->form_factor != FormFactor::hardware) {
            m_reader.error(NodeReader::child(node, "adopt"), join_path(path, "adopt"),
                           "adopt applies to hardware serials only (a " + product->code + " configuration has none)");
        }
        config.end_date = parse_end_date(node, path, m_reader, m_options.today);
        if (!config.end_date && offer) {
            config.end_date = offer->end_date;  // the contract the offer is sold under, unless the config has its own
        }
        return config;
    }

    ParameterSet parse_parameters(const YAML::Node& node, const std::string& config_path, const ProductType& product,
                                  const ParameterSet* base = nullptr) {
        ParameterSet raw = base ? *base : ParameterSet{};
        const std::string path = join_path(config_path, "parameters");
        const YAML::Node params = NodeReader::child(node, "parameters");
        std::vector<std::string> keys;
        for (const auto& p : product.parameters) {
            keys.push_back(p.key);
        }
        if (NodeReader::present(params)) {
            if (!params.IsMap()) {
                m_reader.error(params, path, "expected a mapping, got " + describe_node(params));
                return {};
            }
            std::set<std::string> seen;
            for (const auto& entry : params) {
                if (!entry.first.IsScalar()) {
                    m_reader.error(entry.first, path, "parameter names must be plain keys");
                    continue;
                }
                const std::string key = entry.first.Scalar();
                const std::string field = join_path(path, key);
                if (!seen.insert(key).second) {
                    m_reader.error(entry.first, field, "duplicate key " + quoted_excerpt(key));
                    continue;
                }
                const Parameter* parameter = product.find_parameter(std::string_view{key});
                if (!parameter) {
                    m_reader.error(
                        entry.first, field,
                        "unknown parameter " + quoted_excerpt(key) + " for " + product.code + did_you_mean(key, keys));
                    continue;
                }
                if (parameter->read_only) {
                    m_reader.error(
                        entry.first, field,
                        key + " is read-only (metered by FortiFlex, never set on a configuration); remove it");
                    continue;
                }
                if (auto values = parse_parameter_values(entry.second, field, *parameter)) {
                    auto& held = raw.values[parameter->id];
                    if (base && parameter->type == ParameterType::multi) {
                        held.insert(held.end(), values->begin(), values->end());
                    } else {
                        held = std::move(*values);
                    }
                }
            }
        }
        for (const auto& parameter : product.parameters) {
            if (parameter.required && !parameter.read_only && !NodeReader::child(params, parameter.key).IsDefined() &&
                !(base && base->values.count(parameter.id))) {
                m_reader.error(NodeReader::present(params) ? params : node, join_path(path, parameter.key),
                               "required parameter is missing (allowed: " + describe_allowed(parameter) + ")");
            }
        }
        ParameterSet normalized = normalize(product, raw);
        check_constraints(product, normalized, params, path);
        return normalized;
    }

    std::optional<std::vector<std::string>> parse_parameter_values(const YAML::Node& value, const std::string& field,
                                                                   const Parameter& parameter) {
        std::vector<std::pair<std::string, YAML::Node>> items;
        if (parameter.type == ParameterType::multi) {
            if (value.IsSequence()) {
                for (const auto& item : value) {
                    if (!item.IsScalar()) {
                        m_reader.error(item, field, "expected a list of values, got " + describe_node(item));
                        return std::nullopt;
                    }
                    items.emplace_back(item.Scalar(), item);
                }
            } else if (value.IsScalar()) {
                items.emplace_back(value.Scalar(), value);
            } else if (!value.IsNull()) {
                m_reader.error(value, field, "expected a list of values, got " + describe_node(value));
                return std::nullopt;
            }
        } else {
            if (!value.IsScalar()) {
                m_reader.error(value, field, "expected a single value, got " + describe_node(value));
                return std::nullopt;
            }
            items.emplace_back(value.Scalar(), value);
        }
        std::vector<std::string> out;
        bool ok = true;
        for (const auto& [text, node] : items) {
            if (parameter.type == ParameterType::multi && text == "NONE") {
                continue;
            }
            if (const auto problem = check_value(parameter, text)) {
                m_reader.error(node, field, value_problem_message(parameter, text, *problem));
                ok = false;
                continue;
            }
            if (const AllowedValue* allowed = parameter.find_value(text); allowed && allowed->legacy) {
                m_reader.warning(node, field,
                                 quoted_excerpt(text) +
                                     " is a legacy value no longer offered for new "
                                     "configurations");
            }
            out.push_back(text);
        }
        if (!ok) {
            return std::nullopt;
        }
        return out;
    }

    void check_constraints(const ProductType& product, const ParameterSet& set, const YAML::Node& params,
                           const std::string& path) {
        for (const auto& rule : product.constraints) {
            const Parameter* when = product.find_parameter(std::string_view{rule.when_param});
            const Parameter* target = product.find_parameter(std::string_view{rule.param});
            const auto when_values = set.values.find(when->id);
            const bool triggered = when_values != set.values.end() &&
                                   std::find(when_values->second.begin(), when_values->second.end(), rule.has_value) !=
                                       when_values->second.end();
            if (!triggered) {
                continue;
            }
            const std::string* value = set.scalar(target->id);
            const YAML::Node at = NodeReader::present(NodeReader::child(params, rule.param))
                                      ? NodeReader::child(params, rule.param)
                                      : params;
            if (rule.kind == Constraint::Kind::required_when && !value) {
                m_reader.error(at, join_path(path, rule.param),
                               "required when " + rule.when_param + " includes " + rule.has_value +
                                   " (allowed: " + describe_allowed(*target) + ")");
            }
            if (rule.kind == Constraint::Kind::nonzero_when && (!value || *value == "0")) {
                m_reader.error(at, join_path(path, rule.param),
                               "must be above 0 when " + rule.when_param + " is " + rule.has_value);
            }
        }
    }

    void parse_entitlements(const YAML::Node& node, const std::string& path, const ProductType* product,
                            DesiredConfig& config) {
        const YAML::Node serials = NodeReader::child(node, "serials");
        const YAML::Node vms = NodeReader::child(node, "vms");
        const YAML::Node cloud = NodeReader::child(node, "cloud");
        const int declared = (serials.IsDefined() ? 1 : 0) + (vms.IsDefined() ? 1 : 0) + (cloud.IsDefined() ? 1 : 0);
        if (declared > 1) {
            m_reader.error(node, path, "declare entitlements with exactly one of serials, vms or cloud");
        }
        if (product) {
            const std::string form = std::string(to_string(product->form_factor));
            const auto mismatch = [&](const YAML::Node& at, const char* key, const char* expected) {
                m_reader.error(at, join_path(path, key),
                               product->code + " is a " + form + " product; declare its entitlements with " + expected +
                                   ", not " + key);
            };
            const char* expected = product->form_factor == FormFactor::hardware ? "serials"
                                   : product->form_factor == FormFactor::vm     ? "vms"
                                                                                : "cloud";
            if (serials.IsDefined() && product->form_factor != FormFactor::hardware) {
                mismatch(serials, "serials", expected);
            }
            if (vms.IsDefined() && product->form_factor != FormFactor::vm) {
                mismatch(vms, "vms", expected);
            }
            if (cloud.IsDefined() && product->form_factor != FormFactor::cloud) {
                mismatch(cloud, "cloud", expected);
            }
        }
        if (serials.IsDefined() && (!product || product->form_factor == FormFactor::hardware)) {
            parse_serials(serials, join_path(path, "serials"), product, config);
        }
        if (vms.IsDefined() && (!product || product->form_factor == FormFactor::vm)) {
            parse_vms(vms, join_path(path, "vms"), config);
        }
        if (cloud.IsDefined() && (!product || product->form_factor == FormFactor::cloud)) {
            const std::string cloud_path = join_path(path, "cloud");
            CloudSpec spec;
            if (!cloud.IsNull() && m_reader.check_map(cloud, cloud_path, k_cloud_keys)) {
                spec.description =
                    m_reader.plain_text(cloud, "description", cloud_path, false, k_max_description_length);
                spec.folder_path =
                    m_reader.plain_text(cloud, "folderPath", cloud_path, false, k_max_folder_path_length);
                check_folder(cloud, cloud_path, spec.folder_path);
            }
            config.cloud = spec;
        }
    }

    void parse_serials(const YAML::Node& serials, const std::string& path, const ProductType* product,
                       DesiredConfig& config) {
        if (serials.IsNull()) {
            return;
        }
        if (!serials.IsSequence()) {
            m_reader.error(serials, path, "expected a list of serial numbers, got " + describe_node(serials));
            return;
        }
        const Parameter* model_parameter = product ? product->device_model() : nullptr;
        const std::string* model = model_parameter ? config.parameters.scalar(model_parameter->id) : nullptr;
        std::size_t index = 0;
        for (const auto& item : serials) {
            const std::string field = index_path(path, index++);
            DesiredHardware hardware;
            YAML::Node serial_node = item;
            if (item.IsMap()) {
                if (!m_reader.check_map(item, field, k_serial_keys)) {
                    continue;
                }
                const auto serial = m_reader.text(item, "serial", field, true);
                if (!serial) {
                    continue;
                }
                serial_node.reset(NodeReader::child(item, "serial"));  // reset: operator= would overwrite item
                hardware.serial = *serial;
                hardware.description = m_reader.plain_text(item, "description", field, false, k_max_description_length);
                hardware.adopt = m_reader.boolean(item, "adopt", field).value_or(false);
                parse_serial_lifecycle(item, field, m_reader, m_options.today, hardware);
            } else if (item.IsScalar()) {
                hardware.serial = item.Scalar();
            } else {
                m_reader.error(item, field, "expected a serial number, got " + describe_node(item));
                continue;
            }
            const SourcePos where = m_reader.pos(serial_node);
            hardware.line = where.line;
            hardware.column = where.column;
            hardware.index = static_cast<int>(index - 1);
            if (!valid_serial(hardware.serial)) {
                m_reader.error(serial_node, field,
                               quoted_excerpt(hardware.serial) +
                                   " is not a valid serial number (10-20 uppercase letters and digits)");
                continue;
            }
            if (model && !hardware.serial.starts_with(*model)) {
                const AllowedValue* described = model_parameter->find_value(*model);
                m_reader.error(serial_node, field,
                               "serial " + hardware.serial + " cannot belong to model " + *model + " (" +
                                   (described ? described->description : *model) + " serials start with " + *model +
                                   ")");
            }
            config.serials.push_back(std::move(hardware));
        }
        config.serials.shrink_to_fit();  // estates declare hundreds of thousands: no slack kept
    }

    void parse_vms(const YAML::Node& vms, const std::string& path, DesiredConfig& config) {
        if (!m_reader.check_map(vms, path, k_vms_keys)) {
            return;
        }
        VmSpec spec;
        if (const auto count = m_reader.integer(vms, "count", path, true)) {
            const YAML::Node node = NodeReader::child(vms, "count");
            if (*count < 0) {
                m_reader.error(node, join_path(path, "count"), std::to_string(*count) + " is below the minimum 0");
            } else if (*count > k_max_vm_count) {
                m_reader.error(node, join_path(path, "count"),
                               std::to_string(*count) + " is above the maximum " + std::to_string(k_max_vm_count));
            } else {
                spec.count = static_cast<int>(*count);
            }
        }
        spec.description = m_reader.plain_text(vms, "description", path, false, k_max_description_length);
        spec.folder_path = m_reader.plain_text(vms, "folderPath", path, false, k_max_folder_path_length);
        spec.skip_pending = m_reader.boolean(vms, "skipPending", path).value_or(false);
        spec.regenerate_token_on_stop = m_reader.boolean(vms, "regenerateTokenOnStop", path).value_or(false);
        spec.reactivate_unused = m_reader.boolean(vms, "reactivateUnused", path).value_or(true);
        parse_stop_first(NodeReader::child(vms, "stopFirst"), join_path(path, "stopFirst"), spec);
        check_folder(vms, path, spec.folder_path);
        config.vms = spec;
    }

    void parse_stop_first(const YAML::Node& list, const std::string& path, VmSpec& spec) {
        if (!NodeReader::present(list) || list.IsNull()) {
            return;
        }
        if (!list.IsSequence()) {
            m_reader.error(list, path, "expected a list of VM serial numbers, got " + describe_node(list));
            return;
        }
        std::size_t index = 0;
        for (const auto& item : list) {
            const std::string field = index_path(path, index++);
            if (!item.IsScalar() || !valid_serial(item.Scalar())) {
                m_reader.error(item, field, "expected a VM serial number (10 to 20 letters A-Z and digits)");
                continue;
            }
            spec.stop_first.push_back(item.Scalar());
        }
    }

    void check_folder(const YAML::Node& parent, const std::string& path, const std::optional<std::string>& folder) {
        if (folder && *folder != "My Assets" && !folder->starts_with("My Assets/")) {
            m_reader.error(NodeReader::child(parent, "folderPath"), join_path(path, "folderPath"),
                           quoted_excerpt(*folder) + " must be \"My Assets\" or a folder below it (\"My Assets/...\")");
        }
    }

    void check_config_names(const Customer& customer, const YAML::Node& configs) {
        std::map<std::string, SourcePos> seen;
        std::size_t index = 0;
        for (const auto& node : configs) {
            const std::string path = index_path("spec.configs", index++);
            const YAML::Node name = NodeReader::child(node, "name");
            if (!name.IsDefined() || !name.IsScalar()) {
                continue;
            }
            const auto [it, inserted] = seen.emplace(name.Scalar(), m_reader.pos(name));
            if (!inserted) {
                m_reader.error(name, join_path(path, "name"),
                               "configuration " + quoted_excerpt(name.Scalar()) + " is declared twice in customer " +
                                   customer.name + " (first at line " + std::to_string(it->second.line) + ")");
            }
        }
    }

    void check_cloud_uniqueness(const Customer& customer, const YAML::Node& configs) {
        std::map<int, std::string> seen;
        std::size_t index = 0;
        for (const auto& node : configs) {
            const std::string path = index_path("spec.configs", index++);
            const YAML::Node cloud = NodeReader::child(node, "cloud");
            const YAML::Node product_node = NodeReader::child(node, "product");
            const YAML::Node offer_node = NodeReader::child(node, "offer");
            const Offer* offer = offer_node.IsScalar() ? m_state.find_offer(offer_node.Scalar()) : nullptr;
            if (!cloud.IsDefined() || (!product_node.IsScalar() && !offer)) {
                continue;
            }
            const ProductType* product = offer ? m_options.catalog->find_by_id(offer->product_id)
                                               : m_options.catalog->find_by_code(product_node.Scalar());
            if (!product || product->form_factor != FormFactor::cloud) {
                continue;
            }
            const std::string name =
                NodeReader::child(node, "name").IsScalar() ? NodeReader::child(node, "name").Scalar() : "?";
            const auto [it, inserted] = seen.emplace(product->id, name);
            if (!inserted) {
                m_reader.error(cloud, join_path(path, "cloud"),
                               "customer " + customer.name + " already declares a " + product->code +
                                   " cloud entitlement in configuration " + quoted_excerpt(it->second) +
                                   "; FortiFlex allows one per account and product");
            }
        }
    }

    NodeReader& m_reader;
    const ManifestOptions& m_options;
    const DesiredState& m_state;  // the offers configs may name
    std::string m_customer_name;
};

}  // namespace

void parse_customer(const YAML::Node& doc, NodeReader& reader, const ManifestOptions& options, DesiredState& state) {
    CustomerParser parser(reader, options, state);
    Customer customer = parser.parse(doc);
    state.customers.push_back(std::move(customer));
}

ParameterSet parse_written_parameters(const YAML::Node& holder, const std::string& path, const ProductType& product,
                                      const ParameterSet* base, NodeReader& reader, const ManifestOptions& options) {
    const DesiredState none;
    CustomerParser parser(reader, options, none);
    return parser.parameters_of(holder, path, product, base);
}

}  // namespace flexform

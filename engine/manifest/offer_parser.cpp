// The Offer document, and what a customer config that names one (`offer:`) takes from it.
#include <algorithm>
#include <regex>

#include "engine/manifest/customer_parser.h"
#include "engine/manifest/suggest.h"
#include "engine/model/unsafe_text.h"

namespace flexform {

namespace {

const std::vector<std::string> k_offer_keys = {"apiVersion", "kind", "metadata", "spec"};
const std::vector<std::string> k_offer_metadata_keys = {"name", "label"};
const std::vector<std::string> k_offer_spec_keys = {"product", "parameters", "overridable", "defaults"};
const std::vector<std::string> k_offer_default_keys = {"description", "folderPath", "skipPending", "endDate"};

constexpr std::string_view k_customer_placeholder = "{customer}";

bool valid_offer_name(const std::string& name) {
    static const std::regex k_pattern("[a-z0-9][a-z0-9-]{1,62}");
    return std::regex_match(name, k_pattern);
}

std::string where(const SourcePos& pos) {
    return pos.file + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column);
}

std::string with_customer(std::string pattern, const std::string& customer) {
    for (auto at = pattern.find(k_customer_placeholder); at != std::string::npos;
         at = pattern.find(k_customer_placeholder, at + customer.size())) {
        pattern.replace(at, k_customer_placeholder.size(), customer);
    }
    return pattern;
}

void parse_overridable(const YAML::Node& spec, NodeReader& reader, const ProductType& product, Offer& offer) {
    const YAML::Node list = NodeReader::child(spec, "overridable");
    if (!NodeReader::present(list)) {
        return;
    }
    offer.overridable_pos = reader.pos(list);
    if (!list.IsSequence()) {
        reader.error(list, "spec.overridable", "expected a list of parameter names, got " + describe_node(list));
        return;
    }
    std::vector<std::string> keys;
    for (const auto& p : product.parameters) {
        if (!p.read_only) {
            keys.push_back(p.key);
        }
    }
    std::size_t index = 0;
    for (const auto& item : list) {
        const std::string field = index_path("spec.overridable", index++);
        if (!item.IsScalar()) {
            reader.error(item, field, "expected a parameter name, got " + describe_node(item));
            continue;
        }
        const Parameter* parameter = product.find_parameter(std::string_view{item.Scalar()});
        if (!parameter || parameter->read_only) {
            reader.error(item, field,
                         "unknown parameter " + quoted_excerpt(item.Scalar()) + " for " + product.code +
                             did_you_mean(item.Scalar(), keys));
            continue;
        }
        offer.overridable.push_back(parameter->key);
    }
}

void parse_defaults(const YAML::Node& spec, NodeReader& reader, const Date& today, Offer& offer) {
    const YAML::Node defaults = NodeReader::child(spec, "defaults");
    if (!NodeReader::present(defaults) || !reader.check_map(defaults, "spec.defaults", k_offer_default_keys)) {
        return;
    }
    offer.description = reader.plain_text(defaults, "description", "spec.defaults", false, k_max_description_length);
    offer.folder_path = reader.plain_text(defaults, "folderPath", "spec.defaults", false, k_max_folder_path_length);
    if (offer.folder_path && *offer.folder_path != "My Assets" && !offer.folder_path->starts_with("My Assets/")) {
        reader.error(
            NodeReader::child(defaults, "folderPath"), "spec.defaults.folderPath",
            quoted_excerpt(*offer.folder_path) + " must be \"My Assets\" or a folder below it (\"My Assets/...\")");
        offer.folder_path.reset();
    }
    offer.skip_pending = reader.boolean(defaults, "skipPending", "spec.defaults");
    offer.end_date = parse_end_date(defaults, "spec.defaults", reader, today);
}

}  // namespace

void parse_offer(const YAML::Node& doc, NodeReader& reader, const ManifestOptions& options, DesiredState& state) {
    reader.check_map(doc, "", k_offer_keys);
    Offer offer;
    offer.pos = reader.pos(doc);
    const YAML::Node metadata = NodeReader::child(doc, "metadata");
    if (!NodeReader::present(metadata)) {
        reader.error(doc, "metadata", "required key is missing");
    } else if (reader.check_map(metadata, "metadata", k_offer_metadata_keys)) {
        if (const auto name = reader.text(metadata, "name", "metadata", true)) {
            offer.pos = reader.pos(NodeReader::child(metadata, "name"));
            offer.name = *name;
            if (!valid_offer_name(*name)) {
                reader.error(NodeReader::child(metadata, "name"), "metadata.name",
                             quoted_excerpt(*name) +
                                 " is not a valid offer name (2-63 characters: lowercase letters, digits and '-', "
                                 "starting with a letter or digit)");
            }
        }
        offer.label =
            reader.plain_text(metadata, "label", "metadata", false, k_max_label_value_length).value_or(offer.name);
    }
    offer.overridable_pos = offer.pos;
    offer.product_pos = offer.pos;
    const YAML::Node spec = NodeReader::child(doc, "spec");
    if (!NodeReader::present(spec)) {
        reader.error(doc, "spec", "required key is missing");
    } else if (reader.check_map(spec, "spec", k_offer_spec_keys)) {
        const ProductType* product = nullptr;
        if (const auto code = reader.text(spec, "product", "spec", true)) {
            offer.product_pos = reader.pos(NodeReader::child(spec, "product"));
            product = options.catalog->find_by_code(*code);
            if (!product) {
                reader.error(
                    NodeReader::child(spec, "product"), "spec.product",
                    "unknown product " + quoted_excerpt(*code) + did_you_mean(*code, options.catalog->codes()));
            }
        }
        if (product) {
            offer.product_id = product->id;
            offer.parameters = parse_written_parameters(spec, "spec", *product, nullptr, reader, options);
            parse_overridable(spec, reader, *product, offer);
        }
        parse_defaults(spec, reader, options.today, offer);
    }
    if (offer.name.empty()) {
        return;
    }
    if (const Offer* first = state.find_offer(offer.name)) {
        reader.error_at(offer.pos, "metadata.name",
                        "offer " + offer.name + " is also declared at " + where(first->pos));
        return;
    }
    state.offers.push_back(std::move(offer));
}

const Offer* find_used_offer(const YAML::Node& config, const std::string& path, NodeReader& reader,
                             const DesiredState& state) {
    const auto name = reader.text(config, "offer", path, false);
    if (!name) {
        return nullptr;
    }
    if (const Offer* offer = state.find_offer(*name)) {
        return offer;
    }
    std::vector<std::string> names;
    for (const auto& o : state.offers) {
        names.push_back(o.name);
    }
    reader.error(NodeReader::child(config, "offer"), join_path(path, "offer"),
                 "unknown offer " + quoted_excerpt(*name) + did_you_mean(*name, names) +
                     (names.empty() ? std::string(" (no Offer document was found)") : std::string()));
    return nullptr;
}

bool check_offer_use(const YAML::Node& config, const std::string& path, const Offer& offer, NodeReader& reader,
                     const Catalog& catalog) {
    bool ok = true;
    const ProductType* product = catalog.find_by_id(offer.product_id);
    if (const YAML::Node written = NodeReader::child(config, "product");
        written.IsScalar() && product && written.Scalar() != product->code) {
        reader.error(written, join_path(path, "product"),
                     quoted_excerpt(written.Scalar()) + " is not the product of offer " + offer.name + " (" +
                         product->code + " at " + where(offer.product_pos) + ")");
        ok = false;
    }
    const YAML::Node params = NodeReader::child(config, "parameters");
    if (!params.IsMap()) {
        return ok;
    }
    for (const auto& entry : params) {
        if (!entry.first.IsScalar()) {
            continue;  // parse_written_parameters reports it
        }
        const std::string& key = entry.first.Scalar();
        if (std::find(offer.overridable.begin(), offer.overridable.end(), key) != offer.overridable.end()) {
            continue;
        }
        std::string allowed;
        for (const auto& k : offer.overridable) {
            allowed += (allowed.empty() ? "" : ", ") + k;
        }
        const std::string why =
            allowed.empty() ? "it allows no override: " + where(offer.overridable_pos) + " declares no spec.overridable"
                            : "it allows " + allowed + ": spec.overridable at " + where(offer.overridable_pos);
        reader.error(entry.first, join_path(join_path(path, "parameters"), key),
                     "offer " + offer.name + " does not allow overriding " + key + " (" + why + ")");
        ok = false;
    }
    return ok;
}

void apply_offer_defaults(const Offer& offer, const std::string& customer, DesiredConfig& config, NodeReader& reader,
                          const YAML::Node& at, const std::string& path) {
    const auto fill = [&](std::optional<std::string>& field, const std::optional<std::string>& pattern,
                          const std::string& key, std::size_t max_chars) {
        if (!field && pattern) {
            field = with_customer(*pattern, customer);
            if (!reader.check_plain(at, join_path(path, key), *field, max_chars)) {
                field.reset();
            }
        }
    };
    if (config.vms) {
        fill(config.vms->description, offer.description, "vms.description", k_max_description_length);
        fill(config.vms->folder_path, offer.folder_path, "vms.folderPath", k_max_folder_path_length);
        if (offer.skip_pending && !config.vms->skip_pending) {
            config.vms->skip_pending = *offer.skip_pending;
        }
    }
    if (config.cloud) {
        fill(config.cloud->description, offer.description, "cloud.description", k_max_description_length);
        fill(config.cloud->folder_path, offer.folder_path, "cloud.folderPath", k_max_folder_path_length);
    }
}

}  // namespace flexform

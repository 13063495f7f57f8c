// spec.billing of a Customer (its price per point, or a markup on the program's) and of the Project (the
// program-wide price).
#include <regex>

#include "engine/manifest/customer_parser.h"

namespace flexform {

namespace {

std::optional<std::int64_t> decimal(NodeReader& reader, const YAML::Node& map, std::string_view key,
                                    const std::string& path, bool required) {
    const auto text = reader.text(map, key, path, required);
    if (!text) {
        return std::nullopt;
    }
    const auto micros = parse_micros(*text);
    if (!micros) {
        reader.error(NodeReader::child(map, key), join_path(path, key),
                     quoted_excerpt(*text) + " is not a plain decimal of at most 6 places (like 0.12)");
    }
    return micros;
}

std::string currency(NodeReader& reader, const YAML::Node& map, const std::string& path, bool required) {
    const auto text = reader.text(map, "currency", path, required);
    if (!text) {
        return "";
    }
    static const std::regex k_code("[A-Z]{3}");
    if (!std::regex_match(*text, k_code)) {
        reader.error(NodeReader::child(map, "currency"), join_path(path, "currency"),
                     quoted_excerpt(*text) + " is not an ISO 4217 currency code (three capital letters, like EUR)");
        return "";
    }
    return *text;
}

}  // namespace

std::optional<BillingTerms> parse_customer_billing(const YAML::Node& spec, NodeReader& reader) {
    const YAML::Node node = NodeReader::child(spec, "billing");
    if (!NodeReader::present(node)) {
        return std::nullopt;
    }
    const std::string path = "spec.billing";
    if (!reader.check_map(node, path, {"pricePerPoint", "markupPercent", "currency"})) {
        return std::nullopt;
    }
    BillingTerms terms;
    terms.pos = reader.pos(node);
    terms.price_micros = decimal(reader, node, "pricePerPoint", path, false);
    terms.markup_micros = decimal(reader, node, "markupPercent", path, false);
    terms.currency = currency(reader, node, path, false);
    const bool has_price = NodeReader::present(NodeReader::child(node, "pricePerPoint"));
    const bool has_markup = NodeReader::present(NodeReader::child(node, "markupPercent"));
    if (has_price == has_markup) {
        reader.error(node, path,
                     has_price ? "pricePerPoint and markupPercent exclude each other: give one"
                               : "give pricePerPoint (a price of its own) or markupPercent (on the program's price)");
        return std::nullopt;
    }
    if (has_markup && NodeReader::present(NodeReader::child(node, "currency"))) {
        reader.error(NodeReader::child(node, "currency"), join_path(path, "currency"),
                     "a markup is billed in the program price's currency (flexform.yaml spec.billing.currency)");
    }
    return terms;
}

std::optional<ProgramPrice> parse_project_billing(const YAML::Node& spec, NodeReader& reader, const std::string& prefix) {
    const YAML::Node node = NodeReader::child(spec, "billing");
    if (!NodeReader::present(node)) {
        return std::nullopt;
    }
    const std::string path = prefix + ".billing";
    if (!reader.check_map(node, path, {"pricePerPoint", "currency"})) {
        return std::nullopt;
    }
    ProgramPrice price;
    price.pos = reader.pos(node);
    const auto micros = decimal(reader, node, "pricePerPoint", path, true);
    price.currency = currency(reader, node, path, true);
    if (!micros || price.currency.empty()) {
        return std::nullopt;
    }
    price.price_micros = *micros;
    return price;
}

}  // namespace flexform

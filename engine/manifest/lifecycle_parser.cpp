// The lifecycle fields of a declaration: end dates (of a configuration or one serial) and RMA replacements
// (`replaces`, `decommission` on a serial entry), and the checks that span a customer's serials.
#include <algorithm>
#include <map>

#include "engine/manifest/customer_parser.h"
#include "engine/manifest/suggest.h"

namespace flexform {

namespace {

// No program runs this long: a later end date is a typo that FortiFlex refuses only after the configuration exists.
constexpr int k_max_end_date_years = 10;

}  // namespace

bool valid_serial(const std::string& serial) {
    if (serial.size() < 10 || serial.size() > 20) {
        return false;
    }
    return std::all_of(serial.begin(), serial.end(),
                       [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
}

std::optional<Date> parse_end_date(const YAML::Node& parent, const std::string& path, NodeReader& reader,
                                   const Date& today) {
    const auto end = reader.text(parent, "endDate", path, false);
    if (!end) {
        return std::nullopt;
    }
    const YAML::Node end_node = NodeReader::child(parent, "endDate");
    const std::string field = join_path(path, "endDate");
    const auto date = parse_date(*end);
    if (!date || end->size() != 10) {
        reader.error(end_node, field, quoted_excerpt(*end) + " is not a valid date (expected YYYY-MM-DD)");
        return std::nullopt;
    }
    if (*date < today) {
        reader.error(end_node, field, *end + " is in the past (today is " + to_string(today) + " Pacific)");
        return std::nullopt;
    }
    if (*date > Date{today.year + k_max_end_date_years, today.month, today.day}) {
        reader.error(end_node, field,
                     *end + " is more than " + std::to_string(k_max_end_date_years) +
                         " years ahead; an entitlement ends at its program's end date at the latest");
        return std::nullopt;
    }
    return date;
}

void parse_serial_lifecycle(const YAML::Node& item, const std::string& field, NodeReader& reader, const Date& today,
                            DesiredHardware& hardware) {
    hardware.end_date = parse_end_date(item, field, reader, today);
    if (const auto replaces = reader.text(item, "replaces", field, false)) {
        const YAML::Node node = NodeReader::child(item, "replaces");
        if (!valid_serial(*replaces)) {
            reader.error(node, join_path(field, "replaces"),
                         quoted_excerpt(*replaces) + " is not a valid serial number (10-20 uppercase letters and digits)");
        } else if (*replaces == hardware.serial) {
            reader.error(node, join_path(field, "replaces"), "serial " + *replaces + " cannot replace itself");
        } else {
            hardware.replaces = *replaces;
        }
    }
    hardware.decommission = reader.boolean(item, "decommission", field).value_or(false);
    if (hardware.decommission && !NodeReader::present(NodeReader::child(item, "replaces"))) {
        reader.error(NodeReader::child(item, "decommission"), join_path(field, "decommission"),
                     "decommission removes the unit a serial replaces: name it with `replaces:`");
    }
}

void check_replacements(const Customer& customer, NodeReader& reader) {
    std::map<std::string, const DesiredHardware*> declared;
    for (const auto& config : customer.configs) {
        for (const auto& hw : config.serials) {
            declared.emplace(hw.serial, &hw);
        }
    }
    std::map<std::string, std::string> replaced;  // old serial -> the serial replacing it
    for (const auto& config : customer.configs) {
        for (const auto& hw : config.serials) {
            if (!hw.replaces) {
                continue;
            }
            const std::string field = join_path(field_of(config, hw), "replaces");
            if (declared.count(*hw.replaces)) {
                reader.error_at(position_of(customer, hw), field,
                                "serial " + *hw.replaces + " is declared in customer " + customer.name +
                                    ": a replaced unit is stopped, so remove it from the manifest");
            } else if (const auto [it, inserted] = replaced.emplace(*hw.replaces, hw.serial); !inserted) {
                reader.error_at(position_of(customer, hw), field,
                                "serial " + *hw.replaces + " is already replaced by " + it->second);
            }
        }
    }
}

}  // namespace flexform

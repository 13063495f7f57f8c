// Parsers for the two document kinds, Customer and Project, used by parse_manifest_text.
#pragma once

#include <yaml-cpp/yaml.h>

#include "engine/manifest/manifest.h"
#include "engine/manifest/node_reader.h"

namespace flexform {

void parse_customer(const YAML::Node& doc, NodeReader& reader, const ManifestOptions& options, DesiredState& state);
void parse_project(const YAML::Node& doc, NodeReader& reader, const ManifestOptions& options, DesiredState& state);

// spec.billing of either kind (billing_parser.cpp).
std::optional<BillingTerms> parse_customer_billing(const YAML::Node& spec, NodeReader& reader);
std::optional<ProgramPrice> parse_project_billing(const YAML::Node& spec, NodeReader& reader);

// spec.budget, spec.policies and spec.overrides (policy_parser.cpp).
std::optional<Budget> parse_budget(const YAML::Node& spec, NodeReader& reader);
ProgramPolicies parse_policies(const YAML::Node& spec, NodeReader& reader);
std::vector<Waiver> parse_waivers(const YAML::Node& spec, NodeReader& reader, bool program, const Date& today);

// Lifecycle fields (lifecycle_parser.cpp): end dates, and a serial entry's RMA replacement.
bool valid_serial(const std::string& serial);
std::optional<Date> parse_end_date(const YAML::Node& parent, const std::string& path, NodeReader& reader,
                                   const Date& today);
void parse_serial_lifecycle(const YAML::Node& item, const std::string& field, NodeReader& reader, const Date& today,
                            DesiredHardware& hardware);
// Across a customer's serials: a replaced unit is declared nowhere in it, and replaced once.
void check_replacements(const Customer& customer, NodeReader& reader);

}  // namespace flexform

// Parsers for the two document kinds, Customer and Project, used by parse_manifest_text.
#pragma once

#include <yaml-cpp/yaml.h>

#include "engine/manifest/manifest.h"
#include "engine/manifest/node_reader.h"

namespace flexform {

void parse_customer(const YAML::Node& doc, NodeReader& reader, const ManifestOptions& options, DesiredState& state);
void parse_project(const YAML::Node& doc, NodeReader& reader, DesiredState& state);

// spec.billing of either kind (billing_parser.cpp).
std::optional<BillingTerms> parse_customer_billing(const YAML::Node& spec, NodeReader& reader);
std::optional<ProgramPrice> parse_project_billing(const YAML::Node& spec, NodeReader& reader);

}  // namespace flexform

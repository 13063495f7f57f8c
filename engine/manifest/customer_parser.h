// Parsers for the document kinds, Customer, Offer and Project, used by parse_manifest_text.
#pragma once

#include <yaml-cpp/yaml.h>

#include "engine/manifest/manifest.h"
#include "engine/manifest/node_reader.h"

namespace flexform {

void parse_customer(const YAML::Node& doc, NodeReader& reader, const ManifestOptions& options, DesiredState& state);
void parse_project(const YAML::Node& doc, NodeReader& reader, const ManifestOptions& options, DesiredState& state);

// `parameters` of `holder` (a config or an offer's spec) checked against the product; `base` (an offer's) is what a
// config's own parameters override: scalars are replaced, lists (add-ons) are added to.
ParameterSet parse_written_parameters(const YAML::Node& holder, const std::string& path, const ProductType& product,
                                      const ParameterSet* base, NodeReader& reader, const ManifestOptions& options);

// The Offer document and what a config that names one takes from it (offer_parser.cpp).
void parse_offer(const YAML::Node& doc, NodeReader& reader, const ManifestOptions& options, DesiredState& state);
// The offer a config's `offer:` names; reports an unknown one and returns null.
const Offer* find_used_offer(const YAML::Node& config, const std::string& path, NodeReader& reader,
                             const DesiredState& state);
// Reports a product other than the offer's and a parameter the offer does not allow a config to set.
bool check_offer_use(const YAML::Node& config, const std::string& path, const Offer& offer, NodeReader& reader,
                     const Catalog& catalog);
// Fills what the config leaves unset (VM and cloud description, folder, skipPending) from the offer's defaults; a
// default too long once it holds the customer's name is reported at `at` (the config's `offer:`), under `path`.
void apply_offer_defaults(const Offer& offer, const std::string& customer, DesiredConfig& config, NodeReader& reader,
                          const YAML::Node& at, const std::string& path);

// spec.billing of either kind (billing_parser.cpp).
std::optional<BillingTerms> parse_customer_billing(const YAML::Node& spec, NodeReader& reader);
// `prefix`: the field path of the mapping holding the key, for diagnostics ("spec", "spec.programs[1]").
std::optional<ProgramPrice> parse_project_billing(const YAML::Node& spec, NodeReader& reader,
                                                  const std::string& prefix = "spec");

// spec.budget, spec.policies and spec.overrides (policy_parser.cpp).
std::optional<Budget> parse_budget(const YAML::Node& spec, NodeReader& reader);
ProgramPolicies parse_policies(const YAML::Node& spec, NodeReader& reader, const std::string& prefix = "spec");
std::vector<Waiver> parse_waivers(const YAML::Node& spec, NodeReader& reader, bool program, const Date& today,
                                  const std::string& prefix = "spec");

// Lifecycle fields (lifecycle_parser.cpp): end dates, and a serial entry's RMA replacement.
bool valid_serial(const std::string& serial);
std::optional<Date> parse_end_date(const YAML::Node& parent, const std::string& path, NodeReader& reader,
                                   const Date& today);
void parse_serial_lifecycle(const YAML::Node& item, const std::string& field, NodeReader& reader, const Date& today,
                            DesiredHardware& hardware);
// Across a customer's serials: a replaced unit is declared nowhere in it, and replaced once.
void check_replacements(const Customer& customer, NodeReader& reader);

}  // namespace flexform

// Tolerant readers for FortiFlex responses: numbers as strings, configs as object or array, `vms` for
// `entitlements`, both date forms, unknown fields and statuses.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/catalog/catalog.h"
#include "engine/model/live.h"

namespace flexform::fortiflex {

std::optional<std::int64_t> json_int(const nlohmann::json& value);
std::optional<double> json_number(const nlohmann::json& value);
std::string json_text(const nlohmann::json& value);
// The payload under `key` (or `alias`) as an array: an object becomes a one-element array, null an empty one.
nlohmann::json payload_array(const nlohmann::json& body, const char* key, const char* alias = nullptr);
LiveConfig parse_config(const nlohmann::json& j, const Catalog& catalog);
LiveEntitlement parse_entitlement(const nlohmann::json& j);
// 0 on success; also accepts the token service's "success" string.
int api_status(const nlohmann::json& body);

}  // namespace flexform::fortiflex

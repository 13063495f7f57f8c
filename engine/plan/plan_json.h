// The versioned JSON form of a Plan (schemas/plan.schema.json): what `plan --format json` prints and
// `plan --out` saves, and what `apply FILE` reads back.
#pragma once

#include <string>

#include "engine/model/desired.h"
#include "engine/plan/plan.h"

namespace flexform {

std::string plan_to_json_text(const Plan& plan);
// Throws std::runtime_error naming what is wrong with the file.
Plan plan_from_json_text(const std::string& text);

// SHA-256 digests, so a saved plan can be checked against the manifests and live state it was made from.
std::string manifest_digest(const DesiredState& desired);
std::string fingerprints_digest(const std::map<std::string, std::string>& fingerprints);
std::string sha256_hex(const std::string& text);

}  // namespace flexform

// A pending create as one JSON object, the same in files and in PostgreSQL, with the service and program it
// belongs to so a record can never be read as another world's.
#pragma once

#include <optional>
#include <string>

#include "engine/ports/pending_creates.h"

namespace flexform {

std::string pending_to_json(const PendingCreate& create, const std::string& service, const std::string& program);
// Null when the text is not a record of this service and program.
std::optional<PendingCreate> pending_from_json(const std::string& text, const std::string& service,
                                               const std::string& program);

std::string removed_to_json(const RemovedUnit& unit, const std::string& service, const std::string& program);
std::optional<RemovedUnit> removed_from_json(const std::string& text, const std::string& service,
                                             const std::string& program);

}  // namespace flexform

// The PendingCreates implementations: files beside the host's lock files (one per record, written and synced
// before the request goes out), or a table in the PostgreSQL database when that is the lock. Both are keyed by the
// FortiFlex service (its API URL) and the program: another service with the same program serial is another world.
#pragma once

#include <memory>
#include <string>

#include "engine/ports/pending_creates.h"

namespace flexform {

std::unique_ptr<PendingCreates> file_pending_creates(const std::string& directory, const std::string& service,
                                                     const std::string& program);
// Connects to `url` on first use; throws std::runtime_error when it cannot.
std::unique_ptr<PendingCreates> postgres_pending_creates(const std::string& url, const std::string& service,
                                                         const std::string& program);
// Where the apply lock of `database_url` is: PostgreSQL when it is one, else files in `lock_directory`.
std::unique_ptr<PendingCreates> open_pending_creates(const std::string& database_url, const std::string& lock_directory,
                                                     const std::string& service, const std::string& program);

}  // namespace flexform

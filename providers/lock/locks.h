// The LockService implementations: an OS file lock keyed by the program serial in the machine's temporary
// directory, and a PostgreSQL advisory lock in the project's database. open_lock_service picks one.
#pragma once

#include <memory>
#include <string>

#include "engine/ports/program_lock.h"

namespace flexform {

// The directory of the host's lock files (and of the pending creates beside them): `configured` when given.
std::string lock_directory(const std::string& configured = {});
// `directory` empty: lock_directory().
std::unique_ptr<LockService> file_lock_service(const std::string& directory = {});
// Connects to `url` (postgresql://...) for every lock it takes; throws std::runtime_error when it cannot.
std::unique_ptr<LockService> postgres_lock_service(const std::string& url);
// PostgreSQL when the database URL is one, the file lock otherwise.
std::unique_ptr<LockService> open_lock_service(const std::string& database_url);

}  // namespace flexform

// The LockService implementations: an OS file lock in a host-wide directory (every writer on this machine, whatever
// its TMPDIR or user), and a PostgreSQL advisory lock in the project's database (every host that reaches it). Both
// are keyed by the FortiFlex service (its API URL) and the program serial: another service with the same program
// serial is another world.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/ports/program_lock.h"

namespace flexform {

// The key of a FortiFlex service: its API URL without credentials, scheme and host lower-cased, no trailing '/'.
std::string service_key(const std::string& api_url);
// "flexform-<program>-<12 hex digits of the service key>.lock"
std::string lock_file_name(const std::string& program, const std::string& service);

// Where this host's apply locks live, and why it is not the usual place when it is not.
struct LockDirectory {
    std::string path;
    std::string fallback_reason;  // empty, or why the usual directory could not be used
};
inline constexpr const char* k_lock_dir_candidates[] = {"/run/lock/flexform", "/var/lock/flexform",
                                                        "/tmp/flexform-locks"};
// `configured` (FLEXFORM_LOCK_DIR or spec.lockDir) when not empty, created if missing; throws std::runtime_error
// when it cannot be used. Otherwise the first usable of k_lock_dir_candidates, created mode 1777 (sticky) so every
// user can lock in it.
LockDirectory host_lock_directory(const std::string& configured);
// The same, among `candidates` instead of k_lock_dir_candidates.
LockDirectory host_lock_directory(const std::string& configured, const std::vector<std::string>& candidates);

// Locks files in `directory` for the service `service` (an API URL, or any fixed name such as "sandbox").
std::unique_ptr<LockService> file_lock_service(const std::string& directory, const std::string& service);
// Connects to `url` (postgresql://...) for every lock it takes; throws std::runtime_error when it cannot.
std::unique_ptr<LockService> postgres_lock_service(const std::string& url, const std::string& service);

}  // namespace flexform

// The CLI's error channel: a verb throws, and app.cpp maps every exception to a message and an exit code in one
// place (DESIGN section 6: 0 ok, 1 error, 2 changes pending, 3 blocked, 130 interrupted).
#pragma once

#include <functional>
#include <stdexcept>
#include <string>

namespace flexform::cli {

struct CommandContext;

inline constexpr int k_exit_ok = 0;
inline constexpr int k_exit_error = 1;
inline constexpr int k_exit_changes = 2;
inline constexpr int k_exit_blocked = 3;  // a plan that cannot be applied as it stands (a policy, or protect)
inline constexpr int k_exit_interrupted = 130;

// Wrong flags or arguments: the message plus a pointer to --help.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A failure already explained on stderr (diagnostics, a refused plan): exit 1 with nothing more to say.
class Reported : public std::runtime_error {
public:
    Reported() : std::runtime_error("reported") {}
};

// Runs one verb: its return value is the exit code; anything it throws becomes "flexform <verb>: message", exit 1.
void run_verb(CommandContext& context, const std::string& verb, const std::function<int()>& body);

}  // namespace flexform::cli

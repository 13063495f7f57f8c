// The flexform command line: run() parses argv, dispatches to one verb and returns the process exit code.
#pragma once

#include <iosfwd>

namespace flexform::cli {

// Exit codes shared by every verb (DESIGN section 6).
inline constexpr int k_exit_ok = 0;
inline constexpr int k_exit_error = 1;
inline constexpr int k_exit_changes = 2;

int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace flexform::cli

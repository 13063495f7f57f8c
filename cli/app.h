// The flexform command line: run() parses argv, dispatches to one verb and returns the process exit code. The
// streams are parameters, so tests drive it from an argv vector.
#pragma once

#include <iosfwd>

namespace flexform::cli {

struct Terminal {
    bool stdin_tty = false;
    bool stdout_tty = false;
};

int run(int argc, const char* const* argv, std::istream& in, std::ostream& out, std::ostream& err,
        Terminal terminal = {});

}  // namespace flexform::cli

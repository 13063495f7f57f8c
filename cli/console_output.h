// Writing a rendered result to the verb's streams: stdout and stderr, each its own part.
#pragma once

#include <ostream>

#include "cli/context.h"
#include "engine/render/console_text.h"

namespace flexform::cli {

inline void print(CommandContext& context, const ConsoleText& text) {
    context.out << text.out;
    context.err << text.err;
}

}  // namespace flexform::cli

// Where something is written in a manifest, for diagnostics that name file, line and column.
#pragma once

#include <string>

namespace flexform {

struct SourcePos {
    std::string file;
    int line = 0;    // 1-based
    int column = 0;  // 1-based
    bool operator==(const SourcePos&) const = default;
};

}  // namespace flexform

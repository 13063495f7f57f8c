// ConsoleText is a verb's rendered result split by stream: the result for stdout, and for stderr what a person reads
// beside it (diagnostics, notes, refusals), so `flexform VERB --format json | jq` always works.
#pragma once

#include <string>

namespace flexform {

struct ConsoleText {
    std::string out;
    std::string err;
};

}  // namespace flexform

// One program's report in a run across several programs, with the program's short name (spec.programs).
#pragma once

#include <string>

namespace flexform {

template <class Report>
struct Named {
    std::string name;
    Report report;
};

}  // namespace flexform

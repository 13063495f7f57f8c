#include "engine/model/policy.h"

namespace flexform {

std::string_view to_string(Enforcement enforcement) {
    return enforcement == Enforcement::warn ? "warn" : "block";
}

}  // namespace flexform

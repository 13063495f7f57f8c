#include "engine/plan/changes.h"

#include "engine/plan/digest.h"

namespace flexform {

CustomerChanges customer_changes(const DesiredState& before, const DesiredState& after,
                                 const std::set<std::string>& files) {
    std::set<std::string> candidates;
    for (const auto& c : after.customers) {
        if (files.count(c.pos.file)) {
            candidates.insert(c.name);
        }
    }
    for (const auto& c : before.customers) {
        candidates.insert(c.name);
    }
    CustomerChanges out;
    for (const auto& name : candidates) {
        const bool now = after.find_customer(name) != nullptr;
        const bool then = before.find_customer(name) != nullptr;
        if (!now) {
            out.removed.push_back(name);
        } else if (!then || manifest_digest(before, {name}) != manifest_digest(after, {name})) {
            out.changed.push_back(name);
        }
    }
    return out;
}

}  // namespace flexform

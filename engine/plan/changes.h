// Which customers a change to the manifests touches: the scope of `plan --changed-since`.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "engine/model/desired.h"

namespace flexform {

struct CustomerChanges {
    std::vector<std::string> changed;  // declared now, and new or different from before
    std::vector<std::string> removed;  // declared before, declared nowhere now
};

// `before` holds what the changed files declared at the old revision, `after` every manifest now; `files` are the
// changed files. Only declarations matter (a reformatted file, or a customer moved to another file, is no change).
// An offer of a changed file that differs (or is new, or gone) changes every customer using it now: `before.offers`
// holds every offer at the old revision (those of unchanged files as they are now).
CustomerChanges customer_changes(const DesiredState& before, const DesiredState& after,
                                 const std::set<std::string>& files);

}  // namespace flexform

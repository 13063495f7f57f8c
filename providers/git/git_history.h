// The ManifestHistory over git, for `plan --changed-since REF`: which manifest files differ from REF (committed,
// staged, in the working tree, or new and untracked), and what they held at REF. git is run as a child process,
// never through a shell.
#pragma once

#include <memory>

#include "engine/ports/manifest_history.h"

namespace flexform {

// Throws ManifestHistoryError when git is missing, the directory is not in a repository or REF is not a revision.
std::unique_ptr<ManifestHistory> git_manifest_history();

}  // namespace flexform

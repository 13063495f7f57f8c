// What `plan --changed-since REF` asks git: which manifest files differ from REF (committed, staged, in the working
// tree, or new and untracked), and what they held at REF. git is run as a child process, never through a shell.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace flexform::cli {

struct ChangedFile {
    std::string path;                      // as the manifest loader names it (relative to the working directory)
    std::optional<std::string> text_then;  // its text at REF; none when it did not exist then
};

struct GitChanges {
    std::vector<ChangedFile> files;  // YAML files under the paths that differ from REF
    bool project_changed = false;    // the project file differs from REF
};

// Throws UsageError when git is missing, the directory is not in a repository or REF is not a revision.
GitChanges git_changes_since(const std::string& ref, const std::vector<std::string>& paths,
                             const std::string& project_file);

}  // namespace flexform::cli

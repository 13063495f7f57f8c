// ManifestHistory is the port `plan --changed-since REF` reads the manifests' past through (providers/git asks git):
// which manifest files differ from REF and what they held then, and whether the project file changed.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace flexform {

// REF is not a revision, there is no repository, the history cannot be read: the request cannot be honoured.
class ManifestHistoryError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ChangedManifest {
    std::string path;                      // as the manifest loader named it (else as the history names it)
    std::optional<std::string> text_then;  // its text at REF; none when it did not exist then
};

struct ManifestChanges {
    std::vector<ChangedManifest> files;  // manifest files under the paths that differ from REF
    bool project_changed = false;        // the project file differs from REF
};

class ManifestHistory {
public:
    virtual ~ManifestHistory() = default;
    // `loaded_files` are the files the loader read now, so a changed file is named the way they were.
    virtual ManifestChanges changed_since(const std::string& ref, const std::vector<std::string>& paths,
                                          const std::string& project_file,
                                          const std::vector<std::string>& loaded_files) = 0;
};

}  // namespace flexform

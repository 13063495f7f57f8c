// Loads customer manifests and the project file into a DesiredState, with every problem as a Diagnostic.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/catalog/catalog.h"
#include "engine/manifest/diagnostic.h"
#include "engine/model/desired.h"

namespace flexform {

struct ManifestOptions {
    const Catalog* catalog = nullptr;
    Date today;  // Pacific date, for "endDate in the past"
};

struct LoadResult {
    DesiredState state;
    std::vector<Diagnostic> diagnostics;
    std::vector<std::string> skipped;  // YAML that is not flexform's ("file: why"), for -v

    bool ok() const { return !has_errors(diagnostics); }
};

inline constexpr std::size_t k_max_manifest_bytes = 16 * 1024 * 1024;
inline constexpr std::string_view k_api_version = "flexform/v1";

// Which documents of a text parse_manifest_text reads. Offers are read before every customer (offers_only over the
// files that hold them, then all_but_offers there), so a config may name an offer declared in any file.
enum class DocumentKinds { all, offers_only, all_but_offers };

// Parses every YAML document of one file's text (pure: no I/O), appending to `state` and `out`. A document is
// flexform's when its apiVersion is flexform/... or its kind is Customer, Offer or Project; any other YAML (CI files,
// mkdocs.yml, emulator seeds) is skipped and named in `skipped`. A config naming an offer needs it in `state`
// already.
void parse_manifest_text(const std::string& file, std::string_view text, const ManifestOptions& options,
                         DesiredState& state, std::vector<Diagnostic>& out, std::vector<std::string>* skipped = nullptr,
                         DocumentKinds kinds = DocumentKinds::all);

// Whether a text may hold an Offer document (a cheap look at its bytes; parsing decides).
bool may_hold_offers(std::string_view text);

// Checks that span documents: a serial declared twice, customers sharing a name or an account.
void check_tree(const DesiredState& state, std::vector<Diagnostic>& out);

// Reads files and directories (every *.yaml / *.yml below, sorted), then the project file if one is given,
// and returns the sorted diagnostics. Paths are shown as given. Offers are looked for in every file read and in
// the `offers/` directory beside the project file (only its Offer documents are read there).
LoadResult load_manifests(const std::vector<std::string>& paths, const std::string& project_file,
                          const ManifestOptions& options);

struct ProjectLoad {
    ProjectSettings settings;
    std::vector<Diagnostic> diagnostics;
    bool ok() const { return !has_errors(diagnostics); }
};

// Reads only the project file (empty path: every setting unset), never the customer manifests.
ProjectLoad load_project_file(const std::string& path);

// The flexform.yaml that governs `start`: in it or the nearest parent directory, stopping at a git root.
std::string find_project_file(const std::string& start);

// Every flexform.yaml up to three directories below `start` (hidden ones skipped), sorted: where a verb given no path
// looks when no project file governs the current directory, as it looks there for manifests.
std::vector<std::string> find_project_files_below(const std::string& start);

}  // namespace flexform

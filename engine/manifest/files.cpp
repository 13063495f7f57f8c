// The I/O half of manifest loading: expanding paths, reading files, finding the project file.
#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "engine/manifest/manifest.h"

namespace flexform {

namespace fs = std::filesystem;

namespace {

bool is_yaml(const fs::path& path) {
    const auto ext = path.extension().string();
    return ext == ".yaml" || ext == ".yml";
}

// Every YAML file below `dir`, skipping hidden directories such as .git and .flexform.
void collect(const fs::path& dir, std::vector<std::string>& out, std::vector<Diagnostic>& diagnostics) {
    std::error_code ec;
    fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
    if (ec) {
        diagnostics.push_back(
            {Severity::error, dir.generic_string(), 0, 0, "", "cannot read directory: " + ec.message()});
        return;
    }
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) {
            break;
        }
        const auto name = it->path().filename().string();
        if (it->is_directory() && name.starts_with(".")) {
            it.disable_recursion_pending();
            continue;
        }
        if (it->is_regular_file() && is_yaml(it->path())) {
            out.push_back(it->path().generic_string());
        }
    }
}

}  // namespace

LoadResult load_manifests(const std::vector<std::string>& paths, const std::string& project_file,
                          const ManifestOptions& options) {
    LoadResult result;
    std::vector<std::string> files;
    for (const auto& path : paths) {
        std::error_code ec;
        if (fs::is_directory(path, ec)) {
            collect(path, files, result.diagnostics);
        } else if (fs::exists(path, ec)) {
            files.push_back(fs::path(path).generic_string());
        } else {
            result.diagnostics.push_back({Severity::error, path, 0, 0, "", "no such file or directory"});
        }
    }
    std::sort(files.begin(), files.end());
    files.erase(std::unique(files.begin(), files.end()), files.end());
    if (!project_file.empty()) {
        std::error_code ec;
        const bool listed = std::any_of(files.begin(), files.end(),
                                        [&](const std::string& f) { return fs::equivalent(f, project_file, ec); });
        if (!listed) {
            files.push_back(project_file);
        }
    }
    for (const auto& file : files) {
        std::ifstream in(file, std::ios::binary);
        if (!in) {
            result.diagnostics.push_back({Severity::error, file, 0, 0, "", "cannot open file"});
            continue;
        }
        std::error_code size_error;
        const auto size = fs::file_size(file, size_error);
        if (!size_error && size > k_max_manifest_bytes) {
            result.state.files.push_back(file);
            result.diagnostics.push_back({Severity::error, file, 0, 0, "",
                                          "file is " + std::to_string(size / (1024 * 1024)) + " MiB, larger than the " +
                                              std::to_string(k_max_manifest_bytes / (1024 * 1024)) + " MiB limit"});
            continue;
        }
        // Read at most one byte past the limit, so a file that grows (or a pipe) cannot exhaust memory.
        std::string text;
        std::array<char, 65536> buffer{};
        while (in && text.size() <= k_max_manifest_bytes) {
            in.read(buffer.data(), buffer.size());
            text.append(buffer.data(), static_cast<std::size_t>(in.gcount()));
        }
        parse_manifest_text(file, text, options, result.state, result.diagnostics, &result.skipped);
    }
    std::sort(result.state.files.begin(), result.state.files.end());
    check_tree(result.state, result.diagnostics);
    sort_diagnostics(result.diagnostics);
    return result;
}

ProjectLoad load_project_file(const std::string& path) {
    ProjectLoad out;
    if (path.empty()) {
        return out;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        out.diagnostics.push_back({Severity::error, path, 0, 0, "", "cannot open file"});
        return out;
    }
    std::string text;
    std::array<char, 65536> buffer{};
    while (in && text.size() <= k_max_manifest_bytes) {
        in.read(buffer.data(), buffer.size());
        text.append(buffer.data(), static_cast<std::size_t>(in.gcount()));
    }
    DesiredState state;
    parse_manifest_text(path, text, ManifestOptions{&builtin_catalog(), Date{}}, state, out.diagnostics);
    out.settings = state.project;
    sort_diagnostics(out.diagnostics);
    return out;
}

std::string find_project_file(const std::string& start) {
    std::error_code ec;
    fs::path dir = fs::absolute(start, ec);
    if (!fs::is_directory(dir, ec)) {
        dir = dir.parent_path();
    }
    const fs::path origin = fs::path(start);
    fs::path relative = fs::is_directory(origin, ec) ? origin : origin.parent_path();
    for (int depth = 0; depth < 64 && !dir.empty(); ++depth) {
        const fs::path candidate = dir / "flexform.yaml";
        if (fs::is_regular_file(candidate, ec)) {
            // Keep the path relative when the user gave a relative one, so diagnostics read naturally.
            const fs::path shown = relative.empty() ? fs::path("flexform.yaml") : relative / "flexform.yaml";
            return fs::path(shown).lexically_normal().generic_string();
        }
        if (fs::exists(dir / ".git", ec) || dir == dir.root_path()) {
            break;
        }
        dir = dir.parent_path();
        relative = relative.empty() ? fs::path("..") : relative / "..";
    }
    return {};
}

}  // namespace flexform

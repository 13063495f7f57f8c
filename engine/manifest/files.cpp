// The I/O half of manifest loading: expanding paths, reading files, finding the project file. Untrusted trees are
// read with care: links only within the given paths, regular files only, and a bound on the whole input.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <optional>
#include <set>
#include <system_error>

#include "engine/manifest/manifest.h"

namespace flexform {

namespace fs = std::filesystem;

namespace {

// All files of one load together: each file is capped on its own (k_max_manifest_bytes), and parsing costs many
// times a file's size in memory, so the sum is capped too.
constexpr std::uintmax_t k_max_total_manifest_bytes = 64 * 1024 * 1024;

bool is_yaml(const fs::path& path) {
    const auto ext = path.extension().string();
    return ext == ".yaml" || ext == ".yml";
}

Diagnostic file_error(const fs::path& file, const std::string& message) {
    return {Severity::error, file.generic_string(), 0, 0, "", message};
}

// Where a path really is, or nothing when it cannot be resolved (a broken link, a loop).
std::optional<fs::path> resolved(const fs::path& path) {
    std::error_code ec;
    fs::path real = fs::canonical(path, ec);
    return ec ? std::nullopt : std::optional<fs::path>(std::move(real));
}

bool is_inside(const fs::path& path, const fs::path& root) {
    const auto relative = path.lexically_relative(root);
    return !relative.empty() && *relative.begin() != "..";
}

// Only regular files are read: a FIFO would block the read forever, a device would never end.
std::optional<std::string> not_readable_because(const fs::path& path) {
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec) {
        return "cannot read: " + ec.message();
    }
    if (fs::is_regular_file(status)) {
        return std::nullopt;
    }
    if (fs::is_fifo(status)) {
        return std::string("is a FIFO, not a regular file; it is not read");
    }
    return std::string("is not a regular file (a device or socket); it is not read");
}

// A file found or named: its symbolic link, if it is one, must stay inside `roots`, and it must be a regular file.
// Returns whether it may be read; otherwise the reason is added to `diagnostics`.
bool admissible(const fs::path& path, const std::vector<fs::path>& roots, std::vector<Diagnostic>& diagnostics) {
    std::error_code ec;
    if (fs::is_symlink(fs::symlink_status(path, ec))) {
        const auto target = resolved(path);
        if (!target) {
            diagnostics.push_back(file_error(path, "symbolic link cannot be resolved (broken, or a loop)"));
            return false;
        }
        const bool inside =
            std::any_of(roots.begin(), roots.end(), [&](const fs::path& root) { return is_inside(*target, root); });
        if (!inside) {
            diagnostics.push_back(file_error(path, "symbolic link points outside the given paths (to " +
                                                       target->generic_string() + "); it is not read"));
            return false;
        }
    }
    if (const auto why = not_readable_because(path)) {
        diagnostics.push_back(file_error(path, *why));
        return false;
    }
    return true;
}

// Every YAML file below `dir`, skipping hidden directories such as .git and .flexform. Directory links are not
// followed; file links are read when they stay inside `roots`.
void collect(const fs::path& dir, const std::vector<fs::path>& roots, std::vector<std::string>& out,
             std::vector<Diagnostic>& diagnostics) {
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
        const auto own = it->symlink_status(ec);
        if (fs::is_directory(own)) {
            if (name.starts_with(".")) {
                it.disable_recursion_pending();
            }
            continue;
        }
        if (!is_yaml(it->path()) || (fs::is_symlink(own) && fs::is_directory(it->status(ec)))) {
            continue;
        }
        if (admissible(it->path(), roots, diagnostics)) {
            out.push_back(it->path().generic_string());
        }
    }
}

// Reads at most one byte past `limit`, so a file that grows while read cannot exhaust memory. The file is opened
// without blocking and checked again once open: it must still be a regular file.
std::optional<std::string> read_regular(const std::string& file, std::uintmax_t limit, std::string& why) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        why = "cannot open file";
        return std::nullopt;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        why = "is not a regular file; it is not read";
        return std::nullopt;
    }
    std::string text;
    std::array<char, 65536> buffer{};
    for (ssize_t got = 1; got > 0 && text.size() <= limit;) {
        got = ::read(fd, buffer.data(), buffer.size());
        if (got > 0) {
            text.append(buffer.data(), static_cast<std::size_t>(got));
        }
    }
    ::close(fd);
    return text;
}

// The YAML files of offers/ beside the project file that the paths given do not already cover.
std::vector<std::string> offers_beside(const std::string& project_file, const std::vector<std::string>& files,
                                       std::vector<fs::path> roots, std::vector<Diagnostic>& diagnostics) {
    std::vector<std::string> out;
    if (project_file.empty()) {
        return out;
    }
    std::error_code ec;
    const fs::path dir = fs::path(project_file).parent_path() / "offers";
    if (!fs::is_directory(dir, ec) || fs::is_symlink(fs::symlink_status(dir, ec))) {
        return out;
    }
    if (const auto real = resolved(dir)) {
        roots.push_back(*real);
    }
    std::vector<std::string> found;
    collect(dir, roots, found, diagnostics);
    std::sort(found.begin(), found.end());
    for (const auto& file : found) {
        const bool listed =
            std::any_of(files.begin(), files.end(), [&](const std::string& f) { return fs::equivalent(f, file, ec); });
        if (!listed) {
            out.push_back(file);
        }
    }
    return out;
}

}  // namespace

LoadResult load_manifests(const std::vector<std::string>& paths, const std::string& project_file,
                          const ManifestOptions& options) {
    LoadResult result;
    // A link may point anywhere inside the paths given (and the project's directory), nowhere else.
    std::vector<fs::path> roots;
    for (const auto& path : paths) {
        std::error_code ec;
        if (const auto real = resolved(path); real && fs::is_directory(*real, ec)) {
            roots.push_back(*real);
        }
    }
    if (!project_file.empty()) {
        if (const auto real = resolved(
                fs::path(project_file).parent_path().empty() ? fs::path(".") : fs::path(project_file).parent_path())) {
            roots.push_back(*real);
        }
    }
    std::vector<std::string> files;
    for (const auto& path : paths) {
        std::error_code ec;
        if (fs::is_directory(path, ec)) {
            collect(path, roots, files, result.diagnostics);
        } else if (fs::exists(fs::symlink_status(path, ec))) {
            // A named link may also point beside itself.
            std::vector<fs::path> allowed = roots;
            if (const auto holder = resolved(fs::absolute(path, ec).parent_path())) {
                allowed.push_back(*holder);
            }
            if (admissible(path, allowed, result.diagnostics)) {
                files.push_back(fs::path(path).generic_string());
            }
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
            if (const auto why = not_readable_because(project_file)) {
                result.diagnostics.push_back(file_error(project_file, *why));
            } else {
                files.push_back(project_file);
            }
        }
    }
    // Offers first, from every file that may hold one and from offers/ beside the project file, so that a config of
    // any file may name an offer of any other.
    const std::vector<std::string> offer_files = offers_beside(project_file, files, roots, result.diagnostics);
    std::set<std::string> holding_offers;
    std::vector<std::string> candidates = files;
    candidates.insert(candidates.end(), offer_files.begin(), offer_files.end());
    for (const auto& file : candidates) {
        std::string why;
        const auto text = read_regular(file, k_max_manifest_bytes, why);
        if (text && text->size() <= k_max_manifest_bytes && may_hold_offers(*text)) {
            holding_offers.insert(file);
            parse_manifest_text(file, *text, options, result.state, result.diagnostics, &result.skipped,
                                DocumentKinds::offers_only);
        }
    }
    for (const auto& file : offer_files) {
        if (holding_offers.count(file)) {
            result.state.files.push_back(file);
        }
    }
    std::uintmax_t total = 0;
    for (const auto& file : files) {
        std::error_code size_error;
        const auto size = fs::file_size(file, size_error);
        if (!size_error && size > k_max_manifest_bytes) {
            result.state.files.push_back(file);
            result.diagnostics.push_back({Severity::error, file, 0, 0, "",
                                          "file is " + std::to_string(size / (1024 * 1024)) + " MiB, larger than the " +
                                              std::to_string(k_max_manifest_bytes / (1024 * 1024)) + " MiB limit"});
            continue;
        }
        std::string why;
        const auto text = read_regular(file, k_max_manifest_bytes, why);
        if (!text) {
            result.diagnostics.push_back({Severity::error, file, 0, 0, "", why});
            continue;
        }
        total += text->size();
        if (total > k_max_total_manifest_bytes) {
            result.diagnostics.push_back(
                {Severity::error, file, 0, 0, "",
                 "the manifests read up to this file total more than the " +
                     std::to_string(k_max_total_manifest_bytes / (1024 * 1024)) +
                     " MiB limit for one run; it and the files after it are not read (split the run by directory)"});
            break;
        }
        parse_manifest_text(file, *text, options, result.state, result.diagnostics, &result.skipped,
                            holding_offers.count(file) ? DocumentKinds::all_but_offers : DocumentKinds::all);
    }
    std::sort(result.state.files.begin(), result.state.files.end());
    result.state.files.erase(std::unique(result.state.files.begin(), result.state.files.end()),
                             result.state.files.end());
    check_tree(result.state, result.diagnostics);
    // A file read in both passes reports its syntax once.
    sort_diagnostics(result.diagnostics);
    result.diagnostics.erase(std::unique(result.diagnostics.begin(), result.diagnostics.end()),
                             result.diagnostics.end());
    std::sort(result.skipped.begin(), result.skipped.end());
    result.skipped.erase(std::unique(result.skipped.begin(), result.skipped.end()), result.skipped.end());
    return result;
}

ProjectLoad load_project_file(const std::string& path) {
    ProjectLoad out;
    if (path.empty()) {
        return out;
    }
    std::string why;
    const auto text = read_regular(path, k_max_manifest_bytes, why);
    if (!text) {
        out.diagnostics.push_back({Severity::error, path, 0, 0, "", why});
        return out;
    }
    DesiredState state;
    parse_manifest_text(path, *text, ManifestOptions{&builtin_catalog(), Date{}}, state, out.diagnostics);
    out.settings = state.project;
    sort_diagnostics(out.diagnostics);
    return out;
}

std::string find_project_file(const std::string& start) {
    std::error_code ec;
    // Normalized without a trailing separator: "/x/c/." or "/x/c/" would take one step up to reach "/x/c" itself,
    // and name every file above one level too high ("../../flexform.yaml" for "../flexform.yaml").
    const auto without_trailing_separator = [](fs::path p) {
        p = p.lexically_normal();
        return p.has_filename() || !p.has_relative_path() ? p : p.parent_path();
    };
    fs::path dir = without_trailing_separator(fs::absolute(start, ec));
    if (!fs::is_directory(dir, ec)) {
        dir = dir.parent_path();
    }
    const fs::path origin = without_trailing_separator(fs::path(start));
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

std::vector<std::string> find_project_files_below(const std::string& start) {
    constexpr int k_max_depth = 3;
    std::vector<std::string> found;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(start, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (it->is_directory(ec)) {
            if (name.starts_with(".") || it.depth() >= k_max_depth - 1) {
                it.disable_recursion_pending();
            }
        } else if (name == "flexform.yaml" && it.depth() > 0 && it->is_regular_file(ec)) {
            found.push_back(it->path().lexically_normal().generic_string());
        }
    }
    std::sort(found.begin(), found.end());
    return found;
}

}  // namespace flexform

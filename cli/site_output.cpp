#include "cli/site_output.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "cli/errors.h"

namespace flexform::cli {

namespace fs = std::filesystem;

namespace {

// The directory `relative` (a generated name's parent) below `out`, created as needed; no part may be a link.
fs::path safe_directory(const fs::path& out, const fs::path& relative) {
    fs::path dir = out;
    for (const auto& part : relative) {
        if (part.empty() || part == "." || part == ".." || part.is_absolute()) {
            throw std::runtime_error("the dashboard generated an unsafe file name under " + relative.string());
        }
        dir /= part;
        std::error_code ec;
        const auto status = fs::symlink_status(dir, ec);
        if (fs::is_symlink(status)) {
            throw UsageError("--out " + out.string() + ": " + dir.string() +
                             " is a symbolic link; the dashboard writes only inside --out and does not follow links "
                             "(remove the link, or choose another --out)");
        }
        if (!fs::exists(status)) {
            fs::create_directory(dir);
        } else if (!fs::is_directory(status)) {
            throw UsageError("--out " + out.string() + ": " + dir.string() + " is not a directory");
        }
    }
    return dir;
}

// Written beside the target and renamed over it: a link at either name is replaced, never written through.
void write_new_file(const fs::path& path, const std::string& content) {
    const fs::path temporary = path.string() + ".tmp";
    std::error_code ec;
    fs::remove(temporary, ec);  // a leftover, or a planted link: removing it removes the link only
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0) {
        throw std::runtime_error("cannot write " + path.string() + ": " + std::strerror(errno));
    }
    std::size_t written = 0;
    while (written < content.size()) {
        const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
        if (n <= 0) {
            ::close(fd);
            fs::remove(temporary, ec);
            throw std::runtime_error("cannot write " + path.string() + ": " + std::strerror(errno));
        }
        written += static_cast<std::size_t>(n);
    }
    ::close(fd);
    fs::rename(temporary, path);
}

// A customer page of an earlier run whose customer is gone would show stale figures as if current. Only regular
// files this command wrote (they carry its generator tag) are removed; links and anything else are left alone.
std::size_t remove_stale_pages(const fs::path& root, const fs::path& customers,
                               const std::map<std::string, std::string>& written, const std::string& generator_mark) {
    std::size_t removed = 0;
    std::error_code ec;
    const fs::path dir = root / customers;
    if (!fs::is_directory(fs::symlink_status(dir, ec))) {
        return 0;
    }
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string name = (customers / entry.path().filename()).generic_string();
        if (entry.path().extension() != ".html" || written.count(name) || !entry.is_regular_file(ec) ||
            entry.is_symlink(ec)) {
            continue;
        }
        std::ifstream in(entry.path(), std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        if (text.str().find(generator_mark) != std::string::npos && fs::remove(entry.path(), ec)) {
            ++removed;
        }
    }
    return removed;
}

}  // namespace

SiteWritten write_site(const std::string& out, const std::map<std::string, std::string>& files,
                       const std::string& generator_mark) {
    SiteWritten result;
    const fs::path root(out);
    fs::create_directories(root);
    for (const auto& [name, content] : files) {  // every directory checked before anything is written
        safe_directory(root, fs::path(name).parent_path());
    }
    for (const auto& [name, content] : files) {
        const fs::path relative(name);
        write_new_file(safe_directory(root, relative.parent_path()) / relative.filename(), content);
        result.bytes += content.size();
    }
    // Every customers/ directory of the site: the site's own, and each program's (programs/NAME/customers).
    std::set<fs::path> customer_dirs = {"customers"};
    for (const auto& [name, content] : files) {
        const fs::path parent = fs::path(name).parent_path();
        if (parent.filename() == "customers") {
            customer_dirs.insert(parent);
        }
    }
    for (const auto& customers : customer_dirs) {
        std::error_code ec;
        if (fs::is_symlink(fs::symlink_status(root / customers, ec))) {
            safe_directory(root, customers);  // refuses, naming the link
        }
        result.removed += remove_stale_pages(root, customers, files, generator_mark);
    }
    return result;
}

}  // namespace flexform::cli

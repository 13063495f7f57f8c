// Pending creates as files: <lock directory>/flexform-pending-<program>-<service hash>/<id>.json, and the units
// flexform removed in its removed/ subdirectory, <serial>.json each. A record is
// written to a temporary file, synced, renamed into place and the directory synced, so it is whole and on disk
// before the create's request goes out; a kill -9 cannot leave half of one. Closing removes the file. The
// directory is open to every user, like the lock files beside it, so any writer of the program can close a record.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "providers/pending/pending_stores.h"
#include "providers/pending/record_json.h"

namespace flexform {

namespace {

namespace fs = std::filesystem;

std::string safe(const std::string& text) {
    std::string out;
    for (const char c : text) {
        out += std::isalnum(static_cast<unsigned char>(c)) || c == '-' ? c : '_';
    }
    return out;
}

// FNV-1a, hex: a stable short name for the service's URL.
std::string service_hash(const std::string& service) {
    unsigned long long hash = 1469598103934665603ULL;
    for (const char c : service) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ULL;
    }
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", hash);
    return text;
}

void sync_path(const fs::path& path, int flags) {
    const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

class FilePendingCreates : public PendingCreates {
public:
    FilePendingCreates(const std::string& directory, std::string service, std::string program)
        : m_service(std::move(service)),
          m_program(std::move(program)),
          m_dir(fs::path(directory) / ("flexform-pending-" + safe(m_program) + "-" + service_hash(m_service))) {}

    void record(const PendingCreate& create) override {
        ensure_directory(m_dir);
        write_durably(m_dir, safe(create.id), pending_to_json(create, m_service, m_program) + "\n");
    }

    void record_removed(const RemovedUnit& unit) override {
        ensure_directory(m_dir);
        ensure_directory(m_dir / "removed");
        write_durably(m_dir / "removed", safe(unit.serial), removed_to_json(unit, m_service, m_program) + "\n");
    }

    std::vector<RemovedUnit> removed() override {
        std::vector<RemovedUnit> out;
        for (const std::string& text : texts_in(m_dir / "removed")) {
            if (auto unit = removed_from_json(text, m_service, m_program)) {
                out.push_back(std::move(*unit));
            }
        }
        return out;
    }

    void close(const std::string& id) override {
        const fs::path target = m_dir / (safe(id) + ".json");
        if (::unlink(target.c_str()) != 0 && errno != ENOENT) {
            fail("cannot remove", target);
        }
        sync_path(m_dir, O_RDONLY | O_DIRECTORY);
    }

    std::vector<PendingCreate> open() override {
        std::vector<PendingCreate> out;
        for (const std::string& text : texts_in(m_dir)) {
            if (auto record = pending_from_json(text, m_service, m_program)) {
                out.push_back(std::move(*record));
            }
        }
        std::sort(out.begin(), out.end(), [](const PendingCreate& a, const PendingCreate& b) {
            return a.sent_at != b.sent_at ? a.sent_at < b.sent_at : a.id < b.id;
        });
        return out;
    }

    std::string describe() const override { return m_dir.string(); }

private:
    // <name>.json in `dir`, whole and on disk when it returns.
    void write_durably(const fs::path& dir, const std::string& name, const std::string& text) {
        const fs::path target = dir / (name + ".json");
        const fs::path temporary = dir / (name + ".json.tmp-" + std::to_string(::getpid()));
        const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
        if (fd < 0) {
            fail("cannot write", temporary);
        }
        ::fchmod(fd, 0666);
        const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
        const bool synced = written && ::fsync(fd) == 0;
        ::close(fd);
        if (!synced || ::rename(temporary.c_str(), target.c_str()) != 0) {
            const int error = errno;
            ::unlink(temporary.c_str());
            errno = error;
            fail("cannot write", target);
        }
        sync_path(dir, O_RDONLY | O_DIRECTORY);
    }

    // The text of every <name>.json in `dir`; none when it does not exist.
    static std::vector<std::string> texts_in(const fs::path& dir) {
        std::vector<std::string> out;
        std::error_code error;
        for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
            if (it->path().extension() != ".json") {
                continue;
            }
            std::ifstream in(it->path());
            std::ostringstream text;
            text << in.rdbuf();
            out.push_back(text.str());
        }
        return out;
    }

    static void ensure_directory(const fs::path& dir) {
        if (fs::exists(dir)) {
            return;
        }
        std::error_code error;
        fs::create_directories(dir, error);
        // Every user's applies share it, as they share the lock file; umask would narrow it.
        ::chmod(dir.c_str(), 0777);
        sync_path(dir.parent_path(), O_RDONLY | O_DIRECTORY);
    }

    [[noreturn]] void fail(const char* what, const fs::path& path) const {
        throw std::runtime_error(std::string("pending creates: ") + what + " " + path.string() + ": " +
                                 std::strerror(errno));
    }

    std::string m_service;
    std::string m_program;
    fs::path m_dir;
};

}  // namespace

std::unique_ptr<PendingCreates> file_pending_creates(const std::string& directory, const std::string& service,
                                                     const std::string& program) {
    return std::make_unique<FilePendingCreates>(directory, service, program);
}

std::unique_ptr<PendingCreates> open_pending_creates(const std::string& database_url, const std::string& lock_directory,
                                                     const std::string& service, const std::string& program) {
    if (database_url.rfind("postgresql://", 0) == 0 || database_url.rfind("postgres://", 0) == 0) {
        return postgres_pending_creates(database_url, service, program);
    }
    return file_pending_creates(lock_directory, service, program);
}

}  // namespace flexform

// Pending creates as files: <lock directory>/flexform-pending-<program>-<service hash>/<id>.json. A record is
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
        ensure_directory();
        const fs::path target = m_dir / (safe(create.id) + ".json");
        const fs::path temporary = m_dir / (safe(create.id) + ".json.tmp-" + std::to_string(::getpid()));
        const std::string text = pending_to_json(create, m_service, m_program) + "\n";
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
        sync_path(m_dir, O_RDONLY | O_DIRECTORY);
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
        std::error_code error;
        for (fs::directory_iterator it(m_dir, error), end; !error && it != end; it.increment(error)) {
            if (it->path().extension() != ".json") {
                continue;
            }
            std::ifstream in(it->path());
            std::ostringstream text;
            text << in.rdbuf();
            if (auto record = pending_from_json(text.str(), m_service, m_program)) {
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
    void ensure_directory() {
        if (fs::exists(m_dir)) {
            return;
        }
        std::error_code error;
        fs::create_directories(m_dir, error);
        // Every user's applies share it, as they share the lock file; umask would narrow it.
        ::chmod(m_dir.c_str(), 0777);
        sync_path(m_dir.parent_path(), O_RDONLY | O_DIRECTORY);
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

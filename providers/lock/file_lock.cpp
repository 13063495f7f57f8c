// The file lock: flock(2) on $TMPDIR/flexform-<program>.lock, so two checkouts on one machine exclude each other;
// the kernel drops it when the process dies, so nothing stale needs forcing. The holder writes who it is into the
// file for the one that waits.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include <nlohmann/json.hpp>

#include "providers/lock/locks.h"
#include "providers/store/store.h"

namespace flexform {

namespace {

std::string safe_name(const std::string& program) {
    std::string out;
    for (const char c : program) {
        out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    }
    return out;
}

LockHolder read_holder(int fd) {
    std::string text;
    char buffer[4096];
    for (ssize_t n; (n = ::pread(fd, buffer, sizeof buffer, static_cast<off_t>(text.size()))) > 0;) {
        text.append(buffer, static_cast<std::size_t>(n));
        if (text.size() > 65536) {
            break;
        }
    }
    LockHolder h;
    try {
        const auto j = nlohmann::json::parse(text);
        h.host = j.value("host", "");
        h.user = j.value("user", "");
        h.pid = j.value("pid", "");
        h.operation = j.value("operation", "");
        h.since = j.value("since", "");
    } catch (const nlohmann::json::exception&) {
        h.operation = "another flexform";
    }
    return h;
}

class FileLock : public ProgramLock {
public:
    explicit FileLock(int fd) : m_fd(fd) {}
    ~FileLock() override {
        ::flock(m_fd, LOCK_UN);
        ::close(m_fd);
    }

private:
    int m_fd;
};

class FileLockService : public LockService {
public:
    explicit FileLockService(std::string directory) : m_directory(std::move(directory)) {}

    std::unique_ptr<ProgramLock> acquire(const std::string& program, const LockHolder& me,
                                         std::chrono::milliseconds timeout) override {
        const std::string path = path_of(program);
        int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
        bool writable = fd >= 0;
        if (fd < 0) {
            fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);  // created by another user: lock it read-only
        }
        if (fd < 0) {
            throw std::runtime_error("cannot open the lock file " + path + ": " + std::strerror(errno));
        }
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
            if (errno != EWOULDBLOCK && errno != EINTR) {
                const std::string why = std::strerror(errno);
                ::close(fd);
                throw std::runtime_error("cannot lock " + path + ": " + why);
            }
            if (std::chrono::steady_clock::now() >= deadline) {
                const LockHolder holder = read_holder(fd);
                ::close(fd);
                throw LockBusy(program, holder, "lock file " + path);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        if (writable) {
            const std::string text = nlohmann::json{{"host", me.host},
                                                    {"user", me.user},
                                                    {"pid", me.pid},
                                                    {"operation", me.operation},
                                                    {"since", me.since}}
                                         .dump() +
                                     "\n";
            if (::ftruncate(fd, 0) == 0) {
                [[maybe_unused]] const ssize_t written = ::pwrite(fd, text.data(), text.size(), 0);
            }
        }
        return std::make_unique<FileLock>(fd);
    }

    std::string describe() const override { return "file locks in " + directory(); }

private:
    std::string directory() const { return lock_directory(m_directory); }
    std::string path_of(const std::string& program) const {
        return (std::filesystem::path(directory()) / ("flexform-" + safe_name(program) + ".lock")).string();
    }

    std::string m_directory;
};

}  // namespace

std::string lock_directory(const std::string& configured) {
    if (!configured.empty()) {
        return configured;
    }
    const char* tmp = std::getenv("TMPDIR");
    return tmp && *tmp ? tmp : "/tmp";
}

std::unique_ptr<LockService> file_lock_service(const std::string& directory) {
    return std::make_unique<FileLockService>(directory);
}

std::unique_ptr<LockService> open_lock_service(const std::string& database_url) {
    if (is_postgres(database_url)) {
        return postgres_lock_service(database_url);
    }
    return file_lock_service();
}

}  // namespace flexform

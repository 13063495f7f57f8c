// The file lock: flock(2) on <host lock directory>/flexform-<program>-<service hash>.lock. The directory is the
// same for every user and every TMPDIR on this host (/run/lock/flexform unless FLEXFORM_LOCK_DIR or spec.lockDir
// names another), so any two applies of one program of one FortiFlex service on this host exclude each other;
// applies on other hosts are not excluded (that takes the PostgreSQL lock). The kernel drops the lock when the
// process dies, so nothing stale needs forcing. The holder writes who it is into the file for the one that waits.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
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

std::uint64_t fnv1a(const std::string& text) {
    std::uint64_t hash = 1469598103934665603ULL;
    for (const char c : text) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ULL;
    }
    return hash;
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

// Opens the lock file without O_CREAT when it exists: in a sticky world-writable directory the kernel
// (fs.protected_regular) refuses O_CREAT on another user's file. A file another user made read-only is locked
// read-only (flock needs no write access); one this process creates is made writable for every user.
int open_lock_file(const std::string& path, bool& writable) {
    for (int attempt = 0; attempt < 5; ++attempt) {
        int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
        if (fd >= 0) {
            writable = true;
            return fd;
        }
        if (errno == EACCES || errno == EPERM) {
            fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
            if (fd >= 0) {
                writable = false;
                return fd;
            }
        }
        if (errno != ENOENT) {
            break;
        }
        fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0) {
            ::fchmod(fd, 0666);  // past the umask: the next writer may be another user
            writable = true;
            return fd;
        }
        if (errno != EEXIST) {
            break;
        }
    }
    throw std::runtime_error("cannot open the lock file " + path + ": " + std::strerror(errno));
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
    FileLockService(std::string directory, std::string service)
        : m_directory(std::move(directory)), m_service(std::move(service)) {}

    std::unique_ptr<ProgramLock> acquire(const std::string& program, const LockHolder& me,
                                         std::chrono::milliseconds timeout) override {
        const std::string path = (std::filesystem::path(m_directory) / lock_file_name(program, m_service)).string();
        bool writable = false;
        const int fd = open_lock_file(path, writable);
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
            // The service and program are recorded so a person reading the directory knows whose lock it is.
            const std::string text =
                nlohmann::json{{"service", m_service}, {"program", program}, {"host", me.host},
                               {"user", me.user},      {"pid", me.pid},      {"operation", me.operation},
                               {"since", me.since}}
                    .dump() +
                "\n";
            if (::ftruncate(fd, 0) == 0) {
                [[maybe_unused]] const ssize_t written = ::pwrite(fd, text.data(), text.size(), 0);
            }
        }
        return std::make_unique<FileLock>(fd);
    }

    std::string describe() const override { return "file locks in " + m_directory; }

private:
    std::string m_directory;
    std::string m_service;
};

// Makes `path` a directory this process can create lock files in (with its parents when `parents`); returns why
// not, empty when it can. A directory it creates is mode 1777, as /tmp: every user of the host locks there.
std::string prepare_directory(const std::string& path, bool parents) {
    if (parents) {
        std::error_code ignored;
        std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ignored);
    }
    if (::mkdir(path.c_str(), 01777) == 0) {
        ::chmod(path.c_str(), 01777);  // past the umask
    } else if (errno != EEXIST) {
        return std::strerror(errno);
    }
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        return std::strerror(errno);
    }
    if (!S_ISDIR(st.st_mode)) {
        return "not a directory";
    }
    if (::access(path.c_str(), W_OK | X_OK) != 0) {
        return std::strerror(errno);
    }
    return {};
}

}  // namespace

std::string service_key(const std::string& api_url) {
    std::string url = api_url;
    const auto scheme_end = url.find("://");
    const std::size_t host_start = scheme_end == std::string::npos ? 0 : scheme_end + 3;
    std::size_t host_end = url.find('/', host_start);
    if (host_end == std::string::npos) {
        host_end = url.size();
    }
    if (const auto at = url.rfind('@', host_end); at != std::string::npos && at >= host_start) {
        url.erase(host_start, at + 1 - host_start);
        host_end -= at + 1 - host_start;
    }
    std::transform(url.begin(), url.begin() + static_cast<std::ptrdiff_t>(host_end), url.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    while (url.size() > host_end && url.back() == '/') {
        url.pop_back();
    }
    return url;
}

std::string lock_file_name(const std::string& program, const std::string& service) {
    char hash[17];
    std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(fnv1a(service_key(service))));
    return "flexform-" + safe_name(program) + "-" + std::string(hash, 12) + ".lock";
}

LockDirectory host_lock_directory(const std::string& configured) {
    return host_lock_directory(configured, {std::begin(k_lock_dir_candidates), std::end(k_lock_dir_candidates)});
}

LockDirectory host_lock_directory(const std::string& configured, const std::vector<std::string>& candidates) {
    if (!configured.empty()) {
        if (const std::string why = prepare_directory(configured, true); !why.empty()) {
            throw std::runtime_error("cannot use the lock directory " + configured +
                                     " (FLEXFORM_LOCK_DIR or spec.lockDir): " + why);
        }
        return {configured, {}};
    }
    std::string reasons;
    for (const std::string& candidate : candidates) {
        const std::string why = prepare_directory(candidate, false);
        if (why.empty()) {
            return {candidate, reasons};
        }
        reasons += (reasons.empty() ? "" : "; ") + candidate + ": " + why;
    }
    throw std::runtime_error(
        "no directory for the apply lock (" + reasons +
        "); set FLEXFORM_LOCK_DIR or spec.lockDir to a directory every writer can create files in");
}

std::unique_ptr<LockService> file_lock_service(const std::string& directory, const std::string& service) {
    return std::make_unique<FileLockService>(directory, service_key(service));
}

}  // namespace flexform

#include "providers/journal/file_journal_store.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "providers/files/read_file.h"

namespace flexform {

namespace fs = std::filesystem;

namespace {

std::string file_stamp() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y%m%dT%H%M%SZ", &utc);
    return buffer;
}

void append_line(int fd, const std::string& path, const std::string& line) {
    const std::string text = line + "\n";
    std::size_t written = 0;
    while (written < text.size()) {
        const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            throw std::runtime_error("cannot write the journal " + path + ": " + std::strerror(errno));
        }
        written += static_cast<std::size_t>(n);
    }
    ::fdatasync(fd);  // the line survives a crash or a power cut once written
}

class FileJournalWriter : public JournalWriter {
public:
    explicit FileJournalWriter(std::string path) : m_path(std::move(path)) {
        m_fd = ::open(m_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (m_fd < 0) {
            throw std::runtime_error("cannot create the journal " + m_path + ": " + std::strerror(errno));
        }
    }
    ~FileJournalWriter() override { ::close(m_fd); }
    void write_line(const std::string& line) override { append_line(m_fd, m_path, line); }
    std::string location() const override { return m_path; }

private:
    std::string m_path;
    int m_fd = -1;
};

// The last line of a file, cheaply: the journals that need no re-check end with a telling line.
std::string last_line(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    in.seekg(0, std::ios::end);
    const auto size = static_cast<long long>(in.tellg());
    const long long from = std::max(0LL, size - 4096);
    in.seekg(from);
    std::string tail((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    while (!tail.empty() && tail.back() == '\n') {
        tail.pop_back();
    }
    const auto nl = tail.rfind('\n');
    return nl == std::string::npos ? tail : tail.substr(nl + 1);
}

class FileJournalStore : public JournalStore {
public:
    explicit FileJournalStore(std::string directory) : m_directory(std::move(directory)) {}

    std::unique_ptr<JournalWriter> create(const std::string& program) override {
        fs::create_directories(m_directory);
        static std::atomic<int> sequence{0};  // several runs in one process and second stay apart
        const std::string name = "apply-" + program + "-" + file_stamp() + "-" + std::to_string(::getpid()) + "-" +
                                 std::to_string(++sequence) + ".jsonl";
        return std::make_unique<FileJournalWriter>((fs::path(m_directory) / name).generic_string());
    }

    std::vector<StoredJournal> open_journals(const std::string& program) override {
        std::vector<StoredJournal> out;
        std::error_code ec;
        if (!fs::is_directory(m_directory, ec)) {
            return out;
        }
        const std::string prefix = "apply-" + program + "-";
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(m_directory, ec)) {
            const std::string name = entry.path().filename().string();
            if (entry.is_regular_file() && name.rfind(prefix, 0) == 0 && entry.path().extension() == ".jsonl") {
                files.push_back(entry.path());
            }
        }
        std::sort(files.begin(), files.end());
        for (const auto& file : files) {
            const std::string last = last_line(file);
            const bool settled = last.find("\"type\":\"reconciled\"") != std::string::npos ||
                                 (last.find("\"type\":\"run_finished\"") != std::string::npos &&
                                  last.find("\"unknown\":0") != std::string::npos);
            if (settled) {
                continue;
            }
            out.push_back({file.generic_string(), read_file_text(file).value_or("")});
        }
        return out;
    }

    void append(const std::string& id, const std::string& line) override {
        const int fd = ::open(id.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
        if (fd < 0) {
            throw std::runtime_error("cannot open the journal " + id + ": " + std::strerror(errno));
        }
        try {
            append_line(fd, id, line);
        } catch (...) {
            ::close(fd);
            throw;
        }
        ::close(fd);
    }

    bool writer_running(const std::string& host, const std::string& pid) override {
        std::array<char, 256> this_host{};
        ::gethostname(this_host.data(), this_host.size() - 1);
        if (host != this_host.data() || pid.empty()) {
            return false;
        }
        char* end = nullptr;
        const long number = std::strtol(pid.c_str(), &end, 10);
        if (*end != '\0' || number <= 0) {
            return false;
        }
        return ::kill(static_cast<pid_t>(number), 0) == 0 || errno == EPERM;
    }

private:
    std::string m_directory;
};

}  // namespace

std::unique_ptr<JournalStore> file_journal_store(const std::string& directory) {
    return std::make_unique<FileJournalStore>(directory);
}

}  // namespace flexform

// The host-wide budget: one small JSON file per (API URL, program) beside the host-wide lock, read and rewritten
// under flock(2) for each request, so every flexform process on the machine draws on the same windows.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <stdexcept>

#include "providers/budget/budget_ledger.h"
#include "providers/budget/budgets.h"

namespace flexform {

namespace {

std::string safe_name(const std::string& text) {
    std::string out;
    for (const char c : text) {
        out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    }
    return out;
}

class FileBudget : public RequestBudget {
public:
    FileBudget(const BudgetPlace& place, const BudgetLimits& limits) : m_limits(limits) {
        const std::filesystem::path directory = place.directory.empty() ? "/tmp" : place.directory;
        m_path =
            (directory / ("flexform-budget-" + safe_name(place.program) + "-" + budget_key(place) + ".json")).string();
        m_fd = ::open(m_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
        if (m_fd < 0) {
            throw std::runtime_error("cannot open the request budget " + m_path + ": " + std::strerror(errno));
        }
        // Every user's flexform on the machine must be able to write it; the umask would narrow it.
        struct stat st {};
        if (::fstat(m_fd, &st) == 0 && st.st_uid == ::geteuid()) {
            ::fchmod(m_fd, 0666);
        }
    }
    ~FileBudget() override { ::close(m_fd); }

    std::optional<BudgetWait> try_take(std::int64_t now_ms) override {
        std::optional<BudgetWait> wait;
        change(
            [&](BudgetLedger& ledger) {
                const std::int64_t now = effective_now(ledger, now_ms);
                wait = wait_for_request(ledger, m_limits, now);
                if (!wait) {
                    record(ledger.requests, now);
                }
                return !wait;
            },
            now_ms);
        return wait;
    }
    void note_create_error(std::int64_t now_ms) override {
        change(
            [&](BudgetLedger& ledger) {
                record(ledger.create_errors, now_ms);
                return true;
            },
            now_ms);
    }
    std::optional<BudgetWait> create_errors_spent(std::int64_t now_ms) override {
        std::optional<BudgetWait> wait;
        change(
            [&](BudgetLedger& ledger) {
                wait = wait_for_create(ledger, m_limits, now_ms);
                return false;
            },
            now_ms);
        return wait;
    }
    std::string describe() const override { return "the file " + m_path; }

private:
    // Reads the ledger under the file's lock, lets `edit` decide, and writes it back when `edit` changed it.
    template <typename Edit>
    void change(Edit&& edit, std::int64_t now_ms) {
        // flock belongs to the open file, which this process's threads share: they queue on the mutex first.
        std::lock_guard guard(m_mutex);
        while (::flock(m_fd, LOCK_EX) != 0) {
            if (errno != EINTR) {
                throw std::runtime_error("cannot lock the request budget " + m_path + ": " + std::strerror(errno));
            }
        }
        std::string text;
        char buffer[8192];
        for (ssize_t n; (n = ::pread(m_fd, buffer, sizeof buffer, static_cast<off_t>(text.size()))) > 0;) {
            text.append(buffer, static_cast<std::size_t>(n));
        }
        BudgetLedger ledger = ledger_from_text(text);
        forget_old(ledger, effective_now(ledger, now_ms));
        if (edit(ledger)) {
            const std::string out = to_text(ledger);
            if (::ftruncate(m_fd, 0) != 0 ||
                ::pwrite(m_fd, out.data(), out.size(), 0) != static_cast<ssize_t>(out.size())) {
                const std::string why = std::strerror(errno);
                ::flock(m_fd, LOCK_UN);
                throw std::runtime_error("cannot write the request budget " + m_path + ": " + why);
            }
        }
        ::flock(m_fd, LOCK_UN);
    }

    BudgetLimits m_limits;
    std::string m_path;
    int m_fd = -1;
    std::mutex m_mutex;
};

}  // namespace

std::unique_ptr<RequestBudget> file_budget(const BudgetPlace& place, const BudgetLimits& limits) {
    return std::make_unique<FileBudget>(place, limits);
}

}  // namespace flexform

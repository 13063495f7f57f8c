// LockService is the port that keeps one writer per program: `apply` holds a ProgramLock from before its first
// read to its end. providers/lock implements it with an OS file lock (one machine) or a PostgreSQL advisory lock
// (every CI runner that reaches the database); both are released by the OS or the server when the process dies.
#pragma once

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>

namespace flexform {

// Who holds a lock, as the holder recorded it.
struct LockHolder {
    std::string host;
    std::string user;
    std::string pid;
    std::string operation;
    std::string since;  // UTC ISO 8601
};

std::string describe(const LockHolder& holder);  // "apply by ci@runner-3 (pid 4711) since 2026-11-20T18:00:01Z"

class LockBusy : public std::runtime_error {
public:
    LockBusy(const std::string& program, const LockHolder& holder, const std::string& where);
    const LockHolder& holder() const { return m_holder; }

private:
    LockHolder m_holder;
};

class ProgramLock {
public:
    virtual ~ProgramLock() = default;  // releases the lock
};

class LockService {
public:
    virtual ~LockService() = default;
    // Waits up to `timeout` (0: not at all), then throws LockBusy naming the holder.
    virtual std::unique_ptr<ProgramLock> acquire(const std::string& program, const LockHolder& me,
                                                 std::chrono::milliseconds timeout) = 0;
    virtual std::string describe() const = 0;  // where the lock lives
};

}  // namespace flexform

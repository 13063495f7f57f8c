// StateStore keeps the emulator's State durable in SQLite (WAL mode): each request's changes are written in one
// transaction before the response is sent, so a restart, or kill -9, loses nothing that was answered. The emulator
// holds its State in memory, so one process owns a state file at a time (an OS lock on PATH.lock, released on
// death): a second one would answer from a stale copy and write over the first one's objects.
#pragma once

#include <cstdint>
#include <set>
#include <stdexcept>
#include <string>

#include "emulator/state.h"

struct sqlite3;

namespace flexform::emulator {

// What a request changed; only these objects are written.
struct Dirty {
    bool meta = false;
    bool everything = false;
    std::set<std::string> users;
    std::set<std::string> programs;
    std::set<std::int64_t> configs;
    std::set<std::string> entitlements;

    bool empty() const {
        return !meta && !everything && users.empty() && programs.empty() && configs.empty() && entitlements.empty();
    }
};

// Another process owns the state file.
class StateInUse : public std::runtime_error {
public:
    StateInUse(const std::string& path, std::string holder);
    const std::string& holder() const { return m_holder; }  // e.g. "pid 4242, flexform emulator"; empty if unknown

private:
    std::string m_holder;
};

// A change could not be written; memory was rolled back to what the file holds, so nothing answered is lost.
class StateWriteFailed : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class StateStore {
public:
    // `owner` says who this process is, for the one that finds the file in use. Throws StateInUse, or
    // std::runtime_error when the file cannot be opened.
    StateStore(const std::string& path, const std::string& owner);
    ~StateStore();
    StateStore(const StateStore&) = delete;
    StateStore& operator=(const StateStore&) = delete;

    bool has_state() const;
    State load() const;
    // Throws std::runtime_error when the write fails (nothing of it is then written).
    void save(const State& state, const Dirty& dirty);
    // The next `count` saves fail as a full disk would: tests of what clients see and what memory keeps.
    void fail_writes(int count) { m_failing_writes = count; }

private:
    void exec(const char* sql) const;
    void close() noexcept;
    sqlite3* m_db = nullptr;
    int m_owner_fd = -1;
    int m_failing_writes = 0;
};

}  // namespace flexform::emulator

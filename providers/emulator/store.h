// StateStore keeps the emulator's State durable in SQLite (WAL mode): each request's changes are written in one
// transaction before the response is sent, so a restart, or kill -9, loses nothing that was answered.
#pragma once

#include <cstdint>
#include <set>
#include <string>

#include "providers/emulator/state.h"

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

class StateStore {
public:
    explicit StateStore(const std::string& path);  // throws std::runtime_error
    ~StateStore();
    StateStore(const StateStore&) = delete;
    StateStore& operator=(const StateStore&) = delete;

    bool has_state() const;
    State load() const;
    void save(const State& state, const Dirty& dirty);

private:
    void exec(const char* sql) const;
    sqlite3* m_db = nullptr;
};

}  // namespace flexform::emulator

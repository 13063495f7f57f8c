#include "emulator/store.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "emulator/passwords.h"
#include "engine/model/parameters_json.h"

namespace flexform::emulator {

using nlohmann::json;

namespace {

json to_json(const ApiUser& u) {
    return {{"username", u.username}, {"passwordHash", u.password_hash},
            {"all", u.all_accounts},  {"accounts", u.accounts},
            {"rw", u.read_write},     {"home", u.home_account}};
}

ApiUser user_from(const json& j) {
    ApiUser u;
    u.username = j.at("username");
    // State files before hashing held the password itself: hash it now (the emulator rewrites users on start).
    u.password_hash = j.contains("passwordHash") ? j.at("passwordHash").get<std::string>()
                                                 : hash_password(j.at("password").get<std::string>());
    u.all_accounts = j.at("all");
    u.accounts = j.at("accounts").get<std::set<std::int64_t>>();
    u.read_write = j.at("rw");
    u.home_account = j.at("home");
    return u;
}

json to_json(const Program& p) {
    return {{"serial", p.serial},          {"account", p.account_id},
            {"start", to_string(p.start)}, {"end", to_string(p.end)},
            {"prepaid", p.prepaid},        {"points", p.purchased_points},
            {"discount", p.discount},      {"coverage", p.has_support_coverage}};
}

Program program_from(const json& j) {
    Program p;
    p.serial = j.at("serial");
    p.account_id = j.at("account");
    p.start = parse_date(j.at("start").get<std::string>()).value_or(Date{});
    p.end = parse_date(j.at("end").get<std::string>()).value_or(Date{});
    p.prepaid = j.at("prepaid");
    p.purchased_points = j.at("points");
    p.discount = j.at("discount");
    p.has_support_coverage = j.at("coverage");
    return p;
}

json day_parameters_json(const std::vector<ParameterSet>& sets) {
    json out = json::array();
    for (const auto& set : sets) {
        out.push_back(parameters_to_json(set));
    }
    return out;
}

json to_json(const Config& c) {
    return {{"id", c.id},
            {"name", c.name},
            {"program", c.program},
            {"account", c.account_id},
            {"product", c.product_id},
            {"active", c.active},
            {"parameters", parameters_to_json(c.parameters)},
            {"day_enabled", c.day_enabled},
            {"day_parameters", day_parameters_json(c.day_parameters)}};
}

Config config_from(const json& j) {
    Config c;
    c.id = j.at("id");
    c.name = j.at("name");
    c.program = j.at("program");
    c.account_id = j.at("account");
    c.product_id = j.at("product");
    c.active = j.at("active");
    c.parameters = parameters_from_json(j.at("parameters"));
    c.day_enabled = j.at("day_enabled");
    for (const auto& set : j.value("day_parameters", json::array())) {  // absent in state files of earlier versions
        c.day_parameters.push_back(parameters_from_json(set));
    }
    return c;
}

json to_json(const Entitlement& e) {
    json charges = json::array();
    for (const auto& run : e.charges) {
        charges.push_back({run.first, run.last, run.per_day, run.config_id});
    }
    json metered = json::object();
    for (const auto& [id, value] : e.metered) {
        metered[std::to_string(id)] = value;
    }
    return {{"serial", e.serial},
            {"config", e.config_id},
            {"account", e.account_id},
            {"program", e.program},
            {"description", e.description},
            {"start", e.start_millis},
            {"end", to_string(e.end_date)},
            {"status", e.status},
            {"token", e.token ? json(*e.token) : json(nullptr)},
            {"token_status", e.token_status ? json(*e.token_status) : json(nullptr)},
            {"folder", e.folder_path},
            {"removed", e.removed},
            {"metered", metered},
            {"day_billable", e.day_billable},
            {"day_rate", e.day_rate},
            {"charges", charges}};
}

Entitlement entitlement_from(const json& j) {
    Entitlement e;
    e.serial = j.at("serial");
    e.config_id = j.at("config");
    e.account_id = j.at("account");
    e.program = j.at("program");
    e.description = j.at("description");
    e.start_millis = j.at("start");
    e.end_date = parse_date(j.at("end").get<std::string>()).value_or(Date{});
    e.status = j.at("status");
    if (!j.at("token").is_null()) {
        e.token = j.at("token").get<std::string>();
    }
    if (!j.at("token_status").is_null()) {
        e.token_status = j.at("token_status").get<std::string>();
    }
    e.folder_path = j.at("folder");
    e.removed = j.value("removed", false);  // absent in state files of earlier versions
    for (const auto& [key, value] : j.at("metered").items()) {
        e.metered[std::stoi(key)] = value.get<std::int64_t>();
    }
    e.day_billable = j.at("day_billable");
    e.day_rate = j.at("day_rate");
    for (const auto& run : j.at("charges")) {
        e.charges.push_back({run[0].get<std::int64_t>(), run[1].get<std::int64_t>(), run[2].get<Centipoints>(),
                             run[3].get<std::int64_t>()});
    }
    return e;
}

json meta_json(const State& s) {
    json accounts = json::object();
    for (const auto& [id, name] : s.accounts) {
        accounts[std::to_string(id)] = name;
    }
    return {{"root", s.root_account},
            {"accounts", accounts},
            {"next_config_id", s.next_config_id},
            {"next_serial", s.next_serial},
            {"clock",
             {{"frozen", s.clock.frozen}, {"frozen_millis", s.clock.frozen_millis}, {"offset", s.clock.offset_millis}}},
            {"open_day", s.open_day}};
}

void meta_from(const json& j, State& s) {
    s.root_account = j.at("root");
    for (const auto& [key, name] : j.at("accounts").items()) {
        s.accounts[std::stoll(key)] = name.get<std::string>();
    }
    s.next_config_id = j.at("next_config_id");
    s.next_serial = j.at("next_serial");
    s.clock.frozen = j.at("clock").at("frozen");
    s.clock.frozen_millis = j.at("clock").at("frozen_millis");
    s.clock.offset_millis = j.at("clock").at("offset");
    s.open_day = j.at("open_day");
}

class Statement {
public:
    Statement(sqlite3* db, const char* sql) {
        if (sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr) != SQLITE_OK) {
            throw std::runtime_error(std::string("sqlite prepare: ") + sqlite3_errmsg(db));
        }
    }
    ~Statement() { sqlite3_finalize(m_stmt); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    sqlite3_stmt* get() { return m_stmt; }

private:
    sqlite3_stmt* m_stmt = nullptr;
};

}  // namespace

StateInUse::StateInUse(const std::string& path, std::string holder)
    : std::runtime_error("the emulator state " + path + " is in use by another process" +
                         (holder.empty() ? std::string() : " (" + holder + ")")),
      m_holder(std::move(holder)) {}

StateStore::StateStore(const std::string& path, const std::string& owner) {
    const std::string lock_path = path + ".lock";
    // The state holds API users' password hashes and every token's owner: only its owner reads it.
    m_owner_fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (m_owner_fd < 0) {
        throw std::runtime_error("cannot open " + lock_path + ": " + std::strerror(errno));
    }
    if (::flock(m_owner_fd, LOCK_EX | LOCK_NB) != 0) {
        std::string holder(256, '\0');
        const ssize_t got = ::pread(m_owner_fd, holder.data(), holder.size(), 0);
        holder.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
        while (!holder.empty() && (holder.back() == '\n' || holder.back() == '\0')) {
            holder.pop_back();
        }
        close();
        throw StateInUse(path, holder);
    }
    if (::ftruncate(m_owner_fd, 0) == 0) {
        [[maybe_unused]] const ssize_t written = ::pwrite(m_owner_fd, owner.data(), owner.size(), 0);
    }
    try {
        // Created 0600 before SQLite opens it (its -wal and -shm files take the same mode); an older 0644 file is
        // tightened.
        if (const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600); fd >= 0) {
            ::fchmod(fd, 0600);
            ::close(fd);
        }
        if (sqlite3_open(path.c_str(), &m_db) != SQLITE_OK) {
            throw std::runtime_error("cannot open emulator state " + path + ": " +
                                     (m_db ? sqlite3_errmsg(m_db) : "out of memory"));
        }
        sqlite3_busy_timeout(m_db, 5000);
        exec("PRAGMA journal_mode=WAL");
        exec("PRAGMA synchronous=NORMAL");
        exec(
            "CREATE TABLE IF NOT EXISTS objects (kind TEXT NOT NULL, key TEXT NOT NULL, body TEXT NOT NULL,"
            " PRIMARY KEY (kind, key)) WITHOUT ROWID");
    } catch (...) {
        close();  // a throwing constructor runs no destructor
        throw;
    }
}

StateStore::~StateStore() {
    close();
}

void StateStore::close() noexcept {
    sqlite3_close(m_db);
    m_db = nullptr;
    if (m_owner_fd >= 0) {
        ::close(m_owner_fd);  // releases the ownership
        m_owner_fd = -1;
    }
}

void StateStore::exec(const char* sql) const {
    char* error = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
        const std::string message = error ? error : "unknown error";
        sqlite3_free(error);
        throw std::runtime_error(std::string("sqlite: ") + message);
    }
}

bool StateStore::has_state() const {
    Statement stmt(m_db, "SELECT 1 FROM objects WHERE kind = 'meta'");
    return sqlite3_step(stmt.get()) == SQLITE_ROW;
}

State StateStore::load() const {
    State state;
    Statement stmt(m_db, "SELECT kind, body FROM objects");
    while (sqlite3_step(stmt.get()) == SQLITE_ROW) {
        const std::string kind = reinterpret_cast<const char*>(sqlite3_column_text(stmt.get(), 0));
        const json body = json::parse(reinterpret_cast<const char*>(sqlite3_column_text(stmt.get(), 1)));
        if (kind == "meta") {
            meta_from(body, state);
        } else if (kind == "user") {
            ApiUser u = user_from(body);
            state.users[u.username] = u;
        } else if (kind == "program") {
            Program p = program_from(body);
            state.programs[p.serial] = p;
        } else if (kind == "config") {
            Config c = config_from(body);
            state.configs[c.id] = c;
        } else if (kind == "entitlement") {
            Entitlement e = entitlement_from(body);
            state.entitlements[e.serial] = std::move(e);
        }
    }
    state.reindex();
    return state;
}

void StateStore::save(const State& state, const Dirty& dirty) {
    if (dirty.empty()) {
        return;
    }
    if (m_failing_writes > 0) {
        --m_failing_writes;
        throw std::runtime_error("sqlite write: database or disk is full (injected by a test hook)");
    }
    exec("BEGIN IMMEDIATE");
    try {
        if (dirty.everything) {
            exec("DELETE FROM objects");
        }
        Statement put(m_db, "INSERT OR REPLACE INTO objects (kind, key, body) VALUES (?, ?, ?)");
        Statement del(m_db, "DELETE FROM objects WHERE kind = ? AND key = ?");
        const auto write = [&](const char* kind, const std::string& key, const json& body) {
            const std::string text = body.dump();
            sqlite3_reset(put.get());
            sqlite3_bind_text(put.get(), 1, kind, -1, SQLITE_STATIC);
            sqlite3_bind_text(put.get(), 2, key.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(put.get(), 3, text.c_str(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
            if (sqlite3_step(put.get()) != SQLITE_DONE) {
                throw std::runtime_error(std::string("sqlite write: ") + sqlite3_errmsg(m_db));
            }
        };
        const auto erase = [&](const char* kind, const std::string& key) {
            sqlite3_reset(del.get());
            sqlite3_bind_text(del.get(), 1, kind, -1, SQLITE_STATIC);
            sqlite3_bind_text(del.get(), 2, key.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_step(del.get());
        };
        if (dirty.meta || dirty.everything) {
            write("meta", "meta", meta_json(state));
        }
        const auto users = [&]() {
            std::set<std::string> keys = dirty.users;
            if (dirty.everything) {
                for (const auto& [k, v] : state.users) {
                    keys.insert(k);
                }
            }
            return keys;
        }();
        for (const auto& key : users) {
            const auto it = state.users.find(key);
            it == state.users.end() ? erase("user", key) : write("user", key, to_json(it->second));
        }
        std::set<std::string> programs = dirty.programs;
        std::set<std::int64_t> configs = dirty.configs;
        std::set<std::string> entitlements = dirty.entitlements;
        if (dirty.everything) {
            for (const auto& [k, v] : state.programs) {
                programs.insert(k);
            }
            for (const auto& [k, v] : state.configs) {
                configs.insert(k);
            }
            for (const auto& [k, v] : state.entitlements) {
                entitlements.insert(k);
            }
        }
        for (const auto& key : programs) {
            const auto it = state.programs.find(key);
            it == state.programs.end() ? erase("program", key) : write("program", key, to_json(it->second));
        }
        for (const auto id : configs) {
            const auto it = state.configs.find(id);
            it == state.configs.end() ? erase("config", std::to_string(id))
                                      : write("config", std::to_string(id), to_json(it->second));
        }
        for (const auto& key : entitlements) {
            const auto it = state.entitlements.find(key);
            it == state.entitlements.end() ? erase("entitlement", key) : write("entitlement", key, to_json(it->second));
        }
        exec("COMMIT");
    } catch (...) {
        exec("ROLLBACK");
        throw;
    }
}

}  // namespace flexform::emulator

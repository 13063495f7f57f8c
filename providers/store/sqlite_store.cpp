// The SQLite backend: WAL mode, one prepared insert per row inside one transaction per day.
#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "providers/store/store.h"

namespace flexform {

namespace {

// SQLite's own reason, and for a damaged file what would help: the 90-day window means the history it held
// exists nowhere else than in it and its backups, so pulling again cannot bring it back.
std::string failure(sqlite3* db, const std::string& path) {
    const int code = sqlite3_errcode(db) & 0xff;
    std::string message = std::string("sqlite: ") + sqlite3_errmsg(db);
    if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) {
        message += " (" + path +
                   " is damaged: restore it from a backup, or move it aside to start a new store; FortiFlex keeps "
                   "only 90 days, so older history is only in this file and its backups)";
    }
    return message;
}

class Statement {
public:
    Statement(sqlite3* db, const std::string& sql) : m_db(db) {
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &m_stmt, nullptr) != SQLITE_OK) {
            throw StoreError(failure(db, sqlite3_db_filename(db, "main")));
        }
    }
    ~Statement() { sqlite3_finalize(m_stmt); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    void bind(int index, const std::string& text) {
        sqlite3_bind_text(m_stmt, index, text.c_str(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    }
    void bind(int index, std::int64_t value) { sqlite3_bind_int64(m_stmt, index, value); }
    void bind_null(int index) { sqlite3_bind_null(m_stmt, index); }
    bool step() {
        const int rc = sqlite3_step(m_stmt);
        if (rc == SQLITE_ROW) {
            return true;
        }
        if (rc != SQLITE_DONE) {
            throw StoreError(failure(m_db, sqlite3_db_filename(m_db, "main")));
        }
        return false;
    }
    void reset() {
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
    }
    std::string text(int column) {
        const auto* value = sqlite3_column_text(m_stmt, column);
        return value ? reinterpret_cast<const char*>(value) : "";
    }
    std::int64_t integer(int column) { return sqlite3_column_int64(m_stmt, column); }
    bool is_null(int column) { return sqlite3_column_type(m_stmt, column) == SQLITE_NULL; }

private:
    sqlite3* m_db;
    sqlite3_stmt* m_stmt = nullptr;
};

class SqliteStore : public ConsumptionStore {
public:
    SqliteStore(const std::string& path, StoreAccess access) : m_path(path) {
        const bool read_only = access == StoreAccess::read_only;
        if (const auto parent = std::filesystem::path(path).parent_path(); !parent.empty() && !read_only) {
            std::filesystem::create_directories(parent);
        }
        const int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
        if (sqlite3_open_v2(path.c_str(), &m_db, flags, nullptr) != SQLITE_OK) {
            const std::string message = m_db ? sqlite3_errmsg(m_db) : "out of memory";
            sqlite3_close(m_db);
            m_db = nullptr;
            throw StoreError("cannot open " + path + ": " + message);
        }
        try {
            sqlite3_busy_timeout(m_db, 10000);
            if (read_only) {
                check_readable();
            } else {
                switch_to_wal();
                exec("PRAGMA synchronous=NORMAL");
                migrate();
            }
        } catch (...) {
            // A throwing constructor runs no destructor: close here, or a refused store leaks its handle.
            sqlite3_close(m_db);
            m_db = nullptr;
            throw;
        }
    }
    ~SqliteStore() override { sqlite3_close(m_db); }

    int schema_version() override {
        Statement s(m_db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
        s.step();
        return static_cast<int>(s.integer(0));
    }

    void replace_day(const std::string& program, const Date& day, const std::vector<ConsumptionRow>& rows) override {
        const std::string day_text = to_string(day);
        exec("BEGIN IMMEDIATE");
        try {
            Statement remove(m_db, "DELETE FROM consumption WHERE program_serial = ? AND day = ?");
            remove.bind(1, program);
            remove.bind(2, day_text);
            remove.step();
            Statement insert(m_db,
                             "INSERT INTO consumption (day, serial_number, program_serial, account_id, config_id, "
                             "points_centi, pulled_at, config_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
            std::string pulled_at;
            for (const auto& row : rows) {
                insert.reset();
                insert.bind(1, day_text);
                insert.bind(2, row.serial);
                insert.bind(3, program);
                insert.bind(4, row.account_id);
                if (row.config_id) {
                    insert.bind(5, *row.config_id);
                } else {
                    insert.bind_null(5);
                }
                insert.bind(6, row.centipoints);
                insert.bind(7, row.pulled_at);
                insert.bind(8, row.config_name);
                insert.step();
                pulled_at = row.pulled_at;
            }
            Statement mark(
                m_db,
                "INSERT OR REPLACE INTO pulled_days (program_serial, day, pulled_at, row_count) VALUES (?, ?, ?, ?)");
            mark.bind(1, program);
            mark.bind(2, day_text);
            mark.bind(3, rows.empty() ? std::string("") : pulled_at);
            mark.bind(4, static_cast<std::int64_t>(rows.size()));
            mark.step();
            exec("COMMIT");
        } catch (...) {
            exec("ROLLBACK");
            throw;
        }
    }

    std::vector<AggregateRow> aggregate(const ConsumptionQuery& q, GroupBy group_by) override {
        const std::string key = group_columns(group_by, false);
        Statement s(m_db,
                    "SELECT " + key + ", " + aggregate_measures() + " FROM consumption " + where(q) + " GROUP BY 1, 2");
        bind_where(s, q);
        std::vector<AggregateRow> out;
        while (s.step()) {
            out.push_back({s.text(0), s.text(1), s.integer(2), s.integer(3), s.integer(4), s.integer(5), s.integer(6)});
        }
        return out;
    }

    std::vector<SerialTotal> serial_totals(const ConsumptionQuery& q) override {
        Statement s(m_db,
                    "SELECT serial_number, account_id, config_id, SUM(points_centi), COUNT(*), "
                    "COUNT(CASE WHEN points_centi > 0 THEN 1 END) FROM consumption " +
                        where(q) + " GROUP BY serial_number, account_id, config_id");
        bind_where(s, q);
        std::vector<SerialTotal> out;
        while (s.step()) {
            SerialTotal t;
            t.serial = s.text(0);
            t.account_id = s.integer(1);
            if (!s.is_null(2)) {
                t.config_id = s.integer(2);
            }
            t.centipoints = s.integer(3);
            t.days = s.integer(4);
            t.active_days = s.integer(5);
            out.push_back(std::move(t));
        }
        return out;
    }

    std::vector<Date> stored_days(const std::string& program, const Date& from, const Date& to) override {
        Statement s(m_db,
                    "SELECT day FROM pulled_days WHERE program_serial = ? AND day >= ? AND day <= ? ORDER BY day");
        s.bind(1, program);
        s.bind(2, to_string(from));
        s.bind(3, to_string(to));
        std::vector<Date> out;
        while (s.step()) {
            if (const auto d = parse_date(s.text(0))) {
                out.push_back(*d);
            }
        }
        return out;
    }

    std::map<std::int64_t, std::string> config_names(const std::string& program, const Date& from,
                                                     const Date& to) override {
        Statement s(m_db,
                    "SELECT config_id, config_name FROM consumption WHERE program_serial = ? AND day >= ? AND day <= ? "
                    "AND config_id IS NOT NULL AND config_name IS NOT NULL AND config_name <> '' "
                    "GROUP BY config_id, config_name ORDER BY MAX(day)");
        s.bind(1, program);
        s.bind(2, to_string(from));
        s.bind(3, to_string(to));
        std::map<std::int64_t, std::string> out;
        while (s.step()) {
            out[s.integer(0)] = s.text(1);  // later days win
        }
        return out;
    }

    bool knows_program(const std::string& program) override {
        Statement s(m_db, "SELECT 1 FROM pulled_days WHERE program_serial = ? LIMIT 1");
        s.bind(1, program);
        return s.step();
    }

    std::optional<std::int64_t> account_of_serial(const std::string& program, const std::string& serial) override {
        Statement s(m_db,
                    "SELECT account_id FROM consumption WHERE program_serial = ? AND serial_number = ? "
                    "ORDER BY day DESC LIMIT 1");
        s.bind(1, program);
        s.bind(2, serial);
        if (!s.step()) {
            return std::nullopt;
        }
        return s.integer(0);
    }

    std::optional<StoredConfig> config_of_serial(const std::string& program, const std::string& serial) override {
        Statement s(m_db,
                    "SELECT config_id, config_name FROM consumption WHERE program_serial = ? AND serial_number = ? "
                    "AND config_id IS NOT NULL ORDER BY day DESC LIMIT 1");
        s.bind(1, program);
        s.bind(2, serial);
        if (!s.step()) {
            return std::nullopt;
        }
        return StoredConfig{s.integer(0), s.text(1)};
    }

    void save_snapshot(const std::string& service, const LiveSnapshot& snapshot, int keep) override {
        const std::string& program = snapshot.live.program;
        exec("BEGIN IMMEDIATE");
        try {
            Statement insert(m_db,
                             "INSERT INTO live_snapshots (api_url, program_serial, taken_at, body) VALUES (?, ?, ?, ?) "
                             "ON CONFLICT (api_url, program_serial, taken_at) DO UPDATE SET body = excluded.body");
            insert.bind(1, service);
            insert.bind(2, program);
            insert.bind(3, snapshot.taken_at);
            insert.bind(4, snapshot_to_json(snapshot));
            insert.step();
            Statement trim(m_db,
                           "DELETE FROM live_snapshots WHERE api_url = ? AND program_serial = ? AND taken_at NOT IN "
                           "(SELECT taken_at FROM live_snapshots WHERE api_url = ? AND program_serial = ? "
                           "ORDER BY taken_at DESC LIMIT ?)");
            trim.bind(1, service);
            trim.bind(2, program);
            trim.bind(3, service);
            trim.bind(4, program);
            trim.bind(5, static_cast<std::int64_t>(keep));
            trim.step();
            exec("COMMIT");
        } catch (...) {
            exec("ROLLBACK");
            throw;
        }
    }

    std::optional<LiveSnapshot> latest_snapshot(const std::string& service, const std::string& program) override {
        Statement s(m_db,
                    "SELECT body FROM live_snapshots WHERE api_url = ? AND program_serial = ? "
                    "ORDER BY taken_at DESC LIMIT 1");
        s.bind(1, service);
        s.bind(2, program);
        if (!s.step()) {
            return std::nullopt;
        }
        return readable_snapshot(s.text(0));
    }

    void forget_snapshots(const std::string& service, const std::string& program) override {
        Statement remove(m_db, "DELETE FROM live_snapshots WHERE api_url = ? AND program_serial = ?");
        remove.bind(1, service);
        remove.bind(2, program);
        remove.step();
    }

    std::string describe() const override { return "SQLite " + m_path; }

private:
    // The rows of one program and range, optionally of one serial or account; bind_where binds them in order.
    static std::string where(const ConsumptionQuery& q) {
        return std::string("WHERE program_serial = ? AND day >= ? AND day <= ?") +
               (q.serial ? " AND serial_number = ?" : "") + (q.account_id ? " AND account_id = ?" : "");
    }
    static void bind_where(Statement& s, const ConsumptionQuery& q) {
        int index = 1;
        s.bind(index++, q.program);
        s.bind(index++, to_string(q.from));
        s.bind(index++, to_string(q.to));
        if (q.serial) {
            s.bind(index++, *q.serial);
        }
        if (q.account_id) {
            s.bind(index++, *q.account_id);
        }
    }

    void exec(const std::string& sql) {
        char* error = nullptr;
        if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
            sqlite3_free(error);
            throw StoreError(failure(m_db, m_path));
        }
    }

    // Switching a new file to WAL needs it exclusively. SQLite answers BUSY at once, without waiting in the busy
    // handler, when another process opening the same new file holds a read lock (waiting could deadlock), so
    // several processes opening a new store at once retry here for a while.
    void switch_to_wal() {
        for (int attempt = 0;; ++attempt) {
            char* error = nullptr;
            const int rc = sqlite3_exec(m_db, "PRAGMA journal_mode=WAL", nullptr, nullptr, &error);
            sqlite3_free(error);
            if (rc == SQLITE_OK) {
                return;
            }
            if (rc != SQLITE_BUSY || attempt >= 200) {
                throw StoreError(failure(m_db, m_path));
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10 + attempt % 20));
        }
    }

    // A reader never migrates: a store of an older schema is refused with what to do, a newer one as always.
    void check_readable() {
        Statement exists(m_db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
        const int version = exists.step() ? schema_version() : 0;
        const int known = static_cast<int>(store_migrations().size());
        refuse_newer(version, known, m_path);
        if (version < known) {
            throw StoreError(m_path + " has store schema version " + std::to_string(version) +
                             "; this flexform needs " + std::to_string(known) +
                             ". Run `flexform consumption pull` once to upgrade it.");
        }
    }

    void migrate() {
        exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
        const auto& migrations = store_migrations();
        const int known = static_cast<int>(migrations.size());
        for (bool done = false; !done;) {
            // The version is read inside the write transaction: two processes opening a new file migrate once.
            exec("BEGIN IMMEDIATE");
            try {
                const int current = schema_version();
                if (current >= known) {
                    exec("COMMIT");
                    done = true;
                    continue;
                }
                exec(migrations[static_cast<std::size_t>(current)]);
                exec("INSERT INTO schema_migrations (version, applied_at) VALUES (" + std::to_string(current + 1) +
                     ", datetime('now'))");
                exec("COMMIT");
            } catch (...) {
                exec("ROLLBACK");
                throw;
            }
        }
        refuse_newer(schema_version(), known, m_path);
    }

    std::string m_path;
    sqlite3* m_db = nullptr;
};

}  // namespace

std::unique_ptr<ConsumptionStore> open_sqlite_store(const std::string& path, StoreAccess access) {
    return std::make_unique<SqliteStore>(path, access);
}

}  // namespace flexform

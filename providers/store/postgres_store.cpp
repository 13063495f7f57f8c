// The PostgreSQL backend over libpq: same schema and migrations, COPY for bulk day loads.
#include <memory>

#include "providers/store/pg_session.h"
#include "providers/store/store.h"

namespace flexform {

namespace {

using Result = PgResult;

// COPY's text format: backslash, tab, newline and carriage return are escaped.
std::string copy_text(const std::string& text) {
    std::string out;
    for (const char c : text) {
        switch (c) {
            case '\\':
                out += "\\\\";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                out += c;
        }
    }
    return out;
}

class PostgresStore : public ConsumptionStore {
public:
    PostgresStore(const std::string& url, StoreAccess access)
        : m_description("PostgreSQL " + redact_url(url)),
          m_session(url, "", "postgresql: ", [](const std::string& message) { throw StoreError(message); }) {
        // A reader of a current store runs no DDL and takes no lock: a reporting role may have no right to. A
        // new or older database is migrated as before (a report on a never-pulled database is empty, not an error).
        if (access == StoreAccess::read_write || !is_current()) {
            migrate();
        }
    }

    int schema_version() override {
        const Result r = query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", {});
        return std::stoi(PQgetvalue(r.get(), 0, 0));
    }

    void replace_day(const std::string& program, const Date& day, const std::vector<ConsumptionRow>& rows) override {
        const std::string day_text = to_string(day);
        exec("BEGIN");
        try {
            // Two pulls of one day at once take turns: the second deletes what the first wrote, then writes its own,
            // instead of both inserting into an empty day and one failing on the primary key.
            query("SELECT pg_advisory_xact_lock(4711002, hashtext($1 || '/' || $2))", {program, day_text});
            query("DELETE FROM consumption WHERE program_serial = $1 AND day = $2", {program, day_text});
            copy_rows(program, day_text, rows);
            query(
                "INSERT INTO pulled_days (program_serial, day, pulled_at, row_count) VALUES ($1, $2, $3, $4) "
                "ON CONFLICT (program_serial, day) DO UPDATE SET pulled_at = EXCLUDED.pulled_at, row_count = "
                "EXCLUDED.row_count",
                {program, day_text, rows.empty() ? std::string("") : rows.back().pulled_at,
                 std::to_string(rows.size())});
            exec("COMMIT");
        } catch (...) {
            exec("ROLLBACK");
            throw;
        }
    }

    std::vector<AggregateRow> aggregate(const ConsumptionQuery& q, GroupBy group_by) override {
        const std::string key = group_columns(group_by, true);
        std::vector<std::string> params;
        const std::string sql =
            "SELECT " + key + ", " + aggregate_measures() + " FROM consumption " + where(q, params) + " GROUP BY 1, 2";
        const Result r = query(sql, params);
        std::vector<AggregateRow> out;
        for (int i = 0; i < PQntuples(r.get()); ++i) {
            out.push_back({PQgetvalue(r.get(), i, 0), PQgetvalue(r.get(), i, 1), std::stoll(PQgetvalue(r.get(), i, 2)),
                           std::stoll(PQgetvalue(r.get(), i, 3)), std::stoll(PQgetvalue(r.get(), i, 4)),
                           std::stoll(PQgetvalue(r.get(), i, 5)), std::stoll(PQgetvalue(r.get(), i, 6))});
        }
        return out;
    }

    std::vector<SerialTotal> serial_totals(const ConsumptionQuery& q) override {
        std::vector<std::string> params;
        const std::string sql =
            "SELECT serial_number, account_id, config_id, SUM(points_centi), COUNT(*), "
            "COUNT(CASE WHEN points_centi > 0 THEN 1 END) FROM consumption " +
            where(q, params) + " GROUP BY serial_number, account_id, config_id";
        const Result r = query(sql, params);
        std::vector<SerialTotal> out;
        for (int i = 0; i < PQntuples(r.get()); ++i) {
            SerialTotal t;
            t.serial = PQgetvalue(r.get(), i, 0);
            t.account_id = std::stoll(PQgetvalue(r.get(), i, 1));
            if (!PQgetisnull(r.get(), i, 2)) {
                t.config_id = std::stoll(PQgetvalue(r.get(), i, 2));
            }
            t.centipoints = std::stoll(PQgetvalue(r.get(), i, 3));
            t.days = std::stoll(PQgetvalue(r.get(), i, 4));
            t.active_days = std::stoll(PQgetvalue(r.get(), i, 5));
            out.push_back(std::move(t));
        }
        return out;
    }

    std::vector<Date> stored_days(const std::string& program, const Date& from, const Date& to) override {
        const Result r =
            query("SELECT day FROM pulled_days WHERE program_serial = $1 AND day >= $2 AND day <= $3 ORDER BY day",
                  {program, to_string(from), to_string(to)});
        std::vector<Date> out;
        for (int i = 0; i < PQntuples(r.get()); ++i) {
            if (const auto d = parse_date(PQgetvalue(r.get(), i, 0))) {
                out.push_back(*d);
            }
        }
        return out;
    }

    std::map<std::int64_t, std::string> config_names(const std::string& program, const Date& from,
                                                     const Date& to) override {
        const Result r = query(
            "SELECT config_id, config_name FROM consumption WHERE program_serial = $1 AND day >= $2 AND day <= $3 "
            "AND config_id IS NOT NULL AND config_name IS NOT NULL AND config_name <> '' "
            "GROUP BY config_id, config_name ORDER BY MAX(day)",
            {program, to_string(from), to_string(to)});
        std::map<std::int64_t, std::string> out;
        for (int i = 0; i < PQntuples(r.get()); ++i) {
            out[std::stoll(PQgetvalue(r.get(), i, 0))] = PQgetvalue(r.get(), i, 1);
        }
        return out;
    }

    bool knows_program(const std::string& program) override {
        return PQntuples(query("SELECT 1 FROM pulled_days WHERE program_serial = $1 LIMIT 1", {program}).get()) > 0;
    }

    std::optional<std::int64_t> account_of_serial(const std::string& program, const std::string& serial) override {
        const Result r = query(
            "SELECT account_id FROM consumption WHERE program_serial = $1 AND serial_number = $2 "
            "ORDER BY day DESC LIMIT 1",
            {program, serial});
        if (PQntuples(r.get()) == 0) {
            return std::nullopt;
        }
        return std::stoll(PQgetvalue(r.get(), 0, 0));
    }

    std::optional<StoredConfig> config_of_serial(const std::string& program, const std::string& serial) override {
        const Result r = query(
            "SELECT config_id, COALESCE(config_name, '') FROM consumption WHERE program_serial = $1 AND "
            "serial_number = $2 AND config_id IS NOT NULL ORDER BY day DESC LIMIT 1",
            {program, serial});
        if (PQntuples(r.get()) == 0) {
            return std::nullopt;
        }
        return StoredConfig{std::stoll(PQgetvalue(r.get(), 0, 0)), PQgetvalue(r.get(), 0, 1)};
    }

    void save_snapshot(const std::string& service, const LiveSnapshot& snapshot, int keep) override {
        const std::string& program = snapshot.live.program;
        exec("BEGIN");
        try {
            query(
                "INSERT INTO live_snapshots (api_url, program_serial, taken_at, body) VALUES ($1, $2, $3, $4) "
                "ON CONFLICT (api_url, program_serial, taken_at) DO UPDATE SET body = excluded.body",
                {service, program, snapshot.taken_at, snapshot_to_json(snapshot)});
            query(
                "DELETE FROM live_snapshots WHERE api_url = $1 AND program_serial = $2 AND taken_at NOT IN "
                "(SELECT taken_at FROM live_snapshots WHERE api_url = $1 AND program_serial = $2 "
                "ORDER BY taken_at DESC LIMIT $3::bigint)",
                {service, program, std::to_string(keep)});
            exec("COMMIT");
        } catch (...) {
            exec("ROLLBACK");
            throw;
        }
    }

    std::optional<LiveSnapshot> latest_snapshot(const std::string& service, const std::string& program) override {
        const Result r = query(
            "SELECT body FROM live_snapshots WHERE api_url = $1 AND program_serial = $2 "
            "ORDER BY taken_at DESC LIMIT 1",
            {service, program});
        if (PQntuples(r.get()) == 0) {
            return std::nullopt;
        }
        return readable_snapshot(PQgetvalue(r.get(), 0, 0));
    }

    void forget_snapshots(const std::string& service, const std::string& program) override {
        query("DELETE FROM live_snapshots WHERE api_url = $1 AND program_serial = $2", {service, program});
    }

    std::string describe() const override { return m_description; }

private:
    // The rows of one program and range, optionally of one serial or account; `params` receives the values.
    static std::string where(const ConsumptionQuery& q, std::vector<std::string>& params) {
        params = {q.program, to_string(q.from), to_string(q.to)};
        std::string sql = "WHERE program_serial = $1 AND day >= $2 AND day <= $3";
        if (q.serial) {
            params.push_back(*q.serial);
            sql += " AND serial_number = $" + std::to_string(params.size());
        }
        if (q.account_id) {
            params.push_back(std::to_string(*q.account_id));
            sql += " AND account_id = $" + std::to_string(params.size()) + "::bigint";
        }
        return sql;
    }

    void exec(const std::string& sql) { m_session.exec(sql); }
    Result query(const std::string& sql, const std::vector<std::string>& params) {
        return m_session.query(sql, params);
    }

    void copy_rows(const std::string& program, const std::string& day, const std::vector<ConsumptionRow>& rows) {
        Result start(PQexec(m_session.raw(),
                            "COPY consumption (day, serial_number, program_serial, account_id, config_id, "
                            "points_centi, pulled_at, config_name) FROM STDIN"));
        if (PQresultStatus(start.get()) != PGRES_COPY_IN) {
            m_session.fail();
        }
        std::string buffer;
        for (const auto& row : rows) {
            // Serials and timestamps hold no tabs, newlines or backslashes; a configuration's name may.
            buffer += day + '\t' + row.serial + '\t' + program + '\t' + std::to_string(row.account_id) + '\t' +
                      (row.config_id ? std::to_string(*row.config_id) : "\\N") + '\t' +
                      std::to_string(row.centipoints) + '\t' + row.pulled_at + '\t' + copy_text(row.config_name) + '\n';
            if (buffer.size() > (1 << 20)) {
                PQputCopyData(m_session.raw(), buffer.data(), static_cast<int>(buffer.size()));
                buffer.clear();
            }
        }
        if (!buffer.empty()) {
            PQputCopyData(m_session.raw(), buffer.data(), static_cast<int>(buffer.size()));
        }
        PQputCopyEnd(m_session.raw(), nullptr);
        Result done(PQgetResult(m_session.raw()));
        if (PQresultStatus(done.get()) != PGRES_COMMAND_OK) {
            m_session.fail();
        }
        while (Result(PQgetResult(m_session.raw()))) {
        }
    }

    bool is_current() {
        const Result exists = query("SELECT to_regclass('schema_migrations') IS NOT NULL", {});
        const int version = std::string(PQgetvalue(exists.get(), 0, 0)) == "t" ? schema_version() : 0;
        const int known = static_cast<int>(store_migrations().size());
        refuse_newer(version, known, m_description);
        return version == known;
    }

    void migrate() {
        // Two processes migrating a new database at once serialize on this lock, taken before anything is created
        // (two CREATE TABLE IF NOT EXISTS at once can both try to create the table and one fails).
        exec("SELECT pg_advisory_lock(4711001)");
        try {
            exec(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
            const int current = schema_version();
            const auto& migrations = store_migrations();
            for (int v = current; v < static_cast<int>(migrations.size()); ++v) {
                exec("BEGIN");
                try {
                    exec(migrations[static_cast<std::size_t>(v)]);
                    query("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, now()::text)",
                          {std::to_string(v + 1)});
                    exec("COMMIT");
                } catch (...) {
                    exec("ROLLBACK");
                    throw;
                }
            }
        } catch (...) {
            exec("SELECT pg_advisory_unlock(4711001)");
            throw;
        }
        exec("SELECT pg_advisory_unlock(4711001)");
        refuse_newer(schema_version(), static_cast<int>(store_migrations().size()), m_description);
    }

    std::string m_description;
    PgSession m_session;
};

}  // namespace

std::unique_ptr<ConsumptionStore> open_postgres_store(const std::string& url, StoreAccess access) {
    return std::make_unique<PostgresStore>(url, access);
}

std::unique_ptr<ConsumptionStore> open_sqlite_store(const std::string& path, StoreAccess access);

std::unique_ptr<ConsumptionStore> open_store(const std::string& url, StoreAccess access) {
    if (store_kind(url) == StoreKind::postgresql) {
        return open_postgres_store(url, access);
    }
    return open_sqlite_store(url.rfind("sqlite://", 0) == 0 ? url.substr(9) : url, access);
}

}  // namespace flexform

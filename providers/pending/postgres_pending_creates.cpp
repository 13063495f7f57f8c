// Pending creates in the PostgreSQL database that holds the apply lock, so every runner that takes that lock sees
// them: one row per record, keyed by service, program and id. A record is committed before the request goes out.
// The units flexform removed are rows of flexform_removed_units, keyed by service, program and serial.
#include <mutex>
#include <stdexcept>

#include "providers/pending/pending_stores.h"
#include "providers/pending/record_json.h"
#include "providers/store/pg_session.h"
#include "providers/store/store.h"

namespace flexform {

namespace {

class PostgresPendingCreates : public PendingCreates {
public:
    PostgresPendingCreates(std::string url, std::string service, std::string program)
        : m_url(std::move(url)), m_service(std::move(service)), m_program(std::move(program)) {}

    void record(const PendingCreate& create) override {
        std::lock_guard lock(m_mutex);
        session().query(
            "INSERT INTO flexform_pending_creates (service, program, id, sent_at, record) VALUES ($1, $2, $3, "
            "$4::bigint, $5) ON CONFLICT (service, program, id) DO UPDATE SET sent_at = EXCLUDED.sent_at, record = "
            "EXCLUDED.record",
            {m_service, m_program, create.id, std::to_string(create.sent_at),
             pending_to_json(create, m_service, m_program)});
    }

    void close(const std::string& id) override {
        std::lock_guard lock(m_mutex);
        session().query("DELETE FROM flexform_pending_creates WHERE service = $1 AND program = $2 AND id = $3",
                        {m_service, m_program, id});
    }

    std::vector<PendingCreate> open() override {
        std::lock_guard lock(m_mutex);
        const PgResult r = session().query(
            "SELECT record FROM flexform_pending_creates WHERE service = $1 AND program = $2 ORDER BY sent_at, id",
            {m_service, m_program});
        std::vector<PendingCreate> out;
        for (int row = 0; row < PQntuples(r.get()); ++row) {
            if (auto record = pending_from_json(PQgetvalue(r.get(), row, 0), m_service, m_program)) {
                out.push_back(std::move(*record));
            }
        }
        return out;
    }

    void record_removed(const RemovedUnit& unit) override {
        std::lock_guard lock(m_mutex);
        session().query(
            "INSERT INTO flexform_removed_units (service, program, serial, record) VALUES ($1, $2, $3, $4) ON "
            "CONFLICT (service, program, serial) DO UPDATE SET record = EXCLUDED.record",
            {m_service, m_program, unit.serial, removed_to_json(unit, m_service, m_program)});
    }

    std::vector<RemovedUnit> removed() override {
        std::lock_guard lock(m_mutex);
        const PgResult r = session().query(
            "SELECT record FROM flexform_removed_units WHERE service = $1 AND program = $2 ORDER BY serial",
            {m_service, m_program});
        std::vector<RemovedUnit> out;
        for (int row = 0; row < PQntuples(r.get()); ++row) {
            if (auto unit = removed_from_json(PQgetvalue(r.get(), row, 0), m_service, m_program)) {
                out.push_back(std::move(*unit));
            }
        }
        return out;
    }

    std::string describe() const override { return "table flexform_pending_creates in " + redact_url(m_url); }

private:
    // Called with m_mutex held.
    PgSession& session() {
        if (!m_session) {
            m_session = std::make_unique<PgSession>(
                m_url, " for the pending creates",
                "pending creates: ", [](const std::string& message) { throw std::runtime_error(message); });
            for (const char* table :
                 {"CREATE TABLE IF NOT EXISTS flexform_pending_creates (service TEXT NOT NULL, program TEXT NOT "
                  "NULL, id TEXT NOT NULL, sent_at BIGINT NOT NULL, record TEXT NOT NULL, PRIMARY KEY (service, "
                  "program, id))",
                  "CREATE TABLE IF NOT EXISTS flexform_removed_units (service TEXT NOT NULL, program TEXT NOT NULL, "
                  "serial TEXT NOT NULL, record TEXT NOT NULL, PRIMARY KEY (service, program, serial))"}) {
                try {
                    m_session->query(table, {});
                } catch (const std::runtime_error&) {
                    // Two first-ever runs creating a table at once: one of them made it, which is all that matters.
                }
            }
        }
        return *m_session;
    }

    std::string m_url;
    std::string m_service;
    std::string m_program;
    std::mutex m_mutex;
    std::unique_ptr<PgSession> m_session;
};

}  // namespace

std::unique_ptr<PendingCreates> postgres_pending_creates(const std::string& url, const std::string& service,
                                                         const std::string& program) {
    return std::make_unique<PostgresPendingCreates>(url, service, program);
}

}  // namespace flexform

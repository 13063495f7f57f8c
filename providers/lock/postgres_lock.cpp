// The PostgreSQL lock: a session advisory lock keyed by the FortiFlex service (its API URL) and the program serial,
// in the database every CI runner of the MSSP reaches. The server drops it when the session ends (a killed process,
// a lost runner). The holder records who it is in flexform_apply_locks under its backend pid, so a waiter can name
// it.
#include <stdexcept>
#include <thread>
#include <vector>

#include "providers/lock/locks.h"
#include "providers/store/pg_session.h"
#include "providers/store/store.h"

namespace flexform {

namespace {

using Result = PgResult;

// A stable 63-bit key: FNV-1a of "flexform:" + service + " " + program. Another service with the same program
// serial is another world, so it takes another lock.
long long lock_key(const std::string& service, const std::string& program) {
    unsigned long long hash = 1469598103934665603ULL;
    for (const char c : "flexform:" + service + " " + program) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ULL;
    }
    return static_cast<long long>(hash & 0x7fffffffffffffffULL);
}

// A session of the lock: its errors are the apply lock's, not the consumption store's.
class Session : public PgSession {
public:
    explicit Session(const std::string& url)
        : PgSession(url, " for the apply lock",
                    "apply lock: ", [](const std::string& message) { throw std::runtime_error(message); }) {}
};

class PostgresLock : public ProgramLock {
public:
    PostgresLock(std::unique_ptr<Session> session, long long key) : m_session(std::move(session)), m_key(key) {}
    ~PostgresLock() override {
        try {
            m_session->query("SELECT pg_advisory_unlock($1::bigint)", {std::to_string(m_key)});
        } catch (const std::exception&) {
            // Closing the session below releases it anyway.
        }
    }

private:
    std::unique_ptr<Session> m_session;
    long long m_key;
};

class PostgresLockService : public LockService {
public:
    PostgresLockService(std::string url, std::string service) : m_url(std::move(url)), m_service(std::move(service)) {}

    std::unique_ptr<ProgramLock> acquire(const std::string& program, const LockHolder& me,
                                         std::chrono::milliseconds timeout) override {
        auto session = std::make_unique<Session>(m_url);
        try {
            session->query(
                "CREATE TABLE IF NOT EXISTS flexform_apply_locks (lock_key BIGINT PRIMARY KEY, service TEXT, "
                "program_serial TEXT, backend_pid INTEGER, host TEXT, username TEXT, pid TEXT, operation TEXT, "
                "since TEXT)",
                {});
        } catch (const std::runtime_error&) {
            // Two first-ever runs creating the table at once: one of them made it, which is all that matters.
        }
        const long long key = lock_key(m_service, program);
        const std::string key_text = std::to_string(key);
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            const Result r = session->query("SELECT pg_try_advisory_lock($1::bigint)", {key_text});
            if (std::string(PQgetvalue(r.get(), 0, 0)) == "t") {
                break;
            }
            if (std::chrono::steady_clock::now() >= deadline) {
                throw LockBusy(program, holder(*session, key), "PostgreSQL advisory lock in " + describe());
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
        }
        session->query(
            "INSERT INTO flexform_apply_locks VALUES ($1::bigint, $2, $3, pg_backend_pid(), $4, $5, $6, $7, $8) ON "
            "CONFLICT (lock_key) DO UPDATE SET service = EXCLUDED.service, program_serial = EXCLUDED.program_serial, "
            "backend_pid = EXCLUDED.backend_pid, host = EXCLUDED.host, username = EXCLUDED.username, pid = "
            "EXCLUDED.pid, operation = EXCLUDED.operation, since = EXCLUDED.since",
            {key_text, m_service, program, me.host, me.user, me.pid, me.operation, me.since});
        return std::make_unique<PostgresLock>(std::move(session), key);
    }

    std::string describe() const override { return redact_url(m_url); }

private:
    // The session that holds the advisory lock, and what it recorded about itself.
    static LockHolder holder(Session& session, long long key) {
        const unsigned long long k = static_cast<unsigned long long>(key);
        const Result r = session.query(
            "SELECT h.host, h.username, h.pid, h.operation, h.since FROM pg_locks l JOIN flexform_apply_locks h ON "
            "h.backend_pid = l.pid AND h.lock_key = $3::bigint WHERE l.locktype = 'advisory' AND l.granted AND "
            "l.classid = $1::bigint::oid AND l.objid = $2::bigint::oid AND l.objsubid = 1",
            {std::to_string(k >> 32), std::to_string(k & 0xffffffffULL), std::to_string(key)});
        LockHolder h;
        if (PQntuples(r.get()) > 0) {
            h.host = PQgetvalue(r.get(), 0, 0);
            h.user = PQgetvalue(r.get(), 0, 1);
            h.pid = PQgetvalue(r.get(), 0, 2);
            h.operation = PQgetvalue(r.get(), 0, 3);
            h.since = PQgetvalue(r.get(), 0, 4);
        } else {
            h.operation = "another session";
        }
        return h;
    }

    std::string m_url;
    std::string m_service;
};

}  // namespace

std::unique_ptr<LockService> postgres_lock_service(const std::string& url, const std::string& service) {
    return std::make_unique<PostgresLockService>(url, service_key(service));
}

}  // namespace flexform

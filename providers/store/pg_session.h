// One libpq connection, shared by the PostgreSQL consumption store and the PostgreSQL apply lock: connecting (an
// error names the URL without its password), parameterised queries, multi-statement scripts, and the raw handle
// for COPY. Every failure is raised through the owner's `raise` (the store throws StoreError, the lock its own
// error) with libpq's reason, prefixed by what the connection is for.
#pragma once

#include <libpq-fe.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace flexform {

struct PgResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, PgResultDeleter>;

class PgSession {
public:
    // Throws the message it is given; never returns.
    using Raise = std::function<void(const std::string& message)>;
    // `purpose` ends the connect error ("" or " for the apply lock"); `error_prefix` starts every query error.
    PgSession(const std::string& url, const std::string& purpose, std::string error_prefix, Raise raise);
    ~PgSession();
    PgSession(const PgSession&) = delete;
    PgSession& operator=(const PgSession&) = delete;

    PgResult query(const std::string& sql, const std::vector<std::string>& params);
    // The simple protocol: several statements at once, as migrations have.
    void exec(const std::string& sql);
    PGconn* raw() const { return m_conn; }
    [[noreturn]] void fail() const;  // raises libpq's last error

private:
    PGconn* m_conn = nullptr;
    std::string m_url;  // to mask its secrets wherever libpq repeats them
    std::string m_error_prefix;
    Raise m_raise;
};

}  // namespace flexform

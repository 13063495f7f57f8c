#include "providers/store/pg_session.h"

#include <cstdlib>

#include "providers/store/store.h"

namespace flexform {

namespace {

std::string trimmed(std::string message) {
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
        message.pop_back();
    }
    return message;
}

bool succeeded(const PgResult& r) {
    const auto status = PQresultStatus(r.get());
    return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

}  // namespace

PgSession::PgSession(const std::string& url, const std::string& purpose, std::string error_prefix, Raise raise)
    : m_conn(PQconnectdb(url.c_str())), m_url(url), m_error_prefix(std::move(error_prefix)), m_raise(std::move(raise)) {
    if (PQstatus(m_conn) != CONNECTION_OK) {
        // libpq may repeat the string it was given, password included.
        const std::string message = redact_secrets(trimmed(PQerrorMessage(m_conn)), url);
        PQfinish(m_conn);  // a throwing constructor runs no destructor
        m_raise("cannot connect to " + redact_url(url) + purpose + ": " + message);
        std::abort();
    }
    try {
        exec("SET client_min_messages TO WARNING");
    } catch (...) {
        PQfinish(m_conn);
        throw;
    }
}

PgSession::~PgSession() {
    PQfinish(m_conn);
}

void PgSession::fail() const {
    m_raise(m_error_prefix + redact_secrets(trimmed(PQerrorMessage(m_conn)), m_url));
    std::abort();  // `raise` throws
}

PgResult PgSession::query(const std::string& sql, const std::vector<std::string>& params) {
    std::vector<const char*> values;
    for (const auto& p : params) {
        values.push_back(p.c_str());
    }
    PgResult r(PQexecParams(m_conn, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr,
                            nullptr, 0));
    if (!succeeded(r)) {
        fail();
    }
    return r;
}

void PgSession::exec(const std::string& sql) {
    if (!succeeded(PgResult(PQexec(m_conn, sql.c_str())))) {
        fail();
    }
}

}  // namespace flexform

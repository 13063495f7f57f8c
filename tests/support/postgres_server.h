// PostgresServer starts a throwaway PostgreSQL cluster on loopback for store tests: initdb and pg_ctl in a
// temporary directory, as the postgres user when running as root (PostgreSQL refuses to run as root).
#pragma once

#include <string>

namespace flexform::testing {

class PostgresServer {
public:
    PostgresServer();   // throws std::runtime_error with the reason when it cannot start
    ~PostgresServer();  // stops the server and removes the directory
    PostgresServer(const PostgresServer&) = delete;
    PostgresServer& operator=(const PostgresServer&) = delete;

    // postgresql://flexform@127.0.0.1:PORT/DATABASE; each name gets its own fresh database.
    std::string url(const std::string& database = "postgres") const;
    std::string create_database(const std::string& name) const;
    // From now on only the flexform role connects without a password over TCP; any other role must give one.
    void require_passwords_for_other_roles() const;

private:
    std::string run_as_owner(const std::string& command) const;
    std::string m_bin;
    std::string m_dir;
    int m_port = 0;
    bool m_as_postgres = false;
};

}  // namespace flexform::testing

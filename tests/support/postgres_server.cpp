#include "tests/support/postgres_server.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

namespace flexform::testing {

namespace fs = std::filesystem;

namespace {

int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    const int port = ntohs(address.sin_port);
    ::close(fd);
    return port;
}

std::string find_bin() {
    std::string best;
    if (fs::exists("/usr/lib/postgresql")) {
        for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql")) {
            if (fs::exists(entry.path() / "bin" / "initdb")) {
                best = std::max(best, (entry.path() / "bin").string());
            }
        }
    }
    return best;
}

std::string shell(const std::string& command) {
    std::array<char, 4096> buffer{};
    std::string output;
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    if (!pipe) {
        throw std::runtime_error("cannot run: " + command);
    }
    while (std::fgets(buffer.data(), buffer.size(), pipe)) {
        output += buffer.data();
    }
    const int status = ::pclose(pipe);
    if (status != 0) {
        throw std::runtime_error("failed (" + std::to_string(status) + "): " + command + "\n" + output);
    }
    return output;
}

}  // namespace

PostgresServer::PostgresServer() {
    m_bin = find_bin();
    if (m_bin.empty()) {
        throw std::runtime_error(
            "PostgreSQL server binaries not found under /usr/lib/postgresql (run scripts/setup.sh)");
    }
    m_as_postgres = ::geteuid() == 0;
    m_dir = (fs::temp_directory_path() / ("flexform-pg-" + std::to_string(::getpid()))).string();
    fs::remove_all(m_dir);
    fs::create_directories(m_dir);
    if (m_as_postgres) {
        shell("chown postgres " + m_dir);
    }
    run_as_owner(m_bin + "/initdb -D " + m_dir + "/data -U flexform -A trust --no-sync -E UTF8 --locale=C > " + m_dir +
                 "/initdb.log");
    // The free port can be taken by a parallel test before the server binds it: try another one.
    for (int attempt = 1;; ++attempt) {
        m_port = free_port();
        try {
            run_as_owner(m_bin + "/pg_ctl -D " + m_dir + "/data -l " + m_dir + "/server.log -w -t 60 -o \"-p " +
                         std::to_string(m_port) + " -k " + m_dir +
                         " -c listen_addresses=127.0.0.1 -c fsync=off\" start");
            return;
        } catch (const std::runtime_error&) {
            if (attempt == 3) {
                throw;
            }
        }
    }
}

PostgresServer::~PostgresServer() {
    try {
        run_as_owner(m_bin + "/pg_ctl -D " + m_dir + "/data -m immediate -w stop");
    } catch (const std::exception&) {
    }
    std::error_code ec;
    fs::remove_all(m_dir, ec);
}

std::string PostgresServer::run_as_owner(const std::string& command) const {
    if (m_as_postgres) {
        return shell("runuser -u postgres -- sh -c '" + command + "'");
    }
    return shell(command);
}

std::string PostgresServer::url(const std::string& database) const {
    return "postgresql://flexform@127.0.0.1:" + std::to_string(m_port) + "/" + database;
}

std::string PostgresServer::create_database(const std::string& name) const {
    run_as_owner(m_bin + "/createdb -h 127.0.0.1 -p " + std::to_string(m_port) + " -U flexform " + name);
    return url(name);
}

void PostgresServer::require_passwords_for_other_roles() const {
    run_as_owner(
        "printf \"local all all trust\\nhost all flexform 127.0.0.1/32 trust\\n"
        "host all all 127.0.0.1/32 scram-sha-256\\n\" > " +
        m_dir + "/data/pg_hba.conf");
    run_as_owner(m_bin + "/pg_ctl -D " + m_dir + "/data reload");
}

}  // namespace flexform::testing

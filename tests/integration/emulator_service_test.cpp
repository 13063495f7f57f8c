// The emulator as a shared staging service: slow clients cannot starve others, tokens are unguessable, revocable
// and pruned, password guessing is throttled, passwords are stored hashed in a file only its owner reads, a failed
// state write is an error the client sees (and memory never runs ahead of the file), and hooks off loopback warn.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <fstream>
#include <iterator>
#include <mutex>
#include <thread>
#include <vector>

#include <sqlite3.h>

#include "tests/integration/emulator_fixture.h"
#include "tests/support/process.h"

namespace flexform::emulator::testing {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

using EmulatorService = EmulatorFixture;

int connect_to(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    timeval timeout{0, 200000};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    return fd;
}

bool send_text(int fd, const std::string& text) {
    return ::send(fd, text.data(), text.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(text.size());
}

// Whether the server has closed the connection (a read returns end of file or an error, not a timeout); waits up
// to 200 ms unless `now`.
bool closed_by_server(int fd, bool now = false) {
    char byte = 0;
    const ssize_t got = ::recv(fd, &byte, 1, now ? MSG_DONTWAIT : 0);
    return got == 0 || (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
}

int port_of(const std::string& base_url) {
    return std::stoi(base_url.substr(base_url.rfind(':') + 1));
}

std::string file_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

unsigned mode_of(const fs::path& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 ? (st.st_mode & 0777) : 0;
}

double millis_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// `flexform emulator` as a process, with its banner read and its stderr kept in a file.
class EmulatorProcess {
public:
    EmulatorProcess(const fs::path& dir, const std::vector<std::string>& extra) {
        fs::create_directories(dir);
        std::ofstream(dir / "seed.json") << k_seed;
        std::vector<std::string> argv = {FLEXFORM_BINARY, "emulator",
                                         "--listen",      "127.0.0.1:0",
                                         "--state",       (dir / "state.db").string(),
                                         "--seed",        (dir / "seed.json").string()};
        argv.insert(argv.end(), extra.begin(), extra.end());
        stderr_path = dir / "stderr.txt";
        m_process = std::make_unique<flexform::testing::BackgroundProcess>(argv, std::map<std::string, std::string>{},
                                                                           "", stderr_path.string());
        for (std::string line = m_process->read_line(); !line.empty(); line = m_process->read_line()) {
            if (line.find("listening on http://") != std::string::npos) {
                base = line.substr(line.find("http://"));
            }
            if (line.find("  state: ") != std::string::npos) {
                break;
            }
        }
    }
    int terminate() { return m_process->terminate(); }

    std::string base;
    fs::path stderr_path;

private:
    std::unique_ptr<flexform::testing::BackgroundProcess> m_process;
};

TEST_F(EmulatorService, SixHundredSlowClientsDoNotDelayANormalRequest) {
    const fs::path dir = temp_path("slow-clients");
    fs::remove_all(dir);
    EmulatorProcess server(dir, {});
    ASSERT_FALSE(server.base.empty());
    const int port = port_of(server.base);
    // Each slow client starts a request, then sends one header line every 3 s: never idle for a whole read timeout.
    std::vector<int> slow;
    for (int i = 0; i < 600; ++i) {
        const int fd = connect_to(port);
        ASSERT_GE(fd, 0) << "connection " << i;
        send_text(fd, "POST /ES/api/fortiflex/v2/configs/list HTTP/1.1\r\nHost: x\r\n");
        slow.push_back(fd);
    }
    const auto drip = Clock::now();
    std::this_thread::sleep_for(std::chrono::milliseconds(3000));
    for (const int fd : slow) {
        send_text(fd, "X-Slow: " + std::to_string(millis_since(drip)) + "\r\n");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    httplib::Client client(server.base);
    client.set_read_timeout(20, 0);
    const json login = {
        {"username", k_user}, {"password", k_password}, {"client_id", "flexvm"}, {"grant_type", "password"}};
    const auto start = Clock::now();
    auto token = client.Post("/api/v1/oauth/token/", login.dump(), "application/json");
    ASSERT_TRUE(token);
    ASSERT_EQ(token->status, 200);
    auto res = client.Post("/ES/api/fortiflex/v2/programs/list",
                           {{"Authorization", "Bearer " + json::parse(token->body)["access_token"].get<std::string>()}},
                           "{}", "application/json");
    const double elapsed = millis_since(start);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_LT(elapsed, 500.0) << "a login and a request with 600 slow clients connected";
    int cut = 0;
    for (const int fd : slow) {
        cut += closed_by_server(fd, true) ? 1 : 0;
        ::close(fd);
    }
    // One client's share is 64 connections: the others were closed to make room.
    EXPECT_GE(cut, 600 - 64);
    EXPECT_EQ(server.terminate(), 0);
    fs::remove_all(dir);
}

TEST_F(EmulatorService, ARequestNotReadWholeWithinTheDeadlineIsCut) {
    ServerOptions options;
    options.request_deadline_seconds = 2;
    EmulatorServer strict(*m_emulator, options);
    strict.bind();
    strict.start();
    const int fd = connect_to(port_of(strict.base_url()));
    ASSERT_GE(fd, 0);
    const auto start = Clock::now();
    bool closed = false;
    send_text(fd, "POST /ES/api/fortiflex/v2/configs/list HTTP/1.1\r\n");
    while (!closed && millis_since(start) < 6000) {
        send_text(fd, "X-Slow: 1\r\n");  // a line every ~0.5 s: each read is quick, the request never ends
        for (int i = 0; i < 2 && !closed; ++i) {
            closed = closed_by_server(fd);  // waits up to 200 ms
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    const double elapsed = millis_since(start);
    ::close(fd);
    EXPECT_TRUE(closed);
    EXPECT_GE(elapsed, 1900.0);
    EXPECT_LT(elapsed, 3500.0);
    // A normal request on the same server is unaffected.
    httplib::Client client(strict.base_url());
    auto res = client.Post("/ES/api/fortiflex/v2/programs/list", {{"Authorization", "Bearer " + token()}}, "{}",
                           "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
}

TEST_F(EmulatorService, RevokingATokenRefusesItAndItsRefreshToken) {
    const json login = {
        {"username", k_user}, {"password", k_password}, {"client_id", "flexvm"}, {"grant_type", "password"}};
    const json granted = json::parse(m_client->Post("/api/v1/oauth/token/", login.dump(), "application/json")->body);
    const std::string access = granted["access_token"];
    const std::string refresh = granted["refresh_token"];
    EXPECT_EQ(access.size(), 30u);
    EXPECT_NE(access, token());  // a second login draws another
    EXPECT_EQ(api("programs/list", json::object(), access).http, 200);
    auto revoked = m_client->Post("/api/v1/oauth/revoke_token/",
                                  json{{"client_id", "flexvm"}, {"token", access}}.dump(), "application/json");
    ASSERT_TRUE(revoked);
    EXPECT_EQ(revoked->status, 200) << revoked->body;
    EXPECT_EQ(api("programs/list", json::object(), access).http, 401);
    auto refreshed = m_client->Post(
        "/api/v1/oauth/token/",
        json{{"client_id", "flexvm"}, {"grant_type", "refresh_token"}, {"refresh_token", refresh}}.dump(),
        "application/json");
    ASSERT_TRUE(refreshed);
    EXPECT_EQ(refreshed->status, 401) << refreshed->body;
    EXPECT_EQ(api("programs/list", json::object(), token()).http, 200);  // other tokens are untouched
}

TEST_F(EmulatorService, ExpiredTokensArePruned) {
    const std::string old_token = token();
    EXPECT_NE(m_emulator->issued_tokens().dump().find(old_token), std::string::npos);
    m_real_now += (3660 + 61) * 1000LL;  // past the token's life and a minute more
    const std::string new_token = token();
    const std::string live = m_emulator->issued_tokens().dump();
    EXPECT_EQ(live.find(old_token), std::string::npos);
    EXPECT_NE(live.find(new_token), std::string::npos);
}

TEST_F(EmulatorService, FailedLoginsAreThrottledPerUser) {
    const auto login = [this](const std::string& user, const std::string& password) {
        const json body = {
            {"username", user}, {"password", password}, {"client_id", "flexvm"}, {"grant_type", "password"}};
        return m_client->Post("/api/v1/oauth/token/", body.dump(), "application/json");
    };
    for (int i = 0; i < 10; ++i) {
        auto res = login(k_user, "guess-" + std::to_string(i));
        ASSERT_TRUE(res);
        EXPECT_EQ(res->status, 401);
    }
    auto refused = login(k_user, k_password);  // even the right password waits now
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 429);
    EXPECT_EQ(json::parse(refused->body)["error_description"],
              "Too many failed logins for this user; try again in 60 s");
    EXPECT_EQ(login("READER", "reader-password")->status, 200);  // another user is not held back
    m_real_now += 61 * 1000;
    EXPECT_EQ(login(k_user, k_password)->status, 200);
}

TEST_F(EmulatorService, PasswordsAreStoredHashedInAFileOnlyItsOwnerReads) {
    const fs::path path = temp_path("hashed") / "state.db";
    fs::remove_all(path.parent_path());
    fs::create_directories(path.parent_path());
    stop();
    start(path.string());
    EXPECT_FALSE(token().empty());
    stop();  // closed: everything is in the main file now
    const std::string stored = file_text(path);
    EXPECT_EQ(stored.find(k_password), std::string::npos);
    EXPECT_EQ(stored.find("reader-password"), std::string::npos);
    EXPECT_NE(stored.find("pbkdf2-sha256$"), std::string::npos);
    EXPECT_EQ(mode_of(path), 0600u);
    EXPECT_EQ(mode_of(path.string() + ".lock"), 0600u);
    start(path.string());
    EXPECT_FALSE(token().empty());  // the hash still lets the user in after a restart
    EXPECT_EQ(mode_of(path.string() + "-wal"), 0600u);
    stop();
    fs::remove_all(path.parent_path());
}

TEST_F(EmulatorService, AnOlderStateWithClearTextPasswordsIsRewrittenHashed) {
    const fs::path path = temp_path("older-state") / "state.db";
    fs::remove_all(path.parent_path());
    fs::create_directories(path.parent_path());
    stop();
    start(path.string());
    stop();
    {  // the user as an earlier emulator stored it
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
        ASSERT_EQ(sqlite3_exec(db,
                               "UPDATE objects SET body = json_set(json_remove(body, '$.passwordHash'), "
                               "'$.password', 'test-password-1') WHERE kind = 'user' AND key = 'TEST-USER-0001'",
                               nullptr, nullptr, nullptr),
                  SQLITE_OK);
        EXPECT_EQ(sqlite3_changes(db), 1);
        sqlite3_close(db);
    }
    ASSERT_NE(file_text(path).find(k_password), std::string::npos);
    start(path.string());
    EXPECT_FALSE(token().empty());
    stop();
    EXPECT_EQ(file_text(path).find(k_password), std::string::npos);
    fs::remove_all(path.parent_path());
}

TEST_F(EmulatorService, AFailedStateWriteIsA500ThatKeepsNothing) {
    const fs::path path = temp_path("full-disk") / "state.db";
    fs::remove_all(path.parent_path());
    fs::create_directories(path.parent_path());
    std::vector<std::string> logged;
    std::mutex log_mutex;
    m_log = [&](const std::string& line) {
        std::lock_guard lock(log_mutex);
        logged.push_back(line);
    };
    stop();
    start(path.string());
    const json create = {{"programSerialNumber", k_program},
                         {"accountId", k_acme},
                         {"name", "never-saved"},
                         {"productTypeId", 1},
                         {"parameters", json::array({{{"id", 1}, {"value", "2"}}, {{"id", 2}, {"value", "ENT"}}})}};
    hook("storage", {{"failWrites", 1}});
    const Reply failed = api("configs/create", create);
    EXPECT_EQ(failed.http, 500);
    EXPECT_EQ(failed.body.value("status", 0), -1) << failed.body.dump();
    EXPECT_EQ(failed.body.value("message", ""),
              "the emulator could not save the change: sqlite write: database or disk is full (injected by a test "
              "hook)");
    {
        std::lock_guard lock(log_mutex);
        ASSERT_EQ(logged.size(), 1u);
        EXPECT_EQ(logged[0],
                  "could not save the state, the change is rolled back: sqlite write: database or disk is full "
                  "(injected by a test hook)");
    }
    const auto names = [this] {
        std::string all;
        for (const auto& c : ok("configs/list", {{"programSerialNumber", k_program}}, "configs")) {
            all += c["name"].get<std::string>() + " ";
        }
        return all;
    };
    EXPECT_EQ(names().find("never-saved"), std::string::npos);  // memory did not run ahead of the file
    stop();
    start(path.string());
    EXPECT_EQ(names().find("never-saved"), std::string::npos);
    EXPECT_EQ(api("configs/create", create).http, 200);  // the disk has room again
    EXPECT_NE(names().find("never-saved"), std::string::npos);
    stop();
    m_log = nullptr;
    fs::remove_all(path.parent_path());
}

TEST_F(EmulatorService, HooksOffLoopbackPrintALoudWarning) {
    const fs::path dir = temp_path("hooks-warning");
    fs::remove_all(dir);
    {
        EmulatorProcess open_hooks(dir, {"--hooks-listen", "0.0.0.0:0"});
        EXPECT_EQ(open_hooks.terminate(), 0);
    }
    EXPECT_NE(file_text(dir / "stderr.txt")
                  .find("WARNING: --hooks-listen 0.0.0.0:0 is not a loopback address: anyone who reaches it can "
                        "reset the state, move the clock and read every token."),
              std::string::npos)
        << file_text(dir / "stderr.txt");
    {
        EmulatorProcess local_hooks(dir, {"--hooks-listen", "127.0.0.1:0"});
        EXPECT_EQ(local_hooks.terminate(), 0);
    }
    EXPECT_EQ(file_text(dir / "stderr.txt").find("WARNING"), std::string::npos);
    fs::remove_all(dir);
}

}  // namespace
}  // namespace flexform::emulator::testing

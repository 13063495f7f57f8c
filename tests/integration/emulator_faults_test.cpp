// Fault injection, the optional rate limiter and request counters under /__emulator/.
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <set>
#include <thread>

#include "tests/integration/emulator_fixture.h"

namespace flexform::emulator::testing {
namespace {

// How a connection ended, seen from a raw socket: the bytes of answer it carried, and the error that ended it
// (ECONNRESET for a reset; 0 for an orderly close).
struct Ending {
    std::size_t bytes = 0;
    int error = 0;
};

class EmulatorFaults : public EmulatorFixture {
public:
    Ending raw_post(const std::string& path, const json& body) {
        const std::string url = m_server->base_url();
        const int port = std::stoi(url.substr(url.rfind(':') + 1));
        const std::string text = body.dump();
        const std::string request =
            "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token() +
            "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(text.size()) +
            "\r\nConnection: close\r\n\r\n" + text;
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        const timeval wait{10, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<std::uint16_t>(port));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        Ending ending;
        if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
            ::send(fd, request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size())) {
            ending.error = errno;
            ::close(fd);
            return ending;
        }
        char buffer[4096];
        for (;;) {
            const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
            if (n < 0) {
                ending.error = errno;
                break;
            }
            if (n == 0) {
                break;
            }
            ending.bytes += static_cast<std::size_t>(n);
        }
        ::close(fd);
        return ending;
    }
    std::size_t configs_named(const std::string& name) {
        std::size_t n = 0;
        for (const auto& c : ok("configs/list", {{"programSerialNumber", k_program}}, "configs")) {
            n += c["name"] == name ? 1 : 0;
        }
        return n;
    }
    json create_config(const std::string& name) {
        return {{"programSerialNumber", k_program},
                {"accountId", k_acme},
                {"name", name},
                {"productTypeId", 1},
                {"parameters", json::array({{{"id", 1}, {"value", "2"}}, {{"id", 2}, {"value", "UTP"}}})}};
    }
};

TEST_F(EmulatorFaults, Http429CarriesRetryAfterOnceThenClears) {
    hook("faults", {{"endpoint", "programs/list"}, {"kind", "http"}, {"httpStatus", 429}, {"retryAfter", 7}});
    httplib::Headers headers = {{"Authorization", "Bearer " + token()}};
    auto res = m_client->Post("/ES/api/fortiflex/v2/programs/list", headers, "{}", "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 429);
    EXPECT_EQ(res->get_header_value("Retry-After"), "7");
    EXPECT_EQ(api("programs/list", json::object()).http, 200);
}

TEST_F(EmulatorFaults, ServerErrorsAndRateLimitStatusesAreInjectable) {
    hook("faults", {{"endpoint", "configs/list"}, {"kind", "http"}, {"httpStatus", 502}});
    hook("faults", {{"endpoint", "configs/list"}, {"kind", "status"}, {"apiStatus", -11}});
    EXPECT_EQ(api("configs/list", {{"programSerialNumber", k_program}}).http, 502);
    const Reply limited = api("configs/list", {{"programSerialNumber", k_program}});
    EXPECT_EQ(limited.http, 429);
    EXPECT_EQ(limited.body["status"], -11);
    EXPECT_EQ(limited.body["message"], "Exceed max requests in hour");
    EXPECT_EQ(api("configs/list", {{"programSerialNumber", k_program}}).http, 200);
}

TEST_F(EmulatorFaults, LatencyIsAddedToEveryMatchingRequest) {
    hook("faults", {{"endpoint", "*"}, {"kind", "latency"}, {"latencyMs", 150}, {"count", -1}});
    const auto start = std::chrono::steady_clock::now();
    api("programs/list", json::object());
    api("programs/list", json::object());
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    EXPECT_GE(elapsed.count(), 300);
    hook("faults/clear", json::object());
}

TEST_F(EmulatorFaults, InvalidTokenOnceThenTheSameTokenWorks) {
    const std::string t = token();
    hook("faults", {{"kind", "invalid_token"}});
    EXPECT_EQ(api("programs/list", json::object(), t).body["message"], "Invalid security token.");
    EXPECT_EQ(api("programs/list", json::object(), t).http, 200);
}

TEST_F(EmulatorFaults, DroppedConnectionBeforeTheRequestChangesNothing) {
    hook("faults", {{"endpoint", "entitlements/hardware/create"}, {"kind", "drop"}});
    const Reply r = api("entitlements/hardware/create", {{"configId", 100}, {"serialNumbers", {"FGT60FTK20000020"}}});
    EXPECT_EQ(r.http, 0);  // no response
    EXPECT_TRUE(
        ok("entitlements/list", {{"configId", 100}, {"serialNumber", "FGT60FTK20000020"}}, "entitlements").empty());
}

TEST_F(EmulatorFaults, DroppedConnectionAfterTheRequestLeavesItsEffect) {
    hook("faults", {{"endpoint", "entitlements/vm/create"}, {"kind", "drop"}, {"after", true}});
    const Reply r =
        api("entitlements/vm/create", {{"configId", 101}, {"count", 2}, {"description", "unknown-outcome"}});
    EXPECT_EQ(r.http, 0);
    EXPECT_EQ(ok("entitlements/list", {{"configId", 101}, {"description", "unknown-outcome"}}, "entitlements").size(),
              2u);
}

TEST_F(EmulatorFaults, EveryServerErrorBeforeProcessingChangesNothing) {
    for (const int status : {500, 502, 503, 504}) {
        hook("faults", {{"endpoint", "configs/create"}, {"kind", "http"}, {"httpStatus", status}});
        EXPECT_EQ(api("configs/create", create_config("before-" + std::to_string(status))).http, status);
        EXPECT_EQ(configs_named("before-" + std::to_string(status)), 0u);
    }
}

TEST_F(EmulatorFaults, ServerErrorsAfterProcessingLeaveTheWriteDone) {
    for (const int status : {500, 502, 503, 504}) {
        hook("faults", {{"endpoint", "configs/create"}, {"kind", "http_after"}, {"httpStatus", status}});
        const Reply r = api("configs/create", create_config("after-" + std::to_string(status)));
        EXPECT_EQ(r.http, status);
        EXPECT_EQ(r.body["status"], -1);
        EXPECT_EQ(configs_named("after-" + std::to_string(status)), 1u);  // the answer lies: the create happened
    }
}

TEST_F(EmulatorFaults, AResetBeforeProcessingIsAConnectionResetAndChangesNothing) {
    hook("faults", {{"endpoint", "configs/create"}, {"kind", "reset_before"}});
    const Ending ending = raw_post("/ES/api/fortiflex/v2/configs/create", create_config("reset-before"));
    EXPECT_EQ(ending.error, ECONNRESET);
    EXPECT_EQ(ending.bytes, 0u);
    EXPECT_EQ(configs_named("reset-before"), 0u);
}

TEST_F(EmulatorFaults, AResetAfterProcessingIsAConnectionResetAndLeavesItsEffect) {
    hook("faults", {{"endpoint", "entitlements/vm/create"}, {"kind", "reset_after"}});
    const Ending ending = raw_post("/ES/api/fortiflex/v2/entitlements/vm/create",
                                   {{"configId", 101}, {"count", 2}, {"description", "reset-after"}});
    EXPECT_EQ(ending.error, ECONNRESET);
    EXPECT_EQ(ending.bytes, 0u);
    EXPECT_EQ(ok("entitlements/list", {{"configId", 101}, {"description", "reset-after"}}, "entitlements").size(), 2u);
    // A drop, by contrast, is an orderly close with nothing sent.
    hook("faults", {{"endpoint", "entitlements/vm/create"}, {"kind", "drop_after"}});
    const Ending dropped = raw_post("/ES/api/fortiflex/v2/entitlements/vm/create",
                                    {{"configId", 101}, {"count", 1}, {"description", "dropped"}});
    EXPECT_EQ(dropped.error, 0);
    EXPECT_EQ(dropped.bytes, 0u);
}

TEST_F(EmulatorFaults, AStaleListHidesAConfigCreatedOneSecondAgoAndShowsItAfterTheLag) {
    hook("faults", {{"endpoint", "configs/list"}, {"kind", "stale_list"}, {"lagMs", 1000}, {"count", -1}});
    const std::int64_t id = ok("configs/create", create_config("fresh"), "configs")["id"].get<std::int64_t>();
    EXPECT_EQ(configs_named("fresh"), 0u);
    EXPECT_EQ(configs_named("acme-fgt"), 1u);  // what is older than the lag is listed as always
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    ASSERT_EQ(configs_named("fresh"), 1u);
    EXPECT_GT(id, 104);
}

TEST_F(EmulatorFaults, AStaleListOfEntitlementsHidesNewVmsUntilTheLagHasPassed) {
    hook("faults", {{"endpoint", "entitlements/list"}, {"kind", "stale_list"}, {"lagMs", 800}, {"count", -1}});
    ok("entitlements/vm/create", {{"configId", 101}, {"count", 2}, {"description", "new-vms"}}, "entitlements");
    EXPECT_TRUE(ok("entitlements/list", {{"configId", 101}, {"description", "new-vms"}}, "entitlements").empty());
    EXPECT_EQ(ok("entitlements/list", {{"configId", 100}}, "entitlements").size(), 2u);
    std::this_thread::sleep_for(std::chrono::milliseconds(900));
    EXPECT_EQ(ok("entitlements/list", {{"configId", 101}, {"description", "new-vms"}}, "entitlements").size(), 2u);
}

TEST_F(EmulatorFaults, AStaleListFaultLeavesOtherEndpointsAlone) {
    hook("faults", {{"kind", "stale_list"}, {"lagMs", 5000}, {"count", 1}});
    ok("configs/create", create_config("not-a-list"), "configs");  // a create does not consume it
    EXPECT_EQ(configs_named("not-a-list"), 0u);                    // the first list does
    EXPECT_EQ(configs_named("not-a-list"), 1u);
}

TEST_F(EmulatorFaults, ACreateOutlivingTheClientTimeoutLandsAfterTheClientGaveUp) {
    hook("faults", {{"endpoint", "configs/create"}, {"kind", "latency"}, {"latencyMs", 1500}});
    httplib::Client impatient(m_server->base_url());
    impatient.set_read_timeout(0, 500000);
    httplib::Headers headers = {{"Authorization", "Bearer " + token()}};
    const auto start = std::chrono::steady_clock::now();
    const auto res = impatient.Post("/ES/api/fortiflex/v2/configs/create", headers, create_config("slow").dump(),
                                    "application/json");
    EXPECT_FALSE(res);  // timed out
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(1400));
    EXPECT_EQ(configs_named("slow"), 0u);
    std::this_thread::sleep_for(std::chrono::milliseconds(1300));
    EXPECT_EQ(configs_named("slow"), 1u);  // it was in flight, and it landed
}

TEST_F(EmulatorFaults, TheTokenEndpointFailsInEveryWayWhenNamed) {
    const json login = {
        {"username", k_user}, {"password", k_password}, {"client_id", "flexvm"}, {"grant_type", "password"}};
    const auto post_token = [&] { return m_client->Post("/api/v1/oauth/token/", login.dump(), "application/json"); };
    hook("faults", {{"endpoint", "oauth/token"}, {"kind", "http"}, {"httpStatus", 502}});
    EXPECT_EQ(post_token()->status, 502);
    hook("faults", {{"endpoint", "oauth/token"}, {"kind", "http_after"}, {"httpStatus", 504}});
    EXPECT_EQ(post_token()->status, 504);
    const std::size_t issued = m_emulator->issued_tokens().size();
    hook("faults", {{"endpoint", "oauth/token"}, {"kind", "reset_before"}});
    EXPECT_FALSE(post_token());
    hook("faults", {{"endpoint", "oauth/token"}, {"kind", "cut_body"}});
    const auto cut = post_token();
    EXPECT_TRUE(!cut || json::parse(cut->body, nullptr, false).is_discarded());
    EXPECT_GT(m_emulator->issued_tokens().size(), issued);  // the cut answer's token was issued
    hook("faults", {{"endpoint", "oauth/token"}, {"kind", "latency"}, {"latencyMs", 300}});
    const auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(post_token()->status, 200);
    EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(300));
    // A wildcard fault never touches the token service.
    hook("faults", {{"kind", "http"}, {"httpStatus", 500}});
    EXPECT_EQ(post_token()->status, 200);
    hook("faults/clear", json::object());
}

TEST_F(EmulatorFaults, AnyStrikesWithEveryServerErrorRateLimitsAndLostConnections) {
    hook("faults", {{"endpoint", "programs/list"}, {"kind", "any"}, {"count", 300}});
    std::set<int> seen;
    for (int i = 0; i < 300; ++i) {
        seen.insert(api("programs/list", json::object()).http);
    }
    for (const int status : {0, 401, 429, 500, 502, 503, 504}) {
        EXPECT_TRUE(seen.count(status)) << status;
    }
    EXPECT_EQ(api("programs/list", json::object()).http, 200);  // its 300 strikes are spent
}

TEST_F(EmulatorFaults, RateLimiterAnswersMinus10PastTheLimit) {
    const std::string t = token();
    hook("rate-limit", {{"requestsPerMinute", 3}});
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(api("programs/list", json::object(), t).http, 200);
    }
    const Reply limited = api("programs/list", json::object(), t);
    EXPECT_EQ(limited.http, 429);
    EXPECT_EQ(limited.body["status"], -10);
    m_real_now += 61 * 1000;
    EXPECT_EQ(api("programs/list", json::object(), t).http, 200);
}

TEST_F(EmulatorFaults, CountersCountRequestsPerEndpointAndWrites) {
    hook("counters/reset", json::object());
    api("programs/list", json::object());
    api("configs/list", {{"programSerialNumber", k_program}});
    api("configs/list", {{"programSerialNumber", k_program}});
    api("entitlements/stop", {{"serialNumber", "FGT60FTK20000001"}});
    auto res = m_client->Get("/__emulator/counters");
    const json counters = json::parse(res->body);
    EXPECT_EQ(counters["endpoints"]["configs/list"], 2);
    EXPECT_EQ(counters["endpoints"]["programs/list"], 1);
    EXPECT_EQ(counters["endpoints"]["oauth/token"], 1);
    EXPECT_EQ(counters["writes"], 1);
}

TEST_F(EmulatorFaults, HooksAreNotReachableUnderTheApiPaths) {
    httplib::Headers headers = {{"Authorization", "Bearer " + token()}};
    auto res = m_client->Post("/ES/api/fortiflex/v2/__emulator/seed", headers, "{}", "application/json");
    ASSERT_TRUE(res);
    EXPECT_NE(res->status, 200);
    EXPECT_EQ(api("nonsense/endpoint", json::object()).http, 404);
}

TEST_F(EmulatorFaults, PortalEditsBypassTheApiUserAndCounters) {
    hook("counters/reset", json::object());
    auto res = m_client->Post("/__emulator/portal/entitlements/stop", R"({"serialNumber": "FGT60FTK20000001"})",
                              "application/json");
    ASSERT_EQ(res->status, 200);
    EXPECT_EQ(json::parse(m_client->Get("/__emulator/counters")->body)["total"], 0);
    EXPECT_EQ(
        ok("entitlements/list", {{"configId", 100}, {"serialNumber", "FGT60FTK20000001"}}, "entitlements")[0]["status"],
        "STOPPED");
}

}  // namespace
}  // namespace flexform::emulator::testing

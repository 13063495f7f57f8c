// Fault injection, the optional rate limiter and request counters under /__emulator/.
#include <chrono>

#include "tests/integration/emulator_fixture.h"

namespace flexform::emulator::testing {
namespace {

using EmulatorFaults = EmulatorFixture;

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

// The libcurl FortiFlex client against the emulator over real HTTP: tokens, retries, pacing, convergent creates,
// tolerant parsing, and no secrets in anything it says.
#include <chrono>
#include <mutex>

#include "providers/fortiflex/client.h"
#include "providers/fortiflex/http.h"
#include "providers/fortiflex/parse.h"
#include "providers/fortiflex/rate_limiter.h"
#include "tests/integration/emulator_fixture.h"

namespace flexform::emulator::testing {
namespace {

using fortiflex::ClientOptions;
using fortiflex::FortiFlexClient;

class Client : public EmulatorFixture {
public:
    void TearDown() override {
        fortiflex::close_thread_connection();  // or the server waits out the kept-alive connection on stop
        EmulatorFixture::TearDown();
    }

    std::unique_ptr<FortiFlexClient> client(const std::string& password = k_password) {
        ClientOptions options;
        options.api_url = m_server->api_url();
        options.auth_url = m_server->auth_url();
        options.username = k_user;
        options.password = password;
        options.requests_per_minute = 0;
        options.base_delay = std::chrono::milliseconds(1);
        options.max_delay = std::chrono::milliseconds(50);
        options.catalog = &builtin_catalog();
        options.log = [this](const std::string& line) {
            std::lock_guard lock(m_log_mutex);
            m_log.push_back(line);
        };
        return std::make_unique<FortiFlexClient>(options);
    }

    int count(const std::string& endpoint) {
        const json counters = json::parse(m_client->Get("/__emulator/counters")->body);
        return counters["endpoints"].value(endpoint, 0);
    }

    std::mutex m_log_mutex;
    std::vector<std::string> m_log;
};

TEST_F(Client, ReadsConfigsAndEntitlementsIntoTheModel) {
    auto c = client();
    const auto configs = c->list_configs(k_program, k_acme);
    ASSERT_EQ(configs.size(), 4u);
    EXPECT_EQ(configs[0].id, 100);
    EXPECT_EQ(configs[0].product_id, 101);
    EXPECT_EQ(*configs[0].parameters.scalar(27), "FGT60F");
    const auto entitlements = c->list_entitlements(k_program, k_acme);
    ASSERT_EQ(entitlements.size(), 2u);
    EXPECT_EQ(entitlements[1].status, "STOPPED");
    EXPECT_EQ(entitlements[0].end_date, (Date{2027, 6, 30}));
    const auto programs = c->list_programs();
    ASSERT_EQ(programs.size(), 2u);
    EXPECT_TRUE(programs[0].prepaid);
    EXPECT_EQ(c->program_balance(k_prepaid), 5000);
    EXPECT_FALSE(c->program_balance(k_program).has_value());
}

TEST_F(Client, ReusesOneTokenAcrossCalls) {
    auto c = client();
    for (int i = 0; i < 5; ++i) {
        c->list_programs();
    }
    EXPECT_EQ(c->logins(), 1);
    EXPECT_EQ(c->calls_made(), 6);
}

TEST_F(Client, LogsInAgainOnceWhenTheTokenIsRefused) {
    auto c = client();
    c->list_programs();
    hook("faults", {{"kind", "invalid_token"}});
    EXPECT_EQ(c->list_programs().size(), 2u);
    EXPECT_EQ(c->logins(), 2);
    hook("faults", {{"kind", "invalid_token"}, {"count", 3}});
    try {
        c->list_programs();
        FAIL() << "expected an auth failure";
    } catch (const ProviderError& e) {
        EXPECT_EQ(e.kind(), ProviderError::Kind::auth);
    }
}

TEST_F(Client, RetriesReadsOnRateLimitsAndServerErrors) {
    auto c = client();
    hook("faults", {{"endpoint", "configs/list"}, {"kind", "http"}, {"httpStatus", 429}, {"retryAfter", 0}});
    hook("faults", {{"endpoint", "configs/list"}, {"kind", "status"}, {"apiStatus", -10}});
    hook("faults", {{"endpoint", "configs/list"}, {"kind", "http"}, {"httpStatus", 503}});
    hook("faults", {{"endpoint", "configs/list"}, {"kind", "drop"}});
    hook("counters/reset", json::object());
    EXPECT_EQ(c->list_configs(k_program, std::nullopt).size(), 5u);
    EXPECT_EQ(count("configs/list"), 5);
}

TEST_F(Client, GivesUpAfterMaxAttemptsWithAClassifiedError) {
    auto c = client();
    hook("faults", {{"endpoint", "configs/list"}, {"kind", "http"}, {"httpStatus", 502}, {"count", -1}});
    try {
        c->list_configs(k_program, std::nullopt);
        FAIL() << "expected a server error";
    } catch (const ProviderError& e) {
        EXPECT_EQ(e.kind(), ProviderError::Kind::server);
        EXPECT_EQ(e.http_status(), 502);
        EXPECT_NE(std::string(e.what()).find("gave up after 5 attempts"), std::string::npos);
    }
}

TEST_F(Client, HonoursRetryAfter) {
    auto c = client();
    hook("faults", {{"endpoint", "programs/list"}, {"kind", "http"}, {"httpStatus", 429}, {"retryAfter", 1}});
    const auto start = std::chrono::steady_clock::now();
    c->list_programs();
    EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(40));  // capped by max_delay (50 ms)
}

TEST_F(Client, ValidationErrorsAreNotRetried) {
    auto c = client();
    hook("counters/reset", json::object());
    try {
        c->create_config(k_program, k_acme, "bad", 1, ParameterSet{});
        FAIL();
    } catch (const ProviderError& e) {
        EXPECT_EQ(e.kind(), ProviderError::Kind::client);
        EXPECT_EQ(std::string(e.what()), "configs/create: Parameter id 1 is required.");
    }
    EXPECT_EQ(count("configs/create"), 1);
}

TEST_F(Client, AVmCreateWhoseResponseIsLostIsNotDuplicated) {
    auto c = client();
    hook("faults", {{"endpoint", "entitlements/vm/create"}, {"kind", "drop"}, {"after", true}});
    VmRequest request;
    request.config_id = 101;
    request.count = 3;
    request.description = "lost";
    const auto created = c->create_vm_entitlements(request);
    EXPECT_EQ(created.size(), 3u);
    EXPECT_EQ(c->list_config_entitlements(101).size(), 3u);  // exactly three, not six
}

TEST_F(Client, AVmCreateAnswered500IsReReadNotRepeated) {
    auto c = client();
    // The 500 comes after the emulator did the work: the client must find the VMs instead of creating more.
    hook("faults", {{"endpoint", "entitlements/vm/create"}, {"kind", "drop"}, {"after", true}});
    hook("faults", {{"endpoint", "entitlements/vm/create"}, {"kind", "http"}, {"httpStatus", 500}});
    VmRequest request;
    request.config_id = 101;
    request.count = 2;
    EXPECT_EQ(c->create_vm_entitlements(request).size(), 2u);
    EXPECT_EQ(c->list_config_entitlements(101).size(), 2u);
}

TEST_F(Client, HardwareAndConfigCreatesConvergeAfterALostResponse) {
    auto c = client();
    hook("faults", {{"endpoint", "entitlements/hardware/create"}, {"kind", "drop"}, {"after", true}});
    const auto hw = c->create_hardware_entitlements(100, {"FGT60FTK20000050", "FGT60FTK20000051"}, std::nullopt);
    EXPECT_EQ(hw.size(), 2u);
    hook("faults", {{"endpoint", "configs/create"}, {"kind", "drop"}, {"after", true}});
    ParameterSet p;
    p.values[1] = {"2"};
    p.values[2] = {"UTP"};
    const LiveConfig config =
        c->create_config(k_program, k_acme, "lost-config", 1, normalize(*builtin_catalog().find_by_id(1), p));
    EXPECT_EQ(config.name, "lost-config");
    int named = 0;
    for (const auto& existing : c->list_configs(k_program, k_acme)) {
        named += existing.name == "lost-config" ? 1 : 0;
    }
    EXPECT_EQ(named, 1);
}

TEST_F(Client, StopAndReactivateAreDoneWhenAlreadyInThatState) {
    auto c = client();
    EXPECT_EQ(c->stop_entitlement("FGT60FTK20000002").status, "STOPPED");       // was STOPPED already
    EXPECT_EQ(c->reactivate_entitlement("FGT60FTK20000001").status, "ACTIVE");  // was ACTIVE already
    hook("faults", {{"endpoint", "entitlements/stop"}, {"kind", "drop"}, {"after", true}});
    EXPECT_EQ(c->stop_entitlement("FGT60FTK20000001").status, "STOPPED");
}

TEST_F(Client, CalcPricesOneUnitAndFlagsMeteredProducts) {
    auto c = client();
    ParameterSet p;
    p.values[1] = {"2"};
    p.values[2] = {"ENT"};
    EXPECT_DOUBLE_EQ(c->calc(k_program, 1, normalize(*builtin_catalog().find_by_id(1), p)).per_day, 6.39);
    ParameterSet edr;
    edr.values[46] = {"FEDRPDR"};
    const Price metered = c->calc(k_program, 206, normalize(*builtin_catalog().find_by_id(206), edr));
    EXPECT_TRUE(metered.metered);
    EXPECT_DOUBLE_EQ(metered.per_day, 0.0);
}

TEST_F(Client, PointsAreReadPerAccountAndRange) {
    auto c = client();
    advance_days(2);
    const auto rows = c->points(k_program, k_acme, Date{2026, 11, 20}, Date{2026, 11, 21});
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].serial, "FGT60FTK20000001");
    EXPECT_DOUBLE_EQ(rows[0].points, 5.40);
}

TEST_F(Client, WrongCredentialsFailWithoutEchoingThem) {
    auto c = client("the-wrong-password-123");
    try {
        c->list_programs();
        FAIL();
    } catch (const ProviderError& e) {
        EXPECT_EQ(e.kind(), ProviderError::Kind::auth);
        const std::string message = e.what();
        EXPECT_EQ(message.find("the-wrong-password-123"), std::string::npos);
        EXPECT_NE(message.find("Invalid username or password"), std::string::npos);
    }
    EXPECT_EQ(c->describe().find(k_password), std::string::npos);
}

TEST_F(Client, VerboseLogsHoldMethodPathStatusAndDurationOnly) {
    auto c = client();
    c->list_configs(k_program, k_acme);
    c->list_entitlements(k_program, k_acme);
    ASSERT_EQ(m_log.size(), 3u);
    EXPECT_EQ(m_log[1].rfind("POST configs/list 200 ", 0), 0u) << m_log[1];
    for (const auto& line : m_log) {
        EXPECT_EQ(line.find(k_password), std::string::npos);
        EXPECT_EQ(line.find("Bearer"), std::string::npos);
        EXPECT_EQ(line.find(k_user), std::string::npos);
    }
}

TEST(ClientParsing, ToleratesTheApisQuirks) {
    using nlohmann::json;
    const json object_payload = json::parse(R"({"status": 0, "configs": {"id": "42", "name": "x", "accountId": "7",
        "status": "ACTIVE", "productType": {"id": 101}, "parameters": [{"id": 27, "value": "FGT60F"},
        {"id": 28, "value": "FGHWUTP"}, {"id": 29, "value": "NONE"}], "unknownField": true}, "build": "x"})");
    const json configs = fortiflex::payload_array(object_payload, "configs");
    ASSERT_EQ(configs.size(), 1u);
    const LiveConfig c = fortiflex::parse_config(configs[0], builtin_catalog());
    EXPECT_EQ(c.id, 42);
    EXPECT_EQ(c.account_id, 7);
    EXPECT_TRUE(c.parameters.values.at(29).empty());
    const json vms =
        json::parse(R"({"status": "0", "vms": [{"serialNumber": "S", "configId": 1, "status": "GRACE_PERIOD",
        "endDate": "2026-09-09 00:00:00", "token": null, "tokenStatus": ""}]})");
    EXPECT_EQ(fortiflex::api_status(vms), 0);
    const auto list = fortiflex::payload_array(vms, "entitlements", "vms");
    ASSERT_EQ(list.size(), 1u);
    const LiveEntitlement e = fortiflex::parse_entitlement(list[0]);
    EXPECT_EQ(e.status, "GRACE_PERIOD");
    EXPECT_EQ(e.end_date, (Date{2026, 9, 9}));
    EXPECT_FALSE(e.token_status.has_value());
    EXPECT_TRUE(fortiflex::payload_array(json::parse(R"({"entitlements": null})"), "entitlements").empty());
}

TEST(RateLimiter, PacesRequestsToTheWindow) {
    fortiflex::RateLimiter limiter(3, std::chrono::milliseconds(200));
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 7; ++i) {
        limiter.acquire();
    }
    // 7 requests at 3 per 200 ms need at least two full windows.
    EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(390));
    fortiflex::RateLimiter off(0);
    EXPECT_EQ(off.acquire().count(), 0);
}

}  // namespace
}  // namespace flexform::emulator::testing

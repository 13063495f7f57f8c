// The libcurl FortiFlex client against the emulator over real HTTP: tokens, retries, pacing, creates that are sent
// once whatever the connection does, tolerant parsing, TLS, and no secrets in anything it says.
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <mutex>

#include "providers/fortiflex/client.h"
#include "providers/fortiflex/parse.h"
#include "providers/fortiflex/rate_limiter.h"
#include "providers/fortiflex/transport.h"
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

    ClientOptions options(const std::string& password = k_password) {
        ClientOptions o;
        o.api_url = m_server->api_url();
        o.auth_url = m_server->auth_url();
        o.username = k_user;
        o.password = password;
        o.requests_per_minute = 0;
        o.base_delay = std::chrono::milliseconds(1);
        o.max_delay = std::chrono::milliseconds(50);
        o.reread_settle = std::chrono::milliseconds(0);
        o.catalog = &builtin_catalog();
        o.log = [this](const std::string& line) {
            std::lock_guard lock(m_log_mutex);
            m_log.push_back(line);
        };
        return o;
    }

    std::unique_ptr<FortiFlexClient> client(const std::string& password = k_password) {
        return std::make_unique<FortiFlexClient>(options(password));
    }

    int count(const std::string& endpoint) {
        const json counters = json::parse(m_client->Get("/__emulator/counters")->body);
        return counters["endpoints"].value(endpoint, 0);
    }

    int configs_named(FortiFlexClient& c, const std::string& name) {
        int named = 0;
        for (const auto& existing : c.list_configs(k_program, k_acme)) {
            named += existing.name == name ? 1 : 0;
        }
        return named;
    }

    static ParameterSet vm_parameters() {
        ParameterSet p;
        p.values[1] = {"2"};
        p.values[2] = {"UTP"};
        return normalize(*builtin_catalog().find_by_id(1), p);
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
    EXPECT_EQ(entitlements[1].status, EntitlementStatus::stopped);
    EXPECT_EQ(entitlements[1].status_text, "STOPPED");
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

TEST_F(Client, RenewsARefusedTokenUpToFourTimesWithBackoff) {
    auto c = client();
    c->list_programs();
    // Two refusals in a row (a freshly issued token refused for a moment) are ridden out.
    hook("faults", {{"kind", "invalid_token"}, {"count", 2}});
    EXPECT_EQ(c->list_programs().size(), 2u);
    EXPECT_EQ(c->logins(), 3);
    hook("faults", {{"kind", "invalid_token"}, {"count", 5}});
    try {
        c->list_programs();
        FAIL() << "expected an auth failure";
    } catch (const ProviderError& e) {
        EXPECT_EQ(e.kind(), ProviderError::Kind::auth);
        EXPECT_STREQ(e.what(), "programs/list: Invalid security token. (after 4 fresh logins)");
    }
}

TEST_F(Client, RetriesReadsOnRateLimitsServerErrorsAndLostConnections) {
    auto c = client();
    hook("faults", {{"endpoint", "configs/list"}, {"kind", "http"}, {"httpStatus", 429}, {"retryAfter", 0}});
    hook("faults", {{"endpoint", "configs/list"}, {"kind", "status"}, {"apiStatus", -10}});
    hook("faults", {{"endpoint", "configs/list"}, {"kind", "http"}, {"httpStatus", 503}});
    hook("faults", {{"endpoint", "configs/list"}, {"kind", "drop_after"}});
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

TEST_F(Client, BacksOffExponentiallyWithJitterAndHonoursRetryAfterOnAnInjectedClock) {
    std::vector<long long> pauses;
    ClientOptions o = options();
    o.base_delay = std::chrono::milliseconds(500);
    o.max_delay = std::chrono::milliseconds(30000);
    o.sleep = [&pauses](std::chrono::milliseconds d) { pauses.push_back(d.count()); };
    o.random_unit = [] { return 1.0; };  // the top of the jitter range
    FortiFlexClient c(o);
    hook("faults", {{"endpoint", "configs/list"}, {"kind", "http"}, {"httpStatus", 503}, {"count", 3}});
    hook("faults", {{"endpoint", "configs/list"}, {"kind", "http"}, {"httpStatus", 429}, {"retryAfter", 7}});
    c.list_configs(k_program, std::nullopt);
    EXPECT_EQ(pauses, (std::vector<long long>{500, 1000, 2000, 7000}));
    pauses.clear();
    o.random_unit = [] { return 0.0; };  // the bottom: half the delay
    FortiFlexClient low(o);
    hook("faults", {{"endpoint", "configs/list"}, {"kind", "http"}, {"httpStatus", 503}, {"count", 2}});
    low.list_configs(k_program, std::nullopt);
    EXPECT_EQ(pauses, (std::vector<long long>{250, 500}));
}

TEST_F(Client, ValidationErrorsAreNotRetried) {
    auto c = client();
    hook("counters/reset", json::object());
    try {
        c->create_config(k_program, k_acme, "bad", 1, ParameterSet{}, nullptr);
        FAIL();
    } catch (const ProviderError& e) {
        EXPECT_EQ(e.kind(), ProviderError::Kind::client);
        EXPECT_FALSE(e.write_may_have_happened());
        EXPECT_EQ(std::string(e.what()), "configs/create: Parameter id 1 is required.");
    }
    EXPECT_EQ(count("configs/create"), 1);
}

// The failure that made libcurl re-send a POST on its own: a kept-alive connection dies after the server did
// the work and before a single byte of the answer.
TEST_F(Client, ACreateOnAKeptAliveConnectionThatDiesSilentlyIsSentOnce) {
    auto c = client();
    c->list_configs(k_program, k_acme);  // a connection is now kept alive
    hook("faults", {{"endpoint", "configs/create"}, {"kind", "drop_after"}});
    hook("counters/reset", json::object());
    CallTrace trace;
    const LiveConfig config = c->create_config(k_program, k_acme, "silent", 1, vm_parameters(), &trace);
    EXPECT_EQ(config.name, "silent");
    EXPECT_EQ(count("configs/create"), 1);  // sent once: nothing re-sent it behind the client's back
    EXPECT_EQ(configs_named(*c, "silent"), 1);
    EXPECT_TRUE(trace.recovered);
    ASSERT_GE(trace.attempts.size(), 2u);
    EXPECT_EQ(trace.attempts[0].endpoint, "configs/create");
    EXPECT_EQ(trace.attempts[0].http_status, 0);
    EXPECT_EQ(trace.attempts.back().result, "found: the create had happened");
}

TEST_F(Client, AVmCreateWhoseAnswerIsLostInAnyWayIsNeverDuplicated) {
    auto c = client();
    int expected = 0;
    for (const char* kind : {"drop_after", "cut_body"}) {
        c->list_configs(k_program, k_acme);
        hook("faults", {{"endpoint", "entitlements/vm/create"}, {"kind", kind}});
        hook("counters/reset", json::object());
        VmRequest request;
        request.config_id = 101;
        request.count = 3;
        request.description = "lost";
        const auto created = c->create_vm_entitlements(request, nullptr);
        expected += 3;
        EXPECT_EQ(created.size(), 3u) << kind;
        EXPECT_EQ(count("entitlements/vm/create"), 1) << kind;
        EXPECT_EQ(c->list_config_entitlements(101).size(), static_cast<std::size_t>(expected)) << kind;
    }
}

TEST_F(Client, AVmCreateAnswered500AfterTheWorkIsReReadNotRepeated) {
    auto c = client();
    // The emulator did the work, then the connection was lost; the re-read finds the VMs.
    hook("faults", {{"endpoint", "entitlements/vm/create"}, {"kind", "drop_after"}});
    VmRequest request;
    request.config_id = 101;
    request.count = 2;
    EXPECT_EQ(c->create_vm_entitlements(request, nullptr).size(), 2u);
    EXPECT_EQ(c->list_config_entitlements(101).size(), 2u);
}

TEST_F(Client, AConfigCreateWhoseAnswerNeverCameIsNotSentAgainInTheSameRun) {
    auto c = client();
    // Dropped before processing, which the client cannot tell from dropped after: one re-read, then unknown.
    hook("faults", {{"endpoint", "configs/create"}, {"kind", "drop_before"}});
    hook("counters/reset", json::object());
    CallTrace trace;
    int sends_recorded = 0;
    int sent_before_record = -1;
    trace.before_send = [&] {
        ++sends_recorded;
        sent_before_record = count("configs/create");  // recorded before the request goes out
    };
    try {
        c->create_config(k_program, k_acme, "again", 1, vm_parameters(), &trace);
        FAIL() << "a create whose answer never came must not look done";
    } catch (const ProviderError& e) {
        EXPECT_TRUE(e.write_may_have_happened());
        EXPECT_NE(std::string(e.what()).find("not found by a re-read, which may lag behind the create"),
                  std::string::npos)
            << e.what();
    }
    EXPECT_EQ(count("configs/create"), 1);
    EXPECT_EQ(sends_recorded, 1);
    EXPECT_EQ(sent_before_record, 0);
    EXPECT_EQ(configs_named(*c, "again"), 0);
    EXPECT_FALSE(trace.recovered);
    EXPECT_EQ(trace.attempts.back().result, "not found");
}

TEST_F(Client, ACreateWhoseReReadFailsIsUnknownNotAReadFailure) {
    auto c = client();
    hook("faults", {{"endpoint", "configs/create"}, {"kind", "drop_after"}});
    hook("faults", {{"endpoint", "configs/list"}, {"kind", "http"}, {"httpStatus", 503}, {"count", 5}});
    CallTrace trace;
    try {
        c->create_config(k_program, k_acme, "unread", 1, vm_parameters(), &trace);
        FAIL() << "a create whose re-read failed must not look done";
    } catch (const ProviderError& e) {
        EXPECT_TRUE(e.write_may_have_happened());
        EXPECT_NE(std::string(e.what()).find("the re-read failed too (configs/list: "), std::string::npos) << e.what();
    }
    EXPECT_EQ(trace.attempts.back().result.rfind("failed: configs/list: ", 0), 0u) << trace.attempts.back().result;
    EXPECT_EQ(configs_named(*c, "unread"), 1);  // it had happened
}

TEST_F(Client, ACreateThatTimedOutIsNotSentAgainItIsUnknown) {
    ClientOptions o = options();
    o.transport.total_timeout_ms = 300;
    FortiFlexClient c(o);
    c.list_configs(k_program, k_acme);
    hook("faults", {{"endpoint", "entitlements/vm/create"}, {"kind", "latency"}, {"latencyMs", 800}});
    VmRequest request;
    request.config_id = 101;
    request.count = 2;
    try {
        c.create_vm_entitlements(request, nullptr);
        FAIL() << "a timed-out create must not look done";
    } catch (const ProviderError& e) {
        EXPECT_EQ(e.kind(), ProviderError::Kind::timeout);
        EXPECT_TRUE(e.write_may_have_happened());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(900));  // the server finishes its slow request
    EXPECT_EQ(c.list_config_entitlements(101).size(), 2u);        // two, not four: it was not sent again
    EXPECT_EQ(count("entitlements/vm/create"), 1);
}

TEST_F(Client, HardwareAndCloudCreatesConvergeAfterALostAnswer) {
    auto c = client();
    hook("faults", {{"endpoint", "entitlements/hardware/create"}, {"kind", "drop_after"}});
    const auto hw =
        c->create_hardware_entitlements(100, {"FGT60FTK20000050", "FGT60FTK20000051"}, std::nullopt, nullptr);
    EXPECT_EQ(hw.size(), 2u);
    hook("faults", {{"endpoint", "entitlements/hardware/create"}, {"kind", "cut_body"}});
    EXPECT_EQ(c->create_hardware_entitlements(100, {"FGT60FTK20000052"}, std::nullopt, nullptr).size(), 1u);
    hook("faults", {{"endpoint", "entitlements/cloud/create"}, {"kind", "drop_after"}});
    hook("counters/reset", json::object());
    EXPECT_EQ(c->create_cloud_entitlement(102, std::nullopt, "", std::nullopt, nullptr).config_id, 102);
    EXPECT_EQ(count("entitlements/cloud/create"), 1);
    EXPECT_EQ(c->list_config_entitlements(102).size(), 1u);
}

TEST_F(Client, StopAndReactivateAreDoneWhenAlreadyInThatState) {
    auto c = client();
    EXPECT_EQ(c->stop_entitlement("FGT60FTK20000002", nullptr).status, EntitlementStatus::stopped);
    EXPECT_EQ(c->reactivate_entitlement("FGT60FTK20000001", nullptr).status, EntitlementStatus::active);
    hook("faults", {{"endpoint", "entitlements/stop"}, {"kind", "drop_after"}});
    CallTrace trace;
    EXPECT_EQ(c->stop_entitlement("FGT60FTK20000001", &trace).status, EntitlementStatus::stopped);
    EXPECT_EQ(trace.attempts.size(), 2u);  // the lost answer, then "already STOPPED": the state we wanted
}

TEST_F(Client, RegeneratesAVmTokenOnceAndReadsTheFolderStock) {
    auto c = client();
    const json vm =
        ok("entitlements/vm/create", {{"configId", 101}, {"folderPath", "My Assets/pool"}}, "entitlements")[0];
    const LiveEntitlement renewed = c->regenerate_vm_token(vm["serialNumber"], nullptr);
    EXPECT_EQ(renewed.serial, vm["serialNumber"]);
    const std::vector<VmToken> tokens = c->vm_tokens(101);
    ASSERT_EQ(tokens.size(), 1u);
    EXPECT_NE(tokens[0].token, vm["token"]);
    EXPECT_EQ(tokens[0].token_status, "NOTUSED");
    const std::vector<TokenFolder> folders = c->token_folders(k_acme);
    ASSERT_EQ(folders.size(), 1u);
    EXPECT_EQ(folders[0].folder_path, "My Assets/pool");
    EXPECT_EQ(folders[0].available, 1);
    EXPECT_EQ(folders[0].used, 0);
    // A lost answer is not re-sent: a second send would replace the token the first one made.
    hook("faults", {{"endpoint", "entitlements/vm/token"}, {"kind", "drop_after"}});
    hook("counters/reset", json::object());
    try {
        c->regenerate_vm_token(vm["serialNumber"], nullptr);
        FAIL() << "the answer was dropped";
    } catch (const ProviderError& e) {
        EXPECT_TRUE(e.write_may_have_happened());
    }
    EXPECT_EQ(count("entitlements/vm/token"), 1);
    try {
        c->regenerate_vm_token("FGT60FTK20000001", nullptr);
        FAIL() << "hardware has no token";
    } catch (const ProviderError& e) {
        EXPECT_EQ(e.kind(), ProviderError::Kind::client);
        EXPECT_STREQ(e.what(), "entitlements/vm/token: Entitlement FGT60FTK20000001 is not a VM entitlement");
    }
}

TEST_F(Client, ReadOnlyParametersOnConfigurationsAreNotPartOfTheirParameters) {
    const json edr = ok("entitlements/cloud/create", {{"configId", 102}}, "entitlements")[0];
    hook("metered", {{"serialNumber", edr["serialNumber"]}, {"parameterId", 47}, {"value", 250}});
    auto c = client();
    for (const auto& config : c->list_configs(k_program, k_acme)) {
        if (config.id == 102) {
            // FortiFlex lists endpoints (47) with its metered value; a manifest cannot declare it, so it is no drift.
            EXPECT_EQ(config.parameters, normalize(*builtin_catalog().find_by_id(206), config.parameters));
            EXPECT_EQ(config.parameters.values.count(47), 0u);
            EXPECT_EQ(*config.parameters.scalar(46), "FEDRPDR");
        }
    }
}

TEST_F(Client, TransfersAnEntitlementToAnotherAccount) {
    auto c = client();
    TransferRequest request{"FGT60FTK20000001", k_acme, 100, k_beta, 103};
    const LiveEntitlement moved = c->transfer_entitlement(request, nullptr);
    EXPECT_EQ(moved.account_id, k_beta);
    EXPECT_EQ(moved.config_id, 103);
    hook("faults", {{"endpoint", "entitlements/transfer"}, {"kind", "drop_after"}});
    hook("counters/reset", json::object());
    const LiveEntitlement back = c->transfer_entitlement({"FGT60FTK20000001", k_beta, 103, k_acme, 100}, nullptr);
    EXPECT_EQ(back.account_id, k_acme);
    EXPECT_EQ(count("entitlements/transfer"), 1);
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

TEST_F(Client, PointsAreReadPerAccountAndRangeAndOptionallyOneSerial) {
    auto c = client();
    advance_days(2);
    const auto rows = c->points(k_program, k_acme, Date{2026, 11, 20}, Date{2026, 11, 21}, std::nullopt);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].serial, "FGT60FTK20000001");
    EXPECT_DOUBLE_EQ(rows[0].points, 5.40);
    EXPECT_EQ(c->points(k_program, k_acme, Date{2026, 11, 20}, Date{2026, 11, 21}, "FGT60FTK20000002").size(), 0u);
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

TEST_F(Client, UserinfoInTheUrlsIsNeverShown) {
    ClientOptions o = options();
    const std::string secret = "hunter2-in-the-url";
    o.api_url.replace(o.api_url.find("://") + 3, 0, "user:" + secret + "@");
    o.auth_url.replace(o.auth_url.find("://") + 3, 0, "user:" + secret + "@");
    FortiFlexClient c(o);
    c.list_programs();
    EXPECT_EQ(c.describe().find(secret), std::string::npos);
    EXPECT_NE(c.describe().find("127.0.0.1"), std::string::npos);
    hook("faults", {{"endpoint", "configs/list"}, {"kind", "http"}, {"httpStatus", 500}, {"count", -1}});
    try {
        c.list_configs(k_program, std::nullopt);
        FAIL();
    } catch (const ProviderError& e) {
        EXPECT_EQ(std::string(e.what()).find(secret), std::string::npos);
    }
    for (const auto& line : m_log) {
        EXPECT_EQ(line.find(secret), std::string::npos) << line;
    }
    EXPECT_EQ(fortiflex::redact_userinfo("https://u:p@h:1/x?y@z"), "https://***@h:1/x?y@z");
    EXPECT_EQ(fortiflex::host_of("https://u:p@h:1/x"), "h:1");
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
    EXPECT_EQ(e.status, EntitlementStatus::other);
    EXPECT_EQ(e.status_text, "GRACE_PERIOD");
    EXPECT_EQ(e.end_date, (Date{2026, 9, 9}));
    EXPECT_EQ(e.token_status, TokenStatus::none);
    EXPECT_TRUE(fortiflex::payload_array(json::parse(R"({"entitlements": null})"), "entitlements").empty());
}

TEST(BudgetGate, WithoutABudgetEveryRequestGoesAtOnce) {
    int slept = 0;
    fortiflex::BudgetGate gate(nullptr, fortiflex::GateOptions{[] { return std::int64_t{0}; },
                                                               [&slept](std::chrono::milliseconds) { ++slept; },
                                                               std::nullopt, nullptr, nullptr});
    for (int i = 0; i < 1000; ++i) {
        gate.acquire();
    }
    gate.check_create();
    EXPECT_EQ(slept, 0);
}

}  // namespace
}  // namespace flexform::emulator::testing

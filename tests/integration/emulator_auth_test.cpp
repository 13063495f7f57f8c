// Token service, bearer auth, scopes, and the transport quirks of fortiflex-api.md sections 1-3.
#include "tests/integration/emulator_fixture.h"

namespace flexform::emulator::testing {
namespace {

using EmulatorAuth = EmulatorFixture;

TEST_F(EmulatorAuth, PasswordGrantReturnsTheSevenTokenFields) {
    const json body = {
        {"username", k_user}, {"password", k_password}, {"client_id", "flexvm"}, {"grant_type", "password"}};
    auto res = m_client->Post("/api/v1/oauth/token/", body.dump(), "application/json");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200);
    const json j = json::parse(res->body);
    EXPECT_EQ(j.at("access_token").get<std::string>().size(), 30u);
    EXPECT_EQ(j.at("refresh_token").get<std::string>().size(), 30u);
    EXPECT_EQ(j.at("expires_in"), 3660);
    EXPECT_EQ(j.at("token_type"), "Bearer");
    EXPECT_EQ(j.at("scope"), "read write");
    EXPECT_EQ(j.at("message"), "successfully authenticated");
    EXPECT_EQ(j.at("status"), "success");
}

TEST_F(EmulatorAuth, FormEncodedTokenRequestIsAccepted) {
    auto res = m_client->Post(
        "/api/v1/oauth/token/",
        std::string("username=") + k_user + "&password=" + k_password + "&client_id=flexvm&grant_type=password",
        "application/x-www-form-urlencoded");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << res->body;
}

TEST_F(EmulatorAuth, RefreshGrantIssuesAWorkingToken) {
    const json login = {
        {"username", k_user}, {"password", k_password}, {"client_id", "flexvm"}, {"grant_type", "password"}};
    const json first = json::parse(m_client->Post("/api/v1/oauth/token/", login.dump(), "application/json")->body);
    const json refresh = {
        {"client_id", "flexvm"}, {"grant_type", "refresh_token"}, {"refresh_token", first["refresh_token"]}};
    auto res = m_client->Post("/api/v1/oauth/token/", refresh.dump(), "application/json");
    ASSERT_EQ(res->status, 200);
    const std::string fresh = json::parse(res->body).at("access_token");
    EXPECT_EQ(api("programs/list", json::object(), fresh).http, 200);
}

TEST_F(EmulatorAuth, BadCredentialsAndClientIdsAreRefusedOAuthStyle) {
    for (const json& body :
         {json{{"username", k_user}, {"password", "wrong"}, {"client_id", "flexvm"}, {"grant_type", "password"}},
          json{{"username", k_user}, {"password", k_password}, {"client_id", "iam"}, {"grant_type", "password"}}}) {
        auto res = m_client->Post("/api/v1/oauth/token/", body.dump(), "application/json");
        ASSERT_TRUE(res);
        EXPECT_EQ(res->status, 401);
        EXPECT_TRUE(json::parse(res->body).contains("error_description"));
    }
}

TEST_F(EmulatorAuth, UnknownTokenIsAnInvalidSecurityToken) {
    const Reply r = api("programs/list", json::object(), "NOT-A-REAL-TOKEN");
    EXPECT_EQ(r.http, 401);
    EXPECT_EQ(r.body["status"], -1);
    EXPECT_EQ(r.body["message"], "Invalid security token.");
    EXPECT_EQ(r.body["error"]["errorCode"], 401);
    EXPECT_TRUE(r.body.contains("programs"));
    EXPECT_TRUE(r.body["programs"].is_null());
}

TEST_F(EmulatorAuth, TokensExpireAfterTheirLifetime) {
    stop();
    start("", 60);
    const std::string t = token();
    EXPECT_EQ(api("programs/list", json::object(), t).http, 200);
    m_real_now += 61 * 1000;
    EXPECT_EQ(api("programs/list", json::object(), t).body["message"], "Invalid security token.");
}

TEST_F(EmulatorAuth, OutOfScopeAccountsAreDenied) {
    const std::string scoped = token("SCOPED-USER", "scoped-password");
    const Reply own = api("configs/list", {{"programSerialNumber", k_program}, {"accountId", k_acme}}, scoped);
    EXPECT_EQ(own.http, 200);
    const Reply other = api("configs/list", {{"programSerialNumber", k_program}, {"accountId", k_beta}}, scoped);
    EXPECT_EQ(other.http, 403);
    EXPECT_EQ(other.body["message"], "Authorization denied");
    // Without accountId the scoped user sees only its own tenants' configurations.
    const Reply all = api("configs/list", {{"programSerialNumber", k_program}}, scoped);
    for (const auto& c : all.body["configs"]) {
        EXPECT_EQ(c["accountId"], k_acme);
    }
    EXPECT_EQ(
        api("entitlements/stop", {{"serialNumber", "FGT60FTK20000001"}}, token("SCOPED-USER", "scoped-password")).http,
        200);
}

TEST_F(EmulatorAuth, ReadOnlyUsersCannotWrite) {
    const std::string reader = token("READER", "reader-password");
    EXPECT_EQ(api("configs/list", {{"programSerialNumber", k_program}}, reader).http, 200);
    const Reply r = api("entitlements/stop", {{"serialNumber", "FGT60FTK20000001"}}, reader);
    EXPECT_EQ(r.http, 403);
    EXPECT_EQ(r.body["message"], "Authorization denied");
}

TEST_F(EmulatorAuth, LowercaseEsPathAndEmptyBodyWork) {
    httplib::Headers headers = {{"Authorization", "Bearer " + token()}};
    auto res = m_client->Post("/es/api/fortiflex/v2/programs/list", headers, "", "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(json::parse(res->body)["programs"].size(), 2u);
    res = m_client->Post("/ES/api/fortiflex/v2/tools/metadata", headers, "{}", "application/json");
    EXPECT_EQ(res->status, 200);
}

TEST_F(EmulatorAuth, OtherMethodsAnswer405AndBadJson400) {
    auto res = m_client->Get("/ES/api/fortiflex/v2/programs/list");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 405);
    httplib::Headers headers = {{"Authorization", "Bearer " + token()}};
    res = m_client->Post("/ES/api/fortiflex/v2/programs/list", headers, "{not json", "application/json");
    EXPECT_EQ(res->status, 400);
}

TEST_F(EmulatorAuth, NumbersMayArriveAsStrings) {
    const json configs =
        ok("configs/list", {{"programSerialNumber", k_program}, {"accountId", std::to_string(k_acme)}}, "configs");
    EXPECT_EQ(configs.size(), 4u);
    const json ents = ok("entitlements/list", {{"configId", "100"}}, "entitlements");
    EXPECT_EQ(ents.size(), 2u);
    EXPECT_TRUE(ents[0]["configId"].is_number_integer());
    EXPECT_TRUE(ents[0]["accountId"].is_number_integer());
    EXPECT_NE(fails("entitlements/list", {{"configId", "abc"}}).find("configId must be an integer"), std::string::npos);
}

TEST_F(EmulatorAuth, ConfigsAreAnObjectOnWritesAndAnArrayOnList) {
    const json created = ok("configs/create",
                            {{"programSerialNumber", k_program},
                             {"accountId", k_acme},
                             {"name", "quirk"},
                             {"productTypeId", 1},
                             {"parameters", {{{"id", 1}, {"value", 4}}, {{"id", 2}, {"value", "UTP"}}}}},
                            "configs");
    ASSERT_TRUE(created.is_object());
    for (const auto& p : created["parameters"]) {
        EXPECT_TRUE(p["value"].is_string()) << p.dump();  // values are always strings on the way out
    }
    EXPECT_TRUE(ok("configs/disable", {{"id", created["id"]}}, "configs").is_object());
    EXPECT_TRUE(ok("configs/list", {{"programSerialNumber", k_program}}, "configs").is_array());
}

TEST_F(EmulatorAuth, V1GroupsListWorksWithoutAccount) {
    ok("entitlements/vm/create", {{"configId", 101}, {"count", 2}, {"folderPath", "My Assets/acme"}}, "entitlements");
    httplib::Headers headers = {{"Authorization", "Bearer " + token()}};
    auto res = m_client->Post("/ES/api/flexvm/v1/groups/list", headers, "{}", "application/json");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200);
    const json groups = json::parse(res->body)["groups"];
    ASSERT_EQ(groups.size(), 1u);
    EXPECT_EQ(groups[0]["folderPath"], "My Assets/acme");
    EXPECT_EQ(groups[0]["accountId"], 0);
    EXPECT_EQ(groups[0]["availableTokens"], 2);
}

}  // namespace
}  // namespace flexform::emulator::testing

#include "cli/connection.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "providers/emulator/emulator.h"
#include "providers/emulator/server.h"
#include "providers/fortiflex/client.h"
#include "providers/fortiflex/http.h"

namespace flexform::cli {

namespace {

constexpr const char* k_sandbox_dir = ".flexform/sandbox";
constexpr const char* k_demo_seed_file = "examples/emulator/demo-seed.yaml";
constexpr const char* k_demo_user = "5D1B7E2A-3C4F-4A8B-9E6D-0F1A2B3C4D5E";
constexpr const char* k_demo_password = "flexform-demo-password";
constexpr const char* k_demo_program = "ELAVMS0000004711";

std::string env(const char* name) {
    const char* value = std::getenv(name);
    return value ? value : "";
}

// The first non-empty of flag, environment variable and project setting.
std::string first_of(const std::string& flag, const char* variable, const std::optional<std::string>& project) {
    if (!flag.empty()) {
        return flag;
    }
    if (const std::string value = env(variable); !value.empty()) {
        return value;
    }
    return project.value_or("");
}

std::shared_ptr<spdlog::logger> api_logger() {
    static std::once_flag once;
    static std::shared_ptr<spdlog::logger> logger;
    std::call_once(once, [] {
        logger = std::make_shared<spdlog::logger>("api", std::make_shared<spdlog::sinks::stderr_sink_mt>());
        logger->set_pattern("[%H:%M:%S.%e] %v");
    });
    return logger;
}

std::string demo_seed_text() {
    std::ifstream in(k_demo_seed_file);
    if (in) {
        std::ostringstream text;
        text << in.rdbuf();
        return text.str();
    }
    return std::string(emulator::builtin_demo_seed());
}

}  // namespace

Connection::Connection() = default;
Connection::~Connection() {
    client.reset();
    fortiflex::close_thread_connection();
    sandbox_server.reset();
    sandbox_emulator.reset();
}
Connection::Connection(Connection&&) noexcept = default;
Connection& Connection::operator=(Connection&&) noexcept = default;

Provider& Connection::provider() {
    return *client;
}

Date Connection::today() const {
    return service_today.value_or(pacific_today());
}

int resolve_parallelism(const CommandContext& context, const ProjectSettings& project) {
    if (context.global.parallelism > 0) {
        return context.global.parallelism;
    }
    return project.parallelism.value_or(8);
}

std::string resolve_database(const CommandContext& context, const ProjectSettings& project) {
    const std::string db = first_of(context.global.db, "FLEXFORM_DB", project.database);
    return db.empty() ? ".flexform/consumption.db" : db;
}

Connection connect(const CommandContext& context, const ProjectSettings& project) {
    Connection connection;
    fortiflex::ClientOptions options;
    options.catalog = &builtin_catalog();
    options.requests_per_minute = project.requests_per_minute.value_or(90);
    if (context.global.sandbox) {
        std::filesystem::create_directories(k_sandbox_dir);
        emulator::EmulatorOptions emulator_options;
        emulator_options.state_path = std::string(k_sandbox_dir) + "/emulator.db";
        connection.sandbox_emulator = std::make_unique<emulator::Emulator>(emulator_options);
        if (connection.sandbox_emulator->dump().at("programs").empty()) {
            connection.sandbox_emulator->seed(emulator::parse_seed_text(demo_seed_text()));
        }
        emulator::ServerOptions server_options;
        server_options.keep_alive_seconds = 1;
        connection.sandbox_server =
            std::make_unique<emulator::EmulatorServer>(*connection.sandbox_emulator, server_options);
        connection.sandbox_server->bind();
        connection.sandbox_server->start();
        options.api_url = connection.sandbox_server->api_url();
        options.auth_url = connection.sandbox_server->auth_url();
        options.username = k_demo_user;
        options.password = k_demo_password;
        options.requests_per_minute = 0;  // the local emulator does not throttle
        connection.service_today = connection.sandbox_emulator->today();
        context.err << "sandbox: FortiFlex emulator on " << connection.sandbox_server->base_url() << " (state in "
                    << k_sandbox_dir << "/, Pacific day " << to_string(connection.sandbox_emulator->today()) << ")\n";
    } else {
        options.api_url = first_of(context.global.api_url, "FORTIFLEX_API_URL", project.api_url);
        options.auth_url = first_of(context.global.auth_url, "FORTIFLEX_AUTH_URL", project.auth_url);
        if (options.api_url.empty()) {
            options.api_url = fortiflex::k_default_api_url;
        }
        if (options.auth_url.empty()) {
            options.auth_url = fortiflex::k_default_auth_url;
        }
        options.username = env("FORTIFLEX_ACCESS_USERNAME");
        options.password = env("FORTIFLEX_ACCESS_PASSWORD");
        if (options.username.empty() || options.password.empty()) {
            throw std::runtime_error(
                "no FortiFlex API credentials: set FORTIFLEX_ACCESS_USERNAME and FORTIFLEX_ACCESS_PASSWORD "
                "(or use --sandbox for the local emulator)");
        }
    }
    connection.program = first_of(context.global.program, "FORTIFLEX_PROGRAM_SERIAL", project.program_serial);
    if (connection.program.empty() && context.global.sandbox) {
        connection.program = k_demo_program;
    }
    if (connection.program.empty()) {
        throw std::runtime_error(
            "no program serial number: set programSerialNumber in flexform.yaml, FORTIFLEX_PROGRAM_SERIAL or "
            "--program");
    }
    if (context.global.verbose) {
        const auto logger = api_logger();
        options.log = [logger](const std::string& line) { logger->info(line); };
    }
    connection.parallelism = resolve_parallelism(context, project);
    connection.yearly_commitment = project.yearly_commitment.value_or(50000.0);
    connection.database = resolve_database(context, project);
    connection.client = std::make_unique<fortiflex::FortiFlexClient>(options);
    if (context.global.verbose) {
        context.err << "using " << connection.client->describe() << ", program " << connection.program << "\n";
    }
    return connection;
}

}  // namespace flexform::cli

// flexform emulator: serve the local FortiFlex v2 emulator until interrupted.
#include <csignal>
#include <filesystem>
#include <fstream>
#include <memory>
#include <ostream>
#include <sstream>
#include <thread>

#include <CLI/CLI.hpp>

#include "cli/app.h"
#include "cli/context.h"
#include "providers/emulator/emulator.h"
#include "providers/emulator/server.h"

namespace flexform::cli {

namespace {

struct EmulatorCommandOptions {
    std::string listen = "127.0.0.1:0";
    std::string state = ".flexform/emulator.db";
    std::string seed;
    int token_ttl = 3660;
    bool strict_models = false;
    int threads = 32;
};

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot read " + path);
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

int run_emulator(const EmulatorCommandOptions& options, CommandContext& context) {
    const auto colon = options.listen.rfind(':');
    if (colon == std::string::npos) {
        context.err << "flexform emulator: --listen must be HOST:PORT\n";
        return k_exit_error;
    }
    emulator::ServerOptions server_options;
    server_options.host = options.listen.substr(0, colon);
    server_options.port = std::atoi(options.listen.substr(colon + 1).c_str());
    server_options.threads = options.threads;
    try {
        if (const auto parent = std::filesystem::path(options.state).parent_path(); !parent.empty()) {
            std::filesystem::create_directories(parent);
        }
        emulator::EmulatorOptions emulator_options;
        emulator_options.state_path = options.state;
        emulator_options.settings.token_ttl_seconds = options.token_ttl;
        emulator_options.settings.strict_hardware_models = options.strict_models;
        emulator::Emulator service(emulator_options);
        const emulator::json counts = service.dump();
        if (!options.seed.empty()) {
            service.seed(emulator::parse_seed_text(read_file(options.seed)));
        } else if (counts.at("programs").empty()) {
            service.seed(emulator::parse_seed_text(std::string(emulator::builtin_demo_seed())));
            context.err << "seeded the demo organization (examples/emulator/demo-seed.yaml)\n";
        }
        // Signals are taken by a dedicated thread, so the server stops cleanly on Ctrl-C or SIGTERM.
        sigset_t signals;
        sigemptyset(&signals);
        sigaddset(&signals, SIGINT);
        sigaddset(&signals, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &signals, nullptr);
        emulator::EmulatorServer server(service, server_options);
        server.bind();
        std::thread waiter([&server, signals] {
            int received = 0;
            sigwait(&signals, &received);
            server.stop();
        });
        context.out << "flexform emulator listening on " << server.base_url() << "\n"
                    << "  FORTIFLEX_API_URL=" << server.api_url() << "\n"
                    << "  FORTIFLEX_AUTH_URL=" << server.auth_url() << "\n"
                    << "  state: " << options.state << "  today (Pacific): " << to_string(service.today()) << "\n";
        context.out.flush();
        server.run();
        pthread_kill(waiter.native_handle(), SIGTERM);
        waiter.join();
    } catch (const std::exception& e) {
        context.err << "flexform emulator: " << e.what() << "\n";
        return k_exit_error;
    }
    return k_exit_ok;
}

}  // namespace

void add_emulator_command(CLI::App& app, CommandContext& context) {
    auto options = std::make_shared<EmulatorCommandOptions>();
    CLI::App* cmd = app.add_subcommand("emulator", "Serve a local FortiFlex v2 API emulator");
    cmd->add_option("--listen", options->listen, "HOST:PORT to listen on (port 0 picks one)")->capture_default_str();
    cmd->add_option("--state", options->state, "SQLite file holding the emulator's state")->capture_default_str();
    cmd->add_option("--seed", options->seed, "Seed file (YAML or JSON) merged into the state at start");
    cmd->add_option("--token-ttl", options->token_ttl, "Access token lifetime in seconds")
        ->capture_default_str()
        ->check(CLI::Range(1, 86400));
    cmd->add_option("--threads", options->threads, "Worker threads")->capture_default_str()->check(CLI::Range(1, 64));
    cmd->add_flag("--strict-hardware-models", options->strict_models,
                  "Refuse hardware serials whose prefix is not the configuration's model code");
    cmd->callback([options, &context] { context.exit_code = run_emulator(*options, context); });
}

}  // namespace flexform::cli

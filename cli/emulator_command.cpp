// flexform emulator: serve the local FortiFlex v2 emulator until interrupted.
#include <csignal>
#include <filesystem>
#include <fstream>
#include <memory>
#include <ostream>
#include <sstream>
#include <thread>

#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "cli/errors.h"
#include "emulator/emulator.h"
#include "emulator/server.h"
#include "providers/files/read_file.h"

namespace flexform::cli {

namespace {

struct EmulatorCommandOptions {
    std::string listen = "127.0.0.1:0";
    std::string state = ".flexform/emulator.db";
    std::string seed;
    bool reset = false;
    bool test_hooks = false;
    std::string hooks_listen;
    int token_ttl = 3660;
    bool strict_models = false;
    int max_connections = 512;
};

std::string read_file(const std::string& path) {
    if (auto text = read_file_text(path)) {
        return std::move(*text);
    }
    throw std::runtime_error("cannot read " + path);
}

std::pair<std::string, int> host_port(const std::string& text, const std::string& flag) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0) {
        throw UsageError(flag + " must be HOST:PORT");
    }
    int port = -1;
    try {
        port = std::stoi(text.substr(colon + 1));
    } catch (const std::exception&) {
    }
    if (port < 0 || port > 65535) {
        throw UsageError(flag + " \"" + text + "\" has no valid port (0-65535)");
    }
    return {text.substr(0, colon), port};
}

int run_emulator(const EmulatorCommandOptions& options, CommandContext& context) {
    emulator::ServerOptions server_options;
    std::tie(server_options.host, server_options.port) = host_port(options.listen, "--listen");
    server_options.max_connections = options.max_connections;
    server_options.test_hooks = options.test_hooks || !options.hooks_listen.empty();
    if (!options.hooks_listen.empty()) {
        std::tie(server_options.hooks_host, server_options.hooks_port) =
            host_port(options.hooks_listen, "--hooks-listen");
        const std::string& host = server_options.hooks_host;
        if (host.rfind("127.", 0) != 0 && host != "::1" && host != "[::1]" && host != "localhost") {
            // Hooks seed, reset and rewrite the whole service and hand out every token: never for the network.
            context.err << "WARNING: --hooks-listen " << options.hooks_listen
                        << " is not a loopback address: anyone who reaches it can reset the state, move the clock "
                           "and read every token. Use 127.0.0.1:PORT unless this network is yours alone.\n";
        }
    }
    if (const auto parent = std::filesystem::path(options.state).parent_path(); !parent.empty()) {
        std::filesystem::create_directories(parent);
    }
    emulator::EmulatorOptions emulator_options;
    emulator_options.state_path = options.state;
    emulator_options.settings.token_ttl_seconds = options.token_ttl;
    emulator_options.settings.strict_hardware_models = options.strict_models;
    emulator_options.owner = "flexform emulator";
    emulator::Emulator service(emulator_options);
    const bool has_state = !service.dump().at("programs").empty();
    if (options.reset && has_state) {
        service.reset();
        context.err << "reset: the state in " << options.state << " was discarded\n";
    }
    // A state file wins over --seed: a restart never rewinds the clock or drops the ledger.
    if (has_state && !options.reset) {
        if (!options.seed.empty()) {
            context.err << "keeping the state in " << options.state << " (clock " << to_string(service.today())
                        << "); --seed is applied to an empty state only: use --reset to start again from it\n";
        }
    } else if (!options.seed.empty()) {
        service.seed(emulator::parse_seed_text(read_file(options.seed)));
    } else {
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
    if (server_options.test_hooks) {
        context.out << "  test hooks: " << server.hooks_url() << "/__emulator/"
                    << (server_options.hooks_host.empty() ? " (loopback clients only)" : "") << "\n";
    }
    context.out.flush();
    const auto release_waiter = [&waiter] {
        pthread_kill(waiter.native_handle(), SIGTERM);
        waiter.join();
    };
    try {
        server.run();
    } catch (...) {
        release_waiter();  // a joinable thread must not be destroyed
        throw;
    }
    release_waiter();
    return k_exit_ok;
}

}  // namespace

void add_emulator_command(CLI::App& app, CommandContext& context) {
    auto options = std::make_shared<EmulatorCommandOptions>();
    CLI::App* cmd = app.add_subcommand("emulator", "Serve a local FortiFlex v2 API emulator");
    cmd->add_option("--listen", options->listen, "HOST:PORT to listen on (port 0 picks one)")->capture_default_str();
    cmd->add_option("--state", options->state, "SQLite file holding the emulator's state")->capture_default_str();
    cmd->add_option("--seed", options->seed, "Seed file (YAML or JSON) for an empty state");
    cmd->add_flag("--reset", options->reset, "Discard the state file first (then --seed, or the demo, applies)");
    cmd->add_flag("--test-hooks", options->test_hooks,
                  "Serve the /__emulator/ test hooks (seed, clock, faults, tokens...) to loopback clients");
    cmd->add_option("--hooks-listen", options->hooks_listen,
                    "Serve the test hooks on this HOST:PORT instead (implies --test-hooks)");
    cmd->add_option("--token-ttl", options->token_ttl, "Access token lifetime in seconds")
        ->capture_default_str()
        ->check(CLI::Range(1, 86400));
    cmd->add_option("--max-connections", options->max_connections, "Connections served at once")
        ->capture_default_str()
        ->check(CLI::Range(4, 4096));
    cmd->add_flag("--strict-hardware-models", options->strict_models,
                  "Refuse hardware serials whose prefix is not the configuration's model code");
    cmd->callback(
        [options, &context] { run_verb(context, "emulator", [&] { return run_emulator(*options, context); }); });
}

}  // namespace flexform::cli

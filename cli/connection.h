// Connection resolves where and how to reach FortiFlex (flags, then environment, then flexform.yaml, then
// defaults) and owns the client, plus the in-process emulator when --sandbox is given.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "cli/context.h"
#include "engine/model/desired.h"
#include "engine/ports/provider.h"

namespace flexform::emulator {
class Emulator;
class EmulatorServer;
}  // namespace flexform::emulator

namespace flexform::fortiflex {
class FortiFlexClient;
}

namespace flexform::cli {

struct Connection {
    Connection();
    ~Connection();
    Connection(Connection&&) noexcept;
    Connection& operator=(Connection&&) noexcept;

    std::unique_ptr<emulator::Emulator> sandbox_emulator;
    std::unique_ptr<emulator::EmulatorServer> sandbox_server;
    std::unique_ptr<fortiflex::FortiFlexClient> client;
    std::string program;
    int parallelism = 8;
    std::optional<double> yearly_commitment;
    std::string database;
    std::optional<Date> service_today;  // the sandbox emulator's own Pacific day; empty for the real service

    Provider& provider();
    // The Pacific day to reason about: the sandbox's clock when there is one, else this machine's.
    Date today() const;
};

// Throws std::runtime_error with a message for the user (never containing a secret).
Connection connect(const CommandContext& context, const ProjectSettings& project);

// The consumption database URL/path only (no API connection needed).
std::string resolve_database(const CommandContext& context, const ProjectSettings& project);
int resolve_parallelism(const CommandContext& context, const ProjectSettings& project);

}  // namespace flexform::cli

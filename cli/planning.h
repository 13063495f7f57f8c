// The shared front half of plan, apply and drift: load manifests, connect, read live state and prices, plan.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/connection.h"
#include "cli/context.h"
#include "engine/manifest/manifest.h"
#include "engine/plan/planner.h"

namespace flexform::cli {

struct PlanRequest {
    std::vector<std::string> paths;
    std::vector<std::string> customers;
    bool prune = false;
    bool price = true;  // drift needs no prices
};

struct PlanRun {
    LoadResult manifests;
    Connection connection;
    LiveState live;
    Plan plan;
};

// Prints manifest diagnostics; returns nullopt when they contain errors. Throws for connection and API failures.
std::optional<PlanRun> run_plan(CommandContext& context, const PlanRequest& request);

// Fills the identification fields of a freshly made plan.
void stamp_plan(Plan& plan, const DesiredState& desired);
std::string utc_timestamp();
bool stdout_is_tty();
bool stdin_is_tty();
bool use_color(const CommandContext& context);

}  // namespace flexform::cli

// The RequestBudget implementations: in this process only (tests, the sandbox), a file beside the host-wide lock
// shared by every process on the machine, and a table in the project's PostgreSQL database shared by every host.
// Each is keyed by the FortiFlex service (API URL) and the program, as FortiFlex counts them.
#pragma once

#include <memory>
#include <string>

#include "engine/ports/request_budget.h"

namespace flexform {

// Whose budget: the service and the program it counts for, and where it is kept.
struct BudgetPlace {
    std::string api_url;
    std::string program;
    std::string database_url;  // a postgresql:// URL keeps it in that database; empty or a SQLite path, a file
    std::string directory;     // the file's directory (the host-wide lock directory)
};

std::unique_ptr<RequestBudget> memory_budget(const BudgetLimits& limits);
// Creates the directory's file on first use; throws std::runtime_error when it cannot open or lock it.
std::unique_ptr<RequestBudget> file_budget(const BudgetPlace& place, const BudgetLimits& limits);
// Connects once and keeps the connection; throws std::runtime_error when it cannot.
std::unique_ptr<RequestBudget> postgres_budget(const BudgetPlace& place, const BudgetLimits& limits);
// PostgreSQL when the database URL is one, the file otherwise.
std::unique_ptr<RequestBudget> open_budget(const BudgetPlace& place, const BudgetLimits& limits);

// "<API URL> <program>" hashed: the one key every kind of budget files the program's requests under.
std::string budget_key(const BudgetPlace& place);

}  // namespace flexform

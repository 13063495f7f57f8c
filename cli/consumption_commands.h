// The three consumption verbs: pull (API -> store), report (store or API -> screen), invoice (store -> chargeback).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli/context.h"
#include "engine/model/date.h"

namespace flexform::cli {

struct PullCommandOptions {
    std::string date;
    int days = 0;
    bool replace = false;
};

struct ReportCommandOptions {
    int days = 0;
    std::string from;
    std::string to;
    std::string month;
    std::string serial;
    std::optional<std::int64_t> account;
    std::string by = "customer";
    std::string format = "table";
    bool live = false;
    std::string max_age;  // --live: the accounts and configurations may come from a snapshot
    bool save = false;
    std::vector<std::string> paths;
};

struct InvoiceCommandOptions {
    std::string month;
    std::string format = "markdown";
    std::string output;
    bool allow_incomplete = false;
    std::optional<std::string> customer;
    std::vector<std::string> paths;
};

int run_pull(const PullCommandOptions& options, CommandContext& context);
int run_report(const ReportCommandOptions& options, CommandContext& context);
int run_invoice(const InvoiceCommandOptions& options, CommandContext& context);

}  // namespace flexform::cli

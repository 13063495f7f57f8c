// Request economy of the consumption commands at FortiFlex's pace: N accounts (3 FortiGates and 2 VMs each, 120
// days of history) in an in-process emulator, and each command's use case run over real HTTP. Prints the requests
// each made and what they would take at 90 requests a minute (the limit flexform keeps under).
// Usage: consumption_requests_bench [ACCOUNTS=50]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "bench/bench_support.h"
#include "engine/usecases/consumption_use_case.h"
#include "engine/usecases/program_use_case.h"
#include "emulator/emulator.h"
#include "emulator/server.h"
#include "providers/fortiflex/client.h"
#include "providers/store/store.h"

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr const char* k_program = "ELAVMS0000000001";

json seed(int accounts) {
    json ids = json::array();
    json configs = json::array();
    json entitlements = json::array();
    for (int a = 0; a < accounts; ++a) {
        const int account = 4000000 + a;
        ids.push_back(account);
        const std::string fgt = "fgt-" + std::to_string(a);
        const std::string vm = "vm-" + std::to_string(a);
        configs.push_back({{"name", fgt},
                           {"accountId", account},
                           {"product", "FGT_HW"},
                           {"parameters", {{"device_model", "FGT60F"}, {"service_pkg", "FGHWUTP"}}}});
        configs.push_back({{"name", vm},
                           {"accountId", account},
                           {"product", "FGT_VM_Bundle"},
                           {"parameters", {{"cpu_size", 2}, {"service_pkg", "UTP"}}}});
        for (int i = 0; i < 3; ++i) {
            char serial[32];
            std::snprintf(serial, sizeof serial, "FGT60FTK2%04d%03d", a, i);
            entitlements.push_back({{"serialNumber", serial}, {"config", fgt}, {"accountId", account}});
        }
        entitlements.push_back({{"config", vm}, {"accountId", account}, {"count", 2}, {"status", "ACTIVE"}});
    }
    return {{"clock", {{"today", "2026-11-20"}, {"frozen", true}}},
            {"organization", {{"rootAccountId", 1}, {"accounts", ids}}},
            {"programs", {{{"serialNumber", k_program}, {"startDate", "2025-01-01"}, {"endDate", "2027-12-31"}}}},
            {"apiUsers", {{{"username", "bench"}, {"password", "bench-password"}}}},
            {"history", {{"days", 120}}},
            {"configs", configs},
            {"entitlements", entitlements}};
}

void measure(const char* what, flexform::fortiflex::FortiFlexClient& client, const std::function<void()>& run) {
    const std::int64_t before = client.calls_made();
    const auto start = std::chrono::steady_clock::now();
    run();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const std::int64_t requests = client.calls_made() - before;
    std::printf("%-52s %6lld requests  %6.2f s here  %6.1f min at 90/min\n", what, static_cast<long long>(requests),
                seconds, static_cast<double>(requests) / 90.0);
}

}  // namespace

int main(int argc, char** argv) {
    const int accounts = argc > 1 ? std::atoi(argv[1]) : 50;
    flexform::emulator::EmulatorOptions emulator_options;
    flexform::emulator::Emulator emulator(emulator_options);
    emulator.seed(seed(accounts));
    flexform::emulator::ServerOptions server_options;
    flexform::emulator::EmulatorServer server(emulator, server_options);
    server.bind();
    server.start();
    flexform::fortiflex::ClientOptions options =
        flexform::bench::bench_client_options(server.api_url(), server.auth_url());
    flexform::fortiflex::FortiFlexClient client(options);
    const flexform::bench::BenchClock clock;
    const flexform::Date today = clock.today();
    const std::string db =
        (fs::temp_directory_path() / ("flexform-requests-bench-" + std::to_string(::getpid()) + ".db")).string();
    fs::remove(db);
    auto store = flexform::open_store(db);
    std::printf("%d accounts, %d entitlements\n", accounts, accounts * 5);

    flexform::ReportRequest request;
    request.program = k_program;
    request.from = flexform::add_days(today, -30);
    request.to = flexform::add_days(today, -1);
    flexform::ProgramRequest program;
    program.program = k_program;
    program.yearly_commitment = 50000;

    measure("program (no store)", client, [&] { flexform::program_report(client, nullptr, clock, program); });
    measure("consumption report --live --days 30", client,
            [&] { flexform::report_from_live(client, nullptr, request, today); });
    request.serial = "FGT60FTK20000001";
    measure("consumption report --live --serial S (account unknown)", client,
            [&] { flexform::report_from_live(client, nullptr, request, today); });
    request.serial_declared_account = 4000000;
    measure("consumption report --live --serial S (in a manifest)", client,
            [&] { flexform::report_from_live(client, nullptr, request, today); });
    request.serial.reset();
    request.account_id = 4000001;
    measure("consumption report --live --account-id A", client,
            [&] { flexform::report_from_live(client, nullptr, request, today); });
    request.account_id.reset();
    request.grouping = flexform::ReportGrouping::config;
    measure("consumption report --live --days 30 --by config", client,
            [&] { flexform::report_from_live(client, nullptr, request, today); });
    request.grouping = flexform::ReportGrouping::day;
    request.from = flexform::add_days(today, -7);
    measure("consumption report --live --days 7 --by day", client,
            [&] { flexform::report_from_live(client, nullptr, request, today); });
    flexform::PullOptions pull;
    pull.program = k_program;
    pull.today = today;
    pull.days = {flexform::add_days(today, -1)};
    measure("consumption pull (yesterday)", client, [&] { flexform::pull_consumption(client, *store, pull); });
    pull.days.clear();
    for (int d = flexform::k_points_window_days; d >= 2; --d) {
        pull.days.push_back(flexform::add_days(today, -d));
    }
    measure("consumption pull --days 90 (the rest of the backfill)", client,
            [&] { flexform::pull_consumption(client, *store, pull); });
    measure("program (store holds the API's 90 days)", client,
            [&] { flexform::program_report(client, store.get(), clock, program); });
    request.grouping = flexform::ReportGrouping::customer;
    request.from = flexform::add_days(today, -120);
    measure("consumption report --live --days 120 (store fills 30)", client,
            [&] { flexform::report_from_live(client, store.get(), request, today); });
    store.reset();
    fs::remove(db);
    fs::remove(db + "-wal");
    fs::remove(db + "-shm");
    return 0;
}

// The dashboard at MSSP scale: N accounts (3 FortiGates and 2 VMs each) in an in-process emulator, 90 days of their
// consumption in a SQLite store, and the whole site gathered, rendered and written. Prints the time of each step and
// the size of the pages. Usage: dashboard_bench [ACCOUNTS=1000] [DAYS=90]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "bench/bench_support.h"
#include "engine/manifest/manifest.h"
#include "engine/render/dashboard_site.h"
#include "engine/usecases/dashboard_use_case.h"
#include "emulator/emulator.h"
#include "emulator/server.h"
#include "providers/fortiflex/client.h"
#include "providers/store/store.h"

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr const char* k_program = "ELAVMS0000000001";

}  // namespace

int main(int argc, char** argv) {
    const int accounts = argc > 1 ? std::atoi(argv[1]) : 1000;
    const int days = argc > 2 ? std::atoi(argv[2]) : 90;
    json ids = json::array();
    json configs = json::array();
    json entitlements = json::array();
    std::string manifests;
    for (int a = 0; a < accounts; ++a) {
        const int account = 4000000 + a;
        ids.push_back(account);
        const std::string name = "customer-" + std::to_string(a);
        configs.push_back({{"name", "fgt"},
                           {"accountId", account},
                           {"product", "FGT_HW"},
                           {"parameters", {{"device_model", "FGT60F"}, {"service_pkg", "FGHWUTP"}}}});
        configs.push_back({{"name", "vm"},
                           {"accountId", account},
                           {"product", "FGT_VM_Bundle"},
                           {"parameters", {{"cpu_size", 2}, {"service_pkg", "UTP"}}}});
        std::string serials;
        for (int i = 0; i < 3; ++i) {
            char serial[32];
            std::snprintf(serial, sizeof serial, "FGT60FTK2%04d%03d", a, i);
            entitlements.push_back({{"serialNumber", serial}, {"config", "fgt"}, {"accountId", account}});
            serials += (i ? ", " : "") + std::string(serial);
        }
        entitlements.push_back({{"config", "vm"}, {"accountId", account}, {"count", 2}, {"status", "ACTIVE"}});
        manifests += "---\napiVersion: flexform/v1\nkind: Customer\nmetadata: {name: " + name +
                     ", accountId: " + std::to_string(account) +
                     ", labels: {tier: gold}}\nspec:\n  configs:\n"
                     "    - {name: fgt, product: FGT_HW, parameters: {device_model: FGT60F, service_pkg: FGHWUTP}, "
                     "serials: [" +
                     serials +
                     "]}\n    - {name: vm, product: FGT_VM_Bundle, parameters: {cpu_size: 2, "
                     "service_pkg: UTP}, vms: {count: 2}}\n";
    }
    flexform::emulator::Emulator emulator(flexform::emulator::EmulatorOptions{});
    emulator.seed(
        {{"clock", {{"today", "2026-11-20"}, {"frozen", true}}},
         {"organization", {{"rootAccountId", 1}, {"accounts", ids}}},
         {"programs", {{{"serialNumber", k_program}, {"startDate", "2025-01-01"}, {"endDate", "2027-12-31"}}}},
         {"apiUsers", {{{"username", "bench"}, {"password", "bench-password"}}}},
         {"configs", configs},
         {"entitlements", entitlements}});
    flexform::emulator::EmulatorServer server(emulator, flexform::emulator::ServerOptions{});
    server.bind();
    server.start();
    flexform::fortiflex::ClientOptions options =
        flexform::bench::bench_client_options(server.api_url(), server.auth_url());
    flexform::fortiflex::FortiFlexClient client(options);
    const flexform::bench::BenchClock clock;
    const fs::path dir = fs::temp_directory_path() / ("flexform-dashboard-bench-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    auto store = flexform::open_store((dir / "consumption.db").string());
    const auto store_start = std::chrono::steady_clock::now();
    const auto state = emulator.dump();
    for (int d = days; d >= 1; --d) {
        const flexform::Date day = flexform::add_days(clock.today(), -d);
        std::vector<flexform::ConsumptionRow> rows;
        for (const auto& e : state["entitlements"]) {
            rows.push_back({day, e["serialNumber"], k_program, e["accountId"].get<std::int64_t>(),
                            e["configId"].get<std::int64_t>(), "", 270, "2026-11-20T14:00:00Z"});
        }
        store->replace_day(k_program, day, rows);
    }
    std::printf("%d accounts, %zu entitlements, %d days in the store (%.1f s to fill)\n", accounts,
                state["entitlements"].size(), days, flexform::bench::since(store_start));
    flexform::DesiredState desired;
    std::vector<flexform::Diagnostic> diagnostics;
    flexform::parse_manifest_text("customers.yaml", manifests,
                                  flexform::ManifestOptions{&flexform::builtin_catalog(), clock.today()}, desired,
                                  diagnostics);
    flexform::DashboardRequest request;
    request.program = k_program;
    request.desired = &desired;
    request.yearly_commitment = 500000;
    const auto gather_start = std::chrono::steady_clock::now();
    const flexform::DashboardData data =
        flexform::gather_dashboard(client, store.get(), clock, request, flexform::builtin_catalog());
    const double gather = flexform::bench::since(gather_start);
    const auto render_start = std::chrono::steady_clock::now();
    const auto files = flexform::render_dashboard(data, flexform::builtin_catalog());
    const double render = flexform::bench::since(render_start);
    const auto write_start = std::chrono::steady_clock::now();
    std::size_t bytes = 0;
    for (const auto& [name, content] : files) {
        const fs::path path = dir / "site" / name;
        fs::create_directories(path.parent_path());
        std::ofstream(path) << content;
        bytes += content.size();
    }
    const double write = flexform::bench::since(write_start);
    std::printf("gather %.2f s (%lld API requests, in-process emulator), render %.2f s, write %.2f s: %.2f s in all\n",
                gather, static_cast<long long>(client.calls_made()), render, write, gather + render + write);
    std::printf("%zu files, %.1f MiB; program page %.0f KiB, tenants page %.0f KiB, a customer page %.0f KiB\n",
                files.size(), static_cast<double>(bytes) / (1024.0 * 1024.0), files.at("index.html").size() / 1024.0,
                files.at("tenants.html").size() / 1024.0, files.at("customers/customer-0.html").size() / 1024.0);
    std::printf("at FortiFlex's 90 requests a minute the API part would take %.1f min\n",
                static_cast<double>(client.calls_made()) / 90.0);
    server.stop();
    store.reset();
    fs::remove_all(dir);
    return 0;
}

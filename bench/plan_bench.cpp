// Plan and apply at MSSP scale against the emulator with added latency per request. Prints wall time, API calls,
// the lower bound (calls / parallelism x latency), engine CPU time and peak memory of the flexform side.
// Usage: plan_bench [CUSTOMERS=1000] [LATENCY_MS=50] [PARALLELISM=8] | plan_bench --memory CUSTOMERS [in-sync]
//        | plan_bench --offers [CUSTOMERS=1000] [LATENCY_MS=0] [PARALLELISM=8]: the same estate on 5 offers vs in full
#include <malloc.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "bench/bench_support.h"
#include "engine/apply/applier.h"
#include "engine/manifest/manifest.h"
#include "engine/plan/planner.h"
#include "engine/render/render.h"
#include "engine/usecases/live_reading.h"
#include "engine/usecases/plan_use_case.h"
#include "emulator/emulator.h"
#include "emulator/server.h"
#include "providers/fortiflex/client.h"

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr int k_configs_per_customer = 5;
constexpr int k_serials_per_config = 10;
const char* k_program = "ELAVMS0000000001";

struct Layout {
    const char* product;
    const char* model;
    const char* package;
};
const Layout k_layout[k_configs_per_customer] = {{"FGT_HW", "FGT60F", "FGHWUTP"},
                                                 {"FGT_HW", "FG100F", "FGHWENT"},
                                                 {"FSW_HW", "S124FP", "FSWHWFC247"},
                                                 {"FSW_HW", "S248EP", "FSWHWFCEL"},
                                                 {"FAP_HW", "FP231F", "FAPHWFC247"}};

std::string serial(int customer, int config, int index) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%sTK%04d%d%03d", k_layout[config].model, customer, config, index);
    return buffer;
}

json seed(int customers) {
    json accounts = json::array();
    json configs = json::array();
    json entitlements = json::array();
    for (int c = 0; c < customers; ++c) {
        accounts.push_back(3000000 + c);
        for (int k = 0; k < k_configs_per_customer; ++k) {
            const Layout& l = k_layout[k];
            const std::string model_key = "device_model";
            configs.push_back({{"id", 100000 + c * 10 + k},
                               {"name", "cfg-" + std::to_string(k)},
                               {"accountId", 3000000 + c},
                               {"product", l.product},
                               {"parameters", {{model_key, l.model}, {"service_pkg", l.package}}}});
            for (int i = 0; i < k_serials_per_config; ++i) {
                entitlements.push_back({{"serialNumber", serial(c, k, i)}, {"configId", 100000 + c * 10 + k}});
            }
        }
    }
    return {{"clock", {{"today", "2026-11-20"}, {"frozen", true}}},
            {"organization", {{"rootAccountId", 1}, {"accounts", accounts}}},
            {"programs", {{{"serialNumber", k_program}, {"startDate", "2025-01-01"}, {"endDate", "2027-12-31"}}}},
            {"apiUsers", {{{"username", "bench"}, {"password", "bench-password"}}}},
            {"configs", configs},
            {"entitlements", entitlements}};
}

// Manifests equal to the live state, plus `extra` new serials on every customer's first configuration.
void write_manifests(const fs::path& dir, int customers, int extra) {
    fs::remove_all(dir);
    fs::create_directories(dir);
    for (int c = 0; c < customers; ++c) {
        std::ofstream out(dir / ("customer-" + std::to_string(c) + ".yaml"));
        out << "apiVersion: flexform/v1\nkind: Customer\nmetadata:\n  name: customer-" << c
            << "\n  accountId: " << 3000000 + c << "\nspec:\n  configs:\n";
        for (int k = 0; k < k_configs_per_customer; ++k) {
            const Layout& l = k_layout[k];
            out << "    - name: cfg-" << k << "\n      product: " << l.product
                << "\n      parameters: {device_model: " << l.model << ", service_pkg: " << l.package
                << "}\n      serials:\n";
            const int count = k_serials_per_config + (k == 0 ? extra : 0);
            for (int i = 0; i < count; ++i) {
                out << "        - " << serial(c, k, i) << "\n";
            }
        }
    }
}

double thread_cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

// A pull request that adds a serial to one customer: `plan --changed-since` reads only that customer's account,
// a full plan every account. Prints both, with what they take at FortiFlex's pace (90 requests a minute).
void pull_request_plan(const fs::path& dir, int customers, const flexform::fortiflex::ClientOptions& options,
                       const flexform::ManifestOptions& manifest_options, int parallelism, int latency_ms) {
    write_manifests(dir, customers, k_serials_per_config);
    {
        std::ofstream out(dir / "customer-0.yaml", std::ios::app);
        out << "    - name: pr-added\n      product: FGT_HW\n      parameters: {device_model: FGT60F, service_pkg: "
               "FGHWUTP}\n      serials: [FGT60FTK29999999]\n";
    }
    const flexform::LoadResult desired = flexform::load_manifests({dir.string()}, "", manifest_options);
    const flexform::bench::BenchClock clock;
    for (const bool scoped : {true, false}) {
        flexform::fortiflex::FortiFlexClient client(options);
        flexform::PlanRequest request;
        request.desired = &desired.state;
        request.program = k_program;
        request.parallelism = parallelism;
        if (scoped) {
            request.customers = {"customer-0"};
            request.changed_since = "origin/main";
        }
        const auto start = std::chrono::steady_clock::now();
        const flexform::PlanOutcome out =
            flexform::plan_program(client, clock, request, flexform::builtin_catalog());
        const double wall = flexform::bench::since(start);
        std::printf("%s: %zu changes, %lld API calls, %.2f s here (%d ms latency), %.1f min at 90 requests/minute\n",
                    scoped ? "PR plan of 1 changed customer (--changed-since)" : "the same change, full plan",
                    out.plan.changes.size(), static_cast<long long>(out.requests), wall, latency_ms,
                    static_cast<double>(out.requests) / 90.0);
    }
}

// The emulator runs in a child process so the peak memory printed is flexform's own.
pid_t start_emulator(int customers, int latency_ms, int& port) {
    int fds[2];
    if (::pipe(fds) != 0) {
        std::exit(1);
    }
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::close(fds[0]);
        flexform::emulator::EmulatorOptions options;
        flexform::emulator::Emulator emulator(options);
        emulator.seed(seed(customers));
        flexform::emulator::Fault latency;
        latency.kind = flexform::emulator::FaultKind::latency;
        latency.latency_ms = latency_ms;
        latency.remaining = -1;
        emulator.add_fault(latency);
        flexform::emulator::ServerOptions server_options;
        server_options.max_connections = 64;
        flexform::emulator::EmulatorServer server(emulator, server_options);
        const int bound = server.bind();
        if (::write(fds[1], &bound, sizeof bound) != sizeof bound) {
            std::_Exit(1);
        }
        ::close(fds[1]);
        server.run();
        std::_Exit(0);
    }
    ::close(fds[1]);
    if (::read(fds[0], &port, sizeof port) != sizeof port) {
        std::exit(1);
    }
    ::close(fds[0]);
    return pid;
}

}  // namespace

double heap_in_use_mib() {
    return static_cast<double>(mallinfo2().uordblks) / (1024.0 * 1024.0);
}

double rss_mib() {
    std::ifstream statm("/proc/self/statm");
    long pages = 0;
    long resident = 0;
    statm >> pages >> resident;
    return static_cast<double>(resident) * static_cast<double>(::sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

// Memory of the plan itself: N customers onboarded at once (5 configs, 10 serials each), planned, rendered as text
// and as JSON, without the API in the way. Prints the peak RSS of this process.
// The live state of a program whose manifests are in sync: every declared config and serial exists.
flexform::LiveState live_in_sync(const flexform::DesiredState& desired) {
    flexform::LiveState live;
    live.program = k_program;
    std::int64_t id = 100000;
    for (const auto& customer : desired.customers) {
        auto& entitlements = live.entitlements[customer.account_id];
        for (const auto& config : customer.configs) {
            flexform::LiveConfig c;
            c.id = ++id;
            c.name = config.name;
            c.program = k_program;
            c.account_id = customer.account_id;
            c.product_id = config.product_id;
            c.parameters = config.parameters;
            live.configs.push_back(c);
            for (const auto& hw : config.serials) {
                flexform::LiveEntitlement e;
                e.serial = hw.serial;
                e.config_id = c.id;
                e.account_id = customer.account_id;
                e.status = flexform::EntitlementStatus::active;
                e.status_text = "ACTIVE";
                e.start_date = flexform::Date{2026, 1, 1};
                e.end_date = flexform::Date{2027, 12, 31};
                entitlements.push_back(e);
            }
        }
    }
    return live;
}

int memory_mode(int customers, bool in_sync) {
    const fs::path dir = fs::temp_directory_path() / ("flexform-plan-memory-" + std::to_string(::getpid()));
    write_manifests(dir, customers, 0);
    const flexform::ManifestOptions manifest_options{&flexform::builtin_catalog(), flexform::Date{2026, 11, 20}};
    const auto start = std::chrono::steady_clock::now();
    const flexform::LoadResult desired = flexform::load_manifests({dir.string()}, "", manifest_options);
    fs::remove_all(dir);
    std::fprintf(stderr, "after manifests: %.1f MiB RSS, %.1f MiB in use (%.2f s)\n", rss_mib(), heap_in_use_mib(),
                 flexform::bench::since(start));
    flexform::LiveState live = in_sync ? live_in_sync(desired.state) : flexform::LiveState{};
    live.program = k_program;
    flexform::PlanOptions plan_options;
    plan_options.today = flexform::Date{2026, 11, 20};
    flexform::PriceTable prices;
    for (const auto& [product, parameters] : flexform::price_requests(desired.state, live, plan_options)) {
        prices[flexform::price_key(product, parameters)] = flexform::Price{2.5, std::nullopt, std::nullopt, false};
    }
    const flexform::Plan plan =
        flexform::make_plan(desired.state, live, prices, flexform::builtin_catalog(), plan_options);
    std::fprintf(stderr, "after plan: %.1f MiB (%.2f s)\n", rss_mib(), flexform::bench::since(start));
    std::size_t text_bytes = 0;
    {
        const fs::path file =
            fs::temp_directory_path() / ("flexform-plan-memory-" + std::to_string(::getpid()) + ".txt");
        std::ofstream out(file);
        flexform::write_text(plan, out, flexform::RenderOptions{});
        out.close();
        text_bytes = fs::file_size(file);
        fs::remove(file);
    }
    std::fprintf(stderr, "after text: %.1f MiB (%.2f s)\n", rss_mib(), flexform::bench::since(start));
    std::size_t json_bytes = 0;
    {
        const fs::path file =
            fs::temp_directory_path() / ("flexform-plan-memory-" + std::to_string(::getpid()) + ".json");
        std::ofstream out(file);
        flexform::write_json(plan, out);
        out.close();
        json_bytes = fs::file_size(file);
        fs::remove(file);
    }
    std::fprintf(stderr, "after json: %.1f MiB (%.2f s)\n", rss_mib(), flexform::bench::since(start));
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("plan memory (%s): %d customers, %zu changes, text %.1f MB, JSON %.1f MB, %.2f s, peak RSS %.1f MiB\n",
                in_sync ? "in sync: every config and serial live" : "onboarding all at once", customers,
                plan.changes.size(), static_cast<double>(text_bytes) / 1e6, static_cast<double>(json_bytes) / 1e6,
                flexform::bench::since(start), static_cast<double>(usage.ru_maxrss) / 1024.0);
    return 0;
}

// The same estate as write_manifests, each of the 5 configurations naming an offer (offers/ of `dir`).
void write_offer_manifests(const fs::path& dir, int customers) {
    fs::remove_all(dir);
    fs::create_directories(dir / "offers");
    for (int k = 0; k < k_configs_per_customer; ++k) {
        const Layout& l = k_layout[k];
        std::ofstream(dir / "offers" / ("offer-" + std::to_string(k) + ".yaml"))
            << "apiVersion: flexform/v1\nkind: Offer\nmetadata: {name: offer-" << k
            << "}\nspec:\n  product: " << l.product << "\n  parameters: {device_model: " << l.model
            << ", service_pkg: " << l.package << "}\n";
    }
    for (int c = 0; c < customers; ++c) {
        std::ofstream out(dir / ("customer-" + std::to_string(c) + ".yaml"));
        out << "apiVersion: flexform/v1\nkind: Customer\nmetadata:\n  name: customer-" << c
            << "\n  accountId: " << 3000000 + c << "\nspec:\n  configs:\n";
        for (int k = 0; k < k_configs_per_customer; ++k) {
            out << "    - name: cfg-" << k << "\n      offer: offer-" << k << "\n      serials:\n";
            for (int i = 0; i < k_serials_per_config; ++i) {
                out << "        - " << serial(c, k, i) << "\n";
            }
        }
    }
}

struct OfferRun {
    long long calls = 0;
    double wall = 0.0;
    double manifests_cpu = 0.0;
    double plan_cpu = 0.0;
    double peak_rss_mib = 0.0;
    std::size_t changes = 0;
};

// One plan of the in-sync estate from `dir`, in a child process so its peak memory is its own.
OfferRun measure_plan(const fs::path& dir, const flexform::fortiflex::ClientOptions& options, int parallelism) {
    int fds[2];
    if (::pipe(fds) != 0) {
        std::exit(1);
    }
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::close(fds[0]);
        OfferRun run;
        const flexform::ManifestOptions manifest_options{&flexform::builtin_catalog(), flexform::Date{2026, 11, 20}};
        flexform::fortiflex::FortiFlexClient client(options);
        const auto wall = std::chrono::steady_clock::now();
        const double cpu_start = thread_cpu_seconds();
        const flexform::LoadResult desired = flexform::load_manifests({dir.string()}, "", manifest_options);
        run.manifests_cpu = thread_cpu_seconds() - cpu_start;
        if (!desired.ok()) {
            std::fprintf(stderr, "%s\n", flexform::format(desired.diagnostics.front()).c_str());
            std::_Exit(1);
        }
        flexform::PlanOptions plan_options;
        plan_options.today = flexform::Date{2026, 11, 20};
        std::vector<std::int64_t> accounts;
        for (const auto& c : desired.state.customers) {
            accounts.push_back(c.account_id);
        }
        const auto live = flexform::read_program(client, k_program, parallelism, accounts);
        const auto prices = flexform::read_prices(
            client, k_program, flexform::price_requests(desired.state, live, plan_options), parallelism);
        const double plan_cpu_start = thread_cpu_seconds();
        const flexform::Plan plan =
            flexform::make_plan(desired.state, live, prices, flexform::builtin_catalog(), plan_options);
        run.plan_cpu = thread_cpu_seconds() - plan_cpu_start;
        run.wall = flexform::bench::since(wall);
        run.calls = client.calls_made();
        run.changes = plan.changes.size();
        rusage usage{};
        getrusage(RUSAGE_SELF, &usage);
        run.peak_rss_mib = static_cast<double>(usage.ru_maxrss) / 1024.0;
        if (::write(fds[1], &run, sizeof run) != sizeof run) {
            std::_Exit(1);
        }
        std::_Exit(0);
    }
    ::close(fds[1]);
    OfferRun run;
    const bool got = ::read(fds[0], &run, sizeof run) == sizeof run;
    ::close(fds[0]);
    ::waitpid(pid, nullptr, 0);
    if (!got) {
        std::exit(1);
    }
    return run;
}

// 1,000 customers on 5 offers against the same estate written in full: requests, time and memory of one plan each.
int offers_mode(int customers, int latency_ms, int parallelism) {
    int port = 0;
    const pid_t emulator = start_emulator(customers, latency_ms, port);
    const flexform::fortiflex::ClientOptions options =
        flexform::bench::bench_client_options("http://127.0.0.1:" + std::to_string(port) + "/ES/api/fortiflex/v2/",
                                              "http://127.0.0.1:" + std::to_string(port) + "/api/v1/oauth/token/");
    const fs::path dir = fs::temp_directory_path() / ("flexform-plan-offers-" + std::to_string(::getpid()));
    std::printf("%d customers x %d configurations x %d serials, in sync, %d ms latency, parallelism %d\n", customers,
                k_configs_per_customer, k_serials_per_config, latency_ms, parallelism);
    const fs::path dirs[2] = {dir / "full", dir / "offers"};
    write_manifests(dirs[0], customers, 0);
    write_offer_manifests(dirs[1], customers);
    // A warm-up of each, then rounds that alternate the two (the machine's load hits both alike); the best of each
    // figure is kept.
    OfferRun runs[2];
    for (int v = 0; v < 2; ++v) {
        measure_plan(dirs[v], options, parallelism);
    }
    constexpr int k_rounds = 3;
    for (int round = 0; round < k_rounds; ++round) {
        for (int v = 0; v < 2; ++v) {
            const OfferRun run = measure_plan(dirs[v], options, parallelism);
            OfferRun& best = runs[v];
            if (round == 0) {
                best = run;
                continue;
            }
            best.wall = std::min(best.wall, run.wall);
            best.manifests_cpu = std::min(best.manifests_cpu, run.manifests_cpu);
            best.plan_cpu = std::min(best.plan_cpu, run.plan_cpu);
            best.peak_rss_mib = std::min(best.peak_rss_mib, run.peak_rss_mib);
            best.calls = std::max(best.calls, run.calls);
        }
    }
    for (int v = 0; v < 2; ++v) {
        const OfferRun& run = runs[v];
        std::printf(
            "%-24s %zu changes, %lld API calls, wall %.2f s, manifests CPU %.3f s, planner CPU %.3f s, "
            "peak RSS %.1f MiB (best of %d)\n",
            v ? "on 5 offers:" : "written in full:", run.changes, run.calls, run.wall, run.manifests_cpu,
            run.plan_cpu, run.peak_rss_mib, k_rounds);
    }
    std::printf("offers / in full: API calls %+lld, wall x%.2f, manifests CPU x%.2f, planner CPU x%.2f, "
                "peak RSS x%.2f\n",
                runs[1].calls - runs[0].calls, runs[1].wall / runs[0].wall,
                runs[1].manifests_cpu / runs[0].manifests_cpu, runs[1].plan_cpu / runs[0].plan_cpu,
                runs[1].peak_rss_mib / runs[0].peak_rss_mib);
    ::kill(emulator, SIGKILL);
    ::waitpid(emulator, nullptr, 0);
    fs::remove_all(dir);
    return 0;
}

int main(int argc, char** argv) {
    if (argc > 1 && std::string(argv[1]) == "--offers") {
        return offers_mode(argc > 2 ? std::atoi(argv[2]) : 1000, argc > 3 ? std::atoi(argv[3]) : 0,
                           argc > 4 ? std::atoi(argv[4]) : 8);
    }
    if (argc > 2 && std::string(argv[1]) == "--memory") {
        return memory_mode(std::atoi(argv[2]), argc > 3 && std::string(argv[3]) == "in-sync");
    }
    const int customers = argc > 1 ? std::atoi(argv[1]) : 1000;
    const int latency_ms = argc > 2 ? std::atoi(argv[2]) : 50;
    const int parallelism = argc > 3 ? std::atoi(argv[3]) : 8;
    const fs::path dir = fs::temp_directory_path() / ("flexform-plan-bench-" + std::to_string(::getpid()));
    const auto seed_start = std::chrono::steady_clock::now();
    int port = 0;
    const pid_t emulator = start_emulator(customers, latency_ms, port);
    std::printf("emulator: %d customers, %d configs, %d entitlements, seeded in %.1f s, %d ms latency per request\n",
                customers, customers * k_configs_per_customer,
                customers * k_configs_per_customer * k_serials_per_config, flexform::bench::since(seed_start),
                latency_ms);

    flexform::fortiflex::ClientOptions options =
        flexform::bench::bench_client_options("http://127.0.0.1:" + std::to_string(port) + "/ES/api/fortiflex/v2/",
                                              "http://127.0.0.1:" + std::to_string(port) + "/api/v1/oauth/token/");
    const flexform::ManifestOptions manifest_options{&flexform::builtin_catalog(), flexform::Date{2026, 11, 20}};

    for (const int extra : {0, k_serials_per_config}) {
        write_manifests(dir, customers, extra);
        flexform::fortiflex::FortiFlexClient client(options);
        const double cpu_start = thread_cpu_seconds();
        const auto wall = std::chrono::steady_clock::now();
        const flexform::LoadResult desired = flexform::load_manifests({dir.string()}, "", manifest_options);
        const double load_cpu = thread_cpu_seconds() - cpu_start;
        flexform::PlanOptions plan_options;
        plan_options.today = flexform::Date{2026, 11, 20};
        std::vector<std::int64_t> accounts;
        for (const auto& c : desired.state.customers) {
            accounts.push_back(c.account_id);
        }
        const auto live = flexform::read_program(client, k_program, parallelism, accounts);
        const auto prices = flexform::read_prices(
            client, k_program, flexform::price_requests(desired.state, live, plan_options), parallelism);
        const double plan_cpu_start = thread_cpu_seconds();
        const flexform::Plan plan =
            flexform::make_plan(desired.state, live, prices, flexform::builtin_catalog(), plan_options);
        const double plan_cpu = thread_cpu_seconds() - plan_cpu_start;
        const double plan_wall = flexform::bench::since(wall);
        const std::int64_t calls = client.calls_made();
        const double bound = static_cast<double>(calls) / parallelism * latency_ms / 1000.0;
        int created = 0;
        for (const auto& c : plan.changes) {
            created += c.action == flexform::ActionKind::create_entitlements ? c.after.count.value_or(0) : 0;
        }
        std::printf(
            "plan (%s): wall %.2f s, %lld API calls, lower bound %.2f s (%.2fx), engine CPU %.3f s "
            "(manifests %.3f s + planner %.3f s), %zu changes creating %d entitlements\n",
            extra ? "with changes" : "in sync", plan_wall, static_cast<long long>(calls), bound, plan_wall / bound,
            load_cpu + plan_cpu, load_cpu, plan_cpu, plan.changes.size(), created);
        if (extra) {
            flexform::ApplyOptions apply_options;
            apply_options.parallelism = parallelism;
            const auto apply_start = std::chrono::steady_clock::now();
            const std::int64_t calls_before = client.calls_made();
            const double apply_cpu_start = thread_cpu_seconds();
            const flexform::ApplyResult result = flexform::apply_plan(plan, client, apply_options);
            const double apply_wall = flexform::bench::since(apply_start);
            const std::int64_t apply_calls = client.calls_made() - calls_before;
            std::printf(
                "apply: %d entitlements created in %.2f s, %lld API calls, lower bound %.2f s (%.2fx), "
                "%d done / %d failed, main-thread CPU %.3f s\n",
                created, apply_wall, static_cast<long long>(apply_calls),
                static_cast<double>(apply_calls) / parallelism * latency_ms / 1000.0,
                apply_wall / (static_cast<double>(apply_calls) / parallelism * latency_ms / 1000.0),
                result.count(flexform::OutcomeStatus::done), result.count(flexform::OutcomeStatus::failed),
                thread_cpu_seconds() - apply_cpu_start);
        }
    }
    pull_request_plan(dir, customers, options, manifest_options, parallelism, latency_ms);
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("peak RSS of the flexform side (emulator in a separate process): %.1f MiB\n",
                static_cast<double>(usage.ru_maxrss) / 1024.0);
    ::kill(emulator, SIGKILL);
    ::waitpid(emulator, nullptr, 0);
    fs::remove_all(dir);
    return 0;
}

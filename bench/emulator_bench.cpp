// Measures the emulator: requests per second for entitlements/list of an account holding 50,000 entitlements,
// for small calls, and the process's peak memory. Usage: emulator_bench [ENTITLEMENTS=50000] [SECONDS=5]
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

#include <httplib.h>

#include "emulator/emulator.h"
#include "emulator/server.h"

using flexform::emulator::json;

namespace {

double run_for(const std::string& base, const std::string& token, const std::string& path, const std::string& body,
               int threads, double seconds, std::size_t& bytes) {
    std::atomic<long> requests{0};
    std::atomic<std::size_t> total_bytes{0};
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&] {
            httplib::Client client(base);
            client.set_read_timeout(60, 0);
            httplib::Headers headers = {{"Authorization", "Bearer " + token}};
            while (std::chrono::steady_clock::now() < deadline) {
                auto res = client.Post(path.c_str(), headers, body, "application/json");
                if (!res || res->status != 200) {
                    std::fprintf(stderr, "request failed\n");
                    return;
                }
                total_bytes += res->body.size();
                ++requests;
            }
        });
    }
    const auto start = std::chrono::steady_clock::now();
    for (auto& w : workers) {
        w.join();
    }
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    bytes = requests > 0 ? total_bytes / static_cast<std::size_t>(requests) : 0;
    return static_cast<double>(requests) / elapsed;
}

double current_rss_mib() {
    std::FILE* f = std::fopen("/proc/self/status", "r");
    char line[256];
    double kib = 0;
    while (f && std::fgets(line, sizeof line, f)) {
        if (std::sscanf(line, "VmRSS: %lf kB", &kib) == 1) {
            break;
        }
    }
    if (f) {
        std::fclose(f);
    }
    return kib / 1024.0;
}

// Large request bodies (accepted up to the 1 MiB cap, refused above it): memory comes back afterwards.
void large_bodies(const std::string& base, const std::string& token) {
    const double before = current_rss_mib();
    double peak = before;
    int refused = 0;
    {  // the client's own copies are gone before the settled figure is read
        httplib::Client client(base);
        httplib::Headers headers = {{"Authorization", "Bearer " + token}};
        const std::string near_cap =
            "{\"programSerialNumber\": \"ELAVMS0000000001\", \"pad\": \"" + std::string(1000 * 1000, 'x') + "\"}";
        const std::string huge(20 * 1000 * 1000, 'x');
        for (int i = 0; i < 20; ++i) {
            client.Post("/ES/api/fortiflex/v2/configs/list", headers, near_cap, "application/json");
            auto res = client.Post("/ES/api/fortiflex/v2/configs/list", headers, huge, "application/json");
            refused += res && res->status == 413 ? 1 : 0;
            peak = std::max(peak, current_rss_mib());
        }
    }
    std::this_thread::sleep_for(std::chrono::seconds(2));
    std::printf(
        "large bodies (20 x 1 MB accepted, 20 x 20 MB: %d refused with 413): RSS %.1f MiB before, %.1f peak, "
        "%.1f settled\n",
        refused, before, peak, current_rss_mib());
}

}  // namespace

int main(int argc, char** argv) {
    const int count = argc > 1 ? std::atoi(argv[1]) : 50000;
    const double seconds = argc > 2 ? std::atof(argv[2]) : 5.0;
    flexform::emulator::Emulator emulator(flexform::emulator::EmulatorOptions{});
    const json seed = {
        {"clock", {{"today", "2026-11-20"}, {"frozen", true}}},
        {"organization", {{"rootAccountId", 1}, {"accounts", {2}}}},
        {"programs", {{{"serialNumber", "ELAVMS0000000001"}, {"startDate", "2025-01-01"}, {"endDate", "2027-12-31"}}}},
        {"apiUsers", {{{"username", "bench"}, {"password", "bench-password"}}}},
        {"configs",
         {{{"id", 10},
           {"name", "vm"},
           {"accountId", 2},
           {"product", "FGT_VM_Bundle"},
           {"parameters", {{"cpu_size", 2}, {"service_pkg", "UTP"}}}}}},
        {"entitlements",
         {{{"config", "vm"}, {"accountId", 2}, {"count", count}, {"status", "ACTIVE"}, {"description", "bench"}}}}};
    const auto seed_start = std::chrono::steady_clock::now();
    emulator.seed(seed);
    const double seed_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - seed_start).count();
    flexform::emulator::EmulatorServer server(emulator, flexform::emulator::ServerOptions{});
    server.bind();
    server.start();
    httplib::Client client(server.base_url());
    const json login = {
        {"username", "bench"}, {"password", "bench-password"}, {"client_id", "flexvm"}, {"grant_type", "password"}};
    const std::string token =
        json::parse(client.Post("/api/v1/oauth/token/", login.dump(), "application/json")->body)["access_token"];

    std::printf("emulator: seeded %d entitlements in %.2f s\n", count, seed_seconds);
    std::size_t bytes = 0;
    const json list = {{"accountId", 2}, {"programSerialNumber", "ELAVMS0000000001"}};
    for (const int threads : {1, 2}) {
        const double rps = run_for(server.base_url(), token, "/ES/api/fortiflex/v2/entitlements/list", list.dump(),
                                   threads, seconds, bytes);
        std::printf("entitlements/list (%d entitlements, %.1f MB/response), %d client threads: %.2f req/s\n", count,
                    static_cast<double>(bytes) / 1e6, threads, rps);
    }
    for (const int threads : {1, 4}) {
        const double rps =
            run_for(server.base_url(), token, "/ES/api/fortiflex/v2/programs/list", "{}", threads, seconds, bytes);
        std::printf("programs/list (small), %d client threads: %.0f req/s\n", threads, rps);
    }
    const json calc = {{"programSerialNumber", "ELAVMS0000000001"},
                       {"productTypeId", 1},
                       {"count", 1},
                       {"parameters", {{{"id", 1}, {"value", "2"}}, {{"id", 2}, {"value", "UTP"}}}}};
    const double calc_rps =
        run_for(server.base_url(), token, "/ES/api/fortiflex/v2/tools/calc", calc.dump(), 4, seconds, bytes);
    std::printf("tools/calc (small), 4 client threads: %.0f req/s\n", calc_rps);
    large_bodies(server.base_url(), token);
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("peak RSS (server and client in one process): %.1f MiB\n",
                static_cast<double>(usage.ru_maxrss) / 1024.0);
    server.stop();
    return 0;
}

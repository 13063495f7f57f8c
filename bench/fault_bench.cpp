// Onboarding under fire: N customers (8 actions each) applied to an empty program while 20% of FortiFlex requests
// fail in every way a real request can (HTTP 5xx, rate limits, invalid tokens, a connection dropped before
// processing, dropped after processing with not a byte sent, an answer cut mid-body). Prints, per run: the
// applies needed to converge, duplicate configs, surplus VMs, serials entitled twice, lost actions (started with
// no recorded outcome) and summaries that did not tell the truth (done but still planned, failed but applied).
// Usage: fault_bench [CUSTOMERS=110] [FAULT_RATE=0.2] [RUNS=3]
#include <chrono>
#include <ctime>
#include <thread>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "bench/bench_support.h"
#include "engine/manifest/manifest.h"
#include "engine/model/words.h"
#include "engine/usecases/apply_use_case.h"
#include "emulator/emulator.h"
#include "emulator/server.h"
#include "providers/fortiflex/client.h"
#include "providers/fortiflex/transport.h"
#include "providers/journal/file_journal_store.h"
#include "providers/lock/locks.h"
#include "providers/pending/pending_stores.h"

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr const char* k_program = "ELAVMS0000000001";

json seed(int customers) {
    json accounts = json::array();
    for (int c = 0; c < customers; ++c) {
        accounts.push_back(4000000 + c);
    }
    return {{"clock", {{"today", "2026-11-20"}, {"frozen", true}}},
            {"organization", {{"rootAccountId", 1}, {"accounts", accounts}}},
            {"programs", {{{"serialNumber", k_program}, {"startDate", "2025-01-01"}, {"endDate", "2027-12-31"}}}},
            {"apiUsers", {{{"username", "bench"}, {"password", "bench-password"}}}}};
}

std::string manifests(int customers) {
    std::ostringstream out;
    for (int c = 0; c < customers; ++c) {
        char fgt[2][32];
        char fap[2][32];
        for (int i = 0; i < 2; ++i) {
            std::snprintf(fgt[i], sizeof fgt[i], "FGT60FTK2%04d%03d", c, i);
            std::snprintf(fap[i], sizeof fap[i], "FP231FTF2%04d%03d", c, i);
        }
        out << "---\napiVersion: flexform/v1\nkind: Customer\nmetadata: {name: customer-" << c
            << ", accountId: " << 4000000 + c << "}\nspec:\n  configs:\n"
            << "    - {name: fgt, product: FGT_HW, parameters: {device_model: FGT60F, service_pkg: FGHWUTP}, serials: ["
            << fgt[0] << ", " << fgt[1] << "]}\n"
            << "    - {name: vm, product: FGT_VM_Bundle, parameters: {cpu_size: 2, service_pkg: UTP}, vms: {count: "
               "2}}\n"
            << "    - {name: ap, product: FAP_HW, parameters: {device_model: FP231F, service_pkg: FAPHWFC247}, "
               "serials: ["
            << fap[0] << ", " << fap[1] << "]}\n"
            << "    - {name: edr, product: FORTIEDR, parameters: {service_pkg: FEDRPDR}, cloud: {}}\n";
    }
    return out.str();
}

std::string identity(const flexform::Change& c) {
    return std::string(flexform::to_string(c.action)) + " " + c.address;
}

// The bench's day, with the real UTC time: the settle windows of creates of unknown outcome are real time.
class FaultClock : public flexform::bench::BenchClock {
public:
    std::string utc_timestamp() const override {
        const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
        std::tm utc{};
        gmtime_r(&now, &utc);
        char text[32];
        std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
        return text;
    }
};

struct RunFigures {
    int applies = 0;
    bool converged = false;
    int duplicate_configs = 0;
    int surplus_vms = 0;
    int serials_twice = 0;
    int lost_actions = 0;
    int untrue_summaries = 0;
    int actions = 0;
    int unknown = 0;
    int recovered = 0;
    int failed_reads = 0;  // applies that stopped before writing: a read kept failing
    double seconds = 0.0;
};

RunFigures one_run(int customers, double rate, const fs::path& dir) {
    RunFigures f;
    flexform::emulator::EmulatorOptions emulator_options;
    flexform::emulator::Emulator emulator(emulator_options);
    emulator.seed(seed(customers));
    flexform::emulator::ServerOptions server_options;
    server_options.keep_alive_seconds = 2;
    flexform::emulator::EmulatorServer server(emulator, server_options);
    server.bind();
    server.start();

    flexform::fortiflex::ClientOptions client_options =
        flexform::bench::bench_client_options(server.api_url(), server.auth_url());
    client_options.base_delay = std::chrono::milliseconds(5);
    client_options.max_delay = std::chrono::milliseconds(50);
    client_options.reread_settle = std::chrono::milliseconds(0);
    flexform::fortiflex::FortiFlexClient client(client_options);

    flexform::DesiredState desired;
    std::vector<flexform::Diagnostic> diagnostics;
    flexform::parse_manifest_text("bench.yaml", manifests(customers),
                                  flexform::ManifestOptions{&flexform::builtin_catalog(), {2026, 11, 20}}, desired,
                                  diagnostics);
    const FaultClock clock;
    const auto locks = flexform::file_lock_service(dir.string());
    const auto records = flexform::file_pending_creates(dir.string(), server.api_url(), k_program);
    const auto journals = flexform::file_journal_store((dir / "journal").string());
    flexform::ApplyRequest request;
    request.plan.desired = &desired;
    request.plan.program = k_program;
    request.plan.parallelism = 8;
    request.me = {"bench", "bench", "1", "apply", clock.utc_timestamp()};
    request.execution.parallelism = 8;
    request.execution.circuit_breaker = 0;  // measure recovery, not the breaker
    // Creates of unknown outcome are recorded and waited for (apply --wait-settle); the in-process emulator answers
    // at once, so a short window is a safe one here.
    request.plan.pending = records.get();
    request.execution.settle_window_seconds = 2;
    request.wait_settle = true;
    request.wait_until = [](std::int64_t utc_seconds) {
        std::this_thread::sleep_until(std::chrono::system_clock::time_point(std::chrono::seconds(utc_seconds)));
        return true;
    };

    flexform::emulator::Fault fault;
    fault.kind = flexform::emulator::FaultKind::any;
    fault.rate = rate;
    fault.remaining = -1;
    const auto start = std::chrono::steady_clock::now();
    for (int run = 1; run <= 8; ++run) {
        emulator.add_fault(fault);
        flexform::ApplyOutcome outcome;
        try {
            outcome = flexform::apply_program(client, *locks, *journals, clock, request,
                                              flexform::builtin_catalog(), {});
        } catch (const flexform::ProviderError&) {
            // Reading the live state failed even after retries: this apply wrote nothing; try again.
            emulator.clear_faults();
            ++f.applies;
            ++f.failed_reads;
            continue;
        }
        emulator.clear_faults();
        if (outcome.verdict == flexform::ApplyVerdict::no_changes) {
            f.converged = true;
            break;
        }
        ++f.applies;
        f.actions += static_cast<int>(outcome.plan.changes.size());
        // What a fresh plan (faults off) still wants is the truth the summary is checked against.
        const flexform::PlanOutcome after =
            flexform::plan_program(client, clock, request.plan, flexform::builtin_catalog());
        std::multiset<std::string> pending;
        for (const auto& c : after.plan.changes) {
            pending.insert(identity(c));
        }
        for (const auto& o : outcome.result.outcomes) {
            const flexform::Change& c = outcome.plan.changes[o.index];
            f.unknown += o.status == flexform::OutcomeStatus::unknown ? 1 : 0;
            f.recovered += o.recovered ? 1 : 0;
            // Done must have happened; failed (as opposed to unknown) must not have.
            if (o.status == flexform::OutcomeStatus::done && pending.count(identity(c))) {
                ++f.untrue_summaries;
            }
            if (o.status == flexform::OutcomeStatus::failed && !pending.count(identity(c))) {
                ++f.untrue_summaries;
            }
        }
        const auto started = std::count_if(outcome.result.outcomes.begin(), outcome.result.outcomes.end(),
                                           [](const flexform::ActionOutcome& o) { return o.ordinal > 0; });
        const auto journaled = [&] {
            int finished = 0;
            int opened = 0;
            std::ifstream in(outcome.journal);
            for (std::string line; std::getline(in, line);) {
                opened += line.find("\"type\":\"action_started\"") != std::string::npos ? 1 : 0;
                finished += line.find("\"type\":\"action_finished\"") != std::string::npos &&
                                    line.find("\"status\":\"skipped\"") == std::string::npos &&
                                    line.find("\"status\":\"not attempted\"") == std::string::npos
                                ? 1
                                : 0;
            }
            return std::make_pair(opened, finished);
        }();
        f.lost_actions += static_cast<int>(started) - journaled.second;
        f.lost_actions += journaled.first - journaled.second;
    }
    f.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const json state = emulator.dump();
    std::map<std::pair<std::int64_t, std::string>, int> names;
    std::map<std::int64_t, std::string> config_names;
    for (const auto& c : state["configs"]) {
        ++names[{c["accountId"].get<std::int64_t>(), c["name"].get<std::string>()}];
        config_names[c["id"].get<std::int64_t>()] = c["name"].get<std::string>();
    }
    for (const auto& [key, n] : names) {
        f.duplicate_configs += n - 1;
    }
    std::map<std::int64_t, int> vms;
    std::map<std::string, int> serials;
    for (const auto& e : state["entitlements"]) {
        const std::int64_t config = e["configId"].get<std::int64_t>();
        if (config_names[config] == "vm") {
            ++vms[config];
        }
        ++serials[e["serialNumber"].get<std::string>()];
    }
    for (const auto& [config, n] : vms) {
        f.surplus_vms += std::max(0, n - 2);
    }
    for (const auto& [serial, n] : serials) {
        f.serials_twice += n > 1 ? 1 : 0;
    }
    flexform::fortiflex::close_thread_connection();
    server.stop();
    return f;
}

}  // namespace

int main(int argc, char** argv) {
    const int customers = argc > 1 ? std::atoi(argv[1]) : 110;
    const double rate = argc > 2 ? std::atof(argv[2]) : 0.2;
    const int runs = argc > 3 ? std::atoi(argv[3]) : 3;
    std::printf("fault bench: %d customers (%d actions) on an empty program, %.0f%% of requests failing in every way\n",
                customers, customers * 8, rate * 100);
    int worst_applies = 0;
    for (int r = 1; r <= runs; ++r) {
        const fs::path dir = fs::temp_directory_path() /
                             ("flexform-fault-bench-" + std::to_string(::getpid()) + "-" + std::to_string(r));
        fs::remove_all(dir);
        fs::create_directories(dir);
        const RunFigures f = one_run(customers, rate, dir);
        worst_applies = std::max(worst_applies, f.applies);
        std::printf(
            "run %d: %s after %s (%.1f s, %d actions attempted across them, %d of unknown outcome, %d "
            "confirmed by re-reading); duplicate configs %d, surplus VMs %d, serials entitled twice %d, lost actions "
            "%d, summaries that did not tell the truth %d; %d applies stopped before writing (a read kept failing)\n",
            r, f.converged ? "converged" : "NOT converged",
            flexform::count_of(static_cast<std::size_t>(f.applies), "apply", "applies").c_str(), f.seconds, f.actions,
            f.unknown, f.recovered, f.duplicate_configs, f.surplus_vms, f.serials_twice, f.lost_actions,
            f.untrue_summaries, f.failed_reads);
        fs::remove_all(dir);
    }
    std::printf("most applies needed in a run: %d\n", worst_applies);
    return 0;
}

// Onboarding under the network as it is: N customers (8 actions each) applied to an empty program while a share of
// requests fails in every way a real one can. Each run starts with the real `flexform` binary applying with creates
// that take 2 s, killed (-9) with creates in flight; then applies in this process until the program converges, with
// every fault armed at the run's rate: 500/502/503/504 before and after processing, 429s, invalid tokens,
// connections dropped or reset before and after processing, answers cut mid-body, token-endpoint faults, stale
// lists (a list that does not yet show what was created in the last 2 s), creates that take seconds and creates
// that outlive the client's (shortened) timeout. Prints, per run: applies to converge, duplicate configs, surplus
// VMs, serials entitled twice, summaries that did not tell the truth (an action reported done or failed whose real
// state says otherwise), lost actions and requests. Stops by itself: at most 8 applies a run, and a wall-clock
// budget for the whole bench.
// Usage: fault_bench [CUSTOMERS=110] [RUNS_PER_RATE=1] [RATE...=0.2 0.4]   (FLEXFORM_BINARY: the flexform to kill)
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
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
#include <thread>

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
    int refused = 0;       // applies whose plan had errors (a duplicate stops the program)
    std::int64_t requests = 0;
    int killed_in_flight = 0;  // creates in flight when the real binary was killed
    double seconds = 0.0;
};

constexpr int k_client_timeout_ms = 3000;  // the bench's client timeout: a create outliving it costs seconds
constexpr int k_slow_create_ms = 1500;
constexpr int k_outliving_create_ms = 4000;
constexpr int k_stale_lag_ms = 2000;  // longer than the client's 1 s settle before a re-read
constexpr int k_kill_create_ms = 2000;
constexpr int k_max_applies = 8;
// The margin after the client's timeout before a create of unknown outcome may be proven absent: longer than any
// create the bench holds (k_outliving_create_ms) and than a stale list lags (k_stale_lag_ms).
constexpr int k_settle_seconds = 2;

const char* const k_creates[] = {"configs/create", "entitlements/hardware/create", "entitlements/vm/create",
                                 "entitlements/cloud/create"};

flexform::emulator::Fault fault_of(flexform::emulator::FaultKind kind, const std::string& endpoint, double rate) {
    flexform::emulator::Fault f;
    f.kind = kind;
    f.endpoint = endpoint;
    f.rate = rate;
    f.remaining = -1;
    return f;
}

// Every fault of the network, each at `rate`: one failure per request among them (`any`), the token service's own,
// stale lists, slow creates and creates outliving the client's timeout.
void arm_network(flexform::emulator::Emulator& emulator, double rate) {
    using flexform::emulator::FaultKind;
    emulator.add_fault(fault_of(FaultKind::any, "*", rate));
    emulator.add_fault(fault_of(FaultKind::any, "oauth/token", rate));
    auto stale = fault_of(FaultKind::stale_list, "*", rate);
    stale.lag_ms = k_stale_lag_ms;
    emulator.add_fault(stale);
    for (const char* create : k_creates) {
        auto slow = fault_of(FaultKind::latency, create, rate);
        slow.latency_ms = k_slow_create_ms;
        emulator.add_fault(slow);
        auto outliving = fault_of(FaultKind::latency, create, rate / 4);
        outliving.latency_ms = k_outliving_create_ms;
        emulator.add_fault(outliving);
    }
}

std::string flexform_binary() {
    const char* forced = std::getenv("FLEXFORM_BINARY");
    return forced && *forced ? forced : FLEXFORM_BINARY;
}

// Starts the real flexform applying the manifests in `dir`, its output in files there.
pid_t start_flexform(const fs::path& dir, const std::string& api_url, const std::string& auth_url) {
    const std::string binary = flexform_binary();
    const std::vector<std::string> args = {
        binary, "apply", "customers.yaml", "--auto-approve", "--api-url=" + api_url, "--auth-url=" + auth_url};
    const pid_t pid = ::fork();
    if (pid == 0) {
        if (::chdir(dir.c_str()) != 0) {
            ::_exit(126);
        }
        const int out = ::open("flexform.out", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int err = ::open("flexform.err", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        ::dup2(out, 1);
        ::dup2(err, 2);
        ::setenv("FORTIFLEX_ACCESS_USERNAME", "bench", 1);
        ::setenv("FORTIFLEX_ACCESS_PASSWORD", "bench-password", 1);
        ::setenv("FLEXFORM_TODAY", "2026-11-20", 1);
        ::setenv("FLEXFORM_LOCK_DIR", (dir / "locks").c_str(), 1);
        ::setenv("NO_COLOR", "1", 1);
        std::vector<char*> argv;
        for (const auto& a : args) {
            argv.push_back(const_cast<char*>(a.c_str()));
        }
        argv.push_back(nullptr);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    return pid;
}

std::int64_t count_of(const json& counters, const std::string& endpoint) {
    const auto& endpoints = counters["endpoints"];
    return endpoints.contains(endpoint) ? endpoints[endpoint].get<std::int64_t>() : 0;
}

// The real binary applies with every config create taking 2 s; once 8 creates are in flight it is killed -9.
// Returns how many creates were in flight.
int kill_nine_round(flexform::emulator::Emulator& emulator, const fs::path& dir, const std::string& api_url,
                    const std::string& auth_url) {
    using flexform::emulator::FaultKind;
    auto slow = fault_of(FaultKind::latency, "configs/create", 1.0);
    slow.latency_ms = k_kill_create_ms;
    emulator.add_fault(slow);
    const std::int64_t before = count_of(emulator.counters(), "configs/create");
    const pid_t child = start_flexform(dir, api_url, auth_url);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    std::int64_t in_flight = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        in_flight = count_of(emulator.counters(), "configs/create") - before;
        if (in_flight >= 8 || ::waitpid(child, nullptr, WNOHANG) == child) {
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (in_flight == 0) {
        std::fprintf(stderr, "fault bench: the real flexform (%s) sent no create; see %s\n", flexform_binary().c_str(),
                     (dir / "flexform.err").c_str());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // well inside the 2 s the creates take
    ::kill(child, SIGKILL);
    ::waitpid(child, nullptr, 0);
    emulator.clear_faults();  // the creates in flight still land, 2 s after they were sent
    return static_cast<int>(in_flight);
}

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
    std::ofstream(dir / "customers.yaml") << manifests(customers);
    std::ofstream(dir / "flexform.yaml") << "apiVersion: flexform/v1\nkind: Project\nspec:\n  programSerialNumber: "
                                         << k_program << "\n  parallelism: 8\n  requestsPerMinute: 10000\n  requestTimeoutSeconds: "
                                         << k_client_timeout_ms / 1000 << "\n  settleSeconds: " << k_settle_seconds
                                         << "\n";
    const auto start = std::chrono::steady_clock::now();
    f.killed_in_flight = kill_nine_round(emulator, dir, server.api_url(), server.auth_url());

    flexform::fortiflex::ClientOptions client_options =
        flexform::bench::bench_client_options(server.api_url(), server.auth_url());
    client_options.base_delay = std::chrono::milliseconds(5);
    client_options.max_delay = std::chrono::milliseconds(50);
    client_options.transport.total_timeout_ms = k_client_timeout_ms;
    flexform::fortiflex::FortiFlexClient client(client_options);

    flexform::DesiredState desired;
    std::vector<flexform::Diagnostic> diagnostics;
    flexform::parse_manifest_text("bench.yaml", manifests(customers),
                                  flexform::ManifestOptions{&flexform::builtin_catalog(), {2026, 11, 20}}, desired,
                                  diagnostics);
    const FaultClock clock;
    // The same lock, records and journals as the killed binary's: this process is its next run.
    const auto locks = flexform::file_lock_service((dir / "locks").string(), server.api_url());
    const auto records = flexform::file_pending_creates((dir / "locks").string(),
                                                        flexform::service_key(server.api_url()), k_program);
    const auto journals = flexform::file_journal_store((dir / ".flexform" / "journal").string());
    flexform::ApplyRequest request;
    request.plan.desired = &desired;
    request.plan.program = k_program;
    request.plan.parallelism = 8;
    request.me = {"bench", "bench", "1", "apply", clock.utc_timestamp()};
    request.execution.parallelism = 8;
    request.execution.circuit_breaker = 0;  // measure recovery, not the breaker
    // Creates of unknown outcome are recorded and waited for (apply --wait-settle), with the killed binary's window.
    request.plan.pending = records.get();
    request.execution.settle_window_seconds = k_client_timeout_ms / 1000 + k_settle_seconds;
    request.wait_settle = true;
    request.wait_until = [](std::int64_t utc_seconds) {
        std::this_thread::sleep_until(std::chrono::system_clock::time_point(std::chrono::seconds(utc_seconds)));
        return true;
    };

    for (int run = 1; run <= k_max_applies; ++run) {
        arm_network(emulator, rate);
        flexform::ApplyOutcome outcome;
        try {
            outcome = flexform::apply_program(client, *locks, *journals, clock, request,
                                              flexform::builtin_catalog(), {});
        } catch (const std::exception&) {
            // Reading the live state failed even after retries: this apply wrote nothing; try again.
            emulator.clear_faults();
            ++f.applies;
            ++f.failed_reads;
            continue;
        }
        emulator.clear_faults();
        // Creates still in flight (outliving the client's timeout) land within seconds; the truth is what a plan
        // without faults sees once they have.
        std::this_thread::sleep_for(std::chrono::milliseconds(k_outliving_create_ms + 500));
        const flexform::PlanOutcome after =
            flexform::plan_program(client, clock, request.plan, flexform::builtin_catalog());
        if (outcome.verdict == flexform::ApplyVerdict::no_changes && after.plan.changes.empty() &&
            after.plan.applyable()) {
            f.converged = true;  // this apply found nothing to do: it only confirmed convergence
            break;
        }
        ++f.applies;
        if (outcome.verdict == flexform::ApplyVerdict::refused_errors) {
            ++f.refused;
            continue;
        }
        f.actions += static_cast<int>(outcome.plan.changes.size());
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
    f.requests = emulator.counters()["total"].get<std::int64_t>();
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
    const int runs = argc > 2 ? std::atoi(argv[2]) : 1;
    std::vector<double> rates;
    for (int i = 3; i < argc; ++i) {
        rates.push_back(std::atof(argv[i]));
    }
    if (rates.empty()) {
        rates = {0.2, 0.4};
    }
    // Bounded: a run is at most 8 applies, each bounded by the client's timeouts; this is the backstop.
    const int budget_seconds = 1800;
    std::thread([budget_seconds] {
        std::this_thread::sleep_for(std::chrono::seconds(budget_seconds));
        std::printf("fault bench: stopped after its budget of %d s\n", budget_seconds);
        std::fflush(stdout);
        std::_Exit(2);
    }).detach();
    std::printf(
        "fault bench: %d customers (%d actions) on an empty program; each run: kill -9 of the real binary with "
        "creates in flight, then applies with every fault of the network at the run's rate (client timeout %d ms)\n",
        customers, customers * 8, k_client_timeout_ms);
    for (const double rate : rates) {
        int worst_applies = 0;
        for (int r = 1; r <= runs; ++r) {
            const fs::path dir = fs::temp_directory_path() / ("flexform-fault-bench-" + std::to_string(::getpid()) +
                                                              "-" + std::to_string(rate) + "-" + std::to_string(r));
            fs::remove_all(dir);
            fs::create_directories(dir);
            const RunFigures f = one_run(customers, rate, dir);
            worst_applies = std::max(worst_applies, f.applies);
            std::printf(
                "%.0f%% faults, run %d: %s after %s (%.1f s; %d creates in flight at kill -9; %d actions attempted, "
                "%d of unknown outcome, %d confirmed by re-reading; %d applies refused by plan errors, %d stopped "
                "before writing); duplicate configs %d, surplus VMs %d, serials entitled twice %d, untrue summaries "
                "%d, lost actions %d, requests %lld\n",
                rate * 100, r, f.converged ? "converged" : "NOT converged",
                flexform::count_of(static_cast<std::size_t>(f.applies), "apply", "applies").c_str(), f.seconds,
                f.killed_in_flight, f.actions, f.unknown, f.recovered, f.refused, f.failed_reads, f.duplicate_configs,
                f.surplus_vms, f.serials_twice, f.untrue_summaries, f.lost_actions, static_cast<long long>(f.requests));
            std::fflush(stdout);
            fs::remove_all(dir);
        }
        std::printf("%.0f%% faults: most applies needed in a run: %d\n", rate * 100, worst_applies);
    }
    return 0;
}

// A simulated MSSP day against FortiFlex's quotas: N customers (E FortiGates each) in an in-process emulator, and
// the day's jobs as separate "processes" (each its own client and its own budget object over one shared budget
// file, as flexform processes on one host): `flexform nightly` (drift, consumption pull of yesterday, program,
// dashboard from one read; the store already holds the earlier nights), 20 one-customer PR plans, and 5 applies of
// 5 customers each started at the same moment. The four nightly commands run separately are counted for comparison.
// Time is simulated: a wait on the budget moves a shared clock instead of sleeping, so the day's budget waits pass in
// moments and the day's wall time at the budget is read off that clock. Prints requests per job and in total, the
// most requests in any minute and any hour, and whether they ever exceeded the budget.
// Usage: quota_bench [CUSTOMERS=1000] [ENTITLEMENTS_PER_CUSTOMER=50] [PER_MINUTE=90] [PER_HOUR=900]
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench/bench_support.h"
#include "engine/apply/applier.h"
#include "engine/manifest/manifest.h"
#include "engine/model/day_range.h"
#include "engine/usecases/consumption_use_case.h"
#include "engine/usecases/dashboard_use_case.h"
#include "engine/usecases/drift_use_case.h"
#include "engine/usecases/nightly_use_case.h"
#include "engine/usecases/plan_use_case.h"
#include "engine/usecases/program_use_case.h"
#include "emulator/emulator.h"
#include "emulator/server.h"
#include "providers/budget/budgets.h"
#include "providers/fortiflex/client.h"
#include "providers/fortiflex/transport.h"
#include "providers/store/store.h"

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr const char* k_program = "ELAVMS0000000001";
constexpr std::int64_t k_day_start_ms = 1'795'132'800'000;  // 2026-11-20T00:00:00Z
constexpr int k_apply_customers = 25;                       // 5 applies x 5 customers: each gains one FortiGate
constexpr int k_pr_plans = 20;

std::string customer_name(int c) {
    char name[16];
    std::snprintf(name, sizeof name, "c%05d", c);
    return name;
}

std::string serial(int c, int i) {
    char text[24];
    std::snprintf(text, sizeof text, "FGT60FTK%05d%03d", c, i);
    return text;
}

json seed(int customers, int per_customer) {
    json ids = json::array();
    json configs = json::array();
    json entitlements = json::array();
    for (int c = 0; c < customers; ++c) {
        const int account = 4000000 + c;
        ids.push_back(account);
        const std::string config = "fgt-" + customer_name(c);
        configs.push_back({{"name", config},
                           {"accountId", account},
                           {"product", "FGT_HW"},
                           {"parameters", {{"device_model", "FGT60F"}, {"service_pkg", "FGHWUTP"}}}});
        for (int i = 0; i < per_customer; ++i) {
            entitlements.push_back({{"serialNumber", serial(c, i)}, {"config", config}, {"accountId", account}});
        }
    }
    return {{"clock", {{"today", "2026-11-20"}, {"frozen", true}}},
            {"organization", {{"rootAccountId", 1}, {"accounts", ids}}},
            {"programs", {{{"serialNumber", k_program}, {"startDate", "2025-01-01"}, {"endDate", "2027-12-31"}}}},
            {"apiUsers", {{{"username", "bench"}, {"password", "bench-password"}}}},
            {"history", {{"days", 3}}},
            {"configs", configs},
            {"entitlements", entitlements}};
}

// Every customer as its manifest says; the apply customers declare one FortiGate more than FortiFlex has.
flexform::DesiredState desired(int customers, int per_customer) {
    flexform::DesiredState state;
    std::vector<flexform::Diagnostic> diagnostics;
    flexform::ManifestOptions options{&flexform::builtin_catalog(), {2026, 11, 20}};
    for (int c = 0; c < customers; ++c) {
        std::ostringstream out;
        out << "apiVersion: flexform/v1\nkind: Customer\nmetadata: {name: " << customer_name(c)
            << ", accountId: " << 4000000 + c << "}\nspec:\n  configs:\n    - name: fgt-" << customer_name(c)
            << "\n      product: FGT_HW\n      parameters: {device_model: FGT60F, service_pkg: FGHWUTP}\n"
            << "      serials:\n";
        const int declared = per_customer + (c < k_apply_customers ? 1 : 0);
        for (int i = 0; i < declared; ++i) {
            out << "        - " << serial(c, i) << "\n";
        }
        flexform::parse_manifest_text(customer_name(c) + ".yaml", out.str(), options, state, diagnostics);
    }
    return state;
}

// Simulated wall time shared by every job: a job that waits moves it to when it wakes (the latest wake wins, as
// jobs waiting together wake together).
struct SimulatedClock {
    std::atomic<std::int64_t> ms{k_day_start_ms};
    void sleep_for(std::int64_t d) {
        const std::int64_t wake = ms.load() + d;
        std::int64_t now = ms.load();
        while (now < wake && !ms.compare_exchange_weak(now, wake)) {
        }
    }
};

// Records who took each request and when, then passes the take on to the shared budget.
struct Ledger {
    std::mutex mutex;
    std::vector<std::pair<std::int64_t, std::string>> taken;
    std::int64_t newest = 0;
};

class RecordingBudget : public flexform::RequestBudget {
public:
    RecordingBudget(std::unique_ptr<flexform::RequestBudget> inner, Ledger& ledger, std::string job)
        : m_inner(std::move(inner)), m_ledger(ledger), m_job(std::move(job)) {}
    std::optional<flexform::BudgetWait> try_take(std::int64_t now_ms) override {
        // Under one lock, so the stamps are in the order the budget took them; a take is recorded no earlier than
        // the newest, as the budget records it (effective_now).
        std::lock_guard lock(m_ledger.mutex);
        auto wait = m_inner->try_take(now_ms);
        if (!wait) {
            const std::int64_t at = m_ledger.taken.empty() ? now_ms : std::max(now_ms, m_ledger.newest);
            m_ledger.newest = at;
            m_ledger.taken.emplace_back(at, m_job);
        }
        return wait;
    }
    void note_create_error(std::int64_t now_ms) override { m_inner->note_create_error(now_ms); }
    std::optional<flexform::BudgetWait> create_errors_spent(std::int64_t now_ms) override {
        return m_inner->create_errors_spent(now_ms);
    }
    std::string describe() const override { return m_inner->describe(); }

private:
    std::unique_ptr<flexform::RequestBudget> m_inner;
    Ledger& m_ledger;
    std::string m_job;
};

int busiest(std::vector<std::int64_t> stamps, std::int64_t length) {
    std::sort(stamps.begin(), stamps.end());
    int most = 0;
    std::size_t first = 0;
    for (std::size_t i = 0; i < stamps.size(); ++i) {
        while (stamps[i] - stamps[first] >= length) {
            ++first;
        }
        most = std::max(most, static_cast<int>(i - first + 1));
    }
    return most;
}

struct Day {
    std::string api_url;
    std::string auth_url;
    flexform::BudgetPlace place;
    flexform::BudgetLimits limits;
    SimulatedClock clock;
    Ledger ledger;
    const flexform::DesiredState* desired = nullptr;
    std::map<std::string, std::int64_t> started_ms;
    std::map<std::string, std::int64_t> finished_ms;
    std::mutex times_mutex;

    // One job: its own client and budget object, as its own flexform process.
    void run(const std::string& job, const std::function<void(flexform::Provider&)>& work) {
        RecordingBudget budget(flexform::file_budget(place, limits), ledger, job);
        flexform::fortiflex::ClientOptions options = flexform::bench::bench_client_options(api_url, auth_url);
        options.budget = &budget;
        options.wall_ms = [this] { return clock.ms.load(); };
        options.sleep = [this](std::chrono::milliseconds d) { clock.sleep_for(d.count()); };
        flexform::fortiflex::FortiFlexClient client(options);
        {
            std::lock_guard lock(times_mutex);
            started_ms[job] = clock.ms.load();
        }
        work(client);
        flexform::fortiflex::close_thread_connection();
        std::lock_guard lock(times_mutex);
        finished_ms[job] = clock.ms.load();
    }
};

}  // namespace

int main(int argc, char** argv) {
    const int customers = argc > 1 ? std::atoi(argv[1]) : 1000;
    const int per_customer = argc > 2 ? std::atoi(argv[2]) : 50;
    const int per_minute = argc > 3 ? std::atoi(argv[3]) : flexform::k_default_requests_per_minute;
    const int per_hour = argc > 4 ? std::atoi(argv[4]) : flexform::k_default_requests_per_hour;
    if (customers < k_apply_customers + k_pr_plans + 100) {
        std::fprintf(stderr, "quota_bench: at least %d customers\n", k_apply_customers + k_pr_plans + 100);
        return 1;
    }
    const auto real_start = std::chrono::steady_clock::now();
    flexform::emulator::EmulatorOptions emulator_options;
    flexform::emulator::Emulator emulator(emulator_options);
    emulator.seed(seed(customers, per_customer));
    flexform::emulator::ServerOptions server_options;
    flexform::emulator::EmulatorServer server(emulator, server_options);
    server.bind();
    server.start();
    const flexform::DesiredState state = desired(customers, per_customer);
    const fs::path dir = fs::temp_directory_path() / ("flexform-quota-bench-" + std::to_string(::getpid()));
    fs::create_directories(dir);

    Day day;
    day.api_url = server.api_url();
    day.auth_url = server.auth_url();
    day.place = flexform::BudgetPlace{day.api_url, k_program, "", dir.string()};
    day.limits = flexform::BudgetLimits{per_minute, per_hour, flexform::k_default_create_errors_per_hour, 1.0};
    day.desired = &state;
    const flexform::bench::BenchClock clock;
    const flexform::Date today = clock.today();
    std::printf("simulated MSSP day: %d customers, %d entitlements; budget %d/minute, %d/hour (shared file)\n",
                customers, customers * per_customer, per_minute, per_hour);

    // The nightly job: `flexform nightly`, one read of the program for drift, pull, program and dashboard.
    auto store = flexform::open_store((dir / "consumption.db").string());
    // Steady state: the store holds the earlier nights' pulls (their rows do not matter to the request count).
    const flexform::DayRange window = flexform::points_window(today);
    for (flexform::Date d = window.first; d < window.last; d = flexform::add_days(d, 1)) {
        store->replace_day(k_program, d, {});
    }
    day.run("nightly (flexform nightly)", [&](flexform::Provider& p) {
        flexform::NightlyRequest request;
        request.drift.plan.desired = &state;
        request.drift.plan.program = k_program;
        request.drift.plan.price = false;
        request.program.program = k_program;
        request.program.yearly_commitment = 500000;
        request.program.desired = &state;
        request.dashboard.program = k_program;
        request.dashboard.desired = &state;
        request.dashboard.yearly_commitment = 500000;
        request.pull.program = k_program;
        request.pull.today = today;
        request.pull.now_utc = [] { return std::string("2026-11-20T02:00:00Z"); };
        flexform::run_nightly(p, *store, clock, request, flexform::builtin_catalog());
    });
    // The working day: one-customer PR plans, and five applies of five customers each started together.
    for (int i = 0; i < k_pr_plans; ++i) {
        day.run("PR plan (1 customer)", [&](flexform::Provider& p) {
            flexform::PlanRequest request;
            request.desired = &state;
            request.program = k_program;
            request.customers = {customer_name(100 + i)};
            request.changed_since = "origin/main";  // as the pipeline plans a pull request: its customers only
            flexform::plan_program(p, clock, request, flexform::builtin_catalog());
        });
    }
    std::vector<std::thread> applies;
    std::atomic<int> applied{0};
    for (int a = 0; a < 5; ++a) {
        applies.emplace_back([&, a] {
            day.run("apply (5 customers) #" + std::to_string(a + 1), [&](flexform::Provider& p) {
                flexform::PlanRequest request;
                request.desired = &state;
                request.program = k_program;
                for (int c = a * 5; c < a * 5 + 5; ++c) {
                    request.customers.push_back(customer_name(c));
                }
                request.changed_since = "origin/main";  // the merged pull request's customers
                const flexform::PlanOutcome planned =
                    flexform::plan_program(p, clock, request, flexform::builtin_catalog());
                flexform::ApplyOptions options;
                options.catalog = &flexform::builtin_catalog();
                const flexform::ApplyResult result = flexform::apply_plan(planned.plan, p, options);
                applied += result.count(flexform::OutcomeStatus::done);
            });
        });
    }
    for (auto& t : applies) {
        t.join();
    }

    std::map<std::string, int> per_job;
    std::vector<std::int64_t> stamps;
    for (const auto& [at, job] : day.ledger.taken) {
        const std::string key = job.rfind("apply", 0) == 0     ? "apply (5 customers), each of 5"
                                : job.rfind("PR plan", 0) == 0 ? "PR plan (1 customer), each of 20"
                                                               : job;
        ++per_job[key];
        stamps.push_back(at);
    }
    std::printf("\n%-40s %9s\n", "job", "requests");
    for (const auto& [job, n] : per_job) {
        const bool several = job.find("each of") != std::string::npos;
        const int each = job.find("each of 20") != std::string::npos ? 20 : several ? 5 : 1;
        std::printf("%-40s %9d%s\n", job.c_str(), n / each,
                    several ? (" (" + std::to_string(n) + " in all)").c_str() : "");
    }
    const int minute = busiest(stamps, 60'000);
    const int hour = busiest(stamps, 3'600'000);
    const double simulated_hours = static_cast<double>(day.clock.ms.load() - k_day_start_ms) / 3'600'000.0;
    std::printf("\ntotal requests %zu (every one taken from the shared budget; %d actions applied)\n", stamps.size(),
                applied.load());
    std::printf(
        "most in any minute %d (budget %d)  most in any hour %d (budget %d)  %s\n", minute, per_minute, hour, per_hour,
        (per_minute == 0 || minute <= per_minute) && (per_hour == 0 || hour <= per_hour) ? "never above the budget"
                                                                                         : "ABOVE THE BUDGET");
    std::printf("the day's wall time at this budget (simulated clock) %.2f h; real time here %.1f s\n", simulated_hours,
                flexform::bench::since(real_start));
    // For comparison, the nightly as four separate commands (each reads the program), unpaced.
    {
        flexform::fortiflex::FortiFlexClient client(flexform::bench::bench_client_options(day.api_url, day.auth_url));
        auto separate = flexform::open_store((dir / "separate.db").string());
        flexform::DriftRequest drift;
        drift.plan.desired = &state;
        drift.plan.program = k_program;
        drift.plan.price = false;
        flexform::check_drift(client, clock, drift, flexform::builtin_catalog());
        flexform::PullOptions pull;
        pull.program = k_program;
        pull.today = today;
        pull.days = {flexform::add_days(today, -1)};
        pull.now_utc = [] { return std::string("2026-11-20T02:00:00Z"); };
        flexform::pull_consumption(client, *separate, pull);
        flexform::ProgramRequest program;
        program.program = k_program;
        program.yearly_commitment = 500000;
        flexform::program_report(client, nullptr, clock, program);
        flexform::DashboardRequest dashboard;
        dashboard.program = k_program;
        dashboard.desired = &state;
        flexform::gather_dashboard(client, nullptr, clock, dashboard, flexform::builtin_catalog());
        std::printf("for comparison, drift + pull + program + dashboard as four commands (no store): %lld requests\n",
                    static_cast<long long>(client.calls_made()));
        flexform::fortiflex::close_thread_connection();
    }
    store.reset();
    fs::remove_all(dir);
    return 0;
}

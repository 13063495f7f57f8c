#include "cli/session.h"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <ostream>
#include <sstream>
#include <thread>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "cli/errors.h"
#include "cli/interrupts.h"
#include "engine/manifest/manifest.h"
#include "engine/model/programs.h"
#include "engine/usecases/program_visibility.h"
#include "emulator/emulator.h"
#include "emulator/server.h"
#include "emulator/store.h"
#include "engine/render/budget_words.h"
#include "providers/budget/budgets.h"
#include "providers/fortiflex/client.h"
#include "providers/fortiflex/transport.h"
#include "providers/files/read_file.h"
#include "providers/journal/file_journal_store.h"
#include "providers/lock/locks.h"
#include "providers/pending/pending_stores.h"
#include "providers/store/store.h"

namespace flexform::cli {

namespace {

constexpr const char* k_sandbox_dir = ".flexform/sandbox";
constexpr const char* k_journal_dir = ".flexform/journal";
constexpr const char* k_demo_seed_file = "examples/emulator/demo-seed.yaml";
constexpr const char* k_demo_user = "5D1B7E2A-3C4F-4A8B-9E6D-0F1A2B3C4D5E";
constexpr const char* k_demo_password = "flexform-demo-password";
constexpr const char* k_demo_program = "ELAVMS0000004711";
constexpr std::chrono::seconds k_sandbox_wait{60};

std::string env(const char* name) {
    const char* value = std::getenv(name);
    return value ? value : "";
}

// The first non-empty of flag, environment variable and project setting.
std::string first_of(const std::string& flag, const char* variable, const std::optional<std::string>& project) {
    if (!flag.empty()) {
        return flag;
    }
    if (const std::string value = env(variable); !value.empty()) {
        return value;
    }
    return project.value_or("");
}

std::string utc_now() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buffer;
}

double monotonic_now() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// This machine's Pacific date; FLEXFORM_TODAY=YYYY-MM-DD pins it for reproducible runs.
class SystemClock : public Clock {
public:
    Date today() const override {
        if (const auto forced = parse_date(env("FLEXFORM_TODAY"))) {
            return *forced;
        }
        const auto millis =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
                .count();
        return to_pacific(millis).date;
    }
    std::string utc_timestamp() const override { return utc_now(); }
    double monotonic_seconds() const override { return monotonic_now(); }
};

// In --sandbox every command reasons in the emulator's day, so a pull and a report agree on what "yesterday" is.
class SandboxClock : public Clock {
public:
    explicit SandboxClock(const emulator::Emulator& emulator) : m_emulator(emulator) {}
    Date today() const override { return m_emulator.today(); }
    std::string utc_timestamp() const override { return utc_now(); }
    double monotonic_seconds() const override { return monotonic_now(); }

private:
    const emulator::Emulator& m_emulator;
};

std::shared_ptr<spdlog::logger> api_logger() {
    static std::once_flag once;
    static std::shared_ptr<spdlog::logger> logger;
    std::call_once(once, [] {
        logger = std::make_shared<spdlog::logger>("api", std::make_shared<spdlog::sinks::stderr_sink_mt>());
        logger->set_pattern("[%H:%M:%S.%e] %v");
    });
    return logger;
}

std::string demo_seed_text() {
    return read_file_text(k_demo_seed_file).value_or(std::string(emulator::builtin_demo_seed()));
}

std::string user_name() {
    if (const std::string user = env("USER"); !user.empty()) {
        return user;
    }
    if (const passwd* pw = ::getpwuid(::getuid())) {
        return pw->pw_name;
    }
    return std::to_string(::getuid());
}

// The FortiFlex API URL this command talks to (flag, environment, flexform.yaml, then the real service).
std::string resolved_api_url(const CommandContext& context, const ProjectSettings& project) {
    const std::string url = first_of(context.global.api_url, "FORTIFLEX_API_URL", project.api_url);
    return url.empty() ? fortiflex::k_default_api_url : url;
}

std::string host_name() {
    char buffer[256] = {0};
    ::gethostname(buffer, sizeof buffer - 1);
    return buffer;
}

std::int64_t unix_ms_now() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// A lock wait that says what it waits for: tries once, and when the lock is held and the command may wait, names
// the holder and the time it will give up before waiting.
class ExplainedLocks : public LockService {
public:
    ExplainedLocks(std::unique_ptr<LockService> inner, std::ostream& err) : m_inner(std::move(inner)), m_err(err) {}
    std::unique_ptr<ProgramLock> acquire(const std::string& program, const LockHolder& me,
                                         std::chrono::milliseconds timeout) override {
        if (timeout.count() <= 0) {
            return m_inner->acquire(program, me, timeout);
        }
        try {
            return m_inner->acquire(program, me, std::chrono::milliseconds(0));
        } catch (const LockBusy& busy) {
            const std::int64_t now = unix_ms_now();
            m_err << render_lock_wait(program, busy.holder(), m_inner->describe(), now, now + timeout.count())
                  << std::flush;
        }
        return m_inner->acquire(program, me, timeout);
    }
    std::string describe() const override { return m_inner->describe(); }

private:
    std::unique_ptr<LockService> m_inner;
    std::ostream& m_err;
};

}  // namespace

void check_url(const std::string& url, const std::string& setting) {
    const auto scheme = url.find("://");
    const std::string shown = fortiflex::redact_userinfo(url);
    if (scheme == std::string::npos || (url.compare(0, scheme, "https") != 0 && url.compare(0, scheme, "http") != 0)) {
        throw UsageError(setting + " \"" + shown + "\" is not an http:// or https:// URL");
    }
    if (fortiflex::host_of(url).empty()) {
        throw UsageError(setting + " \"" + shown + "\" has no host");
    }
}

Session::Session(const CommandContext& context, std::string project_file, ProjectSettings project)
    : m_context(context), m_project_file(std::move(project_file)), m_base_project(std::move(project)),
      m_project(m_base_project) {
    if (!m_base_project.programs.empty()) {
        const auto scope = programs_in_scope();
        select_program(scope.size() == 1 ? scope.front() : *std::find_if(scope.begin(), scope.end(), [](const auto& p) {
            return p.is_default;
        }));
    }
}

std::string Session::project_name() const {
    if (m_project_file.empty()) {
        return {};
    }
    if (m_project.name) {
        return *m_project.name;
    }
    std::error_code ec;
    const std::filesystem::path file = std::filesystem::absolute(m_project_file, ec).lexically_normal();
    return ec ? std::string() : file.parent_path().filename().string();
}

Session::~Session() {
    m_client.reset();
    m_parked.clear();
    fortiflex::close_thread_connection();
    m_sandbox_server.reset();
    m_sandbox.reset();
}

std::vector<ProgramSettings> Session::programs() {
    if (m_base_project.programs.empty()) {
        return project_programs(m_base_project, program());
    }
    return m_base_project.programs;
}

std::vector<ProgramSettings> Session::programs_in_scope() {
    std::vector<ProgramSettings> all = programs();
    if (m_base_project.programs.empty()) {
        return all;
    }
    const bool flag = !m_context.global.program.empty();
    const std::string wanted = first_of(m_context.global.program, "FORTIFLEX_PROGRAM_SERIAL", std::nullopt);
    if (wanted.empty()) {
        return all;
    }
    if (const ProgramSettings* one = find_program(all, wanted)) {
        return {*one};
    }
    std::string listed;
    for (const auto& p : all) {
        listed += (listed.empty() ? "" : ", ") + p.name + " (" + p.serial + ")";
    }
    throw UsageError(std::string(flag ? "--program" : "FORTIFLEX_PROGRAM_SERIAL") + " \"" + wanted +
                     "\" is not a program of " + m_project_file + ": spec.programs lists " + listed);
}

void Session::check_programs_visible() {
    if (!m_base_project.programs.empty()) {
        flexform::check_programs_visible(provider(), m_base_project.programs);
    }
}

void Session::park_program() {
    if (m_program.empty()) {
        return;
    }
    ProgramResources& parked = m_parked[m_program];
    if (m_client) {
        m_parked_requests += m_client->calls_made();
    }
    parked.budget = std::move(m_budget);
    parked.client = std::move(m_client);
    parked.pending = std::move(m_pending);
}

void Session::select_program(const ProgramSettings& program) {
    if (program.serial == m_program) {
        return;
    }
    park_program();
    m_program = program.serial;
    if (const auto it = m_parked.find(m_program); it != m_parked.end()) {
        if (it->second.client) {
            m_parked_requests -= it->second.client->calls_made();
        }
        m_budget = std::move(it->second.budget);
        m_client = std::move(it->second.client);
        m_pending = std::move(it->second.pending);
        m_parked.erase(it);
    }
    m_project = settings_for_program(m_base_project, program);
}

const std::string& Session::program() {
    if (m_program.empty()) {
        m_program = first_of(m_context.global.program, "FORTIFLEX_PROGRAM_SERIAL", m_project.program_serial);
        if (m_program.empty() && m_context.global.sandbox) {
            m_program = k_demo_program;
        }
        if (m_program.empty()) {
            throw UsageError(
                "no program serial number: set programSerialNumber in flexform.yaml, FORTIFLEX_PROGRAM_SERIAL or "
                "--program");
        }
    }
    return m_program;
}

int Session::parallelism() const {
    if (m_context.global.parallelism > 0) {
        return m_context.global.parallelism;
    }
    return m_project.parallelism.value_or(k_default_parallelism);
}

std::string Session::database() const {
    if (m_context.global.sandbox) {
        // FLEXFORM_DB and the project's database name the real program's store: demo rows stay in the sandbox,
        // and resetting the sandbox (rm -rf .flexform/sandbox) resets its history too.
        return m_context.global.db.empty() ? std::string(k_sandbox_dir) + "/consumption.db" : m_context.global.db;
    }
    const std::string db = first_of(m_context.global.db, "FLEXFORM_DB", m_project.database);
    return db.empty() ? k_default_database : db;
}

ConsumptionStore* Session::store_if_present() {
    const std::string db = database();
    const bool postgres = is_postgres(db);
    if (!postgres && !std::filesystem::exists(db)) {
        return nullptr;
    }
    return &store(true);
}

const Clock& Session::clock() {
    if (!m_clock) {
        if (m_context.global.sandbox) {
            start_sandbox();
        } else {
            m_clock = std::make_unique<SystemClock>();
        }
    }
    return *m_clock;
}

void Session::start_sandbox() {
    if (m_sandbox) {
        return;
    }
    std::filesystem::create_directories(k_sandbox_dir);
    emulator::EmulatorOptions options;
    options.state_path = std::string(k_sandbox_dir) + "/emulator.db";
    options.owner = "a flexform --sandbox command";
    // The sandbox's state is held by one command at a time (the emulator answers from memory): the next one in
    // this directory waits its turn, as a second terminal's plan would wait for a running apply.
    const auto deadline = std::chrono::steady_clock::now() + k_sandbox_wait;
    bool said = false;
    while (!m_sandbox) {
        try {
            m_sandbox = std::make_unique<emulator::Emulator>(options);
        } catch (const emulator::StateInUse& busy) {
            const std::string who = busy.holder().empty() ? "another process" : busy.holder();
            if (std::chrono::steady_clock::now() >= deadline) {
                throw std::runtime_error("the sandbox in " + std::string(k_sandbox_dir) + "/ is still in use by " +
                                         who + " after " + std::to_string(k_sandbox_wait.count()) +
                                         " s; wait for that command, or run in another directory");
            }
            if (!said) {
                m_context.err << "sandbox: " << k_sandbox_dir << "/ is in use by " << who << "; waiting for it (up to "
                              << k_sandbox_wait.count() << " s)\n";
                said = true;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }
    if (m_sandbox->dump().at("programs").empty()) {
        m_sandbox->seed(emulator::parse_seed_text(demo_seed_text()));
    }
    emulator::ServerOptions server_options;
    server_options.keep_alive_seconds = 1;
    server_options.test_hooks = true;  // loopback only: demos may move the clock or use a VM token
    m_sandbox_server = std::make_unique<emulator::EmulatorServer>(*m_sandbox, server_options);
    m_sandbox_server->bind();
    m_sandbox_server->start();
    m_clock = std::make_unique<SandboxClock>(*m_sandbox);
    m_context.err << "sandbox: FortiFlex emulator on " << m_sandbox_server->base_url() << " (state in " << k_sandbox_dir
                  << "/, Pacific day " << to_string(m_sandbox->today()) << ")\n";
}

Provider& Session::provider() {
    if (m_client) {
        return *m_client;
    }
    fortiflex::ClientOptions options;
    options.catalog = &builtin_catalog();
    options.requests_per_minute = m_project.requests_per_minute.value_or(k_default_requests_per_minute);
    options.transport.abandon = &interrupts().abandon;  // a second Ctrl-C cuts calls in flight
    options.transport.total_timeout_ms = static_cast<long>(request_timeout_seconds()) * 1000;
    options.sleep = [](std::chrono::milliseconds pause) {
        // Pauses between retries end when calls are abandoned, so an interrupt is not held up by a backoff.
        const auto until = std::chrono::steady_clock::now() + pause;
        while (std::chrono::steady_clock::now() < until && !interrupts().abandon.load()) {
            std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
                until - std::chrono::steady_clock::now(), std::chrono::milliseconds(50)));
        }
    };
    options.transport.ca_bundle = m_project.ca_bundle.value_or("");
    if (options.transport.ca_bundle.empty()) {
        options.transport.ca_bundle = !env("SSL_CERT_FILE").empty() ? env("SSL_CERT_FILE") : env("CURL_CA_BUNDLE");
    }
    if (m_context.global.sandbox) {
        start_sandbox();
        options.api_url = m_sandbox_server->api_url();
        options.auth_url = m_sandbox_server->auth_url();
        options.username = k_demo_user;
        options.password = k_demo_password;
        options.requests_per_minute = 0;  // the local emulator does not throttle
        options.reread_settle = std::chrono::milliseconds(0);
    } else {
        options.api_url = resolved_api_url(m_context, m_project);
        options.auth_url = first_of(m_context.global.auth_url, "FORTIFLEX_AUTH_URL", m_project.auth_url);
        if (options.auth_url.empty()) {
            options.auth_url = fortiflex::k_default_auth_url;
        }
        check_url(options.api_url, "the API URL (--api-url, FORTIFLEX_API_URL or apiUrl)");
        check_url(options.auth_url, "the token URL (--auth-url, FORTIFLEX_AUTH_URL or authUrl)");
        options.username = env("FORTIFLEX_ACCESS_USERNAME");
        options.password = env("FORTIFLEX_ACCESS_PASSWORD");
        if (options.username.empty() || options.password.empty()) {
            throw UsageError(
                "no FortiFlex API credentials: set FORTIFLEX_ACCESS_USERNAME and FORTIFLEX_ACCESS_PASSWORD "
                "(or use --sandbox for the local emulator)");
        }
    }
    if (!m_context.global.sandbox) {
        draw_on_budget(options);
    }
    if (m_context.global.verbose) {
        const auto logger = api_logger();
        options.log = [logger](const std::string& line) { logger->info(line); };
    }
    m_client = std::make_unique<fortiflex::FortiFlexClient>(options);
    if (!m_clock) {
        m_clock = std::make_unique<SystemClock>();
    }
    if (m_context.global.verbose) {
        m_context.err << "using " << m_client->describe() << "\n";
    }
    return *m_client;
}

void Session::draw_on_budget(fortiflex::ClientOptions& options) {
    const ProjectSettings& p = m_project;
    const BudgetLimits limits{p.requests_per_minute.value_or(k_default_requests_per_minute),
                              p.requests_per_hour.value_or(k_default_requests_per_hour),
                              p.create_errors_per_hour.value_or(k_default_create_errors_per_hour),
                              m_writes ? 1.0 : p.read_share.value_or(1.0)};
    // A command that needs no program (discover) still counts against the service's budget, under no program.
    const std::string program =
        !m_program.empty() ? m_program : first_of(m_context.global.program, "FORTIFLEX_PROGRAM_SERIAL", p.program_serial);
    // A database URL the store cannot use is the store's error to report, when a command uses it; the budget then
    // stays beside the lock.
    std::string database_url;
    try {
        database_url = is_postgres(database()) ? database() : "";
    } catch (const std::exception&) {
    }
    // The budget lives beside the host's apply locks, where every process of the program looks.
    const std::string budget_dir = host_lock_directory(first_of("", "FLEXFORM_LOCK_DIR", m_project.lock_dir)).path;
    m_budget = open_budget(BudgetPlace{options.api_url, program, database_url, budget_dir}, limits);
    options.budget = m_budget.get();
    options.stop = &interrupts().stop;  // the first Ctrl-C drops the requests queued on the budget
    if (m_context.global.budget_timeout >= 0) {
        options.budget_timeout =
            std::chrono::milliseconds(static_cast<std::int64_t>(m_context.global.budget_timeout * 1000));
    }
    const std::string where = m_budget->describe();
    std::ostream& err = m_context.err;
    options.on_budget_wait = [&err, where](const BudgetWait& wait) {
        static std::mutex mutex;
        std::lock_guard lock(mutex);
        err << render_budget_wait(wait, unix_ms_now(), where) << std::flush;
    };
}

std::int64_t Session::requests() const {
    return m_parked_requests + (m_client ? m_client->calls_made() : 0);
}

ConsumptionStore& Session::store(bool must_exist) {
    if (!m_store) {
        const std::string db = database();
        const bool postgres = is_postgres(db);
        if (must_exist && !postgres && !std::filesystem::exists(db)) {
            throw StoreError("no consumption database at " + db +
                             " (pull consumption first: flexform consumption pull --days 90)");
        }
        if (!postgres) {
            if (const auto parent = std::filesystem::path(db).parent_path(); !parent.empty()) {
                std::filesystem::create_directories(parent);
            }
        }
        // A store that must exist is read (reports, invoices, dashboards): it opens read-only and is never written.
        m_store = open_store(db, must_exist ? StoreAccess::read_only : StoreAccess::read_write);
        m_store_writable = !must_exist;
    }
    return *m_store;
}

SnapshotAccess Session::snapshots(std::optional<std::int64_t> max_age_seconds) {
    SnapshotAccess access;
    access.max_age_seconds = max_age_seconds;
    access.now = clock().utc_timestamp();
    // The sandbox's API URL has a new port every run; its snapshots are the sandbox's, as its lock is.
    access.service = m_context.global.sandbox ? "sandbox" : service_key(resolved_api_url(m_context, m_project));
    if (m_store && m_store_writable) {
        access.store = m_store.get();
        return access;
    }
    if (!m_snapshot_store) {
        try {
            const std::string db = database();
            if (!is_postgres(db) && !std::filesystem::exists(db)) {
                return access;  // no store yet: a read-only verb does not create one
            }
            // Opened read-write before any reader of the same store, so an older store is migrated first.
            m_snapshot_store = open_store(db, StoreAccess::read_write);
        } catch (const StoreError&) {
            return access;  // a snapshot is a saving: without a usable store the verb reads FortiFlex
        }
    }
    access.store = m_snapshot_store.get();
    return access;
}

LockService& Session::locks() {
    if (!m_locks) {
        // Every lock says what it waits for and until when (ExplainedLocks).
        m_locks = std::make_unique<ExplainedLocks>(open_locks(), m_context.err);
    }
    return *m_locks;
}

std::unique_ptr<LockService> Session::open_locks() {
    // The sandbox's writers are the processes sharing its state file, so its lock lives beside that file: two
    // sandboxes on one machine never exclude each other, and none takes a real program's lock.
    if (m_context.global.sandbox) {
        std::filesystem::create_directories(k_sandbox_dir);
        return file_lock_service(k_sandbox_dir, "sandbox");
    }
    const std::string db = database();
    const std::string service = resolved_api_url(m_context, m_project);
    if (is_postgres(db)) {
        return postgres_lock_service(db, service);
    }
    if (m_project.shared_lock) {
        throw std::runtime_error(
            "spec.lock: shared in " + m_project_file +
            " asks for a lock every host shares, and only a PostgreSQL database is one: set spec.database to a "
            "postgresql:// URL (or FLEXFORM_DB), or remove spec.lock");
    }
    const LockDirectory directory = host_lock_directory(first_of("", "FLEXFORM_LOCK_DIR", m_project.lock_dir));
    if (!directory.fallback_reason.empty()) {
        m_context.err << "note: the apply lock is in " << directory.path << ", not the usual place ("
                      << directory.fallback_reason
                      << "); other applies on this host are excluded only if they see the same directory: set "
                         "FLEXFORM_LOCK_DIR or spec.lockDir\n";
    }
    if (!env("CI").empty()) {
        m_context.err << "note: this apply holds only a lock on this host (" << directory.path
                      << "); applies on other hosts are not excluded: put a PostgreSQL database in flexform.yaml "
                         "(spec.database)\n";
    }
    return file_lock_service(directory.path, service);
}

int Session::request_timeout_seconds() const {
    return m_project.request_timeout_seconds.value_or(60);
}

int Session::settle_window_seconds() const {
    return request_timeout_seconds() + m_project.settle_seconds.value_or(60);
}

PendingCreates& Session::pending_creates() {
    if (!m_pending) {
        // Beside the apply lock, so every writer that takes that lock reads them.
        if (m_context.global.sandbox) {
            std::filesystem::create_directories(k_sandbox_dir);
            m_pending = file_pending_creates(k_sandbox_dir, "sandbox", program());
        } else {
            const std::string directory =
                host_lock_directory(first_of("", "FLEXFORM_LOCK_DIR", m_project.lock_dir)).path;
            m_pending = open_pending_creates(database(), directory,
                                             service_key(resolved_api_url(m_context, m_project)), program());
        }
    }
    return *m_pending;
}

JournalStore& Session::journals() {
    if (!m_journals) {
        // The sandbox's applies are journaled with its state, so removing .flexform/sandbox/ forgets them too.
        m_journals = file_journal_store(m_context.global.sandbox ? std::string(k_sandbox_dir) + "/journal"
                                                                 : std::string(k_journal_dir));
    }
    return *m_journals;
}

LockHolder Session::me(const std::string& operation) {
    return {host_name(), user_name(), std::to_string(::getpid()), operation, utc_now()};
}

std::unique_ptr<Session> open_session(const CommandContext& context, const std::vector<std::string>& paths) {
    const std::string start = paths.empty() ? "." : paths.front();
    std::string file = context.global.project_file.empty() ? find_project_file(start) : context.global.project_file;
    if (file.empty() && paths.empty()) {
        // Given no path, a verb reads the manifests below the current directory: its project file is the one
        // there, when there is exactly one (a repository root with examples/ or customers/ beside it).
        const std::vector<std::string> below = find_project_files_below(".");
        if (below.size() > 1) {
            std::string listed;
            for (const auto& f : below) {
                listed += (listed.empty() ? "" : ", ") + f;
            }
            throw UsageError("no flexform.yaml here, and several below (" + listed +
                             "): pass the manifests' directory, or --config FILE");
        }
        file = below.empty() ? "" : below.front();
    }
    ProjectLoad project = load_project_file(file);
    for (const auto& d : project.diagnostics) {
        context.err << format(d) << "\n";
    }
    if (!project.ok()) {
        throw Reported();
    }
    return std::make_unique<Session>(context, file, std::move(project.settings));
}

}  // namespace flexform::cli

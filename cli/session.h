// Session is what a verb works with: the project settings (flexform.yaml only, never the customer manifests), the
// resolved program and database, the clock, and on demand the FortiFlex connection (the in-process emulator with
// --sandbox), the consumption store, the apply lock and the journal. Flags win over the environment, which wins
// over flexform.yaml, which wins over defaults.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/context.h"
#include "engine/model/defaults.h"
#include "engine/model/desired.h"
#include "engine/ports/clock.h"
#include "engine/ports/consumption_store.h"
#include "engine/ports/journal_store.h"
#include "engine/ports/pending_creates.h"
#include "engine/ports/program_lock.h"
#include "engine/ports/provider.h"
#include "engine/ports/request_budget.h"
#include "engine/usecases/snapshot_reading.h"

namespace flexform::emulator {
class Emulator;
class EmulatorServer;
}  // namespace flexform::emulator

namespace flexform::fortiflex {
class FortiFlexClient;
struct ClientOptions;
}

namespace flexform::cli {

inline constexpr const char* k_default_database = ".flexform/consumption.db";

class Session {
public:
    Session(const CommandContext& context, std::string project_file, ProjectSettings project);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    // The project settings of the selected program (see select_program): its serial, commitment, billing, policies,
    // overrides and request budget in place of the project-wide ones.
    const ProjectSettings& project() const { return m_project; }
    const std::string& project_file() const { return m_project_file; }
    // What titles call the project: metadata.name, else its file's directory name; empty without a project file.
    std::string project_name() const;
    // The selected program's serial; throws when none is set anywhere.
    const std::string& program();
    // Every program of the project (spec.programs, or the one programSerialNumber as "default"), in the order
    // flexform.yaml lists them.
    std::vector<ProgramSettings> programs();
    // The programs this run covers: the one --program (or FORTIFLEX_PROGRAM_SERIAL) names, else all of them.
    // Throws UsageError when --program names a program spec.programs does not list.
    std::vector<ProgramSettings> programs_in_scope();
    // Makes `program` the one program(), project(), provider(), pending_creates() and the request budget work for;
    // each program keeps its own connection and budget, so switching back and forth is cheap.
    void select_program(const ProgramSettings& program);
    // spec.programs: throws (flexform.yaml:LINE, as plan does) when the API user cannot see one of the programs it
    // lists, with one programs/list request; call it before any request that writes and before the first program's
    // reads. A project of one programSerialNumber has nothing to check.
    void check_programs_visible();
    int parallelism() const;
    std::optional<double> yearly_commitment() const { return m_project.yearly_commitment; }
    std::string database() const;
    const Clock& clock();

    // Before provider(): this command writes, so it draws on the whole request budget, not the read share.
    void will_write() { m_writes = true; }
    Provider& provider();  // connects (and starts the sandbox) on first use
    std::int64_t requests() const;
    // The store; with `must_exist`, a missing SQLite file is an error instead of being created.
    ConsumptionStore& store(bool must_exist);
    // The store when one exists (a PostgreSQL URL, or a SQLite file already there), else null.
    ConsumptionStore* store_if_present();
    // Where this program's snapshots of live state are kept: the store, once it exists (never created for them), and
    // whether this command may use one (`max_age_seconds`; none: read FortiFlex). A store that cannot be opened
    // for writing means no snapshots, not an error.
    SnapshotAccess snapshots(std::optional<std::int64_t> max_age_seconds);
    LockService& locks();
    JournalStore& journals();
    // The creates of unknown outcome of this program and API URL, where the apply lock is.
    PendingCreates& pending_creates();
    int request_timeout_seconds() const;
    // How long after a send its create's absence can be proven: the request timeout plus the settle margin.
    int settle_window_seconds() const;
    LockHolder me(const std::string& operation);  // who this process is, for locks and journals

private:
    void start_sandbox();
    void draw_on_budget(fortiflex::ClientOptions& options);
    std::unique_ptr<LockService> open_locks();

    // What one program keeps across select_program calls.
    struct ProgramResources {
        std::unique_ptr<RequestBudget> budget;  // declared before the client, which draws on it
        std::unique_ptr<fortiflex::FortiFlexClient> client;
        std::unique_ptr<PendingCreates> pending;
    };
    void park_program();

    const CommandContext& m_context;
    std::string m_project_file;
    const ProjectSettings m_base_project;  // as flexform.yaml says, before any program is selected
    ProjectSettings m_project;
    std::string m_program;
    std::map<std::string, ProgramResources> m_parked;  // the programs not selected now, by serial
    std::int64_t m_parked_requests = 0;
    std::unique_ptr<Clock> m_clock;
    std::unique_ptr<emulator::Emulator> m_sandbox;
    std::unique_ptr<emulator::EmulatorServer> m_sandbox_server;
    bool m_writes = false;
    std::unique_ptr<RequestBudget> m_budget;  // declared before the client, which draws on it
    std::unique_ptr<fortiflex::FortiFlexClient> m_client;
    std::unique_ptr<ConsumptionStore> m_store;
    bool m_store_writable = false;
    std::unique_ptr<ConsumptionStore> m_snapshot_store;  // read-write, when m_store is a reader's
    std::unique_ptr<LockService> m_locks;
    std::unique_ptr<JournalStore> m_journals;
    std::unique_ptr<PendingCreates> m_pending;
};

// Finds and reads the project file that governs `paths` (or --config); prints its diagnostics and throws Reported
// when it has errors.
std::unique_ptr<Session> open_session(const CommandContext& context, const std::vector<std::string>& paths);

// A URL the client may use: http(s)://host[:port]/...; throws UsageError naming the setting otherwise.
void check_url(const std::string& url, const std::string& setting);

}  // namespace flexform::cli

#include "cli/plan_support.h"

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <ostream>

#include <signal.h>

#include "cli/errors.h"
#include "cli/manifests.h"
#include "cli/session.h"
#include "engine/model/words.h"
#include "engine/usecases/apply_use_case.h"

namespace flexform::cli {

PlanRequest plan_request(Session& session, const LoadResult& manifests, const std::vector<std::string>& paths,
                         const std::vector<std::string>& customers, bool prune) {
    for (const auto& name : customers) {
        if (!manifests.state.find_customer(name)) {
            throw UsageError("--customer " + name + " is not declared in the manifests");
        }
    }
    PlanRequest request;
    request.program = session.program();
    request.customers = customers;
    request.prune = prune;
    request.manifest_paths = effective_paths(paths);
    request.parallelism = session.parallelism();
    request.yearly_commitment = session.yearly_commitment();
    return request;
}

namespace {

// An apply that has not finished is either running now or was interrupted; on this host the pid tells which.
bool still_running(const JournalState& journal, const std::string& this_host) {
    if (journal.finished || journal.host != this_host || journal.pid.empty()) {
        return false;
    }
    char* end = nullptr;
    const long pid = std::strtol(journal.pid.c_str(), &end, 10);
    if (*end != '\0' || pid <= 0) {
        return false;
    }
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

}  // namespace

void report_open_journals(const CommandContext& context, Session& session, const std::string& what_now,
                          const std::string& while_running) {
    const std::string this_host = session.me("").host;
    for (const auto& journal : journals_to_recheck(session.journals(), session.program())) {
        if (still_running(journal.state, this_host)) {
            context.err << "note: an apply of " << journal.state.program << " is running now (pid " << journal.state.pid
                        << ", since " << journal.state.started_at << ", " << journal.id << "); " << while_running
                        << "\n";
            continue;
        }
        context.err << "note: the apply of " << journal.state.started_at << " (" << journal.id << ") "
                    << (journal.state.finished ? "ended" : "was interrupted") << " with "
                    << count_of(journal.state.unresolved.size(), "action", "actions") << " of unknown outcome, "
                    << what_now << ":\n";
        for (const auto& e : journal.state.unresolved) {
            context.err << "  " << e.action << " " << e.address << " (" << e.status << ")\n";
        }
    }
}

void write_file(const std::string& path, const std::function<void(std::ostream&)>& write) {
    const std::string temporary = path + ".tmp";
    {
        std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
        write(file);
        if (!file) {
            throw std::runtime_error("cannot write " + path);
        }
    }
    std::filesystem::rename(temporary, path);
}

}  // namespace flexform::cli

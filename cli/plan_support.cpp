#include "cli/plan_support.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>

#include "cli/errors.h"
#include "cli/manifests.h"
#include "cli/session.h"
#include "providers/files/read_file.h"

namespace flexform::cli {

PlanRequest plan_request(Session& session, const LoadResult& manifests, const std::vector<std::string>& paths) {
    PlanRequest request;
    request.desired = &manifests.state;
    request.manifest_paths = effective_paths(paths);
    request.project_file = session.project_file();
    request.program = session.program();
    request.parallelism = session.parallelism();
    request.yearly_commitment = session.yearly_commitment();
    return request;
}

ProgramsPlanRequest programs_plan_request(Session& session, const LoadResult& manifests,
                                          const std::vector<std::string>& paths, bool pending) {
    ProgramsPlanRequest request;
    request.plan = plan_request(session, manifests, paths);
    request.programs = session.programs();
    const std::vector<ProgramSettings> scope = session.programs_in_scope();
    if (scope.size() < request.programs.size()) {
        for (const auto& program : scope) {
            request.in_scope.push_back(program.serial);
        }
    }
    request.select = [&session, pending](const ProgramSettings& program) {
        session.select_program(program);
        ProgramAccess access;
        access.provider = &session.provider();
        access.pending = pending ? &session.pending_creates() : nullptr;
        access.journals = &session.journals();
        access.snapshots = session.snapshots(std::nullopt);
        return access;
    };
    return request;
}

int programs_exit_code(const std::vector<ProgramPlan>& sections, bool detailed) {
    int out = k_exit_ok;
    for (const auto& section : sections) {
        const int code =
            plan_exit_code(section.plan, detailed && section.plan.has_changes() ? k_exit_changes : k_exit_ok);
        if (code == k_exit_error || (code == k_exit_blocked && out != k_exit_error) ||
            (code == k_exit_changes && out == k_exit_ok)) {
            out = code;
        }
    }
    return out;
}

int plan_exit_code(const Plan& plan, int otherwise) {
    if (!plan.failed_customers().empty()) {
        return k_exit_error;
    }
    if (!plan.applyable() || !plan.blocked_customers().empty()) {
        return k_exit_blocked;
    }
    return otherwise;
}

std::string read_text_file(const std::string& path) {
    if (auto text = read_file_text(path)) {
        return std::move(*text);
    }
    throw UsageError("cannot read " + path);
}

std::string plan_key() {
    const char* key = std::getenv("FLEXFORM_PLAN_KEY");
    return key ? key : "";
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

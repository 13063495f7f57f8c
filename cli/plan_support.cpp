#include "cli/plan_support.h"

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

std::string read_text_file(const std::string& path) {
    if (auto text = read_file_text(path)) {
        return std::move(*text);
    }
    throw UsageError("cannot read " + path);
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

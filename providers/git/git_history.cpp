#include "providers/git/git_history.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

extern char** environ;

namespace flexform {

namespace {

struct GitResult {
    int status = -1;
    std::string out;
    std::string err;
};

// Runs git with `args`, reading its stdout and stderr together so neither pipe can fill and block it.
GitResult run_git(const std::vector<std::string>& args) {
    std::array<int, 2> out_pipe{};
    std::array<int, 2> err_pipe{};
    if (::pipe2(out_pipe.data(), O_CLOEXEC) != 0 || ::pipe2(err_pipe.data(), O_CLOEXEC) != 0) {
        throw std::runtime_error("cannot create a pipe to run git");
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    std::vector<std::string> argv_text = {"git"};
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_text) {
        argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int spawned = posix_spawnp(&pid, "git", &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    GitResult result;
    if (spawned != 0) {
        ::close(out_pipe[0]);
        ::close(err_pipe[0]);
        throw ManifestHistoryError("--changed-since needs git, which could not be run here");
    }
    std::array<pollfd, 2> fds{pollfd{out_pipe[0], POLLIN, 0}, pollfd{err_pipe[0], POLLIN, 0}};
    std::array<std::string*, 2> sinks{&result.out, &result.err};
    int open = 2;
    std::array<char, 65536> buffer{};
    while (open > 0) {
        if (::poll(fds.data(), fds.size(), -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            break;
        }
        for (std::size_t i = 0; i < fds.size(); ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) {
                continue;
            }
            const ssize_t n = ::read(fds[i].fd, buffer.data(), buffer.size());
            if (n > 0) {
                sinks[i]->append(buffer.data(), static_cast<std::size_t>(n));
            } else if (n == 0 || errno != EINTR) {
                ::close(fds[i].fd);
                fds[i].fd = -1;
                --open;
            }
        }
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

std::string first_line(const std::string& text) {
    const auto end = text.find('\n');
    return text.substr(0, end);
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty()) {
            out.push_back(line);
        }
    }
    return out;
}

bool is_yaml(const std::string& path) {
    const std::string ext = std::filesystem::path(path).extension().string();
    return ext == ".yaml" || ext == ".yml";
}

// Names each changed file as the loader did (they may differ in form: ./a.yaml, a.yaml), so the customers declared
// in it are found.
std::string loaded_name(const std::string& path, const std::map<std::string, std::string>& loaded) {
    std::error_code ec;
    const auto it = loaded.find(std::filesystem::weakly_canonical(path, ec).string());
    return it == loaded.end() ? path : it->second;
}

ManifestChanges changes_since(const std::string& ref, const std::vector<std::string>& paths,
                              const std::string& project_file, const std::vector<std::string>& loaded_files) {
    if (ref.empty() || ref[0] == '-') {
        throw ManifestHistoryError("--changed-since needs a git revision (a branch, tag or commit), not \"" + ref +
                                   "\"");
    }
    const GitResult top = run_git({"rev-parse", "--show-toplevel"});
    if (top.status != 0) {
        throw ManifestHistoryError("--changed-since needs a git repository: " + first_line(top.err));
    }
    const GitResult verified = run_git({"rev-parse", "--verify", "--quiet", ref + "^{commit}"});
    if (verified.status != 0) {
        throw ManifestHistoryError(
            "--changed-since " + ref +
            ": not a revision of this repository (in CI, fetch it first, e.g. git fetch origin main, or for the applied marker git "
            "fetch origin \"+refs/flexform/applied/*:refs/flexform/applied/*\")");
    }
    const std::string commit = first_line(verified.out);
    std::vector<std::string> pathspec = {"--"};
    pathspec.insert(pathspec.end(), paths.begin(), paths.end());
    // Tracked files that differ from REF (committed since, staged or edited), and new untracked ones.
    std::vector<std::string> diff = {"diff", "--name-only", "--no-renames", "--relative", commit};
    diff.insert(diff.end(), pathspec.begin(), pathspec.end());
    const GitResult changed = run_git(diff);
    if (changed.status != 0) {
        throw ManifestHistoryError("git diff failed: " + first_line(changed.err));
    }
    std::vector<std::string> untracked_args = {"ls-files", "--others", "--exclude-standard"};
    untracked_args.insert(untracked_args.end(), pathspec.begin(), pathspec.end());
    const GitResult untracked = run_git(untracked_args);
    std::set<std::string> files;
    for (const auto& f : lines_of(changed.out)) {
        files.insert(f);
    }
    for (const auto& f : lines_of(untracked.out)) {
        files.insert(f);
    }
    std::map<std::string, std::string> loaded;
    for (const auto& f : loaded_files) {
        std::error_code ec;
        loaded[std::filesystem::weakly_canonical(f, ec).string()] = f;
    }
    ManifestChanges out;
    for (const auto& f : files) {
        if (!is_yaml(f)) {
            continue;
        }
        ChangedManifest file;
        file.path = loaded_name(f, loaded);
        const GitResult then = run_git({"show", commit + ":./" + f});
        if (then.status == 0) {
            file.text_then = then.out;
        }
        out.files.push_back(std::move(file));
    }
    if (!project_file.empty()) {
        const GitResult project = run_git({"diff", "--quiet", commit, "--", project_file});
        const GitResult project_untracked = run_git({"ls-files", "--others", "--exclude-standard", "--", project_file});
        out.project_changed = project.status != 0 || !lines_of(project_untracked.out).empty();
    }
    return out;
}

class GitManifestHistory : public ManifestHistory {
public:
    ManifestChanges changed_since(const std::string& ref, const std::vector<std::string>& paths,
                                  const std::string& project_file,
                                  const std::vector<std::string>& loaded_files) override {
        return changes_since(ref, paths, project_file, loaded_files);
    }
};

}  // namespace

std::unique_ptr<ManifestHistory> git_manifest_history() {
    return std::make_unique<GitManifestHistory>();
}

}  // namespace flexform

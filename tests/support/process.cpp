#include "tests/support/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <stdexcept>
#include <thread>

namespace flexform::testing {

namespace {

std::vector<char*> c_args(const std::vector<std::string>& argv) {
    std::vector<char*> out;
    for (const auto& a : argv) {
        out.push_back(const_cast<char*>(a.c_str()));
    }
    out.push_back(nullptr);
    return out;
}

void apply_env(const std::map<std::string, std::string>& env) {
    for (const auto& [key, value] : env) {
        if (value.empty()) {
            ::unsetenv(key.c_str());
        } else {
            ::setenv(key.c_str(), value.c_str(), 1);
        }
    }
}

std::string drain(int fd) {
    std::string out;
    char buffer[65536];
    ssize_t n = 0;
    while ((n = ::read(fd, buffer, sizeof buffer)) > 0) {
        out.append(buffer, static_cast<std::size_t>(n));
    }
    return out;
}

int exit_code_of(int status) {
    if (WIFEXITED(status)) {
        return WEXITSTATUS(status);
    }
    return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

}  // namespace

RunResult run_process(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
                      const std::string& input, const std::string& cwd) {
    int in_pipe[2];
    int out_pipe[2];
    int err_pipe[2];
    if (::pipe(in_pipe) != 0 || ::pipe(out_pipe) != 0 || ::pipe(err_pipe) != 0) {
        throw std::runtime_error("pipe failed");
    }
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::dup2(in_pipe[0], 0);
        ::dup2(out_pipe[1], 1);
        ::dup2(err_pipe[1], 2);
        for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) {
            ::close(fd);
        }
        apply_env(env);
        if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) {
            ::_exit(126);
        }
        auto args = c_args(argv);
        ::execv(args[0], args.data());
        ::_exit(127);
    }
    ::close(in_pipe[0]);
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    std::thread writer([fd = in_pipe[1], &input] {
        std::size_t written = 0;
        while (written < input.size()) {
            const ssize_t n = ::write(fd, input.data() + written, input.size() - written);
            if (n <= 0) {
                break;
            }
            written += static_cast<std::size_t>(n);
        }
        ::close(fd);
    });
    RunResult result;
    std::thread err_reader([&] { result.err = drain(err_pipe[0]); });
    result.out = drain(out_pipe[0]);
    err_reader.join();
    writer.join();
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    result.exit_code = exit_code_of(status);
    return result;
}

BackgroundProcess::BackgroundProcess(const std::vector<std::string>& argv,
                                     const std::map<std::string, std::string>& env, const std::string& cwd,
                                     const std::string& stderr_file) {
    int out_pipe[2];
    if (::pipe(out_pipe) != 0) {
        throw std::runtime_error("pipe failed");
    }
    m_pid = ::fork();
    if (m_pid == 0) {
        ::dup2(out_pipe[1], 1);
        const int null_fd = ::open("/dev/null", O_RDWR);
        ::dup2(null_fd, 0);
        const int err_fd =
            stderr_file.empty() ? null_fd : ::open(stderr_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        ::dup2(err_fd, 2);
        ::close(out_pipe[0]);
        ::close(out_pipe[1]);
        if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) {
            ::_exit(126);
        }
        apply_env(env);
        auto args = c_args(argv);
        ::execv(args[0], args.data());
        ::_exit(127);
    }
    ::close(out_pipe[1]);
    m_stdout = out_pipe[0];
}

BackgroundProcess::~BackgroundProcess() {
    if (m_pid > 0) {
        kill_hard();
    }
    if (m_stdout >= 0) {
        ::close(m_stdout);
    }
}

std::string BackgroundProcess::read_line(int timeout_ms) {
    for (;;) {
        const auto newline = m_buffer.find('\n');
        if (newline != std::string::npos) {
            std::string line = m_buffer.substr(0, newline);
            m_buffer.erase(0, newline + 1);
            return line;
        }
        pollfd p{m_stdout, POLLIN, 0};
        if (::poll(&p, 1, timeout_ms) <= 0) {
            return {};
        }
        char buffer[4096];
        const ssize_t n = ::read(m_stdout, buffer, sizeof buffer);
        if (n <= 0) {
            return {};
        }
        m_buffer.append(buffer, static_cast<std::size_t>(n));
    }
}

void BackgroundProcess::kill_hard() {
    if (m_pid <= 0) {
        return;
    }
    ::kill(m_pid, SIGKILL);
    int status = 0;
    ::waitpid(m_pid, &status, 0);
    m_pid = -1;
}

void BackgroundProcess::send(int signal) {
    if (m_pid > 0) {
        ::kill(m_pid, signal);
    }
}

int BackgroundProcess::wait() {
    if (m_pid <= 0) {
        return -1;
    }
    int status = 0;
    ::waitpid(m_pid, &status, 0);
    m_pid = -1;
    return exit_code_of(status);
}

std::string BackgroundProcess::read_rest(int timeout_ms) {
    std::string out = m_buffer;
    m_buffer.clear();
    for (;;) {
        pollfd p{m_stdout, POLLIN, 0};
        if (::poll(&p, 1, timeout_ms) <= 0) {
            return out;
        }
        char buffer[4096];
        const ssize_t n = ::read(m_stdout, buffer, sizeof buffer);
        if (n <= 0) {
            return out;
        }
        out.append(buffer, static_cast<std::size_t>(n));
    }
}

int BackgroundProcess::terminate() {
    if (m_pid <= 0) {
        return -1;
    }
    ::kill(m_pid, SIGTERM);
    int status = 0;
    ::waitpid(m_pid, &status, 0);
    m_pid = -1;
    return exit_code_of(status);
}

}  // namespace flexform::testing

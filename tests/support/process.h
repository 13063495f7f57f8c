// Runs the built flexform binary for integration and end-to-end tests: to completion with captured output, or
// in the background with its stdout readable line by line.
#pragma once

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

namespace flexform::testing {

struct RunResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

// Runs argv[0] with the given arguments and extra environment, feeding `input` on stdin.
RunResult run_process(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {},
                      const std::string& input = "", const std::string& cwd = "");

class BackgroundProcess {
public:
    // stderr goes to `stderr_file` when given (else /dev/null); `cwd` is the working directory when given.
    BackgroundProcess(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {},
                      const std::string& cwd = "", const std::string& stderr_file = "");
    ~BackgroundProcess();
    BackgroundProcess(const BackgroundProcess&) = delete;
    BackgroundProcess& operator=(const BackgroundProcess&) = delete;

    std::string read_line(int timeout_ms = 10000);  // empty on timeout or end of output
    void kill_hard();                               // SIGKILL, then reap
    int terminate();                                // SIGTERM, then reap; returns the exit code
    void send(int signal);                          // deliver a signal, do not wait
    int wait();                                     // reap; returns the exit code
    std::string read_rest(int timeout_ms = 30000);  // everything left on stdout until it closes
    pid_t pid() const { return m_pid; }

private:
    pid_t m_pid = -1;
    int m_stdout = -1;
    std::string m_buffer;
};

}  // namespace flexform::testing

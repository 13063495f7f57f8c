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
    BackgroundProcess(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {});
    ~BackgroundProcess();
    BackgroundProcess(const BackgroundProcess&) = delete;
    BackgroundProcess& operator=(const BackgroundProcess&) = delete;

    std::string read_line(int timeout_ms = 10000);  // empty on timeout or end of output
    void kill_hard();                               // SIGKILL, then reap
    int terminate();                                // SIGTERM, then reap; returns the exit code
    pid_t pid() const { return m_pid; }

private:
    pid_t m_pid = -1;
    int m_stdout = -1;
    std::string m_buffer;
};

}  // namespace flexform::testing

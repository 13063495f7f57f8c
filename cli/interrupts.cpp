#include "cli/interrupts.h"

#include <signal.h>
#include <unistd.h>

namespace flexform::cli {

namespace {

Interrupts g_interrupts;  // a signal handler can reach only what is global
struct sigaction g_previous_int;
struct sigaction g_previous_term;

void on_signal(int) {
    static const char k_first[] =
        "\ninterrupt: starting nothing new, letting calls in flight finish (interrupt again to abandon them)\n";
    static const char k_second[] = "\ninterrupt: abandoning the calls in flight; their outcome will be unknown\n";
    static const char k_before_writes[] = "\ninterrupt: stopping before any write\n";
    if (!g_interrupts.writing.load()) {
        // Nothing is written yet: the reads in flight can be cut at once.
        g_interrupts.abandon = true;
        if (!g_interrupts.stop.exchange(true)) {
            [[maybe_unused]] const auto n = ::write(STDERR_FILENO, k_before_writes, sizeof k_before_writes - 1);
        }
    } else if (!g_interrupts.stop.exchange(true)) {
        [[maybe_unused]] const auto n = ::write(STDERR_FILENO, k_first, sizeof k_first - 1);
    } else if (!g_interrupts.abandon.exchange(true)) {
        [[maybe_unused]] const auto n = ::write(STDERR_FILENO, k_second, sizeof k_second - 1);
    }
}

}  // namespace

Interrupts& interrupts() {
    return g_interrupts;
}

InterruptScope::InterruptScope() {
    g_interrupts.stop = false;
    g_interrupts.abandon = false;
    g_interrupts.writing = false;
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &action, &g_previous_int);
    ::sigaction(SIGTERM, &action, &g_previous_term);
}

InterruptScope::~InterruptScope() {
    ::sigaction(SIGINT, &g_previous_int, nullptr);
    ::sigaction(SIGTERM, &g_previous_term, nullptr);
}

}  // namespace flexform::cli

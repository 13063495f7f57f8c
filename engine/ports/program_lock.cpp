#include "engine/ports/program_lock.h"

namespace flexform {

std::string describe(const LockHolder& h) {
    std::string who = h.user.empty() ? "someone" : h.user;
    if (!h.host.empty()) {
        who += "@" + h.host;
    }
    return (h.operation.empty() ? std::string("an operation") : h.operation) + " by " + who +
           (h.pid.empty() ? "" : " (pid " + h.pid + ")") + (h.since.empty() ? "" : " since " + h.since);
}

LockBusy::LockBusy(const std::string& program, const LockHolder& holder, const std::string& where)
    : std::runtime_error("program " + program + " is locked by " + describe(holder) + " (" + where +
                         "); wait for it to finish, or pass --lock-timeout to wait"),
      m_holder(holder) {}

}  // namespace flexform

#include "engine/render/plan_notes.h"

#include <sstream>

#include "engine/model/words.h"
#include "engine/render/escape.h"
#include "engine/render/plan_summary.h"

namespace flexform {

std::string render_change_scope(const ChangeScope& scope, bool verbose) {
    std::ostringstream out;
    if (scope.project_changed) {
        out << "plan: " << scope.project_file << " changed since " << scope.ref << ": planning every customer\n";
        return out.str();
    }
    for (const auto& name : scope.removed) {
        out << "plan: customer " << name << " is no longer declared (since " << scope.ref
            << "): flexform leaves its account as it is\n";
    }
    if (scope.changed.empty()) {
        out << "plan: no customer manifest changed since " << scope.ref << "\n";
    } else if (verbose) {
        out << "plan: " << count_of(scope.changed.size(), "customer", "customers") << " changed since " << scope.ref
            << "\n";
    }
    return out.str();
}

std::string render_open_journals(const std::vector<OpenJournalNote>& notes, JournalReader reader) {
    const bool plan = reader == JournalReader::plan;
    const char* what_now = plan ? "re-read now; this plan shows their real state" : "re-read before this apply plans";
    const char* while_running = plan ? "this plan reads FortiFlex while it writes, so it may show changes that apply "
                                       "is making"
                                     : "this apply plans only once it holds the program's lock";
    std::ostringstream out;
    for (const auto& note : notes) {
        if (note.run == JournalRun::running) {
            out << "note: an apply of " << note.program << " is running now (pid " << note.pid << ", since "
                << note.started_at << ", " << note.id << "); " << while_running << "\n";
            continue;
        }
        out << "note: the apply of " << note.started_at << " (" << note.id << ") "
            << (note.run == JournalRun::ended ? "ended" : "was interrupted") << " with "
            << count_of(note.unresolved.size(), "action", "actions") << " of unknown outcome, " << what_now << ":\n";
        for (const auto& e : note.unresolved) {
            out << "  " << e.action << " " << e.address << " (" << e.status << ")\n";
        }
    }
    return out.str();
}

std::string render_plan_requests(const PlanOutcome& outcome) {
    return "plan: " + std::to_string(outcome.requests) + " API requests (" + std::to_string(outcome.accounts_read) +
           " accounts, " + std::to_string(outcome.prices) + " distinct prices)\n";
}

std::string render_drift_requests(const DriftOutcome& outcome) {
    return "drift: " + std::to_string(outcome.requests) + " API requests\n";
}

std::string render_plan_saved(const std::string& file, bool applyable) {
    if (!applyable) {
        return "plan saved to " + file + "; it cannot be applied until what blocks it (below) is resolved\n";
    }
    return "plan saved to " + file + "; apply exactly it with: flexform apply " + file + "\n";
}

std::string render_plan_blocked(const Plan& plan) {
    const std::vector<std::string> reasons = blocking_reasons(plan);
    if (reasons.empty()) {
        return "";
    }
    std::string out = plan.applyable()
                          ? "plan: blocked, " + count_of(plan.blocked_customers().size(), "customer", "customers") +
                                " left out by protect; every other customer can be applied:\n"
                          : "plan: blocked, this plan cannot be applied as it stands:\n";
    for (const auto& reason : reasons) {
        out += "  blocked by " + terminal_text(reason) + "\n";
    }
    return out;
}

std::string render_plan_blocked(const std::vector<ProgramPlan>& sections) {
    std::string out;
    for (const auto& section : sections) {
        const std::string one = render_plan_blocked(section.plan);
        const std::string prefix = "plan: ";
        if (one.compare(0, prefix.size(), prefix) == 0) {
            out += "plan of program " + terminal_text(section.name) + " (" + terminal_text(section.plan.program_serial) +
                   "): " + one.substr(prefix.size());
        }
    }
    return out;
}

}  // namespace flexform

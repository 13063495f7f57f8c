// Open journals are earlier applies whose outcome is not fully known: plan and apply name them before they read
// FortiFlex (typed notes the renderers phrase), and apply re-checks what they left unknown.
#pragma once

#include <string>
#include <vector>

#include "engine/apply/journal.h"
#include "engine/ports/journal_store.h"

namespace flexform {

struct OpenJournal {
    std::string id;
    JournalState state;
};

// Journals of earlier runs that ended without knowing every outcome.
std::vector<OpenJournal> journals_to_recheck(JournalStore& journals, const std::string& program);

// What became of the run that wrote an open journal.
enum class JournalRun { running, interrupted, ended };

struct OpenJournalNote {
    std::string id;
    std::string program;
    std::string started_at;
    std::string pid;
    JournalRun run = JournalRun::interrupted;
    std::vector<JournalEntry> unresolved;  // actions of unknown outcome
};

// One note per open journal of `program`; a run still going on this host is `running`, not interrupted.
std::vector<OpenJournalNote> open_journal_notes(JournalStore& journals, const std::string& program);

}  // namespace flexform

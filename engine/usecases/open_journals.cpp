#include "engine/usecases/open_journals.h"

namespace flexform {

std::vector<OpenJournal> journals_to_recheck(JournalStore& journals, const std::string& program) {
    std::vector<OpenJournal> out;
    for (auto& stored : journals.open_journals(program)) {
        JournalState state = read_journal(stored.text);
        if (state.needs_recheck()) {
            out.push_back({stored.id, std::move(state)});
        }
    }
    return out;
}

std::vector<OpenJournalNote> open_journal_notes(JournalStore& journals, const std::string& program) {
    std::vector<OpenJournalNote> out;
    for (auto& journal : journals_to_recheck(journals, program)) {
        OpenJournalNote note;
        note.id = journal.id;
        note.program = journal.state.program;
        note.started_at = journal.state.started_at;
        note.pid = journal.state.pid;
        if (journal.state.finished) {
            note.run = JournalRun::ended;
        } else if (journals.writer_running(journal.state.host, journal.state.pid)) {
            note.run = JournalRun::running;
        }
        note.unresolved = std::move(journal.state.unresolved);
        out.push_back(std::move(note));
    }
    return out;
}

}  // namespace flexform

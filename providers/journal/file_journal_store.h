// The JournalStore over files: .flexform/journal/apply-<program>-<UTC time>-<pid>.jsonl, appended and synced
// line by line so a crash leaves every line that was written.
#pragma once

#include <memory>
#include <string>

#include "engine/ports/journal_store.h"

namespace flexform {

std::unique_ptr<JournalStore> file_journal_store(const std::string& directory);

}  // namespace flexform

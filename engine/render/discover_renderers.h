// Renderers for `flexform discover`: the programs and accounts an API user sees, the flexform.yaml to start from,
// and the question (or the error) when several programs leave the file's program open. Pure functions.
#pragma once

#include <string>

#include "engine/usecases/discover_use_case.h"

namespace flexform {

// The listing a person reads on a terminal.
std::string render_discovery_text(const Discovery& discovery);
std::string render_discovery_json(const Discovery& discovery);

// A valid flexform.yaml naming `program` (""): a placeholder to fill in, or with several programs all of them in
// spec.programs, the postpaid one the default), nothing else: what `discover > FILE` writes.
std::string render_project_file(const Discovery& discovery, const std::string& program);

// On a terminal, the project file under a heading that says how to save it.
std::string render_project_file_shown(const Discovery& discovery, const std::string& program);

// After --write.
std::string render_project_file_written(const std::string& path, const std::string& program);
// After --write of a file listing several programs.
std::string render_project_file_written(const std::string& path, const Discovery& discovery);

// --write where a project file is already.
std::string render_project_file_exists(const std::string& path);

// Why the program asked for cannot be chosen: the user does not see it; the programs it does see.
std::string render_program_choice_error(const Discovery& discovery, const ProgramChoice& choice);

}  // namespace flexform

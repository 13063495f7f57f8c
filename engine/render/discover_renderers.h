// Renderers for `flexform discover`: the programs and accounts an API user sees, the flexform.yaml to start from,
// and the question (or the error) when several programs leave the file's program open. Pure functions.
#pragma once

#include <string>

#include "engine/usecases/discover_use_case.h"

namespace flexform {

// The listing a person reads on a terminal.
std::string render_discovery_text(const Discovery& discovery);
std::string render_discovery_json(const Discovery& discovery);

// A valid flexform.yaml naming `program` ("": a placeholder to fill in), nothing else: what `discover > FILE` writes.
std::string render_project_file(const Discovery& discovery, const std::string& program);

// On a terminal, the project file under a heading that says how to save it.
std::string render_project_file_shown(const Discovery& discovery, const std::string& program);

// After --write.
std::string render_project_file_written(const std::string& path, const std::string& program);

// --write where a project file is already.
std::string render_project_file_exists(const std::string& path);

// Why no program could be chosen (several and none asked for, or one asked for that the user does not see), with
// the flag that chooses.
std::string render_program_choice_error(const Discovery& discovery, const ProgramChoice& choice);

// The question on a terminal when several programs are visible: answer with a number or a serial.
std::string render_program_question(const Discovery& discovery);

}  // namespace flexform

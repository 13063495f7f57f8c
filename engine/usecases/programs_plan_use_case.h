// The plan use case across the programs of one project (flexform.yaml spec.programs): every program in scope is
// planned as its own section, over the desired state cut to it, knowing what the project's other programs hold.
// plan, apply and drift of a project with spec.programs go through it; a one-program project keeps plan_program.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/usecases/plan_use_case.h"

namespace flexform {

// What one program's part of the run reads and records with.
struct ProgramAccess {
    Provider* provider = nullptr;        // its connection and request budget
    PendingCreates* pending = nullptr;   // its creates of unknown outcome
    JournalStore* journals = nullptr;    // the open journals of its earlier applies
    SnapshotAccess snapshots;            // where its full reads are kept
};

// Makes `program` the one the run works for now (its connection, budget, pending creates) and gives its access.
using SelectProgram = std::function<ProgramAccess(const ProgramSettings& program)>;

struct ProgramsPlanRequest {
    // As for one program; `desired` holds every program's configurations. program, yearly_commitment, pending,
    // journals and snapshots are set per program from `programs` and `select`.
    PlanRequest plan;
    std::vector<ProgramSettings> programs;  // every program of the project, in flexform.yaml's order
    std::vector<std::string> in_scope;      // the serials planned (--program: one); empty: every program
    SelectProgram select;
};

struct ProgramSection {
    ProgramSettings program;
    DesiredState desired;  // the desired state cut to this program, which the section's plan was made from
    PlanOutcome outcome;
};

struct ProgramsPlanOutcome {
    std::vector<ProgramSection> sections;     // the programs in scope, in flexform.yaml's order
    std::optional<ChangeScope> change_scope;  // plan --changed-since, over every program
    std::map<std::string, LiveState> live;    // every program's live state as read (a full plan), by serial
};

// Throws RequestError naming flexform.yaml's line of a program the API user cannot see (programs/list), before any
// other request, and for a --customer no manifest declares.
ProgramsPlanOutcome plan_programs(const Clock& clock, const ProgramsPlanRequest& request, const Catalog& catalog);

// For `program`: every configuration the manifests bill to another program of the project.
std::vector<DeclaredElsewhere> declared_elsewhere(const DesiredState& desired,
                                                  const std::vector<ProgramSettings>& programs,
                                                  const ProgramSettings& program);

}  // namespace flexform

// The apply use case across the programs of one project (flexform.yaml spec.programs): every program's lock, taken in
// one order (by serial) before the first read and held to the end, so two applies never deadlock; every section
// planned now and compared with the reviewed one before any write, so a section that differs stops them all; then
// each program applied with its own connection, request budget, pending creates and journal.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "engine/plan/program_plans.h"
#include "engine/usecases/apply_use_case.h"
#include "engine/usecases/programs_plan_use_case.h"

namespace flexform {

// One section of a saved plan across programs.
struct SavedSection {
    std::string name;  // the program's short name, as the file states it (empty in a file of one program's plan)
    Plan plan;
    StatedFigures stated;
    std::string plan_digest;
};

// apply PLANFILE of a project with several programs: the file's sections (a file of one program's plan is one).
struct SavedPrograms {
    std::vector<SavedSection> sections;
    std::vector<std::string> manifest_paths;
    SignatureCheck signature = SignatureCheck::unsigned_plan;
};

// As read_saved_plan, for a file of `plan` across programs (or of one program's plan). Throws RequestError when no
// section holds a change, PlanFileError when it is not a plan.
SavedPrograms read_saved_programs(const SavedPlanSource& source, const Catalog& catalog);

struct ProgramsApplyRequest {
    // Every program, the ones in scope, the selection; plan.plan holds the manifests, --customer and --prune.
    ProgramsPlanRequest plan;
    std::optional<SavedPrograms> saved;  // apply PLANFILE
    // The rest, as for one program: lock timeout, who applies, execution, journal header, settle waiting. Its plan,
    // saved and lock fields are set per program.
    ApplyRequest each;
};

struct ProgramApply {
    ProgramSettings program;
    ApplyOutcome outcome;
};

struct ProgramsApplyOutcome {
    // Every section in scope, in flexform.yaml's order. When a section was refused (it differs from the saved one,
    // or cannot be applied as it stands), nothing was written: those sections say why, the others are no_changes
    // verdicts with their plans.
    std::vector<ProgramApply> sections;
    bool refused = false;
    bool cancelled = false;
    bool interrupted = false;  // while waiting for a lock or planning: nothing was written
};

// approve: asked once, with every section, before the first write (for a saved plan, once every section is found to
// be what flexform would plan now: the CLI shows it, as the saved plan was the review).
ProgramsApplyOutcome apply_programs(LockService& locks, JournalStore& journals, const Clock& clock,
                                    const ProgramsApplyRequest& request, const Catalog& catalog,
                                    const std::function<bool(const std::vector<ProgramPlan>&)>& approve);

}  // namespace flexform

#include "engine/usecases/programs_plan_use_case.h"

#include "engine/plan/program_moves.h"

#include <algorithm>
#include <map>
#include <set>

#include "engine/model/programs.h"
#include "engine/plan/program_moves.h"
#include "engine/usecases/live_reading.h"
#include "engine/usecases/program_visibility.h"

namespace flexform {

namespace {

bool in_scope(const ProgramsPlanRequest& request, const ProgramSettings& program) {
    return request.in_scope.empty() ||
           std::find(request.in_scope.begin(), request.in_scope.end(), program.serial) != request.in_scope.end();
}

// The customers of `cut` among those asked for (every one of them when none are).
std::vector<std::string> customers_of(const DesiredState& cut, const std::vector<std::string>& asked) {
    std::vector<std::string> out;
    for (const auto& name : asked) {
        if (cut.find_customer(name)) {
            out.push_back(name);
        }
    }
    return out;
}

std::vector<std::int64_t> accounts_of(const DesiredState& cut, const std::vector<std::string>& customers) {
    std::vector<std::int64_t> out;
    for (const Customer& c : cut.customers) {
        if (customers.empty() || std::find(customers.begin(), customers.end(), c.name) != customers.end()) {
            out.push_back(c.account_id);
        }
    }
    return out;
}

}  // namespace

std::vector<DeclaredElsewhere> declared_elsewhere(const DesiredState& desired,
                                                  const std::vector<ProgramSettings>& programs,
                                                  const ProgramSettings& program) {
    std::vector<DeclaredElsewhere> out;
    for (const Customer& customer : desired.customers) {
        for (const DesiredConfig& config : customer.configs) {
            const std::string name = program_name_of(programs, customer, config);
            if (name == program.name) {
                continue;
            }
            const ProgramSettings* billing = find_program(programs, name);
            out.push_back({customer.account_id, config.name, billing ? billing->serial : std::string(), name});
        }
    }
    return out;
}

ProgramsPlanOutcome plan_programs(const Clock& clock, const ProgramsPlanRequest& request, const Catalog& catalog) {
    const DesiredState& desired = *request.plan.desired;
    for (const auto& name : request.plan.customers) {
        if (!desired.find_customer(name)) {
            throw RequestError("--customer " + name + " is not declared in the manifests");
        }
    }
    ProgramsPlanOutcome out;
    if (request.programs.empty()) {
        return out;
    }
    check_programs_visible(*request.select(request.programs.front()).provider, request.programs);

    // plan --changed-since: the change is the whole repository's; each program plans its own changed customers.
    std::vector<std::string> asked = request.plan.customers;
    std::string changed_since = request.plan.changed_since;
    if (request.plan.history && !changed_since.empty()) {
        out.change_scope = plan_change_scope(request.plan, catalog);
        if (out.change_scope->project_changed) {
            changed_since.clear();
        } else {
            asked = out.change_scope->changed;
        }
    }
    const bool scoped = !asked.empty() || !changed_since.empty();

    struct Cut {
        const ProgramSettings* program;
        DesiredState desired;
        std::vector<std::string> customers;
        std::int64_t requests = 0;
    };
    std::vector<Cut> cuts;
    for (const auto& program : request.programs) {
        Cut cut{&program, desired_for_program(desired, request.programs, program), {}, 0};
        cut.customers = scoped ? customers_of(cut.desired, asked) : std::vector<std::string>{};
        cuts.push_back(std::move(cut));
    }
    // A full plan reads every program first: a configuration moving between programs is planned on both sides. A PR
    // plan (--changed-since) reads only the changed accounts of each program, and sees no other program.
    if (changed_since.empty()) {
        for (Cut& cut : cuts) {
            const ProgramAccess access = request.select(*cut.program);
            SnapshotReading reading(*access.provider, access.snapshots.keep_only(), cut.program->serial);
            const std::int64_t before = reading.provider().calls_made();
            out.live[cut.program->serial] = read_program(reading.provider(), cut.program->serial,
                                                         request.plan.parallelism,
                                                         accounts_of(cut.desired, cut.customers));
            cut.requests = reading.provider().calls_made() - before;
            reading.keep();
        }
    }
    for (Cut& cut : cuts) {
        const ProgramSettings& program = *cut.program;
        if (!in_scope(request, program) || (!request.plan.customers.empty() && cut.customers.empty())) {
            continue;  // not asked for, or none of the --customer ones are billed by it
        }
        const ProgramAccess access = request.select(program);
        PlanRequest one = request.plan;
        one.program = program.serial;
        one.yearly_commitment = program.yearly_commitment;
        one.customers = cut.customers;
        one.changed_since = changed_since;
        one.history = nullptr;  // the change scope is the run's, found above
        one.pending = access.pending;
        one.journals = access.journals;
        one.snapshots = access.snapshots;
        if (const auto read = out.live.find(program.serial); read != out.live.end()) {
            one.live = &read->second;
            for (const auto& [serial, live] : out.live) {  // by serial, as apply gives them
                if (serial != program.serial) {
                    one.other_programs.push_back(&live);
                }
            }
            one.declared_elsewhere = declared_elsewhere(desired, request.programs, program);
            // A customer moved whole to another program still owns its live configurations here: keep it, with
            // none of its configurations, so this plan moves them out.
            keep_customers_moving_out(cut.desired, desired, read->second, one.declared_elsewhere);
        }
        ProgramSection section{program, std::move(cut.desired), {}};
        one.desired = &section.desired;
        section.outcome = plan_program(*access.provider, clock, one, catalog);
        section.outcome.requests += cut.requests;
        if (out.change_scope) {
            Plan& plan = section.outcome.plan;
            plan.base_ref = out.change_scope->base;
            for (const auto& name : out.change_scope->unapplied) {
                if (section.desired.find_customer(name)) {
                    plan.unapplied_customers.push_back(name);
                }
            }
            if (program.is_default) {  // no longer declared anywhere: the default program's section tells it
                plan.removed_customers = out.change_scope->removed;
            }
        }
        out.sections.push_back(std::move(section));
    }
    return out;
}

}  // namespace flexform

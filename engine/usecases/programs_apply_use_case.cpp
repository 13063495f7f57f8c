#include "engine/usecases/programs_apply_use_case.h"

#include <algorithm>
#include <cmath>
#include <memory>

#include <nlohmann/json.hpp>

namespace flexform {

namespace {

double round2(double value) {
    return std::round(value * 100.0) / 100.0;
}

double number_at(const nlohmann::json& j, const char* object, const char* key) {
    const auto it = j.find(object);
    if (it == j.end() || !it->is_object() || !it->contains(key) || !(*it)[key].is_number()) {
        throw PlanFileError(std::string(object) + "." + key + " is missing or not a number");
    }
    return (*it)[key].get<double>();
}

// The total a file of several sections states must be what its sections add up to, every figure of it: a reviewer
// (or a bot reading the JSON) read it.
void check_total(const std::string& name, const nlohmann::json& document) {
    double before = 0.0;
    double after = 0.0;
    bool complete = true;
    nlohmann::json by_program = nlohmann::json::array();
    for (const auto& section : document["programs"]) {
        const double b = round2(number_at(section, "cost", "per_day_before"));
        const double a = round2(number_at(section, "cost", "per_day_after"));
        before += b;
        after += a;
        const auto& cost = section["cost"];
        complete = complete && cost.contains("totals_complete") && cost["totals_complete"] == true;
        by_program.push_back({{"program_name", section.value("program_name", "")},
                              {"program_serial_number", section.value("program_serial_number", "")},
                              {"per_day_before", b},
                              {"per_day_after", a},
                              {"delta_per_day", round2(a - b)}});
    }
    before = round2(before);
    after = round2(after);
    const double delta = round2(after - before);
    const std::pair<const char*, double> figures[] = {{"per_day_before", before},
                                                      {"per_day_after", after},
                                                      {"delta_per_day", delta},
                                                      {"delta_per_month", round2(delta * 30.0)},
                                                      {"delta_per_year", round2(delta * 365.0)}};
    for (const auto& [key, expected] : figures) {
        if (std::abs(expected - number_at(document, "total", key)) > 0.001) {
            throw PlanFileError(name + " states a total " + key + " that is not what its programs' sections add up to");
        }
    }
    const auto& total = document["total"];
    if (!total.contains("totals_complete") || total["totals_complete"] != complete) {
        throw PlanFileError(name + " states a total totals_complete that is not its programs' sections'");
    }
    const auto close = [](const nlohmann::json& x, const nlohmann::json& y) {
        if (x.is_number() && y.is_number()) {
            return std::abs(x.get<double>() - y.get<double>()) <= 0.001;
        }
        return x == y;
    };
    const nlohmann::json stated = total.value("by_program", nlohmann::json::array());
    bool same = stated.is_array() && stated.size() == by_program.size();
    for (std::size_t i = 0; same && i < by_program.size(); ++i) {
        for (const auto& [key, value] : by_program[i].items()) {
            same = same && stated[i].is_object() && stated[i].contains(key) && close(stated[i][key], value);
        }
        same = same && stated[i].size() == by_program[i].size();
    }
    if (!same) {
        throw PlanFileError(name + " states a total by_program that is not its programs' sections");
    }
}

// The section of `program` in the saved plan, or null; a section naming the program's serial under another name (or
// another program's serial under its name) is refused: it was made for another program.
const SavedSection* saved_section(const SavedPrograms& saved, const ProgramSettings& program) {
    const SavedSection* found = nullptr;
    for (const auto& section : saved.sections) {
        const bool serial = section.plan.program_serial == program.serial;
        const bool name = !section.name.empty() && section.name == program.name;
        if (serial != name && !section.name.empty()) {
            throw RequestError("the saved plan's section of program " + section.name + " (" +
                               section.plan.program_serial + ") is not that of program " + program.name + " (" +
                               program.serial + ") of flexform.yaml: it cannot be applied as another program's");
        }
        if (serial) {
            found = &section;
        }
    }
    return found;
}

}  // namespace

SavedPrograms read_saved_programs(const SavedPlanSource& source, const Catalog& catalog) {
    SavedPrograms out;
    out.signature = checked_signature(source);
    // A bad plan file is not a wrong flag: say which file, and what in it.
    const auto read_named = [&](const std::string& text) {
        try {
            return read_plan_file(text, catalog);
        } catch (const PlanFileError& e) {
            throw PlanFileError(source.name + ": " + e.what());
        }
    };
    const nlohmann::json document = nlohmann::json::parse(source.text, nullptr, false);
    if (document.is_object() && document.contains("programs")) {
        if (!document["programs"].is_array() || document["programs"].empty()) {
            throw PlanFileError(source.name + ": programs is not a list of sections");
        }
        for (const auto& section : document["programs"]) {
            if (!section.is_object() || !section.contains("program_name") || !section["program_name"].is_string()) {
                throw PlanFileError(source.name + ": a section of programs has no program_name");
            }
            PlanFile file = read_named(section.dump());
            out.sections.push_back({section["program_name"].get<std::string>(), std::move(file.plan),
                                    std::move(file.stated), std::move(file.plan_digest)});
        }
        check_total(source.name, document);
    } else {
        PlanFile file = read_named(source.text);
        out.sections.push_back({"", std::move(file.plan), std::move(file.stated), std::move(file.plan_digest)});
    }
    if (std::none_of(out.sections.begin(), out.sections.end(),
                     [](const SavedSection& s) { return s.plan.has_changes(); })) {
        throw RequestError(source.name + " holds no changes: there is nothing to apply");
    }
    out.manifest_paths = saved_manifest_paths(source, out.sections.front().plan.manifest_paths);
    return out;
}

ProgramsApplyOutcome apply_programs(LockService& locks, JournalStore& journals, const Clock& clock,
                                    const ProgramsApplyRequest& request, const Catalog& catalog,
                                    const std::function<bool(const std::vector<ProgramPlan>&)>& approve) {
    ProgramsApplyOutcome out;
    ProgramsPlanRequest planning = request.plan;
    if (request.saved) {
        if (!planning.plan.customers.empty() || planning.plan.prune) {
            throw RequestError("--customer and --prune come from the saved plan; they cannot be given with one");
        }
        // A saved plan applies its own sections: those of the programs it holds, each program's scope its own.
        std::vector<std::string> serials;
        for (const auto& program : planning.programs) {
            const bool asked = planning.in_scope.empty() ||
                               std::find(planning.in_scope.begin(), planning.in_scope.end(), program.serial) !=
                                   planning.in_scope.end();
            if (saved_section(*request.saved, program) && asked) {
                serials.push_back(program.serial);
            }
        }
        for (const auto& section : request.saved->sections) {
            if (std::find(serials.begin(), serials.end(), section.plan.program_serial) == serials.end()) {
                throw RequestError("the saved plan holds a section of program " + section.plan.program_serial +
                                   ", which " +
                                   (planning.in_scope.empty() ? "flexform.yaml does not list"
                                                              : "--program leaves out") +
                                   ": it cannot be applied here");
            }
        }
        planning.in_scope = serials;
        // The customers of every section (each names those of its program; none: every customer of the run).
        for (const auto& section : request.saved->sections) {
            for (const auto& name : section.plan.scope.customers) {
                if (std::find(planning.plan.customers.begin(), planning.plan.customers.end(), name) ==
                    planning.plan.customers.end()) {
                    planning.plan.customers.push_back(name);
                }
            }
        }
        const Plan& first = request.saved->sections.front().plan;
        planning.plan.prune = first.scope.prune;
        planning.plan.changed_since = first.scope.changed_since;
    }
    planning.plan.history = nullptr;  // apply plans the scope it is given (a saved plan records its own)
    planning.plan.journals = nullptr;

    // Every program's lock in one order, before the first read, held to the end: two applies of overlapping programs
    // wait for each other instead of each holding one lock the other needs.
    std::vector<std::string> order;
    for (const auto& program : planning.programs) {
        if (planning.in_scope.empty() ||
            std::find(planning.in_scope.begin(), planning.in_scope.end(), program.serial) != planning.in_scope.end()) {
            order.push_back(program.serial);
        }
    }
    std::sort(order.begin(), order.end());
    std::vector<std::unique_ptr<ProgramLock>> held;
    for (const auto& serial : order) {
        auto lock = take_program_lock(locks, serial, request.each);
        if (!lock) {
            out.interrupted = true;
            return out;
        }
        held.push_back(std::move(lock));
    }

    // Every section planned now, and compared with the reviewed one, before anything is written.
    const ProgramsPlanOutcome planned = plan_programs(clock, planning, catalog);
    std::vector<ProgramPlan> fresh;
    for (const auto& section : planned.sections) {
        ProgramApply result{section.program, {}};
        result.outcome.plan = section.outcome.plan;
        result.outcome.plan_requests = section.outcome.requests;
        result.outcome.verdict = ApplyVerdict::no_changes;
        if (request.saved) {
            const SavedSection* saved = saved_section(*request.saved, section.program);
            ApplyRequest compare = request.each;
            compare.saved = saved->plan;
            compare.saved_stated = saved->stated;
            compare.saved_digest = saved->plan_digest;
            result.outcome.differences = saved_plan_differences(compare, section.outcome.plan, catalog);
            if (!result.outcome.differences.empty()) {
                result.outcome.verdict = ApplyVerdict::refused_stale;
                out.refused = true;
            }
        }
        if (!section.outcome.plan.applyable()) {
            result.outcome.verdict = ApplyVerdict::refused_errors;
            out.refused = true;
        }
        fresh.push_back({section.program.name, section.outcome.plan});
        out.sections.push_back(std::move(result));
    }
    if (out.refused) {
        return out;
    }
    if (approve && std::any_of(fresh.begin(), fresh.end(), [](const ProgramPlan& p) {
            return p.plan.has_changes();
        })) {
        if (!approve(fresh)) {
            out.cancelled = true;
            return out;
        }
    }

    // Each program applied exactly what was reviewed (or approved above), under the locks held. Programs that
    // configurations leave go first: their writes (VM stops) change nothing another program's plan was held to,
    // while a move in empties the source's configuration and would make the source's plan stale (it would now
    // disable it) had it not been applied yet.
    std::vector<std::size_t> sequence(planned.sections.size());
    for (std::size_t i = 0; i < sequence.size(); ++i) {
        sequence[i] = i;
    }
    const auto moves_out = [&](std::size_t i) {
        const Plan& plan = planned.sections[i].outcome.plan;
        return std::any_of(plan.changes.begin(), plan.changes.end(),
                           [](const Change& c) { return c.reason.code == ReasonCode::moved_to_program; }) ||
               std::any_of(plan.diagnostics.begin(), plan.diagnostics.end(),
                           [](const PlanDiagnostic& d) { return d.code == DiagnosticCode::moving_to_program; });
    };
    std::stable_partition(sequence.begin(), sequence.end(), moves_out);
    for (const std::size_t i : sequence) {
        const ProgramSection& section = planned.sections[i];
        const ProgramAccess access = planning.select(section.program);
        ApplyRequest one = request.each;
        one.lock_held = true;
        one.plan = planning.plan;
        one.plan.desired = &section.desired;
        one.plan.program = section.program.serial;
        one.plan.yearly_commitment = section.program.yearly_commitment;
        one.plan.customers.clear();
        one.plan.prune = false;
        one.plan.pending = access.pending;
        one.plan.snapshots = access.snapshots;
        one.plan.declared_elsewhere = declared_elsewhere(*planning.plan.desired, planning.programs, section.program);
        // The other programs as read before any write, as the plan compared or approved saw them: one program's
        // writes do not change what the next program's plan is held to.
        for (const auto& [serial, live] : planned.live) {
            if (serial != section.program.serial) {
                one.plan.other_programs.push_back(&live);
            }
        }
        one.saved = section.outcome.plan;  // what was compared or approved: applied only if it is still the plan
        if (request.saved) {
            const SavedSection* saved = saved_section(*request.saved, section.program);
            one.saved_digest = saved->plan_digest;
            one.journal_header["saved_plan_digest"] = saved->plan_digest;
        }
        out.sections[i].outcome = apply_program(*access.provider, locks, journals, clock, one, catalog, nullptr);
    }
    return out;
}

}  // namespace flexform

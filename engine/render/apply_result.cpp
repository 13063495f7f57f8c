#include "engine/render/apply_result.h"

#include <algorithm>
#include <sstream>

#include "engine/model/words.h"
#include "engine/render/colour.h"
#include "engine/render/escape.h"
#include "engine/render/plan_summary.h"

namespace flexform {

namespace {

std::string count_text(int n, const char* what) {
    return std::to_string(n) + " " + what;
}

int vms_created(const ApplyOutcome& outcome, const Catalog& catalog) {
    int created = 0;
    for (const auto& o : outcome.result.outcomes) {
        const Change& c = outcome.plan.changes[o.index];
        const ProductType* product = catalog.find_by_id(c.product_id);
        if (o.status == OutcomeStatus::done && c.action == ActionKind::create_entitlements && product &&
            product->form_factor == FormFactor::vm) {
            created += static_cast<int>(o.serials.size());
        }
    }
    return created;
}

std::string applied_text(const ApplyOutcome& outcome, const Catalog& catalog, bool color) {
    const ApplyResult& r = outcome.result;
    const int done = r.count(OutcomeStatus::done);
    std::ostringstream out;
    const int waiting = r.count(OutcomeStatus::waiting);
    if (r.ok()) {
        out << paint("Apply complete:", Tone::good, color) << " " << count_of(done, "action", "actions")
            << " done. Journal: " << outcome.journal << "\n";
    } else {
        const bool failed =
            r.count(OutcomeStatus::failed) + r.count(OutcomeStatus::unknown) > 0 || !r.circuit_open.empty();
        out << (r.interrupted ? paint("Apply interrupted:", Tone::bad, color)
                : failed      ? paint("Apply failed:", Tone::bad, color)
                              : paint("Apply incomplete:", Tone::caution, color))
            << " " << count_text(done, "done") << ", " << count_text(r.count(OutcomeStatus::failed), "failed") << ", "
            << count_text(r.count(OutcomeStatus::unknown), "unknown") << ", "
            << count_text(r.count(OutcomeStatus::skipped), "skipped") << ", "
            << count_text(r.count(OutcomeStatus::not_attempted), "not attempted");
        if (waiting > 0) {
            out << ", " << count_text(waiting, "waiting to settle");
        }
        out << ". Journal: " << outcome.journal << "\n";
        if (!r.circuit_open.empty()) {
            out << "  " << paint("stopped:", Tone::bad, color) << " " << r.circuit_open << "\n";
        }
        if (r.budget_spent) {
            out << "  " << paint("stopped:", Tone::bad, color)
                << " the program's request budget ran out before --budget-timeout; nothing was sent for the "
                   "actions not attempted\n";
        }
        if (const auto refused = std::find_if(r.outcomes.begin(), r.outcomes.end(), [](const ActionOutcome& o) {
                return o.failure == FailureKind::create_errors_spent;
            });
            refused != r.outcomes.end()) {
            out << "  " << paint("stopped creating:", Tone::bad, color) << " " << refused->error << "\n";
        }
        for (const auto& o : r.outcomes) {
            if (o.status == OutcomeStatus::failed || o.status == OutcomeStatus::unknown) {
                const Change& c = outcome.plan.changes[o.index];
                out << "  " << paint(std::string(to_string(o.status)) + ":", Tone::bad, color) << " " << c.address
                    << " (" << to_string(c.action) << "): " << o.error << "\n";
            }
        }
        std::string latest;
        for (const auto& o : r.outcomes) {
            const Change& c = outcome.plan.changes[o.index];
            if (o.status == OutcomeStatus::waiting && c.waiting) {
                out << "  " << paint("waiting to settle:", Tone::caution, color) << " " << c.address << " ("
                    << to_string(c.action) << ") until " << c.waiting->until << ": the create sent at "
                    << c.waiting->sent_at << " may still land, so it is not sent again yet\n";
                latest = std::max(latest, c.waiting->until);
            }
        }
        if (r.count(OutcomeStatus::unknown) > 0) {
            out << "Actions of unknown outcome may have happened: they are recorded, and no apply creates them again "
                   "until they are found, or their settle window has passed and two reads agree they are absent.\n";
        }
        if (!latest.empty()) {
            out << "Re-run apply after " << latest << ", or pass --wait-settle to wait for it.\n";
        }
        out << "Run `flexform plan` to see what remains; a re-run of apply converges.\n";
    }
    const int vms = vms_created(outcome, catalog);
    if (vms > 0) {
        out << count_of(static_cast<std::size_t>(vms), "VM entitlement", "VM entitlements")
            << (vms == 1 ? " created: its licence token is listed by `flexform tokens`.\n"
                         : " created: their licence tokens are listed by `flexform tokens`.\n");
    }
    return out.str();
}

std::string names_of(const std::vector<std::string>& customers) {
    std::string names;
    for (const auto& customer : customers) {
        names += (names.empty() ? "" : ", ") + terminal_text(customer);
    }
    return names;
}

// Customers a written plan left out: failed by their errors, or blocked by `protect` (each refusal named).
std::string left_out_words(const Plan& plan) {
    const std::vector<std::string> failed = plan.failed_customers();
    const std::vector<std::string> blocked = plan.blocked_customers();
    std::string out;
    if (!failed.empty()) {
        out += "flexform apply: left out " + count_of(failed.size(), "customer", "customers") +
               " whose errors the plan lists (" + names_of(failed) + ")" +
               (blocked.empty() ? "; every other customer was applied\n" : "\n");
    }
    if (!blocked.empty()) {
        out += "flexform apply: blocked, left out " + count_of(blocked.size(), "customer", "customers") +
               " that protect keeps as they are (" + names_of(blocked) + "); every other customer was applied\n";
        for (const auto& reason : blocking_reasons(plan)) {
            out += "  blocked by " + terminal_text(reason) + "\n";
        }
    }
    return out;
}

const char* interrupted_phase(InterruptedPhase phase) {
    switch (phase) {
        case InterruptedPhase::lock_wait:
            return "while waiting for the lock";
        case InterruptedPhase::planning:
            return "while planning";
        case InterruptedPhase::settle_wait:
            return "while waiting for creates to settle";
        case InterruptedPhase::approval:
            break;
    }
    return "before approval";
}

}  // namespace

ApplyReport render_apply_result(const ApplyOutcome& outcome, const RenderOptions& options) {
    ApplyReport report;
    for (const auto& journal : outcome.rechecked) {
        report.notes += "re-checked the " + count_of(journal.state.unresolved.size(), "action", "actions") +
                        " of unknown outcome of the apply of " + journal.state.started_at +
                        "; this apply planned from their real state\n";
    }
    switch (outcome.verdict) {
        case ApplyVerdict::refused_stale:
            if (outcome.applied_before) {
                report.problem = "flexform apply: the saved plan was already applied, by the apply of " +
                                 outcome.applied_before->started_at + " (journal " + outcome.applied_before->journal +
                                 ", with each action's outcome); nothing was written. For what remains: flexform "
                                 "plan --out FILE\n";
                break;
            }
            report.problem =
                "flexform apply: the saved plan is not what flexform would plan now; nothing was written:\n";
            for (const auto& d : outcome.differences) {
                report.problem += "  - " + d + "\n";
            }
            report.problem += "Review a fresh plan: flexform plan --out FILE\n";
            break;
        case ApplyVerdict::refused_errors:
            report.result = render_text(outcome.plan, options);
            report.problem = "flexform apply: a blocking policy stops the plan; nothing was written\n";
            for (const auto& reason : blocking_reasons(outcome.plan)) {
                report.problem += "  blocked by " + terminal_text(reason) + "\n";
            }
            break;
        case ApplyVerdict::no_changes:
            if (!outcome.plan.left_out().empty()) {
                report.result = render_text(outcome.plan, options);
            } else if (const PlanSummary summary = summarize(outcome.plan); summary.configs_moving_out > 0) {
                report.result = summary_line(summary) + "\n";  // the other program's apply moves them
            } else {
                report.result = paint("No changes.", Tone::good, options.color) +
                                " FortiFlex already matches the manifests.\n";
            }
            break;
        case ApplyVerdict::cancelled:
            report.problem = "Apply cancelled; nothing was written.\n";
            break;
        case ApplyVerdict::applied:
            report.result =
                applied_text(outcome, options.catalog ? *options.catalog : builtin_catalog(), options.color);
            break;
        case ApplyVerdict::interrupted:
            report.result = std::string("Apply interrupted ") + interrupted_phase(outcome.interrupted_while) +
                            ": nothing was written.\n";
            break;
    }
    if (outcome.verdict == ApplyVerdict::applied || outcome.verdict == ApplyVerdict::no_changes) {
        report.problem += left_out_words(outcome.plan);
    }
    return report;
}

ApplyReport render_apply_result(const ProgramsApplyOutcome& outcome, const RenderOptions& options) {
    ApplyReport report;
    if (outcome.interrupted) {
        report.result = "Apply interrupted while waiting for the programs' locks: nothing was written.\n";
        return report;
    }
    if (outcome.cancelled) {
        report.problem = "Apply cancelled; nothing was written.\n";
        return report;
    }
    for (const auto& section : outcome.sections) {
        const bool refused = section.outcome.verdict == ApplyVerdict::refused_stale ||
                             section.outcome.verdict == ApplyVerdict::refused_errors;
        if (outcome.refused && !refused) {
            continue;
        }
        const std::string name = "program " + terminal_text(section.program.name) + " (" +
                                 terminal_text(section.program.serial) + ")";
        RenderOptions named = options;  // the section's plan names its program as `plan` does
        named.program_name = section.program.name;
        const ApplyReport one = render_apply_result(section.outcome, named);
        report.notes += one.notes;
        report.result += one.result.empty() ? "" : "== " + name + "\n" + one.result + "\n";
        const std::string prefix = "flexform apply: ";
        const bool prefixed = one.problem.compare(0, prefix.size(), prefix) == 0;
        report.problem += one.problem.empty() ? ""
                          : prefixed         ? prefix + name + ": " + one.problem.substr(prefix.size())
                                             : name + ": " + one.problem;
    }
    if (outcome.refused) {
        report.problem += "flexform apply: nothing was written in any program\n";
    }
    return report;
}

std::string render_apply_prompt(const std::vector<ProgramPlan>& sections, const RenderOptions& options) {
    std::string names;
    for (const auto& section : sections) {
        names += (names.empty() ? "" : ", ") + section.name + " (" + section.plan.program_serial + ")";
    }
    return render_text(sections, options) + "\nApply these changes to programs " + names +
           "? Only 'yes' will be accepted: ";
}

std::string render_settle_wait(const std::string& until, const std::vector<Change>& waiting) {
    std::string out = "waiting until " + until + " for " +
                      count_of(waiting.size(), "create of unknown outcome", "creates of unknown outcome") +
                      " to settle (--wait-settle), then re-reading FortiFlex:\n";
    for (const auto& c : waiting) {
        out += "  " + c.address + " (" + std::string(to_string(c.action)) + "), sent at " +
               (c.waiting ? c.waiting->sent_at : std::string("?")) + "\n";
    }
    return out;
}

std::string render_apply_prompt(const Plan& plan, const RenderOptions& options) {
    return render_text(plan, options) + "\nApply these changes to program " + plan.program_serial +
           "? Only 'yes' will be accepted: ";
}

}  // namespace flexform

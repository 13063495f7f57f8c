#include "engine/render/import_renderers.h"

#include "engine/model/words.h"
#include "engine/render/escape.h"

namespace flexform {

namespace {

std::string configurations(std::size_t n) {
    return count_of(n, "configuration", "configurations");
}

// One account's line.
std::string decision_text(const ImportDecision& d) {
    const std::string account = std::to_string(d.account_id);
    switch (d.action) {
        case ImportAction::write:
        case ImportAction::overwrite:
            return "wrote " + d.file + " (account " + account + ", " + configurations(d.configs) + ", " +
                   count_of(d.entitlements, "entitlement", "entitlements") + ")\n";
        case ImportAction::merge:
            return "added " + configurations(d.missing_configs) + " of account " + account + " to " + d.file + "\n";
        case ImportAction::complete:
            return "account " + account + " (" + d.declared_name + "): " + d.file +
                   " already declares every configuration\n";
        case ImportAction::skip_declared:
            return "skipped account " + account + ": declared by " + d.file + " (customer " + d.declared_name + ")" +
                   (d.missing_configs > 0 ? "; --merge adds the " + configurations(d.missing_configs) + " it lacks"
                                          : std::string()) +
                   "\n";
        case ImportAction::refuse_exists:
            if (!d.declared_name.empty()) {
                // Its own declaration: --merge keeps the hand-written parts; --force would replace them.
                return "flexform import: " + d.file + " exists and declares account " + account + " (customer " +
                       d.declared_name + "); not overwritten: " +
                       (d.missing_configs > 0 ? "--merge adds the " + configurations(d.missing_configs) + " it lacks"
                                              : std::string("it already declares every configuration")) +
                       " (--force would replace the file, hand-written parts included)\n";
            }
            return "flexform import: " + d.file + " exists; not overwritten (use --force)\n";
        case ImportAction::refuse_merge:
            return "flexform import: cannot add to " + d.file +
                   " safely (its spec.configs is not a block list at the end of the document); add these under "
                   "spec.configs of " +
                   d.declared_name + ":\n" + d.text;
    }
    return "";
}

bool refused(const ImportDecision& d) {
    return d.action == ImportAction::refuse_exists || d.action == ImportAction::refuse_merge;
}

}  // namespace

ConsoleText render_import_text(const ImportOutcome& outcome) {
    ConsoleText text;
    for (const auto& d : outcome.decisions) {
        (refused(d) ? text.err : text.out) += decision_text(d);
    }
    const auto written =
        static_cast<std::size_t>(outcome.count(ImportAction::write) + outcome.count(ImportAction::overwrite));
    const int declared = outcome.count(ImportAction::skip_declared) + outcome.count(ImportAction::complete);
    const int merged = outcome.count(ImportAction::merge);
    text.out += count_of(written, "manifest", "manifests") + " written to " + outcome.out_dir;
    if (declared > 0) {
        text.out += ", " + std::to_string(declared) + " already declared";
    }
    if (merged > 0) {
        text.out += ", " + std::to_string(merged) + " merged";
    }
    text.out += "\n";
    for (const auto& [file, document] : outcome.offer_files) {
        text.out += "offer " + terminal_text(file) + " written\n";
    }
    return text;
}

std::string render_gitignore_added(const std::string& path) {
    return "added .flexform/ to " + path +
           ": flexform's local state (the apply journal, the sandbox, the consumption database with customers' "
           "spend) stays out of git\n";
}

}  // namespace flexform

// Manifest diagnostics for CI systems: GitHub Actions workflow commands (annotations on the changed lines) and a
// GitLab Code Quality report.
#include <nlohmann/json.hpp>

#include "engine/plan/digest.h"
#include "engine/render/escape.h"
#include "engine/render/reports.h"

namespace flexform {

namespace {

std::string message_of(const Diagnostic& d) {
    return d.field.empty() ? d.message : d.field + ": " + d.message;
}

}  // namespace

std::string render_github_annotations(const std::vector<Diagnostic>& diagnostics) {
    std::string out;
    for (const auto& d : diagnostics) {
        out += d.severity == Severity::error ? "::error " : "::warning ";
        out += "file=" + workflow_command_property(terminal_text(d.file));
        if (d.line > 0) {
            out += ",line=" + std::to_string(d.line);
            if (d.column > 0) {
                out += ",col=" + std::to_string(d.column);
            }
        }
        out += ",title=" + workflow_command_property("flexform validate") +
               "::" + workflow_command_data(message_of(d)) + "\n";
    }
    return out;
}

std::string render_gitlab_code_quality(const std::vector<Diagnostic>& diagnostics) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& d : diagnostics) {
        const std::string description = message_of(d);
        out.push_back({{"description", description},
                       {"check_name", "flexform-validate"},
                       // Stable across runs for the same problem, so GitLab can tell new problems from old.
                       {"fingerprint", sha256_hex(d.file + "\n" + d.field + "\n" + d.message).substr(0, 32)},
                       {"severity", d.severity == Severity::error ? "major" : "minor"},
                       {"location", {{"path", d.file}, {"lines", {{"begin", std::max(1, d.line)}}}}}});
    }
    return out.dump(2) + "\n";
}

}  // namespace flexform

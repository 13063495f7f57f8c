#include "engine/manifest/diagnostic.h"

#include <algorithm>
#include <tuple>

#include "engine/model/unsafe_text.h"

namespace flexform {

std::string format(const Diagnostic& d) {
    // Shown on terminals and CI logs: a file or key name with control characters must not act on them.
    std::string out = escape_unsafe(d.file);
    if (d.line > 0) {
        out += ":" + std::to_string(d.line) + ":" + std::to_string(d.column);
    }
    out += ": ";
    if (d.severity == Severity::warning) {
        out += "warning: ";
    }
    if (!d.field.empty()) {
        out += escape_unsafe(d.field) + ": ";
    }
    out += escape_unsafe(d.message);
    return out;
}

void sort_diagnostics(std::vector<Diagnostic>& diagnostics) {
    std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return std::tie(a.file, a.line, a.column, a.field, a.message) <
               std::tie(b.file, b.line, b.column, b.field, b.message);
    });
    diagnostics.erase(std::unique(diagnostics.begin(), diagnostics.end()), diagnostics.end());
}

bool has_errors(const std::vector<Diagnostic>& diagnostics) {
    return count(diagnostics, Severity::error) > 0;
}

int count(const std::vector<Diagnostic>& diagnostics, Severity severity) {
    return static_cast<int>(std::count_if(diagnostics.begin(), diagnostics.end(),
                                          [severity](const Diagnostic& d) { return d.severity == severity; }));
}

}  // namespace flexform

// Diagnostic is one problem found in the manifests, located by file, line, column and field path.
#pragma once

#include <string>
#include <vector>

#include "engine/model/severity.h"

namespace flexform {

struct Diagnostic {
    Severity severity = Severity::error;
    std::string file;
    int line = 0;       // 1-based; 0 when the problem concerns the whole file
    int column = 0;     // 1-based
    std::string field;  // e.g. "spec.configs[0].parameters.cpu_size"; empty for syntax and file problems
    std::string message;

    bool operator==(const Diagnostic&) const = default;
};

// "file:line:column: field: message", with "warning: " before the field for warnings.
std::string format(const Diagnostic& diagnostic);
// Orders by file, position, field and message so output never depends on traversal order.
void sort_diagnostics(std::vector<Diagnostic>& diagnostics);
bool has_errors(const std::vector<Diagnostic>& diagnostics);
int count(const std::vector<Diagnostic>& diagnostics, Severity severity);

}  // namespace flexform

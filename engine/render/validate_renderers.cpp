#include "engine/render/validate_renderers.h"

#include <nlohmann/json.hpp>

#include "engine/model/words.h"
#include "engine/render/colour.h"
#include "engine/render/reports.h"

namespace flexform {

namespace {

struct TreeSummary {
    std::size_t customers = 0;
    std::size_t configs = 0;
    std::size_t entitlements = 0;
    std::size_t files = 0;
};

TreeSummary summarize(const DesiredState& state) {
    TreeSummary s;
    s.customers = state.customers.size();
    s.files = state.files.size();
    for (const auto& customer : state.customers) {
        s.configs += customer.configs.size();
        for (const auto& config : customer.configs) {
            s.entitlements += static_cast<std::size_t>(declared_entitlements(config));
        }
    }
    return s;
}

std::string diagnostics_text(const std::vector<Diagnostic>& diagnostics, bool color) {
    std::string out;
    for (const auto& d : diagnostics) {
        out += paint(format(d), d.severity == Severity::error ? Tone::bad : Tone::caution, color) + "\n";
    }
    return out;
}

// The CI forms on stdout (annotations, or the Code Quality report) are the whole result: a runner reads workflow
// commands from every stream, so stderr carries only the count, never a value from a manifest.
std::string ci_error_count(const LoadResult& result) {
    if (result.ok()) {
        return {};
    }
    const auto errors = static_cast<std::size_t>(count(result.diagnostics, Severity::error));
    return count_of(errors, "error", "errors") + " in " + count_of(summarize(result.state).files, "file", "files") +
           "\n";
}

}  // namespace

ConsoleText render_validate_text(const LoadResult& result, bool color) {
    const TreeSummary s = summarize(result.state);
    ConsoleText text;
    text.err = diagnostics_text(result.diagnostics, color);
    if (!result.ok()) {
        const auto errors = static_cast<std::size_t>(count(result.diagnostics, Severity::error));
        text.err += paint(count_of(errors, "error", "errors"), Tone::bad, color) + " in " +
                    count_of(s.files, "file", "files") + "\n";
        return text;
    }
    text.out = paint("Valid:", Tone::good, color) + " " + count_of(s.customers, "customer", "customers") + ", " +
               count_of(s.configs, "config", "configs") + ", " +
               count_of(s.entitlements, "entitlement", "entitlements") + " in " + count_of(s.files, "file", "files") +
               "\n";
    return text;
}

std::string render_validate_json(const LoadResult& result) {
    const TreeSummary s = summarize(result.state);
    nlohmann::json diagnostics = nlohmann::json::array();
    for (const auto& d : result.diagnostics) {
        diagnostics.push_back({{"severity", d.severity == Severity::error ? "error" : "warning"},
                               {"file", d.file},
                               {"line", d.line},
                               {"column", d.column},
                               {"field", d.field},
                               {"message", d.message}});
    }
    const nlohmann::json out = {
        {"valid", result.ok()},
        {"summary",
         {{"files", s.files}, {"customers", s.customers}, {"configs", s.configs}, {"entitlements", s.entitlements}}},
        {"diagnostics", diagnostics}};
    return out.dump(2) + "\n";
}

ConsoleText render_validate_github(const LoadResult& result) {
    return {render_github_annotations(result.diagnostics), ci_error_count(result)};
}

ConsoleText render_validate_gitlab(const LoadResult& result) {
    return {render_gitlab_code_quality(result.diagnostics), ci_error_count(result)};
}

}  // namespace flexform

// Exact text of `flexform validate` in each format: text, json, github, gitlab.
#include "engine/render/validate_renderers.h"

#include <gtest/gtest.h>

#include "tests/unit/plan_fixtures.h"

namespace flexform::testing {
namespace {

// acme (3 configurations, 5 entitlements) in one file, with the given diagnostics.
LoadResult acme_with(std::vector<Diagnostic> diagnostics) {
    LoadResult result;
    result.state = desired_from(k_acme);
    result.state.files = {"customers/acme.yaml"};
    result.diagnostics = std::move(diagnostics);
    return result;
}

const Diagnostic k_warning{Severity::warning, "customers/acme.yaml", 3, 11, "metadata.labels", "50%: unused, ignored"};
const Diagnostic k_error{
    Severity::error, "customers/acme.yaml", 14, 9, "spec.configs[0].parameters.cpu_size", "96 is above the maximum 48"};
const Diagnostic k_file_error{Severity::error, "customers/b.yaml", 0, 0, "", "cannot open file"};

TEST(ValidateRenderers, TextSummarisesAValidTreeOnStdoutAndItsWarningsOnStderr) {
    const ConsoleText text = render_validate_text(acme_with({k_warning}));
    EXPECT_EQ(text.out, "Valid: 1 customer, 3 configs, 5 entitlements in 1 file\n");
    EXPECT_EQ(text.err, "customers/acme.yaml:3:11: warning: metadata.labels: 50%: unused, ignored\n");
}

TEST(ValidateRenderers, TextCountsTheErrorsOfAnInvalidTreeOnStderrOnly) {
    LoadResult result = acme_with({k_error, k_file_error, k_warning});
    result.state.files.push_back("customers/b.yaml");
    const ConsoleText text = render_validate_text(result);
    EXPECT_EQ(text.out, "");
    EXPECT_EQ(text.err,
              "customers/acme.yaml:14:9: spec.configs[0].parameters.cpu_size: 96 is above the maximum 48\n"
              "customers/b.yaml: cannot open file\n"
              "customers/acme.yaml:3:11: warning: metadata.labels: 50%: unused, ignored\n"
              "2 errors in 2 files\n");
}

TEST(ValidateRenderers, JsonHoldsValidityTheSummaryAndEveryDiagnostic) {
    EXPECT_EQ(render_validate_json(acme_with({k_error})), R"({
  "diagnostics": [
    {
      "column": 9,
      "field": "spec.configs[0].parameters.cpu_size",
      "file": "customers/acme.yaml",
      "line": 14,
      "message": "96 is above the maximum 48",
      "severity": "error"
    }
  ],
  "summary": {
    "configs": 3,
    "customers": 1,
    "entitlements": 5,
    "files": 1
  },
  "valid": false
}
)");
}

// The runner reads workflow commands from stderr too, so stderr carries only the count, never a manifest's value.
TEST(ValidateRenderers, GithubAnnotatesEachDiagnosticAndLeavesOnlyTheCountOnStderr) {
    const ConsoleText text = render_validate_github(acme_with({k_error, k_warning, k_file_error}));
    EXPECT_EQ(text.out,
              "::error file=customers/acme.yaml,line=14,col=9,title=flexform validate::"
              "spec.configs[0].parameters.cpu_size: 96 is above the maximum 48\n"
              "::warning file=customers/acme.yaml,line=3,col=11,title=flexform validate::"
              "metadata.labels: 50%25: unused, ignored\n"
              "::error file=customers/b.yaml,title=flexform validate::cannot open file\n");
    EXPECT_EQ(text.err, "2 errors in 1 file\n");
}

// The fingerprint is SHA-256 of "file\nfield\nmessage", cut to 32 hex digits (checked with sha256sum).
TEST(ValidateRenderers, GitlabWritesACodeQualityReport) {
    const ConsoleText text = render_validate_gitlab(acme_with({k_warning}));
    EXPECT_EQ(text.out, R"([
  {
    "check_name": "flexform-validate",
    "description": "metadata.labels: 50%: unused, ignored",
    "fingerprint": "00c2ae87a498463fa37ab6d90c9d6091",
    "location": {
      "lines": {
        "begin": 3
      },
      "path": "customers/acme.yaml"
    },
    "severity": "minor"
  }
]
)");
    EXPECT_EQ(text.err, "");  // a warning alone: valid, nothing on stderr
    EXPECT_EQ(render_validate_gitlab(acme_with({})).out, "[]\n");
}

}  // namespace
}  // namespace flexform::testing

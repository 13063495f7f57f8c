// The command line driven as a test harness would: run() from an argv vector with injected streams and terminal
// flags, in-process (the sandbox emulator included), so flag handling and prompts are tested without a shell.
#include "cli/app.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace flexform::cli {
namespace {

namespace fs = std::filesystem;

struct Ran {
    int code = -1;
    std::string out;
    std::string err;
};

Ran run_cli(std::vector<std::string> args, const std::string& input = "", Terminal terminal = {}) {
    args.insert(args.begin(), "flexform");
    std::vector<const char*> argv;
    for (const auto& a : args) {
        argv.push_back(a.c_str());
    }
    std::istringstream in(input);
    std::ostringstream out;
    std::ostringstream err;
    const int code = run(static_cast<int>(argv.size()), argv.data(), in, out, err, terminal);
    return {code, out.str(), err.str()};
}

// Each test gets its own working directory holding a copy of the examples (the sandbox state lives there).
class Cli : public ::testing::Test {
public:
    void SetUp() override {
        m_previous = fs::current_path();
        m_dir = fs::temp_directory_path() / ("flexform-cli-" + std::to_string(::getpid()) + "-" +
                                             ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
        fs::copy(fs::path(FLEXFORM_SOURCE_DIR) / "examples", m_dir / "examples", fs::copy_options::recursive);
        fs::current_path(m_dir);
        ::setenv("NO_COLOR", "1", 1);
        const char* tmp = std::getenv("TMPDIR");
        m_tmpdir = tmp ? tmp : "";
        ::setenv("TMPDIR", m_dir.c_str(), 1);  // the apply lock of this test's own
    }
    void TearDown() override {
        fs::current_path(m_previous);
        if (m_tmpdir.empty()) {
            ::unsetenv("TMPDIR");
        } else {
            ::setenv("TMPDIR", m_tmpdir.c_str(), 1);
        }
        fs::remove_all(m_dir);
    }
    std::string m_tmpdir;
    fs::path m_previous;
    fs::path m_dir;
};

TEST_F(Cli, PrintsTheVersion) {
    const Ran r = run_cli({"--version"});
    EXPECT_EQ(r.code, 0);
    EXPECT_EQ(r.out, std::string("flexform ") + FLEXFORM_VERSION + "\n");
}

TEST_F(Cli, AnUnknownVerbIsNamedAndTheVerbsListed) {
    const Ran r = run_cli({"foo"});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("flexform: unknown command \"foo\"; the commands are validate, plan, show, apply"),
              std::string::npos)
        << r.err;
}

TEST_F(Cli, AWrongFlagPointsToTheHelpOfTheCommandItBelongsTo) {
    const Ran r = run_cli({"consumption", "report", "--days", "0"});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("--days: Value 0 not in range 1 to 3660\nRun 'flexform consumption report --help' for usage."),
              std::string::npos)
        << r.err;
    EXPECT_NE(run_cli({"plan", "--bogus"}).err.find("Run 'flexform plan --help' for usage."), std::string::npos);
}

TEST_F(Cli, ValidatesTheExamplesFromAnArgvVector) {
    const Ran r = run_cli({"validate", "examples/customers"});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out.rfind("Valid: 7 customers, ", 0), 0u) << r.out;
    const Ran empty = run_cli({"validate", "examples/ci"});
    EXPECT_EQ(empty.code, 1);
    EXPECT_NE(empty.err.find("no customer manifests under examples/ci"), std::string::npos) << empty.err;
}

// A value can plant workflow commands or terminal escapes only if some stream prints it raw.
TEST_F(Cli, ValidateForCiKeepsManifestValuesOffStderr) {
    std::ofstream("hostile.yaml")
        << "apiVersion: flexform/v1\nkind: Customer\nmetadata: {name: acme, accountId: 100}\nspec:\n  configs:\n"
           "    - name: \"x\\n::add-mask::secret\\n::error::pwn\\e]0;t\\a\"\n      product: FORTIEDR\n"
           "      parameters: {service_pkg: FEDRPDR}\n      cloud: {}\n";
    const Ran github = run_cli({"validate", "hostile.yaml", "--format", "github"});
    EXPECT_EQ(github.code, 1);
    EXPECT_EQ(github.err, "1 error in 1 file\n");
    EXPECT_EQ(github.out,
              "::error file=hostile.yaml,line=6,col=13,title=flexform validate::spec.configs[0].name: "
              "\"x\\n::add-mask::secret\\n::error::pwn\\x1b]0;t\\x07\" contains \\n, a control or bidi "
              "character; names, descriptions, folder paths and labels are one line of plain text\n");
    const Ran gitlab = run_cli({"validate", "hostile.yaml", "--format", "gitlab"});
    EXPECT_EQ(gitlab.err, "1 error in 1 file\n");
    const Ran text = run_cli({"validate", "hostile.yaml"});
    EXPECT_EQ(text.err.find('\x1b'), std::string::npos) << text.err;
    EXPECT_EQ(text.err.find("\n::"), std::string::npos) << text.err;
}

TEST_F(Cli, ACustomerFlagTakesOneValueSoPathsStayPaths) {
    const Ran r = run_cli({"plan", "--customer", "nobody", "examples/customers", "--sandbox"});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("flexform plan: --customer nobody is not declared in the manifests"), std::string::npos)
        << r.err;
}

TEST_F(Cli, ApplyAsksOnATerminalAndReadsTheAnswerFromItsInput) {
    const Ran refused = run_cli({"apply", "examples/customers", "--sandbox"});
    EXPECT_EQ(refused.code, 1);
    EXPECT_NE(refused.err.find("refusing to apply without --auto-approve when stdin is not a terminal"),
              std::string::npos)
        << refused.err;
    const Terminal tty{true, false};
    const Ran declined = run_cli({"apply", "examples/customers", "--sandbox"}, "no\n", tty);
    EXPECT_EQ(declined.code, 1);
    EXPECT_NE(declined.out.find("Only 'yes' will be accepted"), std::string::npos);
    EXPECT_NE(declined.err.find("Apply cancelled; nothing was written."), std::string::npos) << declined.err;
    const Ran accepted = run_cli({"apply", "examples/customers", "--sandbox"}, "yes\n", tty);
    EXPECT_EQ(accepted.code, 0) << accepted.err;
    EXPECT_NE(accepted.out.find("Apply complete: "), std::string::npos) << accepted.out;
    const Ran again = run_cli({"plan", "examples/customers", "--sandbox", "--detailed-exitcode"});
    EXPECT_EQ(again.code, 0) << again.out;
    // The sandbox's journal lives with its state: removing .flexform/sandbox/ forgets it too.
    EXPECT_NE(accepted.out.find("Journal: .flexform/sandbox/journal/apply-"), std::string::npos) << accepted.out;
    EXPECT_FALSE(fs::exists(".flexform/journal"));
}

// The text as a terminal without colour shows it: every ANSI SGR sequence removed.
std::string without_colour(std::string text) {
    for (std::size_t at = text.find('\033'); at != std::string::npos; at = text.find('\033', at)) {
        text.erase(at, text.find('m', at) - at + 1);
    }
    return text;
}

// Colour under plan's one decision: a terminal on stdout, no NO_COLOR, no --no-color, TERM not dumb; text only.
TEST_F(Cli, EveryVerbThatPrintsStatusColoursItUnderPlansRules) {
    const char* term = std::getenv("TERM");
    const std::string saved_term = term ? term : "";
    ::setenv("TERM", "xterm", 1);
    ::unsetenv("NO_COLOR");
    const Terminal tty{false, true};
    const std::vector<std::string> status = {"status", "examples/customers", "--sandbox"};
    const Ran coloured = run_cli(status, "", tty);
    EXPECT_EQ(coloured.code, 0) << coloured.err;
    EXPECT_NE(coloured.out.find("\033[32mACTIVE\033[0m"), std::string::npos) << coloured.out;
    const Ran drift = run_cli({"drift", "examples/customers", "--sandbox"}, "", tty);
    EXPECT_NE(drift.out.find("\033[1;31m!\033[0m "), std::string::npos) << drift.out;
    EXPECT_NE(drift.out.find("\033[33mDrift:\033[0m "), std::string::npos) << drift.out;
    EXPECT_EQ(run_cli({"drift", "examples/customers", "--sandbox", "--format", "markdown"}, "", tty).out.find('\033'),
              std::string::npos);
    EXPECT_EQ(run_cli({"status", "examples/customers", "--sandbox", "--format", "json"}, "", tty).out.find('\033'),
              std::string::npos);
    EXPECT_EQ(run_cli({"validate", "examples/customers"}, "", tty).out.rfind("\033[32mValid:\033[0m ", 0), 0u);
    const Ran piped = run_cli(status);  // not a terminal
    EXPECT_EQ(piped.out.find('\033'), std::string::npos) << piped.out;
    EXPECT_EQ(without_colour(coloured.out), piped.out);
    EXPECT_EQ(run_cli({"status", "examples/customers", "--sandbox", "--no-color"}, "", tty).out, piped.out);
    ::setenv("TERM", "dumb", 1);
    EXPECT_EQ(run_cli(status, "", tty).out, piped.out);
    ::setenv("TERM", "xterm", 1);
    const Ran applied = run_cli({"apply", "examples/customers", "--sandbox", "--auto-approve"}, "", tty);
    EXPECT_EQ(applied.code, 0) << applied.err;
    EXPECT_NE(applied.out.find("\033[32mApply complete:\033[0m "), std::string::npos) << applied.out;
    ::setenv("NO_COLOR", "1", 1);
    EXPECT_EQ(run_cli(status, "", tty).out.find('\033'), std::string::npos);
    EXPECT_EQ(run_cli({"apply", "examples/customers", "--sandbox", "--auto-approve"}, "", tty).out,
              "No changes. FortiFlex already matches the manifests.\n");
    if (saved_term.empty()) {
        ::unsetenv("TERM");
    } else {
        ::setenv("TERM", saved_term.c_str(), 1);
    }
}

TEST_F(Cli, ShowRendersASavedPlanOffline) {
    const Ran saved = run_cli({"plan", "examples/customers", "--sandbox", "--out", "plan.json"});
    ASSERT_EQ(saved.code, 0) << saved.err;
    const Ran shown = run_cli({"show", "plan.json", "--format", "markdown"});
    EXPECT_EQ(shown.code, 0) << shown.err;
    EXPECT_EQ(shown.out.rfind("<!-- flexform-plan -->", 0), 0u);
    EXPECT_NE(shown.out.find("plan digest `"), std::string::npos);
    std::ifstream file("plan.json");
    const auto saved_plan = nlohmann::json::parse(file);
    const std::string made = "Plan made " + saved_plan["created_at"].get<std::string>() + ", digest " +
                             saved_plan["plan_digest"].get<std::string>();
    EXPECT_NE(shown.out.find("\n> " + made + "\n\n"), std::string::npos) << shown.out;
    const Ran text = run_cli({"show", "plan.json"});
    EXPECT_NE(text.out.find("unsigned and unverified"), std::string::npos);
    EXPECT_NE(text.out.find(".\n\n" + made + "\nflexform plan for program "), std::string::npos) << text.out;
    const Ran missing = run_cli({"show"});
    EXPECT_EQ(missing.code, 1);
}

TEST_F(Cli, DiscoverRedirectedWritesOnlyTheProjectFileWithEveryProgramItSees) {
    const Ran several = run_cli({"discover", "--sandbox"});
    ASSERT_EQ(several.code, 0) << several.err;
    EXPECT_EQ(several.out.rfind("apiVersion: flexform/v1\nkind: Project\nspec:\n  programs:\n"
                                "    - name: prepaid\n      serialNumber: ELAVMR0000004712   # prepaid, ",
                                0),
              0u)
        << several.out;
    EXPECT_NE(several.out.find("    - name: postpaid\n      serialNumber: ELAVMS0000004711   # postpaid, "),
              std::string::npos)
        << several.out;
    EXPECT_NE(several.out.find("      default: true"), std::string::npos) << several.out;
    EXPECT_EQ(several.out.find("Program "), std::string::npos) << several.out;
    const Ran chosen = run_cli({"discover", "--sandbox", "--program", "ELAVMS0000004711"});
    ASSERT_EQ(chosen.code, 0) << chosen.err;
    EXPECT_EQ(chosen.out.rfind("apiVersion: flexform/v1\nkind: Project\nspec:\n"
                               "  programSerialNumber: ELAVMS0000004711   # postpaid, ",
                               0),
              0u)
        << chosen.out;
    EXPECT_EQ(chosen.out.find("Program "), std::string::npos) << chosen.out;
    const Ran unknown = run_cli({"discover", "--sandbox", "--program", "ELAVMS0000000009"});
    EXPECT_EQ(unknown.code, 1);
    EXPECT_NE(unknown.err.find("--program ELAVMS0000000009 is not a program this API user sees"), std::string::npos);
}

TEST_F(Cli, DiscoverWriteSavesAFileTheOtherVerbsLoadAndNeverOverwritesOne) {
    const Ran wrote = run_cli({"discover", "--sandbox", "--program", "ELAVMS0000004711", "--write"});
    ASSERT_EQ(wrote.code, 0) << wrote.err;
    EXPECT_NE(wrote.out.find("Wrote flexform.yaml for program ELAVMS0000004711. Next: flexform import --all --out "
                             "customers\n"),
              std::string::npos)
        << wrote.out;
    std::ofstream("acme.yaml") << "apiVersion: flexform/v1\nkind: Customer\nmetadata: {name: acme, accountId: 100}\n"
                                  "spec:\n  configs:\n    - name: acme-edr\n      product: FORTIEDR\n"
                                  "      parameters: {service_pkg: FEDRPDR}\n      cloud: {}\n";
    const Ran valid = run_cli({"validate", "acme.yaml"});
    EXPECT_EQ(valid.code, 0) << valid.err;
    const Ran again = run_cli({"discover", "--sandbox", "--program", "ELAVMS0000004711", "--write"});
    EXPECT_EQ(again.code, 1);
    EXPECT_NE(again.err.find("flexform.yaml exists here; remove it first"), std::string::npos) << again.err;
}

TEST_F(Cli, DiscoverOnATerminalListsAccountsAndShowsAFileWithEveryProgram) {
    const Ran shown = run_cli({"discover", "--sandbox"}, "", Terminal{true, true});
    ASSERT_EQ(shown.code, 0) << shown.err;
    EXPECT_EQ(shown.err.find("Which one"), std::string::npos) << shown.err;  // nothing asked
    EXPECT_NE(shown.out.find("  account 1000000 (owner): no configurations\n"), std::string::npos) << shown.out;
    EXPECT_NE(shown.out.find("\n# flexform.yaml (save it with flexform discover --write"), std::string::npos);
    EXPECT_NE(shown.out.find("      serialNumber: ELAVMS0000004711   # postpaid"), std::string::npos) << shown.out;
    // Written, the file is one the other verbs load: both programs, the postpaid one the default.
    const Ran wrote = run_cli({"discover", "--sandbox", "--write"});
    ASSERT_EQ(wrote.code, 0) << wrote.err;
    EXPECT_NE(wrote.out.find("Wrote flexform.yaml for programs prepaid (ELAVMR0000004712), postpaid "
                             "(ELAVMS0000004711, the default). Next: flexform import --all --out customers\n"),
              std::string::npos)
        << wrote.out;
    std::ofstream("acme.yaml") << "apiVersion: flexform/v1\nkind: Customer\nmetadata: {name: acme, accountId: 100}\n"
                                  "spec:\n  program: prepaid\n  configs:\n    - name: acme-edr\n      product: FORTIEDR\n"
                                  "      parameters: {service_pkg: FEDRPDR}\n      cloud: {}\n";
    const Ran valid = run_cli({"validate", "acme.yaml"});
    EXPECT_EQ(valid.code, 0) << valid.err << valid.out;
}

// From a repository root with the project under examples/, `program` (given no path) reads the manifests below, and
// so the project file there: the commitment is compared, not silently absent.
TEST_F(Cli, ProgramFromARepositoryRootFindsTheOnlyProjectFileBelow) {
    const Ran r = run_cli({"program", "--sandbox", "--format", "json"});
    EXPECT_EQ(r.code, 2) << r.err;
    EXPECT_EQ(nlohmann::json::parse(r.out)["commitment"], 50000.0) << r.out;
    fs::create_directories("other");
    fs::copy_file("examples/flexform.yaml", "other/flexform.yaml");
    const Ran two = run_cli({"program", "--sandbox"});
    EXPECT_EQ(two.code, 1);
    EXPECT_NE(two.err.find("flexform program: no flexform.yaml here, and several below (examples/flexform.yaml, "
                           "other/flexform.yaml): pass the manifests' directory, or --config FILE"),
              std::string::npos)
        << two.err;
}

// `| jq` and line-based tools need the final newline, in every verb that prints JSON.
TEST_F(Cli, EveryJsonOutputEndsInANewline) {
    const std::vector<std::vector<std::string>> verbs{
        {"validate", "examples/customers", "--format", "json"},
        {"plan", "examples/customers", "--format", "json"},
        {"drift", "examples/customers", "--format", "json"},
        {"status", "examples/customers", "--format", "json"},
        {"program", "examples/customers", "--format", "json"},
        {"tokens", "examples/customers", "--format", "json"},
        {"discover", "--format", "json"},
        {"consumption", "report", "--live", "--days", "2", "--format", "json", "examples/customers"},
    };
    for (auto args : verbs) {
        args.push_back("--sandbox");
        const Ran r = run_cli(args);
        ASSERT_FALSE(r.out.empty()) << args[0] << ": " << r.err;
        EXPECT_EQ(r.out.back(), '\n') << args[0];
        EXPECT_TRUE(nlohmann::json::accept(r.out)) << args[0];
    }
}

// README's command synopsis against the flags each verb really has (its --help): every verb, flag, format value and
// PATH argument that exists is listed, so the synopsis cannot fall behind the code.
std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        out.push_back(line);
    }
    return out;
}

// The synopsis entry of each verb: its "flexform VERB ..." line and the indented lines under it.
std::map<std::string, std::string> readme_synopsis() {
    std::ifstream file(fs::path(FLEXFORM_SOURCE_DIR) / "README.md");
    const std::string readme((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    const std::size_t start = readme.find("## Commands\n\n```\n");
    const std::size_t end = readme.find("```\n", start + 17);
    std::map<std::string, std::string> entries;
    std::string verb;
    for (const auto& line : lines_of(readme.substr(start, end - start))) {
        if (line.starts_with("flexform ")) {
            std::istringstream words(line.substr(9));
            std::string first;
            std::string second;
            words >> first >> second;
            verb = first == "consumption" ? first + " " + second : first;
        }
        if (!verb.empty()) {
            entries[verb] += line + "\n";
        }
    }
    return entries;
}

std::vector<std::string> subcommands_of(const std::string& help) {
    std::vector<std::string> out;
    bool in_section = false;
    for (const auto& line : lines_of(help)) {
        if (line == "Subcommands:") {
            in_section = true;
        } else if (in_section && line.starts_with("  ") && line.size() > 2 && line[2] != ' ') {
            out.push_back(line.substr(2, line.find(' ', 2) - 2));
        } else if (in_section && line.empty()) {
            in_section = false;
        }
    }
    return out;
}

TEST_F(Cli, TheReadmeSynopsisListsEveryVerbFlagFormatAndPathArgument) {
    const std::map<std::string, std::string> synopsis = readme_synopsis();
    std::vector<std::string> verbs;
    for (const auto& verb : subcommands_of(run_cli({"--help"}).out)) {
        if (verb == "consumption") {
            for (const auto& sub : subcommands_of(run_cli({"consumption", "--help"}).out)) {
                verbs.push_back("consumption " + sub);
            }
        } else {
            verbs.push_back(verb);
        }
    }
    ASSERT_GE(verbs.size(), 16u);
    for (const auto& verb : verbs) {
        const auto entry = synopsis.find(verb);
        ASSERT_NE(entry, synopsis.end()) << "README's synopsis lacks flexform " << verb;
        std::vector<std::string> args;
        std::istringstream words(verb);
        for (std::string w; words >> w;) {
            args.push_back(w);
        }
        args.push_back("--help");
        const std::string help = run_cli(args).out;
        bool positionals = false;
        for (const auto& line : lines_of(help)) {
            positionals = line == "Positionals:" || (positionals && !line.empty());
            if (positionals && line.starts_with("  ") && line[2] != ' ') {
                const std::string name = line.substr(2, line.find(' ', 2) - 2);
                const std::string shown = name == "paths"           ? "PATH..."
                                          : name == "planfile"      ? "PLANFILE"
                                          : name == "plan_or_paths" ? "PLANFILE | PATH..."
                                                                    : name;
                EXPECT_NE(entry->second.find(shown), std::string::npos)
                    << "flexform " << verb << " takes " << name << "; README says:\n" << entry->second;
            }
            const std::size_t flag = line.find("--");
            if (!line.starts_with("  ") || flag == std::string::npos || flag > 5 || line.find("--help") != std::string::npos) {
                continue;
            }
            const std::string name = line.substr(flag, line.find_first_of(" =", flag) - flag);
            EXPECT_NE(entry->second.find(name), std::string::npos)
                << "flexform " << verb << " has " << name << "; README says:\n" << entry->second;
            const std::size_t values = line.find(":{");
            if (values != std::string::npos) {
                std::istringstream list(line.substr(values + 2, line.find('}', values) - values - 2));
                for (std::string value; std::getline(list, value, ',');) {
                    EXPECT_NE(entry->second.find(value), std::string::npos)
                        << "flexform " << verb << " " << name << " takes " << value << "; README says:\n"
                        << entry->second;
                }
            }
        }
    }
}

}  // namespace
}  // namespace flexform::cli

// The Project document (flexform.yaml): what is not per customer. Parsed on its own, so commands that need only
// the project settings never read customer manifests.
#include <algorithm>
#include <regex>

#include "engine/manifest/customer_parser.h"
#include "engine/model/live.h"

namespace flexform {

namespace {

const std::vector<std::string> k_project_spec_keys = {
    "programSerialNumber", "apiUrl",          "authUrl",             "database",  "yearlyCommitment",
    "parallelism",         "requestsPerMinute", "requestsPerHour",     "readShare", "createErrorsPerHour",
    "caBundle",            "billing",           "policies",            "overrides",           "lock",
    "lockDir",             "requestTimeoutSeconds", "settleSeconds", "programs"};

const std::vector<std::string> k_program_keys = {"name",     "serialNumber", "default",           "yearlyCommitment",
                                                 "billing",  "policies",     "overrides",         "requestsPerMinute",
                                                 "requestsPerHour"};

// An integer setting within [low, high], or an error at its line.
std::optional<int> bounded(const YAML::Node& spec, NodeReader& reader, const char* key, long long low, long long high) {
    const auto value = reader.integer(spec, key, "spec", false);
    if (!value) {
        return std::nullopt;
    }
    if (*value < low || *value > high) {
        reader.error(NodeReader::child(spec, key), std::string("spec.") + key,
                     std::to_string(*value) + " is outside " + std::to_string(low) + "-" + std::to_string(high));
        return std::nullopt;
    }
    return static_cast<int>(*value);
}

// metadata.name: one line of plain text a page title can carry.
std::optional<std::string> project_name(const YAML::Node& metadata, NodeReader& reader) {
    constexpr std::size_t k_max_project_name_length = 64;
    auto name = reader.text(metadata, "name", "metadata", false);
    if (!name) {
        return std::nullopt;
    }
    const YAML::Node at = NodeReader::child(metadata, "name");
    if (name->empty()) {
        reader.error(at, "metadata.name", "must not be empty");
        return std::nullopt;
    }
    if (!reader.check_plain(at, "metadata.name", *name, std::string::npos)) {
        return std::nullopt;
    }
    if (const std::size_t length = utf8_length(*name); length > k_max_project_name_length) {
        reader.error(at, "metadata.name",
                     quoted_excerpt(*name) + " is too long (" + std::to_string(length) + " characters); at most " +
                         std::to_string(k_max_project_name_length));
        return std::nullopt;
    }
    return name;
}

// A window of the request budget: a count, 0 turning it off.
std::optional<int> budget_limit(const YAML::Node& spec, NodeReader& reader, const char* key,
                                const std::string& prefix = "spec") {
    const auto value = reader.integer(spec, key, prefix, false);
    if (!value) {
        return std::nullopt;
    }
    if (*value < 0 || *value > 100000) {
        reader.error(NodeReader::child(spec, key), prefix + "." + key,
                     std::to_string(*value) + " is outside 0-100000 (0 turns it off)");
        return std::nullopt;
    }
    return static_cast<int>(*value);
}

// The fraction of the budget read-only commands may fill, in (0, 1].
std::optional<double> read_share(const YAML::Node& spec, NodeReader& reader) {
    const auto text = reader.text(spec, "readShare", "spec", false);
    if (!text) {
        return std::nullopt;
    }
    static const std::regex k_fraction(R"([01]?(\.[0-9]+)?)");
    const bool fraction = !text->empty() && *text != "." && std::regex_match(*text, k_fraction);
    const double share = fraction ? std::stod(*text) : 0.0;
    if (share <= 0.0 || share > 1.0) {
        reader.error(NodeReader::child(spec, "readShare"), "spec.readShare",
                     quoted_excerpt(*text) + " is not a fraction above 0 and at most 1 (0.5: half the budget)");
        return std::nullopt;
    }
    return share;
}

bool valid_program_serial(const std::string& serial) {
    static const std::regex k_serial("ELAVM[RS][0-9]{10}");
    return std::regex_match(serial, k_serial);
}

std::optional<double> commitment(const YAML::Node& map, NodeReader& reader, const std::string& prefix) {
    const auto value = reader.integer(map, "yearlyCommitment", prefix, false);
    if (!value) {
        return std::nullopt;
    }
    if (*value < 0) {
        reader.error(NodeReader::child(map, "yearlyCommitment"), prefix + ".yearlyCommitment",
                     std::to_string(*value) + " is below the minimum 0");
    }
    return static_cast<double>(*value);
}

// One entry of spec.programs; the project-wide policies, overrides and billing are its defaults.
std::optional<ProgramSettings> parse_program(const YAML::Node& node, const std::string& path, NodeReader& reader,
                                             const ManifestOptions& options, const ProjectSettings& project) {
    if (!reader.check_map(node, path, k_program_keys)) {
        return std::nullopt;
    }
    ProgramSettings program;
    program.pos = reader.pos(node);
    const auto name = reader.text(node, "name", path, true);
    const auto serial = reader.text(node, "serialNumber", path, true);
    if (!name || !serial) {
        return std::nullopt;
    }
    static const std::regex k_name("[a-z][a-z0-9-]{0,23}");
    program.pos = reader.pos(NodeReader::child(node, "name"));
    if (!std::regex_match(*name, k_name)) {
        reader.error(NodeReader::child(node, "name"), path + ".name",
                     quoted_excerpt(*name) +
                         " is not a program name (a lowercase letter, then up to 23 lowercase letters, digits or "
                         "'-': \"postpaid\", \"prepaid-eu\")");
        return std::nullopt;
    }
    if (!valid_program_serial(*serial)) {
        reader.error(NodeReader::child(node, "serialNumber"), path + ".serialNumber",
                     quoted_excerpt(*serial) + " is not a FortiFlex program serial (ELAVMR or ELAVMS followed by 10 digits)");
        return std::nullopt;
    }
    program.name = *name;
    program.serial = *serial;
    program.is_default = reader.boolean(node, "default", path).value_or(false);
    program.yearly_commitment = commitment(node, reader, path);
    if (program.yearly_commitment && is_prepaid_program(program.serial)) {
        reader.error(NodeReader::child(node, "yearlyCommitment"), path + ".yearlyCommitment",
                     "a prepaid program (" + program.serial +
                         ") has a balance, not a yearly commitment: use policies.minRunwayDays or maxBalanceShare");
    }
    program.billing = parse_project_billing(node, reader, path);
    if (!program.billing) {
        program.billing = project.billing;
    }
    program.policies = parse_policies(node, reader, path);
    if (!program.policies.any()) {
        program.policies = project.policies;
    }
    program.overrides = parse_waivers(node, reader, true, options.today, path);
    program.overrides.insert(program.overrides.end(), project.overrides.begin(), project.overrides.end());
    program.requests_per_minute = budget_limit(node, reader, "requestsPerMinute", path);
    program.requests_per_hour = budget_limit(node, reader, "requestsPerHour", path);
    return program;
}

// spec.programs: the programs of the project, names and serials unique, one of them the default.
void parse_programs(const YAML::Node& spec, NodeReader& reader, const ManifestOptions& options, ProjectSettings& p) {
    const YAML::Node node = NodeReader::child(spec, "programs");
    if (!NodeReader::present(node)) {
        return;
    }
    if (!node.IsSequence() || node.size() == 0) {
        reader.error(node, "spec.programs", "expected a list of programs (name, serialNumber), got " + describe_node(node));
        return;
    }
    if (p.program_serial) {
        reader.error(NodeReader::child(spec, "programSerialNumber"), "spec.programSerialNumber",
                     "with spec.programs, each program's serialNumber is given there: remove this key");
    }
    if (p.yearly_commitment) {
        reader.error(NodeReader::child(spec, "yearlyCommitment"), "spec.yearlyCommitment",
                     "with spec.programs, a commitment belongs to its program: spec.programs[N].yearlyCommitment");
    }
    std::size_t index = 0;
    for (const auto& item : node) {
        const std::string path = index_path("spec.programs", index++);
        auto program = parse_program(item, path, reader, options, p);
        if (!program) {
            continue;
        }
        const auto same = std::find_if(p.programs.begin(), p.programs.end(), [&](const ProgramSettings& other) {
            return other.name == program->name || other.serial == program->serial;
        });
        if (same != p.programs.end()) {
            reader.error(item, path,
                         (same->name == program->name ? "program name \"" + program->name + "\" is also given"
                                                      : "program " + program->serial + " is also listed") +
                             std::string(" at line ") + std::to_string(same->pos.line));
            continue;
        }
        p.programs.push_back(std::move(*program));
    }
    const auto defaults = std::count_if(p.programs.begin(), p.programs.end(), [](const auto& q) { return q.is_default; });
    if (p.programs.size() == 1) {
        p.programs.front().is_default = true;
    } else if (defaults != 1 && p.programs.size() == index) {
        reader.error(node, "spec.programs",
                     defaults == 0 ? "several programs and none is the default: set `default: true` on the one billing "
                                     "configs that name no program"
                                   : "more than one program says `default: true`");
    }
}

}  // namespace

void parse_project(const YAML::Node& doc, NodeReader& reader, const ManifestOptions& options, DesiredState& state) {
    reader.check_map(doc, "", {"apiVersion", "kind", "metadata", "spec"});
    if (!state.project.file.empty()) {
        reader.error(doc, "kind", "a second Project document (the first is in " + state.project.file + ")");
        return;
    }
    state.project.file = reader.file();
    const YAML::Node metadata = NodeReader::child(doc, "metadata");
    if (NodeReader::present(metadata)) {
        reader.check_map(metadata, "metadata", {"name"});
        state.project.name = project_name(metadata, reader);
    }
    const YAML::Node spec = NodeReader::child(doc, "spec");
    if (!NodeReader::present(spec)) {
        reader.error(doc, "spec", "required key is missing");
        return;
    }
    if (!reader.check_map(spec, "spec", k_project_spec_keys)) {
        return;
    }
    ProjectSettings& p = state.project;
    p.program_serial = reader.text(spec, "programSerialNumber", "spec", false);
    if (p.program_serial) {
        if (!valid_program_serial(*p.program_serial)) {
            reader.error(NodeReader::child(spec, "programSerialNumber"), "spec.programSerialNumber",
                         quoted_excerpt(*p.program_serial) +
                             " is not a FortiFlex program serial (ELAVMR or ELAVMS followed by 10 digits)");
        }
    }
    p.api_url = reader.text(spec, "apiUrl", "spec", false);
    p.auth_url = reader.text(spec, "authUrl", "spec", false);
    p.database = reader.text(spec, "database", "spec", false);
    p.yearly_commitment = commitment(spec, reader, "spec");
    if (const auto parallelism = reader.integer(spec, "parallelism", "spec", false)) {
        if (*parallelism < 1 || *parallelism > 64) {
            reader.error(NodeReader::child(spec, "parallelism"), "spec.parallelism",
                         std::to_string(*parallelism) + " is outside 1-64");
        } else {
            p.parallelism = static_cast<int>(*parallelism);
        }
    }
    p.requests_per_minute = budget_limit(spec, reader, "requestsPerMinute");
    p.requests_per_hour = budget_limit(spec, reader, "requestsPerHour");
    p.create_errors_per_hour = budget_limit(spec, reader, "createErrorsPerHour");
    p.read_share = read_share(spec, reader);
    p.request_timeout_seconds = bounded(spec, reader, "requestTimeoutSeconds", 1, 3600);
    p.settle_seconds = bounded(spec, reader, "settleSeconds", 0, 3600);
    p.ca_bundle = reader.text(spec, "caBundle", "spec", false);
    if (const auto lock = reader.text(spec, "lock", "spec", false)) {
        if (*lock != "host" && *lock != "shared") {
            reader.error(NodeReader::child(spec, "lock"), "spec.lock", "\"" + *lock + "\" is not host or shared");
        }
        p.shared_lock = *lock == "shared";
    }
    p.lock_dir = reader.text(spec, "lockDir", "spec", false);
    if (p.lock_dir && p.lock_dir->empty()) {
        reader.error(NodeReader::child(spec, "lockDir"), "spec.lockDir", "must not be empty");
        p.lock_dir.reset();
    }
    p.billing = parse_project_billing(spec, reader);
    p.policies = parse_policies(spec, reader);
    p.overrides = parse_waivers(spec, reader, true, options.today);
    parse_programs(spec, reader, options, p);
}

}  // namespace flexform

// flexform discover: the programs and accounts this API user can see, and a flexform.yaml to start from.
#include <map>
#include <memory>
#include <ostream>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/context.h"
#include "cli/errors.h"
#include "cli/session.h"
#include "engine/model/words.h"

namespace flexform::cli {

namespace {

struct DiscoverOptions {
    std::string format = "text";
};

int run_discover(const DiscoverOptions& options, CommandContext& context) {
    auto session = open_session(context, {});
    Provider& provider = session->provider();  // discovery works before any program is configured
    const auto programs = provider.list_programs();
    nlohmann::json out = nlohmann::json::array();
    std::string snippet_program;
    for (const auto& p : programs) {
        std::map<std::int64_t, int> accounts;
        for (const auto& c : provider.list_configs(p.serial, std::nullopt)) {
            ++accounts[c.account_id];
        }
        nlohmann::json account_list = nlohmann::json::array();
        for (const auto& [id, configs] : accounts) {
            account_list.push_back({{"account_id", id}, {"configs", configs}});
        }
        out.push_back({{"serial_number", p.serial},
                       {"type", p.prepaid ? "prepaid" : "postpaid"},
                       {"account_id", p.account_id},
                       {"start_date", p.start ? to_string(*p.start) : ""},
                       {"end_date", p.end ? to_string(*p.end) : ""},
                       {"accounts", account_list}});
        if (snippet_program.empty() || !p.prepaid) {
            snippet_program = p.serial;  // MSSPs bill customers from the postpaid program
        }
    }
    if (options.format == "json") {
        context.out << nlohmann::json{{"programs", out}}.dump(2) << "\n";
        return k_exit_ok;
    }
    for (const auto& p : out) {
        context.out << "Program " << p["serial_number"].get<std::string>() << " (" << p["type"].get<std::string>()
                    << "), " << p["start_date"].get<std::string>() << " to " << p["end_date"].get<std::string>()
                    << ", owner account " << p["account_id"] << "\n";
        for (const auto& a : p["accounts"]) {
            const int configs = a["configs"].get<int>();
            context.out << "  account " << a["account_id"] << ": " << count_of(configs, "configuration", "configurations")
                        << "\n";
        }
    }
    context.out << "\n# flexform.yaml\napiVersion: flexform/v1\nkind: Project\nspec:\n  programSerialNumber: "
                << (snippet_program.empty() ? "ELAVMS0000000000" : snippet_program)
                << "\n  # yearlyCommitment: 50000   # the points per year agreed with Fortinet, if any\n"
                << "  parallelism: 8\n  requestsPerMinute: 90\n  database: .flexform/consumption.db\n"
                << "# Next: flexform import --all --out customers\n";
    return k_exit_ok;
}

}  // namespace

void add_discover_command(CLI::App& app, CommandContext& context) {
    auto options = std::make_shared<DiscoverOptions>();
    CLI::App* cmd =
        app.add_subcommand("discover", "Programs and accounts the API user can see, and a flexform.yaml snippet");
    cmd->add_option("--format", options->format, "Output format")->check(CLI::IsMember({"text", "json"}));
    cmd->callback(
        [options, &context] { run_verb(context, "discover", [&] { return run_discover(*options, context); }); });
}

}  // namespace flexform::cli

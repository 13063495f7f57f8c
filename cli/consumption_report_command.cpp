// flexform consumption report and invoice: the CLI side (flags, manifests, output); the figures come from the use
// cases in engine/usecases.
#include <filesystem>
#include <ostream>

#include "cli/consumption_commands.h"
#include "cli/errors.h"
#include "cli/manifests.h"
#include "cli/max_age.h"
#include "cli/plan_support.h"
#include "cli/session.h"
#include "engine/model/programs.h"
#include "engine/render/reports.h"
#include "engine/usecases/consumption_use_case.h"
#include "engine/usecases/day_selection.h"
#include "engine/usecases/invoice_use_case.h"

namespace flexform::cli {

namespace {

std::string render(const ConsumptionReport& report, const std::string& format, bool color) {
    if (format == "csv") {
        return render_consumption_csv(report);
    }
    if (format == "json") {
        return render_consumption_json(report);
    }
    if (format == "markdown") {
        return render_consumption_markdown(report);
    }
    if (format == "html") {
        return render_consumption_html(report);
    }
    return render_consumption_table(report, color);
}

}  // namespace

int run_report(const ReportCommandOptions& options, CommandContext& context) {
    const std::optional<std::int64_t> max_age = parse_max_age(options.max_age);
    auto session = open_session(context, options.paths);
    const Date today = session->clock().today();
    const DayRange range = report_range({options.month, options.days, options.from, options.to}, today);
    closed_range(range.first, range.last, today);  // refuse before reading anything
    ReportRequest request;
    request.from = range.first;
    request.to = range.last;
    const ReportGrouping grouping = parse_grouping(options.by).value_or(ReportGrouping::customer);
    request.grouping = grouping;
    if (!options.serial.empty()) {
        request.serial = options.serial;
    }
    request.account_id = options.account;
    request.with_daily_series = options.format == "html";
    request.parallelism = session->parallelism();
    request.generated_at = session->clock().utc_timestamp();
    const LoadResult manifests = load_desired(context, *session, options.paths, false);
    request.customer_names = manifests.state.customer_names();
    request.offers = index_offers(manifests.state);
    if (request.serial) {
        request.serial_declared_account = manifests.state.account_declaring(*request.serial);
    }
    // A report from the store reads no live state; a live one may take its accounts from a snapshot.
    const auto one_program = [&] {
        request.program = session->program();
        const SnapshotAccess snapshots = options.live ? session->snapshots(max_age) : SnapshotAccess{};
        return options.live
                   ? report_from_live(session->provider(), session->store_if_present(), request, today, snapshots)
                   : report_from_store(session->store(true), request, today);
    };
    // Several programs (or --by program): each program's report, then one report of them all.
    const std::vector<ProgramSettings> scope = session->programs_in_scope();
    ConsumptionReport report;
    if (scope.size() > 1 || grouping == ReportGrouping::program) {
        std::vector<ProgramReportPart> parts;
        for (const ProgramSettings& program : scope) {
            session->select_program(program);
            parts.push_back({program.name, program.serial, one_program()});
        }
        report = across_programs(parts, grouping);
    } else {
        report = one_program();
    }
    context.out << render(report, options.format, use_color(context));
    if (context.global.verbose) {
        context.err << "consumption report: " << report.requests << " API requests\n";
    }
    if (options.save) {
        std::string stamp = report.generated_at;
        std::erase(stamp, ':');
        const std::string file = ".flexform/exports/consumption-" + stamp + ".json";
        std::filesystem::create_directories(".flexform/exports");
        write_file(file, [&](std::ostream& out) { out << render_consumption_json(report); });
        context.err << "saved " << file << "\n";
    }
    return k_exit_ok;
}

int run_invoice(const InvoiceCommandOptions& options, CommandContext& context) {
    auto session = open_session(context, options.paths);
    const std::vector<ProgramSettings> scope = session->programs_in_scope();
    InvoiceRequest request;
    request.month = month_flag("--month", options.month);
    request.today = session->clock().today();
    request.allow_incomplete = options.allow_incomplete;
    request.generated_at = session->clock().utc_timestamp();
    const LoadResult manifests = load_desired(context, *session, options.paths, false);
    const auto one_program = [&](const DesiredState& desired, const std::optional<std::string>& customer) {
        request.program = session->program();
        request.customer = customer;
        request.customers.clear();
        request.former_customers.clear();
        for (const auto& c : desired.customers) {
            request.customers.push_back({c.name, c.account_id, c.billing});
        }
        // A customer another program bills now keeps its name and terms for its history in this one.
        for (const auto& c : manifests.state.customers) {
            if (!desired.find_customer(c.name)) {
                request.former_customers.push_back({c.name, c.account_id, c.billing});
            }
        }
        request.program_price = desired.project.billing;
        return invoice_from_store(session->store(true), request);
    };
    Invoice invoice;
    if (scope.size() > 1) {
        // Each program's lines priced at its own price per point, for the customers it bills or billed.
        // --customer: the programs that bill that customer, and those holding its history from before a move.
        std::vector<ProgramInvoice> parts;
        for (const ProgramSettings& program : scope) {
            session->select_program(program);
            const DesiredState desired = desired_for_program(manifests.state, session->programs(), program);
            if (!options.customer || desired.find_customer(*options.customer)) {
                parts.push_back({program.name, one_program(desired, options.customer)});
            } else if (manifests.state.find_customer(*options.customer)) {
                if (auto history = invoice_for_customer(one_program(desired, std::nullopt), *options.customer)) {
                    parts.push_back({program.name, std::move(*history)});
                }
            }
        }
        if (parts.empty()) {  // a name no manifest declares: the first program refuses it
            session->select_program(scope.front());
            one_program(desired_for_program(manifests.state, session->programs(), scope.front()), options.customer);
        }
        invoice = invoice_across_programs(parts);
    } else if (manifests.state.project.programs.empty()) {
        invoice = one_program(manifests.state, options.customer);
    } else {
        invoice = one_program(desired_for_program(manifests.state, session->programs(), scope.front()),
                              options.customer);
    }
    const std::string text = options.format == "csv"    ? render_invoice_csv(invoice)
                             : options.format == "json" ? render_invoice_json(invoice)
                             : options.format == "html" ? render_invoice_html(invoice)
                                                        : render_invoice_markdown(invoice);
    if (options.output.empty()) {
        context.out << text;
    } else {
        write_file(options.output, [&](std::ostream& out) { out << text; });
        context.err << "wrote " << options.output << "\n";
    }
    context.err << render_invoice_warning(invoice);
    return k_exit_ok;
}

}  // namespace flexform::cli

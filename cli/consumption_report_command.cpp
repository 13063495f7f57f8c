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
    request.program = session->program();
    request.from = range.first;
    request.to = range.last;
    request.grouping = parse_grouping(options.by).value_or(ReportGrouping::customer);
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
    const SnapshotAccess snapshots = options.live ? session->snapshots(max_age) : SnapshotAccess{};
    const ConsumptionReport report =
        options.live ? report_from_live(session->provider(), session->store_if_present(), request, today, snapshots)
                     : report_from_store(session->store(true), request, today);
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
    InvoiceRequest request;
    request.program = session->program();
    request.month = month_flag("--month", options.month);
    request.today = session->clock().today();
    request.allow_incomplete = options.allow_incomplete;
    request.generated_at = session->clock().utc_timestamp();
    request.customer = options.customer;
    const LoadResult manifests = load_desired(context, *session, options.paths, false);
    for (const auto& c : manifests.state.customers) {
        request.customers.push_back({c.name, c.account_id, c.billing});
    }
    request.program_price = manifests.state.project.billing;
    const Invoice invoice = invoice_from_store(session->store(true), request);
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

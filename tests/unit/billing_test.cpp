// Chargeback money and the month's invoice: exact decimal prices, half-up cents, lines that add up.
#include "engine/model/billing.h"

#include <gtest/gtest.h>

#include "engine/report/invoice.h"
#include "engine/render/reports.h"

namespace flexform {
namespace {

TEST(Money, ParsesPlainDecimalsExactly) {
    EXPECT_EQ(parse_micros("0.12"), 120000);
    EXPECT_EQ(parse_micros("0.125"), 125000);
    EXPECT_EQ(parse_micros("3"), 3000000);
    EXPECT_EQ(parse_micros("0.000001"), 1);
    EXPECT_EQ(parse_micros("12.5"), 12500000);
    for (const char* bad : {"", ".5", "5.", "-1", "1e3", "0.1234567", "1,5", "abc", "1.2.3", "2000000000"}) {
        EXPECT_EQ(parse_micros(bad), std::nullopt) << bad;
    }
}

TEST(Money, FormatsPricesAndCents) {
    EXPECT_EQ(format_micros(120000), "0.12");
    EXPECT_EQ(format_micros(125000), "0.125");
    EXPECT_EQ(format_micros(3000000), "3.00");
    EXPECT_EQ(format_micros(1), "0.000001");
    EXPECT_EQ(format_cents(1234), "12.34");
    EXPECT_EQ(format_cents(5), "0.05");
    EXPECT_EQ(format_cents(-5), "-0.05");
    EXPECT_EQ(format_cents(0), "0.00");
}

TEST(Money, AmountsRoundHalfUpToTheCent) {
    // 12.34 points at 0.125 = 1.5425 -> 1.54; 12.36 at 0.125 = 1.545 -> 1.55 (half up, not to even).
    EXPECT_EQ(amount_cents(1234, 125000), 154);
    EXPECT_EQ(amount_cents(1236, 125000), 155);
    EXPECT_EQ(amount_cents(0, 125000), 0);
    // No overflow at a billion points at a thousand per point.
    EXPECT_EQ(amount_cents(100'000'000'000, 1'000'000'000), 100'000'000'000'000);
    EXPECT_EQ(marked_up(100000, 25'000'000), 125000);  // 0.10 + 25%
    EXPECT_EQ(marked_up(100000, 12'500'000), 112500);  // 0.10 + 12.5%
    EXPECT_EQ(marked_up(333333, 10'000'000), 366666);  // 0.3666663 -> half up to the millionth
}

TEST(Money, UnitPriceOfACustomer) {
    const ProgramPrice program{100000, "USD", {}};
    BillingTerms own;
    own.price_micros = 120000;
    own.currency = "EUR";
    EXPECT_EQ(unit_price(own, program)->price_micros, 120000);
    EXPECT_EQ(unit_price(own, program)->currency, "EUR");
    BillingTerms markup;
    markup.markup_micros = 25'000'000;
    EXPECT_EQ(unit_price(markup, program)->price_micros, 125000);
    EXPECT_EQ(unit_price(markup, program)->currency, "USD");
    EXPECT_EQ(unit_price(markup, program)->basis, "program price 0.10 + 25%");
    EXPECT_EQ(unit_price(markup, std::nullopt), std::nullopt);
    EXPECT_EQ(unit_price(std::nullopt, program), std::nullopt);
    BillingTerms no_currency;
    no_currency.price_micros = 1;
    EXPECT_EQ(unit_price(no_currency, program)->currency, "USD");  // the project's
}

InvoiceInputs inputs() {
    InvoiceInputs in;
    in.program = "ELAVMS0000000001";
    in.month = {Date{2026, 11, 1}, Date{2026, 11, 30}};
    BillingTerms terms;
    terms.price_micros = 125000;
    terms.currency = "EUR";
    in.customers = {{"acme", 1, terms}, {"beta", 2, std::nullopt}, {"quiet", 3, terms}};
    in.serials = {
        {"A", 1, 10, 1234, 30, 30},                           // 1.5425 -> 1.54
        {"B", 1, 10, 1236, 30, 29},                           // 1.545 -> 1.55
        {"B", 1, 11, 100, 1, 1},                              // moved config on its last day
        {"C", 2, 20, 5000, 30, 30}, {"D", 9, {}, 700, 3, 3},  // an account no manifest declares
        {"E", 2, 20, 1, 1, 1},
    };
    in.account_active_days = {{1, 30}, {2, 30}, {9, 3}};
    in.config_names = {{10, "fgt"}, {11, "fgt-ent"}};
    return in;
}

TEST(Invoice, CustomerAmountsAreTheSumOfTheirDeviceLines) {
    const Invoice invoice = build_invoice(inputs());
    ASSERT_EQ(invoice.customers.size(), 4u);
    const InvoiceCustomer& acme = invoice.customers[0];
    EXPECT_EQ(acme.name, "acme");
    ASSERT_EQ(acme.devices.size(), 2u);
    EXPECT_EQ(acme.devices[0].serial, "B");  // the most points first
    EXPECT_EQ(acme.devices[0].centipoints, 1336);
    EXPECT_EQ(acme.devices[0].active_days, 30);
    EXPECT_EQ(acme.devices[0].configuration, "fgt, fgt-ent");
    EXPECT_EQ(acme.devices[0].amount_cents, 167);  // 13.36 x 0.125 = 1.67
    EXPECT_EQ(acme.devices[1].amount_cents, 154);
    EXPECT_EQ(acme.amount_cents, 321);
    EXPECT_EQ(acme.centipoints, 2570);
    EXPECT_EQ(acme.active_days, 30);
    EXPECT_EQ(invoice.amount_cents_by_currency.at("EUR"), 321);
    // Without terms: points only. Declared without consumption: a zero line. Undeclared: named by its account.
    EXPECT_EQ(invoice.customers[1].name, "beta");
    EXPECT_FALSE(invoice.customers[1].amount_cents);
    EXPECT_EQ(invoice.customers[1].centipoints, 5001);
    EXPECT_EQ(invoice.customers[2].name, "quiet");
    EXPECT_EQ(invoice.customers[2].amount_cents, 0);
    EXPECT_EQ(invoice.customers[3].name, "account 9");
    EXPECT_FALSE(invoice.customers[3].declared);
    EXPECT_EQ(invoice.customers[3].devices[0].configuration, "");
    EXPECT_EQ(invoice.centipoints, 1234 + 1236 + 100 + 5000 + 700 + 1);
}

TEST(Invoice, SaysWhichDaysItLacks) {
    InvoiceInputs in = inputs();
    EXPECT_TRUE(build_invoice(in).complete());
    in.missing_days = {Date{2026, 11, 12}};
    const Invoice invoice = build_invoice(in);
    EXPECT_FALSE(invoice.complete());
    EXPECT_EQ(invoice.missing_days, in.missing_days);
}

TEST(Invoice, OneCustomersInvoiceCarriesOnlyItsOwnTotals) {
    const Invoice all = build_invoice(inputs());
    const auto acme = invoice_for_customer(all, "acme");
    ASSERT_TRUE(acme);
    EXPECT_EQ(acme->customer, "acme");
    ASSERT_EQ(acme->customers.size(), 1u);
    EXPECT_EQ(acme->centipoints, 2570);
    EXPECT_EQ(acme->amount_cents_by_currency, (std::map<std::string, std::int64_t>{{"EUR", 321}}));
    const auto beta = invoice_for_customer(all, "beta");  // no terms: points only, no amounts
    ASSERT_TRUE(beta);
    EXPECT_TRUE(beta->amount_cents_by_currency.empty());
    EXPECT_FALSE(invoice_for_customer(all, "account 9"));  // undeclared: nobody to send it to
    EXPECT_FALSE(invoice_for_customer(all, "nobody"));
}

Invoice acme_invoice() {
    InvoiceInputs in = inputs();
    in.serials[0].centipoints = 123456789;  // 1,234,567.89 points
    Invoice all = build_invoice(in);
    all.source = "SQLite consumption.db";
    all.generated_at = "2026-12-01T08:00:00Z";
    return *invoice_for_customer(all, "acme");
}

TEST(InvoiceRenderers, OneCustomersMarkdownIsADocumentToSendThem) {
    EXPECT_EQ(render_invoice_markdown(acme_invoice()),
              "## Invoice 2026-11: acme (account 1)\n\n"
              "Program ELAVMS0000000001, FortiFlex consumption from 2026-11-01 to 2026-11-30 (Pacific days). Unit "
              "price: 0.125 EUR per point (customer price).\n\n"
              "| Serial | Configuration | Points | Days active | Amount |\n|---|---|---:|---:|---:|\n"
              "| A | fgt | 1,234,567.89 | 30 | 154,320.99 |\n"
              "| B | fgt, fgt-ent | 13.36 | 30 | 1.67 |\n"
              "| **Total** | | **1,234,581.25** | **30** | **154,322.66 EUR** |\n\n"
              "From SQLite consumption.db, generated 2026-12-01T08:00:00Z. Amounts are rounded half up to the cent "
              "per device; a customer's amount is the sum of its devices.\n");
}

TEST(InvoiceRenderers, OneCustomersHtmlPrintsAsADocumentAndCsvAndJsonNameThem) {
    const Invoice acme = acme_invoice();
    const std::string html = render_invoice_html(acme);
    EXPECT_EQ(html.rfind("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Invoice 2026-11: acme "
                         "(account 1)</title>",
                         0),
              0u)
        << html;
    EXPECT_NE(html.find("@media print"), std::string::npos);
    EXPECT_NE(html.find("<tfoot><tr><th>Total</th><td></td><th class=\"n\">1,234,581.25</th><th class=\"n\">30</th>"
                        "<th class=\"n\">154,322.66 EUR</th></tr></tfoot>"),
              std::string::npos)
        << html;
    EXPECT_EQ(html.find("beta"), std::string::npos);
    EXPECT_EQ(render_invoice_csv(acme).find("beta"), std::string::npos);
    EXPECT_NE(render_invoice_json(acme).find("\"customer\": \"acme\""), std::string::npos);
}

}  // namespace
}  // namespace flexform

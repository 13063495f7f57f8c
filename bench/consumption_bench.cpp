// Consumption store throughput: a 90-day backfill of 50,000 entitlements (4.5 million rows) into SQLite, one
// transaction per day as `consumption pull` does, then a monthly per-customer report over it.
// Usage: consumption_bench [ENTITLEMENTS=50000] [DAYS=90] [DB=temp file]
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "engine/usecases/consumption_use_case.h"
#include "providers/store/store.h"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
    const int entitlements = argc > 1 ? std::atoi(argv[1]) : 50000;
    const int days = argc > 2 ? std::atoi(argv[2]) : 90;
    const std::string db =
        argc > 3 ? argv[3]
                 : (fs::temp_directory_path() / ("flexform-consumption-bench-" + std::to_string(::getpid()) + ".db"))
                       .string();
    if (db.rfind("postgres", 0) != 0) {
        fs::remove(db);
    }
    auto store = flexform::open_store(db);
    const std::string program = "ELAVMS0000000001";
    const flexform::Date first{2026, 8, 23};
    std::vector<flexform::ConsumptionRow> rows(static_cast<std::size_t>(entitlements));
    for (int i = 0; i < entitlements; ++i) {
        char serial[32];
        std::snprintf(serial, sizeof serial, "FGT60FTK2%07d", i);
        rows[static_cast<std::size_t>(i)] = {first,           serial,
                                             program,         3000000 + i / 50,
                                             100000 + i / 10, "config-" + std::to_string(i / 10),
                                             270 + i % 500,   "2026-11-21T14:00:00Z"};
    }
    const auto start = std::chrono::steady_clock::now();
    for (int d = 0; d < days; ++d) {
        const flexform::Date day = flexform::add_days(first, d);
        for (auto& r : rows) {
            r.day = day;
        }
        store->replace_day(program, day, rows);
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double total_rows = static_cast<double>(entitlements) * days;
    std::printf("backfill: %d days x %d entitlements = %.0f rows in %.2f s: %.0f rows/s (%s)\n", days, entitlements,
                total_rows, seconds, total_rows / seconds, store->describe().c_str());

    const flexform::Date today = flexform::add_days(first, days);
    flexform::ReportRequest request;
    request.program = program;
    request.from = flexform::Date{2026, 10, 1};
    request.to = flexform::Date{2026, 10, 31};
    request.grouping = flexform::ReportGrouping::customer;
    const auto report_start = std::chrono::steady_clock::now();
    const flexform::ConsumptionReport report = flexform::report_from_store(*store, request, today);
    const double report_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - report_start).count();
    std::printf("monthly report (October, by customer): %zu customers, %.2f points, %.3f s\n", report.rows.size(),
                report.total, report_seconds);
    request.grouping = flexform::ReportGrouping::serial;
    const auto serial_start = std::chrono::steady_clock::now();
    const auto by_serial = flexform::report_from_store(*store, request, today);
    std::printf("monthly report (October, by serial): %zu rows, %.3f s\n", by_serial.rows.size(),
                std::chrono::duration<double>(std::chrono::steady_clock::now() - serial_start).count());
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("peak RSS %.1f MiB, database %s\n", static_cast<double>(usage.ru_maxrss) / 1024.0, db.c_str());
    store.reset();
    if (argc <= 3) {
        fs::remove(db);
        fs::remove(db + "-wal");
        fs::remove(db + "-shm");
    }
    return 0;
}

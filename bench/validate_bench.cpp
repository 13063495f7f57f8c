// Generates a tree of customer manifests and prints how long loading and validating them takes.
// Usage: validate_bench [CUSTOMERS=2000]
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "engine/manifest/manifest.h"

namespace fs = std::filesystem;

namespace {

void write_customer(const fs::path& dir, int i) {
    char serial_base[32];
    std::snprintf(serial_base, sizeof serial_base, "%08d", i * 10);
    std::ofstream out(dir / ("customer-" + std::to_string(i) + ".yaml"));
    out << "apiVersion: flexform/v1\nkind: Customer\nmetadata:\n  name: customer-" << i
        << "\n  accountId: " << 3000000 + i << "\n  labels: {tier: gold}\nspec:\n  state: active\n  configs:\n"
        << "    - name: fgt\n      product: FGT_HW\n      parameters:\n        device_model: FGT60F\n"
        << "        service_pkg: FGHWUTP\n        addons: [FGHWFAZC, FGHWSOCA]\n      serials:\n";
    for (int s = 0; s < 4; ++s) {
        out << "        - FGT60FTK" << std::string(serial_base).substr(0, 7) << s << "\n";
    }
    out << "    - name: fsw\n      product: FSW_HW\n      parameters: {device_model: S124FP, service_pkg: FSWHWFC247}\n"
        << "      serials: [S124FPTF" << serial_base << "]\n"
        << "    - name: vm\n      product: FGT_VM_Bundle\n      parameters: {cpu_size: 2, service_pkg: UTP, vdom_num: "
           "0}\n"
        << "      vms: {count: 3, description: branch, folderPath: My Assets/customer-" << i << "}\n"
        << "    - name: edr\n      product: FORTIEDR\n      parameters: {service_pkg: FEDRPDR, addons: [FEDRXDR]}\n"
        << "      cloud: {}\n";
}

}  // namespace

int main(int argc, char** argv) {
    const int customers = argc > 1 ? std::atoi(argv[1]) : 2000;
    const fs::path dir = fs::temp_directory_path() / ("flexform-validate-bench-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    for (int i = 0; i < customers; ++i) {
        write_customer(dir, i);
    }
    const flexform::ManifestOptions options{&flexform::builtin_catalog(), flexform::Date{2026, 11, 23}};
    const auto start = std::chrono::steady_clock::now();
    const flexform::LoadResult result = flexform::load_manifests({dir.string()}, "", options);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::size_t configs = 0;
    for (const auto& c : result.state.customers) {
        configs += c.configs.size();
    }
    std::printf("validate: %d customer files, %zu configs, %zu diagnostics\n", customers, configs,
                result.diagnostics.size());
    std::printf("validate: wall %.3f s (%.0f files/s), peak RSS %.1f MiB\n", seconds, customers / seconds,
                static_cast<double>(usage.ru_maxrss) / 1024.0);
    fs::remove_all(dir);
    return result.ok() ? 0 : 1;
}

// tools/metadata: the catalogue (schemas/products.json) as the reference's metadata lists it, parameters under
// their display names.
#include <map>

#include "emulator/api.h"

namespace flexform::emulator {

namespace {

// fortiflex-api.md 4.20 names metadata parameters for people ("Number of CPUs"; 7.23: "Queries per Second"), where
// configuration objects carry the short tag (`CPU`, `QUERIES`). The reference gives those two; the others are
// EMULATOR DECISIONs in the same style, from section 7's descriptions.
const std::map<int, const char*> k_display_names = {
    {1, "Number of CPUs"},
    {2, "Service Package"},
    {4, "Number of CPUs"},
    {5, "Service Package"},
    {6, "Number of CPUs"},
    {7, "FortiGuard Services"},
    {8, "Support Service"},
    {9, "Number of ADOMs"},
    {10, "Number of VDOMs"},
    {11, "Number of VDOMs"},
    {12, "Cloud Services"},
    {13, "ZTNA/VPN Endpoints"},
    {14, "EPP/ATP + ZTNA/VPN Endpoints"},
    {15, "Chromebook Endpoints"},
    {16, "Support Service"},
    {21, "Daily Storage (GB)"},
    {22, "Number of ADOMs"},
    {23, "Support Service"},
    {24, "Number of Managed Devices"},
    {25, "Number of CPUs"},
    {26, "Service Package"},
    {27, "Device Model"},
    {28, "Service Package"},
    {29, "Add-ons"},
    {30, "Number of Managed Devices"},
    {32, "Average Throughput (Mbps)"},
    {33, "Number of Web Applications"},
    {34, "Average Throughput (Mbps)"},
    {35, "Number of Web Applications"},
    {36, "Add-ons"},
    {37, "ZTNA/VPN Endpoints"},
    {38, "ZTNA/VPN + FortiGuard Forensics Endpoints"},
    {39, "EPP/ATP + ZTNA/VPN Endpoints"},
    {40, "EPP/ATP + ZTNA/VPN + FortiGuard Forensics Endpoints"},
    {41, "Chromebook Endpoints"},
    {42, "Add-ons"},
    {43, "FortiGuard Services"},
    {44, "Cloud Services"},
    {45, "Support Service"},
    {46, "Service Package"},
    {47, "Number of Endpoints"},
    {48, "Number of Users"},
    {49, "Service Package"},
    {50, "Bandwidth (Mbps)"},
    {51, "Dedicated IPs"},
    {52, "Add-ons"},
    {53, "Device Model"},
    {54, "Service Package"},
    {55, "Device Model"},
    {56, "Service Package"},
    {57, "Add-ons"},
    {58, "Add-ons"},
    {59, "Additional Compute Regions"},
    {60, "Metered Usage"},
    {61, "Service Package"},
    {62, "Number of Assets"},
    {63, "Internal Attack Surface Networks"},
    {64, "Number of Executives"},
    {65, "Number of Vendors"},
    {66, "Compute Units"},
    {67, "Additional Online Storage (GB)"},
    {68, "Archive Storage (GB)"},
    {69, "Service Package"},
    {70, "Additional User Logins"},
    {71, "Add-ons"},
    {72, "SD-WAN On-Ramp Locations"},
    {73, "Number of CPUs"},
    {74, "Service Package"},
    {75, "Add-ons"},
    {76, "Repository Storage (GB)"},
    {77, "Service Package"},
    {78, "Number of Endpoints"},
    {79, "Support Service"},
    {82, "Service Types"},
    {83, "WAF Service Package"},
    {84, "WAF Add-ons"},
    {85, "Throughput"},
    {86, "Applications"},
    {87, "Queries per Second"},
    {88, "Health Checks"},
    {90, "Service Package"},
    {91, "Number of Endpoints"},
    {92, "Add-ons"},
};

const char* metadata_name(const Parameter& parameter) {
    const auto it = k_display_names.find(parameter.id);
    return it == k_display_names.end() ? parameter.name.c_str() : it->second;  // a test keeps the table complete
}

}  // namespace

json tools_metadata(ApiContext& context, const json&) {
    json out = json::array();
    for (const auto& product : context.catalog.products()) {
        json parameters = json::array();
        for (const auto& p : product.parameters) {
            json values = json::array();
            for (const auto& v : p.values) {
                if (!v.legacy) {
                    values.push_back({{"value", v.value}, {"description", v.description}});
                }
            }
            parameters.push_back({{"parameterId", p.id},
                                  {"name", metadata_name(p)},
                                  {"type", std::string(to_string(p.type))},
                                  {"minValue", p.min ? json(*p.min) : json(nullptr)},
                                  {"maxValue", p.max ? json(*p.max) : json(nullptr)},
                                  {"step", p.type == ParameterType::numeric ? json(p.step) : json(nullptr)},
                                  {"validValues", values}});
        }
        static const char* k_form_names[] = {"Virtual Machines", "Hardware", "Cloud Services"};
        const int form = form_factor_id(product.form_factor);
        out.push_back({{"productTypeId", product.id},
                       {"name", product.name},
                       {"formFactor", {{"formFactorId", form}, {"name", k_form_names[form - 1]}}},
                       {"parameters", parameters}});
    }
    return out;
}

}  // namespace flexform::emulator

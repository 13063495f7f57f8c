// The operations dashboard as a static site: file name -> content. Self-contained pages (one shared stylesheet,
// inline SVG charts, one inline script that only sorts and filters); everything readable with scripts off.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "engine/catalog/catalog.h"
#include "engine/report/dashboard.h"
#include "engine/report/named.h"

namespace flexform {

// In the head of every page: how `flexform dashboard` recognises its own pages in a directory.
inline constexpr const char* k_dashboard_generator_mark = "<meta name=\"generator\" content=\"flexform dashboard\">";

// "index.html" (the program), "tenants.html", "customers/<name>.html" per account, "style.css".
std::map<std::string, std::string> render_dashboard(const DashboardData& data, const Catalog& catalog);

// Across several programs: "index.html" (each program's rate and balance or commitment, and the total), "style.css",
// and each program's site under "programs/<name>/".
std::map<std::string, std::string> render_dashboard(const std::vector<Named<DashboardData>>& programs,
                                                    const Catalog& catalog);

}  // namespace flexform

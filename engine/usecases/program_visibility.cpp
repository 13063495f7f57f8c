#include "engine/usecases/program_visibility.h"

#include <set>
#include <string>

#include "engine/usecases/plan_use_case.h"  // RequestError

namespace flexform {

void check_programs_visible(Provider& provider, const std::vector<ProgramSettings>& programs) {
    std::set<std::string> visible;
    std::string listed;
    for (const auto& p : provider.list_programs()) {
        visible.insert(p.serial);
        listed += (listed.empty() ? "" : ", ") + p.serial;
    }
    for (const auto& program : programs) {
        if (!visible.count(program.serial)) {
            throw RequestError(program.pos.file + ":" + std::to_string(program.pos.line) + ": program " +
                               program.name + " (" + program.serial +
                               ") is not a program this API user can see; programs/list gives " +
                               (listed.empty() ? std::string("none") : listed));
        }
    }
}

}  // namespace flexform

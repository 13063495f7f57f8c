#include "engine/usecases/show_use_case.h"

namespace flexform {

ShowOutcome show_saved_plan(const std::string& text, const std::string& key, const Catalog& catalog) {
    ShowOutcome out;
    out.key_set = !key.empty();
    out.signature = check_signature(text, key);
    if (out.signature == SignatureCheck::invalid) {
        return out;
    }
    std::vector<ProgramPlan> sections = read_plan_sections(text, catalog);
    if (sections.size() == 1 && sections.front().name.empty()) {
        out.plan = std::move(sections.front().plan);
        return out;
    }
    out.sections = std::move(sections);
    out.plan = out.sections.front().plan;
    return out;
}

bool signature_holds(const ShowOutcome& outcome) {
    if (outcome.signature == SignatureCheck::invalid) {
        return false;
    }
    if (outcome.key_set && outcome.signature != SignatureCheck::verified) {
        return false;
    }
    return true;
}

}  // namespace flexform

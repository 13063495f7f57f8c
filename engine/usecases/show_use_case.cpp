#include "engine/usecases/show_use_case.h"

#include <nlohmann/json.hpp>

namespace flexform {

ShowOutcome show_saved_plan(const std::string& text, const std::string& key, const Catalog& catalog) {
    ShowOutcome out;
    out.key_set = !key.empty();
    out.signature = check_signature(text, key);
    if (out.signature == SignatureCheck::invalid) {
        return out;
    }
    const nlohmann::json document = nlohmann::json::parse(text, nullptr, false);
    if (!document.is_object() || !document.contains("programs")) {
        out.plan = read_plan_text(text, catalog);
        return out;
    }
    if (!document["programs"].is_array() || document["programs"].empty()) {
        throw PlanFileError("programs is not a list of sections");
    }
    for (const auto& section : document["programs"]) {
        if (!section.is_object() || !section.contains("program_name") || !section["program_name"].is_string()) {
            throw PlanFileError("a section of programs has no program_name");
        }
        out.sections.push_back({section["program_name"].get<std::string>(), read_plan_text(section.dump(), catalog)});
    }
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

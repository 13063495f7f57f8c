#include "engine/render/show_renderer.h"

#include <nlohmann/json.hpp>

namespace flexform {

namespace {

std::string_view status_name(SignatureCheck check) {
    switch (check) {
        case SignatureCheck::verified:
            return "verified";
        case SignatureCheck::unsigned_plan:
            return "unsigned";
        case SignatureCheck::no_key:
            return "unverified";
        case SignatureCheck::invalid:
            return "invalid";
    }
    return "";
}

std::string statement(const ShowOutcome& outcome) {
    switch (outcome.signature) {
        case SignatureCheck::verified:
            return "Signature: verified with FLEXFORM_PLAN_KEY (HMAC-SHA-256): this is the plan as it was saved.";
        case SignatureCheck::unsigned_plan:
            return outcome.key_set
                       ? "Signature: none, although FLEXFORM_PLAN_KEY is set: this plan file is unverified, and "
                         "apply refuses it."
                       : "Signature: none. This plan file is unsigned and unverified: its figures are what the file "
                         "says, which anyone could have edited. Set FLEXFORM_PLAN_KEY in the plan and apply jobs to "
                         "sign and verify plans.";
        case SignatureCheck::no_key:
            return "Signature: present, not verified (FLEXFORM_PLAN_KEY is not set): the figures below are unverified.";
        case SignatureCheck::invalid:
            return "Signature: INVALID under FLEXFORM_PLAN_KEY: the file was changed after it was signed, or signed "
                   "with another key. Its figures are not shown, and apply refuses it.";
    }
    return "";
}

// When the plan was made and its digest (the one pull-request comments and the apply journal show), so a reviewer
// can match the file to the comment they approved.
std::string provenance(const ShowOutcome& outcome) {
    if (outcome.sections.empty()) {
        return "Plan made " + outcome.plan.created_at + ", digest " + plan_digest(outcome.plan);
    }
    std::string digests;
    for (const auto& section : outcome.sections) {
        digests += (digests.empty() ? "" : ", ") + section.name + " " + plan_digest(section.plan);
    }
    return "Plan made " + outcome.plan.created_at + ", digests " + digests;
}

}  // namespace

std::string render_show(const ShowOutcome& outcome, ShowFormat format, const RenderOptions& options) {
    const bool shown = outcome.signature != SignatureCheck::invalid;
    switch (format) {
        case ShowFormat::json: {
            nlohmann::ordered_json document = nlohmann::ordered_json::object();
            if (shown) {
                document = nlohmann::ordered_json::parse(outcome.sections.empty()
                                                             ? render_json(outcome.plan, options)
                                                             : render_json(outcome.sections, options));
            }
            document["signature_check"] = {{"status", std::string(status_name(outcome.signature))},
                                           {"key_set", outcome.key_set},
                                           {"statement", statement(outcome)}};
            return document.dump(2) + "\n";
        }
        case ShowFormat::markdown: {
            // Under the comment's hidden marker, which pipelines look for at its start.
            const std::string said = "> **" + statement(outcome) + "**\n\n";
            if (!shown) {
                return said;
            }
            const std::string made = "> " + provenance(outcome) + "\n\n";
            std::string markdown = outcome.sections.empty() ? render_markdown(outcome.plan, options)
                                                            : render_markdown(outcome.sections, options);
            const std::size_t after_marker = markdown.rfind("<!--", 0) == 0 ? markdown.find('\n') + 1 : 0;
            return markdown.insert(after_marker, said + made);
        }
        case ShowFormat::text:
            break;
    }
    if (!shown) {
        return statement(outcome) + "\n\n";
    }
    return statement(outcome) + "\n\n" + provenance(outcome) + "\n" +
           (outcome.sections.empty() ? render_text(outcome.plan, options) : render_text(outcome.sections, options));
}

std::string render_unverified_plan_note(const std::string& file, SignatureCheck signature) {
    switch (signature) {
        case SignatureCheck::unsigned_plan:
            return "note: " + file +
                   " is not signed and FLEXFORM_PLAN_KEY is not set: it is held only to a fresh plan; set the key in "
                   "the plan and apply jobs to sign and verify plans (docs/ci.md)\n";
        case SignatureCheck::no_key:
            return "note: " + file +
                   " is signed, but FLEXFORM_PLAN_KEY is not set here: its signature is not verified, and it is held "
                   "only to a fresh plan\n";
        case SignatureCheck::verified:
        case SignatureCheck::invalid:
            break;
    }
    return "";
}

}  // namespace flexform

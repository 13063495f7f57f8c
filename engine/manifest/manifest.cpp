#include "engine/manifest/manifest.h"

#include <yaml-cpp/yaml.h>

#include "engine/manifest/customer_parser.h"
#include "engine/manifest/node_reader.h"
#include "engine/manifest/suggest.h"
#include "engine/manifest/yaml_sharing.h"
#include "engine/model/words.h"

namespace flexform {

namespace {

// Why some bytes cannot be a YAML text file, and where (line 0: the whole file).
struct Rejection {
    std::string message;
    int line = 0;
    int column = 0;

    // The line and column (in characters: the bytes before it on its line are valid UTF-8) of byte `offset`.
    static Rejection at(std::string_view text, std::size_t offset, std::string message) {
        Rejection r{std::move(message), 1, 1};
        for (std::size_t k = 0; k < offset; ++k) {
            if (text[k] == '\n') {
                ++r.line;
                r.column = 1;
            } else if ((static_cast<unsigned char>(text[k]) & 0xC0) != 0x80) {
                ++r.column;  // continuation bytes belong to the character before them
            }
        }
        r.message += " (byte 0x" + hex(static_cast<unsigned char>(text[offset])) + ")";
        return r;
    }

    static std::string hex(unsigned char c) {
        const char* digits = "0123456789abcdef";
        return std::string{digits[c >> 4], digits[c & 15]};
    }
};

// Returns a reason when the bytes cannot be a YAML text file.
std::optional<Rejection> reject_bytes(std::string_view text) {
    if (text.size() > k_max_manifest_bytes) {
        return Rejection{"file is " + std::to_string(text.size() / (1024 * 1024)) + " MiB, larger than the " +
                         std::to_string(k_max_manifest_bytes / (1024 * 1024)) + " MiB limit"};
    }
    if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
        return Rejection::at(text, nul, "not a text file: a NUL byte");
    }
    // Strict UTF-8 check: yaml-cpp would otherwise accept some invalid sequences silently.
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::size_t extra = 0;
        if (c < 0x80) {
            extra = 0;
        } else if ((c & 0xE0) == 0xC0 && c >= 0xC2) {
            extra = 1;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2;
        } else if ((c & 0xF8) == 0xF0 && c <= 0xF4) {
            extra = 3;
        } else {
            return Rejection::at(text, i, "not UTF-8 text: invalid byte");
        }
        if (i + extra >= text.size()) {
            return Rejection::at(text, i, "not UTF-8 text: truncated sequence");
        }
        for (std::size_t k = 1; k <= extra; ++k) {
            if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) {
                return Rejection::at(text, i, "not UTF-8 text: an incomplete sequence");
            }
        }
        i += extra + 1;
    }
    return std::nullopt;
}

// Whether a document is meant for flexform: broken ones that are meant for it are errors, the rest is not ours.
bool is_flexform_document(const YAML::Node& doc) {
    if (!doc.IsMap()) {
        return false;
    }
    const YAML::Node api = NodeReader::child(doc, "apiVersion");
    if (api.IsScalar()) {
        return api.Scalar().rfind("flexform", 0) == 0;
    }
    const YAML::Node kind = NodeReader::child(doc, "kind");
    return kind.IsScalar() && (kind.Scalar() == "Customer" || kind.Scalar() == "Project" || kind.Scalar() == "Offer");
}

bool is_offer_document(const YAML::Node& doc) {
    const YAML::Node kind = NodeReader::child(doc, "kind");
    return kind.IsScalar() && kind.Scalar() == "Offer";
}

bool mentions_flexform(std::string_view text) {
    return text.find("apiVersion: flexform") != std::string_view::npos ||
           text.find("kind: Customer") != std::string_view::npos ||
           text.find("kind: Project") != std::string_view::npos || text.find("kind: Offer") != std::string_view::npos;
}

}  // namespace

bool may_hold_offers(std::string_view text) {
    return text.find("Offer") != std::string_view::npos;
}

void parse_manifest_text(const std::string& file, std::string_view text, const ManifestOptions& options,
                         DesiredState& state, std::vector<Diagnostic>& out, std::vector<std::string>* skipped,
                         DocumentKinds kinds) {
    if (const auto reason = reject_bytes(text)) {
        state.files.push_back(file);
        out.push_back(Diagnostic{Severity::error, file, reason->line, reason->column, "", reason->message});
        return;
    }
    if (text.find('*') != std::string_view::npos) {
        if (const auto overrun = alias_overrun(text)) {
            state.files.push_back(file);
            out.push_back(Diagnostic{Severity::error, file, overrun->line, overrun->column, "",
                                     "aliases expand this file past " + std::to_string(k_max_manifest_values) +
                                         " values (aliases of aliases?); it is not read"});
            return;
        }
    }
    const bool merges = text.find("<<") != std::string_view::npos;
    std::vector<YAML::Node> documents;
    try {
        documents = YAML::LoadAll(std::string(text));
    } catch (const YAML::Exception& e) {
        if (skipped && !mentions_flexform(text)) {
            skipped->push_back(file + ": not flexform YAML (and not valid YAML either)");
            return;
        }
        state.files.push_back(file);
        const int line = e.mark.is_null() ? 0 : e.mark.line + 1;
        const int column = e.mark.is_null() ? 0 : e.mark.column + 1;
        out.push_back(Diagnostic{Severity::error, file, line, column, "", "YAML syntax error: " + e.msg});
        return;
    } catch (const std::exception& e) {
        state.files.push_back(file);
        out.push_back(Diagnostic{Severity::error, file, 0, 0, "", std::string("cannot parse YAML: ") + e.what()});
        return;
    }
    NodeReader reader(file, out);
    int documents_seen = 0;
    int foreign = 0;
    for (const auto& doc : documents) {
        if (!doc.IsDefined() || doc.IsNull()) {
            continue;  // an empty document between two "---" separators
        }
        std::vector<Diagnostic> merge_problems;  // reported only for flexform's documents
        if (merges) {
            NodeReader merging(file, merge_problems);
            merge_keys(doc, merging);
        }
        if (kinds != DocumentKinds::all) {
            if (is_offer_document(doc) != (kinds == DocumentKinds::offers_only)) {
                ++documents_seen;  // read in the other pass
                continue;
            }
        }
        if (skipped && !is_flexform_document(doc)) {
            ++foreign;
            continue;
        }
        ++documents_seen;
        out.insert(out.end(), merge_problems.begin(), merge_problems.end());
        if (!doc.IsMap()) {
            reader.error(
                doc, "",
                "a document must be a mapping with apiVersion, kind, metadata and spec, got " + describe_node(doc));
            continue;
        }
        const auto api_version = reader.text(doc, "apiVersion", "", true);
        if (api_version && *api_version != k_api_version) {
            reader.error(
                NodeReader::child(doc, "apiVersion"), "apiVersion",
                "unsupported " + quoted_excerpt(*api_version) + " (expected " + std::string(k_api_version) + ")");
        }
        const auto kind = reader.text(doc, "kind", "", true);
        if (!kind) {
            continue;
        }
        if (*kind == "Customer") {
            parse_customer(doc, reader, options, state);
        } else if (*kind == "Project") {
            parse_project(doc, reader, options, state);
        } else if (*kind == "Offer") {
            parse_offer(doc, reader, options, state);
        } else {
            reader.error(NodeReader::child(doc, "kind"), "kind",
                         "unknown kind " + quoted_excerpt(*kind) +
                             did_you_mean(*kind, {"Customer", "Offer", "Project"}) +
                             "; expected Customer, Offer or Project");
        }
    }
    if (kinds == DocumentKinds::offers_only) {
        return;  // the file is accounted for when the rest of it is read
    }
    if (foreign > 0 && documents_seen == 0) {
        skipped->push_back(file + ": no flexform documents (apiVersion: flexform/v1)");
        return;
    }
    state.files.push_back(file);
    if (foreign > 0) {
        skipped->push_back(file + ": " + count_of(static_cast<std::size_t>(foreign), "document", "documents") +
                           " that are not flexform's");
    }
    if (documents_seen == 0) {
        out.push_back(Diagnostic{Severity::warning, file, 0, 0, "", "no YAML documents in this file"});
    }
}

}  // namespace flexform

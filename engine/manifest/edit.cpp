#include "engine/manifest/edit.h"

#include <sstream>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace flexform {

namespace {

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    return lines;
}

bool last_key_is(const YAML::Node& map, const std::string& key) {
    std::string last;
    for (const auto& entry : map) {
        last = entry.first.Scalar();
    }
    return last == key;
}

// Shifts every line of `entries` from a four-space dash indent to `dash` spaces.
std::string reindent(const std::string& entries, int dash) {
    std::string out;
    for (const auto& line : split_lines(entries)) {
        if (dash >= 4) {
            out += std::string(static_cast<std::size_t>(dash - 4), ' ') + line + "\n";
        } else {
            const std::size_t cut =
                std::min<std::size_t>(static_cast<std::size_t>(4 - dash), line.find_first_not_of(' '));
            out += line.substr(cut) + "\n";
        }
    }
    return out;
}

std::size_t count_configs(const std::string& text, const std::string& customer) {
    for (const auto& doc : YAML::LoadAll(text)) {
        if (doc.IsMap() && doc["kind"] && doc["kind"].Scalar() == "Customer" && doc["metadata"] &&
            doc["metadata"]["name"] && doc["metadata"]["name"].Scalar() == customer && doc["spec"] &&
            doc["spec"]["configs"]) {
            return doc["spec"]["configs"].size();
        }
    }
    return 0;
}

}  // namespace

std::optional<std::string> append_config_entries(const std::string& text, const std::string& customer,
                                                 const std::string& entries) {
    std::vector<YAML::Node> docs;
    try {
        docs = YAML::LoadAll(text);
    } catch (const YAML::Exception&) {
        return std::nullopt;
    }
    for (const auto& doc : docs) {
        if (!doc.IsMap() || !doc["kind"] || doc["kind"].Scalar() != "Customer" || !doc["metadata"] ||
            !doc["metadata"]["name"] || doc["metadata"]["name"].Scalar() != customer) {
            continue;
        }
        const YAML::Node spec = doc["spec"];
        if (!spec || !spec.IsMap() || !last_key_is(doc, "spec") || !last_key_is(spec, "configs")) {
            return std::nullopt;
        }
        const YAML::Node configs = spec["configs"];
        if (!configs.IsSequence() || configs.size() == 0 || configs.Style() != YAML::EmitterStyle::Block) {
            return std::nullopt;
        }
        const YAML::Node last = configs[configs.size() - 1];
        const int dash = configs[0].Mark().column - 2;
        if (dash < 0) {
            return std::nullopt;
        }
        // The list ends where the document does: at the next document marker, or the end of the file.
        std::vector<std::string> lines = split_lines(text);
        std::size_t end = lines.size();
        for (std::size_t i = static_cast<std::size_t>(last.Mark().line) + 1; i < lines.size(); ++i) {
            if (lines[i].rfind("---", 0) == 0 || lines[i].rfind("...", 0) == 0) {
                end = i;
                break;
            }
        }
        // Trailing blank lines stay after the new entries.
        while (end > 0 && lines[end - 1].find_first_not_of(" \t") == std::string::npos) {
            --end;
        }
        std::string out;
        for (std::size_t i = 0; i < lines.size(); ++i) {
            if (i == end) {
                out += reindent(entries, dash);
            }
            out += lines[i] + "\n";
        }
        if (end == lines.size()) {
            out += reindent(entries, dash);
        }
        std::size_t now = 0;
        try {
            now = count_configs(out, customer);
        } catch (const YAML::Exception&) {
            return std::nullopt;
        }
        if (now <= configs.size()) {
            return std::nullopt;  // the edit did not come out as more entries: leave the file alone
        }
        return out;
    }
    return std::nullopt;
}

}  // namespace flexform

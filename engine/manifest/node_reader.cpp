#include "engine/manifest/node_reader.h"

#include <set>

#include "engine/catalog/catalog.h"
#include "engine/manifest/suggest.h"

namespace flexform {

std::string join_path(const std::string& path, std::string_view key) {
    // Keys are the user's too (labels, unknown keys): a long or unprintable one is shown as a bounded excerpt.
    const std::string shown = find_unsafe(key) || utf8_length(key) > 64 ? quoted_excerpt(key) : std::string(key);
    return path.empty() ? shown : path + "." + shown;
}

std::string index_path(const std::string& path, std::size_t index) {
    return path + "[" + std::to_string(index) + "]";
}

std::string describe_node(const YAML::Node& node) {
    if (!node.IsDefined() || node.IsNull()) {
        return "nothing";
    }
    if (node.IsMap()) {
        return "a mapping";
    }
    if (node.IsSequence()) {
        return "a list";
    }
    return quoted_excerpt(node.Scalar());
}

SourcePos NodeReader::pos(const YAML::Node& node) const {
    const YAML::Mark mark = node.Mark();
    if (mark.is_null()) {
        return SourcePos{m_file, 0, 0};
    }
    return SourcePos{m_file, mark.line + 1, mark.column + 1};
}

void NodeReader::error(const YAML::Node& at, const std::string& field, std::string message) {
    error_at(pos(at), field, std::move(message));
}

void NodeReader::error_at(const SourcePos& at, const std::string& field, std::string message) {
    m_out.push_back(Diagnostic{Severity::error, m_file, at.line, at.column, field, std::move(message)});
}

void NodeReader::warning(const YAML::Node& at, const std::string& field, std::string message) {
    const SourcePos p = pos(at);
    m_out.push_back(Diagnostic{Severity::warning, m_file, p.line, p.column, field, std::move(message)});
}

bool NodeReader::check_map(const YAML::Node& node, const std::string& path, const std::vector<std::string>& allowed) {
    if (!node.IsMap()) {
        error(node, path, "expected a mapping, got " + describe_node(node));
        return false;
    }
    std::set<std::string> seen;
    for (const auto& entry : node) {
        if (!entry.first.IsScalar()) {
            error(entry.first, path, "keys must be plain names, got " + describe_node(entry.first));
            continue;
        }
        const std::string key = entry.first.Scalar();
        const std::string field = join_path(path, key);
        if (!seen.insert(key).second) {
            error(entry.first, field, "duplicate key " + quoted_excerpt(key));
            continue;
        }
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
            error(entry.first, field, "unknown key " + quoted_excerpt(key) + did_you_mean(key, allowed));
        }
    }
    return true;
}

YAML::Node NodeReader::child(const YAML::Node& map, std::string_view key) {
    if (!map.IsMap()) {
        return YAML::Node(YAML::NodeType::Undefined);
    }
    for (const auto& entry : map) {
        if (entry.first.IsScalar() && entry.first.Scalar() == key) {
            return entry.second;
        }
    }
    return YAML::Node(YAML::NodeType::Undefined);
}

std::optional<std::string> NodeReader::text(const YAML::Node& map, std::string_view key, const std::string& path,
                                            bool required) {
    const YAML::Node value = child(map, key);
    const std::string field = join_path(path, key);
    if (!present(value)) {
        if (required) {
            error(value.IsDefined() ? value : map, field, "required key is missing");
        }
        return std::nullopt;
    }
    if (!value.IsScalar()) {
        error(value, field, "expected a string, got " + describe_node(value));
        return std::nullopt;
    }
    return value.Scalar();
}

std::optional<std::int64_t> NodeReader::integer(const YAML::Node& map, std::string_view key, const std::string& path,
                                                bool required) {
    const YAML::Node value = child(map, key);
    const std::string field = join_path(path, key);
    if (!present(value)) {
        if (required) {
            error(value.IsDefined() ? value : map, field, "required key is missing");
        }
        return std::nullopt;
    }
    if (!value.IsScalar()) {
        error(value, field, "expected an integer, got " + describe_node(value));
        return std::nullopt;
    }
    const auto number = parse_integer(value.Scalar());
    if (!number) {
        error(value, field, "expected an integer, got " + describe_node(value));
    }
    return number;
}

std::optional<bool> NodeReader::boolean(const YAML::Node& map, std::string_view key, const std::string& path) {
    const YAML::Node value = child(map, key);
    if (!present(value)) {
        return std::nullopt;
    }
    static const std::set<std::string> k_true = {"true", "True", "TRUE", "yes", "Yes", "on", "On"};
    static const std::set<std::string> k_false = {"false", "False", "FALSE", "no", "No", "off", "Off"};
    // Quoted, "true" is a string in YAML (and in the JSON schema editors check against): not taken as a boolean.
    if (value.IsScalar() && value.Tag() == "!" && (k_true.count(value.Scalar()) || k_false.count(value.Scalar()))) {
        error(value, join_path(path, key),
              "expected true or false, got the quoted string " + quoted_excerpt(value.Scalar()) +
                  " (a boolean is written without quotes)");
        return std::nullopt;
    }
    if (value.IsScalar() && k_true.count(value.Scalar())) {
        return true;
    }
    if (value.IsScalar() && k_false.count(value.Scalar())) {
        return false;
    }
    error(value, join_path(path, key), "expected true or false, got " + describe_node(value));
    return std::nullopt;
}

std::optional<std::string> NodeReader::plain_text(const YAML::Node& map, std::string_view key, const std::string& path,
                                                  bool required, std::size_t max_chars) {
    auto value = text(map, key, path, required);
    if (value && !check_plain(child(map, key), join_path(path, key), *value, max_chars)) {
        return std::nullopt;
    }
    return value;
}

bool NodeReader::check_plain(const YAML::Node& at, const std::string& field, const std::string& value,
                             std::size_t max_chars) {
    if (const auto bad = find_unsafe(value)) {
        error(at, field,
              quoted_excerpt(value) + " contains " +
                  escape_unsafe(std::string_view(value).substr(bad->offset, bad->length)) +
                  ", a control or bidi character; names, descriptions, folder paths and labels are one line of plain "
                  "text");
        return false;
    }
    if (const std::size_t length = utf8_length(value); length > max_chars) {
        error(at, field,
              quoted_excerpt(value) + " is too long (" + std::to_string(length) +
                  " characters); FortiFlex accepts at most " + std::to_string(max_chars));
        return false;
    }
    return true;
}

}  // namespace flexform

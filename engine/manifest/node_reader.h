// NodeReader reads typed values out of a yaml-cpp tree, turning every mismatch into a located Diagnostic.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "engine/manifest/diagnostic.h"
#include "engine/model/desired.h"
#include "engine/model/unsafe_text.h"

namespace flexform {

std::string join_path(const std::string& path, std::string_view key);
std::string index_path(const std::string& path, std::size_t index);
// "a mapping", "a list", "a string", "nothing"
std::string describe_node(const YAML::Node& node);

// Lengths FortiFlex and the portal accept (the API reference states none; these are the portal's form limits,
// and far above any real name), in characters.
inline constexpr std::size_t k_max_config_name_length = 128;
inline constexpr std::size_t k_max_description_length = 255;
inline constexpr std::size_t k_max_folder_path_length = 255;
inline constexpr std::size_t k_max_label_key_length = 63;
inline constexpr std::size_t k_max_label_value_length = 255;

class NodeReader {
public:
    NodeReader(std::string file, std::vector<Diagnostic>& out) : m_file(std::move(file)), m_out(out) {}

    const std::string& file() const { return m_file; }
    SourcePos pos(const YAML::Node& node) const;
    void error(const YAML::Node& at, const std::string& field, std::string message);
    void warning(const YAML::Node& at, const std::string& field, std::string message);
    void error_at(const SourcePos& at, const std::string& field, std::string message);

    // Reports a non-mapping and returns false; reports unknown keys (with suggestions) and duplicate keys.
    bool check_map(const YAML::Node& node, const std::string& path, const std::vector<std::string>& allowed);

    // Scalar getters: an absent or null key yields nullopt (reported when required).
    std::optional<std::string> text(const YAML::Node& map, std::string_view key, const std::string& path,
                                    bool required);
    std::optional<std::int64_t> integer(const YAML::Node& map, std::string_view key, const std::string& path,
                                        bool required);
    std::optional<bool> boolean(const YAML::Node& map, std::string_view key, const std::string& path);
    // A name, description, folder path or label: one line of plain text of at most `max_chars` characters. Control
    // and bidi characters are refused: no FortiFlex name needs them, and they rewrite every output that shows it.
    std::optional<std::string> plain_text(const YAML::Node& map, std::string_view key, const std::string& path,
                                          bool required, std::size_t max_chars);
    // The same checks on a value already read (reported at `at`); false when refused.
    bool check_plain(const YAML::Node& at, const std::string& field, const std::string& value, std::size_t max_chars);

    // The value node of `key`, or an undefined node; never inserts into the tree.
    static YAML::Node child(const YAML::Node& map, std::string_view key);
    static bool present(const YAML::Node& node) { return node.IsDefined() && !node.IsNull(); }

private:
    std::string m_file;
    std::vector<Diagnostic>& m_out;
};

}  // namespace flexform

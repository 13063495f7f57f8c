// Sharing within one YAML file: anchors and aliases (bounded, so an alias bomb is refused before anything is built)
// and merge keys (`<<: *base`), which yaml-cpp leaves as a plain key.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "engine/manifest/diagnostic.h"
#include "engine/manifest/node_reader.h"

namespace flexform {

// The values one file may expand to through aliases: far above any estate (the whole file is 16 MiB at most), far
// below what would exhaust memory. The same bound as the emulator's seeds.
inline constexpr std::size_t k_max_manifest_values = 5'000'000;

// Where the alias that takes a text past `limit` values is (1-based line and column), counted from the parser's
// events alone; none when it stays within (or is not valid YAML: parsing reports that).
struct AliasOverrun {
    int line = 0;
    int column = 0;
};
std::optional<AliasOverrun> alias_overrun(std::string_view text, std::size_t limit = k_max_manifest_values);

// Replaces every `<<` key of the tree by the keys of the mapping (or list of mappings) it names: a mapping's own keys
// win, then the first mapping listed. Merged keys keep the position where the user wrote them.
void merge_keys(YAML::Node node, NodeReader& reader);

}  // namespace flexform

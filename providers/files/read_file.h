// Reading a whole file, for the CLI and the providers (the engine reads no files).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace flexform {

// The file's bytes, or nothing when it cannot be opened.
std::optional<std::string> read_file_text(const std::filesystem::path& path);

}  // namespace flexform

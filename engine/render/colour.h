// Colour of the state words verbs print in text (ACTIVE, STOPPED, BLOCK, a failed action, drift...): one palette
// for every verb. Whether to colour at all is the caller's one decision, the same as plan's (the CLI's use_color:
// a terminal, no NO_COLOR, no --no-color, TERM not dumb); markdown, JSON and CSV never ask.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace flexform {

enum class Tone { good, caution, bad };

// `text` in the tone's ANSI colour followed by a reset; `text` as it is when `color` is false.
std::string paint(std::string_view text, Tone tone, bool color);

// The tone of a FortiFlex status word: ACTIVE good; PENDING, STOPPED and DISABLED caution; anything else bad.
Tone status_tone(std::string_view status);

// format_table (render.h) whose cells `paint_cell(row, column, cell)` may colour after the widths are measured on
// the plain text; row 0 is the first row under the header, which is never painted.
using CellPainter = std::function<std::string(std::size_t row, std::size_t column, const std::string& cell)>;
std::string format_painted_table(const std::vector<std::string>& header,
                                 const std::vector<std::vector<std::string>>& rows, const std::vector<bool>& right,
                                 const CellPainter& paint_cell);

}  // namespace flexform

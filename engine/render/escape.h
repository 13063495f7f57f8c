// Encoders per output medium, so untrusted text (manifest values, names anyone with portal access typed) always reads
// as text: it cannot close a markdown fence, add a table row, start a spreadsheet formula, move a terminal's cursor
// or plant a CI workflow command. Every renderer that prints such a value goes through one of these.
#pragma once

#include <string>
#include <string_view>

namespace flexform {

// Terminal: control and bidi characters shown escaped (\n, \x1b, \u202e); everything else as it is.
std::string terminal_text(std::string_view text);

// Markdown inline text (a list item, a heading, a <summary>): one line; HTML specials as entities (so no tag or
// <!-- comment --> can open), and the characters that start emphasis, links or code backslash-escaped.
std::string markdown_text(std::string_view text);
// A markdown table cell: markdown_text with `|` escaped.
std::string markdown_cell(std::string_view text);
// A code span that the content cannot close: delimited by more backticks than its longest run.
std::string markdown_code_span(std::string_view text);
// The same code span inside a table cell, where `|` must be escaped even in code.
std::string markdown_cell_code_span(std::string_view text);
// A line inside a fenced block: one line, control characters escaped (the fence itself comes from markdown_fence).
std::string markdown_code_line(std::string_view text);
// The fence for `content`: three backticks, or more than the longest backtick run in it, so no line can close it.
std::string markdown_fence(std::string_view content);

// A CSV cell holding text: a leading = + - @ TAB or CR is neutralised with a ' (OWASP), and the cell is quoted when it
// holds a comma, quote or line break. Numbers flexform computed are written as they are, never through this.
std::string csv_text(std::string_view text);

// HTML text or attribute value: & < > " as entities.
std::string html_escape(std::string_view text);

// GitHub workflow-command data (after "::"): % CR LF encoded so a value can never start a command of its own.
std::string workflow_command_data(std::string_view text);
// GitHub workflow-command property (file=..., title=...): also : and , encoded.
std::string workflow_command_property(std::string_view text);

}  // namespace flexform

// The one table of an enum's names, read both ways. Every enum that is written to JSON, plan files, the journal or
// flags has exactly one such table beside it, so a name is spelled in one place.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

namespace flexform {

template <typename Enum, std::size_t N>
using NameTable = std::array<std::pair<Enum, std::string_view>, N>;

// Lookup by search: a value without a row reads as `fallback`, never past the table.
template <typename Enum, std::size_t N>
constexpr std::string_view name_in(const NameTable<Enum, N>& table, Enum value, std::string_view fallback = "") {
    for (const auto& [v, name] : table) {
        if (v == value) {
            return name;
        }
    }
    return fallback;
}

template <typename Enum, std::size_t N>
constexpr std::optional<Enum> value_in(const NameTable<Enum, N>& table, std::string_view name) {
    for (const auto& [v, n] : table) {
        if (n == name) {
            return v;
        }
    }
    return std::nullopt;
}

// True when the table names each of the enum's `count` values exactly once (rows in any order): checked with
// static_assert beside each table, so an enumerator added without its row does not compile.
template <typename Enum, std::size_t N>
constexpr bool names_every_value(const NameTable<Enum, N>& table, std::size_t count) {
    if (N != count) {
        return false;
    }
    for (std::size_t i = 0; i < count; ++i) {
        std::size_t rows = 0;
        for (const auto& row : table) {
            rows += static_cast<std::size_t>(row.first) == i ? 1 : 0;
        }
        if (rows != 1) {
            return false;
        }
    }
    return true;
}

}  // namespace flexform

// A column-oriented table as the readers produce and the writers consume it.
// Text is dictionary-encoded (duikou::Coded), so names are interned once.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "duikou/table.hpp"

namespace duikou::io {

enum class Kind { Text, Integer, Real, Boolean };

const char* kind_name(Kind k);

struct Column {
    std::string name;
    Kind kind = Kind::Text;
    Coded text;                          // Kind::Text; code kMissing = missing
    std::vector<std::int64_t> integers;  // Kind::Integer
    std::vector<double> reals;           // Kind::Real
    std::vector<std::uint8_t> booleans;  // Kind::Boolean
    std::vector<std::uint8_t> present;   // non-text kinds: 0 where the value is missing

    std::size_t size() const;
    bool is_missing(std::size_t row) const;
};

struct ColumnTable {
    std::vector<Column> columns;
    std::vector<std::int64_t> lines;  // 1-based source line of each row (CSV); empty otherwise

    std::size_t rows() const { return columns.empty() ? 0 : columns.front().size(); }
    const Column* find(const std::string& name) const;
};

// Throws std::invalid_argument unless all columns have the same length,
// unique names, and consistent storage for their kind.
void check_columns(const ColumnTable& table);

}  // namespace duikou::io

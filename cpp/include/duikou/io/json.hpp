// JSON pairing tables: either an array of records, or an object
//   {"metadata": {...}, "columns": [{"name": ..., "kind": ...}], "pairs": [record, ...]}
// where each record is an object of scalar values (string, number, boolean,
// null). "metadata" and "columns" are optional; declared columns come first,
// in their order and with their kind (text, integer, real, boolean), so even a
// table without rows keeps its schema. Other columns follow in the order their
// keys are first seen; a key absent from a record is a missing value there.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "duikou/io/columns.hpp"

namespace duikou::io {

struct JsonTable {
    ColumnTable table;
    nlohmann::ordered_json metadata = nlohmann::ordered_json::object();
};

JsonTable parse_json(std::string_view text, const std::string& source);

// Any JSON document, read as parse_json reads one: UTF-8 (BOM tolerated), and
// an integer beyond 64 bits is an InputError rather than a rounded double.
nlohmann::ordered_json parse_json_value(std::string_view text, const std::string& source);
JsonTable read_json(const std::string& path);

// Writes the object form, one record per line, non-ASCII kept as UTF-8.
std::string format_json(const ColumnTable& table, const nlohmann::ordered_json& metadata);

}  // namespace duikou::io

// RFC 4180 CSV: comma-separated, fields optionally in double quotes ("" escapes
// a quote), LF or CRLF line ends, a UTF-8 byte-order mark tolerated.
//
// Every column is read as text and interned. A bare empty field is a missing
// value; a quoted empty field ("") is the empty string, so writing and reading
// back keeps the two apart.
#pragma once

#include <string>
#include <string_view>

#include "duikou/io/columns.hpp"

namespace duikou::io {

// `source` names the input in error messages (a path, or "<string>").
ColumnTable parse_csv(std::string_view text, const std::string& source);
ColumnTable read_csv(const std::string& path);

// Quotes a field when it holds a comma, quote, CR or LF, is empty, or starts
// or ends with whitespace; missing values are written as bare empty fields.
std::string format_csv(const ColumnTable& table);

}  // namespace duikou::io

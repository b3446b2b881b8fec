// RFC 4180 CSV: comma-separated, fields optionally in double quotes ("" escapes
// a quote), LF or CRLF line ends, a UTF-8 byte-order mark tolerated.
//
// Every column is read as text and interned. A bare empty field is a missing
// value; a quoted empty field ("") is the empty string, so writing and reading
// back keeps the two apart.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "duikou/io/columns.hpp"

namespace duikou::io {

// `source` names the input in error messages (a path, or "<string>").
ColumnTable parse_csv(std::string_view text, const std::string& source);
// Reads the file in chunks of `chunk_bytes` (a record longer than that gets a
// bigger chunk), so it is never in memory as a whole; the result and the
// errors are those of parse_csv on the whole file.
ColumnTable read_csv(const std::string& path, std::size_t chunk_bytes = std::size_t{16} << 20);

// Quotes a field when it holds a comma, quote, CR or LF, is empty, starts with
// U+FEFF, or starts or ends with whitespace; missing values are written as bare
// empty fields.
std::string format_csv(const ColumnTable& table);

}  // namespace duikou::io

#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace duikou::io {

// What a lead byte announces: the length of its sequence (0: not a lead byte)
// and the range allowed for the second byte, which excludes overlongs,
// surrogates and code points above U+10FFFF.
struct Utf8Lead {
    std::size_t length;
    unsigned char second_lo, second_hi;
};
Utf8Lead utf8_lead(unsigned char c);

// Byte offset of the first byte that does not start a well-formed UTF-8
// sequence (overlongs, surrogates and code points above U+10FFFF rejected).
std::optional<std::size_t> first_invalid_utf8(std::string_view text);

// 1-based line number of a byte offset; LF, CRLF and a lone CR each end a line.
std::size_t line_of_offset(std::string_view text, std::size_t offset);

// Rejects text that is not UTF-8: UTF-16/32 byte-order marks, NUL bytes and
// ill-formed sequences, with an InputError naming the source, line and byte.
void require_utf8(std::string_view text, const std::string& source);

}  // namespace duikou::io

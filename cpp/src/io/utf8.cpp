#include "duikou/io/utf8.hpp"

#include <algorithm>

#include "duikou/io/error.hpp"

namespace duikou::io {

Utf8Lead utf8_lead(unsigned char c) {
    if (c < 0x80) return {1, 0x80, 0xBF};
    if (c >= 0xC2 && c <= 0xDF) return {2, 0x80, 0xBF};
    if (c == 0xE0) return {3, 0xA0, 0xBF};
    if (c >= 0xE1 && c <= 0xEC) return {3, 0x80, 0xBF};
    if (c == 0xED) return {3, 0x80, 0x9F};
    if (c >= 0xEE && c <= 0xEF) return {3, 0x80, 0xBF};
    if (c == 0xF0) return {4, 0x90, 0xBF};
    if (c >= 0xF1 && c <= 0xF3) return {4, 0x80, 0xBF};
    if (c == 0xF4) return {4, 0x80, 0x8F};
    return {0, 0, 0};
}

std::optional<std::size_t> first_invalid_utf8(std::string_view text) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        const unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        const auto [len, lo, hi] = utf8_lead(c);
        if (len == 0) return i;
        if (i + len > n) return i;
        if (s[i + 1] < lo || s[i + 1] > hi) return i;
        for (std::size_t k = 2; k < len; ++k)
            if (s[i + k] < 0x80 || s[i + k] > 0xBF) return i;
        i += len;
    }
    return std::nullopt;
}

std::size_t line_of_offset(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    // LF, CRLF and a lone CR each end a line (files saved on classic Mac OS use CR).
    std::size_t line = 1;
    for (std::size_t i = 0; i < offset; ++i)
        if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) ++line;
    return line;
}

void require_utf8(std::string_view text, const std::string& source) {
    auto starts = [&](std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; };
    if (starts("\xFF\xFE") || starts("\xFE\xFF"))
        throw InputError(source, 1, "", "the text is UTF-16 (byte-order mark found); save it as UTF-8");
    if (auto nul = text.find('\0'); nul != std::string_view::npos)
        throw InputError(source, static_cast<std::int64_t>(line_of_offset(text, nul)), "",
                         "NUL byte at offset " + std::to_string(nul) +
                             " (binary or UTF-16 data?); duikou reads UTF-8 text");
    if (auto bad = first_invalid_utf8(text))
        throw InputError(source, static_cast<std::int64_t>(line_of_offset(text, *bad)), "",
                         "invalid UTF-8 at byte offset " + std::to_string(*bad) +
                             "; convert the file to UTF-8 (e.g. iconv -f GB18030 -t UTF-8)");
}

}  // namespace duikou::io

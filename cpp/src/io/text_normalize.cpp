// Text extractor, step 1: bytes -> code points -> normalised logical lines.
#include <opencc/opencc.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "duikou/io/error.hpp"
#include "duikou/io/utf8.hpp"
#include "text_detail.hpp"

namespace duikou::io::text_detail {

// ---- UTF-8 ---------------------------------------------------------------------

std::u32string decode_utf8(std::string_view bytes, Utf8Errors errors, const std::string& source) {
    if (errors == Utf8Errors::Strict) require_utf8(bytes, source);
    const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
    const std::size_t n = bytes.size();
    std::u32string out;
    out.reserve(n);
    std::size_t i = 0;
    while (i < n) {
        const unsigned char c = s[i];
        if (c < 0x80) {
            out.push_back(c);
            ++i;
            continue;
        }
        const auto [len, lo, hi] = utf8_lead(c);
        // The maximal subpart: the lead byte and every continuation byte that
        // could still belong to a well-formed sequence.
        std::size_t got = len == 0 ? 0 : 1;
        if (got == 1 && i + 1 < n && s[i + 1] >= lo && s[i + 1] <= hi) {
            got = 2;
            while (got < len && i + got < n && s[i + got] >= 0x80 && s[i + got] <= 0xBF) ++got;
        }
        if (len == 0 || got < len) {
            out.push_back(U'\uFFFD');
            i += std::max<std::size_t>(got, 1);
            continue;
        }
        char32_t cp = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
        for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
        out.push_back(cp);
        i += len;
    }
    return out;
}

std::string encode_utf8(std::u32string_view text) {
    std::string out;
    out.reserve(text.size() * 3);
    for (char32_t c : text) {
        if (c < 0x80) {
            out.push_back(static_cast<char>(c));
        } else if (c < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (c >> 6)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        } else if (c < 0x10000) {
            out.push_back(static_cast<char>(0xE0 | (c >> 12)));
            out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xF0 | (c >> 18)));
            out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        }
    }
    return out;
}

std::string to_utf8(std::u32string_view text) { return encode_utf8(text); }

// ---- character folding -----------------------------------------------------------

namespace {

constexpr char32_t kDrop = 0xFFFFFFFF;

// One normalised character for one source character (kDrop: none).
char32_t fold(char32_t c) {
    if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;  // full-width ASCII
    switch (c) {
        case U'\t': return U'\t';
        case 0x3000: case 0x00A0: case 0x1680: case 0x202F: case 0x205F: return U' ';
        case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF: case 0x00AD: return kDrop;
        case U'~': case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
        case 0x2212: case 0xFE58: case 0xFE63: case 0x2500: case 0x2501: case 0x2E3A: case 0x2E3B:
        case 0x301C: case 0x2053: case 0x223C:
            return U'-';
        case U'[': case 0x3010: case 0x3014: case 0x3016: return U'(';
        case U']': case 0x3011: case 0x3015: case 0x3017: return U')';
        case 0x2236: case 0xFE55: return U':';
        case 0x2502: return U'|';
        default: break;
    }
    if (c >= 0x2002 && c <= 0x200A) return U' ';
    if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0)) return U' ';  // other control characters
    return c;
}

bool ascii_alpha(char32_t c) { return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z'); }
char32_t ascii_lower(char32_t c) { return (c >= U'A' && c <= U'Z') ? c + 32 : c; }

bool equals_lower(std::u32string_view text, std::size_t at, std::string_view word) {
    if (at + word.size() > text.size()) return false;
    for (std::size_t k = 0; k < word.size(); ++k)
        if (ascii_lower(text[at + k]) != static_cast<char32_t>(word[k])) return false;
    return true;
}

// Finds `word` (lower-case ASCII) case-insensitively from `at`.
std::size_t find_lower(std::u32string_view text, std::size_t at, std::string_view word) {
    for (std::size_t i = at; i + word.size() <= text.size(); ++i)
        if (equals_lower(text, i, word)) return i;
    return std::u32string_view::npos;
}

constexpr std::size_t kMaxTag = 2000;  // a '<' without '>' this close is text

enum class TagEffect { None, LineBreak, RowStart, RowEnd, Cell, SkipBlock };

struct Tag {
    std::size_t end = 0;  // one past '>'
    TagEffect effect = TagEffect::None;
    std::string name;
    int rowspan = 1, colspan = 1;  // of a <td>/<th>
};

constexpr int kMaxSpan = 1000;  // larger spans are markup errors; capped so a page cannot blow up

// The value of a numeric attribute (rowspan="5", rowspan=5) in doc[begin, end), or 1.
int span_attribute(std::u32string_view doc, std::size_t begin, std::size_t end, std::string_view name) {
    for (std::size_t at = find_lower(doc.substr(0, end), begin, name); at != std::u32string_view::npos;
         at = find_lower(doc.substr(0, end), at + 1, name)) {
        std::size_t i = at + name.size();
        while (i < end && doc[i] == U' ') ++i;
        if (i >= end || doc[i] != U'=') continue;
        ++i;
        while (i < end && (doc[i] == U' ' || doc[i] == U'"' || doc[i] == U'\'')) ++i;
        int value = 0;
        bool digits = false;
        for (; i < end && doc[i] >= U'0' && doc[i] <= U'9'; ++i) {
            value = std::min(kMaxSpan, value * 10 + static_cast<int>(doc[i] - U'0'));
            digits = true;
        }
        return digits && value > 0 ? value : 1;
    }
    return 1;
}

// `unclosed_comment_from`: no "-->" follows this offset (found once, so that
// many "<!--" without an end cost one scan, not one each).
bool parse_tag(std::u32string_view doc, std::size_t at, Tag& tag, std::size_t& unclosed_comment_from) {
    const std::size_t n = doc.size();
    if (at + 1 >= n) return false;
    if (equals_lower(doc, at, "<!--")) {
        if (at >= unclosed_comment_from) return false;
        const std::size_t close = find_lower(doc, at + 4, "-->");
        if (close == std::u32string_view::npos) {
            unclosed_comment_from = at;
            return false;
        }
        tag.end = close + 3;
        return true;
    }
    std::size_t i = at + 1;
    const bool closing = doc[i] == U'/';
    if (closing) ++i;
    if (i >= n || !(ascii_alpha(doc[i]) || (!closing && doc[i] == U'!'))) return false;
    std::size_t name_begin = i;
    while (i < n && (ascii_alpha(doc[i]) || (doc[i] >= U'0' && doc[i] <= U'9') || doc[i] == U'!')) ++i;
    for (std::size_t k = name_begin; k < i; ++k) tag.name.push_back(static_cast<char>(ascii_lower(doc[k])));
    while (i < n && i - at < kMaxTag && doc[i] != U'>' && doc[i] != U'<') ++i;
    if (i >= n || doc[i] != U'>') return false;
    tag.end = i + 1;
    static const char* const kBlocks[] = {"br", "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
                                          "table", "thead", "tbody", "tfoot", "section", "article", "header",
                                          "footer", "title", "blockquote", "dd", "dt", "dl", "hr", "caption",
                                          "pre", "nav", "aside", "figure", "figcaption", "form", "main", "body",
                                          "html", "head"};
    const std::string& name = tag.name;
    if (name == "tr") tag.effect = closing ? TagEffect::RowEnd : TagEffect::RowStart;
    else if (name == "td" || name == "th") {
        tag.effect = closing ? TagEffect::None : TagEffect::Cell;
        if (!closing) {
            tag.rowspan = span_attribute(doc, name_begin, i, "rowspan");
            tag.colspan = span_attribute(doc, name_begin, i, "colspan");
        }
    }
    else if ((name == "script" || name == "style") && !closing && doc[i - 1] != U'/') tag.effect = TagEffect::SkipBlock;
    else if (std::find(std::begin(kBlocks), std::end(kBlocks), name) != std::end(kBlocks)) tag.effect = TagEffect::LineBreak;
    return true;
}

// "&name;" or "&#NNN;" / "&#xHH;" -> the character; false when not an entity.
bool parse_entity(std::u32string_view doc, std::size_t at, char32_t& value, std::size_t& end) {
    const std::size_t limit = std::min(doc.size(), at + 12);
    std::size_t semi = at + 1;
    while (semi < limit && doc[semi] != U';') ++semi;
    if (semi >= limit || semi == at + 1) return false;
    std::u32string_view body = doc.substr(at + 1, semi - at - 1);
    end = semi + 1;
    if (body[0] == U'#') {
        const bool hex = body.size() > 1 && (body[1] == U'x' || body[1] == U'X');
        std::size_t k = hex ? 2 : 1;
        if (k >= body.size()) return false;
        std::uint32_t v = 0;
        for (; k < body.size(); ++k) {
            const char32_t d = body[k];
            std::uint32_t digit;
            if (d >= U'0' && d <= U'9') digit = d - U'0';
            else if (hex && ascii_lower(d) >= U'a' && ascii_lower(d) <= U'f') digit = ascii_lower(d) - U'a' + 10;
            else return false;
            v = v * (hex ? 16 : 10) + digit;
            if (v > 0x10FFFF) return false;
        }
        if (v == 0 || (v >= 0xD800 && v <= 0xDFFF)) return false;
        value = v;
        return true;
    }
    static const std::pair<const char*, char32_t> kNamed[] = {
        {"nbsp", 0xA0}, {"amp", U'&'}, {"lt", U'<'}, {"gt", U'>'}, {"quot", U'"'}, {"apos", U'\''},
        {"mdash", 0x2014}, {"ndash", 0x2013}, {"hellip", 0x2026}, {"middot", 0xB7}, {"ldquo", 0x201C},
        {"rdquo", 0x201D}, {"lsquo", 0x2018}, {"rsquo", 0x2019}, {"emsp", U' '}, {"ensp", U' '},
        {"thinsp", U' '}, {"times", 0xD7}, {"copy", 0xA9}};
    for (const auto& [name, cp] : kNamed) {
        const std::string_view w(name);
        if (body.size() != w.size()) continue;
        bool same = true;
        for (std::size_t k = 0; k < w.size(); ++k) same = same && body[k] == static_cast<char32_t>(w[k]);
        if (same) {
            value = cp;
            return true;
        }
    }
    return false;
}

}  // namespace

std::vector<WorkLine> normalize_lines(const std::u32string& doc) {
    std::vector<WorkLine> lines;
    WorkLine line;
    bool in_row = false;         // inside <tr>: newlines and block tags do not end the line
    bool row_has_cell = false;   // a '|' goes before every cell of a row but the first
    std::size_t unclosed_comment_from = doc.size();
    // Cells with rowspan: a cell spanning rows is repeated in each row it
    // spans (a region cell over five rows), so that every row reads whole.
    struct Span {
        int column = 0, rows_left = 0;
        std::u32string text;
        bool used = false;  // repeated in the current row
    };
    std::vector<Span> spans, fresh;  // spans of earlier rows; those opened in this row
    int column = 0;                  // the current row's next column
    bool cell_open = false;
    std::size_t cell_start = 0;  // where the open cell's text starts in line.text
    int cell_column = 0, cell_rows = 1;
    const auto n = static_cast<Offset>(doc.size());
    auto emit = [&](char32_t c, Offset from, Offset to) {
        const char32_t f = fold(c);
        if (f == kDrop) return;
        line.text.push_back(f);
        line.from.push_back(from);
        line.to.push_back(to);
    };
    auto end_line = [&](Offset end, Offset next_begin) {
        line.end = std::max(line.begin, end);
        lines.push_back(std::move(line));
        line = WorkLine{};
        line.begin = next_begin;
        row_has_cell = false;
    };
    // The open cell ends (at the next cell or the row's end): kept if it spans rows.
    auto close_cell = [&] {
        if (cell_open && cell_rows > 1)
            fresh.push_back({cell_column, cell_rows - 1, line.text.substr(cell_start), false});
        cell_open = false;
    };
    // Repeats the spans of earlier rows that cover the current column (all
    // that are left, at the row's end), mapped to the tag [from, to) that
    // repeats them: a pair read from them has a span in its own row.
    auto repeat_spans = [&](Offset from, Offset to, bool row_end) {
        for (bool again = true; again;) {
            again = false;
            for (Span& s : spans) {
                if (s.used || s.rows_left <= 0 || (s.column != column && !(row_end && s.column > column))) continue;
                if (row_has_cell) emit(U'|', from, to);
                row_has_cell = true;
                for (char32_t c : s.text) {
                    line.text.push_back(c);
                    line.from.push_back(from);
                    line.to.push_back(to);
                }
                s.used = true;
                column = std::max(column, s.column) + 1;
                again = true;
            }
        }
    };
    auto end_row = [&](Offset from, Offset to) {
        close_cell();
        repeat_spans(from, to, true);  // also into a row of no cells of its own (<tr></tr>)
        for (Span& s : spans) {
            --s.rows_left;
            s.used = false;
        }
        spans.erase(std::remove_if(spans.begin(), spans.end(), [](const Span& s) { return s.rows_left <= 0; }),
                    spans.end());
        for (Span& s : fresh) spans.push_back(std::move(s));
        fresh.clear();
        std::stable_sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.column < b.column; });
        column = 0;
    };
    for (Offset i = 0; i < n; ++i) {
        const char32_t c = doc[static_cast<std::size_t>(i)];
        if (c == U'\n') {
            if (in_row) {
                emit(U' ', i, i + 1);
            } else {
                end_line(i > 0 && doc[static_cast<std::size_t>(i - 1)] == U'\r' ? i - 1 : i, i + 1);
            }
            continue;
        }
        if (c == U'\r') continue;
        if (c == U'<') {
            Tag tag;
            if (parse_tag(doc, static_cast<std::size_t>(i), tag, unclosed_comment_from)) {
                const auto tag_end = static_cast<Offset>(tag.end);
                switch (tag.effect) {
                    case TagEffect::None: break;
                    case TagEffect::Cell:
                        close_cell();
                        repeat_spans(i, tag_end, false);
                        if (row_has_cell) emit(U'|', i, tag_end);
                        row_has_cell = true;
                        cell_open = true;
                        cell_start = line.text.size();
                        cell_column = column;
                        cell_rows = in_row ? tag.rowspan : 1;
                        column += tag.colspan;
                        break;
                    case TagEffect::LineBreak:
                        if (tag.name == "table") {  // a new or ended table: no span carries over
                            if (in_row) end_row(i, tag_end);
                            in_row = false;
                            spans.clear();
                        }
                        if (in_row) emit(U' ', i, tag_end);
                        else end_line(i, tag_end);
                        break;
                    case TagEffect::RowStart:
                        if (in_row) end_row(i, tag_end);
                        end_line(i, tag_end);
                        in_row = true;
                        break;
                    case TagEffect::RowEnd:
                        if (in_row) end_row(i, tag_end);
                        in_row = false;
                        end_line(i, tag_end);
                        break;
                    case TagEffect::SkipBlock: {
                        const std::string close = "</" + tag.name;
                        std::size_t at = find_lower(doc, tag.end, close);
                        Tag closing;
                        if (at != std::u32string::npos && parse_tag(doc, at, closing, unclosed_comment_from)) {
                            i = static_cast<Offset>(closing.end) - 1;
                            continue;
                        }
                        i = n - 1;  // never closed: the rest is script
                        continue;
                    }
                }
                i = tag_end - 1;
                continue;
            }
        }
        if (c == U'&') {
            char32_t value = 0;
            std::size_t end = 0;
            if (parse_entity(doc, static_cast<std::size_t>(i), value, end)) {
                emit(value, i, static_cast<Offset>(end));
                i = static_cast<Offset>(end) - 1;
                continue;
            }
        }
        emit(c, i, i + 1);
    }
    end_line(n, n);
    return lines;
}

// ---- traditional -> simplified ---------------------------------------------------

namespace {

// One OpenCC converter per configuration, opened on first use and kept, with
// a memo of single-character conversions (most lines have nothing to convert,
// and this finds out without a call into OpenCC).
class Converters {
  public:
    static Converters& instance() {
        static Converters converters;
        return converters;
    }

    std::string convert(const std::string& config, const std::string& utf8) {
        std::lock_guard<std::mutex> lock(mutex_);
        return convert_locked(open(config), utf8);
    }

    // t2s of one character on its own; the character itself when it maps to
    // anything but one character.
    char32_t convert_one(const std::string& config, char32_t c) {
        std::lock_guard<std::mutex> lock(mutex_);
        return convert_one_locked(config, c);
    }

    // True if some character of the text converts, other than those also in simplified use.
    template <class Keep>
    bool any_converts(const std::string& config, std::u32string_view text, Keep keep) {
        std::lock_guard<std::mutex> lock(mutex_);
        for (char32_t c : text)
            if (is_cjk(c) && !keep(c) && convert_one_locked(config, c) != c) return true;
        return false;
    }

    ~Converters() {
        for (auto& [config, converter] : open_) opencc_close(converter.handle);
    }

  private:
    struct Converter {
        opencc_t handle;
        std::unordered_map<char32_t, char32_t> single;
    };

    Converter& open(const std::string& config) {
        auto it = open_.find(config);
        if (it == open_.end()) {
            opencc_t handle = opencc_open(config.c_str());
            if (handle == reinterpret_cast<opencc_t>(-1)) {
                const char* why = opencc_error();
                throw FileError(config, std::string("cannot load the OpenCC configuration (") +
                                            (why ? why : "unknown error") +
                                            "); install libopencc-data or pass a path to t2s.json");
            }
            it = open_.emplace(config, Converter{handle, {}}).first;
        }
        return it->second;
    }

    static std::string convert_locked(Converter& converter, const std::string& utf8) {
        char* converted = opencc_convert_utf8(converter.handle, utf8.data(), utf8.size());
        if (!converted) return utf8;
        std::string out(converted);
        opencc_convert_utf8_free(converted);
        return out;
    }

    char32_t convert_one_locked(const std::string& config, char32_t c) {
        Converter& converter = open(config);
        auto [it, fresh] = converter.single.emplace(c, c);
        if (fresh) {
            const std::u32string one = decode_utf8(convert_locked(converter, encode_utf8(std::u32string(1, c))),
                                                   Utf8Errors::Replace, "");
            if (one.size() == 1) it->second = one[0];
        }
        return it->second;
    }

    std::mutex mutex_;
    std::map<std::string, Converter> open_;
};

// Characters t2s changes that are also in everyday simplified use (乾安县,
// 著名, 於 as a surname): on their own they do not make a line traditional.
bool also_simplified(char32_t c) {
    switch (c) {
        case U'乾': case U'於': case U'著': case U'藉': case U'瞭': case U'覆': case U'夥': case U'麽': case U'蘋':
            return true;
        default: return false;
    }
}

}  // namespace

// A line is converted only when t2s changes one of its characters outside
// also_simplified(), so simplified text passes through untouched. When the
// phrase-level conversion keeps the number of characters, it is used as is
// (character i of the output replaces character i); otherwise each character
// is converted on its own, which keeps the alignment with the source.
void simplify(WorkLine& line, const std::string& opencc_config) {
    auto& converters = Converters::instance();
    if (!converters.any_converts(opencc_config, line.text, also_simplified)) return;
    const std::u32string whole =
        decode_utf8(converters.convert(opencc_config, encode_utf8(line.text)), Utf8Errors::Replace, "");
    if (whole.size() == line.text.size()) {
        line.text = whole;
        return;
    }
    for (char32_t& c : line.text)
        if (is_cjk(c)) c = converters.convert_one(opencc_config, c);
}

}  // namespace duikou::io::text_detail

namespace duikou::io::text_detail {

namespace {

bool is_tone_vowel(char32_t c) { return std::u32string_view(U"āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü").find(c) != std::u32string_view::npos; }
bool is_pinyin_letter(char32_t c) { return (c >= U'a' && c <= U'z') || is_tone_vowel(c); }

}  // namespace

void drop_pinyin(WorkLine& line) {
    const std::u32string& t = line.text;
    std::vector<bool> keep(t.size(), true);
    bool dropped = false;
    for (std::size_t i = 1; i < t.size(); ++i) {
        if (t[i] != U'(' && t[i] != U'?') continue;
        if (t[i] == U'(' && !is_cjk(t[i - 1])) continue;
        std::size_t j = i + 1;
        bool tone = false;
        for (; j < t.size() && j - i <= 8 && is_pinyin_letter(t[j]); ++j)
            if (is_tone_vowel(t[j])) tone = true;
        if (j == i + 1) continue;
        std::size_t last = j;  // one past the garble
        if (t[i] == U'(') {
            if (j >= t.size() || t[j] != U')') continue;
            last = j + 1;
        } else if (!tone) {
            continue;  // "?abc" without a tone mark may be real text
        }
        for (std::size_t k = i; k < last; ++k) keep[k] = false;
        dropped = true;
        i = last - 1;
    }
    if (!dropped) return;
    WorkLine out;
    out.begin = line.begin;
    out.end = line.end;
    for (std::size_t k = 0; k < t.size(); ++k)
        if (keep[k]) {
            out.text.push_back(t[k]);
            out.from.push_back(line.from[k]);
            out.to.push_back(line.to[k]);
        }
    line = std::move(out);
}

}  // namespace duikou::io::text_detail

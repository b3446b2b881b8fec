// Internals of the text extractor (text_*.cpp), shared between its files only.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "duikou/io/text.hpp"

namespace duikou::io::text_detail {

using Offset = std::int64_t;

// ---- text_normalize.cpp --------------------------------------------------------

// Code points of UTF-8 bytes. Strict: InputError at the first ill-formed byte
// (also UTF-16 byte-order marks and NUL bytes, as require_utf8). Replace: one
// U+FFFD per maximal ill-formed subpart, as Python's decoder does.
std::u32string decode_utf8(std::string_view bytes, Utf8Errors errors, const std::string& source);
std::string encode_utf8(std::u32string_view text);

// A logical line: normalised characters, each with the range [from, to) of the
// document (code-point offsets) it came from.
struct WorkLine {
    std::u32string text;
    std::vector<Offset> from, to;
    Offset begin = 0, end = 0;  // the original range of the whole line
};

// Splits the document into logical lines and normalises them (HTML, widths,
// dashes, brackets, spaces); see text.hpp.
std::vector<WorkLine> normalize_lines(const std::u32string& document);

// Converts traditional characters to simplified in place, keeping one output
// character per input character; see text_normalize.cpp for when a line is
// left alone. Throws FileError when the OpenCC configuration cannot be loaded.
void simplify(WorkLine& line, const std::string& opencc_config);

// Removes pinyin inserted after characters by spam mirrors: 區(qū), 關(guān),
// 日?qǐng (a '?' and a toned syllable). Run after simplify.
void drop_pinyin(WorkLine& line);

// Drops a comma doubled by spam mirrors before another mark (桑珠孜,、白朗 -> 桑珠孜、白朗;
// 30年来,, -> 30年来,): no text writes a comma right before 、 , 。 or ;.
void drop_doubled_punctuation(WorkLine& line);

// ---- text_names.cpp ------------------------------------------------------------

// The dictionary of known names the current extraction uses (null: none).
// Set for the duration of one extract_pairs call on its thread, so the name
// readers below need no extra parameter.
const PlaceNames* known_names();
class KnownNamesScope {
  public:
    explicit KnownNamesScope(const PlaceNames* names);
    ~KnownNamesScope();
    KnownNamesScope(const KnownNamesScope&) = delete;
    KnownNamesScope& operator=(const KnownNamesScope&) = delete;

  private:
    const PlaceNames* previous_;
};
// 我省, 本市, 该县: a pronoun for a place (resolved from the document, see resolve_pronouns).
bool is_pronoun(std::u32string_view two);
// The units a form names in the dictionary (empty without one).
const std::vector<std::uint32_t>& known_units(std::u32string_view form);
// Length of the longest known form starting at text[at] (0: none).
std::size_t known_form_at(std::u32string_view text, std::size_t at, std::size_t end);

// Inline: the reader calls these for every character of every line.
inline bool is_cjk(char32_t c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0x20000 && c <= 0x2FA1F);
}
inline bool is_digit(char32_t c) { return c >= U'0' && c <= U'9'; }
inline bool is_space(char32_t c) { return c == U' '; }
inline bool starts_with_at(std::u32string_view text, std::size_t at, std::u32string_view word) {
    return at <= text.size() && text.size() - at >= word.size() && text.compare(at, word.size(), word) == 0;
}
inline bool ends_with_at(std::u32string_view text, std::size_t end, std::u32string_view word) {
    return end <= text.size() && end >= word.size() && text.compare(end - word.size(), word.size(), word) == 0;
}

// How sure a context makes us that a cell holds a place name.
enum class Strictness {
    Structured,  // numbered item, table row, line under a header: any CJK name
    Certain,     // prose or a bare line: the name must end in an administrative suffix
};

// A place name found in a line; [begin, end) are indices into the WorkLine,
// covering the name and its annotations.
struct Name {
    std::u32string name;
    std::u32string province;  // prefix (河北省张家口市) or bracketed province (深圳市（广东省）)
    std::u32string parent;    // city or corps prefix (宝鸡市太白县 -> 宝鸡市, 兵团第三师 -> 兵团)
    std::u32string region;    // bracketed annotation that is neither a province nor a date
    std::size_t begin = 0, end = 0;
};

// Units of an administrative name chained from `begin`: returns the end of
// the longest chain (begin when no unit starts there), e.g. 河北省张家口市, 恩施州利川市.
// A unit is a stem with a suffix, a known name (温州泰顺, with a dictionary),
// a corps prefix (新疆生产建设兵团, 兵团) or a division (第三师, 一师).
std::size_t name_chain_end(std::u32string_view text, std::size_t begin, std::size_t end);
// The ends of the units of that chain (empty when no unit starts at begin).
std::vector<std::size_t> name_chain_units(std::u32string_view text, std::size_t begin, std::size_t end);
// 天等县, 崇左市天等: the character at text[at] belongs to a known name (dictionary) of the
// chain of units starting at `begin`, so a 等 there is no "etc." that ends a list.
bool inside_known_name(std::u32string_view text, std::size_t begin, std::size_t at, std::size_t end);
// The same, read back from a name's end: a known form that starts in [lower, at] covers text[at].
bool known_name_over(std::u32string_view text, std::size_t lower, std::size_t at, std::size_t end);
bool is_province_name(std::u32string_view text);
// The short province a name starts with (河北省张家口市 -> 河北, 兵团第三师 -> 兵团); empty: none.
std::u32string_view province_prefix(std::u32string_view text);
// True when the name at text[s, e) starts with a unit the reader knows (a
// province, a dictionary name, a division), not a stem that merely ends in a suffix.
bool known_name_at(std::u32string_view text, std::size_t s, std::size_t e);
// The name without its administrative suffix (梅州市 -> 梅州, 广西壮族自治区 -> 广西): compares 梅州 with 梅州市.
std::u32string stem_of(std::u32string_view name);

// Counts of places (text_counts.cpp). A numeral: 0-9, 一 ... 十, 两, 百.
bool is_numeral(char32_t c);
// The value of a count at text[at] (12, 四, 十二, 二十, 两) and where it ends; -1: none.
int count_at(std::u32string_view text, std::size_t at, std::size_t& end);
// The value of a count of places at text[at] (4个, 三座, 三市): a count, then a character
// of `words`; -1 when none follows.
int count_of_places_at(std::u32string_view text, std::size_t at, std::u32string_view words = U"个座市县区省州地");
// Where a count of places ending at `end` starts (三县, 3个城市, 两省区, 2个师): numerals
// after `begin`, 个 or 座, then the first of `words` that ends the text; `end` when none.
std::size_t count_start_before(std::u32string_view text, std::size_t begin, std::size_t end,
                               std::initializer_list<std::u32string_view> words);
// A list closed by "N个<word for places>" ending at `end` (4个东部发达城市): sets `count` to
// where its numerals start.
bool closed_by_count(std::u32string_view c, std::size_t end, std::size_t& count);
// A count of schools, hospitals or firms at `at` (二十所, 十多所, 三家).
bool counts_institutions_at(std::u32string_view c, std::size_t at);

// True for category words that are not places (发达省市, 革命老区重点城市, 国家级新区).
bool is_generic(std::u32string_view name);

// Reads one name with its trailing annotations from text[begin, end)
// (whitespace around it ignored). Returns false when it is not a name.
bool read_name(std::u32string_view text, std::size_t begin, std::size_t end, Strictness strictness, Name& out);

// Reads the name that starts text[begin, end) in prose (a chain of units, a
// modifier ending in 的 skipped) with its annotations; the rest is ignored.
bool read_name_at(std::u32string_view text, std::size_t begin, std::size_t end, Name& out);

// Splits text[begin, end) into names at 、 , ; / and at 和 及 与 以及 after a
// complete name; a province prefix carries over to the following names
// (四川省甘孜州、阿坝州). `prose` also drops trailing counts (三市, 等3个城市) and
// reads only the name at the start of each item. Returns false if any item is
// not a name.
bool read_name_list(std::u32string_view text, std::size_t begin, std::size_t end, Strictness strictness,
                    bool prose, std::vector<Name>& out);

// The name that ends at `end` in prose (walking back to a function word,
// punctuation or the clause start); trailing adverbs (则 也 已 ...) and an
// annotation before `end` are allowed. Returns false if there is none.
bool read_name_before(std::u32string_view text, std::size_t clause_begin, std::size_t end, Name& out);

// Role of a header cell: 受援城市 -> Recipient, 支援方 -> Partner, 所属老区 -> Region, 序号 -> Ignored,
// 天津结对区 -> Paired (the side opposite the other role column of the header).
enum class ColumnRole { Unknown, Recipient, Partner, Region, Ignored, Paired };
ColumnRole column_role(std::u32string_view cell);

// Lines that are never pairings: contact blocks, copyright, photo captions.
bool is_noise_line(std::u32string_view line);

// Length of a list number at `at` ("1." "10、" "(3)" "（一）" "①") or bullet ("- " "* "),
// including following spaces; 0 if none. `counted` is false for a bullet.
std::size_t numbering_length(std::u32string_view line, std::size_t at, bool& counted);

std::string to_utf8(std::u32string_view text);

}  // namespace duikou::io::text_detail

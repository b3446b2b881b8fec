// Pairings extracted from the text of a policy document, news article or web page.
//
// The extractor reads UTF-8 line by line. Each line is first normalised:
// HTML tags and entities are removed (block tags end a line, table cells
// become '|' separators, a <tr> spanning several lines is one line), full-width
// ASCII is folded to half-width, dash variants (— – ― －  ~ ～ ...) become '-',
// 【】〔〕［］ become (), and traditional characters are converted to simplified
// with OpenCC (t2s.json). Every normalised character remembers the range of the
// original text it came from, so spans always point into the text as given.
//
// Statements recognised (see python/duikou/document.py for the full rules):
//   list lines     "1. 赣州市(赣闽粤原中央苏区)——深圳市", "上海市——六安市", "浙江省：四川省甘孜州、阿坝州"
//   table rows     cells split by '|' or tabs, under a header naming the sides (受援城市|支援城市|所属老区)
//   prose clauses  "X帮扶A、B和C", "A由X对口支援", "A市与B市建立对口合作关系", "X则和A、B结对"
// Which side is the recipient is read from, in this order: a directed verb
// (帮扶, 支援, 援助, 援建, 对口合作 ... : the subject is the partner), the header of
// the list or table, the region annotation (the annotated side is the
// recipient); conflicting evidence is a warning. Statements with none of
// these use the roles other statements of the document give their names, then
// the one-to-many rule (the single side is the partner), then the direction of
// the other lines of their block of list lines, then
// TextOptions::default_order; otherwise they are a warning.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <string_view>
#include <vector>

namespace duikou::io {

// What to do with bytes that are not UTF-8.
enum class Utf8Errors {
    Strict,   // throw InputError naming the line and byte offset
    Replace,  // each maximal ill-formed subsequence becomes U+FFFD (as Python's bytes.decode(errors="replace"))
};

// How to read a statement whose direction the document does not tell.
enum class DefaultOrder { None, RecipientFirst, PartnerFirst };

enum class StatementForm { List, Table, Prose };

// The evidence that decided which side is the recipient: in the statement
// (verb, header, annotation), or from the whole document: the roles other
// statements give the names (context), membership (each name's parent is a
// side of a pair stated at a higher level), the issuer's pronouns (我市 ...),
// the program's convention (the developed east helps; the higher level helps),
// one-to-many, default order.
enum class DirectionBasis { Verb, Header, Annotation, Context, Membership, Issuer, Convention, OneToMany,
                            DefaultOrder };

// Known place names (a gazetteer's full names and short forms) with each
// unit's level and parents. Optional: without it names need an
// administrative suffix; with it the reader also accepts 梅州, 苍南, 北川 and
// decides direction by membership and program convention. Build once, share
// between calls (it is immutable).
class PlaceNames {
  public:
    enum class Level : std::uint8_t { Province, City, County, Division };
    struct Unit {
        std::u32string name, prefecture, province;  // full names; prefecture empty for a province
        Level level = Level::City;
    };
    // Parallel columns, one row per (form, unit): form as written, the unit's
    // full name, level ("province", "city", "county", "division"),
    // prefecture and province (full names). Throws std::invalid_argument on a
    // length mismatch or an unknown level, InputError on invalid UTF-8.
    PlaceNames(const std::vector<std::string>& forms, const std::vector<std::string>& names,
               const std::vector<std::string>& levels, const std::vector<std::string>& prefectures,
               const std::vector<std::string>& provinces);
    // The units a form names (empty: none).
    const std::vector<std::uint32_t>& find(std::u32string_view form) const;
    const Unit& unit(std::uint32_t id) const { return units_[id]; }
    std::size_t longest_form() const { return longest_; }
    std::size_t size() const { return units_.size(); }

    // Length of the longest form `text` starts with (0: none): one walk down a
    // trie of the forms, so most positions of a text cost one or two loads.
    std::size_t longest_prefix(std::u32string_view text) const;
    // Bit n is set when a form of n characters ends with `c` (0: none): the
    // reader looks up only those lengths.
    std::uint64_t lengths_to(char32_t c) const {
        if (c < kDense) return last_dense_[c];
        const auto it = last_rest_.find(c);
        return it == last_rest_.end() ? 0 : it->second;
    }

  private:
    // FNV-1a over code points: forms are short, and std::hash hashes their bytes.
    struct FormHash {
        std::size_t operator()(std::u32string_view form) const noexcept {
            std::uint64_t h = 14695981039346656037ull;
            for (char32_t c : form) h = (h ^ c) * 1099511628211ull;
            return static_cast<std::size_t>(h);
        }
    };
    // Tables indexed by code point below kDense (every CJK character of the
    // basic plane), maps above.
    static constexpr char32_t kDense = 0xA000;
    struct TrieNode {
        std::vector<std::pair<char32_t, std::uint32_t>> children;  // sorted by character
        bool form = false;                                         // a form ends here
    };
    void add_to_trie(std::u32string_view form);

    std::vector<Unit> units_;
    std::deque<std::u32string> storage_;  // the forms; the map's keys view into it (stable addresses)
    std::unordered_map<std::u32string_view, std::vector<std::uint32_t>, FormHash> forms_;
    std::vector<TrieNode> trie_;  // trie_[0] is the root; its children are in root_dense_ / root_rest_
    std::vector<std::uint32_t> root_dense_ = std::vector<std::uint32_t>(kDense, 0);  // 0: no form starts here
    std::unordered_map<char32_t, std::uint32_t> root_rest_;
    std::vector<std::uint64_t> last_dense_ = std::vector<std::uint64_t>(kDense, 0);
    std::unordered_map<char32_t, std::uint64_t> last_rest_;
    std::size_t longest_ = 0;
};

const char* form_name(StatementForm form);
const char* basis_name(DirectionBasis basis);

struct TextOptions {
    std::string source = "<string>";  // names the input in errors
    Utf8Errors errors = Utf8Errors::Strict;
    DefaultOrder default_order = DefaultOrder::None;
    std::string opencc_config = "t2s.json";  // a path, or a file name in OpenCC's data directory
    std::shared_ptr<const PlaceNames> names;  // optional dictionary of known names
};

// One statement of a pair. Names are as written (after simplification), with
// the region annotation and a province prefix (河北省张家口市) split off.
struct TextPair {
    std::string recipient;
    std::string partner;
    std::string region;              // empty: none given
    std::string recipient_province;  // province prefix or annotation of the recipient; empty: none
    std::string partner_province;
    std::string recipient_parent;  // city or corps prefix written before the name (宝鸡市太白县); empty: none
    std::string partner_parent;
    std::int64_t line = 0;   // 1-based line of `start`
    std::int64_t start = 0;  // [start, end): code-point offsets into the decoded text (Python str indices)
    std::int64_t end = 0;
    std::string text;  // the original line(s) holding the statement, in the original script
    StatementForm form = StatementForm::List;
    DirectionBasis basis = DirectionBasis::Verb;
};

// A later statement of an extracted pair (a prose sentence restating a list
// item, or a repeated line): kept out of `pairs`, never silently dropped.
struct TextMention {
    TextPair statement;
    std::size_t pair = 0;  // index into TextExtraction::pairs
};

// A line that looks like a pairing but could not be read.
struct TextWarning {
    std::int64_t line = 0;
    std::string text;
    std::string reason;
};

// A line that names two or more places but gave no pair, with the reason
// (a visit, a friendship, a replaced pair, names with no pairing verb ...):
// what a user reads to fix the last few by hand.
struct TextUnread {
    std::int64_t line = 0;
    std::string text;
    std::string names;   // the places named, joined by 、
    std::string reason;
};

struct TextExtraction {
    std::string text;  // the decoded document (UTF-8; U+FFFD where bytes were replaced)
    std::vector<TextPair> pairs;  // one per distinct (recipient, partner), in document order
    std::vector<TextMention> mentions;
    std::vector<TextWarning> warnings;
    std::vector<TextUnread> unread;  // lines naming places without a pair (warned lines included)
};

// Throws InputError (invalid UTF-8 in strict mode) and FileError (OpenCC
// configuration missing). Each distinct (recipient, partner) appears once in
// `pairs`: a list or table statement is preferred to prose, then the first.
TextExtraction extract_pairs(std::string_view text, const TextOptions& options = {});

// Reads a file and extracts from it; options.source is replaced by the path.
TextExtraction read_text_document(const std::string& path, TextOptions options = {});

}  // namespace duikou::io

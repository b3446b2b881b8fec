// Internals of the text extractor: the Extractor that reads one document,
// shared by the files of its stages (text_*.cpp) and by nothing else.
//   text_normalize.cpp  decoding, HTML, widths, brackets, traditional script, pinyin garble
//   text_names.cpp      place names, annotations, prefixes, header cells, noise lines
//   text_dictionary.cpp the optional dictionary of known names (PlaceNames)
//   text_formats.cpp    list lines and tables (headers, cells, separators)
//   text_statement.cpp  prose statements (verbs, 由, 分别, symmetric 与/和, replaced pairs)
//   text_document.cpp   document-level evidence (membership, issuer, conventions, ended pairs)
//   text_direction.cpp  deciding which side is the recipient
//   text_extract.cpp    the entry points, pairs, mentions and unread lines
#pragma once

#include <functional>
#include <optional>
#include <unordered_map>
#include <string>
#include <utility>
#include <vector>

#include "duikou/io/text.hpp"
#include "text_detail.hpp"

namespace duikou::io::text_detail {

using Range = std::pair<std::size_t, std::size_t>;

// Direction votes: +1 the left side is the partner, -1 it is the recipient.
struct Statement {
    StatementForm form = StatementForm::List;
    std::size_t line = 0;               // index of the WorkLine
    std::vector<Name> left, right;      // begin/end index the WorkLine's text
    int verb = 0, header = 0;
    std::u32string row_region;  // the region column of a table row
    std::size_t block = 0;      // consecutive list lines of one kind share a block (0: prose)
    int role = 0;               // a role word (受援方的A): -1 the left side is the recipient
    bool ended = false;         // the text says the pair ended or was replaced (不再帮扶, 此前由X帮扶的Y调整为)
    // Evidence that is no pair itself: a header naming the two columns' parents (宁波市|延边州), a
    // statement about groups (宁波市各区县与延边州各市县结对). Decided like any statement, never read out.
    bool hidden = false;
    std::size_t parents = kNoStatement;  // a row under a header of parents: that header's statement
    // Two names with no word pairing them (鄞州区 和龙市, 余姚市、延吉市): a pair only if
    // membership puts them on the two sides of a pair the document states; else a note.
    bool membership_only = false;
    static constexpr std::size_t kNoStatement = static_cast<std::size_t>(-1);
};

// Spaced: cells apart by runs of spaces (PDF text tables) or two names apart by one space.
enum class Kind { None, Table, Dash, Colon, Spaced };

inline bool is_dash(char32_t c) { return c == U'-'; }

// Blocks of the dash pairs of one prose line (密云区——玉树市,昌平区——曲麻莱县) start here.
constexpr std::size_t kProseDashBlock = std::size_t(1) << 40;

// A prose clause with spaces removed (PDF text spaces out characters); at[i]
// is the WorkLine index of clause character i.
struct Clause {
    std::u32string text;
    std::vector<std::size_t> at;
    std::size_t sentence = 0;  // clauses of one sentence (up to 。!?) share it
};

// A line that named places without giving a pair, and why (see TextUnread).
struct LineNote {
    std::size_t line;
    std::string reason;
};

class Extractor {
  public:
    Extractor(const std::u32string& document, const TextOptions& options)
        : document_(document), options_(options), lines_(normalize_lines(document)) {
        for (auto& line : lines_) {
            drop_pinyin(line);
            simplify(line, options_.opencc_config);
            drop_doubled_punctuation(line);
        }
        join_continuations();
        line_starts_.push_back(0);
        for (std::size_t i = 0; i < document.size(); ++i)
            if (document[i] == U'\n') line_starts_.push_back(static_cast<Offset>(i + 1));
    }

    TextExtraction run() {
        for (std::size_t i = 0; i < lines_.size(); ++i) read_line(i);
        scan_names();
        read_abbreviations();
        resolve_pronouns();
        return finish();
    }

  private:
  private:
    struct Header {
        std::vector<ColumnRole> roles;
        bool table = false;  // a table header reads table rows; any other, dash and colon lines
        // A header of parents (宁波市|延边州|): the hidden statement pairing them; its rows pair
        // the units of the two columns and take its direction.
        std::size_t parents = Statement::kNoStatement;
        std::size_t columns[2] = {0, 0};  // the cells of the two sides
    };
    struct Warning {
        std::size_t line;  // WorkLine index
        std::string reason;
    };
    enum class Outcome { Read, Warned, NotAList };

    const std::u32string& document_;
    const TextOptions& options_;
    std::vector<WorkLine> lines_;
    std::vector<Offset> line_starts_;
    std::optional<Header> header_;
    std::vector<Statement> statements_;
    std::vector<Warning> warnings_;
    std::size_t block_ = 0;              // the current block of list lines
    std::size_t sentence_statements_ = 0;  // statements_ index where the current prose sentence's start
    Kind block_kind_ = Kind::None;       // their kind; None after a line that is not a list line


    void read_line(std::size_t index);

    // Joins the lines that continue a numbered colon item (a list cut after 、,
    // a parenthesis on the next line) to it, so that the item is read as one.
    void join_continuations();

    // A line naming the columns: 帮扶方——受援方, 受援城市|支援城市|所属老区, 支援方：受援方, 支援方与受援方.
    std::optional<Header> read_header(std::u32string_view t, std::size_t b, std::size_t e) const;

    // Positions of the recipient, partner and region (kNoColumn: none)
    // columns in a row of `cells` cells under the current header, or false.
    bool map_columns(std::size_t cells, std::size_t& recipient, std::size_t& partner, std::size_t& region) const;

    // Builds a statement from a recipient cell and a partner cell named by the header.
    Outcome read_by_header(std::size_t index, std::u32string_view t, std::vector<Range> cells, StatementForm form,
                           bool numbered, std::string& problem);

    // Two cells whose roles the line itself does not say.
    Outcome read_two_cells(std::size_t index, std::u32string_view t, Range l, Range r, StatementForm form,
                           Strictness strictness, bool warn_on_failure, std::string& problem);

    Outcome read_table_row(std::size_t index, std::u32string_view t, std::size_t b, std::size_t e,
                           std::string& problem);

    // Cells apart by runs of spaces (PDF text), or two names apart by one space.
    Outcome read_spaced(std::size_t index, std::u32string_view t, std::vector<Range> cells, bool pdf,
                        std::string& problem);
    // A row of two place cells that may be a header of the columns' parents (宁波市|延边州|):
    // the next rows' names are units of them. Sets header_ and adds the hidden statement.
    bool read_parents_header(std::size_t index, std::u32string_view t, const std::vector<Range>& cells);
    Outcome read_under_parents(std::size_t index, std::u32string_view t, const std::vector<Range>& cells,
                               std::string& problem);
    // A row under a header of roles or of parents, or that header of parents itself; nothing if no header.
    std::optional<Outcome> read_under_header(std::size_t index, std::u32string_view t,
                                             std::vector<Range> cells, std::string& problem);
    // The cells of line j as a table row (pipe, tab, or runs of spaces); empty if it is none.
    std::vector<Range> row_cells(std::size_t j) const;
    // A bare line "A、B" of two names: a membership-only statement.
    bool read_two_names(std::size_t index, std::u32string_view t, std::size_t b, std::size_t e);

    Outcome read_separated(std::size_t index, std::u32string_view t, std::size_t b, std::size_t e, Kind kind,
                           bool numbered, std::string& problem);

    void read_prose(std::size_t index, std::u32string_view t, std::size_t b, std::size_t e);

    void add_prose(std::size_t index, const Clause& clause, std::vector<Name> left, std::vector<Name> right,
                   int verb);

    // `sentence`: the clauses of the clause's sentence, space-free, joined;
    // `subject`: the name that starts the sentence, in line indices (for a
    // clause that starts with its verb: 北京市……,对口支援玉树州).
    void read_clause(std::size_t index, const Clause& clause, std::u32string_view sentence,
                     const std::optional<Name>& subject);
    bool read_replaced(std::size_t index, const Clause& clause);
    bool read_groups(std::size_t index, const Clause& clause);
    void end_former(std::size_t first, std::u32string_view sentence);
    // S选派干部前往A、B开展结对帮扶: S helps A and B.
    bool read_dispatch(std::size_t index, const Clause& clause, const std::optional<Name>& subject);
    // A给了B…帮助: hidden evidence that A helps B.
    void read_help_given(std::size_t index, const Clause& clause);
    bool read_positional(std::size_t index, const Clause& first, const Clause& second);
    bool read_nominal(std::size_t index, const Clause& clause, const std::optional<Name>& subject,
                      const std::function<bool(std::size_t, std::vector<Name>&)>& names_before,
                      const std::function<void(std::vector<Name>, std::vector<Name>, int)>& add);
    void add_statement(std::size_t index, const Clause& clause, std::vector<Name> left, std::vector<Name> right,
                       int verb, StatementForm form = StatementForm::Prose);

    // Document-level evidence (text_document.cpp).
    void scan_names();
    // 甬延对口帮扶, 闽宁协作: hidden statements of the two places an abbreviation names.
    void read_abbreviations();
    void resolve_pronouns();  // 我省, 本市 -> the issuer named first; 该市 -> the city named last  // names of every line, their parents, for membership and unread lines
    std::vector<std::vector<std::u32string>> line_names_;  // per WorkLine: the places it names
    std::vector<std::vector<std::size_t>> line_name_starts_;  // ... and where each starts
    std::unordered_map<std::u32string, std::u32string> learned_parent_;  // name stem -> parent or province written before it
    std::vector<LineNote> notes_;  // lines whose statements were set aside (replaced pairs, exchanges)
    int province_tier(const Name& name) const;
    int level_rank(const Name& name) const;
    std::vector<std::u32string> parents_of(const Name& name) const;
    bool helper_named_first() const;  // the program's convention: 对口支援/帮扶/援建 name the helper first
    void unread_lines(TextExtraction& out, const std::vector<bool>& line_has_pair) const;

    std::int64_t physical_line(Offset offset) const;

    std::int64_t first_line_of(std::size_t index) const;

    std::string original_text(std::size_t index) const;

    void warn(std::size_t index, std::string reason) { warnings_.push_back({index, std::move(reason)}); }

    static std::string names_of(const std::vector<Name>& names);

    static int annotation_vote(const Statement& st);

    TextExtraction finish();

    TextExtraction collect(const std::vector<int>& direction, const std::vector<DirectionBasis>& basis);

    static constexpr std::size_t kNoColumn = static_cast<std::size_t>(-1);
};

}  // namespace duikou::io::text_detail

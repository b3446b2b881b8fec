// Text extractor, step 3: statements in lines, their direction, the pairs.
#include <algorithm>
#include <optional>
#include <unordered_map>

#include "duikou/io/error.hpp"
#include "duikou/io/text.hpp"
#include "text_detail.hpp"

namespace duikou::io {

const char* form_name(StatementForm form) {
    switch (form) {
        case StatementForm::List: return "list";
        case StatementForm::Table: return "table";
        case StatementForm::Prose: return "prose";
    }
    return "?";
}

const char* basis_name(DirectionBasis basis) {
    switch (basis) {
        case DirectionBasis::Verb: return "verb";
        case DirectionBasis::Header: return "header";
        case DirectionBasis::Annotation: return "annotation";
        case DirectionBasis::Context: return "context";
        case DirectionBasis::OneToMany: return "one-to-many";
        case DirectionBasis::DefaultOrder: return "default-order";
    }
    return "?";
}

namespace {

using namespace text_detail;
using Range = std::pair<std::size_t, std::size_t>;

// Direction votes: +1 the left side is the partner, -1 it is the recipient.
struct Statement {
    StatementForm form = StatementForm::List;
    std::size_t line = 0;               // index of the WorkLine
    std::vector<Name> left, right;      // begin/end index the WorkLine's text
    int verb = 0, header = 0;
    std::u32string row_region;  // the region column of a table row
    std::size_t block = 0;      // consecutive list lines of one kind share a block (0: prose)
};

enum class Kind { None, Table, Dash, Colon };

// Directed verbs, longest first: the subject is the partner.
constexpr std::u32string_view kDirectedVerbs[] = {U"对口帮扶", U"结对帮扶", U"对口支援", U"对口援助", U"对口合作",
                                                  U"对口协作", U"定点帮扶", U"帮扶", U"支援", U"援助", U"援建"};
// Words that start the predicate of a symmetric statement (A与B建立对口合作关系).
constexpr std::u32string_view kSymmetricStarts[] = {U"建立", U"结对", U"结为", U"结成", U"开展", U"对口",
                                                    U"形成", U"确立", U"签订", U"签署", U"缔结", U"正式",
                                                    U"共同", U"实施", U"达成", U"进行", U"启动"};
// ... and one of these must follow, so that 与B开展交流 is not a pairing.
constexpr std::u32string_view kPairingWords[] = {U"对口", U"结对", U"合作", U"协作", U"帮扶", U"支援"};

std::size_t directed_verb_at(std::u32string_view text, std::size_t at) {
    for (std::u32string_view verb : kDirectedVerbs)
        if (starts_with_at(text, at, verb)) return verb.size();
    return 0;
}

bool is_dash(char32_t c) { return c == U'-'; }

// How far a prose statement reaches from its verb or connector: ten names with
// their annotations. Bounds the work on long clauses without punctuation.
constexpr std::size_t kReach = 300;

// The first depth-0 separator decides what kind of line this is: '|' or a
// tab (table), a run of dashes with text on both sides, or a colon.
Kind line_kind(std::u32string_view t, std::size_t b, std::size_t e) {
    int depth = 0;
    bool text_before = false;
    Kind found = Kind::None;
    for (std::size_t i = b; i < e; ++i) {
        const char32_t c = t[i];
        if (c == U'(') ++depth;
        else if (c == U')') depth = std::max(0, depth - 1);
        if (depth > 0) {
            text_before = true;
            continue;
        }
        if (c == U'|' || c == U'\t') return Kind::Table;
        if (is_dash(c) && found == Kind::None && text_before) {
            found = Kind::Dash;  // also at the end: "3. 赣州市——" is a list line missing a side
            continue;
        }
        if (c == U':' && found == Kind::None && text_before) found = Kind::Colon;
        if (!is_space(c)) text_before = true;
    }
    return found;
}

// Cells at depth-0 separators of `kind`; with all == false only the first splits.
std::vector<Range> split_cells(std::u32string_view t, std::size_t b, std::size_t e, Kind kind, bool all) {
    std::vector<Range> cells;
    int depth = 0;
    std::size_t cell_begin = b;
    bool split_once = false;
    for (std::size_t i = b; i < e; ++i) {
        const char32_t c = t[i];
        if (c == U'(') ++depth;
        else if (c == U')') depth = std::max(0, depth - 1);
        if (depth > 0 || (split_once && !all)) continue;
        std::size_t width = 0;
        if (kind == Kind::Table && (c == U'|' || c == U'\t')) width = 1;
        else if (kind == Kind::Colon && c == U':') width = 1;
        else if (kind == Kind::Dash && is_dash(c)) {
            bool text_before = false;
            for (std::size_t k = cell_begin; k < i && !text_before; ++k) text_before = !is_space(t[k]);
            if (!text_before) continue;
            std::size_t j = i;
            while (j < e && is_dash(t[j])) ++j;
            width = j - i;
        }
        if (width == 0) continue;
        cells.emplace_back(cell_begin, i);
        cell_begin = i + width;
        i += width - 1;
        split_once = true;
    }
    cells.emplace_back(cell_begin, e);
    // Outer pipes of a Markdown row, | a | b |: not empty cells.
    std::size_t first = b, last = e;
    while (first < e && is_space(t[first])) ++first;
    while (last > first && is_space(t[last - 1])) --last;
    if (kind == Kind::Table && cells.size() > 2 && last > first + 1 && t[first] == U'|' && t[last - 1] == U'|') {
        cells.pop_back();
        cells.erase(cells.begin());
    }
    return cells;
}

bool is_blank(std::u32string_view t, Range r) {
    for (std::size_t k = r.first; k < r.second; ++k)
        if (!is_space(t[k])) return false;
    return true;
}

bool is_number_cell(std::u32string_view t, Range r) {
    bool digit = false;
    for (std::size_t k = r.first; k < r.second; ++k) {
        if (is_digit(t[k])) digit = true;
        else if (!is_space(t[k]) && t[k] != U'.') return false;
    }
    return digit;
}

// |---|:--:| rows of a Markdown table.
bool is_rule_row(std::u32string_view t, const std::vector<Range>& cells) {
    for (Range r : cells)
        for (std::size_t k = r.first; k < r.second; ++k)
            if (!is_space(t[k]) && !is_dash(t[k]) && t[k] != U':') return false;
    return true;
}

std::u32string cell_text(std::u32string_view t, Range r) {
    while (r.first < r.second && is_space(t[r.first])) ++r.first;
    while (r.second > r.first && is_space(t[r.second - 1])) --r.second;
    return std::u32string(t.substr(r.first, r.second - r.first));
}

// A prose clause with spaces removed (PDF text spaces out characters); at[i]
// is the WorkLine index of clause character i.
struct Clause {
    std::u32string text;
    std::vector<std::size_t> at;
};

std::vector<Clause> clauses_of(std::u32string_view t, std::size_t b, std::size_t e) {
    std::vector<Clause> out(1);
    int depth = 0;
    for (std::size_t i = b; i < e; ++i) {
        const char32_t c = t[i];
        if (c == U'(') ++depth;
        else if (c == U')') depth = std::max(0, depth - 1);
        if (depth == 0 && std::u32string_view(U"。;!?,:，；！？").find(c) != std::u32string_view::npos) {
            out.emplace_back();
            continue;
        }
        if (is_space(c) || c == U'\t') continue;
        out.back().text.push_back(c);
        out.back().at.push_back(i);
    }
    return out;
}

class Extractor {
  public:
    Extractor(const std::u32string& document, const TextOptions& options)
        : document_(document), options_(options), lines_(normalize_lines(document)) {
        for (auto& line : lines_) simplify(line, options_.opencc_config);
        line_starts_.push_back(0);
        for (std::size_t i = 0; i < document.size(); ++i)
            if (document[i] == U'\n') line_starts_.push_back(static_cast<Offset>(i + 1));
    }

    TextExtraction run() {
        for (std::size_t i = 0; i < lines_.size(); ++i) read_line(i);
        return finish();
    }

  private:
    struct Header {
        std::vector<ColumnRole> roles;
        bool table = false;  // a table header reads table rows; any other, dash and colon lines
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
    Kind block_kind_ = Kind::None;       // their kind; None after a line that is not a list line

    // ---- reading lines ---------------------------------------------------------

    void read_line(std::size_t index) {
        const std::u32string_view t = lines_[index].text;
        // Only spaces are trimmed: a leading or trailing tab is an empty table cell.
        std::size_t b = 0, e = t.size();
        while (b < e && is_space(t[b])) ++b;
        while (e > b && is_space(t[e - 1])) --e;
        if (std::all_of(t.begin() + static_cast<std::ptrdiff_t>(b), t.begin() + static_cast<std::ptrdiff_t>(e),
                        [](char32_t c) { return c == U'\t'; }) ||
            is_noise_line(t.substr(b, e - b)))
            return;
        if (auto header = read_header(t, b, e)) {
            header_ = std::move(header);
            block_kind_ = Kind::None;
            return;
        }
        bool counted = false;
        const std::size_t number = numbering_length(t, b, counted);
        const bool numbered = number > 0 && counted && b + number < e;
        b += number;
        const std::size_t before = statements_.size();
        std::string problem;
        Outcome outcome = Outcome::NotAList;
        const Kind kind = line_kind(t, b, e);
        if (header_ && header_->table != (kind == Kind::Table)) header_.reset();
        switch (kind) {
            case Kind::Table: outcome = read_table_row(index, t, b, e, problem); break;
            case Kind::Dash: outcome = read_separated(index, t, b, e, Kind::Dash, numbered, problem); break;
            case Kind::Colon: outcome = read_separated(index, t, b, e, Kind::Colon, numbered, problem); break;
            case Kind::None: break;
        }
        if (outcome == Outcome::NotAList) {
            header_.reset();
            block_kind_ = Kind::None;
        } else {
            if (kind != block_kind_) ++block_;
            block_kind_ = kind;
            for (std::size_t i = before; i < statements_.size(); ++i) statements_[i].block = block_;
        }
        if (outcome == Outcome::Read) return;
        read_prose(index, t, b, e);
        if (outcome == Outcome::Warned && statements_.size() == before) warnings_.push_back({index, problem});
    }

    // A line naming the columns: 帮扶方——受援方, 受援城市|支援城市|所属老区, 支援方：受援方, 支援方与受援方.
    std::optional<Header> read_header(std::u32string_view t, std::size_t b, std::size_t e) const {
        // Every header names a partner column (支援 帮扶 援助 援建 发达 东部): a cheap test first.
        const std::u32string_view line = t.substr(b, e - b);
        if (line.size() > 80 || line.find_first_of(U"援扶达部") == std::u32string_view::npos) return std::nullopt;
        std::vector<std::vector<Range>> splits;
        for (Kind kind : {Kind::Table, Kind::Dash, Kind::Colon}) splits.push_back(split_cells(t, b, e, kind, true));
        std::vector<Range> by_connector;
        std::size_t start = b;
        for (std::size_t i = b; i < e; ++i)
            if (t[i] == U'与' || t[i] == U'和' || t[i] == U'、' || t[i] == U'/' || is_space(t[i])) {
                by_connector.emplace_back(start, i);
                start = i + 1;
            }
        by_connector.emplace_back(start, e);
        by_connector.erase(std::remove_if(by_connector.begin(), by_connector.end(),
                                          [&](Range r) { return is_blank(t, r); }),
                           by_connector.end());
        splits.push_back(by_connector);
        for (std::size_t s = 0; s < splits.size(); ++s) {
            const auto& cells = splits[s];
            if (cells.size() < 2) continue;
            Header header;
            header.table = s == 0;
            int recipients = 0, partners = 0;
            bool all_known = true;
            for (Range r : cells) {
                const ColumnRole role = column_role(t.substr(r.first, r.second - r.first));
                all_known = all_known && role != ColumnRole::Unknown;
                recipients += role == ColumnRole::Recipient;
                partners += role == ColumnRole::Partner;
                header.roles.push_back(role);
            }
            if (all_known && recipients == 1 && partners == 1) return header;
        }
        return std::nullopt;
    }

    static constexpr std::size_t kNoColumn = static_cast<std::size_t>(-1);

    // Positions of the recipient, partner and region (kNoColumn: none)
    // columns in a row of `cells` cells under the current header, or false.
    bool map_columns(std::size_t cells, std::size_t& recipient, std::size_t& partner, std::size_t& region) const {
        const auto& roles = header_->roles;
        const auto find = [&](ColumnRole role) {
            return static_cast<std::size_t>(std::find(roles.begin(), roles.end(), role) - roles.begin());
        };
        recipient = find(ColumnRole::Recipient);
        partner = find(ColumnRole::Partner);
        region = find(ColumnRole::Region);
        if (region >= cells) region = kNoColumn;  // absent, or a trailing column left empty
        if (cells == roles.size()) return true;
        if (cells > roles.size()) return false;
        if (recipient < cells && partner < cells) return true;  // trailing columns left empty
        if (cells != 2) return false;
        // Two cells under a wider header: the two sides, in the header's order.
        const bool recipient_first = recipient < partner;
        recipient = recipient_first ? 0 : 1;
        partner = recipient_first ? 1 : 0;
        region = kNoColumn;
        return true;
    }

    // Builds a statement from a recipient cell and a partner cell named by the header.
    Outcome read_by_header(std::size_t index, std::u32string_view t, std::vector<Range> cells, StatementForm form,
                           bool numbered, std::string& problem) {
        // A line without a single certain name ("注：...", "续表：") is not a row.
        if (!numbered && form == StatementForm::List) {
            std::vector<Name> probe;
            bool any = false;
            for (Range r : cells) any = any || read_name_list(t, r.first, r.second, Strictness::Certain, false, probe);
            if (!any) return Outcome::NotAList;
        }
        // Row numbers the header does not name: "1|赣州市|深圳市" under "受援城市|支援城市".
        while (cells.size() > header_->roles.size() && is_number_cell(t, cells.front())) cells.erase(cells.begin());
        std::size_t rc = 0, pc = 0, gc = kNoColumn;
        if (!map_columns(cells.size(), rc, pc, gc)) {
            problem = "the row has " + std::to_string(cells.size()) + " cells but the header names " +
                      std::to_string(header_->roles.size()) + " columns";
            return Outcome::Warned;
        }
        Statement st;
        st.form = form;
        st.line = index;
        st.header = -1;  // left = the recipient column
        const Range r = cells[rc], p = cells[pc];
        if (is_blank(t, r) || is_blank(t, p)) {
            problem = std::string("no ") + (is_blank(t, r) ? "recipient" : "partner") + " in the row";
            return Outcome::Warned;
        }
        if (!read_name_list(t, r.first, r.second, Strictness::Structured, false, st.left)) {
            problem = "cannot read the recipient '" + to_utf8(cell_text(t, r)) + "'";
            return Outcome::Warned;
        }
        if (!read_name_list(t, p.first, p.second, Strictness::Structured, false, st.right)) {
            problem = "cannot read the partner '" + to_utf8(cell_text(t, p)) + "'";
            return Outcome::Warned;
        }
        if (gc != kNoColumn) st.row_region = cell_text(t, cells[gc]);
        statements_.push_back(std::move(st));
        return Outcome::Read;
    }

    // Two cells whose roles the line itself does not say.
    Outcome read_two_cells(std::size_t index, std::u32string_view t, Range l, Range r, StatementForm form,
                           Strictness strictness, bool warn_on_failure, std::string& problem) {
        Statement st;
        st.form = form;
        st.line = index;
        const bool left_ok = read_name_list(t, l.first, l.second, strictness, false, st.left);
        const bool right_ok = read_name_list(t, r.first, r.second, strictness, false, st.right);
        if (left_ok && right_ok) {
            statements_.push_back(std::move(st));
            return Outcome::Read;
        }
        std::vector<Name> probe;
        const bool half = read_name_list(t, l.first, l.second, Strictness::Certain, false, probe) ||
                          read_name_list(t, r.first, r.second, Strictness::Certain, false, probe);
        if (!warn_on_failure && !half) return Outcome::NotAList;
        const Range bad = left_ok ? r : l;
        problem = is_blank(t, bad) ? std::string("a side is empty")
                                   : "cannot read a place name in '" + to_utf8(cell_text(t, bad)) + "'";
        return Outcome::Warned;
    }

    Outcome read_table_row(std::size_t index, std::u32string_view t, std::size_t b, std::size_t e,
                           std::string& problem) {
        const std::vector<Range> cells = split_cells(t, b, e, Kind::Table, true);
        if (is_rule_row(t, cells)) return Outcome::Read;
        if (header_) return read_by_header(index, t, cells, StatementForm::Table, true, problem);
        std::vector<Range> content;
        for (Range r : cells)
            if (!is_blank(t, r) && !is_number_cell(t, r)) content.push_back(r);
        if (content.size() == 2)
            return read_two_cells(index, t, content[0], content[1], StatementForm::Table, Strictness::Certain, false,
                                  problem);
        int names = 0;
        std::vector<Name> probe;
        for (Range r : content) names += read_name_list(t, r.first, r.second, Strictness::Certain, false, probe);
        if (names < 2) return Outcome::NotAList;
        problem = "a table row without a header naming the recipient and partner columns";
        return Outcome::Warned;
    }

    Outcome read_separated(std::size_t index, std::u32string_view t, std::size_t b, std::size_t e, Kind kind,
                           bool numbered, std::string& problem) {
        if (header_)
            return read_by_header(index, t, split_cells(t, b, e, kind, true), StatementForm::List, numbered, problem);
        const std::vector<Range> cells = split_cells(t, b, e, kind, false);
        if (cells.size() != 2) return Outcome::NotAList;
        const Outcome outcome =
            read_two_cells(index, t, cells[0], cells[1], StatementForm::List,
                           numbered ? Strictness::Structured : Strictness::Certain, numbered, problem);
        // A colon line that is not a list ("其中：...") is prose.
        if (kind == Kind::Colon && outcome == Outcome::Warned && !numbered) return Outcome::NotAList;
        return outcome;
    }

    void read_prose(std::size_t index, std::u32string_view t, std::size_t b, std::size_t e) {
        for (const Clause& clause : clauses_of(t, b, e))
            if (!clause.text.empty()) read_clause(index, clause);
    }

    void add_prose(std::size_t index, const Clause& clause, std::vector<Name> left, std::vector<Name> right,
                   int verb) {
        for (auto* side : {&left, &right})
            for (Name& n : *side) {  // clause indices -> line indices
                n.begin = clause.at[n.begin];
                n.end = clause.at[n.end - 1] + 1;
            }
        Statement st;
        st.form = StatementForm::Prose;
        st.line = index;
        st.left = std::move(left);
        st.right = std::move(right);
        st.verb = verb;
        statements_.push_back(std::move(st));
    }

    void read_clause(std::size_t index, const Clause& clause) {
        const std::u32string_view c = clause.text;
        const std::size_t n = c.size();
        // The next directed verb and the next word starting a symmetric
        // predicate at or after each position (n: none), found in one pass.
        std::vector<std::size_t> next_verb(n + 1, n), next_start(n + 1, n);
        for (std::size_t i = n; i-- > 0;) {
            next_verb[i] = directed_verb_at(c, i) ? i : next_verb[i + 1];
            next_start[i] = next_start[i + 1];
            for (auto w : kSymmetricStarts)
                if (starts_with_at(c, i, w)) next_start[i] = i;
        }
        // A由X对口支援: the name before 由 is helped by the names after it.
        for (std::size_t p = 0; p < n; ++p) {
            if (c[p] != U'由') continue;
            Name a;
            if (!read_name_before(c, 0, p, a)) continue;
            const std::size_t v = next_verb[p + 1];
            std::vector<Name> partners;
            if (v >= n || v >= p + kReach || !read_name_list(c, p + 1, v, Strictness::Certain, false, partners))
                continue;
            add_prose(index, clause, {a}, std::move(partners), -1);
            return;
        }
        // X帮扶A、B和C, X对口合作Y: the subject is the partner.
        // Tried before the symmetric form: in 天津市和北京市共同帮扶承德市 the 和 joins two subjects.
        bool directed = false;
        for (std::size_t v = next_verb[1]; v < n; v = next_verb[v + 1]) {
            const std::size_t width = directed_verb_at(c, v);
            if (c[v - 1] == U'受' || c[v - 1] == U'被') continue;  // 受帮扶: passive, not a subject
            std::vector<Name> subjects(1);
            if (!read_name_before(c, 0, v, subjects[0])) continue;
            while (subjects.front().begin > 1 &&
                   std::u32string_view(U"、和与及").find(c[subjects.front().begin - 1]) != std::u32string_view::npos) {
                Name more;
                if (!read_name_before(c, 0, subjects.front().begin - 1, more)) break;
                subjects.insert(subjects.begin(), std::move(more));
            }
            std::vector<Name> objects;
            if (!read_name_list(c, v + width, std::min(n, v + width + kReach), Strictness::Certain, true, objects))
                continue;
            add_prose(index, clause, std::move(subjects), std::move(objects), +1);
            directed = true;
            v += width - 1;  // the loop moves on to the next verb after this one
        }
        if (directed) return;
        // A与B建立对口合作关系, A则和B、C结对: direction decided later.
        for (std::size_t p = 1; p < n; ++p) {
            if (std::u32string_view(U"与和同跟").find(c[p]) == std::u32string_view::npos) continue;
            Name a;
            if (!read_name_before(c, 0, p, a)) continue;
            const std::size_t q = next_start[p + 1];
            if (q >= n || q >= p + kReach) continue;
            bool pairing = false;
            for (auto w : kPairingWords) pairing = pairing || c.find(w, q) != std::u32string_view::npos;
            std::vector<Name> others;
            if (!pairing || !read_name_list(c, p + 1, q, Strictness::Certain, false, others)) continue;
            add_prose(index, clause, {a}, std::move(others), 0);
            return;
        }
    }

    // ---- direction and pairs -------------------------------------------------------

    std::int64_t physical_line(Offset offset) const {
        return static_cast<std::int64_t>(std::upper_bound(line_starts_.begin(), line_starts_.end(), offset) -
                                         line_starts_.begin());
    }

    std::int64_t first_line_of(std::size_t index) const {
        const WorkLine& l = lines_[index];
        for (std::size_t i = 0; i < l.text.size(); ++i)
            if (!is_space(l.text[i]) && l.text[i] != U'\t') return physical_line(l.from[i]);
        return physical_line(l.begin);
    }

    std::string original_text(std::size_t index) const {
        const WorkLine& l = lines_[index];
        return encode_utf8(std::u32string_view(document_).substr(static_cast<std::size_t>(l.begin),
                                                                 static_cast<std::size_t>(l.end - l.begin)));
    }

    void warn(std::size_t index, std::string reason) { warnings_.push_back({index, std::move(reason)}); }

    static std::string names_of(const std::vector<Name>& names) {
        std::string out;
        for (const Name& n : names) out += (out.empty() ? "" : "、") + to_utf8(n.name);
        return out;
    }

    static int annotation_vote(const Statement& st) {
        auto annotated = [](const std::vector<Name>& side) {
            return std::any_of(side.begin(), side.end(), [](const Name& n) { return !n.region.empty(); });
        };
        const bool l = annotated(st.left), r = annotated(st.right);
        return l == r ? 0 : (l ? -1 : +1);
    }

    TextExtraction finish() {
        const std::size_t count = statements_.size();
        std::vector<int> direction(count, 0);  // +1 left is the partner, -1 left is the recipient
        std::vector<DirectionBasis> basis(count, DirectionBasis::Verb);
        std::vector<bool> open(count, true);
        std::unordered_map<std::u32string, int> roles;  // bit 1: seen as recipient, bit 2: as partner
        auto learn = [&](const Statement& st, int dir) {
            for (const Name& n : st.left) roles[n.name] |= dir > 0 ? 2 : 1;
            for (const Name& n : st.right) roles[n.name] |= dir > 0 ? 1 : 2;
        };
        for (std::size_t i = 0; i < count; ++i) {
            const Statement& st = statements_[i];
            if (st.left.size() > 1 && st.right.size() > 1) {
                warn(st.line, "several names on both sides (" + names_of(st.left) + " / " + names_of(st.right) +
                                  "): cannot tell which pairs with which");
                open[i] = false;
                continue;
            }
            const std::pair<int, DirectionBasis> votes[] = {{st.verb, DirectionBasis::Verb},
                                                            {st.header, DirectionBasis::Header},
                                                            {annotation_vote(st), DirectionBasis::Annotation}};
            bool conflict = false;
            for (auto [vote, why] : votes) {
                if (vote == 0) continue;
                if (direction[i] == 0) direction[i] = vote, basis[i] = why;
                else conflict = conflict || vote != direction[i];
            }
            if (conflict) {
                warn(st.line, "conflicting evidence of direction between " + names_of(st.left) + " and " +
                                  names_of(st.right) + ": the " + basis_name(basis[i]) +
                                  " and the region annotation disagree on which side is the recipient");
                open[i] = false;
                direction[i] = 0;
                continue;
            }
            if (direction[i] != 0) learn(st, direction[i]);
        }
        // Statements without evidence of their own: the roles the rest of the
        // document gives their names; then the one-to-many rule; then the
        // direction shared by the other lines of their block of list lines.
        auto undecided = [&](std::size_t i) { return open[i] && direction[i] == 0; };
        auto decide = [&](std::size_t i, int dir, DirectionBasis why) {
            direction[i] = dir;
            basis[i] = why;
            learn(statements_[i], dir);
        };
        auto by_names = [&] {
            bool changed = false;
            for (std::size_t i = 0; i < count; ++i) {
                if (!undecided(i)) continue;
                const Statement& st = statements_[i];
                auto has = [&](const std::vector<Name>& side, int bit) {
                    return std::any_of(side.begin(), side.end(), [&](const Name& n) {
                        auto it = roles.find(n.name);
                        return it != roles.end() && (it->second & bit);
                    });
                };
                const bool left_partner = has(st.left, 2) || has(st.right, 1);
                const bool left_recipient = has(st.left, 1) || has(st.right, 2);
                if (left_partner == left_recipient) continue;
                decide(i, left_partner ? +1 : -1, DirectionBasis::Context);
                changed = true;
            }
            return changed;
        };
        auto by_block = [&] {
            std::unordered_map<std::size_t, int> shared;  // block -> its direction, 2 when its lines disagree
            for (std::size_t k = 0; k < count; ++k) {
                if (statements_[k].block == 0 || direction[k] == 0) continue;
                auto [it, fresh] = shared.emplace(statements_[k].block, direction[k]);
                if (!fresh && it->second != direction[k]) it->second = 2;
            }
            bool changed = false;
            for (std::size_t i = 0; i < count; ++i) {
                if (!undecided(i)) continue;
                auto it = shared.find(statements_[i].block);
                if (it == shared.end() || it->second == 2) continue;
                decide(i, it->second, DirectionBasis::Context);
                changed = true;
            }
            return changed;
        };
        while (by_names()) {
        }
        for (std::size_t i = 0; i < count; ++i) {
            if (!undecided(i)) continue;
            const Statement& st = statements_[i];
            if (st.left.size() == 1 && st.right.size() > 1) decide(i, +1, DirectionBasis::OneToMany);
            else if (st.right.size() == 1 && st.left.size() > 1) decide(i, -1, DirectionBasis::OneToMany);
        }
        while (by_names() || by_block()) {
        }
        for (std::size_t i = 0; i < count; ++i) {
            if (!undecided(i)) continue;
            const Statement& st = statements_[i];
            if (options_.default_order != DefaultOrder::None) {
                direction[i] = options_.default_order == DefaultOrder::PartnerFirst ? +1 : -1;
                basis[i] = DirectionBasis::DefaultOrder;
            } else {
                warn(st.line, "cannot tell which of " + names_of(st.left) + " and " + names_of(st.right) +
                                  " is the recipient (no verb, header, region annotation or other statement "
                                  "says); pass default_order to read it in a fixed order");
            }
        }
        return collect(direction, basis);
    }

    TextExtraction collect(const std::vector<int>& direction, const std::vector<DirectionBasis>& basis) {
        TextExtraction out;
        out.text = encode_utf8(document_);
        std::vector<TextPair> candidates;
        for (std::size_t i = 0; i < statements_.size(); ++i) {
            if (direction[i] == 0) continue;
            const Statement& st = statements_[i];
            const WorkLine& line = lines_[st.line];
            const auto& recipients = direction[i] > 0 ? st.right : st.left;
            const auto& partners = direction[i] > 0 ? st.left : st.right;
            for (const Name& r : recipients)
                for (const Name& p : partners) {
                    if (r.name == p.name) {
                        warn(st.line, "pairs " + to_utf8(r.name) + " with itself");
                        continue;
                    }
                    TextPair pair;
                    pair.recipient = to_utf8(r.name);
                    pair.partner = to_utf8(p.name);
                    pair.region = to_utf8(r.region.empty() ? st.row_region : r.region);
                    pair.recipient_province = to_utf8(r.province);
                    pair.partner_province = to_utf8(p.province);
                    pair.start = std::min(line.from[r.begin], line.from[p.begin]);
                    pair.end = std::max(line.to[r.end - 1], line.to[p.end - 1]);
                    pair.line = physical_line(pair.start);
                    pair.text = original_text(st.line);
                    pair.form = st.form;
                    pair.basis = basis[i];
                    candidates.push_back(std::move(pair));
                }
        }
        // One pair per (recipient, partner): a list or table statement is
        // preferred to prose (which often restates it), then the first.
        std::unordered_map<std::string, std::size_t> canonical;  // key -> index into candidates
        std::vector<bool> is_canonical(candidates.size(), false);
        auto key = [](const TextPair& p) { return p.recipient + '\n' + p.partner; };
        for (std::size_t i = 0; i < candidates.size(); ++i) {
            auto [it, fresh] = canonical.emplace(key(candidates[i]), i);
            if (fresh) {
                is_canonical[i] = true;
            } else if (candidates[it->second].form == StatementForm::Prose &&
                       candidates[i].form != StatementForm::Prose) {
                is_canonical[it->second] = false;
                is_canonical[i] = true;
                it->second = i;
            }
        }
        std::vector<std::size_t> order;
        for (std::size_t i = 0; i < candidates.size(); ++i)
            if (is_canonical[i]) order.push_back(i);
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return candidates[a].start < candidates[b].start; });
        std::unordered_map<std::string, std::size_t> position;
        for (std::size_t k = 0; k < order.size(); ++k) position[key(candidates[order[k]])] = k;
        for (std::size_t i = 0; i < candidates.size(); ++i)
            if (!is_canonical[i]) out.mentions.push_back({candidates[i], position.at(key(candidates[i]))});
        std::stable_sort(out.mentions.begin(), out.mentions.end(), [](const TextMention& a, const TextMention& b) {
            return a.statement.start < b.statement.start;
        });
        for (std::size_t k : order) out.pairs.push_back(std::move(candidates[k]));
        for (const TextPair& p : out.pairs) {
            auto it = position.find(p.partner + '\n' + p.recipient);
            if (it != position.end() && out.pairs[it->second].start < p.start)
                out.warnings.push_back({p.line, p.text,
                                        p.recipient + " - " + p.partner + " is also read the other way round on line " +
                                            std::to_string(out.pairs[it->second].line)});
        }
        for (const Warning& w : warnings_)
            out.warnings.push_back({first_line_of(w.line), original_text(w.line), w.reason});
        std::stable_sort(out.warnings.begin(), out.warnings.end(),
                         [](const TextWarning& a, const TextWarning& b) { return a.line < b.line; });
        return out;
    }
};

}  // namespace

TextExtraction extract_pairs(std::string_view text, const TextOptions& options) {
    const std::u32string document = decode_utf8(text, options.errors, options.source);
    return Extractor(document, options).run();
}

TextExtraction read_text_document(const std::string& path, TextOptions options) {
    options.source = path;
    return extract_pairs(read_file(path), options);
}

}  // namespace duikou::io

// Text extractor, formats: list lines (dash, colon, numbered) and tables under a header.
#include <algorithm>
#include <optional>
#include <unordered_map>

#include "duikou/io/error.hpp"
#include "text_extractor.hpp"

namespace duikou::io::text_detail {

namespace {

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

// Cells of t[b, e) apart by runs of at least `run` spaces (tabs count as spaces).
std::vector<Range> split_spaced(std::u32string_view t, std::size_t b, std::size_t e, std::size_t run) {
    std::vector<Range> cells;
    std::size_t i = b;
    while (i < e) {
        while (i < e && (is_space(t[i]) || t[i] == U'\t')) ++i;
        if (i >= e) break;
        const std::size_t start = i;
        std::size_t end = i;
        while (i < e) {
            if (!is_space(t[i]) && t[i] != U'\t') {
                end = ++i;
                continue;
            }
            std::size_t j = i;
            while (j < e && (is_space(t[j]) || t[j] == U'\t')) ++j;
            if (j - i >= run || j >= e) {
                i = j;
                break;
            }
            i = j;
        }
        cells.emplace_back(start, end);
    }
    return cells;
}

bool is_blank(std::u32string_view t, Range r) {
    for (std::size_t k = r.first; k < r.second; ++k)
        if (!is_space(t[k])) return false;
    return true;
}

// The end of a row or list written as a sentence, without the marks that close it
// (天津 于田县。, 桑珠孜区、白朗县;): they are no part of the last name.
std::size_t without_sentence_end(std::u32string_view t, std::size_t b, std::size_t e) {
    while (e > b && (is_space(t[e - 1]) || std::u32string_view(U"。;,").find(t[e - 1]) != std::u32string_view::npos))
        --e;
    return e;
}

// The same for the last cell of a row that holds something.
void drop_sentence_end(std::u32string_view t, std::vector<Range>& cells) {
    for (auto last = cells.rbegin(); last != cells.rend(); ++last)
        if (!is_blank(t, *last)) {
            last->second = without_sentence_end(t, last->first, last->second);
            return;
        }
}

bool is_number_cell(std::u32string_view t, Range r) {
    bool digit = false;
    for (std::size_t k = r.first; k < r.second; ++k) {
        if (is_digit(t[k])) digit = true;
        else if (!is_space(t[k]) && t[k] != U'.') return false;
    }
    return digit;
}

// The cells that hold something other than a row number.
std::vector<Range> content_cells(std::u32string_view t, const std::vector<Range>& cells) {
    std::vector<Range> content;
    for (Range r : cells)
        if (!is_blank(t, r) && !is_number_cell(t, r)) content.push_back(r);
    return content;
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


std::u32string_view trimmed(std::u32string_view t) {
    std::size_t b = 0, e = t.size();
    while (b < e && (is_space(t[b]) || t[b] == U'\t')) ++b;
    while (e > b && (is_space(t[e - 1]) || t[e - 1] == U'\t')) --e;
    return t.substr(b, e - b);
}

// A numbered item of a colon list: "3、天津市东丽区:皋兰县、".
bool is_numbered_colon_item(std::u32string_view t) {
    bool counted = false;
    const std::size_t number = numbering_length(t, 0, counted);
    return number > 0 && counted && t.find(U':', number) != std::u32string_view::npos;
}

// The index of the '(' that opens the bracket closing at t[close] (npos: none).
std::size_t opening_bracket(std::u32string_view t, std::size_t b, std::size_t close) {
    int depth = 0;
    for (std::size_t i = close + 1; i-- > b;) {
        if (t[i] == U')') ++depth;
        else if (t[i] == U'(' && --depth == 0) return i;
    }
    return std::u32string_view::npos;
}

// "按照安排,佛山联合 / 江门对口帮扶 / 广西百色市": reposts break a prose sentence before each
// place name (the names were links). A line that ends in a word needing what follows (a
// conjunction or coverb, a pairing verb) goes on in the next line when that line starts with a
// name the dictionary knows. Neither is a list or table line: a row or a list item ends in a
// name or a mark, and a numbered line, a bullet or a line with cells starts no continuation.
bool sentence_broken_before_name(std::u32string_view line, std::u32string_view next) {
    if (!known_names() || line.empty() || next.empty() || !is_cjk(next.front())) return false;
    static constexpr std::u32string_view kNeedsMore[] = {U"联合", U"携手", U"和", U"与", U"及", U"同", U"对", U"向",
                                                        U"由", U"把", U"帮扶", U"支援", U"援助", U"结对"};
    if (std::none_of(std::begin(kNeedsMore), std::end(kNeedsMore),
                     [&](std::u32string_view w) { return ends_with_at(line, line.size(), w); }))
        return false;
    bool counted = false;
    if (numbering_length(line, 0, counted) > 0 || numbering_length(next, 0, counted) > 0) return false;
    for (std::u32string_view l : {line, next})
        if (l.find_first_of(U"|\t-:") != std::u32string_view::npos || l.find(U"  ") != std::u32string_view::npos)
            return false;
    Name name;
    return known_form_at(next, 0, next.size()) >= 2 && read_name_at(next, 0, next.size(), name) && name.begin == 0;
}

}  // namespace

void Extractor::join_continuations() {
    for (std::size_t i = 0; i + 1 < lines_.size();) {
        const std::u32string_view line = trimmed(lines_[i].text), next = trimmed(lines_[i + 1].text);
        bool counted = false;
        const bool join = (is_numbered_colon_item(line) && !next.empty() &&
                           // 皋兰县、甘谷县、 / 临潭县。(...): a list cut after its separator
                           (((line.back() == U'、' || line.back() == U',') && numbering_length(next, 0, counted) == 0) ||
                            // 静宁县、泾川县。 / (甘肃省,静宁县为重点): the annotation on a line of its own
                            (next.front() == U'(' && next.back() == U')' && !is_noise_line(next)))) ||
                          sentence_broken_before_name(line, next);
        if (!join) {
            ++i;
            continue;
        }
        WorkLine& a = lines_[i];
        WorkLine& b = lines_[i + 1];
        a.text += b.text;
        a.from.insert(a.from.end(), b.from.begin(), b.from.end());
        a.to.insert(a.to.end(), b.to.begin(), b.to.end());
        a.end = b.end;
        lines_.erase(lines_.begin() + static_cast<std::ptrdiff_t>(i) + 1);
    }
}

void Extractor::read_line(std::size_t index) {
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
    Kind kind = line_kind(t, b, e);
    // Runs of spaces (a PDF text table) or two names apart by one space.
    std::vector<Range> spaced;
    bool pdf = false;
    if (kind == Kind::None) {
        spaced = split_spaced(t, b, e, 2);
        pdf = spaced.size() >= 2;
        if (!pdf) spaced = split_spaced(t, b, e, 1);
        if (pdf || spaced.size() == 2) kind = Kind::Spaced;
    }
    if (header_ && kind != Kind::Spaced && header_->table != (kind == Kind::Table)) header_.reset();
    switch (kind) {
        case Kind::Spaced: outcome = read_spaced(index, t, spaced, pdf, problem); break;
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
    if (outcome == Outcome::NotAList && read_two_names(index, t, b, e)) return;
    read_prose(index, t, b, e);
    if (outcome == Outcome::Warned && statements_.size() == before) warnings_.push_back({index, problem});
}

// A line naming the columns: 帮扶方——受援方, 受援城市|支援城市|所属老区, 支援方：受援方, 支援方与受援方.
std::optional<Extractor::Header> Extractor::read_header(std::u32string_view t, std::size_t b, std::size_t e) const {
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
        // One role column and one paired column (受援县(区) | 天津结对区): the paired one is the other side.
        const auto paired = std::find(header.roles.begin(), header.roles.end(), ColumnRole::Paired);
        if (paired != header.roles.end() && recipients + partners == 1 &&
            std::count(header.roles.begin(), header.roles.end(), ColumnRole::Paired) == 1) {
            *paired = recipients == 1 ? ColumnRole::Partner : ColumnRole::Recipient;
            recipients = partners = 1;
        }
        if (all_known && recipients == 1 && partners == 1) return header;
    }
    return std::nullopt;
}

// Positions of the recipient, partner and region (kNoColumn: none)
// columns in a row of `cells` cells under the current header, or false.
bool Extractor::map_columns(std::size_t cells, std::size_t& recipient, std::size_t& partner, std::size_t& region) const {
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
Extractor::Outcome Extractor::read_by_header(std::size_t index, std::u32string_view t, std::vector<Range> cells, StatementForm form,
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
Extractor::Outcome Extractor::read_two_cells(std::size_t index, std::u32string_view t, Range l, Range r, StatementForm form,
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

std::optional<Extractor::Outcome> Extractor::read_under_header(std::size_t index, std::u32string_view t,
                                                               std::vector<Range> cells,
                                                               std::string& problem) {
    drop_sentence_end(t, cells);
    if (header_ && header_->parents != Statement::kNoStatement) return read_under_parents(index, t, cells, problem);
    if (header_) return read_by_header(index, t, cells, StatementForm::Table, true, problem);
    if (read_parents_header(index, t, cells)) return Outcome::Read;
    return std::nullopt;
}

Extractor::Outcome Extractor::read_table_row(std::size_t index, std::u32string_view t, std::size_t b, std::size_t e,
                       std::string& problem) {
    const std::vector<Range> cells = split_cells(t, b, e, Kind::Table, true);
    if (is_rule_row(t, cells)) return Outcome::Read;
    if (const auto under = read_under_header(index, t, cells, problem)) return *under;
    const std::vector<Range> content = content_cells(t, cells);
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

Extractor::Outcome Extractor::read_separated(std::size_t index, std::u32string_view t, std::size_t b, std::size_t e, Kind kind,
                       bool numbered, std::string& problem) {
    // "1、山东省:桑珠孜区、白朗县。(日喀则市,桑珠孜区为重点)": the list ends at 。 or ; and
    // the parenthesis after it names the region of the listed places (then a remark). The
    // same under a header of roles (支援地:受援地).
    std::u32string region;
    if (kind == Kind::Colon && e > b) {
        std::size_t end = e;
        if (t[end - 1] == U')') {
            const std::size_t open = opening_bracket(t, b, end - 1);
            std::size_t stop = open;
            while (stop != std::u32string_view::npos && stop > b && is_space(t[stop - 1])) --stop;
            if (open != std::u32string_view::npos && stop > b && t[stop - 1] == U'。') {
                std::u32string_view inner = t.substr(open + 1, end - 1 - (open + 1));
                inner = trimmed(inner.substr(0, inner.find(U',')));
                region = inner;
                end = stop;
            }
        }
        e = without_sentence_end(t, b, end);
    }
    const std::size_t before = statements_.size();
    Outcome outcome;
    if (header_) {
        outcome = read_by_header(index, t, split_cells(t, b, e, kind, true), StatementForm::List, numbered, problem);
    } else {
        const std::vector<Range> cells = split_cells(t, b, e, kind, false);
        if (cells.size() != 2) return Outcome::NotAList;
        // "3. 社会事业:教育、卫生": a numbered heading and its topics. A numbered list of places
        // (1、山东:桑珠孜、白朗) names a place a reader knows on one side at least.
        std::vector<Name> probe;
        if (numbered && kind == Kind::Colon &&
            !read_name_list(t, cells[0].first, cells[0].second, Strictness::Certain, false, probe) &&
            !read_name_list(t, cells[1].first, cells[1].second, Strictness::Certain, false, probe))
            return Outcome::NotAList;
        outcome = read_two_cells(index, t, cells[0], cells[1], StatementForm::List,
                                 numbered ? Strictness::Structured : Strictness::Certain, numbered, problem);
    }
    // The recipients: the header's recipient column (left), else the listed places (right).
    if (!region.empty() && outcome == Outcome::Read && statements_.size() > before)
        for (Name& n : header_ ? statements_.back().left : statements_.back().right)
            if (n.region.empty()) n.region = region;
    // A colon line that is not a list ("其中：...") is prose.
    if (!header_ && kind == Kind::Colon && outcome == Outcome::Warned && !numbered) return Outcome::NotAList;
    return outcome;
}

std::vector<Range> Extractor::row_cells(std::size_t j) const {
    const std::u32string_view t = lines_[j].text;
    std::size_t b = 0, e = t.size();
    while (b < e && is_space(t[b])) ++b;
    while (e > b && is_space(t[e - 1])) --e;
    bool counted = false;
    b += numbering_length(t, b, counted);
    if (b >= e) return {};
    const Kind kind = line_kind(t, b, e);
    if (kind == Kind::Table) return split_cells(t, b, e, Kind::Table, true);
    if (kind != Kind::None) return {};
    std::vector<Range> cells = split_spaced(t, b, e, 2);
    if (cells.size() < 2) cells = split_spaced(t, b, e, 1);
    if (cells.size() < 2) cells.clear();
    return cells;
}

bool Extractor::read_parents_header(std::size_t index, std::u32string_view t, const std::vector<Range>& cells) {
    std::vector<std::size_t> sides;
    std::vector<Name> parents;
    for (std::size_t k = 0; k < cells.size(); ++k) {
        const Range r = cells[k];
        if (is_blank(t, r)) continue;
        const ColumnRole role = column_role(t.substr(r.first, r.second - r.first));
        if (role == ColumnRole::Ignored) continue;  // 备注, 序号
        Name n;
        if (role != ColumnRole::Unknown || !read_name(t, r.first, r.second, Strictness::Certain, n) ||
            level_rank(n) == 2 || sides.size() == 2)
            return false;
        sides.push_back(k);
        parents.push_back(std::move(n));
    }
    if (sides.size() != 2) return false;
    // The next rows (up to three, blank and noise lines skipped) must pair units of the two.
    auto units_of = [&](const std::vector<Name>& list, const Name& parent) {
        const std::u32string stem = stem_of(parent.name);
        return std::any_of(list.begin(), list.end(), [&](const Name& n) {
            const auto ps = parents_of(n);
            return std::find(ps.begin(), ps.end(), stem) != ps.end();
        });
    };
    int fits = 0, rows = 0;
    for (std::size_t j = index + 1; j < lines_.size() && rows < 3; ++j) {
        const std::u32string_view lt = lines_[j].text;
        if (trimmed(lt).empty() || is_noise_line(lt)) continue;
        const std::vector<Range> rc = row_cells(j);
        if (rc.size() <= sides[1]) break;
        ++rows;
        std::vector<Name> a, b;
        if (!read_name_list(lt, rc[sides[0]].first, rc[sides[0]].second, Strictness::Structured, false, a) ||
            !read_name_list(lt, rc[sides[1]].first, rc[sides[1]].second, Strictness::Structured, false, b))
            continue;
        if (units_of(a, parents[1]) || units_of(b, parents[0])) return false;
        fits += units_of(a, parents[0]) && units_of(b, parents[1]);
    }
    if (fits == 0) return false;
    Statement st;
    st.form = StatementForm::Table;
    st.line = index;
    st.left = {parents[0]};
    st.right = {parents[1]};
    st.hidden = true;
    statements_.push_back(std::move(st));
    Header header;
    header.table = true;
    header.parents = statements_.size() - 1;
    header.columns[0] = sides[0];
    header.columns[1] = sides[1];
    header_ = header;
    notes_.push_back({index, "a header naming the parents of the two columns (" + to_utf8(parents[0].name) + ", " +
                                 to_utf8(parents[1].name) + "), not a pair"});
    return true;
}

Extractor::Outcome Extractor::read_under_parents(std::size_t index, std::u32string_view t,
                                                 const std::vector<Range>& cells, std::string& problem) {
    const Header& h = *header_;
    if (cells.size() <= h.columns[1]) {
        problem = "the row has " + std::to_string(cells.size()) + " cells but the header of parents names " +
                  std::to_string(h.columns[1] + 1);
        return Outcome::Warned;
    }
    const Range l = cells[h.columns[0]], r = cells[h.columns[1]];
    Statement st;
    st.form = StatementForm::Table;
    st.line = index;
    st.parents = h.parents;
    if (is_blank(t, l) || is_blank(t, r)) {
        problem = "a side is empty";
        return Outcome::Warned;
    }
    if (!read_name_list(t, l.first, l.second, Strictness::Structured, false, st.left) ||
        !read_name_list(t, r.first, r.second, Strictness::Structured, false, st.right)) {
        problem = "cannot read a place name in '" +
                  to_utf8(cell_text(t, st.left.empty() ? l : r)) + "'";
        return Outcome::Warned;
    }
    statements_.push_back(std::move(st));
    return Outcome::Read;
}

Extractor::Outcome Extractor::read_spaced(std::size_t index, std::u32string_view t, std::vector<Range> cells,
                                          bool pdf, std::string& problem) {
    drop_sentence_end(t, cells);
    std::vector<Name> probe;
    bool any = false, all = true;
    for (Range r : cells) {
        const bool name = read_name_list(t, r.first, r.second, Strictness::Certain, false, probe);
        any = any || name;
        all = all && name;
    }
    // One space apart: both words must be full names (北京市 对口支援玉树州 is prose).
    if (!any || (!pdf && !all)) return Outcome::NotAList;
    if (const auto under = read_under_header(index, t, cells, problem)) return *under;
    // Without a header: two names, then only remarks (2017年起); which side is which is left to membership.
    const std::vector<Range> content = content_cells(t, cells);
    if (content.size() < 2) return Outcome::NotAList;
    Statement st;
    st.form = pdf ? StatementForm::Table : StatementForm::List;
    st.line = index;
    st.membership_only = true;
    if (!read_name_list(t, content[0].first, content[0].second, Strictness::Certain, false, st.left) ||
        !read_name_list(t, content[1].first, content[1].second, Strictness::Certain, false, st.right))
        return Outcome::NotAList;
    for (std::size_t k = 2; k < content.size(); ++k)
        if (read_name_list(t, content[k].first, content[k].second, Strictness::Certain, false, probe))
            return Outcome::NotAList;
    statements_.push_back(std::move(st));
    return Outcome::Read;
}

bool Extractor::read_two_names(std::size_t index, std::u32string_view t, std::size_t b, std::size_t e) {
    e = without_sentence_end(t, b, e);
    const std::u32string_view line = t.substr(b, e - b);
    const std::size_t mark = line.find(U'、');
    if (mark == std::u32string_view::npos || line.find(U'、', mark + 1) != std::u32string_view::npos) return false;
    Name l, r;
    if (!read_name(t, b, b + mark, Strictness::Certain, l) || !read_name(t, b + mark + 1, e, Strictness::Certain, r))
        return false;
    Statement st;
    st.form = StatementForm::List;
    st.line = index;
    st.membership_only = true;
    st.left = {l};
    st.right = {r};
    statements_.push_back(std::move(st));
    return true;
}

}  // namespace duikou::io::text_detail

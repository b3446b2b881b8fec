#include "duikou/io/csv.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <deque>
#include <filesystem>
#include <limits>
#include <memory>
#include <stdexcept>
#include <unordered_set>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "duikou/io/error.hpp"
#include "duikou/io/utf8.hpp"
#include "../string_index.hpp"

namespace duikou::io {

namespace {

// Interns the values of one text column in a StringIndex. Values come in
// batches: every lookup of a batch is started (hash, prefetch) before any is
// finished, so a column of many distinct names waits for memory once per
// batch rather than once per field. New labels are checked for UTF-8 and NUL
// bytes here, once per label rather than once per byte of the file.
class Interner {
  public:
    static constexpr std::size_t kBatch = 64;

    // Appends the codes of `values` (at most kBatch; data() == nullptr marks a missing value).
    void add(const std::string_view* values, std::size_t count) {
        std::uint64_t hashes[kBatch];
        detail::StringIndex::Slot candidates[kBatch];
        for (std::size_t j = 0; j < count; ++j) {
            if (!values[j].data()) continue;
            hashes[j] = detail::hash_bytes(values[j]);
            index_.prefetch(hashes[j]);
        }
        for (std::size_t j = 0; j < count; ++j)
            if (values[j].data()) candidates[j] = index_.candidate(values[j], hashes[j]);
        for (std::size_t j = 0; j < count; ++j) {
            const std::string_view v = values[j];
            if (!v.data()) {
                codes_.push_back(kMissing);
            } else if (candidates[j].holds(v)) {
                codes_.push_back(candidates[j].id());
            } else {
                bool added = false;
                codes_.push_back(index_.find_or_add(v, hashes[j], added));
                if (added && (v.find('\0') != std::string_view::npos || first_invalid_utf8(v))) bad_text_ = true;
            }
        }
    }

    void reserve(std::size_t rows) { codes_.reserve(rows); }

    // True when a label is not valid UTF-8 or holds a NUL byte.
    bool bad_text() const { return bad_text_; }

    Coded take() {
        Coded column;
        column.codes = std::move(codes_);
        std::vector<std::string_view> by_id(index_.size());
        std::size_t bytes = 0;
        index_.for_each([&](Id id, std::string_view label) {
            by_id[static_cast<std::size_t>(id)] = label;
            bytes += label.size();
        });
        column.labels.reserve(by_id.size(), bytes);
        for (auto label : by_id) column.labels.push_back(label);
        return column;
    }

  private:
    std::vector<Id> codes_;
    detail::StringIndex index_;
    bool bad_text_ = false;
};

// Splits RFC 4180 text into records and fields and interns them column by
// column, a batch of records at a time. Field values are views into the text;
// only a quoted field with doubled quotes is unescaped, into storage that
// lives until its batch is interned. The text may come in chunks (see feed),
// so that a file need not be in memory all at once.
class Parser {
  public:
    // `size_hint`: bytes of the whole input, to reserve room for its rows.
    Parser(const std::string& source, std::size_t size_hint) : source_(source), size_hint_(size_hint) {}

    // Parses the records of `text`, which starts where the last call stopped.
    // Unless `last`, a record may continue past the end of the chunk: the call
    // then stops before that record and returns where it starts (the caller
    // passes the rest again, with more text); otherwise returns text.size().
    // Throws InputError on malformed text.
    std::size_t feed(std::string_view text, bool last) {
        text_ = text;
        last_ = last;
        pos_ = 0;
        const std::size_t n = text_.size();
        std::size_t record_start = 0;
        const std::int64_t line_at_start = line_;
        std::int64_t record_line = line_;
        std::size_t records = 0;
        escaped_.clear();
        try {
            if (columns_.empty()) {
                if (!read_header()) {  // blank lines only, so far
                    consumed_ += n;
                    return n;
                }
                columns_.resize(table_.columns.size());
                batch_.resize(table_.columns.size() * Interner::kBatch);
            }
            const std::size_t width = columns_.size();
            while (pos_ < n) {
                record_start = pos_;
                record_line = line_;
                if (text_[pos_] == '\n' || text_[pos_] == '\r') {  // a blank line holds no record
                    skip_line_end();
                    continue;
                }
                std::size_t fields = 0;
                for (;;) {
                    bool quoted = false;
                    std::string_view value = next_field(quoted);
                    if (fields < width) {
                        if (!quoted && value.empty()) value = {};  // a bare empty field: missing
                        else if (value.data() == scratch_.data()) value = escaped_.emplace_back(scratch_);
                        batch_[fields * Interner::kBatch + records] = value;
                    }
                    ++fields;
                    if (pos_ < n && text_[pos_] == ',') {
                        ++pos_;
                        continue;
                    }
                    break;
                }
                if (pos_ < n) skip_line_end();
                if (fields != width)
                    throw InputError(source_, record_line, "",
                                     "expected " + std::to_string(width) + " fields (as in the header), found " +
                                         std::to_string(fields));
                table_.lines.push_back(record_line);
                if (++records == Interner::kBatch) {
                    intern_batch(records);
                    records = 0;
                    escaped_.clear();
                }
            }
        } catch (const Incomplete&) {  // the record at record_start goes on in the next chunk
            if (columns_.empty()) {    // ... and it is the header
                table_.columns.clear();
                line_ = line_at_start;
                return 0;
            }
            intern_batch(records);
            line_ = record_line;
            consumed_ += record_start;
            return record_start;
        }
        intern_batch(records);
        consumed_ += n;
        return n;
    }

    // The columns, once every chunk has been fed. Throws InputError if there
    // was no header. bad_text() tells whether a name is not valid UTF-8.
    ColumnTable finish() {
        if (columns_.empty()) throw InputError(source_, 0, "", "the file is empty: expected a header line");
        for (const auto& c : table_.columns)
            bad_text_ = bad_text_ || c.name.find('\0') != std::string::npos || first_invalid_utf8(c.name);
        for (std::size_t k = 0; k < columns_.size(); ++k) {
            bad_text_ = bad_text_ || columns_[k].bad_text();
            table_.columns[k].text = columns_[k].take();
        }
        return std::move(table_);
    }

    bool bad_text() const { return bad_text_; }

  private:
    // A quoted field that the chunk ends inside of (more text may close it).
    struct Incomplete {};

    // Interns the first `records` records of the batch, column by column.
    void intern_batch(std::size_t records) {
        if (records == 0) return;
        for (std::size_t k = 0; k < columns_.size(); ++k) columns_[k].add(&batch_[k * Interner::kBatch], records);
        if (table_.lines.size() == records && consumed_ + pos_ < size_hint_) {
            // After the first batch: room for the rows the rest of the input likely holds.
            const double done = static_cast<double>(std::max<std::size_t>(1, consumed_ + pos_));
            const auto expected = static_cast<std::size_t>(1.125 * static_cast<double>(records) *
                                                           static_cast<double>(size_hint_) / done) + records;
            table_.lines.reserve(expected);
            for (auto& c : columns_) c.reserve(expected);
        }
    }

    // Reads the first non-blank record as column names; false if there is none.
    bool read_header() {
        ColumnTable& table = table_;
        const std::size_t n = text_.size();
        while (pos_ < n && (text_[pos_] == '\n' || text_[pos_] == '\r')) skip_line_end();
        if (pos_ >= n) return false;
        const std::int64_t line = line_;
        std::vector<std::string> names;
        for (;;) {
            bool quoted = false;
            names.emplace_back(next_field(quoted));
            if (pos_ < n && text_[pos_] == ',') {
                ++pos_;
                continue;
            }
            break;
        }
        if (pos_ < n) skip_line_end();
        std::unordered_set<std::string_view> seen;  // a hash set: a header of 10^5 names stays linear
        for (std::size_t k = 0; k < names.size(); ++k) {
            if (names[k].empty())
                throw InputError(source_, line, "", "column " + std::to_string(k + 1) + " of the header has no name");
            if (!seen.insert(names[k]).second)
                throw InputError(source_, line, names[k], "the header names this column twice");
        }
        for (auto& name : names) {
            Column column;
            column.name = std::move(name);
            table.columns.push_back(std::move(column));
        }
        return true;
    }

    // The field at pos_; leaves pos_ on the delimiter after it (',', CR, LF) or at the end.
    std::string_view next_field(bool& quoted) {
        const std::size_t n = text_.size();
        if (pos_ >= n || text_[pos_] != '"') {
            const std::size_t begin = pos_;
            pos_ = end_of_unquoted(begin);
            return text_.substr(begin, pos_ - begin);
        }
        quoted = true;
        const std::int64_t open_line = line_;
        std::size_t segment = ++pos_;
        bool escaped = false;
        for (;;) {
            const void* found = std::memchr(text_.data() + pos_, '"', n - pos_);
            if (!found && !last_) throw Incomplete{};
            if (!found)
                throw InputError(source_, open_line, "", "a quoted field opened here is never closed (unbalanced '\"')");
            const auto quote = static_cast<std::size_t>(static_cast<const char*>(found) - text_.data());
            count_line_ends(pos_, quote);
            if (quote + 1 < n && text_[quote + 1] == '"') {  // "" stands for one quote
                if (!escaped) scratch_.clear();
                scratch_.append(text_, segment, quote + 1 - segment);
                escaped = true;
                pos_ = segment = quote + 2;
                continue;
            }
            pos_ = quote + 1;
            if (pos_ < n && text_[pos_] != ',' && text_[pos_] != '\n' && text_[pos_] != '\r')
                throw InputError(source_, line_, "",
                                 "unexpected character after a closing quote (a quote inside a quoted field "
                                 "must be doubled: \"\")");
            if (!escaped) return text_.substr(segment, quote - segment);
            scratch_.append(text_, segment, quote - segment);
            return scratch_;
        }
    }

    // First ',', CR or LF at or after `i` (the end of an unquoted field).
    std::size_t end_of_unquoted(std::size_t i) const {
        const std::size_t n = text_.size();
        const char* data = text_.data();
#if defined(__SSE2__)
        const __m128i comma = _mm_set1_epi8(','), lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
        for (; i + 16 <= n; i += 16) {
            const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
            const __m128i hits = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(block, comma), _mm_cmpeq_epi8(block, lf)),
                                              _mm_cmpeq_epi8(block, cr));
            if (const int mask = _mm_movemask_epi8(hits))
                return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
        }
#endif
        for (; i < n; ++i)
            if (data[i] == ',' || data[i] == '\n' || data[i] == '\r') return i;
        return n;
    }

    // Line ends inside a quoted field: LF, CRLF or a lone CR, as outside quotes.
    void count_line_ends(std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) {
            const char c = text_[i];
            if (c == '\n' || (c == '\r' && (i + 1 >= text_.size() || text_[i + 1] != '\n'))) ++line_;
        }
    }

    void skip_line_end() {
        pos_ += (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ? 2 : 1;
        ++line_;
    }

    const std::string& source_;
    const std::size_t size_hint_;
    std::string_view text_;     // the current chunk
    bool last_ = true;          // whether it ends the input
    std::size_t pos_ = 0;       // in the chunk
    std::size_t consumed_ = 0;  // bytes of earlier chunks
    std::int64_t line_ = 1;
    ColumnTable table_;
    std::vector<Interner> columns_;
    std::vector<std::string_view> batch_;  // batch_[k * kBatch + r]: field k of the r-th record of the batch
    bool bad_text_ = false;
    std::string scratch_;               // the last unescaped quoted field
    std::deque<std::string> escaped_;   // unescaped fields of the current batch (stable addresses)
};

bool needs_quotes(std::string_view s) {
    if (s.empty()) return true;
    if (s.find_first_of(",\"\r\n") != std::string_view::npos) return true;
    // Unquoted, a leading U+FEFF at the start of the file reads back as a byte-order mark.
    if (s.compare(0, 3, "\xEF\xBB\xBF") == 0) return true;
    auto space = [](char c) { return c == ' ' || c == '\t'; };
    return space(s.front()) || space(s.back());
}

void append_field(std::string& out, std::string_view s) {
    if (!needs_quotes(s)) {
        out += s;
        return;
    }
    out += '"';
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

// parse_csv takes a NUL byte for binary or UTF-16 data, so a file holding one
// could not be read back: refuse to write it, naming the column and row.
void reject_nul(const Column& c) {
    if (c.name.find('\0') != std::string::npos)
        throw std::invalid_argument("column name '" + c.name + "' holds a NUL byte, which CSV cannot carry");
    if (c.kind != Kind::Text) return;
    std::vector<char> has_nul(c.text.labels.size());
    bool any = false;
    for (std::size_t k = 0; k < has_nul.size(); ++k) {
        has_nul[k] = c.text.labels[k].find('\0') != std::string_view::npos;
        any = any || has_nul[k];
    }
    if (!any) return;
    for (std::size_t i = 0; i < c.text.codes.size(); ++i)
        if (c.text.codes[i] != kMissing && has_nul[static_cast<std::size_t>(c.text.codes[i])])
            throw std::invalid_argument("column '" + c.name + "', row " + std::to_string(i + 1) +
                                        ": the value holds a NUL byte, which CSV cannot carry (write JSON instead)");
}

}  // namespace

ColumnTable parse_csv(std::string_view text, const std::string& source) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    try {
        Parser parser(source, text.size());
        parser.feed(text, true);
        ColumnTable table = parser.finish();
        if (!parser.bad_text()) return table;
        require_utf8(text, source);  // names the first bad byte
        throw InputError(source, 0, "", "the text is not valid UTF-8");
    } catch (const InputError&) {
        require_utf8(text, source);  // an encoding error is reported first, wherever it is
        throw;
    }
}

ColumnTable read_csv(const std::string& path, std::size_t chunk_bytes) {
    // The file is parsed in chunks as it is read, so it is never in memory as a
    // whole. Any problem (a file that cannot be read, malformed text) is
    // reported by reading the whole file and parsing it with parse_csv, which
    // names the first problem as always; only bad files pay for that.
    auto reread = [&] { return parse_csv(read_file(path), path); };
    std::error_code unknown;
    if (std::filesystem::is_directory(path, unknown)) return reread();
    const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!file) return reread();
    const auto size = std::filesystem::file_size(path, unknown);  // a hint: the file may change as it is read
    // A small file gets a buffer of its size (plus room to see the end, and at least a byte-order mark's).
    const std::size_t wanted = unknown ? chunk_bytes : std::min<std::size_t>(chunk_bytes, static_cast<std::size_t>(size) + 1);
    std::string buffer(std::max<std::size_t>(wanted, 4), '\0');
    Parser parser(path, unknown ? 0 : static_cast<std::size_t>(size));
    std::size_t held = 0;  // bytes of buffer not parsed yet
    bool first = true;
    try {
        for (;;) {
            if (held == buffer.size()) buffer.resize(2 * buffer.size());  // a record longer than the buffer
            held += std::fread(&buffer[held], 1, buffer.size() - held, file.get());
            if (std::ferror(file.get())) return reread();
            const bool last = held < buffer.size();  // fread stops short only at the end of the file
            std::size_t begin = 0;
            if (first && std::string_view(buffer).substr(0, std::min<std::size_t>(held, 3)) == "\xEF\xBB\xBF") begin = 3;
            first = false;
            // Whole lines only, unless this is the end (a quoted field may still span the cut).
            std::size_t end = held;
            if (!last) {
                const auto newline = std::string_view(buffer.data(), held).rfind('\n');
                end = newline == std::string_view::npos ? begin : newline + 1;
            }
            const std::size_t parsed = begin + parser.feed(std::string_view(buffer).substr(begin, end - begin), last);
            if (last) break;
            std::memmove(&buffer[0], &buffer[parsed], held - parsed);  // the unparsed tail goes to the front
            held -= parsed;
        }
        ColumnTable table = parser.finish();
        if (parser.bad_text()) return reread();
        return table;
    } catch (const InputError&) {
        return reread();
    }
}

std::string format_csv(const ColumnTable& table) {
    check_columns(table);
    for (const auto& c : table.columns) reject_nul(c);
    std::string out;
    for (std::size_t k = 0; k < table.columns.size(); ++k) {
        if (k) out += ',';
        append_field(out, table.columns[k].name);
    }
    out += '\n';
    const std::size_t rows = table.rows();
    for (std::size_t i = 0; i < rows; ++i) {
        for (std::size_t k = 0; k < table.columns.size(); ++k) {
            if (k) out += ',';
            const Column& c = table.columns[k];
            if (c.is_missing(i)) continue;
            switch (c.kind) {
                case Kind::Text: append_field(out, c.text.labels[static_cast<std::size_t>(c.text.codes[i])]); break;
                case Kind::Integer: out += std::to_string(c.integers[i]); break;
                case Kind::Real: {
                    char buffer[32];  // shortest text that reads back as the same double
                    const auto end = std::to_chars(buffer, buffer + sizeof buffer, c.reals[i]).ptr;
                    out.append(buffer, end);
                    break;
                }
                case Kind::Boolean: out += c.booleans[i] ? "true" : "false"; break;
            }
        }
        out += '\n';
    }
    return out;
}

}  // namespace duikou::io

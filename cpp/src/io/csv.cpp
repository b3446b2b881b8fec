#include "duikou/io/csv.hpp"

#include <charconv>
#include <unordered_map>

#include "duikou/io/error.hpp"
#include "duikou/io/utf8.hpp"

namespace duikou::io {

namespace {

// Interns the values of one text column as they are parsed.
class ColumnBuilder {
  public:
    void add(std::string_view value, bool missing) {
        if (missing) {
            column_.codes.push_back(kMissing);
            return;
        }
        auto [it, inserted] = ids_.try_emplace(std::string(value), static_cast<Id>(column_.labels.size()));
        if (inserted) column_.labels.emplace_back(value);
        column_.codes.push_back(it->second);
    }
    Coded take() { return std::move(column_); }

  private:
    Coded column_;
    std::unordered_map<std::string, Id> ids_;
};

struct Field {
    std::string value;
    bool quoted = false;
};

// Splits the text into records of fields, calling on_record(fields, line) for each.
template <class OnRecord>
void split_records(std::string_view text, const std::string& source, OnRecord&& on_record) {
    std::vector<Field> fields;
    Field field;
    std::int64_t line = 1, record_line = 1;
    std::size_t i = 0;
    const std::size_t n = text.size();
    bool at_field_start = true;
    auto end_field = [&] {
        fields.push_back(std::move(field));
        field = Field{};
        at_field_start = true;
    };
    auto end_record = [&] {
        end_field();
        const bool blank = fields.size() == 1 && !fields[0].quoted && fields[0].value.empty();
        if (!blank) on_record(fields, record_line);
        fields.clear();
    };
    while (i < n) {
        const char c = text[i];
        if (at_field_start && c == '"') {
            const std::int64_t open_line = line;
            field.quoted = true;
            ++i;
            for (;;) {
                if (i >= n)
                    throw InputError(source, open_line, "",
                                     "a quoted field opened here is never closed (unbalanced '\"')");
                const char q = text[i];
                if (q == '"') {
                    if (i + 1 < n && text[i + 1] == '"') {
                        field.value += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                if (q == '\n') ++line;
                field.value += q;
                ++i;
            }
            if (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
                throw InputError(source, line, "",
                                 "unexpected character after a closing quote (a quote inside a quoted field "
                                 "must be doubled: \"\")");
            at_field_start = false;
            continue;
        }
        at_field_start = false;
        if (c == ',') {
            end_field();
            ++i;
        } else if (c == '\n' || c == '\r') {
            end_record();
            i += (c == '\r' && i + 1 < n && text[i + 1] == '\n') ? 2 : 1;
            ++line;
            record_line = line;
        } else {
            field.value += c;
            ++i;
        }
    }
    if (!fields.empty() || !field.value.empty() || field.quoted) end_record();
}

bool needs_quotes(const std::string& s) {
    if (s.empty()) return true;
    if (s.find_first_of(",\"\r\n") != std::string::npos) return true;
    auto space = [](char c) { return c == ' ' || c == '\t'; };
    return space(s.front()) || space(s.back());
}

void append_field(std::string& out, const std::string& s) {
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

}  // namespace

ColumnTable parse_csv(std::string_view text, const std::string& source) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    require_utf8(text, source);

    ColumnTable table;
    std::vector<ColumnBuilder> builders;
    bool have_header = false;
    split_records(text, source, [&](std::vector<Field>& fields, std::int64_t line) {
        if (!have_header) {
            for (std::size_t k = 0; k < fields.size(); ++k) {
                const auto& name = fields[k].value;
                if (name.empty())
                    throw InputError(source, line, "", "column " + std::to_string(k + 1) + " of the header has no name");
                for (const auto& c : table.columns)
                    if (c.name == name) throw InputError(source, line, name, "the header names this column twice");
                Column column;
                column.name = name;
                table.columns.push_back(std::move(column));
            }
            builders.resize(fields.size());
            have_header = true;
            return;
        }
        if (fields.size() != table.columns.size())
            throw InputError(source, line, "",
                             "expected " + std::to_string(table.columns.size()) + " fields (as in the header), found " +
                                 std::to_string(fields.size()));
        for (std::size_t k = 0; k < fields.size(); ++k)
            builders[k].add(fields[k].value, !fields[k].quoted && fields[k].value.empty());
        table.lines.push_back(line);
    });
    if (!have_header) throw InputError(source, 0, "", "the file is empty: expected a header line");
    for (std::size_t k = 0; k < builders.size(); ++k) table.columns[k].text = builders[k].take();
    return table;
}

ColumnTable read_csv(const std::string& path) { return parse_csv(read_file(path), path); }

std::string format_csv(const ColumnTable& table) {
    check_columns(table);
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

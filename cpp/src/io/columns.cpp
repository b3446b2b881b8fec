#include "duikou/io/columns.hpp"

#include <stdexcept>
#include <unordered_set>

namespace duikou::io {

const char* kind_name(Kind k) {
    switch (k) {
        case Kind::Text: return "text";
        case Kind::Integer: return "integer";
        case Kind::Real: return "real";
        case Kind::Boolean: return "boolean";
    }
    return "unknown";
}

std::size_t Column::size() const {
    switch (kind) {
        case Kind::Text: return text.codes.size();
        case Kind::Integer: return integers.size();
        case Kind::Real: return reals.size();
        case Kind::Boolean: return booleans.size();
    }
    return 0;
}

bool Column::is_missing(std::size_t row) const {
    return kind == Kind::Text ? text.codes[row] == kMissing : present[row] == 0;
}

const Column* ColumnTable::find(const std::string& name) const {
    for (const auto& c : columns)
        if (c.name == name) return &c;
    return nullptr;
}

void check_columns(const ColumnTable& table) {
    std::unordered_set<std::string> names;
    for (const auto& c : table.columns) {
        if (!names.insert(c.name).second) throw std::invalid_argument("column '" + c.name + "' appears twice");
        if (c.size() != table.rows())
            throw std::invalid_argument("column '" + c.name + "' has " + std::to_string(c.size()) +
                                        " values but column '" + table.columns.front().name + "' has " +
                                        std::to_string(table.rows()));
        if (c.kind == Kind::Text) check_codes(c.text, c.name);
        else if (c.present.size() != c.size())
            throw std::invalid_argument("column '" + c.name + "': the missing-value mask has " +
                                        std::to_string(c.present.size()) + " entries, expected " +
                                        std::to_string(c.size()));
    }
}

}  // namespace duikou::io

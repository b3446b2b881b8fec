#include "duikou/io/json.hpp"

#include <cmath>
#include <unordered_map>

#include "duikou/io/error.hpp"
#include "duikou/io/utf8.hpp"

namespace duikou::io {

namespace {

using Json = nlohmann::ordered_json;

std::string record_name(std::size_t index) { return "record " + std::to_string(index); }

Kind kind_of(const Json& value) {
    if (value.is_string()) return Kind::Text;
    if (value.is_boolean()) return Kind::Boolean;
    if (value.is_number_float()) return Kind::Real;
    return Kind::Integer;
}

// Builds one column from the records, whatever its kind turns out to be.
class ColumnBuilder {
  public:
    ColumnBuilder(std::string name, std::size_t rows_before) {
        column_.name = std::move(name);
        missing_before_ = rows_before;
    }
    // A column declared with its kind in "columns": values must be of that kind.
    ColumnBuilder(std::string name, Kind kind) : ColumnBuilder(std::move(name), 0) {
        column_.kind = kind;
        typed_ = declared_ = true;
    }

    void add(const Json& value, const std::string& source, std::size_t record) {
        if (value.is_null()) {
            ++missing_before_;
            return;
        }
        if (value.is_object() || value.is_array())
            throw InputError(source, 0, column_.name,
                             record_name(record) + ": nested " + std::string(value.type_name()) +
                                 "; values must be strings, numbers, booleans or null");
        const Kind k = kind_of(value);
        if (!typed_) {
            column_.kind = k;
            typed_ = true;
        } else if (k != column_.kind) {
            if (column_.kind == Kind::Integer && k == Kind::Real && !declared_) promote_to_real();
            else if (!(column_.kind == Kind::Real && k == Kind::Integer))
                throw InputError(source, 0, column_.name,
                                 record_name(record) + ": " + kind_name(k) + " value in a column of " +
                                     kind_name(column_.kind) + " values");
        }
        fill_missing();
        switch (column_.kind) {
            case Kind::Text: {
                const auto& s = value.get_ref<const std::string&>();
                auto [it, inserted] = ids_.try_emplace(s, static_cast<Id>(column_.text.labels.size()));
                if (inserted) column_.text.labels.push_back(s);
                column_.text.codes.push_back(it->second);
                return;
            }
            case Kind::Integer:
                if (value.is_number_unsigned() && value.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))
                    throw InputError(source, 0, column_.name, record_name(record) + ": integer out of range");
                column_.integers.push_back(value.get<std::int64_t>());
                break;
            case Kind::Real: column_.reals.push_back(value.get<double>()); break;
            case Kind::Boolean: column_.booleans.push_back(value.get<bool>()); break;
        }
        column_.present.push_back(1);
    }

    void add_missing() { ++missing_before_; }

    Column take() {
        fill_missing();
        return std::move(column_);
    }

  private:
    void fill_missing() {
        for (; missing_before_ > 0; --missing_before_) {
            switch (column_.kind) {
                case Kind::Text: column_.text.codes.push_back(kMissing); continue;
                case Kind::Integer: column_.integers.push_back(0); break;
                case Kind::Real: column_.reals.push_back(std::nan("")); break;
                case Kind::Boolean: column_.booleans.push_back(0); break;
            }
            column_.present.push_back(0);
        }
    }
    void promote_to_real() {
        column_.kind = Kind::Real;
        for (auto v : column_.integers) column_.reals.push_back(static_cast<double>(v));
        column_.integers.clear();
    }

    Column column_;
    bool typed_ = false;
    bool declared_ = false;
    std::size_t missing_before_ = 0;  // values not yet stored because the kind was unknown
    std::unordered_map<std::string, Id> ids_;
};

struct IntegerTooLarge {
    std::string digits;
};

// Json::parse, except that an integer beyond 64 bits is an error rather than a
// double that silently drops digits, and that the byte of any parse error is
// kept: nlohmann's out_of_range error for a number beyond a double (1e400)
// does not carry it.
class StrictDomParser : public nlohmann::detail::json_sax_dom_parser<Json> {
  public:
    explicit StrictDomParser(Json& doc) : json_sax_dom_parser(doc) {}

    bool number_float(Json::number_float_t value, const std::string& lexeme) {
        if (lexeme.find_first_of(".eE") == std::string::npos) throw IntegerTooLarge{lexeme};
        return json_sax_dom_parser::number_float(value, lexeme);
    }

    template <class Exception>
    bool parse_error(std::size_t byte, const std::string& token, const Exception& error) {
        error_byte = byte;
        return json_sax_dom_parser::parse_error(byte, token, error);
    }

    std::size_t error_byte = 0;
};

}  // namespace

Json parse_json_value(std::string_view text, const std::string& source) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    require_utf8(text, source);
    Json doc;
    StrictDomParser dom(doc);
    try {
        Json::sax_parse(text.begin(), text.end(), &dom);
    } catch (const IntegerTooLarge& e) {
        throw InputError(source, 0, "", "the integer " + e.digits +
                                            " does not fit in 64 bits; write it as a string to keep every digit");
    } catch (const nlohmann::json::exception& e) {
        const auto offset = dom.error_byte > 0 ? dom.error_byte - 1 : 0;
        throw InputError(source, static_cast<std::int64_t>(line_of_offset(text, offset)), "",
                         std::string("not valid JSON: ") + e.what());
    }
    return doc;
}

JsonTable parse_json(std::string_view text, const std::string& source) {
    const Json doc = parse_json_value(text, source);
    JsonTable out;
    const Json* records = &doc;
    std::vector<ColumnBuilder> builders;
    std::unordered_map<std::string, std::size_t> index;
    if (doc.is_object()) {
        auto pairs = doc.find("pairs");
        if (pairs == doc.end())
            throw InputError(source, 0, "pairs", "a JSON object must hold the records under \"pairs\"");
        records = &*pairs;
        if (auto meta = doc.find("metadata"); meta != doc.end()) {
            if (!meta->is_object())
                throw InputError(source, 0, "metadata", std::string("expected an object, found ") + meta->type_name());
            out.metadata = *meta;
        }
        if (auto declared = doc.find("columns"); declared != doc.end()) {
            if (!declared->is_array())
                throw InputError(source, 0, "columns", "expected an array of {\"name\", \"kind\"} objects");
            for (const auto& spec : *declared) {
                if (!spec.is_object() || !spec.contains("name") || !spec["name"].is_string() ||
                    !spec.contains("kind") || !spec["kind"].is_string())
                    throw InputError(source, 0, "columns", "each entry must be {\"name\": str, \"kind\": str}");
                const auto& name = spec["name"].get_ref<const std::string&>();
                const auto& kind = spec["kind"].get_ref<const std::string&>();
                Kind k = kind == "text" ? Kind::Text : kind == "integer" ? Kind::Integer
                       : kind == "real" ? Kind::Real : kind == "boolean" ? Kind::Boolean
                       : throw InputError(source, 0, "columns", "unknown kind '" + kind + "' of column '" + name + "'");
                if (!index.try_emplace(name, builders.size()).second)
                    throw InputError(source, 0, "columns", "column '" + name + "' is declared twice");
                builders.emplace_back(name, k);
            }
        }
    }
    if (!records->is_array())
        throw InputError(source, 0, doc.is_object() ? "pairs" : "",
                         std::string("expected an array of records, found ") + records->type_name());

    std::vector<char> seen;
    for (std::size_t r = 0; r < records->size(); ++r) {
        const Json& record = (*records)[r];
        if (!record.is_object())
            throw InputError(source, 0, "", record_name(r) + " is a " + record.type_name() + ", expected an object");
        seen.assign(builders.size(), 0);
        for (const auto& [key, value] : record.items()) {
            auto [it, inserted] = index.try_emplace(key, builders.size());
            if (inserted) {
                builders.emplace_back(key, r);
                seen.push_back(0);
            }
            seen[it->second] = 1;
            builders[it->second].add(value, source, r);
        }
        for (std::size_t k = 0; k < builders.size(); ++k)
            if (!seen[k]) builders[k].add_missing();
    }
    for (auto& b : builders) out.table.columns.push_back(b.take());
    return out;
}

JsonTable read_json(const std::string& path) { return parse_json(read_file(path), path); }

std::string format_json(const ColumnTable& table, const Json& metadata) {
    check_columns(table);
    if (!metadata.is_object()) throw std::invalid_argument("metadata must be a JSON object");
    auto dump = [](const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::strict); };
    Json declared = Json::array();
    for (const auto& c : table.columns) declared.push_back({{"name", c.name}, {"kind", kind_name(c.kind)}});
    std::string out = "{\n\"metadata\": " + dump(metadata) + ",\n\"columns\": " + dump(declared) + ",\n\"pairs\": [";
    const std::size_t rows = table.rows();
    for (std::size_t i = 0; i < rows; ++i) {
        Json record = Json::object();
        for (const auto& c : table.columns) {
            if (c.is_missing(i)) {
                record[c.name] = nullptr;
                continue;
            }
            switch (c.kind) {
                case Kind::Text: record[c.name] = std::string(c.text.labels[static_cast<std::size_t>(c.text.codes[i])]); break;
                case Kind::Integer: record[c.name] = c.integers[i]; break;
                case Kind::Real:
                    if (!std::isfinite(c.reals[i]))
                        throw std::invalid_argument("column '" + c.name + "', row " + std::to_string(i + 1) +
                                                    ": JSON cannot hold infinite values");
                    record[c.name] = c.reals[i];
                    break;
                case Kind::Boolean: record[c.name] = static_cast<bool>(c.booleans[i]); break;
            }
        }
        out += i ? ",\n" : "\n";
        out += dump(record);
    }
    out += rows ? "\n]\n}\n" : "]\n}\n";
    return out;
}

}  // namespace duikou::io

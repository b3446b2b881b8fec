#include "duikou/io/csv.hpp"
#include "duikou/io/error.hpp"
#include "duikou/io/json.hpp"
#include "pybind.hpp"

namespace duikou::bind {

namespace {

using io::Column;
using io::ColumnTable;
using io::Kind;

// Columns cross the boundary as dicts:
//   {"name", "kind": "text", "codes": int32 array, "labels": list[str]}
//   {"name", "kind": "integer" | "real" | "boolean", "values": array, "present": bool array}
// The codes of the sides a pair table holds are read-only views of its own.
py::list to_python(ColumnTable&& table, const std::shared_ptr<PairTable>& pairs) {
    const py::object owner = pairs ? py::cast(pairs) : py::none();
    py::list out;
    for (auto& c : table.columns) {
        py::dict d("name"_a = c.name, "kind"_a = io::kind_name(c.kind));
        const bool side = pairs && (c.name == "recipient" || c.name == "partner");
        switch (c.kind) {
            case Kind::Text:
                if (side) {
                    const Coded& held = pairs->column(c.name);
                    d["codes"] = codes_view(owner, held.codes);
                    d["labels"] = to_list(held.labels);
                } else {
                    d["codes"] = to_numpy(std::move(c.text.codes));
                    d["labels"] = to_list(c.text.labels);
                }
                break;
            case Kind::Integer: d["values"] = to_numpy(std::move(c.integers)); break;
            case Kind::Real: d["values"] = to_numpy(std::move(c.reals)); break;
            case Kind::Boolean: d["values"] = to_numpy(std::move(c.booleans)).attr("astype")("bool"); break;
        }
        if (c.kind != Kind::Text) d["present"] = to_numpy(std::move(c.present)).attr("astype")("bool");
        out.append(std::move(d));
    }
    return out;
}

template <class T>
std::vector<T> to_vector(const py::handle& h) {
    auto a = py::array_t<T, py::array::c_style | py::array::forcecast>::ensure(h);
    if (!a) throw py::type_error("expected an array convertible to " + std::string(py::str(py::dtype::of<T>())));
    return std::vector<T>(a.data(), a.data() + a.size());
}

ColumnTable from_python(const py::list& columns) {
    ColumnTable table;
    for (const auto& item : columns) {
        const auto d = item.cast<py::dict>();
        Column c;
        c.name = d["name"].cast<std::string>();
        const auto kind = d["kind"].cast<std::string>();
        if (kind == "text") {
            c.kind = Kind::Text;
            c.text = to_coded(d["codes"].cast<py::array>(), d["labels"], c.name);
        } else {
            if (kind == "integer") c.kind = Kind::Integer, c.integers = to_vector<std::int64_t>(d["values"]);
            else if (kind == "real") c.kind = Kind::Real, c.reals = to_vector<double>(d["values"]);
            else if (kind == "boolean") c.kind = Kind::Boolean, c.booleans = to_vector<std::uint8_t>(d["values"]);
            else throw std::invalid_argument("column '" + c.name + "': unknown kind '" + kind + "'");
            c.present = to_vector<std::uint8_t>(d["present"]);
        }
        table.columns.push_back(std::move(c));
    }
    io::check_columns(table);
    return table;
}

// The pair table of the text columns 'recipient' and 'partner', moved out of
// the columns (a reader's codes are in range and its names distinct, so the
// table's checks pass), or null when either is absent or not text.
std::shared_ptr<PairTable> take_pairs(ColumnTable& table) {
    Column* sides[2] = {nullptr, nullptr};
    for (auto& c : table.columns) {
        if (c.kind != Kind::Text) continue;
        if (c.name == "recipient") sides[0] = &c;
        if (c.name == "partner") sides[1] = &c;
    }
    if (!sides[0] || !sides[1]) return nullptr;
    return std::make_shared<PairTable>(std::move(sides[0]->text), std::move(sides[1]->text));
}

// {"columns", "table": PairTable or None, "lines": int64 array, or None when row i
// is on line first_line + i (one record per line: no array of 8 bytes a row), "first_line"}.
py::dict csv_result(ColumnTable&& table, const std::shared_ptr<PairTable>& pairs) {
    auto lines = std::move(table.lines);
    bool consecutive = true;
    for (std::size_t i = 1; i < lines.size() && consecutive; ++i) consecutive = lines[i] == lines[i - 1] + 1;
    const std::int64_t first_line = lines.empty() ? 2 : lines.front();
    return py::dict("columns"_a = to_python(std::move(table), pairs), "table"_a = pairs,
                    "lines"_a = consecutive ? py::object(py::none()) : py::object(to_numpy(std::move(lines))),
                    "first_line"_a = first_line);
}

py::dict json_result(io::JsonTable&& doc, const std::shared_ptr<PairTable>& pairs) {
    return py::dict("columns"_a = to_python(std::move(doc.table), pairs), "table"_a = pairs,
                    "metadata"_a = doc.metadata.dump());
}

}  // namespace

void register_io(py::module_& m) {
    m.def("parse_csv",
          [](const std::string& text, const std::string& source) {
              ColumnTable t;
              std::shared_ptr<PairTable> pairs;
              {
                  py::gil_scoped_release release;
                  t = io::parse_csv(text, source);
                  pairs = take_pairs(t);
              }
              return csv_result(std::move(t), pairs);
          },
          "text"_a, "source"_a = "<string>", "Parse CSV text into columns, the pair table of its sides and row lines.");
    m.def("read_csv",
          [](const std::string& path) {
              ColumnTable t;
              std::shared_ptr<PairTable> pairs;
              {
                  py::gil_scoped_release release;
                  t = io::read_csv(path);
                  pairs = take_pairs(t);
              }
              return csv_result(std::move(t), pairs);
          },
          "path"_a, "Read a CSV file into columns, the pair table of its sides and row lines.");
    m.def("format_csv", [](const py::list& columns) { return io::format_csv(from_python(columns)); }, "columns"_a);
    m.def("write_csv",
          [](const py::list& columns, const std::string& path) {
              auto table = from_python(columns);
              py::gil_scoped_release release;
              io::write_file(path, io::format_csv(table));
          },
          "columns"_a, "path"_a);

    m.def("parse_json",
          [](const std::string& text, const std::string& source) {
              io::JsonTable t;
              std::shared_ptr<PairTable> pairs;
              {
                  py::gil_scoped_release release;
                  t = io::parse_json(text, source);
                  pairs = take_pairs(t.table);
              }
              return json_result(std::move(t), pairs);
          },
          "text"_a, "source"_a = "<string>", "Parse a JSON pairing table into columns, the pair table of its sides and metadata (JSON text).");
    m.def("read_json",
          [](const std::string& path) {
              io::JsonTable t;
              std::shared_ptr<PairTable> pairs;
              {
                  py::gil_scoped_release release;
                  t = io::read_json(path);
                  pairs = take_pairs(t.table);
              }
              return json_result(std::move(t), pairs);
          },
          "path"_a, "Read a JSON pairing table into columns, the pair table of its sides and metadata (JSON text).");
    // InputError (a ValueError) on bad JSON or an integer beyond 64 bits, which would be rounded.
    auto parse_metadata = [](const std::string& metadata) { return io::parse_json_value(metadata, "metadata"); };
    m.def("format_json",
          [parse_metadata](const py::list& columns, const std::string& metadata) {
              return io::format_json(from_python(columns), parse_metadata(metadata));
          },
          "columns"_a, "metadata"_a = "{}");
    m.def("write_json",
          [parse_metadata](const py::list& columns, const std::string& path, const std::string& metadata) {
              auto table = from_python(columns);
              auto meta = parse_metadata(metadata);
              py::gil_scoped_release release;
              io::write_file(path, io::format_json(table, meta));
          },
          "columns"_a, "path"_a, "metadata"_a = "{}");
}

}  // namespace duikou::bind

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
py::list to_python(ColumnTable&& table) {
    py::list out;
    for (auto& c : table.columns) {
        py::dict d("name"_a = c.name, "kind"_a = io::kind_name(c.kind));
        switch (c.kind) {
            case Kind::Text:
                d["codes"] = to_numpy(std::move(c.text.codes));
                d["labels"] = to_list(c.text.labels);
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

py::dict csv_result(ColumnTable&& table) {
    auto lines = std::move(table.lines);
    return py::dict("columns"_a = to_python(std::move(table)), "lines"_a = to_numpy(std::move(lines)));
}

py::dict json_result(io::JsonTable&& doc) {
    return py::dict("columns"_a = to_python(std::move(doc.table)), "metadata"_a = doc.metadata.dump());
}

}  // namespace

void register_io(py::module_& m) {
    m.def("parse_csv",
          [](const std::string& text, const std::string& source) {
              ColumnTable t;
              {
                  py::gil_scoped_release release;
                  t = io::parse_csv(text, source);
              }
              return csv_result(std::move(t));
          },
          "text"_a, "source"_a = "<string>", "Parse CSV text into columns and the line of each row.");
    m.def("read_csv",
          [](const std::string& path) {
              ColumnTable t;
              {
                  py::gil_scoped_release release;
                  t = io::read_csv(path);
              }
              return csv_result(std::move(t));
          },
          "path"_a, "Read a CSV file into columns and the line of each row.");
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
              {
                  py::gil_scoped_release release;
                  t = io::parse_json(text, source);
              }
              return json_result(std::move(t));
          },
          "text"_a, "source"_a = "<string>", "Parse a JSON pairing table into columns and metadata (JSON text).");
    m.def("read_json",
          [](const std::string& path) {
              io::JsonTable t;
              {
                  py::gil_scoped_release release;
                  t = io::read_json(path);
              }
              return json_result(std::move(t));
          },
          "path"_a, "Read a JSON pairing table into columns and metadata (JSON text).");
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

#include "duikou/validate.hpp"
#include "pybind.hpp"

namespace duikou::bind {

namespace {

// UTF-8 of a str, encoded straight from its code points: pybind11's caster
// would go through PyUnicode_AsUTF8AndSize, which keeps a UTF-8 copy inside
// every non-ASCII str for as long as the str lives. False for a lone surrogate.
bool utf8_of(PyObject* text, std::string& out) {
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    const void* data = PyUnicode_DATA(text);
    if (PyUnicode_IS_ASCII(text)) {
        out.assign(static_cast<const char*>(data), static_cast<std::size_t>(n));
        return true;
    }
    const int kind = PyUnicode_KIND(text);
    out.clear();
    out.reserve(static_cast<std::size_t>(n) * (kind == PyUnicode_1BYTE_KIND ? 2 : 3));
    for (Py_ssize_t i = 0; i < n; ++i) {
        const Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c < 0x80) {
            out += static_cast<char>(c);
        } else if (c < 0x800) {
            out += static_cast<char>(0xC0 | (c >> 6));
            out += static_cast<char>(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            if (c >= 0xD800 && c <= 0xDFFF) return false;
            out += static_cast<char>(0xE0 | (c >> 12));
            out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (c & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (c >> 18));
            out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (c & 0x3F));
        }
    }
    return true;
}

// The labels of a column from a Python sequence of str.
std::vector<std::string> to_labels(const py::handle& labels, const std::string& name) {
    if (PyUnicode_Check(labels.ptr()) || PyBytes_Check(labels.ptr()))
        throw py::type_error("'" + name + "' labels must be a sequence of str, not a single string");
    const auto items = py::reinterpret_steal<py::object>(
        PySequence_Fast(labels.ptr(), ("'" + name + "' labels must be a sequence of str").c_str()));
    if (!items) throw py::error_already_set();
    const Py_ssize_t n = PySequence_Fast_GET_SIZE(items.ptr());
    PyObject** item = PySequence_Fast_ITEMS(items.ptr());
    std::vector<std::string> out(static_cast<std::size_t>(n));
    for (Py_ssize_t k = 0; k < n; ++k) {
        if (!PyUnicode_Check(item[k]))
            throw py::type_error("'" + name + "' label " + std::to_string(k) + " is a " + Py_TYPE(item[k])->tp_name +
                                 ", expected str");
        if (!utf8_of(item[k], out[static_cast<std::size_t>(k)]))
            throw std::invalid_argument("'" + name + "' label " + std::to_string(k) +
                                        " holds a lone surrogate, which has no UTF-8 form");
    }
    return out;
}

}  // namespace

void register_table(py::module_& m) {
    py::class_<PairTable, std::shared_ptr<PairTable>>(m, "PairTable",
        "Pairs as int32 codes into per-column label lists (code -1 = missing).")
        .def(py::init([](const py::array& recipient_codes, const py::object& recipient_labels,
                         const py::array& partner_codes, const py::object& partner_labels) {
                 Coded recipient{to_codes(recipient_codes, "recipient"), to_labels(recipient_labels, "recipient")};
                 Coded partner{to_codes(partner_codes, "partner"), to_labels(partner_labels, "partner")};
                 return std::make_shared<PairTable>(std::move(recipient), std::move(partner));
             }),
             "recipient_codes"_a, "recipient_labels"_a, "partner_codes"_a, "partner_labels"_a)
        .def("add_group",
             [](PairTable& t, const std::string& name, const py::array& codes, const py::object& labels) {
                 t.add_group(name, Coded{to_codes(codes, name), to_labels(labels, name)});
             },
             "name"_a, "codes"_a, "labels"_a)
        .def("__len__", &PairTable::size)
        .def_property_readonly("group_names", &PairTable::group_names)
        .def("has_column", [](const PairTable& t, const std::string& name) { return t.has_column(name); }, "name"_a)
        .def("labels", [](const PairTable& t, const std::string& column) { return t.column(column).labels; },
             "column"_a)
        .def("codes",
             [](const PairTable& t, const std::string& column) {
                 const auto& codes = t.column(column).codes;
                 return py::array_t<Id>(static_cast<py::ssize_t>(codes.size()), codes.data());
             },
             "column"_a, "A copy of the codes of a column.")
        .def("problems",
             [](const PairTable& t) {
                 std::vector<RowProblem> found;
                 {
                     py::gil_scoped_release release;
                     found = find_problems(t);
                 }
                 std::vector<std::int64_t> rows, first;
                 py::list kinds, sides;
                 for (const auto& f : found) {
                     rows.push_back(f.row);
                     first.push_back(f.first_row);
                     kinds.append(problem_name(f.problem));
                     sides.append(f.problem == Problem::Duplicate || f.problem == Problem::SelfPair
                                      ? py::object(py::none())
                                      : py::object(py::str(side_name(f.side))));
                 }
                 return py::dict("row"_a = to_numpy(std::move(rows)), "problem"_a = kinds, "side"_a = sides,
                                 "first_row"_a = to_numpy(std::move(first)));
             },
             "Rows with a missing or blank name, self-pairs and duplicate pairs, by row.");
}

}  // namespace duikou::bind

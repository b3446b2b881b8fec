#include "duikou/validate.hpp"
#include "pybind.hpp"

namespace duikou::bind {

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
        .def("labels", [](const PairTable& t, const std::string& column) { return to_list(t.column(column).labels); },
             "column"_a)
        .def("codes",
             [](const py::object& self, const std::string& column) {
                 return codes_view(self, self.cast<const PairTable&>().column(column).codes);
             },
             "column"_a, "The codes of a column: a read-only array sharing the table's memory.")
        .def("problems",
             [](const PairTable& t, const std::optional<std::string>& scope) {
                 const Coded* scope_column = scope ? &t.column(*scope) : nullptr;
                 std::vector<RowProblem> found;
                 {
                     py::gil_scoped_release release;
                     found = find_problems(t, scope_column);
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
             "scope"_a = py::none(),
             "Rows with a missing or blank name, self-pairs and duplicate pairs (within one value of the "
             "scope column, if given), by row.");
}

}  // namespace duikou::bind

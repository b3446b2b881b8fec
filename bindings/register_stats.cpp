#include "duikou/stats/concentration.hpp"
#include "duikou/stats/coverage.hpp"
#include "duikou/stats/frequency.hpp"
#include "pybind.hpp"

namespace duikou::bind {

void register_stats(py::module_& m) {
    m.def("frequency",
          [](const PairTable& t, const std::string& column) {
              const Coded& c = t.column(column);
              stats::Frequency f;
              {
                  py::gil_scoped_release release;
                  f = stats::frequency(c);
              }
              return py::dict("ids"_a = to_numpy(std::move(f.ids)), "counts"_a = to_numpy(std::move(f.counts)),
                              "first_row"_a = to_numpy(std::move(f.first_row)));
          },
          "table"_a, "column"_a,
          "Pairs per label of a column, ordered by count descending, ties by first appearance.");

    m.def("distinct",
          [](const PairTable& t, const std::string& key, const std::string& value) {
              const Coded& k = t.column(key);
              const Coded& v = t.column(value);
              stats::Distinct d;
              {
                  py::gil_scoped_release release;
                  d = stats::distinct(k, v);
              }
              return py::make_tuple(to_numpy(std::move(d.offsets)), to_numpy(std::move(d.ids)));
          },
          "table"_a, "key"_a, "value"_a,
          "Distinct value ids per key id, in order of first appearance, as (offsets, ids).");

    m.def("coverage_matrix",
          [](const PairTable& t, const std::string& rows, const std::string& columns) {
              const Coded& r = t.column(rows);
              const Coded& c = t.column(columns);
              py::gil_scoped_release release;
              return stats::coverage_matrix(r, c);
          },
          "table"_a, "rows"_a, "columns"_a, "Pair counts by (row label, column label).");

    m.def("concentration",
          [](const std::vector<std::int64_t>& counts, int k) {
              stats::Concentration c;
              {
                  py::gil_scoped_release release;
                  c = stats::concentration(counts, k);
              }
              return py::dict("n"_a = c.n, "total"_a = c.total, "hhi"_a = c.hhi, "hhi_normalized"_a = c.hhi_normalized,
                              "gini"_a = c.gini, "shannon"_a = c.shannon, "hill_1"_a = c.hill_1,
                              "hill_2"_a = c.hill_2, "k"_a = c.k, "cr_k"_a = c.cr_k);
          },
          "counts"_a, "k"_a = 4, "HHI, normalised HHI, Gini, Shannon, Hill numbers and CR_k of counts.");
}

}  // namespace duikou::bind

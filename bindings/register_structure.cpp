#include "duikou/structure/components.hpp"
#include "duikou/structure/diff.hpp"
#include "duikou/structure/nestedness.hpp"
#include "duikou/structure/projection.hpp"
#include "pybind.hpp"

#include <optional>

namespace duikou::bind {

void register_structure(py::module_& m) {
    m.def("components",
          [](const PairTable& t, const std::optional<std::string>& group) {
              const Coded* g = group ? &t.column(*group) : nullptr;
              structure::Components c;
              structure::ComponentSizes sizes;
              std::vector<Id> rows;
              {
                  py::gil_scoped_release release;
                  c = structure::components(t);
                  sizes = structure::component_sizes(t, c, g);
                  rows = structure::row_components(t, c);
              }
              py::dict out("count"_a = c.count, "recipient"_a = to_numpy(std::move(c.recipient)),
                           "partner"_a = to_numpy(std::move(c.partner)), "row"_a = to_numpy(std::move(rows)),
                           "recipients"_a = to_numpy(std::move(sizes.recipients)),
                           "partners"_a = to_numpy(std::move(sizes.partners)),
                           "pairs"_a = to_numpy(std::move(sizes.pairs)));
              if (g) out["groups"] = to_numpy(std::move(sizes.groups));
              return out;
          },
          "table"_a, "group"_a = py::none(),
          "Connected components of the recipient-partner graph, numbered by first appearance: the component "
          "of every recipient id, partner id and row (-1: none), and per component the counts of recipients, "
          "partners, pairs and (with group) distinct group values.");

    m.def("projection",
          [](const PairTable& t, const std::string& nodes, const std::string& via) {
              if (nodes == via) throw std::invalid_argument("projection: nodes and via must be different columns");
              const Coded& n = t.column(nodes);
              const Coded& v = t.column(via);
              structure::Projection p;
              {
                  py::gil_scoped_release release;
                  p = structure::project(n, v);
              }
              return py::dict("a"_a = to_numpy(std::move(p.a)), "b"_a = to_numpy(std::move(p.b)),
                              "shared"_a = to_numpy(std::move(p.shared)), "jaccard"_a = to_numpy(std::move(p.jaccard)));
          },
          "table"_a, "nodes"_a, "via"_a,
          "Edges a < b of the projection onto the ids of `nodes` through the ids of `via`: shared count and "
          "Jaccard index, ordered by (a, b).");

    m.def("nodf",
          [](const PairTable& t, const std::string& rows, const std::string& columns, bool order) {
              if (rows == columns) throw std::invalid_argument("nodf: rows and columns must be different columns");
              const Coded& r = t.column(rows);
              const Coded& c = t.column(columns);
              structure::Nestedness n;
              {
                  py::gil_scoped_release release;
                  n = structure::nodf(r, c, order);
              }
              return py::dict("nodf"_a = n.nodf, "rows"_a = n.rows, "columns"_a = n.columns, "n_rows"_a = n.n_rows,
                              "n_columns"_a = n.n_columns, "ones"_a = n.ones, "fill"_a = n.fill);
          },
          "table"_a, "rows"_a = "recipient", "columns"_a = "partner", "order"_a = true,
          "NODF nestedness (Almeida-Neto et al. 2008) of the binary rows x columns matrix, in percent.");

    m.def("diff",
          [](const py::array& old_key, const py::array& old_partner, const py::array& new_key,
             const py::array& new_partner) {
              structure::Keyed old_version{to_codes(old_key, "old key"), to_codes(old_partner, "old partner")};
              structure::Keyed new_version{to_codes(new_key, "new key"), to_codes(new_partner, "new partner")};
              structure::DiffRows d;
              {
                  py::gil_scoped_release release;
                  d = structure::diff(old_version, new_version);
              }
              return py::dict("kept_old"_a = to_numpy(std::move(d.kept_old)), "kept_new"_a = to_numpy(std::move(d.kept_new)),
                              "reassigned_old"_a = to_numpy(std::move(d.reassigned_old)),
                              "reassigned_new"_a = to_numpy(std::move(d.reassigned_new)),
                              "dropped"_a = to_numpy(std::move(d.dropped)), "added"_a = to_numpy(std::move(d.added)));
          },
          "old_key"_a, "old_partner"_a, "new_key"_a, "new_partner"_a,
          "Rows kept, reassigned (same key, other partner), dropped and added between two versions whose ids "
          "share one label space.");
}

}  // namespace duikou::bind

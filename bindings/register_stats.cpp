#include <optional>

#include "duikou/stats/concentration.hpp"
#include "duikou/stats/coverage.hpp"
#include "duikou/stats/distinct.hpp"
#include "duikou/stats/frequency.hpp"
#include "pybind.hpp"

namespace duikou::bind {

namespace {

// Pauses Python's cyclic garbage collector while a binding makes many lists.
// Every 700 new containers start a collection that walks the young objects,
// and the older generations follow: building 200,000 lists of names cost
// twice what the lists themselves cost. The lists hold only names (str), so
// they make no cycle to collect meanwhile; the collector's previous state
// comes back on every exit, exceptions included. Needs the GIL.
class GcPause {
  public:
    GcPause() : was_enabled_(PyGC_Disable()) {}
    ~GcPause() {
        if (was_enabled_) PyGC_Enable();
    }
    GcPause(const GcPause&) = delete;
    GcPause& operator=(const GcPause&) = delete;

  private:
    int was_enabled_;
};

// The lists of names a statistic returns (one per key, as from distinct):
// one C loop with a reference per name, instead of slicing in Python. The
// name objects are shared (each distinct name is one str, referenced from
// every list naming it). Without `order`, a list of the lists of every key;
// with it, a 1-d object array whose element i is the list of key order[i],
// which a DataFrame takes as its column without converting a list of lists.
py::object name_lists(const py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>& offsets,
                      const py::array_t<Id, py::array::c_style | py::array::forcecast>& ids, const py::array& names,
                      const std::optional<py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>>&
                          order) {
    if (offsets.ndim() != 1 || offsets.size() < 1 || ids.ndim() != 1)
        throw std::invalid_argument("name_lists: offsets (at least one entry) and ids must be one-dimensional");
    if (names.ndim() != 1 || names.dtype().kind() != 'O')
        throw py::type_error("name_lists: names must be a one-dimensional object array");
    const std::int64_t* off = offsets.data();
    const Id* id = ids.data();
    const auto n_keys = static_cast<std::size_t>(offsets.size() - 1);
    const auto n_names = static_cast<Id>(names.size());
    if (off[0] < 0 || off[n_keys] > ids.size())
        throw std::invalid_argument("name_lists: offsets must lie within [0, len(ids)]");
    for (std::size_t k = 0; k < n_keys; ++k)
        if (off[k + 1] < off[k]) throw std::invalid_argument("name_lists: offsets must not decrease");
    for (auto j = off[0]; j < off[n_keys]; ++j)
        if (id[j] < 0 || id[j] >= n_names)
            throw std::invalid_argument("name_lists: id " + std::to_string(id[j]) + " is outside [0, " +
                                        std::to_string(n_names) + ")");
    if (order) {
        if (order->ndim() != 1) throw std::invalid_argument("name_lists: order must be one-dimensional");
        for (py::ssize_t i = 0; i < order->size(); ++i)
            if (order->data()[i] < 0 || static_cast<std::size_t>(order->data()[i]) >= n_keys)
                throw std::invalid_argument("name_lists: order holds " + std::to_string(order->data()[i]) +
                                            ", outside [0, " + std::to_string(n_keys) + ")");
    }
    const char* base = static_cast<const char*>(names.data());
    const py::ssize_t stride = names.strides(0);
    auto name_at = [&](std::int64_t j) { return *reinterpret_cast<PyObject* const*>(base + id[j] * stride); };
    // The lists are made in the order they are returned, so each is made once
    // and never touched again. Each reference count sits in its own name
    // object, scattered in memory: within a key, fetch the pointer kAhead names
    // ahead and the object kAhead / 2 ahead, and fetch the first ids and names
    // of the keys a few lists ahead, so that the misses overlap.
    constexpr std::int64_t kAhead = 64;
    const std::int64_t* keys = order ? order->data() : nullptr;
    const auto n_out = order ? static_cast<std::size_t>(order->size()) : n_keys;
    auto key_at = [&](std::size_t i) { return keys ? static_cast<std::size_t>(keys[i]) : i; };
    GcPause pause;  // from here: the result's own allocation must not start a collection either
    py::object out = order ? py::object(py::module_::import("numpy").attr("empty")(n_out, "dtype"_a = "object"))
                           : py::object(py::list(n_out));
    // numpy.empty fills an object array with None, which each list replaces.
    PyObject** slot = order ? static_cast<PyObject**>(py::array(out).mutable_data()) : nullptr;
    for (std::size_t i = 0; i < n_out; ++i) {
        if (i + 8 < n_out) __builtin_prefetch(id + off[key_at(i + 8)]);
        if (i + 4 < n_out && off[key_at(i + 4)] < off[key_at(i + 4) + 1])
            __builtin_prefetch(name_at(off[key_at(i + 4)]), 1);
        const std::size_t k = key_at(i);
        const std::int64_t begin = off[k], end = off[k + 1];
        PyObject* list = PyList_New(static_cast<py::ssize_t>(end - begin));
        if (!list) throw py::error_already_set();
        for (auto j = begin; j < end; ++j) {
            if (j + kAhead < end) __builtin_prefetch(base + id[j + kAhead] * stride);
            if (j + kAhead / 2 < end) __builtin_prefetch(name_at(j + kAhead / 2), 1);
            PyObject* name = name_at(j);
            Py_INCREF(name);
            PyList_SET_ITEM(list, static_cast<py::ssize_t>(j - begin), name);
        }
        if (slot) {
            Py_XDECREF(slot[i]);
            slot[i] = list;
        } else {
            PyList_SET_ITEM(out.ptr(), static_cast<py::ssize_t>(i), list);
        }
    }
    return out;
}

}  // namespace

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

    m.def("distinct_counts",
          [](const PairTable& t, const std::string& key, const std::string& value) {
              const Coded& k = t.column(key);
              const Coded& v = t.column(value);
              std::vector<std::int64_t> counts;
              {
                  py::gil_scoped_release release;
                  counts = stats::distinct_counts(k, v);
              }
              return to_numpy(std::move(counts));
          },
          "table"_a, "key"_a, "value"_a, "Number of distinct value ids per key id (distinct's counts, without the lists).");

    m.def("coverage",
          [](const PairTable& t, const std::string& group, const std::string& partner, const std::string& recipient) {
              const Coded& g = t.column(group);
              const Coded& p = t.column(partner);
              const Coded& r = t.column(recipient);
              stats::Coverage c;
              {
                  py::gil_scoped_release release;
                  c = stats::coverage(g, p, r);
              }
              return py::dict("pairs"_a = to_numpy(std::move(c.pairs)),
                              "first_row"_a = to_numpy(std::move(c.first_row)),
                              "partner_offsets"_a = to_numpy(std::move(c.partners.offsets)),
                              "partner_ids"_a = to_numpy(std::move(c.partners.ids)),
                              "recipients"_a = to_numpy(std::move(c.recipients)));
          },
          "table"_a, "group"_a, "partner"_a, "recipient"_a,
          "Per group id, in one pass: pairs and first row (-1 if none), distinct partners in order of first "
          "appearance (partner_offsets, partner_ids, as from distinct) and the number of distinct recipients.");

    m.def("name_lists", &name_lists, "offsets"_a, "ids"_a, "names"_a, "order"_a = py::none(),
          "Per key k, the list names[ids[offsets[k]:offsets[k + 1]]] (names: a 1-d object array; each list "
          "refers to the names' own objects), built without a Python loop. With order, a 1-d object array "
          "whose element i is the list of key order[i].");

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

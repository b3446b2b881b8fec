// The one header that includes pybind11: every binding file includes this.
#pragma once

#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <string>
#include <vector>

#include "duikou/table.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace duikou::bind {

// Moves a vector into a numpy array without copying its data.
template <class T>
py::array_t<T> to_numpy(std::vector<T>&& values) {
    auto* owned = new std::vector<T>(std::move(values));
    py::capsule free_when_done(owned, [](void* p) { delete static_cast<std::vector<T>*>(p); });
    return py::array_t<T>({static_cast<py::ssize_t>(owned->size())}, {sizeof(T)}, owned->data(), free_when_done);
}

// A read-only array over codes that `owner` keeps alive and never changes (a
// PairTable's): no copy crosses the boundary.
py::array_t<Id> codes_view(const py::object& owner, const std::vector<Id>& codes);

// Copies a 1-d numpy array of any integer kind into int32 codes, checking range.
std::vector<Id> to_codes(const py::array& array, const std::string& name);

// UTF-8 of a str, encoded straight from its code points: pybind11's caster
// would go through PyUnicode_AsUTF8AndSize, which keeps a UTF-8 copy inside
// every non-ASCII str for as long as the str lives. False for a lone surrogate.
bool utf8_of(PyObject* text, std::string& out);

// The labels of a column from a Python sequence of str (TypeError naming the
// column and index of anything else), and back to a list of str.
Labels to_labels(const py::handle& labels, const std::string& name);
py::list to_list(const Labels& labels);

// A dictionary-encoded column from numpy codes and a sequence of labels.
Coded to_coded(const py::array& codes, const py::handle& labels, const std::string& name);

void register_table(py::module_& m);
void register_stats(py::module_& m);
void register_io(py::module_& m);
void register_text(py::module_& m);
void register_structure(py::module_& m);
void register_geo(py::module_& m);
void register_nullmodel(py::module_& m);

}  // namespace duikou::bind

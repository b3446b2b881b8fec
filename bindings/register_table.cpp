#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "duikou/validate.hpp"
#include "pybind.hpp"

namespace duikou::bind {

namespace {

// The code already given to each Python object of a column (open addressing on
// the object's address): a column usually holds each name as a few shared str
// objects (a Categorical's categories, pandas' parsers, repeated literals), so
// most rows are settled here without reading the str itself.
class CodesByObject {
  public:
    explicit CodesByObject(std::size_t expected) {
        std::size_t capacity = 16;
        while (capacity < 2 * expected) capacity *= 2;
        resize(capacity);
    }
    void prefetch(PyObject* key) const { __builtin_prefetch(&slots_[slot_of(key)]); }
    // The code of `key`, or false when it has none yet.
    bool find(PyObject* key, Id& code) const {
        for (std::size_t i = slot_of(key); slots_[i].key; i = (i + 1) & mask_)
            if (slots_[i].key == key) {
                code = slots_[i].code;
                return true;
            }
        return false;
    }
    void add(PyObject* key, Id code) {
        std::size_t i = slot_of(key);
        while (slots_[i].key) i = (i + 1) & mask_;
        slots_[i] = {key, code};
        if (2 * ++size_ > slots_.size()) {  // load factor at most 1/2
            std::vector<Slot> old(2 * slots_.size());
            old.swap(slots_);
            mask_ = slots_.size() - 1;
            for (const Slot& s : old)
                if (s.key) {
                    std::size_t j = slot_of(s.key);
                    while (slots_[j].key) j = (j + 1) & mask_;
                    slots_[j] = s;
                }
        }
    }

  private:
    struct Slot {
        PyObject* key = nullptr;
        Id code = 0;
    };
    std::size_t slot_of(PyObject* key) const {
        const auto h = (reinterpret_cast<std::uintptr_t>(key) >> 4) * 0x9E3779B97F4A7C15ULL;
        return static_cast<std::size_t>(h >> 32) & mask_;
    }
    void resize(std::size_t capacity) {
        slots_.assign(capacity, Slot{});
        mask_ = capacity - 1;
    }
    std::vector<Slot> slots_;
    std::size_t mask_ = 0;
    std::size_t size_ = 0;
};

// The code of each distinct str value: open addressing on CPython's own hash of
// the str (computed once and cached inside the object), equality on the
// code points as CPython stores them (a str is always kept in its narrowest
// kind, so equal strs have equal kinds, lengths and bytes). No UTF-8 is made.
class CodesByValue {
  public:
    // The code of a str equal to `text`, or false when none was added.
    bool find(PyObject* text, Py_hash_t hash, Id& code) const {
        for (std::size_t i = slot_of(hash); slots_[i].text; i = (i + 1) & mask_)
            if (slots_[i].hash == hash && same(slots_[i].text, text)) {
                code = slots_[i].code;
                return true;
            }
        return false;
    }
    void add(PyObject* text, Py_hash_t hash, Id code) {
        if (2 * (size_ + 1) > slots_.size()) {  // load factor at most 1/2
            std::vector<Slot> old(2 * slots_.size());
            old.swap(slots_);
            mask_ = slots_.size() - 1;
            for (const Slot& s : old)
                if (s.text) place(s);
        }
        place(Slot{text, hash, code});
        ++size_;
    }

  private:
    struct Slot {
        PyObject* text = nullptr;
        Py_hash_t hash = 0;
        Id code = 0;
    };
    static bool same(PyObject* a, PyObject* b) {
        const Py_ssize_t n = PyUnicode_GET_LENGTH(a);
        const int kind = PyUnicode_KIND(a);
        return a == b || (n == PyUnicode_GET_LENGTH(b) && kind == PyUnicode_KIND(b) &&
                          std::memcmp(PyUnicode_DATA(a), PyUnicode_DATA(b), static_cast<std::size_t>(n) * kind) == 0);
    }
    std::size_t slot_of(Py_hash_t hash) const {
        return static_cast<std::size_t>((static_cast<std::uint64_t>(hash) * 0x9E3779B97F4A7C15ULL) >> 32) & mask_;
    }
    void place(const Slot& s) {
        std::size_t i = slot_of(s.hash);
        while (slots_[i].text) i = (i + 1) & mask_;
        slots_[i] = s;
    }
    std::vector<Slot> slots_ = std::vector<Slot>(16);
    std::size_t mask_ = 15;
    std::size_t size_ = 0;
};

// Whether a str holds a lone surrogate (no UTF-8 form, so the core cannot take it).
bool has_surrogate(PyObject* text) {
    const int kind = PyUnicode_KIND(text);
    if (kind == PyUnicode_1BYTE_KIND) return false;
    const void* data = PyUnicode_DATA(text);
    for (Py_ssize_t i = 0, n = PyUnicode_GET_LENGTH(text); i < n; ++i) {
        const Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c >= 0xD800 && c <= 0xDFFF) return true;
    }
    return false;
}

// (codes, names) of a 1-d object array of str, None and NaN: int32 codes in
// order of first appearance (-1 for None and float NaN, as pandas.factorize),
// and the distinct names as the column's own str objects (the first of each).
// None when a value is anything else (not an exact str, or a str with a lone
// surrogate): the caller's general path then names its row. The GIL stays
// held: every step reads Python objects.
//
// A column usually holds each name as a few shared objects (a Categorical's
// categories, pandas' parser, repeated literals), so the rows are first looked
// up by the object's address, which settles them without reading the str;
// when most rows are objects of their own, that lookup only costs, and it stops.
py::object factorize_names(const py::array& values) {
    if (values.ndim() != 1 || values.dtype().kind() != 'O')
        throw py::type_error("factorize_names: values must be a one-dimensional object array");
    const auto n = static_cast<std::size_t>(values.shape(0));
    const char* base = static_cast<const char*>(values.data());
    const py::ssize_t stride = values.strides(0);
    auto at = [&](std::size_t i) {
        return *reinterpret_cast<PyObject* const*>(base + static_cast<py::ssize_t>(i) * stride);
    };
    std::vector<Id> codes(n);
    CodesByObject seen(std::min<std::size_t>(n, 1 << 16));
    CodesByValue index;
    std::vector<PyObject*> names;  // borrowed: the column holds them
    constexpr std::size_t kAhead = 16;     // later rows' objects and slots are fetched while this one is looked up
    constexpr std::size_t kTrial = 4096;  // rows after which the address lookup is judged
    bool by_object = true;
    std::size_t objects = 0;  // distinct objects met (the address lookup's misses)
    for (std::size_t i = 0; i < n; ++i) {
        if (i + kAhead < n) {
            PyObject* later = at(i + kAhead);
            if (by_object) seen.prefetch(later);
            __builtin_prefetch(later);
        }
        if (i == kTrial && 2 * objects > kTrial) by_object = false;  // mostly one object per row
        PyObject* value = at(i);
        Id code;
        if (by_object && seen.find(value, code)) {
            codes[i] = code;
            continue;
        }
        if (PyUnicode_CheckExact(value)) {
            const Py_hash_t hash = PyObject_Hash(value);
            if (hash == -1) throw py::error_already_set();
            if (!index.find(value, hash, code)) {
                if (has_surrogate(value)) return py::none();
                code = static_cast<Id>(names.size());
                names.push_back(value);
                index.add(value, hash, code);
            }
        } else if (value == Py_None || (PyFloat_Check(value) && std::isnan(PyFloat_AS_DOUBLE(value)))) {
            code = kMissing;
        } else {
            return py::none();
        }
        if (by_object) {
            seen.add(value, code);
            ++objects;
        }
        codes[i] = code;
    }
    // An object array, as the callers keep them (numpy.asarray of a list of str checks every item).
    py::array out(py::dtype("O"), std::vector<py::ssize_t>{static_cast<py::ssize_t>(names.size())});
    auto** slot = static_cast<PyObject**>(out.mutable_data());
    for (std::size_t k = 0; k < names.size(); ++k) {
        Py_INCREF(names[k]);
        Py_XDECREF(slot[k]);
        slot[k] = names[k];
    }
    return py::make_tuple(to_numpy(std::move(codes)), std::move(out));
}

// Whether cleaning (python/duikou/_cleaning.py) can leave a name holding only
// this character as it is, in any context: a printable character other than
// the space (every blank is unprintable or the space) that never takes part in
// normalisation (below U+0300, where no character combines or decomposes
// canonically, or a CJK unified ideograph).
bool settled(Py_UCS4 c) {
    return c != ' ' && Py_UNICODE_ISPRINTABLE(c) &&
           (c < 0x300 || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF));
}

// Ids of the str names that hold a character that is not settled: a superset
// of the names cleaning may change, found by one scan of each name's code
// points (no joined copy of the names). Other objects are never changed.
py::array_t<std::int64_t> names_to_clean(const py::array& names) {
    if (names.ndim() != 1 || names.dtype().kind() != 'O')
        throw py::type_error("names_to_clean: names must be a one-dimensional object array");
    const char* base = static_cast<const char*>(names.data());
    const py::ssize_t stride = names.strides(0);
    std::vector<std::int64_t> out;
    for (py::ssize_t k = 0; k < names.shape(0); ++k) {
        PyObject* name = *reinterpret_cast<PyObject* const*>(base + k * stride);
        if (!PyUnicode_Check(name)) continue;
        const int kind = PyUnicode_KIND(name);
        const void* data = PyUnicode_DATA(name);
        for (Py_ssize_t i = 0, n = PyUnicode_GET_LENGTH(name); i < n; ++i)
            if (!settled(PyUnicode_READ(kind, data, i))) {
                out.push_back(k);
                break;
            }
    }
    return to_numpy(std::move(out));
}

}  // namespace

void register_table(py::module_& m) {
    m.def("names_to_clean", &names_to_clean, "names"_a,
          "Ids of the str names of a 1-d object array that hold a character other than a printable, "
          "non-space character below U+0300 or a CJK unified ideograph: a superset of the names that "
          "cleaning may change.");
    m.def("factorize_names", &factorize_names, "values"_a,
          "(int32 codes, distinct str as an object array) of a 1-d object array of str, None and NaN (code -1), "
          "codes in order of first appearance, each distinct name the column's own first str object; None when a value is "
          "anything else (not a str, or a str with a lone surrogate).");
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

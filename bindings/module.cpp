#include <cstring>

#include "duikou/io/error.hpp"
#include "pybind.hpp"

namespace duikou::bind {

std::vector<Id> to_codes(const py::array& array, const std::string& name) {
    if (array.ndim() != 1)
        throw std::invalid_argument("'" + name + "' codes must be one-dimensional, got " +
                                    std::to_string(array.ndim()) + " dimensions");
    if (!py::isinstance<py::array_t<std::int64_t>>(array) && !py::isinstance<py::array_t<std::int32_t>>(array) &&
        !py::isinstance<py::array_t<std::int16_t>>(array) && !py::isinstance<py::array_t<std::int8_t>>(array))
        throw py::type_error("'" + name + "' codes must be a signed integer array, got dtype " +
                             std::string(py::str(array.dtype())));
    // One pass from the array's own type and strides into int32 (no int64 copy in between).
    std::vector<Id> codes(static_cast<std::size_t>(array.shape(0)));
    const char* base = static_cast<const char*>(array.data());
    const py::ssize_t stride = array.strides(0);
    auto narrow = [&](auto zero) {
        using T = decltype(zero);
        auto at = [&](std::size_t i) {
            T v;
            std::memcpy(&v, base + static_cast<py::ssize_t>(i) * stride, sizeof v);
            return static_cast<std::int64_t>(v);
        };
        bool in_range = true;
        for (std::size_t i = 0; i < codes.size(); ++i) {
            const std::int64_t v = at(i);
            in_range &= (v >= kMissing) & (v <= INT32_MAX);
            codes[i] = static_cast<Id>(v);
        }
        for (std::size_t i = 0; !in_range && i < codes.size(); ++i)
            if (at(i) < kMissing || at(i) > INT32_MAX)
                throw std::invalid_argument("'" + name + "' code at row " + std::to_string(i + 1) + " is " +
                                            std::to_string(at(i)) + "; codes are -1 (missing) or label indices");
    };
    if (py::isinstance<py::array_t<std::int32_t>>(array)) narrow(std::int32_t{});
    else if (py::isinstance<py::array_t<std::int64_t>>(array)) narrow(std::int64_t{});
    else if (py::isinstance<py::array_t<std::int16_t>>(array)) narrow(std::int16_t{});
    else narrow(std::int8_t{});
    return codes;
}

py::array_t<Id> codes_view(const py::object& owner, const std::vector<Id>& codes) {
    py::array_t<Id> view = codes.empty() ? py::array_t<Id>(0)
                                         : py::array_t<Id>({static_cast<py::ssize_t>(codes.size())}, {sizeof(Id)},
                                                           codes.data(), owner);
    py::detail::array_proxy(view.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
    return view;
}

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

Labels to_labels(const py::handle& labels, const std::string& name) {
    if (PyUnicode_Check(labels.ptr()) || PyBytes_Check(labels.ptr()))
        throw py::type_error("'" + name + "' labels must be a sequence of str, not a single string");
    const auto items = py::reinterpret_steal<py::object>(
        PySequence_Fast(labels.ptr(), ("'" + name + "' labels must be a sequence of str").c_str()));
    if (!items) throw py::error_already_set();
    const Py_ssize_t n = PySequence_Fast_GET_SIZE(items.ptr());
    PyObject** item = PySequence_Fast_ITEMS(items.ptr());
    Labels out;
    out.reserve(static_cast<std::size_t>(n), 0);
    std::string utf8;  // one buffer for every name
    for (Py_ssize_t k = 0; k < n; ++k) {
        if (!PyUnicode_Check(item[k]))
            throw py::type_error("'" + name + "' label " + std::to_string(k) + " is a " + Py_TYPE(item[k])->tp_name +
                                 ", expected str");
        if (!utf8_of(item[k], utf8))
            throw std::invalid_argument("'" + name + "' label " + std::to_string(k) +
                                        " holds a lone surrogate, which has no UTF-8 form");
        out.push_back(utf8);
    }
    return out;
}

py::list to_list(const Labels& labels) {
    py::list out(labels.size());
    for (std::size_t k = 0; k < labels.size(); ++k) {
        const std::string_view label = labels[k];
        PyObject* text = PyUnicode_DecodeUTF8(label.data(), static_cast<Py_ssize_t>(label.size()), "strict");
        if (!text) throw py::error_already_set();
        PyList_SET_ITEM(out.ptr(), static_cast<Py_ssize_t>(k), text);  // steals the reference
    }
    return out;
}

Coded to_coded(const py::array& codes, const py::handle& labels, const std::string& name) {
    Coded column{to_codes(codes, name), to_labels(labels, name)};
    check_codes(column, name);
    return column;
}

}  // namespace duikou::bind

PYBIND11_MODULE(_core, m) {
    using namespace duikou;
    m.doc() = "duikou's C++ core: pairing tables on interned int32 ids and their statistics.";

    static py::exception<io::InputError> input_error(m, "InputError", PyExc_ValueError);
    input_error.doc() =
        "Bad input content (a ValueError). The message names the file or source, the line and the field; "
        "errors raised by the C++ readers also carry them as attributes source, line and field "
        "(None when they do not apply).";
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const io::InputError& e) {
            // A ValueError subclass carrying where the problem is.
            py::object error = py::reinterpret_borrow<py::object>(input_error.ptr())(e.what());
            error.attr("source") = e.source();
            error.attr("line") = e.line() > 0 ? py::object(py::int_(e.line())) : py::object(py::none());
            error.attr("field") = e.field().empty() ? py::object(py::none()) : py::object(py::str(e.field()));
            PyErr_SetObject(input_error.ptr(), error.ptr());
        } catch (const io::FileError& e) {
            py::object error = py::reinterpret_steal<py::object>(
                PyObject_CallFunction(PyExc_OSError, "isO", e.error_number(), e.what(),
                                      py::str(e.path()).ptr()));
            if (!error) throw py::error_already_set();
            PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(error.ptr())), error.ptr());
        } catch (const UnknownName& e) {
            PyErr_SetString(PyExc_KeyError, e.what());
        }
    });

    bind::register_table(m);
    bind::register_stats(m);
    bind::register_io(m);
    bind::register_text(m);
    bind::register_structure(m);
    bind::register_geo(m);
    bind::register_nullmodel(m);
}

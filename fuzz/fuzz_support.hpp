// Shared by the libFuzzer targets: an invariant check that aborts (so libFuzzer
// saves the input) and an exact comparison of two column tables.
#pragma once

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "duikou/io/columns.hpp"

namespace duikou::fuzz {

[[noreturn]] inline void fail(const std::string& what) {
    std::fprintf(stderr, "invariant violated: %s\n", what.c_str());
    std::abort();
}

inline void require(bool ok, const std::string& what) {
    if (!ok) fail(what);
}

// Same bits, so -0.0 and 0.0 differ; only present values are compared.
inline bool same_real(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// Names, kinds, and every value (text compared as strings, not codes) and missingness.
inline void require_same(const io::ColumnTable& a, const io::ColumnTable& b, const std::string& what) {
    require(a.columns.size() == b.columns.size(), what + ": column count");
    require(a.rows() == b.rows(), what + ": row count");
    for (std::size_t k = 0; k < a.columns.size(); ++k) {
        const io::Column& x = a.columns[k];
        const io::Column& y = b.columns[k];
        require(x.name == y.name, what + ": name of column " + std::to_string(k));
        require(x.kind == y.kind, what + ": kind of column '" + x.name + "'");
        for (std::size_t i = 0; i < a.rows(); ++i) {
            const std::string where = what + ": column '" + x.name + "', row " + std::to_string(i);
            require(x.is_missing(i) == y.is_missing(i), where + ": missingness");
            if (x.is_missing(i)) continue;
            switch (x.kind) {
                case io::Kind::Text:
                    require(x.text.labels[static_cast<std::size_t>(x.text.codes[i])] ==
                                y.text.labels[static_cast<std::size_t>(y.text.codes[i])],
                            where + ": text");
                    break;
                case io::Kind::Integer: require(x.integers[i] == y.integers[i], where + ": integer"); break;
                case io::Kind::Real: require(same_real(x.reals[i], y.reals[i]), where + ": real"); break;
                case io::Kind::Boolean: require(x.booleans[i] == y.booleans[i], where + ": boolean"); break;
            }
        }
    }
}

}  // namespace duikou::fuzz

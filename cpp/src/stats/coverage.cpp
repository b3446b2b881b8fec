#include "duikou/stats/coverage.hpp"

#include <stdexcept>

namespace duikou::stats {

CountMatrix coverage_matrix(const Coded& rows, const Coded& columns) {
    if (rows.size() != columns.size())
        throw std::invalid_argument("coverage_matrix: the two columns differ in length");
    CountMatrix m = CountMatrix::Zero(static_cast<Eigen::Index>(rows.cardinality()),
                                      static_cast<Eigen::Index>(columns.cardinality()));
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const Id r = rows.codes[i], c = columns.codes[i];
        if (r != kMissing && c != kMissing) ++m(r, c);
    }
    return m;
}

}  // namespace duikou::stats

// Coverage of groups: the coverage matrix (pairs by row group and column group)
// and region coverage in one pass (pairs, partners and recipients per group).
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "duikou/stats/distinct.hpp"
#include "duikou/table.hpp"

namespace duikou::stats {

using CountMatrix = Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// cell (i, j) = number of rows whose `rows` code is i and `columns` code is j;
// rows where either code is missing are not counted.
CountMatrix coverage_matrix(const Coded& rows, const Coded& columns);

// Region coverage in one pass over the rows: per group id, the pairs and first
// row (frequency(group)'s counts, labels that never occur included, first row
// -1), the distinct partners (distinct(group, partner)) and the number of
// distinct recipients (distinct_counts(group, recipient)).
struct Coverage {
    std::vector<std::int64_t> pairs;
    std::vector<std::int64_t> first_row;
    Distinct partners;
    std::vector<std::int64_t> recipients;
};

Coverage coverage(const Coded& group, const Coded& partner, const Coded& recipient);

}  // namespace duikou::stats

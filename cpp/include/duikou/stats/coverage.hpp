// Coverage matrix: pairs counted by (row group, column group).
#pragma once

#include <Eigen/Core>
#include <cstdint>

#include "duikou/table.hpp"

namespace duikou::stats {

using CountMatrix = Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// cell (i, j) = number of rows whose `rows` code is i and `columns` code is j;
// rows where either code is missing are not counted.
CountMatrix coverage_matrix(const Coded& rows, const Coded& columns);

}  // namespace duikou::stats

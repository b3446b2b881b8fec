#include "duikou/stats/coverage.hpp"

#include <stdexcept>

#include "../parallel.hpp"

namespace duikou::stats {

namespace {

// Adds the rows [begin, end) to a row-major count matrix with `width` columns.
template <bool kFar>
void count_cells(const Coded& rows, const Coded& columns, std::size_t begin, std::size_t end, std::size_t width,
                 std::int64_t* cells) {
    for (std::size_t i = begin; i < end; ++i) {
        if (kFar && i + detail::kPrefetchAhead < end) {
            const Id r = rows.codes[i + detail::kPrefetchAhead], c = columns.codes[i + detail::kPrefetchAhead];
            detail::prefetch_entry(cells, (r < 0 || c < 0) ? std::int64_t{0} : std::int64_t{r} * static_cast<std::int64_t>(width) + c);
        }
        const Id r = rows.codes[i], c = columns.codes[i];
        if (r != kMissing && c != kMissing) ++cells[static_cast<std::size_t>(r) * width + static_cast<std::size_t>(c)];
    }
}

void count_cells(const Coded& rows, const Coded& columns, std::size_t begin, std::size_t end, std::size_t width,
                 std::int64_t* cells) {
    if (rows.cardinality() * width * sizeof(std::int64_t) > detail::kCachedTableBytes)
        count_cells<true>(rows, columns, begin, end, width, cells);
    else
        count_cells<false>(rows, columns, begin, end, width, cells);
}

}  // namespace

CountMatrix coverage_matrix(const Coded& rows, const Coded& columns) {
    if (rows.size() != columns.size())
        throw std::invalid_argument("coverage_matrix: the two columns differ in length");
    const auto height = static_cast<Eigen::Index>(rows.cardinality());
    const auto width = static_cast<Eigen::Index>(columns.cardinality());
    const std::size_t n = rows.size(), cells = rows.cardinality() * columns.cardinality();
    CountMatrix m = CountMatrix::Zero(height, width);
    // Each half of the rows counts into its own matrix when that matrix is small next to the codes.
    if (detail::two_threads_pay(n) && cells <= n / 4) {
        CountMatrix later = CountMatrix::Zero(height, width);
        detail::run_halves(n, [&](int half, std::size_t begin, std::size_t end) {
            count_cells(rows, columns, begin, end, columns.cardinality(), half == 0 ? m.data() : later.data());
        });
        m += later;
    } else {
        count_cells(rows, columns, 0, n, columns.cardinality(), m.data());
    }
    return m;
}

}  // namespace duikou::stats

#include "duikou/structure/nestedness.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "duikou/stats/distinct.hpp"
#include "duikou/stats/frequency.hpp"

namespace duikou::structure {

namespace {

// Counts of inserted values, by value 1..n (a Fenwick tree).
class Counter {
  public:
    explicit Counter(std::size_t n) : tree_(n + 1, 0) {}
    void add(std::size_t value, std::int64_t by) {
        for (; value < tree_.size(); value += value & (~value + 1)) tree_[value] += by;
    }
    std::int64_t at_most(std::size_t value) const {
        std::int64_t sum = 0;
        for (; value > 0; value -= value & (~value + 1)) sum += tree_[value];
        return sum;
    }

  private:
    std::vector<std::int64_t> tree_;
};

struct PairedSum {
    double sum = 0;             // sum over scored pairs (i above j) of |N(i) ∩ N(j)| / deg(j)
    std::int64_t present = 0;   // rows with degree > 0
};

// Rows are the ids of `members.ids`; members lists, per column, the distinct
// rows in it. Since sum_{i above j} |N(i) ∩ N(j)| = sum_{p ∈ N(j)} #{i ∈ N(p)
// above j}, each column only has to count, for each of its rows j, the rows
// above j that it also holds: with sorted degrees (by degree) or a counter
// over degrees filled in label order (as laid out). O(ones log ones), no
// pairwise overlaps.
PairedSum paired_sum(const stats::Distinct& members, std::size_t n_rows, bool order_by_degree) {
    std::vector<std::int64_t> degree(n_rows, 0);
    for (Id i : members.ids) ++degree[static_cast<std::size_t>(i)];
    PairedSum out;
    std::int64_t max_degree = 0;
    for (auto d : degree) {
        if (d > 0) ++out.present;
        max_degree = std::max(max_degree, d);
    }
    Counter above(static_cast<std::size_t>(max_degree));
    std::vector<std::int64_t> degrees;
    std::vector<Id> rows;
    const std::size_t n_columns = members.offsets.size() - 1;
    for (std::size_t p = 0; p < n_columns; ++p) {
        const auto begin = members.ids.begin() + members.offsets[p];
        const auto end = members.ids.begin() + members.offsets[p + 1];
        if (order_by_degree) {
            // Every row of larger degree is above j.
            degrees.clear();
            for (auto it = begin; it != end; ++it) degrees.push_back(degree[static_cast<std::size_t>(*it)]);
            std::sort(degrees.begin(), degrees.end());
            for (auto d : degrees) {
                const auto larger = degrees.end() - std::upper_bound(degrees.begin(), degrees.end(), d);
                out.sum += static_cast<double>(larger) / static_cast<double>(d);
            }
        } else {
            // Rows above j come before it in label order and have a larger degree.
            rows.assign(begin, end);
            std::sort(rows.begin(), rows.end());
            std::int64_t seen = 0;
            for (Id j : rows) {
                const auto d = degree[static_cast<std::size_t>(j)];
                const std::int64_t larger = seen - above.at_most(static_cast<std::size_t>(d));
                out.sum += static_cast<double>(larger) / static_cast<double>(d);
                above.add(static_cast<std::size_t>(d), 1);
                ++seen;
            }
            for (Id j : rows) above.add(static_cast<std::size_t>(degree[static_cast<std::size_t>(j)]), -1);
        }
    }
    return out;
}

double pairs_of(std::int64_t n) { return static_cast<double>(n) * static_cast<double>(n - 1) / 2.0; }

double percent_mean(double sum, double pairs) {
    return pairs > 0 ? 100.0 * sum / pairs : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

Nestedness nodf(const Coded& rows, const Coded& columns, bool order_by_degree) {
    if (rows.size() != columns.size()) throw std::invalid_argument("nodf: the two columns differ in length");
    const stats::Distinct rows_of_column = stats::distinct(columns, rows);
    const stats::Distinct columns_of_row = stats::distinct(rows, columns);
    const PairedSum by_row = paired_sum(rows_of_column, rows.cardinality(), order_by_degree);
    const PairedSum by_column = paired_sum(columns_of_row, columns.cardinality(), order_by_degree);
    Nestedness out;
    out.n_rows = by_row.present;
    out.n_columns = by_column.present;
    out.ones = static_cast<std::int64_t>(columns_of_row.ids.size());
    const double cells = static_cast<double>(out.n_rows) * static_cast<double>(out.n_columns);
    out.fill = cells > 0 ? static_cast<double>(out.ones) / cells : std::numeric_limits<double>::quiet_NaN();
    const double row_pairs = pairs_of(out.n_rows), column_pairs = pairs_of(out.n_columns);
    out.rows = percent_mean(by_row.sum, row_pairs);
    out.columns = percent_mean(by_column.sum, column_pairs);
    out.nodf = percent_mean(by_row.sum + by_column.sum, row_pairs + column_pairs);
    return out;
}

}  // namespace duikou::structure

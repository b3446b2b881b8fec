#include "duikou/stats/frequency.hpp"

#include <algorithm>

#include "counting.hpp"

namespace duikou::stats {

using counting::count_with_first_rows;

std::vector<std::int64_t> counts_by_id(const Coded& column) {
    std::vector<std::int64_t> counts(column.cardinality() + 1, 0);
    for (Id c : column.codes) ++counts[static_cast<std::size_t>(c + 1)];  // slot 0 collects missing codes
    counts.erase(counts.begin());
    return counts;
}

std::vector<std::int64_t> first_rows(const Coded& column) {
    std::vector<std::int64_t> counts, first;
    count_with_first_rows(column, counts, first);
    return first;
}

Frequency frequency(const Coded& column) {
    std::vector<std::int64_t> counts, first;
    count_with_first_rows(column, counts, first);
    Frequency out;
    for (std::size_t k = 0; k < counts.size(); ++k)
        if (counts[k] > 0) out.ids.push_back(static_cast<Id>(k));
    std::sort(out.ids.begin(), out.ids.end(), [&](Id a, Id b) {
        const auto ca = counts[static_cast<std::size_t>(a)], cb = counts[static_cast<std::size_t>(b)];
        return ca != cb ? ca > cb : first[static_cast<std::size_t>(a)] < first[static_cast<std::size_t>(b)];
    });
    out.counts.reserve(out.ids.size());
    out.first_row.reserve(out.ids.size());
    for (Id id : out.ids) {
        out.counts.push_back(counts[static_cast<std::size_t>(id)]);
        out.first_row.push_back(first[static_cast<std::size_t>(id)]);
    }
    return out;
}

}  // namespace duikou::stats

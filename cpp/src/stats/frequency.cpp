#include "duikou/stats/frequency.hpp"

#include <algorithm>
#include <numeric>

namespace duikou::stats {

std::vector<std::int64_t> counts_by_id(const Coded& column) {
    std::vector<std::int64_t> counts(column.cardinality(), 0);
    for (Id c : column.codes)
        if (c != kMissing) ++counts[static_cast<std::size_t>(c)];
    return counts;
}

std::vector<std::int64_t> first_rows(const Coded& column) {
    std::vector<std::int64_t> first(column.cardinality(), -1);
    for (std::size_t i = column.codes.size(); i-- > 0;) {
        const Id c = column.codes[i];
        if (c != kMissing) first[static_cast<std::size_t>(c)] = static_cast<std::int64_t>(i);
    }
    return first;
}

Frequency frequency(const Coded& column) {
    const auto counts = counts_by_id(column);
    const auto first = first_rows(column);
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

Distinct distinct(const Coded& key, const Coded& value) {
    const Csr rows = group_rows(key);
    Distinct out;
    out.offsets.assign(key.cardinality() + 1, 0);
    // stamp[v] == k + 1 once value v has been seen with key k.
    std::vector<std::int64_t> stamp(value.cardinality(), 0);
    for (std::size_t k = 0; k < key.cardinality(); ++k) {
        for (auto j = rows.offsets[k]; j < rows.offsets[k + 1]; ++j) {
            const Id v = value.codes[static_cast<std::size_t>(rows.rows[static_cast<std::size_t>(j)])];
            if (v == kMissing) continue;
            auto& s = stamp[static_cast<std::size_t>(v)];
            if (s == static_cast<std::int64_t>(k) + 1) continue;
            s = static_cast<std::int64_t>(k) + 1;
            out.ids.push_back(v);
        }
        out.offsets[k + 1] = static_cast<std::int64_t>(out.ids.size());
    }
    return out;
}

}  // namespace duikou::stats

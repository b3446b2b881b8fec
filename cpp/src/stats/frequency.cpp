#include "duikou/stats/frequency.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>

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

namespace {

// Sorts 64-bit keys, a byte at a time from the lowest (a stable counting sort
// per byte), skipping the bytes in which no two keys differ.
void radix_sort(std::vector<std::uint64_t>& keys) {
    std::uint64_t any = 0, all = ~std::uint64_t{0};
    for (const std::uint64_t k : keys) {
        any |= k;
        all &= k;
    }
    const std::uint64_t differ = any ^ all;
    std::vector<std::uint64_t> buffer(keys.size());
    for (unsigned shift = 0; shift < 64; shift += 8) {
        if (((differ >> shift) & 0xFF) == 0) continue;
        std::size_t next[256] = {};
        for (const std::uint64_t k : keys) ++next[(k >> shift) & 0xFF];
        std::size_t position = 0;
        for (auto& n : next) position += std::exchange(n, position);
        for (const std::uint64_t k : keys) buffer[next[(k >> shift) & 0xFF]++] = k;
        keys.swap(buffer);
    }
}

}  // namespace

// Ids by count descending, ties by first row: one 64-bit key per id, the
// count's distance below the largest count above the first row, radix-sorted
// (a comparison sort of a million recipients took most of the method's
// kernel); the id is then the code at its first row.
Frequency frequency(const Coded& column) {
    std::vector<std::int64_t> counts, first;
    count_with_first_rows(column, counts, first);
    Frequency out;
    std::int64_t most = 0;
    for (const auto c : counts) most = std::max(most, c);
    const unsigned row_bits = counting::value_bits(column.size()), count_bits = counting::value_bits(
        static_cast<std::size_t>(most) + 1);
    if (row_bits + count_bits > 64) {  // beyond any table in memory; the comparison sort still works
        for (std::size_t k = 0; k < counts.size(); ++k)
            if (counts[k] > 0) out.ids.push_back(static_cast<Id>(k));
        std::sort(out.ids.begin(), out.ids.end(), [&](Id a, Id b) {
            const auto ca = counts[static_cast<std::size_t>(a)], cb = counts[static_cast<std::size_t>(b)];
            return ca != cb ? ca > cb : first[static_cast<std::size_t>(a)] < first[static_cast<std::size_t>(b)];
        });
        for (Id id : out.ids) {
            out.counts.push_back(counts[static_cast<std::size_t>(id)]);
            out.first_row.push_back(first[static_cast<std::size_t>(id)]);
        }
        return out;
    }
    std::vector<std::uint64_t> keys;
    keys.reserve(counts.size());
    for (std::size_t k = 0; k < counts.size(); ++k)
        if (counts[k] > 0)
            keys.push_back(static_cast<std::uint64_t>(most - counts[k]) << row_bits |
                           static_cast<std::uint64_t>(first[k]));
    radix_sort(keys);
    const std::uint64_t row_mask = (std::uint64_t{1} << row_bits) - 1;
    out.ids.resize(keys.size());
    out.counts.resize(keys.size());
    out.first_row.resize(keys.size());
    for (std::size_t j = 0; j < keys.size(); ++j) {
        const auto row = static_cast<std::int64_t>(keys[j] & row_mask);
        out.first_row[j] = row;
        out.counts[j] = most - static_cast<std::int64_t>(keys[j] >> row_bits);
        out.ids[j] = column.codes[static_cast<std::size_t>(row)];
    }
    return out;
}

}  // namespace duikou::stats

#include "duikou/stats/distinct.hpp"

#include <memory>
#include <optional>

#include "counting.hpp"

namespace duikou::stats {

using namespace counting;  // the shared building blocks (counting.hpp)

namespace {

// Few keys times few values: each half of the rows marks its own bits; the
// second half's pairs are kept where the first half had not seen them, which
// is the order of first appearance over all rows.
Distinct distinct_by_bitset(const Coded& key, const Coded& value) {
    const PairBits layout(key, value);
    std::unique_ptr<std::uint32_t[]> found[2];
    std::size_t count[2] = {0, 0};
    std::vector<std::uint64_t> seen[2];
    detail::run_halves(key.size(), [&](int half, std::size_t begin, std::size_t end) {
        seen[half].assign(layout.words, 0);
        found[half].reset(new std::uint32_t[end - begin + 1]);
        count[half] = mark_pairs<true>(key, value, begin, end, layout, seen[half].data(), found[half].get());
    });
    return pairs_in_order(layout, key.cardinality(), seen[0].data(), found[0].get(), count[0], found[1].get(),
                          count[1]);
}

// The counts alone: the union of both halves' bits, counted key row by key row.
std::vector<std::int64_t> distinct_counts_by_bitset(const Coded& key, const Coded& value) {
    const PairBits layout(key, value);
    std::vector<std::uint64_t> seen[2];
    detail::run_halves(key.size(), [&](int half, std::size_t begin, std::size_t end) {
        seen[half].assign(layout.words, 0);
        mark_pairs<false>(key, value, begin, end, layout, seen[half].data(), nullptr);
    });
    for (std::size_t w = 0; w < layout.words; ++w) seen[0][w] |= seen[1][w];
    std::vector<std::int64_t> counts(key.cardinality(), 0);
    const std::size_t row_bits = std::size_t{1} << layout.shift;
    for (std::size_t k = 0; k < counts.size(); ++k) {
        const std::size_t bit = k << layout.shift;
        if (row_bits >= 64) {  // whole words
            for (std::size_t w = bit / 64; w < (bit + row_bits) / 64; ++w) counts[k] += __builtin_popcountll(seen[0][w]);
        } else {
            const std::uint64_t row = (seen[0][bit / 64] >> (bit % 64)) & ((std::uint64_t{1} << row_bits) - 1);
            counts[k] = __builtin_popcountll(row);
        }
    }
    return counts;
}

// A value's key is its owner, so only values are kept; nullopt when a value
// has several keys.
template <class Owner>
std::optional<Distinct> distinct_by_owner(const Coded& key, const Coded& value) {
    std::vector<Owner> owner[2];
    std::unique_ptr<Id[]> found[2];
    std::size_t count[2] = {0, 0};
    if (!owners_by_half<Owner, true>(key, value, owner, found, count)) return std::nullopt;
    // The second half's values the first half had not seen, in place; a value
    // both halves saw must have the same owner in both.
    Id* later = found[1].get();
    std::size_t kept = 0;
    for (std::size_t j = 0; j < count[1]; ++j) {
        const Id v = later[j];
        const Owner o = owner[0][static_cast<std::size_t>(v)];
        if (o != kNoOwner<Owner> && o != owner[1][static_cast<std::size_t>(v)]) return std::nullopt;
        later[kept] = v;
        kept += o == kNoOwner<Owner>;
    }
    const Id* first = found[0].get();
    const std::size_t before = count[0];
    return by_key(
        before + kept, key.cardinality(),
        [&](std::size_t j) {
            return j < before ? owner[0][static_cast<std::size_t>(first[j])] : owner[1][static_cast<std::size_t>(later[j - before])];
        },
        [&](std::size_t j) { return j < before ? first[j] : later[j - before]; });
}

// The counts alone, from the owners of both halves of the rows.
template <class Owner>
std::optional<std::vector<std::int64_t>> distinct_counts_by_owner(const Coded& key, const Coded& value) {
    std::vector<Owner> owner[2];
    std::unique_ptr<Id[]> unused[2];
    std::size_t count[2] = {0, 0};
    if (!owners_by_half<Owner, false>(key, value, owner, unused, count)) return std::nullopt;
    return counts_by_owner(owner, key.cardinality(), value.cardinality());
}

// The general case: values grouped by key (a stable counting sort of the value
// codes alone, each half of the rows scattering its own), then each key's run
// compacted to its distinct values with a stamp per value (each half of the
// keys with its own stamps).
Distinct distinct_by_grouping(const Coded& key, const Coded& value) {
    const std::size_t n_keys = key.cardinality(), n = key.size();
    const bool far_keys = n_keys * sizeof(std::int64_t) > detail::kCachedTableBytes;
    const bool far_values = value.cardinality() * sizeof(Id) > detail::kCachedTableBytes;
    std::vector<std::int64_t> next[2];  // rows per key in each half of the rows, then write positions
    detail::run_halves(n, [&](int half, std::size_t begin, std::size_t end) {
        auto& count = next[half];
        count.assign(n_keys, 0);
        for (std::size_t i = begin; i < end; ++i) {
            if (far_keys && i + detail::kPrefetchAhead < end)
                detail::prefetch_entry(count.data(), key.codes[i + detail::kPrefetchAhead]);
            if (key.codes[i] != kMissing && value.codes[i] != kMissing) ++count[static_cast<std::size_t>(key.codes[i])];
        }
    });
    // Key k's values go to [start[k], start[k + 1]): the first half's rows, then the second's.
    std::vector<std::int64_t> start(n_keys + 1, 0);
    for (std::size_t k = 0; k < n_keys; ++k) {
        const std::int64_t first_half = next[0][k];
        start[k + 1] = start[k] + first_half + next[1][k];
        next[0][k] = start[k];
        next[1][k] = start[k] + first_half;
    }
    std::vector<Id> grouped(static_cast<std::size_t>(start.back()));
    detail::run_halves(n, [&](int half, std::size_t begin, std::size_t end) {
        auto& position = next[half];
        for (std::size_t i = begin; i < end; ++i) {
            if (far_keys && i + detail::kPrefetchAhead < end)
                detail::prefetch_entry(position.data(), key.codes[i + detail::kPrefetchAhead]);
            const Id k = key.codes[i], v = value.codes[i];
            if (k != kMissing && v != kMissing)
                grouped[static_cast<std::size_t>(position[static_cast<std::size_t>(k)]++)] = v;
        }
    });
    // Compacts each run in place (the write position never passes the read
    // position); the keys split where half of the values lie behind.
    const auto split = static_cast<std::size_t>(
        std::lower_bound(start.begin(), start.end() - 1, start.back() / 2) - start.begin());
    Distinct out;
    out.offsets.assign(n_keys + 1, 0);
    std::size_t written[2] = {0, 0};
    std::vector<Id> stamp[2];
    detail::run_split(grouped.size(), split, n_keys, [&](int half, std::size_t first_key, std::size_t end_key) {
        auto& seen = stamp[half];
        seen.assign(value.cardinality(), kMissing);
        auto write = static_cast<std::size_t>(start[first_key]);
        const auto last = static_cast<std::size_t>(start[end_key]);
        for (std::size_t k = first_key; k < end_key; ++k) {
            for (auto j = static_cast<std::size_t>(start[k]); j < static_cast<std::size_t>(start[k + 1]); ++j) {
                if (far_values && j + detail::kPrefetchAhead < last)
                    detail::prefetch_entry(seen.data(), grouped[j + detail::kPrefetchAhead]);
                const Id v = grouped[j];
                Id& s = seen[static_cast<std::size_t>(v)];
                if (s == static_cast<Id>(k)) continue;
                s = static_cast<Id>(k);
                grouped[write++] = v;
            }
            out.offsets[k + 1] = static_cast<std::int64_t>(write);
        }
        written[half] = write - static_cast<std::size_t>(start[first_key]);
    });
    // The second half's values follow the first half's.
    const auto gap = static_cast<std::size_t>(start[split]) - written[0];
    if (gap > 0) {
        std::copy(grouped.begin() + static_cast<std::ptrdiff_t>(start[split]),
                  grouped.begin() + static_cast<std::ptrdiff_t>(start[split] + static_cast<std::int64_t>(written[1])),
                  grouped.begin() + static_cast<std::ptrdiff_t>(written[0]));
        for (std::size_t k = split; k < n_keys; ++k) out.offsets[k + 1] -= static_cast<std::int64_t>(gap);
    }
    grouped.resize(written[0] + written[1]);
    if (2 * grouped.size() < grouped.capacity()) grouped.shrink_to_fit();
    out.ids = std::move(grouped);
    return out;
}

}  // namespace

Distinct distinct(const Coded& key, const Coded& value) {
    check_same_length("distinct", key, value);
    if (bitset_pays(key, value)) return distinct_by_bitset(key, value);
    auto owned = few_keys(key) ? distinct_by_owner<std::uint16_t>(key, value) : distinct_by_owner<Id>(key, value);
    if (owned) return std::move(*owned);
    return distinct_by_grouping(key, value);
}

std::vector<std::int64_t> distinct_counts(const Coded& key, const Coded& value) {
    check_same_length("distinct_counts", key, value);
    if (bitset_pays(key, value)) return distinct_counts_by_bitset(key, value);
    auto owned = few_keys(key) ? distinct_counts_by_owner<std::uint16_t>(key, value)
                               : distinct_counts_by_owner<Id>(key, value);
    if (owned) return std::move(*owned);
    const Distinct d = distinct_by_grouping(key, value);
    std::vector<std::int64_t> counts(key.cardinality());
    for (std::size_t k = 0; k < counts.size(); ++k) counts[k] = d.count(k);
    return counts;
}

}  // namespace duikou::stats

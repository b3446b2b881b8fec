#include "duikou/stats/frequency.hpp"

#include <algorithm>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>

#include "../parallel.hpp"

namespace duikou::stats {

namespace {

// Counts and first rows of every id, in one pass over rows [begin, end). Both
// arrays are indexed by code + 1, so a missing code (-1) lands in slot 0 and
// needs no branch.
template <bool kFar>
void count_range(const Id* codes, std::size_t begin, std::size_t end, std::int64_t* counts, std::int64_t* first) {
    for (std::size_t i = begin; i < end; ++i) {
        if (kFar && i + detail::kPrefetchAhead < end) detail::prefetch_entry(counts + 1, codes[i + detail::kPrefetchAhead]);
        const auto slot = static_cast<std::size_t>(codes[i] + 1);
        if (counts[slot]++ == 0) first[slot] = static_cast<std::int64_t>(i);
    }
}

void count_range(const Id* codes, std::size_t begin, std::size_t end, std::int64_t* counts, std::int64_t* first,
                 std::size_t slots) {
    if (slots * sizeof(std::int64_t) > detail::kCachedTableBytes) count_range<true>(codes, begin, end, counts, first);
    else count_range<false>(codes, begin, end, counts, first);
}

void count_with_first_rows(const Coded& column, std::vector<std::int64_t>& counts, std::vector<std::int64_t>& first) {
    const std::size_t slots = column.cardinality() + 1, n = column.size();
    counts.assign(slots, 0);
    first.assign(slots, -1);
    // Two halves pay when their private counts are small next to the codes.
    if (detail::two_threads_pay(n) && slots <= n / 4) {
        std::vector<std::int64_t> later_counts(slots, 0), later_first(slots, -1);
        detail::run_halves(n, [&](int half, std::size_t begin, std::size_t end) {
            count_range(column.codes.data(), begin, end, half == 0 ? counts.data() : later_counts.data(),
                        half == 0 ? first.data() : later_first.data(), slots);
        });
        for (std::size_t k = 0; k < slots; ++k) {
            counts[k] += later_counts[k];
            if (first[k] < 0) first[k] = later_first[k];
        }
    } else {
        count_range(column.codes.data(), 0, n, counts.data(), first.data(), slots);
    }
    counts.erase(counts.begin());
    first.erase(first.begin());
}

// Lays out distinct pairs, given in order of first appearance, per key (a
// stable counting sort by key), so each key's values keep that order.
// key_of(j) and value_of(j) are the j-th pair's codes.
template <class KeyOf, class ValueOf>
Distinct by_key(std::size_t count, std::size_t n_keys, KeyOf&& key_of, ValueOf&& value_of) {
    Distinct out;
    out.offsets.assign(n_keys + 1, 0);
    for (std::size_t j = 0; j < count; ++j) ++out.offsets[static_cast<std::size_t>(key_of(j)) + 1];
    for (std::size_t k = 1; k <= n_keys; ++k) out.offsets[k] += out.offsets[k - 1];
    out.ids.resize(count);
    std::vector<std::int64_t> next(out.offsets.begin(), out.offsets.end() - 1);
    for (std::size_t j = 0; j < count; ++j)
        out.ids[static_cast<std::size_t>(next[static_cast<std::size_t>(key_of(j))]++)] = static_cast<Id>(value_of(j));
    return out;
}

// Bits that hold any value code: the row stride of the bitset, so that a
// pair's bit is (key << shift) | value.
unsigned value_bits(std::size_t cardinality) {
    unsigned shift = 0;
    while ((std::size_t{1} << shift) < cardinality) ++shift;
    return shift;
}

// Few keys times few values: one bit per (key, value) pair, set on first
// sight. The pass has no branch: every row writes its pair after the pairs
// found so far, and only a new pair moves the count on (so only as many slots
// as there are distinct pairs are ever touched). Each half of the rows has its
// own bits; the second half's pairs are kept where the first half had not
// seen them, which is the order of first appearance over all rows.
Distinct distinct_by_bitset(const Coded& key, const Coded& value) {
    const std::size_t n = key.size();
    const unsigned shift = value_bits(value.cardinality());
    const auto nowhere = static_cast<std::uint32_t>(key.cardinality() << shift);  // the bit of rows with a missing code
    const std::size_t words = nowhere / 64 + 1;
    std::unique_ptr<std::uint32_t[]> found[2];
    std::size_t count[2] = {0, 0};
    std::vector<std::uint64_t> seen[2];
    detail::run_halves(n, [&](int half, std::size_t begin, std::size_t end) {
        auto& bits = seen[half];
        bits.assign(words, 0);
        found[half].reset(new std::uint32_t[end - begin + 1]);
        std::uint32_t* out = found[half].get();
        std::size_t c = 0;
        for (std::size_t i = begin; i < end; ++i) {
            const Id k = key.codes[i], v = value.codes[i];
            const bool present = (k != kMissing) & (v != kMissing);
            const std::uint32_t pair = present ? (static_cast<std::uint32_t>(k) << shift) | static_cast<std::uint32_t>(v) : nowhere;
            std::uint64_t& word = bits[pair >> 6];
            const std::uint64_t mask = std::uint64_t{1} << (pair & 63);
            const bool fresh = present & ((word & mask) == 0);
            word |= mask;
            out[c] = pair;
            c += fresh;
        }
        count[half] = c;
    });
    // The second half's pairs the first half had not seen, in place.
    std::uint32_t* later = found[1].get();
    std::size_t kept = 0;
    for (std::size_t j = 0; j < count[1]; ++j) {
        const std::uint32_t pair = later[j];
        later[kept] = pair;
        kept += (seen[0][pair >> 6] & (std::uint64_t{1} << (pair & 63))) == 0;
    }
    const std::uint32_t* first = found[0].get();
    const std::size_t before = count[0];
    const std::uint32_t values = (std::uint32_t{1} << shift) - 1;
    auto pair_at = [&](std::size_t j) { return j < before ? first[j] : later[j - before]; };
    return by_key(before + kept, key.cardinality(), [&](std::size_t j) { return pair_at(j) >> shift; },
                  [&](std::size_t j) { return pair_at(j) & values; });
}

// Each value with a single key (a recipient's own region): the key each value
// was first seen with, per half of the rows, in a pass without branches like
// the bitset's; gives up (nullopt) when a value turns up with a second key.
// A value's key is its owner, so only values are kept. Owners are 16-bit
// when keys are few (regions), which halves the table the pass jumps around in.
template <class Owner>
std::optional<Distinct> distinct_by_owner(const Coded& key, const Coded& value) {
    const std::size_t n = key.size();
    const auto nowhere = static_cast<Id>(value.cardinality());  // the owner slot of rows with a missing code
    constexpr auto none = std::numeric_limits<Owner>::max();    // no owner yet
    std::unique_ptr<Id[]> found[2];
    std::size_t count[2] = {0, 0};
    std::vector<Owner> owner[2];
    bool shared[2] = {false, false};
    detail::run_halves(n, [&](int half, std::size_t begin, std::size_t end) {
        auto& own = owner[half];
        own.assign(value.cardinality() + 1, none);
        found[half].reset(new Id[end - begin + 1]);
        Id* out = found[half].get();
        std::size_t c = 0;
        bool clash = false;
        // The owner table has an entry per value (per recipient, say): often more than the cache holds.
        for (std::size_t i = begin; i < end; ++i) {
            if (i + detail::kPrefetchAhead < end) detail::prefetch_entry(own.data(), value.codes[i + detail::kPrefetchAhead]);
            const Id k = key.codes[i], v = value.codes[i];
            const bool present = (k != kMissing) & (v != kMissing);
            const Id slot = present ? v : nowhere;
            const Owner o = own[static_cast<std::size_t>(slot)];
            clash |= present & (o != none) & (o != static_cast<Owner>(k));
            own[static_cast<std::size_t>(slot)] = static_cast<Owner>(k);
            out[c] = slot;
            c += present & (o == none);
            if ((i & 0xFFFF) == 0 && clash) break;  // no use going on
        }
        shared[half] = clash;
        count[half] = c;
    });
    if (shared[0] || shared[1]) return std::nullopt;
    // The second half's values the first half had not seen, in place; a value
    // both halves saw must have the same owner in both.
    Id* later = found[1].get();
    std::size_t kept = 0;
    for (std::size_t j = 0; j < count[1]; ++j) {
        const Id v = later[j];
        const Owner o = owner[0][static_cast<std::size_t>(v)];
        if (o != none && o != owner[1][static_cast<std::size_t>(v)]) return std::nullopt;
        later[kept] = v;
        kept += o == none;
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

Distinct distinct(const Coded& key, const Coded& value) {
    if (key.size() != value.size())
        throw std::invalid_argument("distinct: the key column has " + std::to_string(key.size()) +
                                    " rows but the value column has " + std::to_string(value.size()));
    // A bitset pays while it stays cache-sized and no bigger than the codes themselves.
    const std::size_t bitset_bytes = (key.cardinality() << value_bits(value.cardinality())) / 8;
    if (bitset_bytes <= std::min<std::size_t>(std::size_t{4} << 20, 4 * key.size() + 4096))
        return distinct_by_bitset(key, value);
    auto owned = key.cardinality() < std::numeric_limits<std::uint16_t>::max() ? distinct_by_owner<std::uint16_t>(key, value)
                                                                               : distinct_by_owner<Id>(key, value);
    if (owned) return std::move(*owned);
    return distinct_by_grouping(key, value);
}

}  // namespace duikou::stats

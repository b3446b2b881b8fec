// Building blocks shared by the counting kernels (frequency.cpp, distinct.cpp,
// coverage.cpp): per-id counts with first rows, the (key, value) pair bitset
// and the owner tables of values with a single key. Internal to cpp/src/stats.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "../parallel.hpp"
#include "duikou/stats/distinct.hpp"
#include "duikou/table.hpp"

namespace duikou::stats::counting {

// Counts row i and keeps its row if its id is new. Both arrays are indexed by
// code + 1, so a missing code (-1) lands in slot 0 and needs no branch.
inline void count_row(const Id* codes, std::size_t i, std::int64_t* counts, std::int64_t* first) {
    const auto slot = static_cast<std::size_t>(codes[i] + 1);
    if (counts[slot]++ == 0) first[slot] = static_cast<std::int64_t>(i);
}

// Counts and first rows of every id, in one pass over rows [begin, end).
template <bool kFar>
void count_range(const Id* codes, std::size_t begin, std::size_t end, std::int64_t* counts, std::int64_t* first) {
    for (std::size_t i = begin; i < end; ++i) {
        if (kFar && i + detail::kPrefetchAhead < end) detail::prefetch_entry(counts + 1, codes[i + detail::kPrefetchAhead]);
        count_row(codes, i, counts, first);
    }
}

// Adds the second half's counts to the first half's, whose first rows come first.
inline void merge_counts(std::vector<std::int64_t>& counts, std::vector<std::int64_t>& first,
                  const std::vector<std::int64_t>& later_counts, const std::vector<std::int64_t>& later_first) {
    for (std::size_t k = 0; k < counts.size(); ++k) {
        counts[k] += later_counts[k];
        if (first[k] < 0) first[k] = later_first[k];
    }
}

inline void count_range(const Id* codes, std::size_t begin, std::size_t end, std::int64_t* counts, std::int64_t* first,
                 std::size_t slots) {
    if (slots * sizeof(std::int64_t) > detail::kCachedTableBytes) count_range<true>(codes, begin, end, counts, first);
    else count_range<false>(codes, begin, end, counts, first);
}

inline void count_with_first_rows(const Coded& column, std::vector<std::int64_t>& counts, std::vector<std::int64_t>& first) {
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
        merge_counts(counts, first, later_counts, later_first);
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
inline unsigned value_bits(std::size_t cardinality) {
    unsigned shift = 0;
    while ((std::size_t{1} << shift) < cardinality) ++shift;
    return shift;
}

// One bit per (key, value) pair, a row of 2^shift bits per key, plus the bit
// that rows with a missing code set. Sized in std::size_t, so that a bitset
// too large to pay (whose pairs would not fit 32 bits) is seen as such.
struct PairBits {
    unsigned shift;
    std::size_t words;
    std::uint32_t nowhere;

    PairBits(const Coded& key, const Coded& value)
        : shift(value_bits(value.cardinality())),
          words((key.cardinality() << shift) / 64 + 1),
          nowhere(static_cast<std::uint32_t>(key.cardinality() << shift)) {}

    std::size_t bytes() const { return words * sizeof(std::uint64_t); }
    bool is_set(const std::uint64_t* bits, std::uint32_t pair) const {
        return (bits[pair >> 6] & (std::uint64_t{1} << (pair & 63))) != 0;
    }
};

// A bitset pays while it stays cache-sized and no bigger than the codes themselves.
inline bool bitset_pays(const Coded& key, const Coded& value) {
    return PairBits(key, value).bytes() <= std::min<std::size_t>(std::size_t{4} << 20, 4 * key.size() + 4096);
}

// Sets the bit of the pair (k, v) of one row. No branch: with kList, every
// row writes its pair after the c pairs found so far, and only a new pair
// moves c on (so only as many slots of `found` as there are distinct pairs
// are ever touched).
template <bool kList>
inline void mark_pair(Id k, Id v, const PairBits& layout, std::uint64_t* bits, std::uint32_t* found, std::size_t& c) {
    const bool present = (k != kMissing) & (v != kMissing);
    const std::uint32_t pair =
        present ? (static_cast<std::uint32_t>(k) << layout.shift) | static_cast<std::uint32_t>(v) : layout.nowhere;
    std::uint64_t& word = bits[pair >> 6];
    const std::uint64_t mask = std::uint64_t{1} << (pair & 63);
    if (kList) {
        const bool fresh = present & ((word & mask) == 0);
        found[c] = pair;
        c += fresh;
    }
    word |= mask;
}

// Sets the bit of every pair of rows [begin, end) on first sight; returns the
// number of pairs listed in `found` (with kList).
template <bool kList>
std::size_t mark_pairs(const Coded& key, const Coded& value, std::size_t begin, std::size_t end, const PairBits& layout,
                       std::uint64_t* bits, std::uint32_t* found) {
    std::size_t c = 0;
    for (std::size_t i = begin; i < end; ++i) mark_pair<kList>(key.codes[i], value.codes[i], layout, bits, found, c);
    return c;
}

// The distinct pairs of both halves of the rows in order of first appearance:
// the second half's pairs the first half had not seen (`seen`) follow the
// first half's. Compacts `later` in place.
inline Distinct pairs_in_order(const PairBits& layout, std::size_t n_keys, const std::uint64_t* seen,
                        const std::uint32_t* first, std::size_t before, std::uint32_t* later, std::size_t count_later) {
    std::size_t kept = 0;
    for (std::size_t j = 0; j < count_later; ++j) {
        const std::uint32_t pair = later[j];
        later[kept] = pair;
        kept += !layout.is_set(seen, pair);
    }
    const std::uint32_t values = (std::uint32_t{1} << layout.shift) - 1;
    auto pair_at = [&](std::size_t j) { return j < before ? first[j] : later[j - before]; };
    return by_key(before + kept, n_keys, [&](std::size_t j) { return pair_at(j) >> layout.shift; },
                  [&](std::size_t j) { return pair_at(j) & values; });
}

// Owners are 16-bit when keys are few (regions), which halves the table the
// owner pass jumps around in.
inline bool few_keys(const Coded& key) { return key.cardinality() < std::numeric_limits<std::uint16_t>::max(); }

template <class Owner>
constexpr Owner kNoOwner = std::numeric_limits<Owner>::max();

// Each value with a single key (a recipient's own region): records in own[v]
// the key k of a row with value v, without a branch like mark_pair's (with
// kList, v goes after the c values found so far, c moving on if v is new);
// sets clash when v had another key. own has an entry per value plus one
// (`nowhere`) for rows with a missing code.
template <class Owner, bool kList>
inline void mark_owner(Id k, Id v, Id nowhere, Owner* own, Id* found, std::size_t& c, bool& clash) {
    const bool present = (k != kMissing) & (v != kMissing);
    const Id slot = present ? v : nowhere;
    const Owner o = own[static_cast<std::size_t>(slot)];
    clash |= present & (o != kNoOwner<Owner>) & (o != static_cast<Owner>(k));
    own[static_cast<std::size_t>(slot)] = static_cast<Owner>(k);
    if (kList) {
        found[c] = slot;
        c += present & (o == kNoOwner<Owner>);
    }
}

// The owners of the values of rows [begin, end) (with kList, the values in
// order of first sight, `count` of them). Returns false when a value turns up
// with a second key.
template <class Owner, bool kList>
bool mark_owners(const Coded& key, const Coded& value, std::size_t begin, std::size_t end, Owner* own, Id* found,
                 std::size_t& count) {
    const auto nowhere = static_cast<Id>(value.cardinality());
    std::size_t c = 0;
    bool clash = false;
    // The owner table has an entry per value (per recipient, say): often more than the cache holds.
    for (std::size_t i = begin; i < end; ++i) {
        if (i + detail::kPrefetchAhead < end) detail::prefetch_entry(own, value.codes[i + detail::kPrefetchAhead]);
        mark_owner<Owner, kList>(key.codes[i], value.codes[i], nowhere, own, found, c, clash);
        if ((i & 0xFFFF) == 0 && clash) break;  // no use going on
    }
    count = c;
    return !clash;
}

// The owner tables of both halves of the rows; false when a value turns up
// with a second key within a half.
template <class Owner, bool kList>
bool owners_by_half(const Coded& key, const Coded& value, std::vector<Owner> (&owner)[2],
                    std::unique_ptr<Id[]> (&found)[2], std::size_t (&count)[2]) {
    bool single[2] = {true, true};
    detail::run_halves(key.size(), [&](int half, std::size_t begin, std::size_t end) {
        owner[half].assign(value.cardinality() + 1, kNoOwner<Owner>);
        if (kList) found[half].reset(new Id[end - begin + 1]);
        single[half] = mark_owners<Owner, kList>(key, value, begin, end, owner[half].data(), found[half].get(), count[half]);
    });
    return single[0] && single[1];
}

// Values per key from both halves' owner tables: each value counts once, for
// its owner in either half (a pass over the values, not the rows; each half of
// the values counts apart); nullopt when the halves disagree on an owner. A
// half without rows may have an empty table.
template <class Owner>
std::optional<std::vector<std::int64_t>> counts_by_owner(const std::vector<Owner> (&owner)[2], std::size_t n_keys,
                                                         std::size_t n_values) {
    std::vector<std::int64_t> counts[2];  // slot n_keys: values never seen
    bool single[2] = {true, true};
    detail::run_split(n_values, n_values / 2, n_values, [&](int half, std::size_t begin, std::size_t end) {
        counts[half].assign(n_keys + 1, 0);
        std::int64_t* tally = counts[half].data();
        bool clash = false;
        for (std::size_t v = begin; v < end; ++v) {
            const Owner first = owner[0][v], later = owner[1].empty() ? kNoOwner<Owner> : owner[1][v];
            clash |= (first != kNoOwner<Owner>) & (later != kNoOwner<Owner>) & (first != later);
            const Owner o = first != kNoOwner<Owner> ? first : later;
            ++tally[o == kNoOwner<Owner> ? n_keys : static_cast<std::size_t>(o)];
        }
        single[half] = !clash;
    });
    if (!single[0] || !single[1]) return std::nullopt;
    for (std::size_t k = 0; k < n_keys; ++k) counts[0][k] += counts[1][k];
    counts[0].pop_back();
    return std::move(counts[0]);
}

inline void check_same_length(const char* what, const Coded& key, const Coded& value) {
    if (key.size() != value.size())
        throw std::invalid_argument(std::string(what) + ": the key column has " + std::to_string(key.size()) +
                                    " rows but the value column has " + std::to_string(value.size()));
}

}  // namespace duikou::stats::counting

#include "duikou/stats/frequency.hpp"

#include <algorithm>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>

#include "../parallel.hpp"

namespace duikou::stats {

namespace {

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
void merge_counts(std::vector<std::int64_t>& counts, std::vector<std::int64_t>& first,
                  const std::vector<std::int64_t>& later_counts, const std::vector<std::int64_t>& later_first) {
    for (std::size_t k = 0; k < counts.size(); ++k) {
        counts[k] += later_counts[k];
        if (first[k] < 0) first[k] = later_first[k];
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
unsigned value_bits(std::size_t cardinality) {
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
bool bitset_pays(const Coded& key, const Coded& value) {
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
Distinct pairs_in_order(const PairBits& layout, std::size_t n_keys, const std::uint64_t* seen,
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

// Owners are 16-bit when keys are few (regions), which halves the table the
// owner pass jumps around in.
bool few_keys(const Coded& key) { return key.cardinality() < std::numeric_limits<std::uint16_t>::max(); }

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

namespace {

void check_same_length(const char* what, const Coded& key, const Coded& value) {
    if (key.size() != value.size())
        throw std::invalid_argument(std::string(what) + ": the key column has " + std::to_string(key.size()) +
                                    " rows but the value column has " + std::to_string(value.size()));
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

namespace {

// The fused pass takes few groups (the per-half counts stay cached, owners fit
// 16 bits) whose (group, partner) bitset pays.
bool coverage_fuses(const Coded& group, const Coded& partner) {
    return (group.cardinality() + 1) * sizeof(std::int64_t) <= detail::kCachedTableBytes && few_keys(group) &&
           bitset_pays(group, partner);
}

using GroupOwner = std::uint16_t;

// What one half of the rows gathers in the fused pass.
struct CoverageHalf {
    std::vector<std::int64_t> counts, first;  // by group code + 1
    std::vector<std::uint64_t> seen;          // (group, partner) bits
    std::unique_ptr<std::uint32_t[]> found;   // pairs in order of first sight
    std::size_t pairs = 0;
    bool single = true;  // no recipient seen in two groups of this half
};

// Rows [begin, end) in one pass: the counts, the pairs' bits and the
// recipients' owners. It does not stop when a recipient turns up in a second
// group: checking for that in the loop costs about 10% of the pass.
void cover_rows(const Coded& group, const Coded& partner, const Coded& recipient, std::size_t begin, std::size_t end,
                const PairBits& layout, CoverageHalf& half, GroupOwner* own) {
    const Id *groups = group.codes.data(), *partners = partner.codes.data(), *recipients = recipient.codes.data();
    const auto nowhere = static_cast<Id>(recipient.cardinality());
    std::int64_t* counts = half.counts.data();
    std::int64_t* first = half.first.data();
    std::uint64_t* bits = half.seen.data();
    std::uint32_t* found = half.found.get();
    std::size_t c = 0, unused = 0;
    bool clash = false;
    for (std::size_t i = begin; i < end; ++i) {
        if (i + detail::kPrefetchAhead < end) detail::prefetch_entry(own, recipients[i + detail::kPrefetchAhead]);
        count_row(groups, i, counts, first);
        mark_pair<true>(groups[i], partners[i], layout, bits, found, c);
        mark_owner<GroupOwner, false>(groups[i], recipients[i], nowhere, own, nullptr, unused, clash);
    }
    half.pairs = c;
    half.single = !clash;
}

}  // namespace

Coverage coverage(const Coded& group, const Coded& partner, const Coded& recipient) {
    check_same_length("coverage", group, partner);
    check_same_length("coverage", group, recipient);
    Coverage out;
    if (!coverage_fuses(group, partner)) {
        count_with_first_rows(group, out.pairs, out.first_row);
        out.partners = distinct(group, partner);
        out.recipients = distinct_counts(group, recipient);
        return out;
    }
    const PairBits layout(group, partner);
    const std::size_t slots = group.cardinality() + 1;
    CoverageHalf halves[2];
    std::vector<GroupOwner> owner[2];
    // On one thread the first "half" takes every row: a second owner table
    // would cost more to fill and to merge than the pass it splits.
    const std::size_t n = group.size(), mid = detail::two_threads_pay(n) ? n / 2 : n;
    detail::run_split(n, mid, n, [&](int h, std::size_t begin, std::size_t end) {
        CoverageHalf& half = halves[h];
        half.counts.assign(slots, 0);
        half.first.assign(slots, -1);
        half.seen.assign(layout.words, 0);
        half.found.reset(new std::uint32_t[end - begin + 1]);
        owner[h].assign(h == 0 || begin < end ? recipient.cardinality() + 1 : 0, kNoOwner<GroupOwner>);
        cover_rows(group, partner, recipient, begin, end, layout, half, owner[h].data());
    });
    CoverageHalf& head = halves[0];
    merge_counts(head.counts, head.first, halves[1].counts, halves[1].first);
    head.counts.erase(head.counts.begin());
    head.first.erase(head.first.begin());
    out.pairs = std::move(head.counts);
    out.first_row = std::move(head.first);
    out.partners = pairs_in_order(layout, group.cardinality(), head.seen.data(), head.found.get(), head.pairs,
                                  halves[1].found.get(), halves[1].pairs);
    std::optional<std::vector<std::int64_t>> owned;
    if (head.single && halves[1].single) owned = counts_by_owner(owner, group.cardinality(), recipient.cardinality());
    // A recipient in two groups: the general kernel counts them.
    out.recipients = owned ? std::move(*owned) : distinct_counts(group, recipient);
    return out;
}

}  // namespace duikou::stats

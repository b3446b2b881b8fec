#include "duikou/stats/coverage.hpp"

#include <memory>
#include <optional>
#include <stdexcept>

#include "../parallel.hpp"
#include "counting.hpp"

namespace duikou::stats {

using namespace counting;  // the shared building blocks (counting.hpp)

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

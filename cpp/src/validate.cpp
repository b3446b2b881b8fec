#include "duikou/validate.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string_view>
#include <unordered_map>

#include "parallel.hpp"

namespace duikou {

namespace {

// Whether some (recipient, partner) pair appears twice: the codes of one
// side grouped by the other (a counting sort of the codes alone, not of the
// rows), then each group checked with a stamp per value. Grouping by the side
// with more names lets the other side's codes often take 16 bits. Offset
// counts rows; Value holds the grouped side's codes.
template <class Offset, class Value>
bool repeated_pair_in_groups(const Coded& key, const Coded& value) {
    const std::size_t n = key.size(), n_keys = key.cardinality();
    const Id* k = key.codes.data();
    const Id* v = value.codes.data();
    // end[g + 1] counts group g, then (prefix sums) ends it; scattering moves end[g] to the end of group g.
    std::vector<Offset> end(n_keys + 1, 0);
    const bool far = n_keys * sizeof(Offset) > detail::kCachedTableBytes;
    for (std::size_t i = 0; i < n; ++i) {
        if (far && i + detail::kPrefetchAhead < n) detail::prefetch_entry(end.data() + 1, k[i + detail::kPrefetchAhead]);
        if (k[i] != kMissing && v[i] != kMissing) ++end[static_cast<std::size_t>(k[i]) + 1];
    }
    for (std::size_t g = 1; g <= n_keys; ++g) end[g] += end[g - 1];
    std::vector<Value> grouped(static_cast<std::size_t>(end[n_keys]));
    for (std::size_t i = 0; i < n; ++i) {
        if (far && i + detail::kPrefetchAhead < n) detail::prefetch_entry(end.data(), k[i + detail::kPrefetchAhead]);
        if (k[i] != kMissing && v[i] != kMissing)
            grouped[static_cast<std::size_t>(end[static_cast<std::size_t>(k[i])]++)] = static_cast<Value>(v[i]);
    }
    std::vector<Id> stamp(value.cardinality(), kMissing);
    std::size_t j = 0;
    for (std::size_t g = 0; g < n_keys; ++g) {
        for (; j < static_cast<std::size_t>(end[g]); ++j) {
            Id& seen = stamp[grouped[j]];
            if (seen == static_cast<Id>(g)) return true;
            seen = static_cast<Id>(g);
        }
    }
    return false;
}

template <class Offset>
bool repeated_pair_in_groups(const Coded& key, const Coded& value) {
    return value.cardinality() <= std::numeric_limits<std::uint16_t>::max() + std::size_t{1}
               ? repeated_pair_in_groups<Offset, std::uint16_t>(key, value)
               : repeated_pair_in_groups<Offset, std::uint32_t>(key, value);
}

bool has_repeated_pair(const Coded& rec, const Coded& par) {
    const bool by_recipient = rec.cardinality() >= par.cardinality();
    const Coded& key = by_recipient ? rec : par;
    const Coded& value = by_recipient ? par : rec;
    return key.size() <= std::numeric_limits<std::uint32_t>::max() ? repeated_pair_in_groups<std::uint32_t>(key, value)
                                                                   : repeated_pair_in_groups<std::uint64_t>(key, value);
}

// Each row repeating an earlier (recipient, partner) pair: each recipient's
// rows are walked in input order, stamping partners; with a scope, each
// recipient's (partner, scope value) pairs are sorted instead.
void add_duplicates(const PairTable& table, const Coded* scope, std::vector<RowProblem>& found) {
    const Coded& par = table.side(Side::Partner);
    const Csr& by_rec = table.rows_by(Side::Recipient);
    if (scope) {
        // A recipient's (partner << 32 | scope code, row) sorted: a run of one key is a pair and
        // its later rows, in input order (a map cleared per recipient would cost its buckets each time).
        std::vector<std::pair<std::uint64_t, std::int64_t>> own;
        for (std::size_t r = 0; r + 1 < by_rec.offsets.size(); ++r) {
            own.clear();
            for (auto k = by_rec.offsets[r]; k < by_rec.offsets[r + 1]; ++k) {
                const auto row = by_rec.rows[static_cast<std::size_t>(k)];
                const Id p = par.codes[static_cast<std::size_t>(row)];
                if (p == kMissing) continue;
                own.emplace_back(static_cast<std::uint64_t>(p) << 32 |
                                     static_cast<std::uint32_t>(scope->codes[static_cast<std::size_t>(row)]),
                                 row);
            }
            std::sort(own.begin(), own.end());
            for (std::size_t j = 1, first = 0; j < own.size(); ++j) {
                if (own[j].first != own[first].first) first = j;
                else found.push_back({own[j].second, Problem::Duplicate, Side::Recipient, own[first].second});
            }
        }
        return;
    }
    std::vector<Id> stamp(par.cardinality(), kMissing);
    std::vector<std::int64_t> first(par.cardinality(), -1);
    for (std::size_t r = 0; r + 1 < by_rec.offsets.size(); ++r) {
        for (auto k = by_rec.offsets[r]; k < by_rec.offsets[r + 1]; ++k) {
            const auto row = by_rec.rows[static_cast<std::size_t>(k)];
            const Id p = par.codes[static_cast<std::size_t>(row)];
            if (p == kMissing) continue;
            const auto pi = static_cast<std::size_t>(p);
            if (stamp[pi] == static_cast<Id>(r)) {
                found.push_back({row, Problem::Duplicate, Side::Recipient, first[pi]});
            } else {
                stamp[pi] = static_cast<Id>(r);
                first[pi] = row;
            }
        }
    }
}

}  // namespace

const char* problem_name(Problem p) {
    switch (p) {
        case Problem::MissingName: return "missing_name";
        case Problem::EmptyName: return "empty_name";
        case Problem::SelfPair: return "self_pair";
        case Problem::Duplicate: return "duplicate";
    }
    return "unknown";
}

bool is_blank(std::string_view label) {
    static constexpr std::string_view kWideSpaces[] = {"\xC2\xA0", "\xE3\x80\x80"};  // U+00A0, U+3000
    std::size_t i = 0;
    while (i < label.size()) {
        const char c = label[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
            ++i;
            continue;
        }
        bool matched = false;
        for (auto space : kWideSpaces) {
            if (label.compare(i, space.size(), space) == 0) {
                i += space.size();
                matched = true;
                break;
            }
        }
        if (!matched) return false;
    }
    return true;
}

std::vector<RowProblem> find_problems(const PairTable& table, const Coded* scope) {
    if (scope && scope->size() != table.size())
        throw std::invalid_argument("find_problems: the scope column has " + std::to_string(scope->size()) +
                                    " rows but the table has " + std::to_string(table.size()));
    std::vector<RowProblem> found;
    const Coded& rec = table.side(Side::Recipient);
    const Coded& par = table.side(Side::Partner);

    // Most tables have no repeated pair, which a pass needing 2 to 4 bytes a row
    // shows (first, so that its memory is free before the label tables below);
    // only then are the rows grouped by recipient (8 bytes a row, kept for
    // later use) to find the duplicates (a scope only removes some).
    const bool duplicates = has_repeated_pair(rec, par);
    // Blank labels and the partner id that names each recipient label, once per label.
    auto blank_labels = [](const Coded& c) {
        std::vector<char> blank(c.cardinality());
        for (std::size_t k = 0; k < blank.size(); ++k) blank[k] = is_blank(c.labels[k]);
        return blank;
    };
    const auto rec_blank = blank_labels(rec);
    const auto par_blank = blank_labels(par);
    std::unordered_map<std::string_view, Id> partner_of_label;
    partner_of_label.reserve(par.cardinality());
    for (std::size_t k = 0; k < par.cardinality(); ++k) partner_of_label.emplace(par.labels[k], static_cast<Id>(k));
    std::vector<Id> same_name_partner(rec.cardinality(), kMissing);
    for (std::size_t k = 0; k < rec.cardinality(); ++k) {
        auto it = partner_of_label.find(rec.labels[k]);
        if (it != partner_of_label.end()) same_name_partner[k] = it->second;
    }

    for (std::size_t i = 0; i < table.size(); ++i) {
        const auto row = static_cast<std::int64_t>(i);
        const Id r = rec.codes[i], p = par.codes[i];
        for (Side s : {Side::Recipient, Side::Partner}) {
            const Id c = s == Side::Recipient ? r : p;
            const auto& blank = s == Side::Recipient ? rec_blank : par_blank;
            if (c == kMissing) found.push_back({row, Problem::MissingName, s, -1});
            else if (blank[static_cast<std::size_t>(c)]) found.push_back({row, Problem::EmptyName, s, -1});
        }
        if (r != kMissing && p != kMissing && same_name_partner[static_cast<std::size_t>(r)] == p)
            found.push_back({row, Problem::SelfPair, Side::Recipient, -1});
    }

    if (duplicates) add_duplicates(table, scope, found);
    std::stable_sort(found.begin(), found.end(),
                     [](const RowProblem& a, const RowProblem& b) { return a.row < b.row; });
    return found;
}

}  // namespace duikou

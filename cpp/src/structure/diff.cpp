#include "duikou/structure/diff.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>

namespace duikou::structure {

namespace {

void check(const Keyed& version, const char* which) {
    if (version.key.size() != version.partner.size())
        throw std::invalid_argument(std::string("diff: the ") + which + " version has " +
                                    std::to_string(version.key.size()) + " keys but " +
                                    std::to_string(version.partner.size()) + " partners");
    for (std::size_t i = 0; i < version.key.size(); ++i)
        if (version.key[i] < 0 || version.partner[i] < 0)
            throw std::invalid_argument(std::string("diff: the ") + which + " version, row " + std::to_string(i + 1) +
                                        ": ids must be >= 0 (give missing values an id of their own)");
}

// Row numbers sorted by (key, partner, row).
std::vector<std::int64_t> sorted_rows(const Keyed& v) {
    std::vector<std::int64_t> rows(v.key.size());
    std::iota(rows.begin(), rows.end(), 0);
    std::sort(rows.begin(), rows.end(), [&](std::int64_t a, std::int64_t b) {
        const auto i = static_cast<std::size_t>(a), j = static_cast<std::size_t>(b);
        if (v.key[i] != v.key[j]) return v.key[i] < v.key[j];
        if (v.partner[i] != v.partner[j]) return v.partner[i] < v.partner[j];
        return a < b;
    });
    return rows;
}

// Sorts the pairs (first, second) by first.
void sort_pairs(std::vector<std::int64_t>& first, std::vector<std::int64_t>& second) {
    std::vector<std::size_t> order(first.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return first[a] < first[b]; });
    std::vector<std::int64_t> f(first.size()), s(second.size());
    for (std::size_t k = 0; k < order.size(); ++k) {
        f[k] = first[order[k]];
        s[k] = second[order[k]];
    }
    first.swap(f);
    second.swap(s);
}

}  // namespace

DiffRows diff(const Keyed& old_version, const Keyed& new_version) {
    check(old_version, "old");
    check(new_version, "new");
    const auto old_rows = sorted_rows(old_version), new_rows = sorted_rows(new_version);
    auto key_of = [](const Keyed& v, std::int64_t row) { return v.key[static_cast<std::size_t>(row)]; };
    auto partner_of = [](const Keyed& v, std::int64_t row) { return v.partner[static_cast<std::size_t>(row)]; };

    DiffRows out;
    std::vector<std::int64_t> old_left, new_left;  // unmatched rows of the current key
    std::size_t i = 0, j = 0;
    while (i < old_rows.size() || j < new_rows.size()) {
        // The smallest key still to handle, and the ranges of both versions holding it.
        Id key;
        if (i == old_rows.size()) key = key_of(new_version, new_rows[j]);
        else if (j == new_rows.size()) key = key_of(old_version, old_rows[i]);
        else key = std::min(key_of(old_version, old_rows[i]), key_of(new_version, new_rows[j]));
        std::size_t i_end = i, j_end = j;
        while (i_end < old_rows.size() && key_of(old_version, old_rows[i_end]) == key) ++i_end;
        while (j_end < new_rows.size() && key_of(new_version, new_rows[j_end]) == key) ++j_end;

        // Both ranges are sorted by (partner, row): a merge matches equal partners in row order.
        old_left.clear();
        new_left.clear();
        while (i < i_end || j < j_end) {
            if (j == j_end || (i < i_end && partner_of(old_version, old_rows[i]) < partner_of(new_version, new_rows[j]))) {
                old_left.push_back(old_rows[i++]);
            } else if (i == i_end || partner_of(new_version, new_rows[j]) < partner_of(old_version, old_rows[i])) {
                new_left.push_back(new_rows[j++]);
            } else {
                out.kept_old.push_back(old_rows[i++]);
                out.kept_new.push_back(new_rows[j++]);
            }
        }
        // What is left is paired in row order; the surplus is dropped or added.
        std::sort(old_left.begin(), old_left.end());
        std::sort(new_left.begin(), new_left.end());
        const std::size_t moved = std::min(old_left.size(), new_left.size());
        for (std::size_t k = 0; k < moved; ++k) {
            out.reassigned_old.push_back(old_left[k]);
            out.reassigned_new.push_back(new_left[k]);
        }
        out.dropped.insert(out.dropped.end(), old_left.begin() + static_cast<std::ptrdiff_t>(moved), old_left.end());
        out.added.insert(out.added.end(), new_left.begin() + static_cast<std::ptrdiff_t>(moved), new_left.end());
    }
    sort_pairs(out.kept_new, out.kept_old);
    sort_pairs(out.reassigned_old, out.reassigned_new);
    std::sort(out.dropped.begin(), out.dropped.end());
    std::sort(out.added.begin(), out.added.end());
    return out;
}

}  // namespace duikou::structure

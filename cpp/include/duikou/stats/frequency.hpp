// Counting statistics over dictionary-encoded columns (DESIGN.md, Definitions).
#pragma once

#include <cstdint>
#include <vector>

#include "duikou/table.hpp"

namespace duikou::stats {

// Frequency of each label of a column, in the order of DESIGN.md:
// count descending, ties by first appearance in the input.
// Labels that never occur are left out; missing codes are not counted.
struct Frequency {
    std::vector<Id> ids;
    std::vector<std::int64_t> counts;
    std::vector<std::int64_t> first_row;
};

Frequency frequency(const Coded& column);

// Count of every label id (bincount), labels that never occur included.
std::vector<std::int64_t> counts_by_id(const Coded& column);

// Row of first appearance of every label id (-1 if it never occurs).
std::vector<std::int64_t> first_rows(const Coded& column);

// For each id of `key`, the distinct ids of `value` that occur with it, in
// order of first appearance: values of key k are ids[offsets[k] .. offsets[k + 1]).
// Rows where either code is missing are skipped.
struct Distinct {
    std::vector<std::int64_t> offsets;
    std::vector<Id> ids;

    std::int64_t count(std::size_t key) const { return offsets[key + 1] - offsets[key]; }
};

Distinct distinct(const Coded& key, const Coded& value);

// Number of distinct values per key id: distinct(key, value)'s counts without
// the lists (no list to write or lay out by key).
std::vector<std::int64_t> distinct_counts(const Coded& key, const Coded& value);

// Region coverage in one pass over the rows: per group id, the pairs and first
// row (frequency(group)'s counts, labels that never occur included, first row
// -1), the distinct partners (distinct(group, partner)) and the number of
// distinct recipients (distinct_counts(group, recipient)).
struct Coverage {
    std::vector<std::int64_t> pairs;
    std::vector<std::int64_t> first_row;
    Distinct partners;
    std::vector<std::int64_t> recipients;
};

Coverage coverage(const Coded& group, const Coded& partner, const Coded& recipient);

}  // namespace duikou::stats

// Distinct values per key over dictionary-encoded columns (docs/statistics.md, "Frequency and coverage").
#pragma once

#include <cstdint>
#include <vector>

#include "duikou/table.hpp"

namespace duikou::stats {

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

}  // namespace duikou::stats

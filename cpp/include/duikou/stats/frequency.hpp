// Frequency of the labels of a column (docs/statistics.md, "Frequency and coverage").
#pragma once

#include <cstdint>
#include <vector>

#include "duikou/table.hpp"

namespace duikou::stats {

// Frequency of each label of a column, in the order of docs/statistics.md:
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

}  // namespace duikou::stats

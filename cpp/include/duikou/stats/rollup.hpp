// Rollups: pairs counted by a group of the recipient side and a group of the
// partner side at once (e.g. region x partner province), and the pairs whose
// two groups carry the same label (e.g. both in 广东省).
//
// The two group columns have label spaces of their own; labels are compared
// once, through a map from one space to the other (as validate.cpp does for
// self-pairs), and rows only compare ids.
#pragma once

#include <cstdint>
#include <vector>

#include "duikou/table.hpp"

namespace duikou::stats {

// For each label id of `from`, the id of the equal label in `to`, or kMissing.
// Ids listed in `excluded_from` / `excluded_to` never match: callers pass the
// placeholder label that stands for missing values, which must not make two
// unknown groups equal. Out-of-range excluded ids throw std::invalid_argument.
std::vector<Id> label_map(const Coded& from, const Coded& to, const std::vector<Id>& excluded_from = {},
                          const std::vector<Id>& excluded_to = {});

// Rows whose `a` code maps (through `a_to_b`, from label_map(a, b)) to their
// `b` code, in row order. Rows with a missing code never match.
std::vector<std::int64_t> same_label_rows(const Coded& a, const Coded& b, const std::vector<Id>& a_to_b);

// One entry per (row group, column group) combination that occurs, ordered by
// pairs descending, ties by first appearance; rows with a missing code in
// either column are left out. `recipients` / `partners` count distinct names.
// `same_label` is 1 where the two groups carry the same label (via a_to_b).
struct Rollup {
    std::vector<Id> row_group;
    std::vector<Id> column_group;
    std::vector<std::int64_t> pairs;
    std::vector<std::int64_t> first_row;
    std::vector<std::int64_t> recipients;
    std::vector<std::int64_t> partners;
    std::vector<std::uint8_t> same_label;
};

Rollup rollup(const PairTable& table, const Coded& rows, const Coded& columns, const std::vector<Id>& a_to_b);

}  // namespace duikou::stats

// Rows that a pairing table should not hold silently: they are reported with
// their row numbers and the caller decides (error / keep / drop).
#pragma once

#include <cstdint>
#include <vector>

#include "duikou/table.hpp"

namespace duikou {

enum class Problem {
    MissingName,  // recipient or partner absent
    EmptyName,    // name is empty or only whitespace
    SelfPair,     // recipient and partner carry the same name
    Duplicate,    // same (recipient, partner) as an earlier row
};

const char* problem_name(Problem p);

struct RowProblem {
    std::int64_t row;
    Problem problem;
    Side side;                // for MissingName / EmptyName: the side concerned
    std::int64_t first_row;   // for Duplicate: the row it repeats; otherwise -1
};

// All problems, ordered by row (a row may have several). With a scope column
// (a row-level column such as the program), a pair repeats only within one
// value of it: the same pair in two programs is not a duplicate.
std::vector<RowProblem> find_problems(const PairTable& table, const Coded* scope = nullptr);

// True when the label is empty or consists of ASCII or Unicode whitespace
// (including U+3000 IDEOGRAPHIC SPACE and U+00A0).
bool is_blank(std::string_view label);

}  // namespace duikou

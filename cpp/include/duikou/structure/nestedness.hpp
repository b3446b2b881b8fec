// NODF nestedness of a binary matrix (Almeida-Neto, Guimarães, Guimarães Jr,
// Loyola & Ulrich 2008, Oikos 117: 1227-1239).
#pragma once

#include <cstdint>

#include "duikou/table.hpp"

namespace duikou::structure {

// Rows and columns are the ids of two columns of a table that occur together
// in at least one row (unused labels are left out); a cell is 1 when the pair
// occurs (repeats count once).
//
// For rows i above j: N_paired = 0 when deg(i) <= deg(j) ("decreasing fill"
// fails), else 100 * |N(i) ∩ N(j)| / deg(j). NODF_rows is the mean over the
// m(m-1)/2 row pairs, NODF_columns likewise over columns, and NODF the mean
// over all m(m-1)/2 + n(n-1)/2 pairs. A mean over no pairs is NaN.
//
// order_by_degree = true sorts rows and columns by degree, descending, first
// (vegan's nestednodf(order = TRUE)); then every pair of unequal degrees is
// scored and the order of ties does not matter. false keeps label order (ids:
// first appearance in the table), like nestednodf(order = FALSE) on a matrix
// laid out in that order.
//
// The overlaps are counted column by column (see nestedness.cpp), in
// O(ones log ones) time: no pair of rows is visited.
struct Nestedness {
    double nodf = 0;
    double rows = 0;
    double columns = 0;
    std::int64_t n_rows = 0;
    std::int64_t n_columns = 0;
    std::int64_t ones = 0;   // distinct occupied cells
    double fill = 0;         // ones / (n_rows n_columns)
};

Nestedness nodf(const Coded& rows, const Coded& columns, bool order_by_degree = true);

}  // namespace duikou::structure

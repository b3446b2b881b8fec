// One-mode projections of a two-column incidence (partner x partner by shared
// regions, region x region by shared partners, ...), as Eigen sparse products.
#pragma once

#include <Eigen/SparseCore>
#include <cstdint>
#include <vector>

#include "duikou/table.hpp"

namespace duikou::structure {

using SparseCounts = Eigen::SparseMatrix<std::int64_t, Eigen::RowMajor>;

// Binary incidence B: B(n, v) = 1 when node id n and via id v occur together
// in at least one row (repeated rows count once). Built from stats::distinct;
// rows where either code is missing are skipped.
SparseCounts incidence(const Coded& nodes, const Coded& via);

// Edges of the projection onto `nodes`: every pair a < b of node ids that
// share at least one via id, ordered by (a, b).
//   shared(a, b)  = |V(a) ∩ V(b)| = (B B^T)(a, b)
//   jaccard(a, b) = shared / |V(a) ∪ V(b)| = shared / (|V(a)| + |V(b)| - shared)
// The diagonal (a node with itself) is dropped.
struct Projection {
    std::vector<Id> a;
    std::vector<Id> b;
    std::vector<std::int64_t> shared;
    std::vector<double> jaccard;
};

Projection project(const Coded& nodes, const Coded& via);

}  // namespace duikou::structure

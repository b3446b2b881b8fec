#include "duikou/structure/projection.hpp"

#include <stdexcept>

#include "duikou/stats/distinct.hpp"
#include "duikou/stats/frequency.hpp"

namespace duikou::structure {

SparseCounts incidence(const Coded& nodes, const Coded& via) {
    if (nodes.size() != via.size()) throw std::invalid_argument("incidence: the two columns differ in length");
    const stats::Distinct d = stats::distinct(nodes, via);
    SparseCounts b(static_cast<Eigen::Index>(nodes.cardinality()), static_cast<Eigen::Index>(via.cardinality()));
    Eigen::VectorXi per_row(b.rows());
    for (Eigen::Index n = 0; n < b.rows(); ++n) per_row[n] = static_cast<int>(d.count(static_cast<std::size_t>(n)));
    b.reserve(per_row);
    for (Eigen::Index n = 0; n < b.rows(); ++n)
        for (auto k = d.offsets[static_cast<std::size_t>(n)]; k < d.offsets[static_cast<std::size_t>(n) + 1]; ++k)
            b.insert(n, d.ids[static_cast<std::size_t>(k)]) = 1;
    b.makeCompressed();
    return b;
}

Projection project(const Coded& nodes, const Coded& via) {
    const SparseCounts b = incidence(nodes, via);
    const SparseCounts shared = b * SparseCounts(b.transpose());
    Projection out;
    for (Eigen::Index a = 0; a < shared.outerSize(); ++a) {
        const std::int64_t degree_a = b.row(a).nonZeros();
        for (SparseCounts::InnerIterator it(shared, a); it; ++it) {
            if (it.col() <= a) continue;  // each unordered pair once; no diagonal
            const std::int64_t degree_b = b.row(it.col()).nonZeros();
            out.a.push_back(static_cast<Id>(a));
            out.b.push_back(static_cast<Id>(it.col()));
            out.shared.push_back(it.value());
            out.jaccard.push_back(static_cast<double>(it.value()) /
                                  static_cast<double>(degree_a + degree_b - it.value()));
        }
    }
    return out;
}

}  // namespace duikou::structure

// Connected components of the bipartite recipient-partner graph.
#pragma once

#include <cstdint>
#include <vector>

#include "duikou/table.hpp"

namespace duikou::structure {

// Component of every recipient id and every partner id. Components are
// numbered by first appearance: component 0 holds the first row's names, the
// next component the first row not yet reached, and so on. Ids that occur in
// no row (unused labels) have component kMissing.
struct Components {
    std::vector<Id> recipient;
    std::vector<Id> partner;
    std::int64_t count = 0;
};

// Breadth-first search over the CSR adjacency of the table (rows_by), so the
// cost is linear in rows plus ids. A row with one name missing still places
// the other name; a row with both missing belongs to no component.
Components components(const PairTable& table);

// Component of every row (kMissing when both names are missing).
std::vector<Id> row_components(const PairTable& table, const Components& found);

// Per component: distinct recipients, distinct partners, rows, and distinct
// values of a group column (left empty when `group` is null).
struct ComponentSizes {
    std::vector<std::int64_t> recipients;
    std::vector<std::int64_t> partners;
    std::vector<std::int64_t> pairs;
    std::vector<std::int64_t> groups;
};

ComponentSizes component_sizes(const PairTable& table, const Components& found, const Coded* group);

}  // namespace duikou::structure

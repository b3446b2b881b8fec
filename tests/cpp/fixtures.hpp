// Shared test data: the built-in 2022 plan and small hand-made tables.
#pragma once

#include <string>
#include <vector>

#include "duikou/io/json.hpp"
#include "duikou/table.hpp"

namespace duikou::testing {

// The 20 pairs of the 2022 plan with the region column as a group.
inline PairTable load_2022() {
    auto doc = io::read_json(std::string(DUIKOU_DATA_DIR) + "/revolutionary-base-areas-2022.json");
    auto column = [&](const std::string& name) { return doc.table.find(name)->text; };
    PairTable table(column("recipient"), column("partner"));
    table.add_group("region", column("region"));
    return table;
}

// Interns a list of names in order of first appearance.
inline Coded coded(const std::vector<std::string>& names) {
    Coded c;
    for (const auto& n : names) {
        Id id = kMissing;
        for (std::size_t k = 0; k < c.labels.size(); ++k)
            if (c.labels[k] == n) id = static_cast<Id>(k);
        if (id == kMissing) {
            id = static_cast<Id>(c.labels.size());
            c.labels.push_back(n);
        }
        c.codes.push_back(id);
    }
    return c;
}

inline std::string label_of(const Coded& c, Id id) { return std::string(c.labels[static_cast<std::size_t>(id)]); }

}  // namespace duikou::testing

// Differences between two versions of a pairing table, on ids of one shared
// label space (the caller interns both tables' names together).
#pragma once

#include <cstdint>
#include <vector>

#include "duikou/table.hpp"

namespace duikou::structure {

// One version: per row, the id of its key (recipient, or a combination of
// key columns) and of its partner. Ids are >= 0 (missing values are given an
// id of their own by the caller).
struct Keyed {
    std::vector<Id> key;
    std::vector<Id> partner;
};

// Row numbers of each kind of change.
//   kept:       the same (key, partner) in both versions;
//   reassigned: same key, a partner the other version does not pair it with;
//   dropped:    old rows left over; added: new rows left over.
// A key with several partners is matched partner by partner: equal partners
// are kept first (the k-th old occurrence with the k-th new one), then the
// remaining old rows and new rows of the key are paired in row order as
// reassignments; surplus old rows are dropped, surplus new rows added.
// Each list is ordered by the row of the version it comes from (kept and
// added by new row, dropped and reassigned by old row).
struct DiffRows {
    std::vector<std::int64_t> kept_old, kept_new;
    std::vector<std::int64_t> reassigned_old, reassigned_new;
    std::vector<std::int64_t> dropped;
    std::vector<std::int64_t> added;
};

DiffRows diff(const Keyed& old_version, const Keyed& new_version);

}  // namespace duikou::structure

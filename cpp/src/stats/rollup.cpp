#include "duikou/stats/rollup.hpp"

#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

#include "duikou/stats/distinct.hpp"
#include "duikou/stats/frequency.hpp"

namespace duikou::stats {
namespace {

std::vector<char> excluded_mask(const std::vector<Id>& excluded, const Coded& column, const char* which) {
    std::vector<char> mask(column.cardinality(), 0);
    for (Id id : excluded) {
        if (id < 0 || static_cast<std::size_t>(id) >= column.cardinality())
            throw std::invalid_argument(std::string("label_map: excluded ") + which + " id " + std::to_string(id) +
                                        " is outside [0, " + std::to_string(column.cardinality()) + ")");
        mask[static_cast<std::size_t>(id)] = 1;
    }
    return mask;
}

void check_same_length(const Coded& a, const Coded& b, const char* what) {
    if (a.size() != b.size())
        throw std::invalid_argument(std::string(what) + ": the two columns differ in length (" +
                                    std::to_string(a.size()) + " and " + std::to_string(b.size()) + ")");
}

void check_map(const Coded& a, const Coded& b, const std::vector<Id>& a_to_b, const char* what) {
    if (a_to_b.size() != a.cardinality())
        throw std::invalid_argument(std::string(what) + ": the label map has " + std::to_string(a_to_b.size()) +
                                    " entries for " + std::to_string(a.cardinality()) + " labels");
    for (Id id : a_to_b)
        if (id < kMissing || (id != kMissing && static_cast<std::size_t>(id) >= b.cardinality()))
            throw std::invalid_argument(std::string(what) + ": label map entry " + std::to_string(id) +
                                        " is outside [-1, " + std::to_string(b.cardinality()) + ")");
}

}  // namespace

std::vector<Id> label_map(const Coded& from, const Coded& to, const std::vector<Id>& excluded_from,
                          const std::vector<Id>& excluded_to) {
    const auto skip_from = excluded_mask(excluded_from, from, "from");
    const auto skip_to = excluded_mask(excluded_to, to, "to");
    std::unordered_map<std::string_view, Id> id_in_to;
    id_in_to.reserve(to.cardinality());
    for (std::size_t k = 0; k < to.cardinality(); ++k)
        if (!skip_to[k]) id_in_to.emplace(to.labels[k], static_cast<Id>(k));
    std::vector<Id> map(from.cardinality(), kMissing);
    for (std::size_t k = 0; k < from.cardinality(); ++k) {
        if (skip_from[k]) continue;
        auto it = id_in_to.find(from.labels[k]);
        if (it != id_in_to.end()) map[k] = it->second;
    }
    return map;
}

std::vector<std::int64_t> same_label_rows(const Coded& a, const Coded& b, const std::vector<Id>& a_to_b) {
    check_same_length(a, b, "same_label_rows");
    check_map(a, b, a_to_b, "same_label_rows");
    std::vector<std::int64_t> rows;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const Id x = a.codes[i];
        if (x != kMissing && a_to_b[static_cast<std::size_t>(x)] != kMissing &&
            a_to_b[static_cast<std::size_t>(x)] == b.codes[i])
            rows.push_back(static_cast<std::int64_t>(i));
    }
    return rows;
}

Rollup rollup(const PairTable& table, const Coded& rows, const Coded& columns, const std::vector<Id>& a_to_b) {
    check_same_length(rows, columns, "rollup");
    if (rows.size() != table.size())
        throw std::invalid_argument("rollup: the group columns have " + std::to_string(rows.size()) +
                                    " rows but the table has " + std::to_string(table.size()));
    check_map(rows, columns, a_to_b, "rollup");
    // Intern each (row group, column group) combination into a dense id, in
    // order of first appearance, so that frequency and distinct apply as is.
    Coded combination;
    combination.codes.assign(rows.size(), kMissing);
    Rollup out;
    std::unordered_map<std::int64_t, Id> id_of;
    const auto width = static_cast<std::int64_t>(columns.cardinality());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const Id r = rows.codes[i], c = columns.codes[i];
        if (r == kMissing || c == kMissing) continue;
        const auto [it, added] = id_of.emplace(std::int64_t{r} * width + c, static_cast<Id>(id_of.size()));
        if (added) {
            out.row_group.push_back(r);
            out.column_group.push_back(c);
        }
        combination.codes[i] = it->second;
    }
    combination.labels = Labels::unnamed(id_of.size());  // unnamed: only the ids matter

    const Frequency f = frequency(combination);
    const Distinct by_recipient = distinct(combination, table.side(Side::Recipient));
    const Distinct by_partner = distinct(combination, table.side(Side::Partner));
    Rollup sorted;
    for (std::size_t k = 0; k < f.ids.size(); ++k) {
        const auto id = static_cast<std::size_t>(f.ids[k]);
        const Id r = out.row_group[id], c = out.column_group[id];
        sorted.row_group.push_back(r);
        sorted.column_group.push_back(c);
        sorted.pairs.push_back(f.counts[k]);
        sorted.first_row.push_back(f.first_row[k]);
        sorted.recipients.push_back(by_recipient.count(id));
        sorted.partners.push_back(by_partner.count(id));
        sorted.same_label.push_back(a_to_b[static_cast<std::size_t>(r)] == c ? 1 : 0);
    }
    return sorted;
}

}  // namespace duikou::stats

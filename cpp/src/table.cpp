#include "duikou/table.hpp"

namespace duikou {

void check_codes(const Coded& column, std::string_view name) {
    const auto n = static_cast<Id>(column.labels.size());
    for (std::size_t i = 0; i < column.codes.size(); ++i) {
        const Id c = column.codes[i];
        if (c < kMissing || c >= n) {
            throw std::invalid_argument("column '" + std::string(name) + "', row " + std::to_string(i) +
                                        ": code " + std::to_string(c) + " is outside [-1, " +
                                        std::to_string(n) + ") (the number of labels)");
        }
    }
}

PairTable::PairTable(Coded recipient, Coded partner)
    : recipient_(std::move(recipient)), partner_(std::move(partner)) {
    if (recipient_.size() != partner_.size()) {
        throw std::invalid_argument("column 'partner' has " + std::to_string(partner_.size()) +
                                    " rows but 'recipient' has " + std::to_string(recipient_.size()));
    }
    check_codes(recipient_, "recipient");
    check_codes(partner_, "partner");
}

void PairTable::add_group(const std::string& name, Coded column) {
    if (name == "recipient" || name == "partner") {
        throw std::invalid_argument("group column cannot be named '" + name + "'");
    }
    if (column.size() != size()) {
        throw std::invalid_argument("group column '" + name + "' has " + std::to_string(column.size()) +
                                    " rows but the table has " + std::to_string(size()));
    }
    check_codes(column, name);
    for (auto& [existing, values] : groups_) {
        if (existing == name) {
            values = std::move(column);
            return;
        }
    }
    groups_.emplace_back(name, std::move(column));
}

bool PairTable::has_column(std::string_view name) const {
    if (name == "recipient" || name == "partner") return true;
    for (const auto& group : groups_)
        if (group.first == name) return true;
    return false;
}

const Coded& PairTable::column(std::string_view name) const {
    if (name == "recipient") return recipient_;
    if (name == "partner") return partner_;
    for (const auto& group : groups_)
        if (group.first == name) return group.second;
    std::string known = "recipient, partner";
    for (const auto& group : groups_) known += ", " + group.first;
    throw UnknownName("no column '" + std::string(name) + "' in the table (columns: " + known + ")");
}

std::vector<std::string> PairTable::group_names() const {
    std::vector<std::string> names;
    names.reserve(groups_.size());
    for (const auto& group : groups_) names.push_back(group.first);
    return names;
}

const Csr& PairTable::rows_by(Side s) const {
    const auto k = static_cast<int>(s);
    std::call_once(csr_->once[k], [&] { csr_->csr[k] = group_rows(side(s)); });
    return csr_->csr[k];
}

Csr group_rows(const Coded& column) {
    Csr csr;
    csr.offsets.assign(column.cardinality() + 1, 0);
    for (Id c : column.codes)
        if (c != kMissing) ++csr.offsets[static_cast<std::size_t>(c) + 1];
    for (std::size_t k = 1; k < csr.offsets.size(); ++k) csr.offsets[k] += csr.offsets[k - 1];
    csr.rows.resize(static_cast<std::size_t>(csr.offsets.back()));
    std::vector<std::int64_t> next(csr.offsets.begin(), csr.offsets.end() - 1);
    for (std::size_t i = 0; i < column.codes.size(); ++i) {
        const Id c = column.codes[i];
        if (c != kMissing) csr.rows[static_cast<std::size_t>(next[static_cast<std::size_t>(c)]++)] =
            static_cast<std::int64_t>(i);
    }
    return csr;
}

}  // namespace duikou

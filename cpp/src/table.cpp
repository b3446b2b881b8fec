#include "duikou/table.hpp"

#include <algorithm>
#include <limits>

#include "parallel.hpp"
#include "string_index.hpp"

namespace duikou {

void check_codes(const Coded& column, std::string_view name) {
    const auto n = static_cast<Id>(column.labels.size());
    // The range of the codes first (a loop the compiler vectorises); rows only if it is out of bounds.
    Id lowest = kMissing, highest = kMissing;
    for (const Id c : column.codes) {
        lowest = c < lowest ? c : lowest;
        highest = c > highest ? c : highest;
    }
    if (lowest >= kMissing && highest < n) return;
    for (std::size_t i = 0; i < column.codes.size(); ++i) {
        const Id c = column.codes[i];
        if (c < kMissing || c >= n) {
            throw std::invalid_argument("column '" + std::string(name) + "', row " + std::to_string(i + 1) +
                                        ": code " + std::to_string(c) + " is outside [-1, " +
                                        std::to_string(n) + ") (the number of labels)");
        }
    }
}

void check_distinct_labels(const Coded& column, std::string_view name) {
    const auto& labels = column.labels;
    if (labels.size() > static_cast<std::size_t>(std::numeric_limits<Id>::max()))
        throw std::length_error("column '" + std::string(name) + "' has more labels than int32 ids");
    // Open addressing over the label ids: a slot holds 32 bits of a label's
    // hash and 1 + its id (0: empty), so a probe compares labels only when
    // their hashes agree. Hashes and slot prefetches run a batch ahead.
    std::size_t capacity = 16;
    while (capacity < 2 * labels.size()) capacity *= 2;
    const std::size_t mask = capacity - 1;
    std::vector<std::uint64_t> slots(capacity, 0);
    constexpr std::size_t kBatch = 32;
    std::uint64_t hashes[kBatch];
    for (std::size_t start = 0; start < labels.size(); start += kBatch) {
        const std::size_t end = std::min(labels.size(), start + kBatch);
        for (std::size_t k = start; k < end; ++k) {
            hashes[k - start] = detail::hash_bytes(labels[k]);
            __builtin_prefetch(&slots[hashes[k - start] & mask]);
        }
        for (std::size_t k = start; k < end; ++k) {
            const std::uint64_t h = hashes[k - start], tag = h >> 32;
            std::size_t i = h & mask;
            for (; slots[i] != 0; i = (i + 1) & mask) {
                const std::size_t other = (slots[i] & 0xFFFFFFFFu) - 1;
                if ((slots[i] >> 32) == tag && labels[other] == labels[k])
                    throw std::invalid_argument("column '" + std::string(name) + "': label '" + std::string(labels[k]) +
                                                "' appears twice (ids " + std::to_string(other) + " and " +
                                                std::to_string(k) + "); labels must be distinct");
            }
            slots[i] = tag << 32 | (k + 1);
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
    // find_problems compares names through ids: a repeated label would hide duplicates and self-pairs.
    check_distinct_labels(recipient_, "recipient");
    check_distinct_labels(partner_, "partner");
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
    groups_.add(name, std::move(column));
}

bool PairTable::has_column(std::string_view name) const {
    return name == "recipient" || name == "partner" || groups_.find(name) != nullptr;
}

const Coded& PairTable::column(std::string_view name) const {
    if (name == "recipient") return recipient_;
    if (name == "partner") return partner_;
    if (const Coded* group = groups_.find(name)) return *group;
    std::string known = "recipient, partner";
    for (const auto& group : groups_.names()) known += ", " + group;
    throw UnknownName("no column '" + std::string(name) + "' in the table (columns: " + known + ")");
}

std::vector<std::string> PairTable::group_names() const { return groups_.names(); }

GroupColumns::GroupColumns(const GroupColumns& other) {
    std::shared_lock lock(other.mutex_);
    columns_ = other.columns_;
}

GroupColumns::GroupColumns(GroupColumns&& other) {
    std::unique_lock lock(other.mutex_);
    columns_ = std::move(other.columns_);
}

GroupColumns& GroupColumns::operator=(GroupColumns other) {
    std::unique_lock lock(mutex_);
    columns_ = std::move(other.columns_);
    return *this;
}

void GroupColumns::add(const std::string& name, Coded column) {
    std::unique_lock lock(mutex_);
    for (const auto& group : columns_)
        if (group.first == name) throw std::invalid_argument("the table has a group column '" + name + "' already");
    columns_.emplace_back(name, std::move(column));
}

const Coded* GroupColumns::find(std::string_view name) const {
    std::shared_lock lock(mutex_);
    for (const auto& group : columns_)
        if (group.first == name) return &group.second;
    return nullptr;
}

std::vector<std::string> GroupColumns::names() const {
    std::shared_lock lock(mutex_);
    std::vector<std::string> out;
    out.reserve(columns_.size());
    for (const auto& group : columns_) out.push_back(group.first);
    return out;
}

const Csr& PairTable::rows_by(Side s) const {
    const auto k = static_cast<int>(s);
    std::call_once(csr_->once[k], [&] { csr_->csr[k] = group_rows(side(s)); });
    return csr_->csr[k];
}

Csr group_rows(const Coded& column) {
    const std::size_t n_keys = column.cardinality(), n = column.size();
    const Id* codes = column.codes.data();
    const bool far = n_keys * sizeof(std::int64_t) > detail::kCachedTableBytes;
    auto prefetch = [&](const std::int64_t* table, std::size_t i, std::size_t end) {
        if (far && i + detail::kPrefetchAhead < end) detail::prefetch_entry(table, codes[i + detail::kPrefetchAhead]);
    };
    // A stable counting sort, each half of the rows counting and scattering its own.
    std::vector<std::int64_t> next[2];  // rows per id in each half, then write positions
    detail::run_halves(n, [&](int half, std::size_t begin, std::size_t end) {
        auto& count = next[half];
        count.assign(n_keys, 0);
        for (std::size_t i = begin; i < end; ++i) {
            prefetch(count.data(), i, end);
            if (codes[i] != kMissing) ++count[static_cast<std::size_t>(codes[i])];
        }
    });
    Csr csr;
    csr.offsets.assign(n_keys + 1, 0);
    for (std::size_t k = 0; k < n_keys; ++k) {  // id k: the first half's rows, then the second's
        const std::int64_t first_half = next[0][k];
        csr.offsets[k + 1] = csr.offsets[k] + first_half + next[1][k];
        next[0][k] = csr.offsets[k];
        next[1][k] = csr.offsets[k] + first_half;
    }
    csr.rows.resize(static_cast<std::size_t>(csr.offsets.back()));
    detail::run_halves(n, [&](int half, std::size_t begin, std::size_t end) {
        auto& position = next[half];
        for (std::size_t i = begin; i < end; ++i) {
            prefetch(position.data(), i, end);
            if (codes[i] != kMissing)
                csr.rows[static_cast<std::size_t>(position[static_cast<std::size_t>(codes[i])]++)] = static_cast<std::int64_t>(i);
        }
    });
    return csr;
}

}  // namespace duikou

// The pairing table: one row per pair, every column dictionary-encoded into
// dense int32 ids so that statistics never touch strings.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "duikou/labels.hpp"

namespace duikou {

using Id = std::int32_t;
inline constexpr Id kMissing = -1;  // code of an absent value (NaN, empty CSV field)

// A dictionary-encoded column: codes[i] indexes labels, or is kMissing.
struct Coded {
    std::vector<Id> codes;
    Labels labels;

    std::size_t size() const { return codes.size(); }
    std::size_t cardinality() const { return labels.size(); }
};

// Rows grouped by the code of one column (counting sort, stable):
// rows of id k are rows[offsets[k] .. offsets[k + 1]), in input order.
struct Csr {
    std::vector<std::int64_t> offsets;
    std::vector<std::int64_t> rows;
};

// Raised for names that are not in the table (a missing group column).
class UnknownName : public std::out_of_range {
  public:
    using std::out_of_range::out_of_range;
};

enum class Side { Recipient, Partner };

// The group columns of a table. Python interns them lazily, on first use,
// while statistics on other columns may run without the GIL in other
// threads: the mutex guards the list, and a deque keeps each column at its
// address, so a reference handed out stays valid while columns are added.
class GroupColumns {
  public:
    GroupColumns() = default;
    GroupColumns(const GroupColumns& other);
    GroupColumns(GroupColumns&& other);
    GroupColumns& operator=(GroupColumns other);

    // Throws std::invalid_argument if a column of that name is there already.
    void add(const std::string& name, Coded column);
    const Coded* find(std::string_view name) const;  // nullptr if absent
    std::vector<std::string> names() const;

  private:
    mutable std::shared_mutex mutex_;
    std::deque<std::pair<std::string, Coded>> columns_;
};

inline const char* side_name(Side side) {
    return side == Side::Recipient ? "recipient" : "partner";
}

class PairTable {
  public:
    // Checks that both columns have the same length, every code is either
    // kMissing or a valid label index, and the labels of each side are
    // distinct; throws std::invalid_argument naming the column and row (or
    // label) otherwise.
    PairTable(Coded recipient, Coded partner);

    // Adds a row-level group column (region, program, province, ...). Columns
    // are never replaced, so another thread may read the table meanwhile;
    // adding a name twice throws std::invalid_argument.
    void add_group(const std::string& name, Coded column);

    std::size_t size() const { return recipient_.size(); }
    const Coded& side(Side s) const { return s == Side::Recipient ? recipient_ : partner_; }

    // "recipient", "partner" or the name of a group column.
    const Coded& column(std::string_view name) const;
    bool has_column(std::string_view name) const;
    std::vector<std::string> group_names() const;

    // Rows grouped by recipient or partner id; built once, on first use.
    const Csr& rows_by(Side s) const;

  private:
    // Both sides are immutable once built, so copies may share this cache.
    struct CsrCache {
        std::once_flag once[2];
        Csr csr[2];
    };

    Coded recipient_;
    Coded partner_;
    GroupColumns groups_;
    std::shared_ptr<CsrCache> csr_ = std::make_shared<CsrCache>();
};

// Validates the codes of a column against its labels.
void check_codes(const Coded& column, std::string_view name);

// Throws std::invalid_argument naming the first label that appears twice.
void check_distinct_labels(const Coded& column, std::string_view name);

// Groups rows by the codes of a column; missing codes are left out.
Csr group_rows(const Coded& column);

}  // namespace duikou

// The pairing table: one row per pair, every column dictionary-encoded into
// dense int32 ids so that statistics never touch strings.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace duikou {

using Id = std::int32_t;
inline constexpr Id kMissing = -1;  // code of an absent value (NaN, empty CSV field)

// A dictionary-encoded column: codes[i] indexes labels, or is kMissing.
struct Coded {
    std::vector<Id> codes;
    std::vector<std::string> labels;

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

inline const char* side_name(Side side) {
    return side == Side::Recipient ? "recipient" : "partner";
}

class PairTable {
  public:
    // Checks that both columns have the same length and every code is either
    // kMissing or a valid label index; throws std::invalid_argument naming the
    // column and row otherwise.
    PairTable(Coded recipient, Coded partner);

    // Adds a row-level group column (region, program, province, ...).
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
    std::vector<std::pair<std::string, Coded>> groups_;
    std::shared_ptr<CsrCache> csr_ = std::make_shared<CsrCache>();
};

// Validates the codes of a column against its labels.
void check_codes(const Coded& column, std::string_view name);

// Groups rows by the codes of a column; missing codes are left out.
Csr group_rows(const Coded& column);

}  // namespace duikou

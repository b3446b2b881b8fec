// libFuzzer target for the pairing table built from codes, and the statistics
// on it. The bytes choose labels (from a pool that holds blanks, U+3000 and
// names shared by both sides), codes (including -1 and out-of-range values)
// and k; every result is checked against a naive recomputation on strings.
//
// Layout: byte 0 selects the mode. Even: a table --
//   [mode][n recipient labels][n partner labels][n group labels][k]
//   [one pool index per label ...][(recipient, partner, group) code bytes per row ...]
// Odd: concentration of raw int64 counts, 8 bytes each, after [mode][k].
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "duikou/stats/concentration.hpp"
#include "duikou/stats/coverage.hpp"
#include "duikou/stats/distinct.hpp"
#include "duikou/stats/frequency.hpp"
#include "duikou/table.hpp"
#include "duikou/validate.hpp"
#include "fuzz_support.hpp"

using namespace duikou;
using fuzz::require;

namespace {

const char* const kPool[] = {"深圳市", "广州市", "赣州市", "a", "b", "",   " ",   "\xE3\x80\x80",
                             "\xC2\xA0", "a ", "\t", "A", "梅州市", "x,y", "\"q\"", "\n"};
constexpr std::size_t kPoolSize = sizeof kPool / sizeof kPool[0];
constexpr std::size_t kMaxCells = std::size_t{1} << 16;  // coverage matrix size cap

class Bytes {
  public:
    Bytes(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
    bool empty() const { return pos_ >= size_; }
    std::uint8_t next() { return pos_ < size_ ? data_[pos_++] : 0; }
    std::size_t left() const { return size_ - pos_; }
    std::int64_t next_int64() {
        std::int64_t v = 0;
        std::memcpy(&v, data_ + pos_, sizeof v);
        pos_ += sizeof v;
        return v;
    }

  private:
    const std::uint8_t* data_;
    std::size_t size_;
    std::size_t pos_ = 0;
};

// -1 (missing), a label index, or (for some bytes) a code outside [-1, n).
Id code_from(std::uint8_t b, std::size_t n_labels) {
    if (b == 0xFF) return INT32_MIN;
    if (b == 0xFE) return INT32_MAX;
    return static_cast<Id>(b % (n_labels + 3)) - 1;
}

bool codes_valid(const Coded& c) {
    for (Id v : c.codes)
        if (v < kMissing || v >= static_cast<Id>(c.labels.size())) return false;
    return true;
}

bool labels_distinct(const Coded& c) {
    return std::unordered_set<std::string_view>(c.labels.begin(), c.labels.end()).size() == c.labels.size();
}

std::optional<std::string> label(const Coded& c, std::size_t row) {
    const Id v = c.codes[row];
    if (v == kMissing) return std::nullopt;
    return std::string(c.labels[static_cast<std::size_t>(v)]);
}

void check_problems(const PairTable& t) {
    const Coded& rec = t.side(Side::Recipient);
    const Coded& par = t.side(Side::Partner);
    std::vector<std::pair<std::int64_t, Problem>> expected;
    std::map<std::pair<std::string, std::string>, std::int64_t> first_of_pair;
    std::map<std::int64_t, std::int64_t> expected_first;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const auto row = static_cast<std::int64_t>(i);
        const auto r = label(rec, i);
        const auto p = label(par, i);
        for (const auto& name : {r, p}) {
            if (!name) expected.emplace_back(row, Problem::MissingName);
            else if (is_blank(*name)) expected.emplace_back(row, Problem::EmptyName);
        }
        if (r && p && *r == *p) expected.emplace_back(row, Problem::SelfPair);
        if (r && p) {
            auto [it, inserted] = first_of_pair.try_emplace({*r, *p}, row);
            if (!inserted) {
                expected.emplace_back(row, Problem::Duplicate);
                expected_first[row] = it->second;
            }
        }
    }
    const auto found = find_problems(t);
    require(found.size() == expected.size(), "find_problems: number of problems");
    for (std::size_t k = 0; k < found.size(); ++k) {
        require(found[k].row == expected[k].first && found[k].problem == expected[k].second,
                "find_problems: problem " + std::to_string(k) + " (row " + std::to_string(found[k].row) + ")");
        if (found[k].problem == Problem::Duplicate)
            require(found[k].first_row == expected_first[found[k].row], "find_problems: first row of a duplicate");
    }
}

void check_frequency(const Coded& c, int k) {
    const auto f = stats::frequency(c);
    std::map<Id, std::int64_t> counts, first;
    for (std::size_t i = 0; i < c.size(); ++i) {
        if (c.codes[i] == kMissing) continue;
        ++counts[c.codes[i]];
        first.try_emplace(c.codes[i], static_cast<std::int64_t>(i));
    }
    require(f.ids.size() == counts.size() && f.counts.size() == counts.size() && f.first_row.size() == counts.size(),
            "frequency: one entry per occurring label");
    for (std::size_t j = 0; j < f.ids.size(); ++j) {
        require(f.counts[j] == counts[f.ids[j]] && f.first_row[j] == first[f.ids[j]], "frequency: count / first row");
        if (j > 0)
            require(f.counts[j - 1] > f.counts[j] ||
                        (f.counts[j - 1] == f.counts[j] && f.first_row[j - 1] < f.first_row[j]),
                    "frequency: order (count descending, then first appearance)");
    }
    try {
        const auto s = stats::concentration(f.counts, k);
        require(k >= 1, "concentration accepted k < 1");
        require(s.n == static_cast<std::int64_t>(counts.size()), "concentration: n");
        if (s.n > 0) {
            const double eps = 1e-9;
            require(s.hhi > 0 && s.hhi <= 1 + eps && s.gini >= -eps && s.gini < 1 && s.cr_k > 0 && s.cr_k <= 1 + eps &&
                        s.shannon >= -eps && s.hill_2 <= static_cast<double>(s.n) + eps,
                    "concentration: a figure outside its range");
        }
    } catch (const std::invalid_argument&) {
        require(k < 1, "concentration rejected valid counts");
    }
}

void check_distinct(const Coded& key, const Coded& value) {
    const auto d = stats::distinct(key, value);
    require(d.offsets.size() == key.cardinality() + 1, "distinct: offsets size");
    std::vector<std::vector<Id>> expected(key.cardinality());
    for (std::size_t i = 0; i < key.size(); ++i) {
        const Id k = key.codes[i], v = value.codes[i];
        if (k == kMissing || v == kMissing) continue;
        auto& list = expected[static_cast<std::size_t>(k)];
        if (std::find(list.begin(), list.end(), v) == list.end()) list.push_back(v);
    }
    for (std::size_t k = 0; k < key.cardinality(); ++k) {
        const std::vector<Id> got(d.ids.begin() + d.offsets[k], d.ids.begin() + d.offsets[k + 1]);
        require(got == expected[k], "distinct: values of key " + std::to_string(k));
    }
}

void check_coverage(const Coded& rows, const Coded& columns) {
    if (rows.cardinality() * columns.cardinality() > kMaxCells) return;
    const auto m = stats::coverage_matrix(rows, columns);
    stats::CountMatrix expected = stats::CountMatrix::Zero(m.rows(), m.cols());
    for (std::size_t i = 0; i < rows.size(); ++i)
        if (rows.codes[i] != kMissing && columns.codes[i] != kMissing) ++expected(rows.codes[i], columns.codes[i]);
    require(m == expected, "coverage_matrix: counts");
}

void fuzz_table(Bytes& in) {
    const std::size_t n_labels[3] = {in.next() % 9u, in.next() % 9u, in.next() % 5u};
    const int k = static_cast<int>(static_cast<std::int8_t>(in.next()));
    Coded columns[3];
    for (int c = 0; c < 3; ++c)
        for (std::size_t j = 0; j < n_labels[c]; ++j) columns[c].labels.push_back(kPool[in.next() % kPoolSize]);
    while (in.left() >= 3)
        for (int c = 0; c < 3; ++c) columns[c].codes.push_back(code_from(in.next(), n_labels[c]));

    const bool valid_sides = codes_valid(columns[0]) && codes_valid(columns[1]);
    try {
        PairTable table(columns[0], columns[1]);
        require(valid_sides, "PairTable accepted codes outside [-1, labels)");
        try {
            table.add_group("region", columns[2]);
            require(codes_valid(columns[2]), "add_group accepted codes outside [-1, labels)");
        } catch (const std::invalid_argument&) {
            require(!codes_valid(columns[2]), "add_group rejected valid codes");
        }
        check_problems(table);
        std::vector<const Coded*> all = {&table.column("recipient"), &table.column("partner")};
        if (table.has_column("region")) all.push_back(&table.column("region"));
        for (const Coded* a : all) {
            check_frequency(*a, k);
            for (const Coded* b : all) {
                check_distinct(*a, *b);
                check_coverage(*a, *b);
            }
        }
        // The lazily built CSR index lists every row with a code, grouped by id, in input order.
        for (Side s : {Side::Recipient, Side::Partner}) {
            const Csr& csr = table.rows_by(s);
            const Coded& c = table.side(s);
            for (std::size_t id = 0; id < c.cardinality(); ++id)
                for (auto j = csr.offsets[id]; j < csr.offsets[id + 1]; ++j) {
                    const auto row = csr.rows[static_cast<std::size_t>(j)];
                    require(c.codes[static_cast<std::size_t>(row)] == static_cast<Id>(id), "rows_by: wrong row");
                    require(j == csr.offsets[id] || csr.rows[static_cast<std::size_t>(j - 1)] < row, "rows_by: order");
                }
        }
    } catch (const std::invalid_argument&) {
        require(!valid_sides || !labels_distinct(columns[0]) || !labels_distinct(columns[1]),
                "PairTable rejected a valid table");
    }
}

void fuzz_counts(Bytes& in) {
    const int k = static_cast<int>(static_cast<std::int8_t>(in.next()));
    std::vector<std::int64_t> counts;
    while (in.left() >= sizeof(std::int64_t)) counts.push_back(in.next_int64());
    try {
        const auto s = stats::concentration(counts, k);
        require(k >= 1, "concentration accepted k < 1");
        for (auto v : counts) require(v >= 0, "concentration accepted a negative count");
        if (s.n > 0)
            require(s.total > 0 && s.hhi > 0 && s.cr_k > 0 && !std::isnan(s.gini), "concentration: figures");
    } catch (const std::invalid_argument&) {
        // documented: k < 1, a negative count, or counts whose sum overflows int64
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Bytes in(data, size);
    if (in.empty()) return 0;
    if (in.next() % 2 == 0) fuzz_table(in);
    else fuzz_counts(in);
    return 0;
}

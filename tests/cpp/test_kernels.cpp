// The fast paths of the counting kernels and the CSV reader against plain
// reference computations: every strategy (bitset, single owner, grouping),
// tables big enough for the two-thread halves, and batch boundaries.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "duikou/io/csv.hpp"
#include "duikou/io/error.hpp"
#include "duikou/stats/coverage.hpp"
#include "duikou/stats/frequency.hpp"
#include "duikou/table.hpp"

using namespace duikou;

namespace {

// Above the row count at which the kernels split their work in two halves.
constexpr std::size_t kBig = 300'000;

Coded numbered(std::vector<Id> codes, std::size_t cardinality) {
    Coded c;
    c.codes = std::move(codes);
    for (std::size_t k = 0; k < cardinality; ++k) c.labels.push_back("L" + std::to_string(k));
    return c;
}

// Random codes in [0, cardinality), a share of them missing.
Coded random_column(std::mt19937_64& rng, std::size_t n, std::size_t cardinality, double missing = 0.0) {
    std::uniform_int_distribution<Id> code(0, static_cast<Id>(cardinality) - 1);
    std::bernoulli_distribution absent(missing);
    std::vector<Id> codes(n);
    for (auto& c : codes) c = absent(rng) ? kMissing : code(rng);
    return numbered(std::move(codes), cardinality);
}

// Distinct values per key in order of first appearance, the obvious way.
stats::Distinct reference_distinct(const Coded& key, const Coded& value) {
    std::vector<std::vector<Id>> lists(key.cardinality());
    std::set<std::pair<Id, Id>> seen;
    for (std::size_t i = 0; i < key.size(); ++i) {
        const Id k = key.codes[i], v = value.codes[i];
        if (k == kMissing || v == kMissing) continue;
        if (seen.insert({k, v}).second) lists[static_cast<std::size_t>(k)].push_back(v);
    }
    stats::Distinct out;
    out.offsets.push_back(0);
    for (const auto& l : lists) {
        out.ids.insert(out.ids.end(), l.begin(), l.end());
        out.offsets.push_back(static_cast<std::int64_t>(out.ids.size()));
    }
    return out;
}

// distinct and distinct_counts (which may take another path) against the reference.
void expect_same_distinct(const Coded& key, const Coded& value) {
    const auto got = stats::distinct(key, value);
    const auto want = reference_distinct(key, value);
    EXPECT_EQ(got.offsets, want.offsets);
    EXPECT_EQ(got.ids, want.ids);
    std::vector<std::int64_t> counts(key.cardinality());
    for (std::size_t k = 0; k < counts.size(); ++k) counts[k] = want.count(k);
    EXPECT_EQ(stats::distinct_counts(key, value), counts);
}

}  // namespace

TEST(Kernels, DistinctFewKeysFewValues) {  // the bitset
    std::mt19937_64 rng(1);
    for (std::size_t n : {std::size_t{0}, std::size_t{7}, std::size_t{1000}, kBig}) {
        // Rows of 64 bits and more, and several keys' rows in one word.
        for (std::size_t values : {std::size_t{40}, std::size_t{300}, std::size_t{5}, std::size_t{1}}) {
            const auto key = random_column(rng, n, 50, 0.05), value = random_column(rng, n, values, 0.05);
            expect_same_distinct(key, value);
        }
    }
    expect_same_distinct(numbered({}, 0), numbered({}, 0));
    expect_same_distinct(numbered({kMissing, kMissing}, 0), numbered({0, kMissing}, 3));
}

// Regions 0, 1, 2 and recipients 0 .. 3: recipient 0 twice in region 0, rows
// with a missing code not counted, region 2 without a recipient. With 200'000
// more recipient labels that never occur, the owner pass (and, for a shared
// recipient, the general pass) takes over from the bitset.
TEST(Kernels, DistinctCountsByHand) {
    for (std::size_t unused : {std::size_t{0}, std::size_t{200'000}}) {
        const auto region = numbered({0, 0, 1, 1, 0, kMissing, 2, 0}, 3);
        const auto recipient = numbered({0, 1, 2, 2, 0, 3, kMissing, 3}, 4 + unused);
        EXPECT_EQ(stats::distinct_counts(region, recipient), (std::vector<std::int64_t>{3, 1, 0}));
        // Recipient 2 in regions 1 and 0 as well: no single owner.
        auto shared = region;
        shared.codes[0] = 1;
        shared.codes[2] = 0;
        auto shared_recipient = recipient;
        shared_recipient.codes[0] = 2;
        EXPECT_EQ(stats::distinct_counts(shared, shared_recipient), (std::vector<std::int64_t>{4, 1, 0}));
        EXPECT_EQ(stats::distinct_counts(numbered({}, 3), numbered({}, 4 + unused)), (std::vector<std::int64_t>{0, 0, 0}));
    }
    EXPECT_THROW(stats::distinct_counts(numbered({0, 1}, 2), numbered({0}, 1)), std::invalid_argument);
}

class KernelsOwner : public ::testing::TestWithParam<std::size_t> {};

// The single-owner pass: each value (recipient) has one key (region); few keys
// (16-bit owners) and many (32-bit owners).
TEST_P(KernelsOwner, DistinctOneKeyPerValue) {
    std::mt19937_64 rng(2);
    const std::size_t n_values = 200'000, n_keys = GetParam();
    std::vector<Id> key_of(n_values);
    for (auto& k : key_of) k = static_cast<Id>(rng() % n_keys);
    for (std::size_t n : {std::size_t{1000}, kBig}) {
        auto value = random_column(rng, n, n_values, 0.02);
        std::vector<Id> keys(n);
        for (std::size_t i = 0; i < n; ++i)
            keys[i] = value.codes[i] == kMissing ? static_cast<Id>(rng() % n_keys) : key_of[static_cast<std::size_t>(value.codes[i])];
        const auto key = numbered(keys, n_keys);
        expect_same_distinct(key, value);
        // A value seen with a second key, last in the table and in the first half only: the general pass takes over.
        auto shared_last = key;
        const Id v_last = value.codes.back() == kMissing ? 0 : value.codes.back();
        shared_last.codes.back() = (key_of[static_cast<std::size_t>(v_last)] + 1) % static_cast<Id>(n_keys);
        auto value_last = value;
        value_last.codes.back() = v_last;
        expect_same_distinct(shared_last, value_last);
        // A value whose key in the second half differs from its key in the first half.
        auto split = key;
        auto value_split = value;
        const Id v = value.codes[1] == kMissing ? 3 : value.codes[1];
        value_split.codes[1] = value_split.codes[n - 2] = v;
        split.codes[1] = key_of[static_cast<std::size_t>(v)];
        split.codes[n - 2] = (split.codes[1] + 1) % static_cast<Id>(n_keys);
        expect_same_distinct(split, value_split);
    }
}

INSTANTIATE_TEST_SUITE_P(Keys, KernelsOwner, ::testing::Values(std::size_t{100}, std::size_t{70'000}));

TEST(Kernels, DistinctGeneral) {  // values shared between keys, too many for a bitset
    std::mt19937_64 rng(3);
    for (std::size_t n : {std::size_t{1000}, kBig}) {
        expect_same_distinct(random_column(rng, n, 3000, 0.01), random_column(rng, n, 5000, 0.01));
        expect_same_distinct(random_column(rng, n, 200'000), random_column(rng, n, 10'000));
        // All rows on one key: the halves of the keys are lopsided.
        const auto one = numbered(std::vector<Id>(n, 0), 2000);
        expect_same_distinct(one, random_column(rng, n, 100'000));
    }
}

TEST(Kernels, DistinctRejectsColumnsOfDifferentLengths) {
    EXPECT_THROW(stats::distinct(numbered({0, 1}, 2), numbered({0}, 1)), std::invalid_argument);
}

TEST(Kernels, FrequencyMatchesCounting) {
    std::mt19937_64 rng(4);
    for (std::size_t cardinality : {std::size_t{3}, std::size_t{2000}, std::size_t{250'000}}) {
        const auto column = random_column(rng, kBig, cardinality, 0.1);
        std::vector<std::int64_t> count(cardinality, 0), first(cardinality, -1);
        for (std::size_t i = 0; i < column.size(); ++i) {
            const Id c = column.codes[i];
            if (c == kMissing) continue;
            if (count[static_cast<std::size_t>(c)]++ == 0) first[static_cast<std::size_t>(c)] = static_cast<std::int64_t>(i);
        }
        EXPECT_EQ(stats::counts_by_id(column), count);
        EXPECT_EQ(stats::first_rows(column), first);
        const auto f = stats::frequency(column);
        EXPECT_EQ(f.ids.size(), static_cast<std::size_t>(std::count_if(count.begin(), count.end(),
                                                                        [](std::int64_t n) { return n > 0; })));
        for (std::size_t j = 0; j < f.ids.size(); ++j) {
            const auto id = static_cast<std::size_t>(f.ids[j]);
            EXPECT_EQ(f.counts[j], count[id]);
            EXPECT_EQ(f.first_row[j], first[id]);
            if (j > 0)
                EXPECT_TRUE(f.counts[j - 1] > f.counts[j] || (f.counts[j - 1] == f.counts[j] && f.first_row[j - 1] < f.first_row[j]));
        }
    }
}

TEST(Kernels, CoverageMatrixMatchesCounting) {
    std::mt19937_64 rng(5);
    const auto rows = random_column(rng, kBig, 30, 0.05), columns = random_column(rng, kBig, 40, 0.05);
    std::map<std::pair<Id, Id>, std::int64_t> cells;
    for (std::size_t i = 0; i < kBig; ++i)
        if (rows.codes[i] != kMissing && columns.codes[i] != kMissing) ++cells[{rows.codes[i], columns.codes[i]}];
    const auto m = stats::coverage_matrix(rows, columns);
    for (Id r = 0; r < 30; ++r)
        for (Id c = 0; c < 40; ++c) {
            const auto found = cells.find({r, c});
            EXPECT_EQ(m(r, c), found == cells.end() ? 0 : found->second);
        }
}

namespace {

// coverage() against counting by hand and the reference distinct lists.
void expect_same_coverage(const Coded& group, const Coded& partner, const Coded& recipient) {
    const auto got = stats::coverage(group, partner, recipient);
    std::vector<std::int64_t> count(group.cardinality(), 0), first(group.cardinality(), -1);
    for (std::size_t i = 0; i < group.size(); ++i) {
        const Id g = group.codes[i];
        if (g == kMissing) continue;
        if (count[static_cast<std::size_t>(g)]++ == 0) first[static_cast<std::size_t>(g)] = static_cast<std::int64_t>(i);
    }
    EXPECT_EQ(got.pairs, count);
    EXPECT_EQ(got.first_row, first);
    const auto partners = reference_distinct(group, partner);
    EXPECT_EQ(got.partners.offsets, partners.offsets);
    EXPECT_EQ(got.partners.ids, partners.ids);
    const auto recipients = reference_distinct(group, recipient);
    std::vector<std::int64_t> n_recipients(group.cardinality());
    for (std::size_t k = 0; k < n_recipients.size(); ++k) n_recipients[k] = recipients.count(k);
    EXPECT_EQ(got.recipients, n_recipients);
}

// Recipients each in one group (its region), as region_coverage's tables are;
// a share of every column missing.
struct CoverageTable {
    Coded group, partner, recipient;
    std::vector<Id> group_of;  // per recipient
};

CoverageTable coverage_table(std::mt19937_64& rng, std::size_t n, std::size_t n_groups, std::size_t n_partners,
                             std::size_t n_recipients) {
    CoverageTable t;
    t.group_of.resize(n_recipients);
    for (auto& g : t.group_of) g = static_cast<Id>(rng() % n_groups);
    t.partner = random_column(rng, n, n_partners, 0.02);
    t.recipient = random_column(rng, n, n_recipients, 0.02);
    std::vector<Id> groups(n);
    for (std::size_t i = 0; i < n; ++i) {
        const Id r = t.recipient.codes[i];
        groups[i] = rng() % 50 == 0 ? kMissing : r == kMissing ? static_cast<Id>(rng() % n_groups)
                                                                : t.group_of[static_cast<std::size_t>(r)];
    }
    t.group = numbered(std::move(groups), n_groups);
    return t;
}

}  // namespace

// The fused pass: counts, the (group, partner) bitset and one owner per recipient.
TEST(Kernels, CoverageMatchesTheSeparateKernels) {
    std::mt19937_64 rng(8);
    for (std::size_t n : {std::size_t{0}, std::size_t{7}, std::size_t{1000}, kBig}) {
        for (std::size_t n_groups : {std::size_t{1}, std::size_t{5}, std::size_t{500}}) {
            for (std::size_t n_partners : {std::size_t{3}, std::size_t{70}, std::size_t{2000}}) {
                const auto t = coverage_table(rng, n, n_groups, n_partners, n / 5 + 3);
                expect_same_coverage(t.group, t.partner, t.recipient);
            }
        }
    }
    // Empty tables: groups without rows get zeros, first row -1, no partners.
    const auto empty = stats::coverage(numbered({}, 3), numbered({}, 2), numbered({}, 4));
    EXPECT_EQ(empty.pairs, (std::vector<std::int64_t>{0, 0, 0}));
    EXPECT_EQ(empty.first_row, (std::vector<std::int64_t>{-1, -1, -1}));
    EXPECT_EQ(empty.partners.offsets, (std::vector<std::int64_t>{0, 0, 0, 0}));
    EXPECT_EQ(empty.recipients, (std::vector<std::int64_t>{0, 0, 0}));
    expect_same_coverage(numbered({}, 0), numbered({}, 0), numbered({}, 0));
    EXPECT_THROW(stats::coverage(numbered({0, 1}, 2), numbered({0, 1}, 2), numbered({0}, 1)), std::invalid_argument);
    EXPECT_THROW(stats::coverage(numbered({0, 1}, 2), numbered({0}, 1), numbered({0, 1}, 2)), std::invalid_argument);
}

// A recipient in two groups: the owners are of no use, the general count takes over.
TEST(Kernels, CoverageRecipientInTwoGroups) {
    std::mt19937_64 rng(9);
    for (std::size_t n : {std::size_t{1000}, kBig}) {
        const auto t = coverage_table(rng, n, 40, 300, n / 5);
        // Both rows in the first half, both in the second, one in each.
        for (auto rows : {std::pair<std::size_t, std::size_t>{3, 10}, {n - 10, n - 3}, {3, n - 3}}) {
            auto group = t.group;
            auto recipient = t.recipient;
            recipient.codes[rows.second] = recipient.codes[rows.first] = 7;
            group.codes[rows.first] = t.group_of[7];
            group.codes[rows.second] = (t.group_of[7] + 1) % 40;
            expect_same_coverage(group, t.partner, recipient);
        }
    }
}

// Where the fused pass does not go: a bitset too large to pay, too many groups.
TEST(Kernels, CoverageWithoutTheBitset) {
    std::mt19937_64 rng(10);
    for (std::size_t n : {std::size_t{1000}, kBig}) {
        auto t = coverage_table(rng, n, 600, 200'000, n / 5);
        expect_same_coverage(t.group, t.partner, t.recipient);
        t = coverage_table(rng, n, 40'000, 10, n / 5);
        expect_same_coverage(t.group, t.partner, t.recipient);
    }
}

TEST(Kernels, CsvOfManyRowsKeepsOrderLinesAndQuotes) {
    std::mt19937_64 rng(6);
    const std::vector<std::string> shown = {"赣州市", "\"a,b\"", "\"say \"\"hi\"\"\"", "\"\"", "", "x", "\"two\nlines\""};
    const std::vector<std::string> value = {"赣州市", "a,b", "say \"hi\"", "", "", "x", "two\nlines"};
    std::string text = "recipient,partner\n";
    std::vector<std::vector<std::string>> expected(2);
    std::vector<std::vector<bool>> missing(2);
    std::vector<std::int64_t> lines;
    std::int64_t line = 2;
    for (int r = 0; r < 5000; ++r) {
        if (rng() % 50 == 0) {  // blank lines hold no record
            text += "\n";
            ++line;
        }
        lines.push_back(line);
        for (int k = 0; k < 2; ++k) {
            const std::size_t pick = rng() % (shown.size() + 3);
            const std::string name = pick < shown.size() ? shown[pick] : "n" + std::to_string(rng() % 997);
            text += (k ? "," : "") + name;
            expected[static_cast<std::size_t>(k)].push_back(pick < shown.size() ? value[pick] : name);
            missing[static_cast<std::size_t>(k)].push_back(name.empty());
            if (name.find('\n') != std::string::npos) ++line;
        }
        text += (rng() % 3 == 0) ? "\r\n" : "\n";
        ++line;
    }
    const auto table = io::parse_csv(text, "many.csv");
    EXPECT_EQ(table.lines, lines);
    for (std::size_t k = 0; k < 2; ++k) {
        const Coded& c = table.columns[k].text;
        ASSERT_EQ(c.size(), expected[k].size());
        std::unordered_map<std::string, Id> first_id;
        for (std::size_t i = 0; i < c.size(); ++i) {
            if (missing[k][i]) {
                EXPECT_EQ(c.codes[i], kMissing);
                continue;
            }
            ASSERT_NE(c.codes[i], kMissing);
            EXPECT_EQ(c.labels[static_cast<std::size_t>(c.codes[i])], expected[k][i]);
            // ids in order of first appearance
            auto [it, inserted] = first_id.try_emplace(expected[k][i], static_cast<Id>(first_id.size()));
            EXPECT_EQ(c.codes[i], it->second);
        }
        EXPECT_EQ(c.labels.size(), first_id.size());
    }
}

TEST(Kernels, RepeatedLabelIsFoundAnywhere) {
    for (std::size_t at : {std::size_t{1}, std::size_t{31}, std::size_t{32}, std::size_t{33}, std::size_t{9999}}) {
        std::vector<std::string> names;
        for (std::size_t k = 0; k < 10'000; ++k) names.push_back("L" + std::to_string(k));
        names[at] = names[at - 1];
        Coded c{{}, Labels(names)};
        try {
            check_distinct_labels(c, "recipient");
            FAIL() << "no error for a label repeated at " << at;
        } catch (const std::invalid_argument& e) {
            EXPECT_NE(std::string(e.what()).find("(ids " + std::to_string(at - 1) + " and " + std::to_string(at) + ")"),
                      std::string::npos) << e.what();
        }
    }
    EXPECT_NO_THROW(check_distinct_labels(numbered({}, 100'000), "recipient"));
    Coded empty_and_blank = numbered({}, 0);
    empty_and_blank.labels = {"", " ", "  "};
    EXPECT_NO_THROW(check_distinct_labels(empty_and_blank, "recipient"));
}

TEST(Kernels, GroupRowsIsAStableCountingSort) {
    std::mt19937_64 rng(7);
    for (std::size_t cardinality : {std::size_t{5}, std::size_t{100'000}}) {
        const auto column = random_column(rng, kBig, cardinality, 0.05);
        std::vector<std::vector<std::int64_t>> rows(cardinality);
        for (std::size_t i = 0; i < kBig; ++i)
            if (column.codes[i] != kMissing) rows[static_cast<std::size_t>(column.codes[i])].push_back(static_cast<std::int64_t>(i));
        const Csr csr = group_rows(column);
        ASSERT_EQ(csr.offsets.size(), cardinality + 1);
        for (std::size_t k = 0; k < cardinality; ++k)
            EXPECT_EQ(std::vector<std::int64_t>(csr.rows.begin() + csr.offsets[k], csr.rows.begin() + csr.offsets[k + 1]), rows[k]);
    }
}

TEST(Kernels, CsvReadInChunksEqualsTheWholeText) {
    std::string text = "\xEF\xBB\xBFrecipient,partner,note\r\n";
    for (int r = 0; r < 300; ++r)
        text += "r" + std::to_string(r % 37) + ",\"p,\"\"" + std::to_string(r % 11) + "\"\"\"," +
                (r % 5 == 0 ? "\"two\nlines\"" : r % 7 == 0 ? "" : "\"\"") + (r % 3 ? "\n" : "\r\n\n");
    const auto path = (std::filesystem::temp_directory_path() / "duikou-chunks.csv").string();
    std::ofstream(path, std::ios::binary) << text;
    const auto whole = io::parse_csv(text, path);
    for (std::size_t chunk : {std::size_t{1}, std::size_t{5}, std::size_t{17}, std::size_t{64}, std::size_t{1} << 20}) {
        const auto read = io::read_csv(path, chunk);
        EXPECT_EQ(read.lines, whole.lines) << chunk;
        ASSERT_EQ(read.columns.size(), whole.columns.size());
        for (std::size_t k = 0; k < whole.columns.size(); ++k) {
            EXPECT_EQ(read.columns[k].name, whole.columns[k].name);
            EXPECT_EQ(read.columns[k].text.codes, whole.columns[k].text.codes) << chunk;
            EXPECT_EQ(read.columns[k].text.labels, whole.columns[k].text.labels) << chunk;
        }
    }
    // Errors are those of the whole text: the first problem, with its line.
    std::ofstream(path, std::ios::binary) << text << "a,b\n" << "c,\xff,d\n";
    for (std::size_t chunk : {std::size_t{3}, std::size_t{1} << 20}) {
        try {
            io::read_csv(path, chunk);
            FAIL() << "no error";
        } catch (const io::InputError& e) {
            EXPECT_EQ(e.line(), 2 + std::count(text.begin(), text.end(), '\n')) << e.what();  // the line after "a,b"
            EXPECT_NE(std::string(e.what()).find("invalid UTF-8"), std::string::npos) << e.what();
        }
    }
    std::filesystem::remove(path);
    EXPECT_THROW(io::read_csv(path, 64), io::FileError);
}

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <tuple>

#include "duikou/validate.hpp"
#include "fixtures.hpp"

using namespace duikou;
using duikou::testing::coded;

TEST(PairTable, RejectsMismatchedLengthsAndBadCodes) {
    EXPECT_THROW(PairTable(coded({"a", "b"}), coded({"x"})), std::invalid_argument);
    Coded bad{{0, 5}, {"a"}};
    EXPECT_THROW(PairTable(bad, coded({"x", "y"})), std::invalid_argument);
    Coded negative{{0, -2}, {"a"}};
    EXPECT_THROW(PairTable(negative, coded({"x", "y"})), std::invalid_argument);
}

TEST(PairTable, ColumnsByName) {
    PairTable t(coded({"a", "b"}), coded({"x", "y"}));
    t.add_group("region", coded({"r", "r"}));
    EXPECT_EQ(t.column("region").cardinality(), 1u);
    EXPECT_TRUE(t.has_column("partner"));
    EXPECT_FALSE(t.has_column("program"));
    EXPECT_THROW(t.column("program"), UnknownName);
    EXPECT_THROW(t.add_group("partner", coded({"r", "r"})), std::invalid_argument);
    EXPECT_THROW(t.add_group("short", coded({"r"})), std::invalid_argument);
}

TEST(PairTable, CsrGroupsRowsInInputOrder) {
    PairTable t(coded({"a", "b", "a", "c", "a"}), coded({"x", "y", "z", "x", "y"}));
    const Csr& by_partner = t.rows_by(Side::Partner);
    ASSERT_EQ(by_partner.offsets, (std::vector<std::int64_t>{0, 2, 4, 5}));
    EXPECT_EQ(by_partner.rows, (std::vector<std::int64_t>{0, 3, 1, 4, 2}));
    EXPECT_EQ(&by_partner, &t.rows_by(Side::Partner));  // built once
}

TEST(Validate, ReportsEveryProblemWithItsRow) {
    Coded rec = coded({"a", "b", "a", "", "c", "a"});
    Coded par = coded({"x", "b", "x", "y", "z", "z"});
    par.codes[4] = kMissing;
    PairTable t(rec, par);
    auto found = find_problems(t);
    ASSERT_EQ(found.size(), 4u);
    EXPECT_EQ(found[0].row, 1);
    EXPECT_EQ(found[0].problem, Problem::SelfPair);
    EXPECT_EQ(found[1].row, 2);
    EXPECT_EQ(found[1].problem, Problem::Duplicate);
    EXPECT_EQ(found[1].first_row, 0);
    EXPECT_EQ(found[2].row, 3);
    EXPECT_EQ(found[2].problem, Problem::EmptyName);
    EXPECT_EQ(found[2].side, Side::Recipient);
    EXPECT_EQ(found[3].row, 4);
    EXPECT_EQ(found[3].problem, Problem::MissingName);
    EXPECT_EQ(found[3].side, Side::Partner);
}

TEST(Validate, BlankIncludesUnicodeSpaces) {
    EXPECT_TRUE(is_blank(""));
    EXPECT_TRUE(is_blank(" \t"));
    EXPECT_TRUE(is_blank("\xE3\x80\x80"));  // ideographic space
    EXPECT_FALSE(is_blank(" 深圳 "));
}

TEST(Validate, The2022PlanIsClean) {
    EXPECT_TRUE(find_problems(duikou::testing::load_2022()).empty());
}

namespace {

// n labels prefix + "0", prefix + "1", ... and the given codes.
Coded numbered(std::vector<Id> codes, std::size_t n, const std::string& prefix) {
    Coded c{std::move(codes), {}};
    for (std::size_t k = 0; k < n; ++k) c.labels.push_back(prefix + std::to_string(k));
    return c;
}

// Rows (i mod n_rec, i mod n_par) for i < rows (distinct while rows <= lcm), then `extra` rows.
PairTable pairs(std::size_t n_rec, std::size_t n_par, std::size_t rows, const std::vector<std::pair<Id, Id>>& extra) {
    std::vector<Id> r, p;
    for (std::size_t i = 0; i < rows; ++i) {
        r.push_back(static_cast<Id>(i % n_rec));
        p.push_back(static_cast<Id>(i % n_par));
    }
    for (auto [a, b] : extra) r.push_back(a), p.push_back(b);
    return PairTable(numbered(r, n_rec, "r"), numbered(p, n_par, "p"));
}

}  // namespace

// The duplicate check groups the side with more names and stores the other's
// codes in 16 bits when they fit, in 32 otherwise: each case, with and without
// a repeated pair, and missing codes that never make a pair.
TEST(Validate, DuplicatesFoundWhicheverSideHasMoreNames) {
    struct Case {
        std::size_t n_rec, n_par, rows;
    };
    for (const Case c : {Case{3, 100'000, 100'000}, Case{100'000, 3, 100'000}, Case{70'001, 70'000, 140'000}}) {
        SCOPED_TRACE(std::to_string(c.n_rec) + " recipients, " + std::to_string(c.n_par) + " partners");
        EXPECT_TRUE(find_problems(pairs(c.n_rec, c.n_par, c.rows, {})).empty());
        // Row `rows` repeats row 5; the rows with a missing side repeat nothing.
        const Id r5 = static_cast<Id>(5 % c.n_rec), p5 = static_cast<Id>(5 % c.n_par);
        const auto found = find_problems(pairs(c.n_rec, c.n_par, c.rows, {{kMissing, p5}, {kMissing, p5}, {r5, p5}}));
        ASSERT_EQ(found.size(), 3u);
        EXPECT_EQ(found[2].problem, Problem::Duplicate);
        EXPECT_EQ(found[2].row, static_cast<std::int64_t>(c.rows + 2));
        EXPECT_EQ(found[2].first_row, 5);
    }
}

// With a scope (the program), a pair repeats only within one scope value: the
// third row repeats the first (program P) across a row of program Q, and rows
// without a program are a scope of their own.
TEST(Validate, DuplicatesWithinAScopeOnly) {
    PairTable t(coded({"a", "a", "a", "b", "b", "b"}), coded({"x", "x", "x", "y", "y", "x"}));
    Coded program{{0, 1, 0, kMissing, kMissing, kMissing}, {"P", "Q"}};
    const auto scoped = find_problems(t, &program);
    ASSERT_EQ(scoped.size(), 2u);
    EXPECT_EQ(scoped[0].row, 2);
    EXPECT_EQ(scoped[0].first_row, 0);
    EXPECT_EQ(scoped[1].row, 4);
    EXPECT_EQ(scoped[1].first_row, 3);
    const auto unscoped = find_problems(t);
    ASSERT_EQ(unscoped.size(), 3u);
    EXPECT_EQ(unscoped[0].row, 1);
    EXPECT_EQ(unscoped[0].first_row, 0);
    const Coded short_scope{{0}, {"P"}};
    EXPECT_THROW(find_problems(t, &short_scope), std::invalid_argument);
}

// Scoped duplicates on random tables against a map of each (recipient, partner,
// scope)'s first row; missing codes in every column.
TEST(Validate, ScopedDuplicatesMatchAMap) {
    std::mt19937_64 rng(11);
    for (std::size_t n : {std::size_t{50}, std::size_t{5'000}}) {
        std::uniform_int_distribution<Id> rec_code(-1, 30), par_code(-1, 8), scope_code(-1, 3);
        std::vector<Id> r(n), p(n), s(n);
        for (std::size_t i = 0; i < n; ++i) r[i] = rec_code(rng), p[i] = par_code(rng), s[i] = scope_code(rng);
        const PairTable t(numbered(r, 31, "r"), numbered(p, 9, "p"));
        const Coded scope = numbered(s, 4, "s");
        std::map<std::tuple<Id, Id, Id>, std::int64_t> first;
        std::vector<std::pair<std::int64_t, std::int64_t>> want;  // (row, first row)
        for (std::size_t i = 0; i < n; ++i) {
            if (r[i] == kMissing || p[i] == kMissing) continue;
            const auto [it, inserted] = first.try_emplace({r[i], p[i], s[i]}, static_cast<std::int64_t>(i));
            if (!inserted) want.emplace_back(static_cast<std::int64_t>(i), it->second);
        }
        std::vector<std::pair<std::int64_t, std::int64_t>> got;
        for (const auto& f : find_problems(t, &scope))
            if (f.problem == Problem::Duplicate) got.emplace_back(f.row, f.first_row);
        EXPECT_EQ(got, want) << n << " rows";
        if (n > 1000) EXPECT_FALSE(want.empty());  // so that the comparison says something
    }
}

#include <gtest/gtest.h>

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

#include <gtest/gtest.h>

#include <cmath>

#include "duikou/stats/concentration.hpp"
#include "duikou/stats/coverage.hpp"
#include "duikou/stats/frequency.hpp"
#include "fixtures.hpp"

using namespace duikou;
using duikou::testing::coded;
using duikou::testing::label_of;

TEST(Frequency, PartnersOf2022) {
    auto t = duikou::testing::load_2022();
    const Coded& partners = t.side(Side::Partner);
    auto f = stats::frequency(partners);
    ASSERT_EQ(f.ids.size(), 15u);
    EXPECT_EQ(label_of(partners, f.ids[0]), "深圳市");
    EXPECT_EQ(f.counts[0], 3);
    // Ties broken by first appearance: 广州 (row 2), 上海 (row 3), 宁波 (row 9).
    EXPECT_EQ(label_of(partners, f.ids[1]), "广州市");
    EXPECT_EQ(label_of(partners, f.ids[2]), "上海市");
    EXPECT_EQ(label_of(partners, f.ids[3]), "宁波市");
    for (int k = 1; k <= 3; ++k) EXPECT_EQ(f.counts[static_cast<std::size_t>(k)], 2);
    for (std::size_t k = 4; k < 15; ++k) EXPECT_EQ(f.counts[k], 1);
    EXPECT_EQ(label_of(partners, f.ids[4]), "东莞市");
    EXPECT_EQ(label_of(partners, f.ids[14]), "济南市");
}

TEST(Frequency, EmptyAndMissing) {
    EXPECT_TRUE(stats::frequency(Coded{}).ids.empty());
    Coded c{{kMissing, 0, kMissing}, {"a", "unused"}};
    auto f = stats::frequency(c);
    ASSERT_EQ(f.ids.size(), 1u);
    EXPECT_EQ(f.counts[0], 1);
    EXPECT_EQ(f.first_row[0], 1);
}

TEST(Distinct, RegionCoverageOf2022) {
    auto t = duikou::testing::load_2022();
    const Coded& region = t.column("region");
    EXPECT_EQ(region.cardinality(), 11u);
    const auto gmy = 0u;  // 赣闽粤原中央苏区 appears first
    ASSERT_EQ(region.labels[gmy], "赣闽粤原中央苏区");
    auto partners = stats::distinct(region, t.side(Side::Partner));
    auto recipients = stats::distinct(region, t.side(Side::Recipient));
    EXPECT_EQ(recipients.count(gmy), 5);
    EXPECT_EQ(partners.count(gmy), 4);
    std::vector<std::string> names;
    for (auto k = partners.offsets[gmy]; k < partners.offsets[gmy + 1]; ++k)
        names.push_back(label_of(t.side(Side::Partner), partners.ids[static_cast<std::size_t>(k)]));
    EXPECT_EQ(names, (std::vector<std::string>{"深圳市", "东莞市", "广州市", "上海市"}));
    // Reach: 深圳 serves three regions, 广州 one.
    auto reach = stats::distinct(t.side(Side::Partner), region);
    EXPECT_EQ(reach.count(0), 3);  // 深圳市 is partner id 0
    EXPECT_EQ(label_of(t.side(Side::Partner), 2), "广州市");
    EXPECT_EQ(reach.count(2), 1);
}

TEST(Distinct, SkipsMissingAndRepeats) {
    Coded key{{0, 0, 0, kMissing, 1}, {"g", "h"}};
    Coded value{{1, 1, kMissing, 0, 0}, {"x", "y"}};
    auto d = stats::distinct(key, value);
    EXPECT_EQ(d.offsets, (std::vector<std::int64_t>{0, 1, 2}));
    EXPECT_EQ(d.ids, (std::vector<Id>{1, 0}));
}

TEST(CoverageMatrix, CountsPairs) {
    auto t = duikou::testing::load_2022();
    auto m = stats::coverage_matrix(t.column("region"), t.side(Side::Partner));
    EXPECT_EQ(m.rows(), 11);
    EXPECT_EQ(m.cols(), 15);
    EXPECT_EQ(m.sum(), 20);
    EXPECT_EQ(m(0, 2), 2);  // 赣闽粤 x 广州: 龙岩, 梅州
    EXPECT_EQ(m.row(0).sum(), 5);
    EXPECT_EQ(m.col(0).sum(), 3);  // 深圳
}

TEST(Concentration, The2022Partners) {
    auto t = duikou::testing::load_2022();
    auto counts = stats::counts_by_id(t.side(Side::Partner));
    auto c = stats::concentration(counts);
    EXPECT_EQ(c.n, 15);
    EXPECT_EQ(c.total, 20);
    EXPECT_NEAR(c.hhi, 0.08, 1e-12);                 // (9 + 3*4 + 11) / 400
    EXPECT_NEAR(c.gini, 116.0 / 600.0, 1e-12);       // 0.19333
    EXPECT_NEAR(c.shannon, 2.62300, 5e-6);
    EXPECT_NEAR(c.hill_1, std::exp(c.shannon), 1e-12);
    EXPECT_NEAR(c.hill_2, 12.5, 1e-12);
    EXPECT_NEAR(c.hhi_normalized, (0.08 - 1.0 / 15) / (1 - 1.0 / 15), 1e-12);
    EXPECT_NEAR(c.cr_k, 9.0 / 20.0, 1e-12);
}

TEST(Concentration, EdgeCases) {
    auto empty = stats::concentration({});
    EXPECT_EQ(empty.n, 0);
    EXPECT_TRUE(std::isnan(empty.hhi));
    EXPECT_TRUE(std::isnan(empty.gini));

    auto one = stats::concentration({7});
    EXPECT_DOUBLE_EQ(one.hhi, 1.0);
    EXPECT_TRUE(std::isnan(one.hhi_normalized));
    EXPECT_DOUBLE_EQ(one.gini, 0.0);
    EXPECT_DOUBLE_EQ(one.shannon, 0.0);
    EXPECT_DOUBLE_EQ(one.cr_k, 1.0);

    auto equal = stats::concentration({2, 2, 2, 2, 0});  // the zero is not an entity
    EXPECT_EQ(equal.n, 4);
    EXPECT_DOUBLE_EQ(equal.hhi, 0.25);
    EXPECT_NEAR(equal.hhi_normalized, 0.0, 1e-15);
    EXPECT_DOUBLE_EQ(equal.gini, 0.0);
    EXPECT_NEAR(equal.shannon, std::log(4.0), 1e-15);
    EXPECT_NEAR(equal.hill_1, 4.0, 1e-12);

    auto two = stats::concentration({1, 3}, 1);
    EXPECT_DOUBLE_EQ(two.gini, 0.25);  // |1-3| * 2 / (2 * 4 * 2)
    EXPECT_DOUBLE_EQ(two.cr_k, 0.75);

    EXPECT_THROW(stats::concentration({1, -1}), std::invalid_argument);
    EXPECT_THROW(stats::concentration({1}, 0), std::invalid_argument);
}

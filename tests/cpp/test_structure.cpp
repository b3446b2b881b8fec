#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "duikou/stats/coverage.hpp"
#include "duikou/structure/components.hpp"
#include "duikou/structure/diff.hpp"
#include "duikou/structure/nestedness.hpp"
#include "duikou/structure/projection.hpp"
#include "fixtures.hpp"

using namespace duikou;
using duikou::testing::coded;
using duikou::testing::label_of;

namespace {

// A table from (recipient, partner) pairs, names interned in order of first appearance.
PairTable table_of(const std::vector<std::pair<std::string, std::string>>& pairs) {
    std::vector<std::string> r, p;
    for (const auto& [a, b] : pairs) {
        r.push_back(a);
        p.push_back(b);
    }
    return PairTable(coded(r), coded(p));
}

// Projection edges by label: {a, b} -> (shared, jaccard).
std::map<std::pair<std::string, std::string>, std::pair<std::int64_t, double>> edges_by_label(
    const structure::Projection& p, const Coded& nodes) {
    std::map<std::pair<std::string, std::string>, std::pair<std::int64_t, double>> out;
    for (std::size_t k = 0; k < p.a.size(); ++k)
        out[{label_of(nodes, p.a[k]), label_of(nodes, p.b[k])}] = {p.shared[k], p.jaccard[k]};
    return out;
}

}  // namespace

// -- components ---------------------------------------------------------------------------
TEST(Components, ShenzhenJoinsThreeRegionsIn2022) {
    auto t = duikou::testing::load_2022();
    const auto c = structure::components(t);
    // Every recipient has one partner, so each partner's recipients form one component.
    EXPECT_EQ(c.count, 15);
    const Coded& partners = t.side(Side::Partner);
    const Coded& recipients = t.side(Side::Recipient);
    ASSERT_EQ(label_of(partners, 0), "深圳市");
    EXPECT_EQ(c.partner[0], 0);  // row 0 is 赣州-深圳: component 0
    std::vector<std::string> with_shenzhen;
    for (std::size_t r = 0; r < c.recipient.size(); ++r)
        if (c.recipient[r] == 0) with_shenzhen.push_back(label_of(recipients, static_cast<Id>(r)));
    EXPECT_EQ(with_shenzhen, (std::vector<std::string>{"赣州市", "百色市", "汕尾市"}));
    // Numbered by first appearance: 东莞 (row 1) is component 1, 广州 (row 2) 2, 上海 (row 3) 3.
    EXPECT_EQ(c.partner[1], 1);
    EXPECT_EQ(c.partner[2], 2);
    EXPECT_EQ(c.partner[3], 3);
    EXPECT_EQ(label_of(partners, 14), "济南市");
    EXPECT_EQ(c.partner[14], 14);

    const auto sizes = structure::component_sizes(t, c, &t.column("region"));
    EXPECT_EQ(sizes.recipients[0], 3);
    EXPECT_EQ(sizes.partners[0], 1);
    EXPECT_EQ(sizes.pairs[0], 3);
    EXPECT_EQ(sizes.groups[0], 3);  // 赣闽粤原中央苏区, 左右江革命老区, 海陆丰革命老区
    EXPECT_EQ(sizes.groups[2], 1);  // 广州: 龙岩 and 梅州, both 赣闽粤
    EXPECT_EQ(sizes.groups[3], 2);  // 上海: 三明 (赣闽粤) and 六安 (大别山)
    std::int64_t pairs = 0;
    for (auto n : sizes.pairs) pairs += n;
    EXPECT_EQ(pairs, 20);
}

TEST(Components, MergesThroughSharedNames) {
    // a-x, b-y, b-x joins {a, x} and {b, y}; c-z stays apart.
    auto t = table_of({{"a", "x"}, {"b", "y"}, {"c", "z"}, {"b", "x"}});
    const auto c = structure::components(t);
    EXPECT_EQ(c.count, 2);
    EXPECT_EQ(c.recipient, (std::vector<Id>{0, 0, 1}));
    EXPECT_EQ(c.partner, (std::vector<Id>{0, 0, 1}));
    EXPECT_EQ(structure::row_components(t, c), (std::vector<Id>{0, 0, 1, 0}));
    const auto sizes = structure::component_sizes(t, c, nullptr);
    EXPECT_EQ(sizes.pairs, (std::vector<std::int64_t>{3, 1}));
    EXPECT_TRUE(sizes.groups.empty());
}

TEST(Components, MissingNamesAndUnusedLabels) {
    Coded rec{{0, kMissing, kMissing}, {"a", "unused"}};
    Coded par{{0, 1, kMissing}, {"x", "y"}};
    PairTable t(rec, par);
    const auto c = structure::components(t);
    EXPECT_EQ(c.count, 2);  // {a, x} and {y}
    EXPECT_EQ(c.recipient, (std::vector<Id>{0, kMissing}));
    EXPECT_EQ(c.partner, (std::vector<Id>{0, 1}));
    EXPECT_EQ(structure::row_components(t, c), (std::vector<Id>{0, 1, kMissing}));
}

// -- projections ----------------------------------------------------------------------------
TEST(Projection, PartnersByShared2022Regions) {
    auto t = duikou::testing::load_2022();
    const Coded& partners = t.side(Side::Partner);
    const auto p = structure::project(partners, t.column("region"));
    const auto e = edges_by_label(p, partners);
    // Four partners of 赣闽粤 (6 pairs), 陕甘宁 (1), 大别山 (3), 湘鄂渝黔 (3); no pair shares two regions.
    EXPECT_EQ(e.size(), 13u);
    for (const auto& [names, w] : e) EXPECT_EQ(w.first, 1) << names.first << "-" << names.second;
    EXPECT_DOUBLE_EQ(e.at({"深圳市", "东莞市"}).second, 1.0 / 3.0);  // {赣闽粤, 左右江, 海陆丰} vs {赣闽粤}
    EXPECT_DOUBLE_EQ(e.at({"深圳市", "上海市"}).second, 1.0 / 4.0);
    EXPECT_DOUBLE_EQ(e.at({"广州市", "上海市"}).second, 1.0 / 2.0);
    EXPECT_DOUBLE_EQ(e.at({"东莞市", "广州市"}).second, 1.0);
    EXPECT_DOUBLE_EQ(e.at({"上海市", "宁波市"}).second, 1.0 / 3.0);  // 大别山 of {赣闽粤, 大别山, 浙西南}
    EXPECT_DOUBLE_EQ(e.at({"无锡市", "天津市"}).second, 1.0);
    EXPECT_EQ(e.count({"深圳市", "宁波市"}), 0u);
    // Edges come as a < b in id order.
    for (std::size_t k = 0; k < p.a.size(); ++k) EXPECT_LT(p.a[k], p.b[k]);
}

TEST(Projection, RegionsBySharedPartners2022) {
    auto t = duikou::testing::load_2022();
    const Coded& regions = t.column("region");
    const auto e = edges_by_label(structure::project(regions, t.side(Side::Partner)), regions);
    // 深圳 joins 赣闽粤, 左右江, 海陆丰; 上海 joins 赣闽粤 and 大别山; 宁波 joins 大别山 and 浙西南.
    EXPECT_EQ(e.size(), 5u);
    EXPECT_DOUBLE_EQ(e.at({"赣闽粤原中央苏区", "左右江革命老区"}).second, 1.0 / 4.0);
    EXPECT_DOUBLE_EQ(e.at({"左右江革命老区", "海陆丰革命老区"}).second, 1.0);
    EXPECT_DOUBLE_EQ(e.at({"赣闽粤原中央苏区", "大别山革命老区"}).second, 1.0 / 6.0);
    EXPECT_DOUBLE_EQ(e.at({"大别山革命老区", "浙西南革命老区"}).second, 1.0 / 3.0);
    EXPECT_EQ(e.at({"赣闽粤原中央苏区", "海陆丰革命老区"}).first, 1);
}

TEST(Projection, CountsRepeatsOnceAndSkipsMissing) {
    // x and y share g and h; x has g twice; a missing group is skipped.
    Coded nodes = coded({"x", "x", "x", "y", "y", "z"});
    Coded via{{0, 0, 1, 1, 0, kMissing}, {"g", "h"}};
    const auto b = structure::incidence(nodes, via);
    EXPECT_EQ(b.nonZeros(), 4);
    const auto p = structure::project(nodes, via);
    ASSERT_EQ(p.a.size(), 1u);
    EXPECT_EQ(p.shared[0], 2);
    EXPECT_DOUBLE_EQ(p.jaccard[0], 1.0);
}

// -- NODF -------------------------------------------------------------------------------------
// Matrix A (rows r1..r4, columns c1..c4), worked by hand:
//   r1: c1 c2 c3    r2: c1 c2    r3: c2 c4    r4: c1
// Rows (degrees 3, 2, 2, 1): r1>r2 2/2, r1>r3 1/2, r1>r4 1/1, r2>r4 1/1, r3>r4 0, r2=r3 tie -> 3.5 / 6
// Columns (degrees 3, 3, 1, 1): c1>c3 1, c1>c4 0, c2>c3 1, c2>c4 1, ties 0 -> 3 / 6
// NODF = 100 (3.5 + 3) / 12. vegan agrees: see tests/python/test_structure.py.
const std::vector<std::pair<std::string, std::string>> kMatrixA = {
    {"r1", "c1"}, {"r1", "c2"}, {"r1", "c3"}, {"r2", "c1"}, {"r2", "c2"}, {"r3", "c2"}, {"r3", "c4"}, {"r4", "c1"}};

TEST(Nodf, HandWorkedMatrix) {
    auto t = table_of(kMatrixA);
    const auto n = structure::nodf(t.side(Side::Recipient), t.side(Side::Partner), true);
    EXPECT_NEAR(n.rows, 100.0 * 3.5 / 6.0, 1e-12);
    EXPECT_NEAR(n.columns, 50.0, 1e-12);
    EXPECT_NEAR(n.nodf, 100.0 * 6.5 / 12.0, 1e-12);
    EXPECT_EQ(n.n_rows, 4);
    EXPECT_EQ(n.n_columns, 4);
    EXPECT_EQ(n.ones, 8);
    EXPECT_DOUBLE_EQ(n.fill, 0.5);
    // Already in degree order, so label order gives the same figures.
    const auto same = structure::nodf(t.side(Side::Recipient), t.side(Side::Partner), false);
    EXPECT_NEAR(same.nodf, n.nodf, 1e-12);
}

TEST(Nodf, LabelOrderScoresOnlyDecreasingFill) {
    // Matrix A listed from r4 up: rows r4, r3, r2, r1 and columns c1, c2, c4, c3.
    // No row lies above a row of smaller degree, so rows score 0; columns are
    // c1>c4 0, c1>c3 1, c2>c4 1, c2>c3 1 -> 3 / 6.
    auto t = table_of({{"r4", "c1"}, {"r3", "c2"}, {"r3", "c4"}, {"r2", "c1"}, {"r2", "c2"},
                       {"r1", "c1"}, {"r1", "c2"}, {"r1", "c3"}});
    const auto by_label = structure::nodf(t.side(Side::Recipient), t.side(Side::Partner), false);
    EXPECT_DOUBLE_EQ(by_label.rows, 0.0);
    EXPECT_NEAR(by_label.columns, 50.0, 1e-12);
    EXPECT_NEAR(by_label.nodf, 25.0, 1e-12);
    const auto by_degree = structure::nodf(t.side(Side::Recipient), t.side(Side::Partner), true);
    EXPECT_NEAR(by_degree.nodf, 100.0 * 6.5 / 12.0, 1e-12);
}

TEST(Nodf, PerfectlyNested) {
    std::vector<std::pair<std::string, std::string>> pairs;
    for (int r = 0; r < 5; ++r)
        for (int c = 0; c < 5 - r; ++c) pairs.push_back({"r" + std::to_string(r), "c" + std::to_string(c)});
    auto t = table_of(pairs);
    const auto n = structure::nodf(t.side(Side::Recipient), t.side(Side::Partner), false);
    EXPECT_DOUBLE_EQ(n.nodf, 100.0);
    EXPECT_DOUBLE_EQ(n.rows, 100.0);
    EXPECT_DOUBLE_EQ(n.columns, 100.0);
}

TEST(Nodf, The2022Plan) {
    auto t = duikou::testing::load_2022();
    // Recipients: all of degree 1 (ties never score). Partners: no two share a
    // recipient. So NODF is 0; vegan 2.6.4's nestednodf gives 0 with order = TRUE and FALSE.
    const auto n = structure::nodf(t.side(Side::Recipient), t.side(Side::Partner), true);
    EXPECT_EQ(n.n_rows, 20);
    EXPECT_EQ(n.n_columns, 15);
    EXPECT_DOUBLE_EQ(n.nodf, 0.0);
    EXPECT_DOUBLE_EQ(n.rows, 0.0);
    EXPECT_DOUBLE_EQ(n.columns, 0.0);
    EXPECT_DOUBLE_EQ(n.fill, 20.0 / 300.0);
}

TEST(Nodf, RegionsByPartners2022MatchVegan) {
    // vegan 2.6.4, with m the 11 x 15 region x partner matrix of the 2022 plan,
    // rows and columns in order of first appearance (as duikou's ids):
    //   m <- table(factor(d$region, levels = unique(d$region)),
    //              factor(d$partner, levels = unique(d$partner))); m[] <- as.integer(m > 0)
    //   nestednodf(m, order = TRUE)$statistic   # N.columns 6.190476 N.rows 6.060606 NODF 6.145833
    //   nestednodf(m, order = FALSE)$statistic  # N.columns 3.333333 N.rows 6.060606 NODF 4.270833
    auto t = duikou::testing::load_2022();
    const auto sorted = structure::nodf(t.column("region"), t.side(Side::Partner), true);
    EXPECT_NEAR(sorted.columns, 6.190476190476, 1e-9);
    EXPECT_NEAR(sorted.rows, 6.060606060606, 1e-9);
    EXPECT_NEAR(sorted.nodf, 6.145833333333, 1e-9);
    EXPECT_NEAR(sorted.fill, 0.115151515152, 1e-9);
    const auto as_listed = structure::nodf(t.column("region"), t.side(Side::Partner), false);
    EXPECT_NEAR(as_listed.columns, 3.333333333333, 1e-9);
    EXPECT_NEAR(as_listed.rows, 6.060606060606, 1e-9);
    EXPECT_NEAR(as_listed.nodf, 4.270833333333, 1e-9);
}

TEST(Nodf, DegenerateShapesAreNaN) {
    auto t = table_of({{"a", "x"}});
    const auto n = structure::nodf(t.side(Side::Recipient), t.side(Side::Partner), true);
    EXPECT_TRUE(std::isnan(n.nodf));
    EXPECT_TRUE(std::isnan(n.rows));
    const auto empty = structure::nodf(Coded{}, Coded{}, true);
    EXPECT_TRUE(std::isnan(empty.fill));
}

// -- versions ---------------------------------------------------------------------------------
TEST(Diff, RevisedVersionOf2022) {
    auto t = duikou::testing::load_2022();
    structure::Keyed old_version{t.side(Side::Recipient).codes, t.side(Side::Partner).codes};
    // New version: 赣州 (row 0) moves from 深圳 to 广州, 丽水 (row 19) is dropped,
    // a new recipient (id 20) is paired with 深圳; everything else as before.
    structure::Keyed new_version = old_version;
    const Id guangzhou = 2, shenzhen = 0;
    ASSERT_EQ(label_of(t.side(Side::Partner), guangzhou), "广州市");
    new_version.partner[0] = guangzhou;
    new_version.key.pop_back();
    new_version.partner.pop_back();
    new_version.key.push_back(20);
    new_version.partner.push_back(shenzhen);
    const auto d = structure::diff(old_version, new_version);
    EXPECT_EQ(d.kept_new.size(), 18u);
    EXPECT_EQ(d.kept_new.front(), 1);
    EXPECT_EQ(d.kept_old, d.kept_new);
    EXPECT_EQ(d.reassigned_old, (std::vector<std::int64_t>{0}));
    EXPECT_EQ(d.reassigned_new, (std::vector<std::int64_t>{0}));
    EXPECT_EQ(d.dropped, (std::vector<std::int64_t>{19}));
    EXPECT_EQ(d.added, (std::vector<std::int64_t>{19}));
}

TEST(Diff, RecipientWithSeveralPartners) {
    // Key 0: old partners 1, 2, 3; new partners 3, 4 -> 3 kept, 1 -> 4 reassigned, 2 dropped.
    // Key 1: old none; new partner 5 -> added. Key 2: old 6 twice, new 6 once -> one kept, one dropped.
    structure::Keyed old_version{{0, 0, 0, 2, 2}, {1, 2, 3, 6, 6}};
    structure::Keyed new_version{{1, 0, 0, 2}, {5, 4, 3, 6}};
    const auto d = structure::diff(old_version, new_version);
    EXPECT_EQ(d.kept_old, (std::vector<std::int64_t>{2, 3}));
    EXPECT_EQ(d.kept_new, (std::vector<std::int64_t>{2, 3}));
    EXPECT_EQ(d.reassigned_old, (std::vector<std::int64_t>{0}));
    EXPECT_EQ(d.reassigned_new, (std::vector<std::int64_t>{1}));
    EXPECT_EQ(d.dropped, (std::vector<std::int64_t>{1, 4}));
    EXPECT_EQ(d.added, (std::vector<std::int64_t>{0}));
}

TEST(Diff, RejectsBadInput) {
    EXPECT_THROW(structure::diff({{0}, {}}, {{}, {}}), std::invalid_argument);
    EXPECT_THROW(structure::diff({{0}, {kMissing}}, {{}, {}}), std::invalid_argument);
}

// -- burden across programs -------------------------------------------------------------------
TEST(Burden, PartnersAcrossTwoPrograms) {
    // The 2022 plan plus a second program in which 深圳 and 广州 carry one pair each.
    auto t = duikou::testing::load_2022();
    std::vector<std::string> r, p, program;
    for (std::size_t i = 0; i < t.size(); ++i) {
        r.push_back(label_of(t.side(Side::Recipient), t.side(Side::Recipient).codes[i]));
        p.push_back(label_of(t.side(Side::Partner), t.side(Side::Partner).codes[i]));
        program.push_back("2022");
    }
    for (const auto& [rec, par] : std::vector<std::pair<std::string, std::string>>{{"百色市", "深圳市"}, {"毕节市", "广州市"}}) {
        r.push_back(rec);
        p.push_back(par);
        program.push_back("east-west");
    }
    PairTable both(coded(r), coded(p));
    both.add_group("program", coded(program));
    const auto m = stats::coverage_matrix(both.side(Side::Partner), both.column("program"));
    EXPECT_EQ(m(0, 0), 3);  // 深圳: 3 pairs in 2022, 1 in east-west
    EXPECT_EQ(m(0, 1), 1);
    EXPECT_EQ(m(2, 0), 2);  // 广州
    EXPECT_EQ(m(2, 1), 1);
    EXPECT_EQ(m.col(1).sum(), 2);
}

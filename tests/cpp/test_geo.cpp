// Geography and rollups on the 2022 plan. Seats and provinces come from the
// shipped gazetteer CSV (read with duikou's own reader); a few seats are
// hard-coded below from that CSV so that the hand checks do not depend on it.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>

#include "duikou/geo/distance.hpp"
#include "duikou/io/csv.hpp"
#include "duikou/stats/frequency.hpp"
#include "duikou/stats/rollup.hpp"
#include "fixtures.hpp"

using namespace duikou;
using duikou::testing::coded;
using duikou::testing::label_of;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Place {
    double lon, lat;
    std::string province;
};

// City-level gazetteer rows by full name and by each short name (恩施州).
const std::map<std::string, Place>& gazetteer() {
    static const std::map<std::string, Place> places = [] {
        auto csv = io::read_csv(std::string(DUIKOU_DATA_DIR) + "/gazetteer.csv");
        auto text = [&](const char* column, std::size_t row) {
            const Coded& c = csv.find(column)->text;
            return std::string(c.labels[static_cast<std::size_t>(c.codes[row])]);
        };
        std::map<std::string, Place> out;
        for (std::size_t i = 0; i < csv.rows(); ++i) {
            if (text("level", i) != "city") continue;
            Place p{std::stod(text("lon", i)), std::stod(text("lat", i)), text("province", i)};
            out[text("name", i)] = p;
            std::string shorts = text("short_names", i);
            for (std::size_t start = 0; start <= shorts.size();) {
                auto end = shorts.find('|', start);
                if (end == std::string::npos) end = shorts.size();
                out.emplace(shorts.substr(start, end - start), p);
                start = end + 1;
            }
        }
        return out;
    }();
    return places;
}

geo::Seats seats_of(const Coded& side) {
    geo::Seats s;
    for (const auto& label : side.labels) {
        const Place& p = gazetteer().at(std::string(label));
        s.lon.push_back(p.lon);
        s.lat.push_back(p.lat);
    }
    return s;
}

// A group column holding the province of each row's name on one side.
Coded province_column(const Coded& side) {
    std::vector<std::string> names;
    for (Id c : side.codes) names.push_back(gazetteer().at(label_of(side, c)).province);
    return coded(names);
}

PairTable with_provinces() {
    PairTable t = duikou::testing::load_2022();
    t.add_group("recipient_province", province_column(t.side(Side::Recipient)));
    t.add_group("partner_province", province_column(t.side(Side::Partner)));
    return t;
}

std::size_t row_of(const PairTable& t, const std::string& recipient) {
    const Coded& r = t.side(Side::Recipient);
    for (std::size_t i = 0; i < r.size(); ++i)
        if (label_of(r, r.codes[i]) == recipient) return i;
    throw std::out_of_range(recipient);
}

}  // namespace

TEST(Haversine, HandCheckedDistances) {
    const double degree = geo::kEarthRadiusKm * M_PI / 180;  // 111.19508 km
    EXPECT_NEAR(geo::haversine_km(0, 0, 0, 1), degree, 1e-9);
    EXPECT_NEAR(geo::haversine_km(0, 0, 1, 0), degree, 1e-9);
    EXPECT_NEAR(geo::haversine_km(10, 60, 11, 60), degree * std::cos(60 * M_PI / 180), 1e-3);  // short arc
    EXPECT_NEAR(geo::haversine_km(0, 0, 180, 0), M_PI * geo::kEarthRadiusKm, 1e-9);          // antipodes
    EXPECT_NEAR(geo::haversine_km(0, 90, 123, -90), M_PI * geo::kEarthRadiusKm, 1e-9);
    EXPECT_EQ(geo::haversine_km(114.1, 22.5, 114.1, 22.5), 0.0);
    // 梅州 (116.117582, 24.299112) - 广州 (113.280637, 23.125178), seats of the gazetteer:
    // a flat check gives hypot(1.1739, 2.8369 cos 23.7°) = 2.850° = 316.9 km.
    const double meizhou_guangzhou = geo::haversine_km(116.117582, 24.299112, 113.280637, 23.125178);
    EXPECT_NEAR(meizhou_guangzhou, 316.9398, 1e-3);
    EXPECT_DOUBLE_EQ(meizhou_guangzhou, geo::haversine_km(113.280637, 23.125178, 116.117582, 24.299112));
}

TEST(Geo, GazetteerSeatsUsedByTheseTests) {
    EXPECT_DOUBLE_EQ(gazetteer().at("深圳市").lon, 114.085947);
    EXPECT_DOUBLE_EQ(gazetteer().at("深圳市").lat, 22.547);
    EXPECT_DOUBLE_EQ(gazetteer().at("恩施州").lon, 109.48699);
    EXPECT_EQ(gazetteer().at("恩施州").province, "湖北省");
}

TEST(PairDistances, The2022Plan) {
    auto t = duikou::testing::load_2022();
    const auto km = geo::pair_distances(t, seats_of(t.side(Side::Recipient)), seats_of(t.side(Side::Partner)));
    ASSERT_EQ(km.size(), 20u);
    EXPECT_NEAR(km[row_of(t, "梅州市")], 316.9398, 1e-3);
    EXPECT_NEAR(km[row_of(t, "汕尾市")], 133.5831, 1e-3);  // the shortest
    EXPECT_NEAR(km[row_of(t, "巴中市")], 1272.7573, 1e-3);  // the longest: 巴中 - 金华
    double sum = 0;
    for (double d : km) sum += d;
    EXPECT_NEAR(sum / 20, 614.7266, 1e-3);
}

TEST(PairDistances, UnknownSeatsGiveNaNAndBadSeatsThrow) {
    PairTable t(coded({"a", "b", "a"}), coded({"x", "x", "y"}));
    geo::Seats rec{{0, kNaN}, {0, kNaN}};
    geo::Seats par{{0, 1}, {1, 0}};
    const auto km = geo::pair_distances(t, rec, par);
    EXPECT_NEAR(km[0], 111.19508, 1e-4);
    EXPECT_TRUE(std::isnan(km[1]));
    EXPECT_NEAR(km[2], 111.19508, 1e-4);
    EXPECT_THROW(geo::pair_distances(t, geo::Seats{{0}, {0}}, par), std::invalid_argument);
    try {
        geo::pair_distances(t, rec, geo::Seats{{0, 200}, {0, 0}});
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("partner 'y'"), std::string::npos) << e.what();
    }
    EXPECT_THROW(geo::pair_distances(t, geo::Seats{{0, kNaN}, {0, 10}}, par), std::invalid_argument);
}

TEST(Summarize, ByRegionOf2022) {
    auto t = duikou::testing::load_2022();
    const auto km = geo::pair_distances(t, seats_of(t.side(Side::Recipient)), seats_of(t.side(Side::Partner)));
    const auto s = geo::summarize(km, t.column("region"));
    ASSERT_EQ(s.pairs.size(), 11u);
    // 赣闽粤原中央苏区 (id 0): 赣州-深圳 377.46, 吉安-东莞 468.98, 龙岩-广州 438.84,
    // 三明-上海 666.89, 梅州-广州 316.94.
    EXPECT_EQ(s.pairs[0], 5);
    EXPECT_EQ(s.known[0], 5);
    EXPECT_NEAR(s.mean[0], (377.4609 + 468.9832 + 438.8362 + 666.8914 + 316.9398) / 5, 1e-3);
    EXPECT_NEAR(s.median[0], 438.8362, 1e-3);
    EXPECT_NEAR(s.min[0], 316.9398, 1e-3);
    EXPECT_NEAR(s.max[0], 666.8914, 1e-3);
    // 太行革命老区: one pair, 长治-北京.
    const auto taihang = static_cast<std::size_t>(t.column("region").codes[row_of(t, "长治市")]);
    EXPECT_EQ(s.pairs[taihang], 1);
    EXPECT_NEAR(s.median[taihang], 503.5197, 1e-3);
}

TEST(Summarize, EvenMedianMissingAndEmptyGroups) {
    Coded by{{0, 0, 0, 0, 1, kMissing}, {"g", "h", "unused"}};
    const auto s = geo::summarize({4, 1, kNaN, 3, kNaN, 7}, by);
    EXPECT_EQ(s.pairs, (std::vector<std::int64_t>{4, 1, 0}));
    EXPECT_EQ(s.known, (std::vector<std::int64_t>{3, 0, 0}));
    EXPECT_DOUBLE_EQ(s.median[0], 3);
    EXPECT_DOUBLE_EQ(s.mean[0], 8.0 / 3);
    const auto even = geo::summarize({4, 1, 2, 3}, Coded{{0, 0, 0, 0}, {"g"}});
    EXPECT_DOUBLE_EQ(even.median[0], 2.5);
    EXPECT_TRUE(std::isnan(s.mean[1]) && std::isnan(s.median[2]) && std::isnan(s.max[1]));
    EXPECT_THROW(geo::summarize({1.0}, by), std::invalid_argument);
}

TEST(NearestPartnerRank, The2022Plan) {
    auto t = duikou::testing::load_2022();
    const auto& par = t.side(Side::Partner);
    const auto n = geo::nearest_partner_rank(t, seats_of(t.side(Side::Recipient)), seats_of(par));
    int paired_with_nearest = 0;
    for (std::size_t i = 0; i < 20; ++i) {
        EXPECT_EQ(n.candidates[i], 15);
        paired_with_nearest += n.rank[i] == 1;
    }
    EXPECT_EQ(paired_with_nearest, 3);  // 吉安-东莞, 汕尾-深圳, 临沂-济南
    for (const char* r : {"吉安市", "汕尾市", "临沂市"}) EXPECT_EQ(n.rank[row_of(t, r)], 1) << r;
    // 丽水 is 223 km from 宁波 but 76 km from 金华 and about 200 km from 杭州.
    const auto lishui = row_of(t, "丽水市");
    EXPECT_EQ(label_of(par, n.nearest[lishui]), "金华市");
    EXPECT_NEAR(n.nearest_km[lishui], 75.6949, 1e-3);
    EXPECT_EQ(n.rank[lishui], 3);
    // 三明's partner 上海 is 12th of 15.
    EXPECT_EQ(n.rank[row_of(t, "三明市")], 12);
    EXPECT_EQ(label_of(par, n.nearest[row_of(t, "赣州市")]), "东莞市");
}

TEST(NearestPartnerRank, TiesScopesAndUnknownSeats) {
    // Partners x and y share a seat: equidistant, both rank 1; nearest is x (smaller id).
    PairTable t(coded({"a", "a", "b", "c"}), coded({"x", "y", "z", "x"}));
    t.add_group("program", coded({"P", "P", "Q", "Q"}));
    geo::Seats rec{{0, 0, kNaN}, {0, 0, kNaN}};
    geo::Seats par{{1, 1, 2}, {0, 0, 0}};
    auto all = geo::nearest_partner_rank(t, rec, par);
    EXPECT_EQ(all.rank, (std::vector<std::int64_t>{1, 1, 3, -1}));
    EXPECT_EQ(all.nearest, (std::vector<Id>{0, 0, 0, kMissing}));
    EXPECT_EQ(all.candidates, (std::vector<std::int64_t>{3, 3, 3, 3}));
    // Within programs: Q's candidates are z and x, so b (-> z, 2 km away) ranks 2 behind x.
    auto within = geo::nearest_partner_rank(t, rec, par, &t.column("program"));
    EXPECT_EQ(within.rank, (std::vector<std::int64_t>{1, 1, 2, -1}));
    EXPECT_EQ(within.candidates, (std::vector<std::int64_t>{2, 2, 2, 2}));
    // A partner without a seat is not a candidate and its pair has no rank.
    geo::Seats par_unknown{{1, kNaN, 2}, {0, kNaN, 0}};
    auto some = geo::nearest_partner_rank(t, rec, par_unknown);
    EXPECT_EQ(some.rank, (std::vector<std::int64_t>{1, -1, 2, -1}));
    EXPECT_EQ(some.candidates[0], 2);
}

TEST(Rollup, PartnerProvincesOf2022) {
    auto t = with_provinces();
    const Coded& pp = t.column("partner_province");
    auto f = stats::frequency(pp);
    EXPECT_EQ(label_of(pp, f.ids[0]), "广东省");
    EXPECT_EQ(f.counts[0], 8);
    EXPECT_EQ(label_of(pp, f.ids[1]), "浙江省");
    EXPECT_EQ(f.counts[1], 4);
    EXPECT_EQ(label_of(pp, f.ids[2]), "江苏省");
    EXPECT_EQ(f.counts[2], 3);
}

TEST(Rollup, SameProvincePairsOf2022) {
    auto t = with_provinces();
    const Coded& rp = t.column("recipient_province");
    const Coded& pp = t.column("partner_province");
    const auto map = stats::label_map(rp, pp);
    const auto rows = stats::same_label_rows(rp, pp, map);
    // 梅州-广州, 汕尾-深圳, 临沂-济南, 丽水-宁波
    EXPECT_EQ(rows, (std::vector<std::int64_t>{4, 17, 18, 19}));
    EXPECT_EQ(label_of(t.side(Side::Partner), t.side(Side::Partner).codes[4]), "广州市");
    // Excluding 广东省 on either side leaves the other two.
    const Id guangdong = rp.codes[4];
    EXPECT_EQ(stats::same_label_rows(rp, pp, stats::label_map(rp, pp, {guangdong})),
              (std::vector<std::int64_t>{18, 19}));
    EXPECT_EQ(stats::same_label_rows(rp, pp, stats::label_map(rp, pp, {}, {pp.codes[4]})),
              (std::vector<std::int64_t>{18, 19}));
    EXPECT_THROW(stats::label_map(rp, pp, {99}), std::invalid_argument);
    EXPECT_THROW(stats::same_label_rows(rp, pp, {0}), std::invalid_argument);
}

TEST(Rollup, ProvinceByProvinceOf2022) {
    auto t = with_provinces();
    const Coded& rp = t.column("recipient_province");
    const Coded& pp = t.column("partner_province");
    const auto r = stats::rollup(t, rp, pp, stats::label_map(rp, pp));
    ASSERT_EQ(r.pairs.size(), 17u);  // 17 distinct (province, province) combinations
    std::int64_t total = 0, same = 0;
    for (std::size_t k = 0; k < r.pairs.size(); ++k) {
        total += r.pairs[k];
        same += r.same_label[k] ? r.pairs[k] : 0;
    }
    EXPECT_EQ(total, 20);
    EXPECT_EQ(same, 4);
    // Largest first, ties by first appearance: 江西->广东 (row 0), 广东->广东 (row 4), 湖北->浙江 (row 9).
    EXPECT_EQ(label_of(rp, r.row_group[0]), "江西省");
    EXPECT_EQ(label_of(pp, r.column_group[0]), "广东省");
    EXPECT_EQ(label_of(rp, r.row_group[1]), "广东省");
    EXPECT_EQ(label_of(rp, r.row_group[2]), "湖北省");
    EXPECT_EQ(label_of(pp, r.column_group[2]), "浙江省");
    for (int k = 0; k < 3; ++k) {
        EXPECT_EQ(r.pairs[static_cast<std::size_t>(k)], 2);
        EXPECT_EQ(r.recipients[static_cast<std::size_t>(k)], 2);
        EXPECT_EQ(r.partners[static_cast<std::size_t>(k)], 2);
    }
    EXPECT_EQ(r.first_row[1], 4);
    EXPECT_EQ(r.same_label[1], 1);
    EXPECT_EQ(r.same_label[0], 0);
}

TEST(Rollup, RegionByPartnerProvinceCountsDistinctNames) {
    auto t = with_provinces();
    const Coded& region = t.column("region");
    const Coded& pp = t.column("partner_province");
    const auto r = stats::rollup(t, region, pp, stats::label_map(region, pp));
    // 赣闽粤原中央苏区 x 广东省: 赣州-深圳, 吉安-东莞, 龙岩-广州, 梅州-广州.
    ASSERT_EQ(label_of(region, r.row_group[0]), "赣闽粤原中央苏区");
    EXPECT_EQ(label_of(pp, r.column_group[0]), "广东省");
    EXPECT_EQ(r.pairs[0], 4);
    EXPECT_EQ(r.recipients[0], 4);
    EXPECT_EQ(r.partners[0], 3);
    for (auto s : r.same_label) EXPECT_EQ(s, 0);
}

TEST(Rollup, MissingCodesAreLeftOut) {
    PairTable t(coded({"a", "b", "c"}), coded({"x", "y", "z"}));
    Coded g{{0, kMissing, 0}, {"A"}};
    Coded h{{0, 0, 0}, {"A"}};
    const auto map = stats::label_map(g, h);
    const auto r = stats::rollup(t, g, h, map);
    ASSERT_EQ(r.pairs, (std::vector<std::int64_t>{2}));
    EXPECT_EQ(r.recipients[0], 2);
    EXPECT_EQ(stats::same_label_rows(g, h, map), (std::vector<std::int64_t>{0, 2}));
    EXPECT_THROW(stats::rollup(t, g, Coded{{0}, {"A"}}, map), std::invalid_argument);
}

TEST(NearestPartnerRank, ScanningAndSortingAgree) {
    // Recipient "a" has 12 rows in one scope (ranked after one sort), "b" 3 (ranked by scanning);
    // both are checked against a brute-force count over all 12 partners.
    std::vector<std::string> recipients, partners;
    for (int k = 0; k < 12; ++k) {
        recipients.push_back("a");
        partners.push_back("p" + std::to_string(k));
    }
    for (int k : {3, 7, 11}) {
        recipients.push_back("b");
        partners.push_back("p" + std::to_string(k));
    }
    PairTable t(coded(recipients), coded(partners));
    geo::Seats rec{{100, 120}, {30, 25}};
    geo::Seats par;
    for (int k = 0; k < 12; ++k) {
        par.lon.push_back(95 + 3.1 * ((k * 7) % 12));
        par.lat.push_back(20 + 1.7 * ((k * 5) % 12));
    }
    par.lon[5] = par.lon[2];  // p2 and p5 share a seat: a tie
    par.lat[5] = par.lat[2];
    const auto n = geo::nearest_partner_rank(t, rec, par);
    for (std::size_t i = 0; i < t.size(); ++i) {
        const auto r = static_cast<std::size_t>(t.side(Side::Recipient).codes[i]);
        const Id p = t.side(Side::Partner).codes[i];
        const double d = geo::haversine_km(rec.lon[r], rec.lat[r], par.lon[static_cast<std::size_t>(p)],
                                           par.lat[static_cast<std::size_t>(p)]);
        std::int64_t nearer = 0;
        double best = std::numeric_limits<double>::infinity();
        Id best_id = kMissing;
        for (std::size_t q = 0; q < 12; ++q) {
            const double dq = geo::haversine_km(rec.lon[r], rec.lat[r], par.lon[q], par.lat[q]);
            nearer += dq < d;
            if (dq < best) {
                best = dq;
                best_id = static_cast<Id>(q);
            }
        }
        EXPECT_EQ(n.rank[i], 1 + nearer) << i;
        EXPECT_EQ(n.nearest[i], best_id) << i;
        EXPECT_DOUBLE_EQ(n.nearest_km[i], best) << i;
    }
    // The tie: p2 and p5 are equally far from everyone, so they share a rank.
    EXPECT_EQ(n.rank[2], n.rank[5]);
}

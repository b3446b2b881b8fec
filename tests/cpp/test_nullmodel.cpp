#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <numeric>
#include <set>
#include <stdexcept>

#include "duikou/io/error.hpp"
#include "duikou/nullmodel/exact.hpp"
#include "duikou/nullmodel/random.hpp"
#include "duikou/nullmodel/run.hpp"
#include "duikou/nullmodel/sampler.hpp"
#include "duikou/nullmodel/statistic.hpp"
#include "duikou/nullmodel/tracker.hpp"
#include "fixtures.hpp"

using namespace duikou;
using namespace duikou::nullmodel;
using duikou::testing::coded;

namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

PairTable table_of(const Pairs& pairs) {
    std::vector<std::string> r, p;
    for (const auto& [a, b] : pairs) {
        r.push_back(a);
        p.push_back(b);
    }
    return PairTable(coded(r), coded(p));
}

// A random binary table: `n_rec` recipients with 1..max_degree partners each,
// partners drawn with a skew so that partner degrees differ.
PairTable synthetic(int n_rec, int n_par, int max_degree, std::uint64_t seed) {
    auto rng = stream(seed, 0);
    Pairs pairs;
    for (int r = 0; r < n_rec; ++r) {
        const auto d = 1 + static_cast<int>(rng.below(static_cast<std::uint64_t>(max_degree)));
        std::set<int> mine;
        while (static_cast<int>(mine.size()) < d) {
            // The smaller of two uniforms: low ids are more popular.
            const auto a = rng.below(static_cast<std::uint64_t>(n_par)), b = rng.below(static_cast<std::uint64_t>(n_par));
            mine.insert(static_cast<int>(std::min(a, b)));
        }
        for (int p : mine) pairs.emplace_back("r" + std::to_string(r), "p" + std::to_string(p));
    }
    return table_of(pairs);
}

std::vector<std::int64_t> partner_degrees(const Layout& layout, const Id* partners) {
    std::vector<std::int64_t> d(layout.n_partners(), 0);
    for (std::size_t k = 0; k < layout.size(); ++k) ++d[static_cast<std::size_t>(partners[k])];
    return d;
}

// Every binary table with the margins of `layout` (curveball's space), as
// slot-order partner lists, by brute force over all R x P 0/1 matrices.
std::vector<std::vector<Id>> all_tables_with_margins(const Layout& layout) {
    const std::size_t R = layout.n_recipients(), P = layout.n_partners();
    const auto cols = partner_degrees(layout, layout.partners.data());
    std::vector<std::vector<Id>> out;
    for (std::uint64_t mask = 0; mask < (std::uint64_t{1} << (R * P)); ++mask) {
        std::vector<Id> table;
        std::vector<std::int64_t> col(P, 0);
        bool ok = true;
        for (std::size_t r = 0; r < R && ok; ++r) {
            std::int64_t d = 0;
            for (std::size_t p = 0; p < P; ++p)
                if (mask >> (r * P + p) & 1) {
                    table.push_back(static_cast<Id>(p));
                    ++col[p];
                    ++d;
                }
            ok = d == layout.degree(static_cast<Id>(r));
        }
        if (ok && col == cols) out.push_back(table);
    }
    return out;
}

// Upper alpha point of chi-square (Wilson & Hilferty 1931 approximation).
double chi_square_critical(double df, double z) {
    const double a = 2.0 / (9.0 * df);
    return df * std::pow(1 - a + z * std::sqrt(a), 3);
}

// Chi-square statistic of observed counts against equal expected counts.
double chi_square_uniform(const std::vector<std::int64_t>& counts) {
    const double total = static_cast<double>(std::accumulate(counts.begin(), counts.end(), std::int64_t{0}));
    const double expected = total / static_cast<double>(counts.size());
    double x = 0;
    for (auto c : counts) x += (static_cast<double>(c) - expected) * (static_cast<double>(c) - expected) / expected;
    return x;
}

constexpr double kZ001 = 3.090232;  // standard normal upper 0.001 point

RunOptions run(std::int64_t draws, std::uint64_t seed, int threads = 2) {
    RunOptions o;
    o.draws = draws;
    o.seed = seed;
    o.threads = threads;
    return o;
}

// Recipients r0..r3 with degrees 2, 1, 2, 1 and partners x, y, z with degrees 2, 2, 2.
const Pairs kSmall = {{"r0", "x"}, {"r0", "y"}, {"r1", "x"}, {"r2", "y"}, {"r2", "z"}, {"r3", "z"}};

}  // namespace

TEST(NullRandom, GeneratorsMatchTheirReferenceOutputs) {
    // Reference outputs of the authors' C code (splitmix64.c seeded with 1234567,
    // xoshiro256starstar.c with state {1, 2, 3, 4}).
    SplitMix64 sm(1234567);
    for (std::uint64_t want : {6457827717110365317ULL, 3203168211198807973ULL, 9817491932198370423ULL})
        EXPECT_EQ(sm.next(), want);
    auto x = Xoshiro256::from_state(1, 2, 3, 4);
    for (std::uint64_t want : {11520ULL, 0ULL, 1509978240ULL, 1215971899390074240ULL}) EXPECT_EQ(x.next(), want);
}

TEST(NullRandom, StreamsArePinned) {
    // Fixed outputs: a change of generator, seeding or compiler behaviour shows here.
    auto a = stream(42, 0);
    EXPECT_EQ(a.next(), 15343175818433728331ULL);
    EXPECT_EQ(a.next(), 11967538312031461342ULL);
    auto b = stream(42, 1);
    EXPECT_EQ(b.below(1000), 92u);
    EXPECT_EQ(b.below(7), 1u);
}

TEST(NullRandom, StreamsDifferAndBelowStaysInRange) {
    EXPECT_NE(stream(1, 0).next(), stream(1, 1).next());
    EXPECT_NE(stream(1, 0).next(), stream(2, 0).next());
    auto rng = stream(3, 3);
    std::vector<std::int64_t> counts(5, 0);
    for (int i = 0; i < 50000; ++i) {
        const auto v = rng.below(5);
        ASSERT_LT(v, 5u);
        ++counts[v];
    }
    EXPECT_LT(chi_square_uniform(counts), chi_square_critical(4, kZ001));
    for (int i = 0; i < 1000; ++i) {
        const double u = rng.uniform();
        ASSERT_GE(u, 0.0);
        ASSERT_LT(u, 1.0);
    }
}

TEST(NullLayout, SortsPartnersAndRejectsDuplicatesAndMissing) {
    auto layout = make_layout(table_of({{"a", "y"}, {"b", "x"}, {"a", "x"}}));
    EXPECT_EQ(layout.offsets, (std::vector<std::int64_t>{0, 2, 3}));
    EXPECT_EQ(layout.partners, (std::vector<Id>{0, 1, 1}));  // ids: y = 0, x = 1; a's sorted
    EXPECT_EQ(layout.rows, (std::vector<std::int64_t>{0, 2, 1}));

    try {
        make_layout(table_of({{"a", "x"}, {"b", "x"}, {"a", "x"}}));
        FAIL() << "a duplicate pair was accepted";
    } catch (const io::InputError& e) {
        EXPECT_EQ(e.field(), "partner");
        EXPECT_NE(std::string(e.what()).find("row 3 repeats the pair (a, x) of row 1"), std::string::npos) << e.what();
    }
    PairTable missing(Coded{{0, kMissing}, {"a"}}, Coded{{0, 0}, {"x"}});
    EXPECT_THROW(make_layout(missing), io::InputError);
}

TEST(NullSampler, DefaultsAndArgumentErrors) {
    auto t = duikou::testing::load_2022();
    Sampler s(make_layout(t), ModelOptions{});
    EXPECT_EQ(s.tradable(), 20);
    EXPECT_EQ(s.burn_in(), 400);
    EXPECT_EQ(s.thin(), 20);
    EXPECT_EQ(s.chain_length(), kDefaultChainLength);

    ModelOptions fixed;
    fixed.method = Method::FixedRecipients;
    Sampler f(make_layout(t), fixed);
    EXPECT_EQ(f.chain_length(), 1);
    EXPECT_EQ(f.burn_in(), 0);

    ModelOptions bad = fixed;
    bad.thin = 3;
    EXPECT_THROW(Sampler(make_layout(t), bad), std::invalid_argument);
    ModelOptions cap;
    cap.capacity.assign(15, 1.0);
    EXPECT_THROW(Sampler(make_layout(t), cap), std::invalid_argument);  // curveball has no capacity
    cap.method = Method::FixedRecipients;
    cap.capacity.assign(3, 1.0);
    EXPECT_THROW(Sampler(make_layout(t), cap), std::invalid_argument);  // wrong size
    cap.capacity.assign(15, 0.0);
    EXPECT_THROW(Sampler(make_layout(t), cap), std::invalid_argument);  // nobody can be drawn
    ModelOptions strata;
    strata.strata.assign(20, 0);
    strata.strata[3] = kMissing;
    EXPECT_THROW(Sampler(make_layout(t), strata), io::InputError);
    EXPECT_THROW(parse_method("swap"), std::invalid_argument);
    EXPECT_THROW(parse_statistic("median"), std::invalid_argument);
}

TEST(NullSampler, TradeKeepsSharedPartnersAndCounts) {
    auto layout = make_layout(table_of({{"a", "p0"}, {"a", "p1"}, {"a", "p2"}, {"b", "p1"}, {"b", "p3"}}));
    Sampler s(layout, ModelOptions{});
    auto work = s.workspace();
    std::set<std::vector<Id>> seen;
    for (std::uint64_t k = 0; k < 200; ++k) {
        auto rng = stream(9, k);
        std::vector<Id> state = s.layout().partners;
        s.trade(state, 0, 1, rng, work);
        // a keeps 3 partners and b 2; p1 (shared) stays with both; lists stay sorted.
        std::vector<Id> a(state.begin(), state.begin() + 3), b(state.begin() + 3, state.end());
        ASSERT_TRUE(std::is_sorted(a.begin(), a.end()));
        ASSERT_TRUE(std::is_sorted(b.begin(), b.end()));
        ASSERT_TRUE(std::count(a.begin(), a.end(), 1) == 1 && std::count(b.begin(), b.end(), 1) == 1);
        std::multiset<Id> all(state.begin(), state.end());
        ASSERT_EQ(all, (std::multiset<Id>{0, 1, 1, 2, 3}));
        seen.insert(state);
    }
    EXPECT_EQ(seen.size(), 3u);  // a's exclusive pair is any 2 of {p0, p2, p3}
}

TEST(NullSampler, ATradeDealsEveryWayEquallyOften) {
    // a and b share p0; a has 4 partners of its own and b 2 (and the reverse):
    // the 6 pooled partners are dealt 4 to a, each of the C(6, 4) = 15 ways
    // equally likely, whichever side the partial shuffle picks for.
    for (bool a_has_more : {true, false}) {
        const Pairs mine = {{"a", "p0"}, {"a", "p1"}, {"a", "p2"}, {"a", "p3"}, {"a", "p4"}, {"b", "p0"}, {"b", "p5"}, {"b", "p6"}};
        const Pairs theirs = {{"a", "p0"}, {"a", "p5"}, {"a", "p6"}, {"b", "p0"}, {"b", "p1"}, {"b", "p2"}, {"b", "p3"}, {"b", "p4"}};
        auto layout = make_layout(table_of(a_has_more ? mine : theirs));
        Sampler s(layout, ModelOptions{});
        auto work = s.workspace();
        std::map<std::vector<Id>, std::int64_t> counts;
        const std::int64_t n = 15 * 400;
        for (std::int64_t k = 0; k < n; ++k) {
            auto rng = stream(3, static_cast<std::uint64_t>(k));
            std::vector<Id> state = s.layout().partners;
            s.trade(state, 0, 1, rng, work);
            ++counts[state];
        }
        ASSERT_EQ(counts.size(), 15u);
        std::vector<std::int64_t> observed;
        for (const auto& [state, count] : counts) observed.push_back(count);
        EXPECT_LT(chi_square_uniform(observed), chi_square_critical(14, kZ001));
    }
}

TEST(NullSampler, CurveballKeepsBothDegreeSequencesOnEveryDraw) {
    for (const auto& table : {duikou::testing::load_2022(), synthetic(300, 60, 6, 11)}) {
        Sampler s(make_layout(table), ModelOptions{});
        const auto& L = s.layout();
        const auto cols = partner_degrees(L, L.partners.data());
        const auto draws = sample_tables(s, run(600, 5));
        std::int64_t changed = 0;
        for (std::size_t i = 0; i < 600; ++i) {
            const Id* partners_by_row = draws.data() + i * L.size();
            std::vector<Id> slots(L.size());
            for (std::size_t k = 0; k < L.size(); ++k) slots[k] = partners_by_row[L.rows[k]];
            ASSERT_EQ(partner_degrees(L, slots.data()), cols) << "draw " << i;
            for (std::size_t r = 0; r < L.n_recipients(); ++r) {  // binary: no partner twice
                std::set<Id> mine(slots.begin() + L.offsets[r], slots.begin() + L.offsets[r + 1]);
                ASSERT_EQ(static_cast<std::int64_t>(mine.size()), L.degree(static_cast<Id>(r)));
            }
            changed += slots != L.partners;
        }
        EXPECT_GT(changed, 590);  // the chain moves
    }
}

TEST(NullSampler, StratifiedCurveballKeepsTheStratumByPartnerMatrix) {
    auto table = synthetic(120, 30, 4, 12);
    auto layout = make_layout(table);
    ModelOptions o;
    for (std::size_t r = 0; r < layout.n_recipients(); ++r) o.strata.push_back(static_cast<Id>(r % 5));
    Sampler s(layout, o);
    const auto& L = s.layout();
    auto matrix = [&](const Id* slots) {
        std::map<std::pair<Id, Id>, int> m;
        for (std::size_t k = 0; k < L.size(); ++k) ++m[{o.strata[static_cast<std::size_t>(L.recipients[k])], slots[k]}];
        return m;
    };
    const auto observed = matrix(L.partners.data());
    const auto draws = sample_tables(s, run(300, 6));
    bool moved = false;
    for (std::size_t i = 0; i < 300; ++i) {
        std::vector<Id> slots(L.size());
        for (std::size_t k = 0; k < L.size(); ++k) slots[k] = draws[i * L.size() + static_cast<std::size_t>(L.rows[k])];
        ASSERT_EQ(matrix(slots.data()), observed) << "draw " << i;
        moved = moved || slots != L.partners;
    }
    EXPECT_TRUE(moved);
}

TEST(NullSampler, CurveballIsUniformOverTheFixedMarginTables) {
    // 4 x 4 table; every binary table with its margins is listed by brute force.
    const Pairs pairs = {{"r0", "a"}, {"r0", "b"}, {"r1", "a"}, {"r1", "c"}, {"r1", "d"},
                         {"r2", "b"}, {"r3", "c"}, {"r3", "d"}};
    auto layout = make_layout(table_of(pairs));
    const auto states = all_tables_with_margins(layout);
    ASSERT_GE(states.size(), 20u);
    std::map<std::vector<Id>, std::size_t> index;
    for (std::size_t k = 0; k < states.size(); ++k) index[states[k]] = k;

    // Independent draws (chain_length 1) and one long thinned chain.
    for (std::int64_t chain_length : {1, 2000}) {
        ModelOptions o;
        o.chain_length = chain_length;
        o.burn_in = 40;
        o.thin = chain_length == 1 ? 1 : 12;
        Sampler s(layout, o);
        const std::int64_t n = 40 * static_cast<std::int64_t>(states.size()) * 10;
        const auto draws = sample_tables(s, run(n, 17));
        std::vector<std::int64_t> counts(states.size(), 0);
        for (std::int64_t i = 0; i < n; ++i) {
            std::vector<Id> slots(layout.size());
            for (std::size_t k = 0; k < layout.size(); ++k)
                slots[k] = draws[static_cast<std::size_t>(i) * layout.size() + static_cast<std::size_t>(layout.rows[k])];
            auto it = index.find(slots);
            ASSERT_NE(it, index.end()) << "a draw outside the fixed-margin space";
            ++counts[it->second];
        }
        const double x = chi_square_uniform(counts);
        EXPECT_LT(x, chi_square_critical(static_cast<double>(states.size() - 1), kZ001))
            << "chain_length " << chain_length << ": chi-square " << x << " over " << states.size() << " tables";
        EXPECT_GT(*std::min_element(counts.begin(), counts.end()), 0);
    }
}

TEST(NullSampler, FixedRecipientsDrawsUniformSubsetsOfThePool) {
    // r0 needs 2 of the 4 partners (6 subsets), r1 needs 1.
    auto layout = make_layout(table_of({{"r0", "a"}, {"r0", "b"}, {"r1", "c"}, {"r2", "d"}}));
    ModelOptions o;
    o.method = Method::FixedRecipients;
    Sampler s(layout, o);
    const std::int64_t n = 60000;
    const auto draws = sample_tables(s, run(n, 3));
    std::map<std::pair<Id, Id>, std::int64_t> subsets;
    std::vector<std::int64_t> single(4, 0);
    for (std::int64_t i = 0; i < n; ++i) {
        const Id* row = draws.data() + i * 4;
        ASSERT_NE(row[0], row[1]);
        ++subsets[{std::min(row[0], row[1]), std::max(row[0], row[1])}];
        ++single[static_cast<std::size_t>(row[2])];
    }
    ASSERT_EQ(subsets.size(), 6u);
    std::vector<std::int64_t> counts;
    for (const auto& kv : subsets) counts.push_back(kv.second);
    EXPECT_LT(chi_square_uniform(counts), chi_square_critical(5, kZ001));
    EXPECT_LT(chi_square_uniform(single), chi_square_critical(3, kZ001));
}

TEST(NullSampler, FixedRecipientsFollowsCapacityAndStrata) {
    auto table = table_of({{"r0", "a"}, {"r1", "b"}, {"r2", "c"}, {"r3", "d"}, {"r3", "a"}});
    auto layout = make_layout(table);
    ModelOptions o;
    o.method = Method::FixedRecipients;
    o.capacity = {1.0, 2.0, 3.0, 0.0};  // a, b, c, d: d is never drawn
    Sampler s(layout, o);
    const std::int64_t n = 60000;
    const auto draws = sample_tables(s, run(n, 4));
    std::vector<std::int64_t> r0(4, 0);
    std::int64_t r3_pairs[4][4] = {};
    for (std::int64_t i = 0; i < n; ++i) {
        const Id* row = draws.data() + i * 5;
        ++r0[static_cast<std::size_t>(row[0])];
        ASSERT_NE(row[3], 3);
        ASSERT_NE(row[4], 3);
        ASSERT_NE(row[3], row[4]);
        ++r3_pairs[std::min(row[3], row[4])][std::max(row[3], row[4])];
    }
    EXPECT_EQ(r0[3], 0);
    // r0 draws a, b, c with probabilities 1/6, 2/6, 3/6.
    double x = 0;
    for (int p = 0; p < 3; ++p) {
        const double e = static_cast<double>(n) * (p + 1) / 6.0;
        x += (static_cast<double>(r0[static_cast<std::size_t>(p)]) - e) * (static_cast<double>(r0[static_cast<std::size_t>(p)]) - e) / e;
    }
    EXPECT_LT(x, chi_square_critical(2, kZ001));
    // Successive sampling of 2 from weights 1, 2, 3: P{a, b} = 1/6*2/5 + 2/6*1/4 = 0.15.
    EXPECT_NEAR(static_cast<double>(r3_pairs[0][1]) / n, 0.15, 4 * std::sqrt(0.15 * 0.85 / n));

    // Strata: r0, r1 in stratum 0 (pool a, b); r2, r3 in stratum 1 (pool c, d, a).
    ModelOptions st;
    st.method = Method::FixedRecipients;
    st.strata = {0, 0, 1, 1};
    Sampler ss(layout, st);
    const auto sd = sample_tables(ss, run(2000, 5));
    std::set<Id> pool0, pool1;
    for (std::int64_t i = 0; i < 2000; ++i) {
        pool0.insert({sd[static_cast<std::size_t>(i * 5)], sd[static_cast<std::size_t>(i * 5 + 1)]});
        pool1.insert({sd[static_cast<std::size_t>(i * 5 + 2)], sd[static_cast<std::size_t>(i * 5 + 3)],
                      sd[static_cast<std::size_t>(i * 5 + 4)]});
    }
    EXPECT_EQ(pool0, (std::set<Id>{0, 1}));
    EXPECT_EQ(pool1, (std::set<Id>{0, 2, 3}));
}

TEST(NullStatistic, HandCheckedValues) {
    // r0-x, r0-y, r1-x, r2-y, r2-z, r3-z; partner degrees x 2, y 2, z 2.
    auto layout = std::make_shared<const Layout>(make_layout(table_of(kSmall)));
    const auto& P = layout->partners;
    auto eval = [&](StatisticSpec spec) {
        Statistic st(layout, std::move(spec));
        auto w = st.workspace();
        return st.evaluate(P, w);
    };
    EXPECT_EQ(eval({StatisticKind::MaxFrequency}), 2.0);
    EXPECT_NEAR(eval({StatisticKind::Hhi}), 3 * (1.0 / 9), 1e-15);
    EXPECT_NEAR(eval({StatisticKind::Gini}), 0.0, 1e-15);
    // Groups: r0, r1 in g0 and r2, r3 in g1; partners x in g0, y in g1, z in g2.
    StatisticSpec same{StatisticKind::SameGroup};
    same.recipient_group = {0, 0, 1, 1};
    same.partner_group = {0, 1, 2};
    EXPECT_NEAR(eval(same), 3.0 / 6, 1e-15);  // r0-x, r1-x, r2-y
    same.partner_group = {0, 1, kMissing};      // z unknown: its 2 pairs leave the denominator
    EXPECT_NEAR(eval(same), 3.0 / 4, 1e-15);
    same.partner_group.assign(3, kMissing);
    EXPECT_TRUE(std::isnan(eval(same)));
    // Regions: r0 A, r1 B, r2 A, r3 A. x serves A, B; y serves A; z serves A: reach 4.
    StatisticSpec reach{StatisticKind::Reach};
    reach.recipient_group = {0, 1, 0, 0};
    EXPECT_EQ(eval(reach), 4.0);
    // x, y, z all serve A: 3 co-serving pairs. With r2 and r3 in C: x-y share A only.
    StatisticSpec co{StatisticKind::CoServing};
    co.recipient_group = {0, 1, 0, 0};
    EXPECT_EQ(eval(co), 3.0);
    co.recipient_group = {0, 1, 2, 2};
    EXPECT_EQ(eval(co), 2.0);  // x-y (A), y-z (C)
    // Distances: all recipients at (0, 0); partners on the equator 1 and 2 degrees east, z on the pole.
    StatisticSpec dist{StatisticKind::MeanDistance};
    dist.recipient_lon.assign(4, 0.0);
    dist.recipient_lat.assign(4, 0.0);
    dist.partner_lon = {1.0, 2.0, 0.0};
    dist.partner_lat = {0.0, 0.0, 90.0};
    const double degree_km = 6371.0088 * std::acos(-1.0) / 180;
    // Each distance is rounded to 2^-20 km (about 1 mm) so that sums are exact integers.
    EXPECT_NEAR(eval(dist), (1 + 2 + 1 + 2 + 90 + 90) * degree_km / 6, 1e-6);
}

TEST(NullStatistic, InputErrors) {
    auto layout = std::make_shared<const Layout>(make_layout(table_of(kSmall)));
    StatisticSpec s{StatisticKind::SameGroup};
    s.recipient_group = {0, 0};
    s.partner_group = {0, 1, 2};
    EXPECT_THROW(Statistic(layout, s), std::invalid_argument);
    StatisticSpec reach{StatisticKind::Reach};
    reach.recipient_group = {0, kMissing, 0, 0};
    EXPECT_THROW(Statistic(layout, reach), io::InputError);
    StatisticSpec dist{StatisticKind::MeanDistance};
    dist.recipient_lon = {0, 0, 0, 0};
    dist.recipient_lat = {0, 0, NAN, 0};
    dist.partner_lon = {0, 0, 0};
    dist.partner_lat = {0, 0, 0};
    try {
        Statistic(layout, dist);
        FAIL();
    } catch (const io::InputError& e) {
        EXPECT_NE(std::string(e.what()).find("recipient r2"), std::string::npos) << e.what();
    }
}

TEST(NullRun, IdenticalForAnyThreadCountAndInPieces) {
    auto table = synthetic(400, 50, 5, 21);
    for (Method method : {Method::Curveball, Method::FixedRecipients}) {
        ModelOptions o;
        o.method = method;
        if (method == Method::Curveball) o.chain_length = 50;
        Sampler s(make_layout(table), o);
        StatisticSpec spec{StatisticKind::Reach};
        for (std::size_t r = 0; r < s.layout().n_recipients(); ++r) spec.recipient_group.push_back(static_cast<Id>(r % 7));
        Statistic st(s.shared_layout(), spec);
        const auto one = sample_statistic(s, st, run(500, 99, 1));
        const auto two = sample_statistic(s, st, run(500, 99, 2));
        const auto four = sample_statistic(s, st, run(500, 99, 4));
        EXPECT_EQ(one, two);
        EXPECT_EQ(one, four);
        auto piece = run(200, 99, 2);
        piece.first_draw = 300;
        const auto tail = sample_statistic(s, st, piece);
        EXPECT_TRUE(std::equal(tail.begin(), tail.end(), one.begin() + 300));
        EXPECT_NE(sample_statistic(s, st, run(500, 100, 2)), one);
        std::set<double> distinct(one.begin(), one.end());
        EXPECT_GT(distinct.size(), 5u);
        piece.first_draw = 30;
        if (method == Method::Curveball) EXPECT_THROW(sample_statistic(s, st, piece), std::invalid_argument);
    }
}

TEST(NullRun, SeededValuesArePinned) {
    // The first draws of fixed seeds on the 2022 table: a change of generator,
    // sampler or statistic shows here.
    auto table = duikou::testing::load_2022();
    ModelOptions fixed;
    fixed.method = Method::FixedRecipients;
    Sampler s(make_layout(table), fixed);
    Statistic st(s.shared_layout(), StatisticSpec{StatisticKind::MaxFrequency});
    EXPECT_EQ(sample_statistic(s, st, run(8, 2022)), (std::vector<double>{4, 4, 3, 3, 3, 6, 3, 4}));

    Sampler c(make_layout(table), ModelOptions{});
    StatisticSpec reach{StatisticKind::Reach};
    reach.recipient_group = table.column("region").codes;
    std::vector<Id> by_recipient(c.layout().n_recipients());
    for (std::size_t k = 0; k < c.layout().size(); ++k)
        by_recipient[static_cast<std::size_t>(c.layout().recipients[k])] =
            reach.recipient_group[static_cast<std::size_t>(c.layout().rows[k])];
    reach.recipient_group = by_recipient;
    Statistic rs(c.shared_layout(), reach);
    // Since 0.x (CHANGELOG): curveball pairs come from their own generator, seeded by the draw's stream.
    EXPECT_EQ(sample_statistic(c, rs, run(8, 2022)), (std::vector<double>{19, 20, 20, 18, 19, 19, 20, 20}));
}

TEST(NullRun, PollExceptionStopsTheWorkers) {
    auto table = synthetic(2000, 200, 8, 5);
    ModelOptions o;
    o.burn_in = 100'000'000;  // far longer than the test: only the stop flag can end it
    Sampler s(make_layout(table), o);
    Statistic st(s.shared_layout(), StatisticSpec{StatisticKind::MaxFrequency});
    auto options = run(1000, 1);
    int polls = 0;
    options.poll = [&](std::int64_t) {
        if (++polls == 3) throw std::runtime_error("interrupted");
    };
    options.poll_every = std::chrono::milliseconds(10);
    EXPECT_THROW(sample_statistic(s, st, options), std::runtime_error);
    EXPECT_EQ(polls, 3);
}

TEST(NullRun, WorkerExceptionsReachTheCaller) {
    Sampler s(make_layout(table_of(kSmall)), ModelOptions{});
    auto options = run(100, 1);
    EXPECT_THROW(run_draws(
                     s, options, [](int) {},
                     [](int, std::int64_t draw, const std::vector<Id>&) {
                         if (draw == 42) throw std::logic_error("bad draw");
                     }),
                 std::logic_error);
}

namespace {

// Exact distribution of a statistic by listing every table of a small space.
std::map<double, double> brute_force(const Statistic& st, const std::vector<std::vector<Id>>& tables) {
    std::map<double, double> out;
    auto w = st.workspace();
    for (const auto& t : tables) out[st.evaluate(t, w)] += 1.0 / static_cast<double>(tables.size());
    return out;
}

void expect_same_distribution(const ExactDistribution& exact, const std::map<double, double>& brute) {
    std::map<double, double> merged;  // tolerate rounding differences in the values
    for (std::size_t k = 0; k < exact.values.size(); ++k) {
        auto it = brute.lower_bound(exact.values[k] - 1e-9);
        ASSERT_TRUE(it != brute.end() && std::abs(it->first - exact.values[k]) < 1e-9) << exact.values[k];
        merged[it->first] += exact.probabilities[k];
    }
    ASSERT_EQ(merged.size(), brute.size());
    for (const auto& [v, p] : brute) EXPECT_NEAR(merged[v], p, 1e-12) << "value " << v;
}

}  // namespace

TEST(NullExact, CurveballMatchesBruteForceEnumeration) {
    const Pairs pairs = {{"r0", "a"}, {"r0", "b"}, {"r1", "a"}, {"r1", "c"}, {"r1", "d"},
                         {"r2", "b"}, {"r3", "c"}, {"r3", "d"}, {"r4", "a"}};
    Sampler s(make_layout(table_of(pairs)), ModelOptions{});
    const auto tables = all_tables_with_margins(s.layout());
    StatisticSpec same{StatisticKind::SameGroup};
    same.recipient_group = {0, 1, 0, 2, 1};
    same.partner_group = {0, 1, 2, kMissing};
    StatisticSpec reach{StatisticKind::Reach};
    reach.recipient_group = {0, 1, 0, 1, 2};
    StatisticSpec dist{StatisticKind::MeanDistance};
    dist.recipient_lon = {100, 110, 120, 101, 115};
    dist.recipient_lat = {20, 30, 25, 40, 35};
    dist.partner_lon = {113, 121, 117, 104};
    dist.partner_lat = {23, 31, 39, 30};
    for (const auto& spec : {same, reach, dist, StatisticSpec{StatisticKind::Gini}}) {
        Statistic st(s.shared_layout(), spec);
        const auto exact = exact_distribution(s, st);
        expect_same_distribution(exact, brute_force(st, tables));
        EXPECT_NEAR(std::exp(exact.log_tables), static_cast<double>(tables.size()), 1e-6) << statistic_name(st.kind());
    }
    Statistic co(s.shared_layout(), [] {
        StatisticSpec c{StatisticKind::CoServing};
        c.recipient_group = {0, 1, 0, 1, 2};
        return c;
    }());
    EXPECT_THROW(exact_distribution(s, co), ExactUnavailable);
    // Unknown groups on both sides: the share's denominator varies between tables.
    same.recipient_group[4] = kMissing;
    EXPECT_THROW(exact_distribution(s, Statistic(s.shared_layout(), same)), ExactUnavailable);
    // Only recipients unknown: the denominator is fixed and the enumeration exact.
    same.partner_group[3] = 1;
    Statistic known(s.shared_layout(), same);
    expect_same_distribution(exact_distribution(s, known), brute_force(known, tables));
    // Group codes that only one side uses (recipient 9, partner 7) never match.
    same.recipient_group = {0, 9, 0, 2, 1};
    same.partner_group = {0, 1, 7, 1};
    Statistic lopsided(s.shared_layout(), same);
    expect_same_distribution(exact_distribution(s, lopsided), brute_force(lopsided, tables));
}

TEST(NullExact, StratifiedCurveballMatchesBruteForce) {
    const Pairs pairs = {{"r0", "a"}, {"r0", "b"}, {"r1", "a"}, {"r2", "c"}, {"r2", "b"},
                         {"r3", "c"}, {"r4", "a"}, {"r4", "c"}, {"r5", "b"}};
    ModelOptions o;
    o.strata = {0, 0, 1, 1, 0, 1};
    Sampler s(make_layout(table_of(pairs)), o);
    const auto& L = s.layout();
    // Brute force: tables with the margins whose stratum x partner matrix is the observed one.
    auto matrix = [&](const std::vector<Id>& slots) {
        std::map<std::pair<Id, Id>, int> m;
        for (std::size_t k = 0; k < L.size(); ++k) ++m[{o.strata[static_cast<std::size_t>(L.recipients[k])], slots[k]}];
        return m;
    };
    std::vector<std::vector<Id>> tables;
    for (const auto& t : all_tables_with_margins(L))
        if (matrix(t) == matrix(L.partners)) tables.push_back(t);
    StatisticSpec same{StatisticKind::SameGroup};
    same.recipient_group = {0, 1, 2, 0, 1, 2};
    same.partner_group = {0, 1, 2};
    Statistic st(s.shared_layout(), same);
    expect_same_distribution(exact_distribution(s, st), brute_force(st, tables));
}

TEST(NullExact, FixedRecipientsMatchesBruteForce) {
    const Pairs pairs = {{"r0", "a"}, {"r0", "b"}, {"r1", "c"}, {"r2", "a"}, {"r3", "d"}, {"r3", "b"}};
    for (bool stratified : {false, true}) {
        ModelOptions o;
        o.method = Method::FixedRecipients;
        if (stratified) o.strata = {0, 1, 1, 0};  // pools {a, b, d} and {c, a}
        Sampler s(make_layout(table_of(pairs)), o);
        const auto& L = s.layout();
        // Every combination of subsets of each recipient's pool.
        std::vector<std::vector<std::vector<Id>>> choices(L.n_recipients());
        for (std::size_t r = 0; r < L.n_recipients(); ++r) {
            std::set<Id> pool;
            for (std::size_t k = 0; k < L.size(); ++k)
                if (!stratified || o.strata[static_cast<std::size_t>(L.recipients[k])] == o.strata[r]) pool.insert(L.partners[k]);
            std::vector<Id> v(pool.begin(), pool.end());
            for (std::uint32_t mask = 0; mask < (1u << v.size()); ++mask)
                if (__builtin_popcount(mask) == L.degree(static_cast<Id>(r))) {
                    std::vector<Id> pick;
                    for (std::size_t b = 0; b < v.size(); ++b)
                        if (mask >> b & 1) pick.push_back(v[b]);
                    choices[r].push_back(pick);
                }
        }
        std::vector<std::vector<Id>> tables{{}};
        for (const auto& options : choices) {
            std::vector<std::vector<Id>> grown;
            for (const auto& t : tables)
                for (const auto& pick : options) {
                    auto u = t;
                    u.insert(u.end(), pick.begin(), pick.end());
                    grown.push_back(u);
                }
            tables = grown;
        }
        StatisticSpec same{StatisticKind::SameGroup};
        same.recipient_group = {0, 1, 0, 1};
        same.partner_group = {0, 1, 1, 0};
        StatisticSpec dist{StatisticKind::MeanDistance};
        dist.recipient_lon = {100, 110, 120, 101};
        dist.recipient_lat = {20, 30, 25, 40};
        dist.partner_lon = {113, 121, 117, 104};
        dist.partner_lat = {23, 31, 39, 30};
        for (const auto& spec : {same, dist, StatisticSpec{StatisticKind::MaxFrequency}, StatisticSpec{StatisticKind::Hhi},
                                 StatisticSpec{StatisticKind::Gini}}) {
            Statistic st(s.shared_layout(), spec);
            const auto exact = exact_distribution(s, st);
            expect_same_distribution(exact, brute_force(st, tables));
            EXPECT_NEAR(std::exp(exact.log_tables), static_cast<double>(tables.size()), 1e-6);
        }
    }
}

TEST(NullExact, The2022TableIsCountedExactly) {
    auto table = duikou::testing::load_2022();
    Sampler s(make_layout(table), ModelOptions{});
    // 20 recipients of degree 1 dealt to partner slots 3, 2, 2, 2, 1 x 11: 20! / (3! 2! 2! 2!).
    const double log_count = std::lgamma(21.0) - std::log(6.0 * 8.0);
    Statistic gini(s.shared_layout(), StatisticSpec{StatisticKind::Gini});
    const auto fixed = exact_distribution(s, gini);
    EXPECT_NEAR(fixed.log_tables, log_count, 1e-9);
    ASSERT_EQ(fixed.values.size(), 1u);  // partner degrees, hence the Gini, are fixed
    EXPECT_NEAR(fixed.values[0], 0.19333333333333333, 1e-12);

    // Groups 0..2 by id on both sides: draws fall on the exact support, with the exact mean.
    StatisticSpec same{StatisticKind::SameGroup};
    for (std::size_t r = 0; r < s.layout().n_recipients(); ++r) same.recipient_group.push_back(static_cast<Id>(r % 3));
    for (std::size_t p = 0; p < s.layout().n_partners(); ++p) same.partner_group.push_back(static_cast<Id>(p % 3));
    Statistic st(s.shared_layout(), same);
    const auto exact = exact_distribution(s, st);
    EXPECT_NEAR(exact.log_tables, log_count, 1e-9);
    EXPECT_NEAR(std::accumulate(exact.probabilities.begin(), exact.probabilities.end(), 0.0), 1.0, 1e-12);
    EXPECT_TRUE(std::is_sorted(exact.values.begin(), exact.values.end()));
    EXPECT_GE(exact.values.size(), 5u);
    const auto sample = sample_statistic(s, st, run(20000, 1));
    double exact_mean = 0, exact_var = 0;
    for (std::size_t k = 0; k < exact.values.size(); ++k) exact_mean += exact.values[k] * exact.probabilities[k];
    for (std::size_t k = 0; k < exact.values.size(); ++k)
        exact_var += (exact.values[k] - exact_mean) * (exact.values[k] - exact_mean) * exact.probabilities[k];
    const double mean = std::accumulate(sample.begin(), sample.end(), 0.0) / static_cast<double>(sample.size());
    EXPECT_NEAR(mean, exact_mean, 5 * std::sqrt(exact_var / 20000.0) * 2);  // x2: thinned draws are correlated
    for (double v : sample) ASSERT_TRUE(std::binary_search(exact.values.begin(), exact.values.end(), v)) << v;

    // Limits turn into ExactUnavailable, never a hang.
    EXPECT_THROW(exact_distribution(s, st, ExactLimits{3, 1'000'000}), ExactUnavailable);
    EXPECT_THROW(exact_distribution(s, st, ExactLimits{1'000'000, 50}), ExactUnavailable);
    ModelOptions weighted;
    weighted.method = Method::FixedRecipients;
    weighted.capacity.assign(15, 1.0);
    Sampler w(make_layout(table), weighted);
    Statistic ws(w.shared_layout(), StatisticSpec{StatisticKind::MaxFrequency});
    EXPECT_THROW(exact_distribution(w, ws), ExactUnavailable);
}

TEST(NullExact, FixedStatisticsOfLargeTablesAreAPointMassWithoutACount) {
    auto table = synthetic(3000, 200, 8, 31);
    Sampler s(make_layout(table), ModelOptions{});
    Statistic hhi(s.shared_layout(), StatisticSpec{StatisticKind::Hhi});
    const auto exact = exact_distribution(s, hhi);
    auto work = hhi.workspace();
    ASSERT_EQ(exact.values, std::vector<double>{hhi.evaluate(s.layout().partners, work)});
    EXPECT_EQ(exact.probabilities, std::vector<double>{1.0});
    EXPECT_TRUE(std::isnan(exact.log_tables));
}

TEST(NullExact, PollCancelsTheEnumeration) {
    auto table = duikou::testing::load_2022();
    Sampler s(make_layout(table), ModelOptions{});
    StatisticSpec reach{StatisticKind::Reach};
    reach.recipient_group.assign(s.layout().n_recipients(), 0);
    for (std::size_t k = 0; k < s.layout().size(); ++k)
        reach.recipient_group[static_cast<std::size_t>(s.layout().recipients[k])] =
            table.column("region").codes[static_cast<std::size_t>(s.layout().rows[k])];
    Statistic st(s.shared_layout(), reach);
    int polls = 0;
    ExactLimits limits;
    limits.poll = [&] {
        if (++polls == 2) throw std::runtime_error("interrupted");
    };
    EXPECT_THROW(exact_distribution(s, st, limits), std::runtime_error);
    EXPECT_EQ(polls, 2);
}

// -- incremental statistics ------------------------------------------------------------------

namespace {

// Forwards every change to a list of trackers.
struct Forward : ChangeListener {
    std::vector<Tracker>* trackers;
    void traded(Id i, Id j, const std::vector<Id>& to_j, const std::vector<Id>& to_i) override {
        for (auto& t : *trackers) t.traded(i, j, to_j, to_i);
    }
    void redrawn(Id r, const Id* before, const Id* after, std::size_t d) override {
        for (auto& t : *trackers) t.redrawn(r, before, after, d);
    }
};

// Every statistic kind on a layout, with random groups, regions and coordinates.
std::vector<std::shared_ptr<Statistic>> every_statistic(const Sampler& s, std::uint64_t seed, int n_regions) {
    auto rng = stream(seed, 77);
    const auto& L = s.layout();
    std::vector<std::shared_ptr<Statistic>> out;
    for (auto kind : {StatisticKind::MaxFrequency, StatisticKind::Hhi, StatisticKind::Gini, StatisticKind::SameGroup,
                      StatisticKind::MeanDistance, StatisticKind::Reach, StatisticKind::CoServing}) {
        StatisticSpec spec{kind};
        for (std::size_t r = 0; r < L.n_recipients(); ++r) {
            // same_group: some unknown groups on both sides
            const auto g = static_cast<Id>(rng.below(static_cast<std::uint64_t>(n_regions) + 1)) - 1;
            spec.recipient_group.push_back(kind == StatisticKind::SameGroup ? g : std::max<Id>(g, 0));
            spec.recipient_lon.push_back(73 + 60 * rng.uniform());
            spec.recipient_lat.push_back(18 + 35 * rng.uniform());
        }
        for (std::size_t p = 0; p < L.n_partners(); ++p) {
            spec.partner_group.push_back(static_cast<Id>(rng.below(static_cast<std::uint64_t>(n_regions) + 1)) - 1);
            spec.partner_lon.push_back(73 + 60 * rng.uniform());
            spec.partner_lat.push_back(18 + 35 * rng.uniform());
        }
        if (kind != StatisticKind::SameGroup) spec.partner_group.clear();
        if (kind != StatisticKind::MeanDistance) spec.recipient_lon = spec.recipient_lat = spec.partner_lon = spec.partner_lat = {};
        out.push_back(std::make_shared<Statistic>(s.shared_layout(), spec));
    }
    return out;
}

void expect_same_value(double incremental, double full, const std::string& what) {
    if (std::isnan(full))
        EXPECT_TRUE(std::isnan(incremental)) << what;
    else
        EXPECT_EQ(incremental, full) << what;  // bit for bit: the trackers count in integers
}

}  // namespace

TEST(NullTracker, IncrementalEqualsFullRecomputationAfterEveryDraw) {
    for (std::uint64_t seed : {1u, 2u, 3u, 4u}) {
        auto table = synthetic(60 + 20 * static_cast<int>(seed), 25, 6, seed);
        for (auto method : {Method::Curveball, Method::FixedRecipients}) {
            for (bool stratified : {false, true}) {
                ModelOptions options;
                options.method = method;
                if (method == Method::Curveball) options.thin = 3;  // few trades per draw: many checks
                const auto layout = make_layout(table);
                if (stratified)
                    for (std::size_t r = 0; r < layout.n_recipients(); ++r) options.strata.push_back(static_cast<Id>(r % 3));
                Sampler s(layout, options);
                const auto statistics = every_statistic(s, seed, 5);
                // One dense and one sparse set of trackers (the hash-map path of reach and co_serving).
                for (std::size_t cells : {kMaxDenseCells, std::size_t{0}}) {
                    std::vector<Tracker> trackers;
                    for (const auto& st : statistics) trackers.emplace_back(*st, cells);
                    Forward forward;
                    forward.trackers = &trackers;
                    auto state = s.layout().partners;
                    for (auto& t : trackers) t.reset(state);
                    auto work = s.workspace();
                    for (std::int64_t draw = 0; draw < 40; ++draw) {
                        auto rng = stream(seed, static_cast<std::uint64_t>(draw));
                        s.advance(state, rng, draw == 0, work, nullptr, &forward);
                        for (std::size_t k = 0; k < trackers.size(); ++k) {
                            auto w = statistics[k]->workspace();
                            expect_same_value(trackers[k].value(state), statistics[k]->evaluate(state, w),
                                              std::string(statistic_name(statistics[k]->kind())) + " seed " +
                                                  std::to_string(seed) + " draw " + std::to_string(draw));
                        }
                    }
                }
            }
        }
    }
}

TEST(NullTracker, CoServingWithManyPartnersRecomputes) {
    auto table = synthetic(3000, 9000, 3, 5);
    Sampler s(make_layout(table), ModelOptions{});
    ASSERT_GT(s.layout().n_partners(), kMaxCoServingPartners);
    StatisticSpec co{StatisticKind::CoServing};
    for (std::size_t r = 0; r < s.layout().n_recipients(); ++r) co.recipient_group.push_back(static_cast<Id>(r % 7));
    Statistic st(s.shared_layout(), co);
    Tracker t(st);
    EXPECT_FALSE(t.incremental());
    auto w = st.workspace();
    EXPECT_EQ(t.value(s.layout().partners), st.evaluate(s.layout().partners, w));
}

TEST(NullRun, SeveralStatisticsInOneRunEqualSeparateRuns) {
    auto table = synthetic(300, 40, 5, 9);
    for (auto method : {Method::Curveball, Method::FixedRecipients}) {
        ModelOptions options;
        options.method = method;
        if (method == Method::Curveball) options.chain_length = 7;
        Sampler s(make_layout(table), options);
        const auto statistics = every_statistic(s, 9, 4);
        std::vector<const Statistic*> pointers;
        for (const auto& st : statistics) pointers.push_back(st.get());
        const auto together = sample_statistics(s, pointers, run(30, 5, 2));
        ASSERT_EQ(together.size(), 30 * pointers.size());
        for (std::size_t k = 0; k < pointers.size(); ++k) {
            const auto alone = sample_statistic(s, *pointers[k], run(30, 5, 1));
            for (std::size_t d = 0; d < alone.size(); ++d)
                expect_same_value(together[d * pointers.size() + k], alone[d], statistic_name(pointers[k]->kind()));
        }
    }
}

TEST(NullExact, EnumerationIsTriedOnlyWhenCheap) {
    // About 1e4 pairs: the O(pairs) bound refuses before any enumeration, in well under a second.
    auto table = synthetic(2500, 300, 8, 3);
    Sampler s(make_layout(table), ModelOptions{});
    StatisticSpec reach{StatisticKind::Reach};
    for (std::size_t r = 0; r < s.layout().n_recipients(); ++r) reach.recipient_group.push_back(static_cast<Id>(r % 12));
    Statistic st(s.shared_layout(), reach);
    const auto start = std::chrono::steady_clock::now();
    try {
        exact_distribution(s, st);
        FAIL() << "expected ExactUnavailable";
    } catch (const ExactUnavailable& e) {
        EXPECT_NE(std::string(e.what()).find("checked before enumerating"), std::string::npos) << e.what();
    }
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 0.5);

    // The 2022 plan passes the bound; a zero budget stops its enumeration, the default lets it finish.
    auto plan = duikou::testing::load_2022();
    Sampler p(make_layout(plan), ModelOptions{});
    StatisticSpec regions{StatisticKind::Reach};
    regions.recipient_group.assign(p.layout().n_recipients(), 0);
    for (std::size_t k = 0; k < p.layout().size(); ++k)
        regions.recipient_group[static_cast<std::size_t>(p.layout().recipients[k])] =
            plan.column("region").codes[static_cast<std::size_t>(p.layout().rows[k])];
    Statistic pr(p.shared_layout(), regions);
    ExactLimits none;
    none.budget = 0;
    try {
        exact_distribution(p, pr, none);
        FAIL() << "expected ExactUnavailable";
    } catch (const ExactUnavailable& e) {
        EXPECT_NE(std::string(e.what()).find("time budget"), std::string::npos) << e.what();
    }
    // Debug builds (these tests) run several times slower than the Release
    // module, whose 1-s default tests/python/test_significance_scale.py checks.
    ExactLimits debug;
    debug.budget = 30;
    const auto exact = exact_distribution(p, pr, debug);
    EXPECT_GT(exact.values.size(), 1u);
    EXPECT_GT(exact.seconds, 0.0);
    EXPECT_LT(exact.log_state_bound, std::log(250'000.0 * 1e4));
}

// Curveball trades at scale: the cost of one trade (pairs drawn ahead, lists
// prefetched, pool dealt) and of one pass of the reach statistic, on tables
// shaped like the scale benchmark of benchmarks/nullmodel_vs_vegan.py:
// recipients of 5 partners each, partner popularity skewed (the smaller of
// two uniform ids), 300 regions.
#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include <benchmark/benchmark.h>

#include "duikou/nullmodel/random.hpp"
#include "duikou/nullmodel/sampler.hpp"
#include "duikou/nullmodel/statistic.hpp"

namespace duikou::bench {
namespace {

using namespace duikou::nullmodel;

struct Model {
    std::unique_ptr<Sampler> sampler;
    std::unique_ptr<Statistic> reach;
};

// n_pairs / 5 recipients, 3,000 partners (300 below 2e4 pairs), built once per size.
const Model& model(std::int64_t n_pairs) {
    static std::map<std::int64_t, Model> cache;
    auto& m = cache[n_pairs];
    if (m.sampler) return m;
    const int degree = 5, n_rec = static_cast<int>(n_pairs / degree), n_par = n_pairs < 20'000 ? 300 : 3'000;
    auto rng = stream(1, 0);
    Layout layout;
    layout.offsets.push_back(0);
    std::vector<Id> mine;
    for (int r = 0; r < n_rec; ++r) {
        mine.clear();
        while (static_cast<int>(mine.size()) < degree) {
            const auto p = static_cast<Id>(std::min(rng.below(n_par), rng.below(n_par)));
            if (std::find(mine.begin(), mine.end(), p) == mine.end()) mine.push_back(p);
        }
        std::sort(mine.begin(), mine.end());
        for (Id p : mine) {
            layout.partners.push_back(p);
            layout.recipients.push_back(r);
            layout.rows.push_back(static_cast<std::int64_t>(layout.rows.size()));
        }
        layout.offsets.push_back(static_cast<std::int64_t>(layout.partners.size()));
    }
    layout.recipient_labels = Labels::unnamed(static_cast<std::size_t>(n_rec));
    layout.partner_labels = Labels::unnamed(static_cast<std::size_t>(n_par));
    m.sampler = std::make_unique<Sampler>(std::move(layout), ModelOptions{});
    StatisticSpec spec;
    spec.kind = StatisticKind::Reach;
    for (int r = 0; r < n_rec; ++r) spec.recipient_group.push_back(r % 300);
    m.reach = std::make_unique<Statistic>(m.sampler->shared_layout(), spec);
    return m;
}

// One draw after the burn-in is T trades (thin = T); items are trades.
void BM_CurveballTrades(benchmark::State& state) {
    const auto& m = model(state.range(0));
    auto work = m.sampler->workspace();
    auto table = m.sampler->layout().partners;
    std::uint64_t draw = 0;
    for (auto _ : state) {
        auto rng = stream(7, draw++);
        m.sampler->advance(table, rng, false, work);
        benchmark::DoNotOptimize(table.data());
    }
    state.SetItemsProcessed(state.iterations() * m.sampler->thin());
}
BENCHMARK(BM_CurveballTrades)->Arg(10'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

// The reach statistic recomputed on a draw (one pass, region by region); items are pairs.
void BM_ReachPass(benchmark::State& state) {
    const auto& m = model(state.range(0));
    auto work = m.reach->workspace();
    const auto& table = m.sampler->layout().partners;
    for (auto _ : state) benchmark::DoNotOptimize(m.reach->evaluate(table, work));
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_ReachPass)->Arg(10'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace duikou::bench

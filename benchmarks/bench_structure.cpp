// Structure (structure/): one-mode projections through Eigen sparse products,
// connected components, NODF nestedness; on the synthetic tables.
#include "duikou/structure/components.hpp"
#include "duikou/structure/nestedness.hpp"
#include "duikou/structure/projection.hpp"
#include "synthetic.hpp"

namespace duikou::bench {
namespace {

// Partner x partner weights = regions shared (Pairings.projection's default).
void BM_ProjectionPartnerByRegion(benchmark::State& state) {
    time_on_pairs(state, [](const Synthetic& s) { return structure::project(s.partner, s.region); });
}
BENCHMARK(BM_ProjectionPartnerByRegion)->Apply(pair_sizes);

// Partner x partner weights = recipients shared. Not at 1e7 pairs: about 75 s
// there (1.7 million recipients; the product has ~4 million partner pairs).
void BM_ProjectionPartnerByRecipient(benchmark::State& state) {
    time_on_pairs(state, [](const Synthetic& s) { return structure::project(s.partner, s.recipient); });
}
BENCHMARK(BM_ProjectionPartnerByRecipient)->Arg(10'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Components(benchmark::State& state) {
    const auto& table = synthetic_table(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) benchmark::DoNotOptimize(structure::components(table));
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Components)->Apply(pair_sizes);

// NODF of the region x partner matrix (500 x 2000 at most).
void BM_NodfRegionPartner(benchmark::State& state) {
    time_on_pairs(state, [](const Synthetic& s) { return structure::nodf(s.region, s.partner); });
}
BENCHMARK(BM_NodfRegionPartner)->Apply(pair_sizes);

}  // namespace
}  // namespace duikou::bench

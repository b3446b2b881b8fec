// Geography (geo/): great-circle distance of every pair and its summary per
// region, with seats spread over China's extent (deterministic).
#include "duikou/geo/distance.hpp"
#include "synthetic.hpp"

namespace duikou::bench {
namespace {

geo::Seats seats_of(const Coded& side, std::uint64_t seed) {
    Stream rng(seed);
    geo::Seats seats;
    for (std::size_t k = 0; k < side.cardinality(); ++k) {
        seats.lon.push_back(73.0 + 62.0 * rng.uniform());
        seats.lat.push_back(18.0 + 35.0 * rng.uniform());
    }
    return seats;
}

void BM_PairDistances(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    const auto& s = synthetic(n);
    const auto& table = synthetic_table(n);
    const auto recipients = seats_of(s.recipient, 1), partners = seats_of(s.partner, 2);
    for (auto _ : state) benchmark::DoNotOptimize(geo::pair_distances(table, recipients, partners));
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_PairDistances)->Apply(pair_sizes);

void BM_DistanceSummaryByRegion(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    const auto& s = synthetic(n);
    const auto km = geo::pair_distances(synthetic_table(n), seats_of(s.recipient, 1), seats_of(s.partner, 2));
    for (auto _ : state) benchmark::DoNotOptimize(geo::summarize(km, s.region));
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_DistanceSummaryByRegion)->Apply(pair_sizes);

}  // namespace
}  // namespace duikou::bench

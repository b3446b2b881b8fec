// Counting statistics (stats/frequency, coverage, concentration) on the
// synthetic tables; items = rows.
#include "duikou/stats/concentration.hpp"
#include "duikou/stats/coverage.hpp"
#include "duikou/stats/distinct.hpp"
#include "duikou/stats/frequency.hpp"
#include "duikou/stats/rollup.hpp"
#include "synthetic.hpp"

namespace duikou::bench {
namespace {

void BM_Frequency(benchmark::State& state) {
    time_on_pairs(state, [](const Synthetic& s) { return stats::frequency(s.partner); });
}
BENCHMARK(BM_Frequency)->Apply(pair_sizes);

void BM_CountsById(benchmark::State& state) {
    time_on_pairs(state, [](const Synthetic& s) { return stats::counts_by_id(s.partner); });
}
BENCHMARK(BM_CountsById)->Apply(pair_sizes);

// Distinct partners per region: few keys, few values (region_coverage).
void BM_DistinctRegionPartner(benchmark::State& state) {
    time_on_pairs(state, [](const Synthetic& s) { return stats::distinct(s.region, s.partner); });
}
BENCHMARK(BM_DistinctRegionPartner)->Apply(pair_sizes);

// Distinct recipients per region: few keys, many values (region_coverage).
void BM_DistinctRegionRecipient(benchmark::State& state) {
    time_on_pairs(state, [](const Synthetic& s) { return stats::distinct(s.region, s.recipient); });
}
BENCHMARK(BM_DistinctRegionRecipient)->Apply(pair_sizes);

// The number of distinct recipients per region alone (region_coverage's recipients).
void BM_DistinctCountsRegionRecipient(benchmark::State& state) {
    time_on_pairs(state, [](const Synthetic& s) { return stats::distinct_counts(s.region, s.recipient); });
}
BENCHMARK(BM_DistinctCountsRegionRecipient)->Apply(pair_sizes);

// The number of distinct regions per partner alone (partner_frequency's regions).
void BM_DistinctCountsPartnerRegion(benchmark::State& state) {
    time_on_pairs(state, [](const Synthetic& s) { return stats::distinct_counts(s.partner, s.region); });
}
BENCHMARK(BM_DistinctCountsPartnerRegion)->Apply(pair_sizes);

// Distinct regions per partner (partner_frequency's regions, partner_reach).
void BM_DistinctPartnerRegion(benchmark::State& state) {
    time_on_pairs(state, [](const Synthetic& s) { return stats::distinct(s.partner, s.region); });
}
BENCHMARK(BM_DistinctPartnerRegion)->Apply(pair_sizes);

// Distinct recipients per partner: every pair is distinct (partner_frequency's lists).
void BM_DistinctPartnerRecipient(benchmark::State& state) {
    time_on_pairs(state, [](const Synthetic& s) { return stats::distinct(s.partner, s.recipient); });
}
BENCHMARK(BM_DistinctPartnerRecipient)->Apply(pair_sizes);

void BM_CoverageMatrix(benchmark::State& state) {
    time_on_pairs(state, [](const Synthetic& s) { return stats::coverage_matrix(s.region, s.partner); });
}
BENCHMARK(BM_CoverageMatrix)->Apply(pair_sizes);

void BM_Concentration(benchmark::State& state) {
    const auto counts = stats::counts_by_id(synthetic(static_cast<std::size_t>(state.range(0))).partner);
    for (auto _ : state) benchmark::DoNotOptimize(stats::concentration(counts, 4));
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(counts.size()));
}
BENCHMARK(BM_Concentration)->Apply(pair_sizes);

// Pairs by (region, partner) with distinct recipients and partners (Pairings.rollup).
void BM_RollupRegionPartner(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    const auto& s = synthetic(n);
    const auto& table = synthetic_table(n);
    const auto region_to_partner = stats::label_map(s.region, s.partner);
    for (auto _ : state) benchmark::DoNotOptimize(stats::rollup(table, s.region, s.partner, region_to_partner));
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_RollupRegionPartner)->Apply(pair_sizes);

// Pairs, distinct partners and distinct recipients per region in one pass
// (region_coverage): what frequency(region), distinct(region, partner) and
// distinct_counts(region, recipient) give.
void BM_Coverage(benchmark::State& state) {
    time_on_pairs(state, [](const Synthetic& s) { return stats::coverage(s.region, s.partner, s.recipient); });
}
BENCHMARK(BM_Coverage)->Apply(pair_sizes);

// What partner_frequency + region_coverage + concentration ask of the core.
void BM_FrequencyCoverageConcentration(benchmark::State& state) {
    const auto& s = synthetic(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) {
        const auto partners = stats::frequency(s.partner);
        benchmark::DoNotOptimize(stats::coverage(s.region, s.partner, s.recipient));
        benchmark::DoNotOptimize(stats::concentration(partners.counts, 4));
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_FrequencyCoverageConcentration)->Apply(pair_sizes);

}  // namespace
}  // namespace duikou::bench

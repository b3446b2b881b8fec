// Building a pairing table: code checks, grouping rows, validation.
#include "duikou/validate.hpp"
#include "synthetic.hpp"

namespace duikou::bench {
namespace {

// Copies both sides into a PairTable and checks every code.
void BM_PairTable(benchmark::State& state) {
    time_on_pairs(state, [](const Synthetic& s) { return PairTable(s.recipient, s.partner); });
}
BENCHMARK(BM_PairTable)->Apply(pair_sizes);

void BM_GroupRowsRecipient(benchmark::State& state) {
    time_on_pairs(state, [](const Synthetic& s) { return group_rows(s.recipient); });
}
BENCHMARK(BM_GroupRowsRecipient)->Apply(pair_sizes);

// Missing and blank names, self-pairs and duplicates; a fresh table each time
// so that the cached grouping by recipient is rebuilt.
void BM_FindProblems(benchmark::State& state) {
    const auto& s = synthetic(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) {
        state.PauseTiming();
        PairTable table(s.recipient, s.partner);
        state.ResumeTiming();
        benchmark::DoNotOptimize(find_problems(table));
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_FindProblems)->Apply(pair_sizes);

}  // namespace
}  // namespace duikou::bench

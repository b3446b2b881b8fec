// Lower bounds the kernels are compared with: reading the input columns once
// (a STREAM-like read) and one counting pass over the partner codes (bincount).
#include <cstdint>
#include <numeric>
#include <vector>

#include "synthetic.hpp"

namespace duikou::bench {
namespace {

// Sums recipient, partner and region codes: every input byte read once.
void BM_ReadColumns(benchmark::State& state) {
    const auto& s = synthetic(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) {
        std::int64_t sum = 0;
        for (const Coded* c : {&s.recipient, &s.partner, &s.region})
            sum = std::accumulate(c->codes.begin(), c->codes.end(), sum);
        benchmark::DoNotOptimize(sum);
    }
    state.SetBytesProcessed(state.iterations() * state.range(0) * 3 * static_cast<std::int64_t>(sizeof(Id)));
}
BENCHMARK(BM_ReadColumns)->Apply(pair_sizes);

// The plainest counting pass: what numpy.bincount does, in C++.
void BM_BincountPartner(benchmark::State& state) {
    const auto& s = synthetic(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) {
        std::vector<std::int64_t> counts(s.partner.cardinality(), 0);
        for (Id c : s.partner.codes) ++counts[static_cast<std::size_t>(c)];
        benchmark::DoNotOptimize(counts.data());
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_BincountPartner)->Apply(pair_sizes);

}  // namespace
}  // namespace duikou::bench

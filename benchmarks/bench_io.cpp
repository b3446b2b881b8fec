// The CSV reader: bytes/s of parse_csv on the synthetic table's text.
#include "duikou/io/csv.hpp"
#include "synthetic.hpp"

namespace duikou::bench {
namespace {

void BM_ParseCsv(benchmark::State& state) {
    const std::string& text = synthetic_csv(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) benchmark::DoNotOptimize(io::parse_csv(text, "<synthetic>"));
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_ParseCsv)->Apply(pair_sizes);

}  // namespace
}  // namespace duikou::bench

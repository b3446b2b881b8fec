// The CSV reader: bytes/s of parse_csv on the synthetic table's text in memory,
// and of read_csv on the same text in a file (read in chunks while parsing).
#include <cstdio>
#include <filesystem>
#include <fstream>

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

void BM_ReadCsv(benchmark::State& state) {
    const std::string& text = synthetic_csv(static_cast<std::size_t>(state.range(0)));
    const auto path = std::filesystem::temp_directory_path() / ("duikou-bench-" + std::to_string(state.range(0)) + ".csv");
    std::ofstream(path, std::ios::binary) << text;
    for (auto _ : state) benchmark::DoNotOptimize(io::read_csv(path.string()));
    std::filesystem::remove(path);
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_ReadCsv)->Apply(pair_sizes);

}  // namespace
}  // namespace duikou::bench

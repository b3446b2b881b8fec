// Deterministic synthetic pairing tables for the kernel benchmarks, built the
// way benchmarks/synthetic.py builds them: partner popularity Zipf-like
// (weight k^-1.1 over 2000 partners), a partner's j-th pair goes to recipient
// (offset[p] + j) mod R so no pair repeats, each recipient in one of 500
// regions. A splitmix64 stream makes the table identical on every platform.
#pragma once

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "duikou/io/columns.hpp"
#include "duikou/nullmodel/random.hpp"
#include "duikou/table.hpp"

namespace duikou::bench {

inline constexpr int kPartners = 2000;
inline constexpr int kRegions = 500;
inline constexpr double kZipfExponent = 1.1;

// Draws from the core's SplitMix64 (duikou/nullmodel/random.hpp), the same on every platform:
// a double in [0, 1) from the top 53 bits, an integer in [0, n) by modulo (bias negligible here).
class Stream {
  public:
    explicit Stream(std::uint64_t seed) : mix_(seed) {}
    double uniform() { return static_cast<double>(mix_.next() >> 11) * 0x1.0p-53; }
    std::uint64_t below(std::uint64_t n) { return mix_.next() % n; }

  private:
    nullmodel::SplitMix64 mix_;
};

struct Synthetic {
    Coded recipient, partner, region;
};

inline std::vector<std::string> numbered(const char* prefix, std::size_t n, int width) {
    std::vector<std::string> labels(n);
    for (std::size_t i = 0; i < n; ++i) {
        std::string digits = std::to_string(i);
        labels[i] = prefix + std::string(static_cast<std::size_t>(std::max(0, width - static_cast<int>(digits.size()))), '0') + digits;
    }
    return labels;
}

inline Synthetic make_synthetic(std::size_t n_pairs, std::uint64_t seed = 20220607) {
    Stream rng(seed);
    std::vector<double> cumulative(kPartners);
    double total = 0;
    for (int k = 0; k < kPartners; ++k) cumulative[static_cast<std::size_t>(k)] = total += std::pow(k + 1.0, -kZipfExponent);
    Synthetic t;
    t.partner.codes.resize(n_pairs);
    std::vector<std::int64_t> count(kPartners, 0), rank(n_pairs);
    for (std::size_t i = 0; i < n_pairs; ++i) {
        const double u = rng.uniform() * total;
        const auto p = std::min<std::size_t>(static_cast<std::size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), u) - cumulative.begin()), kPartners - 1);
        t.partner.codes[i] = static_cast<Id>(p);
        rank[i] = count[p]++;
    }
    const auto most = *std::max_element(count.begin(), count.end());
    const auto n_recipients = static_cast<std::size_t>(std::max<std::int64_t>({most, static_cast<std::int64_t>(n_pairs / 8), 1}));
    std::vector<std::uint64_t> offset(kPartners);
    for (auto& o : offset) o = rng.below(n_recipients);
    std::vector<Id> region_of(n_recipients);
    for (auto& r : region_of) r = static_cast<Id>(rng.below(kRegions));
    t.recipient.codes.resize(n_pairs);
    t.region.codes.resize(n_pairs);
    for (std::size_t i = 0; i < n_pairs; ++i) {
        const auto p = static_cast<std::size_t>(t.partner.codes[i]);
        const auto r = static_cast<Id>((offset[p] + static_cast<std::uint64_t>(rank[i])) % n_recipients);
        t.recipient.codes[i] = r;
        t.region.codes[i] = region_of[static_cast<std::size_t>(r)];
    }
    t.recipient.labels = Labels(numbered("受援县", n_recipients, 7));
    t.partner.labels = Labels(numbered("支援市", kPartners, 4));
    t.region.labels = Labels(numbered("协作区", kRegions, 3));
    return t;
}

// One table per size, built on first use and kept for the whole run.
inline const Synthetic& synthetic(std::size_t n_pairs) {
    static std::map<std::size_t, std::unique_ptr<Synthetic>> cache;
    auto& slot = cache[n_pairs];
    if (!slot) slot = std::make_unique<Synthetic>(make_synthetic(n_pairs));
    return *slot;
}

inline const PairTable& synthetic_table(std::size_t n_pairs) {
    static std::map<std::size_t, std::unique_ptr<PairTable>> cache;
    auto& slot = cache[n_pairs];
    if (!slot) {
        const auto& s = synthetic(n_pairs);
        slot = std::make_unique<PairTable>(s.recipient, s.partner);
        slot->add_group("region", s.region);
    }
    return *slot;
}

// The synthetic table as CSV text (header recipient,partner,region).
inline const std::string& synthetic_csv(std::size_t n_pairs) {
    static std::map<std::size_t, std::string> cache;
    auto& text = cache[n_pairs];
    if (text.empty()) {
        const auto& s = synthetic(n_pairs);
        text = "recipient,partner,region\n";
        for (std::size_t i = 0; i < n_pairs; ++i) {
            text += s.recipient.labels[static_cast<std::size_t>(s.recipient.codes[i])];
            text += ',';
            text += s.partner.labels[static_cast<std::size_t>(s.partner.codes[i])];
            text += ',';
            text += s.region.labels[static_cast<std::size_t>(s.region.codes[i])];
            text += '\n';
        }
    }
    return text;
}

// Sizes every kernel is measured at: 1e4, 1e6 and 1e7 pairs.
inline void pair_sizes(benchmark::internal::Benchmark* b) {
    b->Arg(10'000)->Arg(1'000'000)->Arg(10'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();
}

// Times kernel(s) on the synthetic table of state.range(0) pairs; items = rows.
template <class Kernel>
void time_on_pairs(benchmark::State& state, Kernel&& kernel) {
    const auto& s = synthetic(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) benchmark::DoNotOptimize(kernel(s));
    state.SetItemsProcessed(state.iterations() * state.range(0));
}

}  // namespace duikou::bench

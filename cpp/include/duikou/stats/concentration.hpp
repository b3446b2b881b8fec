// Concentration of a frequency vector (docs/statistics.md, "Concentration").
#pragma once

#include <cstdint>
#include <vector>

namespace duikou::stats {

struct Concentration {
    std::int64_t n = 0;          // entities with a positive count
    std::int64_t total = 0;      // sum of counts
    double hhi = 0;              // sum s^2
    double hhi_normalized = 0;   // (HHI - 1/n) / (1 - 1/n); NaN for n < 2
    double gini = 0;             // sum_i sum_j |x_i - x_j| / (2 n^2 mean)
    double shannon = 0;          // -sum s ln s
    double hill_1 = 0;           // exp(H)
    double hill_2 = 0;           // 1 / HHI
    int k = 4;
    double cr_k = 0;             // share of the k largest counts
};

// Zero counts are ignored (an entity without pairs is not in the table).
// Negative counts, and counts whose sum overflows int64, throw
// std::invalid_argument. With no positive count every figure is NaN.
Concentration concentration(const std::vector<std::int64_t>& counts, int k = 4);

}  // namespace duikou::stats

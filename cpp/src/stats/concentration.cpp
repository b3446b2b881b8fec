#include "duikou/stats/concentration.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>

namespace duikou::stats {

Concentration concentration(const std::vector<std::int64_t>& counts, int k) {
    if (k < 1) throw std::invalid_argument("concentration: k must be at least 1, got " + std::to_string(k));
    std::vector<std::int64_t> x;
    x.reserve(counts.size());
    for (std::size_t i = 0; i < counts.size(); ++i) {
        if (counts[i] < 0)
            throw std::invalid_argument("concentration: count " + std::to_string(i) + " is negative (" +
                                        std::to_string(counts[i]) + ")");
        if (counts[i] > 0) x.push_back(counts[i]);
    }
    Concentration out;
    out.k = k;
    out.n = static_cast<std::int64_t>(x.size());
    const double nan = std::numeric_limits<double>::quiet_NaN();
    if (x.empty()) {
        out.hhi = out.hhi_normalized = out.gini = out.shannon = out.hill_1 = out.hill_2 = out.cr_k = nan;
        return out;
    }
    std::sort(x.begin(), x.end());
    for (auto v : x)
        if (__builtin_add_overflow(out.total, v, &out.total))
            throw std::invalid_argument("concentration: the counts sum beyond the range of int64");
    const double total = static_cast<double>(out.total);
    const double n = static_cast<double>(x.size());
    for (auto v : x) {
        const double s = static_cast<double>(v) / total;
        out.hhi += s * s;
        out.shannon -= s * std::log(s);
    }
    out.hhi_normalized = x.size() < 2 ? nan : (out.hhi - 1.0 / n) / (1.0 - 1.0 / n);
    out.hill_1 = std::exp(out.shannon);
    out.hill_2 = 1.0 / out.hhi;
    // With x sorted ascending, sum_i sum_j |x_i - x_j| = 2 sum_i (2i - n + 1) x_i (i from 0).
    double weighted = 0;
    for (std::size_t i = 0; i < x.size(); ++i)
        weighted += (2.0 * static_cast<double>(i) - n + 1.0) * static_cast<double>(x[i]);
    const double mean = total / n;
    out.gini = 2.0 * weighted / (2.0 * n * n * mean);
    std::int64_t top = 0;
    for (std::size_t i = 0; i < x.size() && i < static_cast<std::size_t>(k); ++i) top += x[x.size() - 1 - i];
    out.cr_k = static_cast<double>(top) / total;
    return out;
}

}  // namespace duikou::stats

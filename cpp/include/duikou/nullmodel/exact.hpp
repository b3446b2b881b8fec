// Exact null distributions for small tables, by counting instead of sampling.
//
// Every table of a null model's space is equally likely (curveball: all
// binary tables with the observed margins, within strata; uniform
// fixed_recipients: every recipient's d_r-subset of its pool). Tables are
// built one stage at a time (curveball: one partner column per stage, as in
// Miller & Harrison 2013, Ann. Statist. 41:1569; fixed_recipients: one
// recipient row per stage). Places of the other side that the statistic
// cannot tell apart (same class, same remaining degree or count) are
// exchangeable, so a stage chooses only how many of each kind get a pair,
// weighted by a product of binomial coefficients; equal partial states are
// merged (dynamic programming). The statistic must add up over stages:
//   curveball:         same_group, reach (regions within one stratum each),
//                      mean_distance; max_frequency, hhi and gini are fixed
//                      by the margins (a point mass, whatever the table size).
//   fixed_recipients:  same_group, mean_distance, max_frequency, hhi, gini;
//                      uniform draws only (no capacity).
// co_serving, and anything whose merged state space outgrows the limits,
// throws ExactUnavailable with the reason. Enumeration is tried only when it
// is cheap: first a bound on the merged states per stage, computed in
// O(pairs) from the classes and their degrees (product over classes of the
// ways to spread the class's units over its levels), must stay within
// `max_bound` times the entry cap; then the enumeration stops after `budget`
// seconds of CPU time of the calling thread (CPU, not wall time, so that
// whether a result is exact does not depend on the load of the machine). Probabilities are exact up to
// floating-point rounding (relative error around 1e-12).
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <vector>

#include "duikou/nullmodel/sampler.hpp"
#include "duikou/nullmodel/statistic.hpp"

namespace duikou::nullmodel {

class ExactUnavailable : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct ExactLimits {
    // Gives up within about 2 s on one core (the 2022 table's reach needs 1.3e6 steps, 0.7 s).
    std::int64_t max_entries = 250'000;  // (state, value) pairs held after one stage
    std::int64_t max_work = 4'000'000;   // transitions and value updates in all
    double budget = 1.0;                 // seconds of CPU time of the calling thread
    // Enumerate only when the O(pairs) bound on states is at most this many
    // times max_entries (pruning keeps the real count far below the bound).
    double max_bound = 1e4;
    // Called from the calling thread every 65536 steps (about every 30 ms); may
    // throw to cancel (Ctrl-C from Python).
    std::function<void()> poll;
};

struct ExactDistribution {
    std::vector<double> values;         // ascending, distinct
    std::vector<double> probabilities;  // sum to 1
    // Natural log of the number of tables in the space; NaN when a statistic
    // fixed by the model's margins made counting them not worth its cost.
    double log_tables = 0;
    std::int64_t work = 0;              // transitions tried
    double log_state_bound = 0;         // natural log of the bound checked before enumerating
    double seconds = 0;                 // CPU time of the enumeration
};

ExactDistribution exact_distribution(const Sampler& sampler, const Statistic& statistic,
                                     const ExactLimits& limits = {});

}  // namespace duikou::nullmodel

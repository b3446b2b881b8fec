// Statistics kept up to date while a draw changes, pair by pair.
//
// A curveball trade moves a few partners between two recipients; recomputing
// a statistic over all N pairs after every draw costs O(N), while a tracker
// pays only for the pairs a trade moved. Each tracker holds what its
// statistic needs (counts per partner and region, running sums in integers)
// so that its value after any sequence of changes equals the full
// recomputation (Statistic::evaluate) exactly, not just within rounding:
//   same_group     pairs with both groups known and with equal groups
//   mean_distance  sum of distances in integer units of 2^-20 km
//   reach          pairs per (partner, region); total = incidences > 0
//   co_serving     on top of reach: regions shared per partner pair (dense,
//                  when there are at most kMaxCoServingPartners partners;
//                  otherwise the tracker recomputes per draw)
//   max_frequency, hhi, gini
//                  pairs per partner and a histogram of those counts (they
//                  change under fixed_recipients only; curveball keeps them)
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "duikou/nullmodel/sampler.hpp"
#include "duikou/nullmodel/statistic.hpp"

namespace duikou::nullmodel {

inline constexpr std::size_t kMaxCoServingPartners = 2048;
inline constexpr std::size_t kMaxDenseCells = std::size_t{1} << 24;  // 64 MiB of int32 per worker

class Tracker {
  public:
    // Dense (partner, region) counts up to `max_dense_cells`, a hash map beyond (a parameter for tests).
    explicit Tracker(const Statistic& statistic, std::size_t max_dense_cells = kMaxDenseCells);

    // False when value() recomputes the whole draw (co_serving with many partners).
    bool incremental() const { return incremental_; }
    // Full computation from a draw (slot-order partners), e.g. at a chain start.
    void reset(const std::vector<Id>& partners);
    // A curveball trade: `to_j` moved from recipient i to j, `to_i` from j to i.
    void traded(Id i, Id j, const std::vector<Id>& to_j, const std::vector<Id>& to_i);
    // fixed_recipients: recipient r's d partners were `before`, are now `after`.
    void redrawn(Id r, const Id* before, const Id* after, std::size_t d);
    // The statistic on the current draw; `partners` is read only when not incremental.
    double value(const std::vector<Id>& partners);

  private:
    void add(Id recipient, Id partner);
    void remove(Id recipient, Id partner);
    void incidence_up(Id partner, Id region);    // (partner, region) pairs 0 -> 1
    void incidence_down(Id partner, Id region);  // 1 -> 0
    std::int32_t& pairs_in(Id partner, Id region);

    const Statistic& statistic_;
    StatisticKind kind_;
    bool incremental_ = true;
    std::int64_t n_pairs_ = 0;
    // same_group
    std::int64_t same_ = 0, known_ = 0;
    // mean_distance
    std::int64_t distance_units_ = 0;
    // reach, co_serving
    std::size_t n_regions_ = 0;
    bool dense_ = true;
    std::vector<std::int32_t> region_pairs_;                       // partner * n_regions + region
    std::unordered_map<std::int64_t, std::int32_t> sparse_pairs_;  // same, for large tables
    std::int64_t reach_ = 0;
    // co_serving: partners present per region (with positions), regions shared per partner pair
    std::vector<std::vector<Id>> members_;
    std::vector<std::int32_t> member_position_;  // partner * n_regions + region
    std::vector<std::int32_t> shared_;           // partner * n_partners + partner
    std::int64_t co_serving_ = 0;
    // frequency statistics
    std::vector<std::int64_t> frequency_, histogram_;
    std::int64_t top_ = 0;
    Statistic::Workspace work_;
};

}  // namespace duikou::nullmodel

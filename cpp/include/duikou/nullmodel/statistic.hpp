// Statistics computed on every draw of a null model, on ids.
//
// A draw is the slot-order partner list of a Layout (recipient degrees fixed).
// N is the number of pairs; f(p) the pairs of partner p.
//   max_frequency     max_p f(p)
//   hhi, gini         of the partner frequencies (stats::concentration)
//   same_group        share of pairs whose recipient group equals the partner
//                     group: #{(r, p): g_r == g_p} / #{(r, p): both groups
//                     known} (as Pairings.same_group_share); NaN if none known
//   mean_distance     mean great-circle distance of the pairs between
//                     recipient and partner seats (geo::haversine_km), each
//                     rounded to 2^-20 km (about 1 mm) so that sums are exact
//                     integers whatever their order (see tracker.hpp)
//   reach             total partner reach: sum over partners of the distinct
//                     regions of the recipients they serve
//   co_serving        partner pairs that serve at least one common region
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "duikou/nullmodel/sampler.hpp"

namespace duikou::nullmodel {

enum class StatisticKind { MaxFrequency, Hhi, Gini, SameGroup, MeanDistance, Reach, CoServing };
const char* statistic_name(StatisticKind kind);
StatisticKind parse_statistic(const std::string& name);  // std::invalid_argument if unknown

struct StatisticSpec {
    StatisticKind kind = StatisticKind::MaxFrequency;
    // same_group: per recipient id and per partner id, codes in one label space (-1 unknown).
    // reach, co_serving: recipient_group holds each recipient's region.
    std::vector<Id> recipient_group, partner_group;
    // mean_distance: degrees per recipient id and per partner id.
    std::vector<double> recipient_lon, recipient_lat, partner_lon, partner_lat;
};

class Statistic {
  public:
    // Checks the inputs the kind needs against the layout: sizes
    // (std::invalid_argument) and, for places with pairs, known regions and
    // coordinates (io::InputError naming the place and field).
    Statistic(std::shared_ptr<const Layout> layout, StatisticSpec spec);

    StatisticKind kind() const { return spec_.kind; }
    const StatisticSpec& spec() const { return spec_; }
    const Layout& layout() const { return *layout_; }

    // Distance between a recipient and a partner (mean_distance only), in
    // units of kDistanceUnit km, and in km.
    std::int64_t distance_units(Id recipient, Id partner) const;
    double distance(Id recipient, Id partner) const { return static_cast<double>(distance_units(recipient, partner)) * kDistanceUnit; }
    static constexpr double kDistanceUnit = 0x1.0p-20;
    // reach, co_serving: one more than the largest region code of a recipient with pairs.
    Id n_regions() const { return n_regions_; }

    // max_frequency, hhi or gini from histogram[k] = partners with k pairs
    // (k = 0 .. top), `total` pairs in all; shared by evaluate() and Tracker so
    // that both give the same bits.
    static double frequency_value(StatisticKind kind, const std::vector<std::int64_t>& histogram, std::int64_t top,
                                  std::int64_t total);

    struct Workspace {
        std::vector<std::int64_t> counts;       // per partner
        std::vector<Id> touched;                // partners with a count
        std::vector<std::int64_t> by_partner;   // counting-sort offsets
        std::vector<Id> groups_of;              // regions of the slots, grouped by partner
        std::vector<std::int64_t> stamp;        // per region / partner
        std::int64_t generation = 0;
        std::vector<std::int64_t> region_offsets;
        std::vector<Id> region_partners, partner_regions;
        std::vector<std::int64_t> partner_region_offsets;
        std::vector<std::int64_t> histogram;    // partners per pair count
    };
    Workspace workspace() const;

    double evaluate(const std::vector<Id>& partners, Workspace& work) const;

  private:
    double frequency_statistic(const std::vector<Id>& partners, Workspace& work) const;
    // Distinct regions per partner into work.partner_regions (CSR by partner);
    // returns their total count (the total reach).
    std::int64_t regions_per_partner(const std::vector<Id>& partners, Workspace& work) const;
    double co_serving(const std::vector<Id>& partners, Workspace& work) const;

    std::shared_ptr<const Layout> layout_;
    StatisticSpec spec_;
    Id n_regions_ = 0;
    // mean_distance: every recipient x partner distance when the table is small enough.
    std::vector<std::int64_t> distance_table_;
    // reach: the slot ranges of the recipients with pairs, grouped by region
    // (CSR over regions), so that a draw is counted one region at a time.
    std::vector<std::int64_t> region_members_offsets_;
    std::vector<std::pair<std::int64_t, std::int64_t>> region_members_;  // (first slot, end slot)
    std::int64_t reach(const std::vector<Id>& partners, Workspace& work) const;
};

}  // namespace duikou::nullmodel

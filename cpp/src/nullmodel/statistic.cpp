#include "duikou/nullmodel/statistic.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "duikou/geo/distance.hpp"
#include "duikou/io/error.hpp"

namespace duikou::nullmodel {

namespace {

// Precompute every recipient-partner distance when the table has at most this many cells (32 MiB).
constexpr std::size_t kMaxDistanceTable = std::size_t{1} << 22;

// A distance in whole units of 2^-20 km: sums of them are exact in any order.
std::int64_t units_between(const StatisticSpec& spec, std::size_t r, std::size_t p) {
    const double km = geo::haversine_km(spec.recipient_lon[r], spec.recipient_lat[r], spec.partner_lon[p], spec.partner_lat[p]);
    return std::llround(km * 0x1.0p20);
}

void check_size(const std::string& what, std::size_t got, std::size_t want, const char* per) {
    if (got != want)
        throw std::invalid_argument(what + ": expected one value per " + per + " (" + std::to_string(want) + "), got " +
                                    std::to_string(got));
}

}  // namespace

const char* statistic_name(StatisticKind kind) {
    switch (kind) {
        case StatisticKind::MaxFrequency: return "max_frequency";
        case StatisticKind::Hhi: return "hhi";
        case StatisticKind::Gini: return "gini";
        case StatisticKind::SameGroup: return "same_group";
        case StatisticKind::MeanDistance: return "mean_distance";
        case StatisticKind::Reach: return "reach";
        case StatisticKind::CoServing: return "co_serving";
    }
    return "?";
}

StatisticKind parse_statistic(const std::string& name) {
    for (auto kind : {StatisticKind::MaxFrequency, StatisticKind::Hhi, StatisticKind::Gini, StatisticKind::SameGroup,
                      StatisticKind::MeanDistance, StatisticKind::Reach, StatisticKind::CoServing})
        if (name == statistic_name(kind)) return kind;
    throw std::invalid_argument("unknown statistic '" + name +
                                "'; use max_frequency, hhi, gini, same_group, mean_distance, reach or co_serving");
}

Statistic::Statistic(std::shared_ptr<const Layout> layout, StatisticSpec spec)
    : layout_(std::move(layout)), spec_(std::move(spec)) {
    const Layout& L = *layout_;
    const std::size_t n_rec = L.n_recipients(), n_par = L.n_partners();
    const auto has_pairs = [&](Id r) { return L.degree(r) > 0; };
    std::vector<char> partner_used(n_par, 0);
    for (Id p : L.partners) partner_used[static_cast<std::size_t>(p)] = 1;

    switch (spec_.kind) {
        case StatisticKind::SameGroup:
            check_size("recipient_group", spec_.recipient_group.size(), n_rec, "recipient");
            check_size("partner_group", spec_.partner_group.size(), n_par, "partner");
            for (auto* codes : {&spec_.recipient_group, &spec_.partner_group})
                for (Id c : *codes)
                    if (c < kMissing) throw std::invalid_argument("group codes must be >= -1, got " + std::to_string(c));
            break;
        case StatisticKind::Reach:
        case StatisticKind::CoServing:
            check_size("recipient_group", spec_.recipient_group.size(), n_rec, "recipient");
            for (std::size_t r = 0; r < n_rec; ++r) {
                if (!has_pairs(static_cast<Id>(r))) continue;
                if (spec_.recipient_group[r] < 0)
                    throw io::InputError("pairing table", 0, "region",
                                         "recipient " + std::string(L.recipient_labels[r]) + " has no region");
                n_regions_ = std::max(n_regions_, spec_.recipient_group[r] + 1);
            }
            if (spec_.kind == StatisticKind::Reach) {
                region_members_offsets_.assign(static_cast<std::size_t>(n_regions_) + 1, 0);
                for (std::size_t r = 0; r < n_rec; ++r)
                    if (has_pairs(static_cast<Id>(r))) ++region_members_offsets_[static_cast<std::size_t>(spec_.recipient_group[r]) + 1];
                for (std::size_t g = 0; g < static_cast<std::size_t>(n_regions_); ++g)
                    region_members_offsets_[g + 1] += region_members_offsets_[g];
                region_members_.resize(static_cast<std::size_t>(region_members_offsets_.back()));
                std::vector<std::int64_t> cursor(region_members_offsets_.begin(), region_members_offsets_.end() - 1);
                for (std::size_t r = 0; r < n_rec; ++r)
                    if (has_pairs(static_cast<Id>(r)))
                        region_members_[static_cast<std::size_t>(cursor[static_cast<std::size_t>(spec_.recipient_group[r])]++)] = {
                            L.offsets[r], L.offsets[r + 1]};
            }
            break;
        case StatisticKind::MeanDistance: {
            check_size("recipient_lon", spec_.recipient_lon.size(), n_rec, "recipient");
            check_size("recipient_lat", spec_.recipient_lat.size(), n_rec, "recipient");
            check_size("partner_lon", spec_.partner_lon.size(), n_par, "partner");
            check_size("partner_lat", spec_.partner_lat.size(), n_par, "partner");
            const auto check = [](const std::string& side, std::string_view name, double lon, double lat) {
                if (!std::isfinite(lon) || !std::isfinite(lat) || lat < -90 || lat > 90 || lon < -180 || lon > 180)
                    throw io::InputError("pairing table", 0, side + "_lon",
                                         side + " " + std::string(name) + " has no valid coordinates (lon " + std::to_string(lon) +
                                             ", lat " + std::to_string(lat) + ")");
            };
            for (std::size_t r = 0; r < n_rec; ++r)
                if (has_pairs(static_cast<Id>(r)))
                    check("recipient", L.recipient_labels[r], spec_.recipient_lon[r], spec_.recipient_lat[r]);
            for (std::size_t p = 0; p < n_par; ++p)
                if (partner_used[p]) check("partner", L.partner_labels[p], spec_.partner_lon[p], spec_.partner_lat[p]);
            if (n_rec * n_par <= kMaxDistanceTable) {
                distance_table_.assign(n_rec * n_par, 0);
                for (std::size_t r = 0; r < n_rec; ++r) {
                    if (!has_pairs(static_cast<Id>(r))) continue;
                    for (std::size_t p = 0; p < n_par; ++p)
                        if (partner_used[p]) distance_table_[r * n_par + p] = units_between(spec_, r, p);
                }
            }
            break;
        }
        default: break;
    }
}

std::int64_t Statistic::distance_units(Id recipient, Id partner) const {
    const auto r = static_cast<std::size_t>(recipient), p = static_cast<std::size_t>(partner);
    if (!distance_table_.empty()) return distance_table_[r * layout_->n_partners() + p];
    return units_between(spec_, r, p);
}

double Statistic::frequency_value(StatisticKind kind, const std::vector<std::int64_t>& histogram, std::int64_t top,
                                  std::int64_t total) {
    if (kind == StatisticKind::MaxFrequency) return static_cast<double>(top);
    std::int64_t used = 0, squares = 0;
    for (std::int64_t k = 1; k <= top; ++k) {
        used += histogram[static_cast<std::size_t>(k)];
        squares += histogram[static_cast<std::size_t>(k)] * k * k;
    }
    if (used == 0) return std::numeric_limits<double>::quiet_NaN();
    const double t = static_cast<double>(total);
    if (kind == StatisticKind::Hhi) return static_cast<double>(squares) / (t * t);
    // Gini = sum_i (2i - n + 1) x_(i) / (n total) over the sorted counts x_(0) <= ...;
    // a run of h equal counts k at positions s .. s+h-1 adds k (2 (s h + h (h-1) / 2) - (n-1) h).
    std::int64_t weighted = 0, start = 0;
    for (std::int64_t k = 1; k <= top; ++k) {
        const std::int64_t h = histogram[static_cast<std::size_t>(k)];
        weighted += k * (2 * start * h + h * (h - 1) - (used - 1) * h);
        start += h;
    }
    return static_cast<double>(weighted) / (static_cast<double>(used) * t);
}

Statistic::Workspace Statistic::workspace() const {
    Workspace w;
    const std::size_t n_par = layout_->n_partners();
    w.counts.assign(n_par, 0);
    w.stamp.assign(std::max<std::size_t>(n_par, static_cast<std::size_t>(n_regions_)), 0);
    return w;
}

double Statistic::evaluate(const std::vector<Id>& partners, Workspace& work) const {
    const Layout& L = *layout_;
    const auto n = static_cast<double>(partners.size());
    switch (spec_.kind) {
        case StatisticKind::MaxFrequency:
        case StatisticKind::Hhi:
        case StatisticKind::Gini: return frequency_statistic(partners, work);
        case StatisticKind::SameGroup: {
            std::int64_t same = 0, known = 0;
            for (std::size_t k = 0; k < partners.size(); ++k) {
                const Id g = spec_.partner_group[static_cast<std::size_t>(partners[k])];
                const Id h = spec_.recipient_group[static_cast<std::size_t>(L.recipients[k])];
                known += g != kMissing && h != kMissing;
                same += g != kMissing && g == h;
            }
            return known == 0 ? std::numeric_limits<double>::quiet_NaN() : static_cast<double>(same) / static_cast<double>(known);
        }
        case StatisticKind::MeanDistance: {
            std::int64_t sum = 0;
            for (std::size_t k = 0; k < partners.size(); ++k) sum += distance_units(L.recipients[k], partners[k]);
            return partners.empty() ? 0.0 : static_cast<double>(sum) * kDistanceUnit / n;
        }
        case StatisticKind::Reach: return static_cast<double>(reach(partners, work));
        case StatisticKind::CoServing: return co_serving(partners, work);
    }
    return 0.0;
}

double Statistic::frequency_statistic(const std::vector<Id>& partners, Workspace& work) const {
    work.touched.clear();
    for (Id p : partners)
        if (work.counts[static_cast<std::size_t>(p)]++ == 0) work.touched.push_back(p);
    std::int64_t top = 0;
    for (Id p : work.touched) top = std::max(top, work.counts[static_cast<std::size_t>(p)]);
    work.histogram.assign(static_cast<std::size_t>(top) + 1, 0);
    for (Id p : work.touched) {
        ++work.histogram[static_cast<std::size_t>(work.counts[static_cast<std::size_t>(p)])];
        work.counts[static_cast<std::size_t>(p)] = 0;
    }
    return frequency_value(spec_.kind, work.histogram, top, static_cast<std::int64_t>(partners.size()));
}

std::int64_t Statistic::regions_per_partner(const std::vector<Id>& partners, Workspace& work) const {
    const Layout& L = *layout_;
    const std::size_t n_par = L.n_partners();
    // Regions of the slots, grouped by partner (counting sort).
    work.by_partner.assign(n_par + 1, 0);
    for (Id p : partners) ++work.by_partner[static_cast<std::size_t>(p) + 1];
    for (std::size_t p = 0; p < n_par; ++p) work.by_partner[p + 1] += work.by_partner[p];
    work.groups_of.resize(partners.size());
    {
        std::vector<std::int64_t>& next = work.region_offsets;  // reused as a cursor here
        next.assign(work.by_partner.begin(), work.by_partner.end() - 1);
        for (std::size_t k = 0; k < partners.size(); ++k)
            work.groups_of[static_cast<std::size_t>(next[static_cast<std::size_t>(partners[k])]++)] =
                spec_.recipient_group[static_cast<std::size_t>(L.recipients[k])];
    }
    work.partner_regions.clear();
    work.partner_region_offsets.assign(1, 0);
    for (std::size_t p = 0; p < n_par; ++p) {
        const std::int64_t generation = ++work.generation;
        for (auto k = work.by_partner[p]; k < work.by_partner[p + 1]; ++k) {
            const Id g = work.groups_of[static_cast<std::size_t>(k)];
            if (work.stamp[static_cast<std::size_t>(g)] == generation) continue;
            work.stamp[static_cast<std::size_t>(g)] = generation;
            work.partner_regions.push_back(g);
        }
        work.partner_region_offsets.push_back(static_cast<std::int64_t>(work.partner_regions.size()));
    }
    return static_cast<std::int64_t>(work.partner_regions.size());
}

std::int64_t Statistic::reach(const std::vector<Id>& partners, Workspace& work) const {
    // Per region, the distinct partners of its recipients (a stamp per partner, in L1 cache).
    constexpr std::size_t kAhead = 8;  // recipients whose partner lists are fetched ahead
    const Id* slots = partners.data();
    std::int64_t* stamp = work.stamp.data();
    std::int64_t total = 0;
    const std::size_t members = region_members_.size();
    for (std::size_t g = 0; g + 1 < region_members_offsets_.size(); ++g) {
        const std::int64_t generation = ++work.generation;
        for (auto m = static_cast<std::size_t>(region_members_offsets_[g]); m < static_cast<std::size_t>(region_members_offsets_[g + 1]); ++m) {
            if (m + kAhead < members) __builtin_prefetch(slots + region_members_[m + kAhead].first);
            for (auto k = region_members_[m].first; k < region_members_[m].second; ++k) {
                auto& seen = stamp[static_cast<std::size_t>(slots[k])];
                total += seen != generation;
                seen = generation;
            }
        }
    }
    return total;
}

double Statistic::co_serving(const std::vector<Id>& partners, Workspace& work) const {
    regions_per_partner(partners, work);
    const std::size_t n_par = layout_->n_partners();
    const auto n_reg = static_cast<std::size_t>(n_regions_);
    // Partners of each region (counting sort of the (partner, region) incidences).
    work.region_offsets.assign(n_reg + 1, 0);
    for (Id g : work.partner_regions) ++work.region_offsets[static_cast<std::size_t>(g) + 1];
    for (std::size_t g = 0; g < n_reg; ++g) work.region_offsets[g + 1] += work.region_offsets[g];
    work.region_partners.resize(work.partner_regions.size());
    std::vector<std::int64_t> cursor(work.region_offsets.begin(), work.region_offsets.end() - 1);
    for (std::size_t p = 0; p < n_par; ++p)
        for (auto k = work.partner_region_offsets[p]; k < work.partner_region_offsets[p + 1]; ++k)
            work.region_partners[static_cast<std::size_t>(
                cursor[static_cast<std::size_t>(work.partner_regions[static_cast<std::size_t>(k)])]++)] =
                static_cast<Id>(p);
    // Each partner p counts the partners q > p it meets in any of its regions, once.
    std::int64_t pairs = 0;
    for (std::size_t p = 0; p < n_par; ++p) {
        const std::int64_t generation = ++work.generation;
        for (auto k = work.partner_region_offsets[p]; k < work.partner_region_offsets[p + 1]; ++k) {
            const auto g = static_cast<std::size_t>(work.partner_regions[static_cast<std::size_t>(k)]);
            for (auto j = work.region_offsets[g]; j < work.region_offsets[g + 1]; ++j) {
                const Id q = work.region_partners[static_cast<std::size_t>(j)];
                if (static_cast<std::size_t>(q) <= p || work.stamp[static_cast<std::size_t>(q)] == generation) continue;
                work.stamp[static_cast<std::size_t>(q)] = generation;
                ++pairs;
            }
        }
    }
    return static_cast<double>(pairs);
}

}  // namespace duikou::nullmodel

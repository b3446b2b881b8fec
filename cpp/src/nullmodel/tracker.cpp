#include "duikou/nullmodel/tracker.hpp"

#include <algorithm>
#include <limits>

namespace duikou::nullmodel {

Tracker::Tracker(const Statistic& statistic, std::size_t max_dense_cells) : statistic_(statistic), kind_(statistic.kind()) {
    const Layout& L = statistic.layout();
    const std::size_t n_par = L.n_partners();
    if (kind_ == StatisticKind::Reach || kind_ == StatisticKind::CoServing) {
        n_regions_ = static_cast<std::size_t>(statistic.n_regions());
        dense_ = n_par * std::max<std::size_t>(n_regions_, 1) <= max_dense_cells;
        if (kind_ == StatisticKind::CoServing && (!dense_ || n_par > kMaxCoServingPartners)) {
            incremental_ = false;
            work_ = statistic.workspace();
        }
    }
}

std::int32_t& Tracker::pairs_in(Id partner, Id region) {
    const auto cell = static_cast<std::size_t>(partner) * n_regions_ + static_cast<std::size_t>(region);
    return dense_ ? region_pairs_[cell] : sparse_pairs_[static_cast<std::int64_t>(cell)];
}

void Tracker::reset(const std::vector<Id>& partners) {
    if (!incremental_) return;
    const Layout& L = statistic_.layout();
    const std::size_t n_par = L.n_partners();
    n_pairs_ = static_cast<std::int64_t>(partners.size());
    same_ = known_ = distance_units_ = reach_ = co_serving_ = top_ = 0;
    switch (kind_) {
        case StatisticKind::Reach:
        case StatisticKind::CoServing:
            if (dense_)
                region_pairs_.assign(n_par * n_regions_, 0);
            else
                sparse_pairs_.clear();
            if (kind_ == StatisticKind::CoServing) {
                members_.assign(n_regions_, {});
                member_position_.assign(n_par * n_regions_, -1);
                shared_.assign(n_par * n_par, 0);
            }
            break;
        case StatisticKind::MaxFrequency:
        case StatisticKind::Hhi:
        case StatisticKind::Gini:
            frequency_.assign(n_par, 0);
            histogram_.assign(1, static_cast<std::int64_t>(n_par));  // every partner at 0 pairs
            break;
        default: break;
    }
    for (std::size_t k = 0; k < partners.size(); ++k) add(L.recipients[k], partners[k]);
}

void Tracker::add(Id recipient, Id partner) {
    const auto& spec = statistic_.spec();
    switch (kind_) {
        case StatisticKind::SameGroup: {
            const Id g = spec.partner_group[static_cast<std::size_t>(partner)];
            const Id h = spec.recipient_group[static_cast<std::size_t>(recipient)];
            known_ += g != kMissing && h != kMissing;
            same_ += g != kMissing && g == h;
            break;
        }
        case StatisticKind::MeanDistance: distance_units_ += statistic_.distance_units(recipient, partner); break;
        case StatisticKind::Reach:
        case StatisticKind::CoServing: {
            const Id g = spec.recipient_group[static_cast<std::size_t>(recipient)];
            if (pairs_in(partner, g)++ == 0) incidence_up(partner, g);
            break;
        }
        default: {  // frequency statistics
            auto& f = frequency_[static_cast<std::size_t>(partner)];
            --histogram_[static_cast<std::size_t>(f)];
            if (++f > top_) {
                top_ = f;
                histogram_.resize(static_cast<std::size_t>(top_) + 1, 0);
            }
            ++histogram_[static_cast<std::size_t>(f)];
        }
    }
}

void Tracker::remove(Id recipient, Id partner) {
    const auto& spec = statistic_.spec();
    switch (kind_) {
        case StatisticKind::SameGroup: {
            const Id g = spec.partner_group[static_cast<std::size_t>(partner)];
            const Id h = spec.recipient_group[static_cast<std::size_t>(recipient)];
            known_ -= g != kMissing && h != kMissing;
            same_ -= g != kMissing && g == h;
            break;
        }
        case StatisticKind::MeanDistance: distance_units_ -= statistic_.distance_units(recipient, partner); break;
        case StatisticKind::Reach:
        case StatisticKind::CoServing: {
            const Id g = spec.recipient_group[static_cast<std::size_t>(recipient)];
            if (--pairs_in(partner, g) == 0) {
                if (!dense_) sparse_pairs_.erase(static_cast<std::int64_t>(partner) * static_cast<std::int64_t>(n_regions_) + g);
                incidence_down(partner, g);
            }
            break;
        }
        default: {
            auto& f = frequency_[static_cast<std::size_t>(partner)];
            --histogram_[static_cast<std::size_t>(f)];
            --f;
            ++histogram_[static_cast<std::size_t>(f)];
            while (top_ > 0 && histogram_[static_cast<std::size_t>(top_)] == 0) --top_;
        }
    }
}

void Tracker::incidence_up(Id partner, Id region) {
    ++reach_;
    if (kind_ != StatisticKind::CoServing) return;
    const std::size_t n_par = statistic_.layout().n_partners();
    auto& members = members_[static_cast<std::size_t>(region)];
    for (Id q : members) {
        auto& s = shared_[static_cast<std::size_t>(partner) * n_par + static_cast<std::size_t>(q)];
        if (s++ == 0) ++co_serving_;
        ++shared_[static_cast<std::size_t>(q) * n_par + static_cast<std::size_t>(partner)];
    }
    member_position_[static_cast<std::size_t>(partner) * n_regions_ + static_cast<std::size_t>(region)] =
        static_cast<std::int32_t>(members.size());
    members.push_back(partner);
}

void Tracker::incidence_down(Id partner, Id region) {
    --reach_;
    if (kind_ != StatisticKind::CoServing) return;
    const std::size_t n_par = statistic_.layout().n_partners();
    auto& members = members_[static_cast<std::size_t>(region)];
    // Swap-remove the partner from its region's list, then uncount the partners left there.
    auto& position = member_position_[static_cast<std::size_t>(partner) * n_regions_ + static_cast<std::size_t>(region)];
    const Id last = members.back();
    members[static_cast<std::size_t>(position)] = last;
    member_position_[static_cast<std::size_t>(last) * n_regions_ + static_cast<std::size_t>(region)] = position;
    members.pop_back();
    position = -1;
    for (Id q : members) {
        auto& s = shared_[static_cast<std::size_t>(partner) * n_par + static_cast<std::size_t>(q)];
        if (--s == 0) --co_serving_;
        --shared_[static_cast<std::size_t>(q) * n_par + static_cast<std::size_t>(partner)];
    }
}

void Tracker::traded(Id i, Id j, const std::vector<Id>& to_j, const std::vector<Id>& to_i) {
    if (!incremental_) return;
    switch (kind_) {
        case StatisticKind::MaxFrequency:
        case StatisticKind::Hhi:
        case StatisticKind::Gini: return;  // a partner keeps its pairs when it changes recipient
        case StatisticKind::Reach:
        case StatisticKind::CoServing: {
            const auto& group = statistic_.spec().recipient_group;
            if (group[static_cast<std::size_t>(i)] == group[static_cast<std::size_t>(j)]) return;  // same region
            break;
        }
        default: break;
    }
    // Additions first, so that a count never passes through zero needlessly.
    for (Id p : to_j) add(j, p);
    for (Id p : to_i) add(i, p);
    for (Id p : to_j) remove(i, p);
    for (Id p : to_i) remove(j, p);
}

void Tracker::redrawn(Id r, const Id* before, const Id* after, std::size_t d) {
    if (!incremental_) return;
    for (std::size_t k = 0; k < d; ++k) add(r, after[k]);
    for (std::size_t k = 0; k < d; ++k) remove(r, before[k]);
}

double Tracker::value(const std::vector<Id>& partners) {
    if (!incremental_) return statistic_.evaluate(partners, work_);
    switch (kind_) {
        case StatisticKind::SameGroup:
            return known_ == 0 ? std::numeric_limits<double>::quiet_NaN()
                               : static_cast<double>(same_) / static_cast<double>(known_);
        case StatisticKind::MeanDistance:
            return n_pairs_ == 0 ? 0.0
                                 : static_cast<double>(distance_units_) * Statistic::kDistanceUnit /
                                       static_cast<double>(n_pairs_);
        case StatisticKind::Reach: return static_cast<double>(reach_);
        case StatisticKind::CoServing: return static_cast<double>(co_serving_);
        default: return Statistic::frequency_value(kind_, histogram_, top_, n_pairs_);
    }
}

}  // namespace duikou::nullmodel

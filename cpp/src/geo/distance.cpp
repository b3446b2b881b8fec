#include "duikou/geo/distance.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

#include "duikou/stats/distinct.hpp"
#include "duikou/stats/frequency.hpp"

namespace duikou::geo {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kRadiansPerDegree = 3.14159265358979323846 / 180.0;

// A seat in radians with its cosine, computed once per label.
struct Point {
    double phi, lambda, cos_phi;
};

Point to_point(double lon, double lat) {
    const double phi = lat * kRadiansPerDegree;
    return {phi, lon * kRadiansPerDegree, std::cos(phi)};
}

double haversine(const Point& a, const Point& b) {
    const double sin_dphi = std::sin((b.phi - a.phi) / 2);
    const double sin_dlambda = std::sin((b.lambda - a.lambda) / 2);
    const double h = sin_dphi * sin_dphi + a.cos_phi * b.cos_phi * sin_dlambda * sin_dlambda;
    // Rounding can push h a hair above 1 for antipodal points.
    return 2 * kEarthRadiusKm * std::asin(std::sqrt(std::min(1.0, h)));
}

// Points of every label; `known[k]` is false where the seat is unknown.
struct Points {
    std::vector<Point> at;
    std::vector<char> known;

    explicit Points(const Seats& seats) : at(seats.lon.size()), known(seats.lon.size()) {
        for (std::size_t k = 0; k < at.size(); ++k) {
            known[k] = !std::isnan(seats.lon[k]);
            if (known[k]) at[k] = to_point(seats.lon[k], seats.lat[k]);
        }
    }
    bool has(Id id) const { return id != kMissing && known[static_cast<std::size_t>(id)]; }
    const Point& operator[](Id id) const { return at[static_cast<std::size_t>(id)]; }
};

// Up to this many rows of one (recipient, scope), ranking scans the candidates
// per row; beyond it, sorting them once is cheaper.
constexpr std::size_t kRowsBeforeSorting = 8;

}  // namespace

double haversine_km(double lon1, double lat1, double lon2, double lat2) {
    return haversine(to_point(lon1, lat1), to_point(lon2, lat2));
}

void check_seats(const Seats& seats, const Coded& side, std::string_view side_name) {
    const std::string name(side_name);
    if (seats.lon.size() != side.cardinality() || seats.lat.size() != side.cardinality())
        throw std::invalid_argument(name + " seats: expected one longitude and latitude per label (" +
                                    std::to_string(side.cardinality()) + "), got " +
                                    std::to_string(seats.lon.size()) + " and " + std::to_string(seats.lat.size()));
    for (std::size_t k = 0; k < side.cardinality(); ++k) {
        const double lon = seats.lon[k], lat = seats.lat[k];
        const bool unknown = std::isnan(lon) && std::isnan(lat);
        const bool valid = lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90;  // false for NaN
        if (!unknown && !valid)
            throw std::invalid_argument(name + " '" + std::string(side.labels[k]) + "': seat (lon " + std::to_string(lon) +
                                        ", lat " + std::to_string(lat) +
                                        ") is not a point; lon must lie in [-180, 180] and lat in [-90, 90], "
                                        "or both be NaN when unknown");
    }
}

std::vector<double> pair_distances(const PairTable& table, const Seats& recipients, const Seats& partners) {
    const Coded& rec = table.side(Side::Recipient);
    const Coded& par = table.side(Side::Partner);
    check_seats(recipients, rec, "recipient");
    check_seats(partners, par, "partner");
    const Points from(recipients), to(partners);
    std::vector<double> km(table.size(), kNaN);
    for (std::size_t i = 0; i < km.size(); ++i) {
        const Id r = rec.codes[i], p = par.codes[i];
        if (from.has(r) && to.has(p)) km[i] = haversine(from[r], to[p]);
    }
    return km;
}

Summary summarize(const std::vector<double>& km, const Coded& by) {
    if (km.size() != by.size())
        throw std::invalid_argument("summarize: " + std::to_string(km.size()) + " distances for " +
                                    std::to_string(by.size()) + " rows");
    const Csr groups = group_rows(by);
    const std::size_t n = by.cardinality();
    Summary out{std::vector<std::int64_t>(n), std::vector<std::int64_t>(n), std::vector<double>(n, kNaN),
                std::vector<double>(n, kNaN),  std::vector<double>(n, kNaN),  std::vector<double>(n, kNaN)};
    std::vector<double> values;
    for (std::size_t g = 0; g < n; ++g) {
        values.clear();
        for (auto j = groups.offsets[g]; j < groups.offsets[g + 1]; ++j) {
            const double d = km[static_cast<std::size_t>(groups.rows[static_cast<std::size_t>(j)])];
            if (!std::isnan(d)) values.push_back(d);
        }
        out.pairs[g] = groups.offsets[g + 1] - groups.offsets[g];
        out.known[g] = static_cast<std::int64_t>(values.size());
        if (values.empty()) continue;
        double sum = 0;
        for (double d : values) sum += d;
        out.mean[g] = sum / static_cast<double>(values.size());
        const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
        out.min[g] = *lo;
        out.max[g] = *hi;
        const auto mid = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
        std::nth_element(values.begin(), mid, values.end());
        out.median[g] = *mid;
        if (values.size() % 2 == 0) out.median[g] = (*mid + *std::max_element(values.begin(), mid)) / 2;
    }
    return out;
}

NearestRank nearest_partner_rank(const PairTable& table, const Seats& recipients, const Seats& partners,
                                 const Coded* within) {
    const Coded& rec = table.side(Side::Recipient);
    const Coded& par = table.side(Side::Partner);
    check_seats(recipients, rec, "recipient");
    check_seats(partners, par, "partner");
    const Points from(recipients), to(partners);
    const std::size_t n = table.size();
    // The scope of a row: its `within` code, or one scope holding every row.
    Coded everything;
    if (within == nullptr) {
        everything = Coded{std::vector<Id>(n, 0), {"all"}};
        within = &everything;
    } else if (within->size() != n) {
        throw std::invalid_argument("nearest_partner_rank: the scope column has " + std::to_string(within->size()) +
                                    " rows but the table has " + std::to_string(n));
    }
    // Candidates of each scope: its distinct partners with a known seat.
    const stats::Distinct scope_partners = stats::distinct(*within, par);
    std::vector<std::int64_t> offsets{0};
    std::vector<Id> candidates;
    for (std::size_t s = 0; s < within->cardinality(); ++s) {
        for (auto k = scope_partners.offsets[s]; k < scope_partners.offsets[s + 1]; ++k) {
            const Id p = scope_partners.ids[static_cast<std::size_t>(k)];
            if (to.has(p)) candidates.push_back(p);
        }
        offsets.push_back(static_cast<std::int64_t>(candidates.size()));
    }

    NearestRank out{std::vector<std::int64_t>(n, -1), std::vector<std::int64_t>(n, 0), std::vector<Id>(n, kMissing),
                    std::vector<double>(n, kNaN)};
    for (std::size_t i = 0; i < n; ++i) {
        const Id s = within->codes[i];
        if (s == kMissing) continue;
        const auto scope = static_cast<std::size_t>(s);
        out.candidates[i] = offsets[scope + 1] - offsets[scope];
    }

    std::vector<std::pair<Id, std::int64_t>> rows_by_scope;  // (scope, row) of one recipient
    std::vector<std::pair<double, Id>> ranked;               // (distance, partner) of one scope's candidates
    const Csr& by_recipient = table.rows_by(Side::Recipient);
    for (std::size_t r = 0; r < rec.cardinality(); ++r) {
        const Id recipient = static_cast<Id>(r);
        if (!from.has(recipient)) continue;
        rows_by_scope.clear();
        for (auto j = by_recipient.offsets[r]; j < by_recipient.offsets[r + 1]; ++j) {
            const auto row = by_recipient.rows[static_cast<std::size_t>(j)];
            const Id scope = within->codes[static_cast<std::size_t>(row)];
            if (scope != kMissing) rows_by_scope.emplace_back(scope, row);
        }
        std::sort(rows_by_scope.begin(), rows_by_scope.end());
        for (std::size_t a = 0; a < rows_by_scope.size();) {
            const auto scope = static_cast<std::size_t>(rows_by_scope[a].first);
            std::size_t b = a;
            while (b < rows_by_scope.size() && rows_by_scope[b].first == rows_by_scope[a].first) ++b;
            // One haversine per candidate; the nearest is the smallest (distance, partner id).
            ranked.clear();
            for (auto k = offsets[scope]; k < offsets[scope + 1]; ++k) {
                const Id p = candidates[static_cast<std::size_t>(k)];
                ranked.emplace_back(haversine(from[recipient], to[p]), p);
            }
            const bool sorted = b - a > kRowsBeforeSorting;
            if (sorted) std::sort(ranked.begin(), ranked.end());
            const auto nearest = sorted ? ranked.begin() : std::min_element(ranked.begin(), ranked.end());
            for (; a < b; ++a) {
                const auto row = static_cast<std::size_t>(rows_by_scope[a].second);
                if (!ranked.empty()) {
                    out.nearest[row] = nearest->second;
                    out.nearest_km[row] = nearest->first;
                }
                const Id p = par.codes[row];
                if (!to.has(p)) continue;
                const double d = haversine(from[recipient], to[p]);
                const auto nearer =
                    sorted ? std::lower_bound(ranked.begin(), ranked.end(), std::make_pair(d, Id{-1})) - ranked.begin()
                           : std::count_if(ranked.begin(), ranked.end(), [d](const auto& c) { return c.first < d; });
                out.rank[row] = 1 + nearer;
            }
        }
    }
    return out;
}

}  // namespace duikou::geo

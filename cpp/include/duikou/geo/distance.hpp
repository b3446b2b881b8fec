// Geography of pairs (docs/statistics.md, "Rollups and geography"): great-circle
// distances between the seats of recipient and partner, their summaries per
// group, and the rank of each actual partner among the candidate partners.
//
// Seats are given per label id (one point per distinct name), so trigonometry
// runs once per label and rows only index into it.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "duikou/table.hpp"

namespace duikou::geo {

// Mean Earth radius R1 = (2a + b) / 3 of the WGS-84 ellipsoid, in km
// (Moritz 2000, "Geodetic Reference System 1980", J. Geodesy 74:128).
inline constexpr double kEarthRadiusKm = 6371.0088;

// Seat of every label id of one side, in degrees; both NaN where unknown.
struct Seats {
    std::vector<double> lon;
    std::vector<double> lat;
};

// Haversine great-circle distance (Sinnott 1984, Sky & Telescope 68:159)
// between two points in degrees: 2 R asin(sqrt(hav(dlat) + cos lat1 cos lat2 hav(dlon))).
double haversine_km(double lon1, double lat1, double lon2, double lat2);

// Throws std::invalid_argument unless there is one seat per label of `side`
// and each seat is either unknown (both NaN) or has lon in [-180, 180] and
// lat in [-90, 90]; the message names the side and the label.
void check_seats(const Seats& seats, const Coded& side, std::string_view side_name);

// Distance in km of every row, in row order; NaN where a name is missing or
// either seat is unknown.
std::vector<double> pair_distances(const PairTable& table, const Seats& recipients, const Seats& partners);

// Distances summarised per group id of `by` (every label, used or not).
// `pairs` counts rows of the group, `known` those with a distance; the other
// figures are over known distances (NaN when there are none). The median of
// an even count is the mean of the two middle values.
struct Summary {
    std::vector<std::int64_t> pairs;
    std::vector<std::int64_t> known;
    std::vector<double> mean;
    std::vector<double> median;
    std::vector<double> min;
    std::vector<double> max;
};

Summary summarize(const std::vector<double>& km, const Coded& by);

// For every row: where its actual partner ranks, by distance from the
// recipient, among the candidate partners: the distinct partners of all rows
// with the same `within` code (all rows when `within` is null), counting only
// partners with a known seat.
//   rank       = 1 + number of candidates strictly nearer than the actual
//                partner (competition ranking: equidistant partners share the
//                better rank); -1 when the pair's distance is unknown or the
//                row's `within` code is missing.
//   candidates = number of candidates with a known seat.
//   nearest    = the nearest candidate (ties: the smallest partner id, i.e.
//                first appearance for interned names); kMissing when the
//                recipient's seat is unknown or there is no candidate.
// Cost: one haversine per (recipient, candidate of its scope), O(R x P), on
// seats converted to radians once per label; a recipient with many rows in
// one scope sorts the candidates once instead of scanning them per row.
struct NearestRank {
    std::vector<std::int64_t> rank;
    std::vector<std::int64_t> candidates;
    std::vector<Id> nearest;
    std::vector<double> nearest_km;
};

NearestRank nearest_partner_rank(const PairTable& table, const Seats& recipients, const Seats& partners,
                                 const Coded* within = nullptr);

}  // namespace duikou::geo

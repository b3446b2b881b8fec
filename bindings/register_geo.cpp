// Geography (distances, summaries, nearest-partner ranks) and rollups
// (group x group counts, same-group pairs). Seats cross as float64 arrays, one
// entry per label id; the Python layer (duikou/geography.py) attaches names.
#include <optional>

#include "duikou/geo/distance.hpp"
#include "duikou/stats/rollup.hpp"
#include "pybind.hpp"

namespace duikou::bind {
namespace {

using Doubles = py::array_t<double, py::array::c_style | py::array::forcecast>;

std::vector<double> to_doubles(const Doubles& array, const std::string& name) {
    if (array.ndim() != 1)
        throw std::invalid_argument("'" + name + "' must be one-dimensional, got " + std::to_string(array.ndim()) +
                                    " dimensions");
    return std::vector<double>(array.data(), array.data() + array.size());
}

geo::Seats to_seats(const Doubles& lon, const Doubles& lat, const std::string& side) {
    return geo::Seats{to_doubles(lon, side + "_lon"), to_doubles(lat, side + "_lat")};
}

std::vector<Id> map_labels(const PairTable& t, const std::string& a, const std::string& b,
                           const std::vector<Id>& excluded_a, const std::vector<Id>& excluded_b) {
    return stats::label_map(t.column(a), t.column(b), excluded_a, excluded_b);
}

}  // namespace

void register_geo(py::module_& m) {
    m.attr("EARTH_RADIUS_KM") = geo::kEarthRadiusKm;

    m.def("haversine_km", &geo::haversine_km, "lon1"_a, "lat1"_a, "lon2"_a, "lat2"_a,
          "Great-circle distance in km between two points given in degrees (R = 6371.0088 km).");

    m.def("pair_distances",
          [](const PairTable& t, const Doubles& recipient_lon, const Doubles& recipient_lat,
             const Doubles& partner_lon, const Doubles& partner_lat) {
              const auto recipients = to_seats(recipient_lon, recipient_lat, "recipient");
              const auto partners = to_seats(partner_lon, partner_lat, "partner");
              std::vector<double> km;
              {
                  py::gil_scoped_release release;
                  km = geo::pair_distances(t, recipients, partners);
              }
              return to_numpy(std::move(km));
          },
          "table"_a, "recipient_lon"_a, "recipient_lat"_a, "partner_lon"_a, "partner_lat"_a,
          "Distance in km of every row between the seats (per label id) of recipient and partner; NaN if unknown.");

    m.def("distance_summary",
          [](const PairTable& t, const Doubles& km, std::optional<std::string> by) {
              auto values = to_doubles(km, "km");
              geo::Summary s;
              if (by) {
                  const Coded& groups = t.column(*by);
                  py::gil_scoped_release release;
                  s = geo::summarize(values, groups);
              } else {
                  py::gil_scoped_release release;
                  s = geo::summarize(values, Coded{std::vector<Id>(values.size(), 0), {"all"}});
              }
              return py::dict("pairs"_a = to_numpy(std::move(s.pairs)), "known"_a = to_numpy(std::move(s.known)),
                              "mean"_a = to_numpy(std::move(s.mean)), "median"_a = to_numpy(std::move(s.median)),
                              "min"_a = to_numpy(std::move(s.min)), "max"_a = to_numpy(std::move(s.max)));
          },
          "table"_a, "km"_a, "by"_a = py::none(),
          "Count, mean, median, min and max of distances per label id of `by` (one group if None).");

    m.def("nearest_partner_rank",
          [](const PairTable& t, const Doubles& recipient_lon, const Doubles& recipient_lat,
             const Doubles& partner_lon, const Doubles& partner_lat, std::optional<std::string> within) {
              const auto recipients = to_seats(recipient_lon, recipient_lat, "recipient");
              const auto partners = to_seats(partner_lon, partner_lat, "partner");
              const Coded* scope = within ? &t.column(*within) : nullptr;
              geo::NearestRank n;
              {
                  py::gil_scoped_release release;
                  n = geo::nearest_partner_rank(t, recipients, partners, scope);
              }
              return py::dict("rank"_a = to_numpy(std::move(n.rank)),
                              "candidates"_a = to_numpy(std::move(n.candidates)),
                              "nearest"_a = to_numpy(std::move(n.nearest)),
                              "nearest_km"_a = to_numpy(std::move(n.nearest_km)));
          },
          "table"_a, "recipient_lon"_a, "recipient_lat"_a, "partner_lon"_a, "partner_lat"_a, "within"_a = py::none(),
          "Per row: rank of the actual partner by distance among the partners of its scope, and the nearest one.");

    m.def("same_label_rows",
          [](const PairTable& t, const std::string& a, const std::string& b, const std::vector<Id>& excluded_a,
             const std::vector<Id>& excluded_b) {
              const auto map = map_labels(t, a, b, excluded_a, excluded_b);
              std::vector<std::int64_t> rows;
              {
                  py::gil_scoped_release release;
                  rows = stats::same_label_rows(t.column(a), t.column(b), map);
              }
              return to_numpy(std::move(rows));
          },
          "table"_a, "a"_a, "b"_a, "excluded_a"_a = std::vector<Id>{}, "excluded_b"_a = std::vector<Id>{},
          "Rows whose label in column a equals their label in column b (excluded ids never match).");

    m.def("rollup",
          [](const PairTable& t, const std::string& rows, const std::string& columns,
             const std::vector<Id>& excluded_rows, const std::vector<Id>& excluded_columns) {
              const auto map = map_labels(t, rows, columns, excluded_rows, excluded_columns);
              stats::Rollup r;
              {
                  py::gil_scoped_release release;
                  r = stats::rollup(t, t.column(rows), t.column(columns), map);
              }
              return py::dict("row_group"_a = to_numpy(std::move(r.row_group)),
                              "column_group"_a = to_numpy(std::move(r.column_group)),
                              "pairs"_a = to_numpy(std::move(r.pairs)),
                              "first_row"_a = to_numpy(std::move(r.first_row)),
                              "recipients"_a = to_numpy(std::move(r.recipients)),
                              "partners"_a = to_numpy(std::move(r.partners)),
                              "same_label"_a = to_numpy(std::move(r.same_label)));
          },
          "table"_a, "rows"_a, "columns"_a, "excluded_rows"_a = std::vector<Id>{},
          "excluded_columns"_a = std::vector<Id>{},
          "Pairs per (row group, column group) combination, pairs descending, ties by first appearance.");
}

}  // namespace duikou::bind

// Null models: samplers, per-draw statistics, exact distributions.
#include "duikou/nullmodel/exact.hpp"
#include "duikou/nullmodel/run.hpp"
#include "duikou/nullmodel/sampler.hpp"
#include "duikou/nullmodel/statistic.hpp"
#include "pybind.hpp"

namespace duikou::bind {

namespace {

using namespace duikou::nullmodel;

std::vector<double> to_doubles(const py::object& values, const std::string& name) {
    if (values.is_none()) return {};
    auto array = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(values);
    if (!array || array.ndim() != 1) throw std::invalid_argument("'" + name + "' must be a one-dimensional array of numbers");
    return std::vector<double>(array.data(), array.data() + array.size());
}

std::vector<Id> to_optional_codes(const py::object& values, const std::string& name) {
    if (values.is_none()) return {};
    return to_codes(py::array::ensure(values), name);
}

// Polls from the calling thread while workers run: Ctrl-C and progress.
std::function<void(std::int64_t)> make_poll(const py::object& progress) {
    return [progress](std::int64_t done) {
        py::gil_scoped_acquire acquire;
        if (PyErr_CheckSignals() != 0) throw py::error_already_set();
        if (!progress.is_none()) progress(done);
    };
}

RunOptions run_options(std::int64_t draws, std::uint64_t seed, int threads, std::int64_t first_draw,
                       const py::object& progress) {
    RunOptions options;
    options.draws = draws;
    options.seed = seed;
    options.threads = threads;
    options.first_draw = first_draw;
    options.poll = make_poll(progress);
    return options;
}

}  // namespace

void register_nullmodel(py::module_& m) {
    py::register_exception<ExactUnavailable>(m, "ExactUnavailable", PyExc_RuntimeError);

    py::class_<Sampler, std::shared_ptr<Sampler>>(m, "NullSampler",
        "A null model of a pairing table (curveball or fixed_recipients), optionally stratified.")
        .def(py::init([](const PairTable& table, const std::string& method, const py::object& strata,
                         const py::object& capacity, std::int64_t burn_in, std::int64_t thin, std::int64_t chain_length) {
                 ModelOptions options;
                 options.method = parse_method(method);
                 options.strata = to_optional_codes(strata, "strata");
                 options.capacity = to_doubles(capacity, "capacity");
                 options.burn_in = burn_in;
                 options.thin = thin;
                 options.chain_length = chain_length;
                 return std::make_shared<Sampler>(make_layout(table), std::move(options));
             }),
             "table"_a, "method"_a = "curveball", "strata"_a = py::none(), "capacity"_a = py::none(),
             "burn_in"_a = -1, "thin"_a = -1, "chain_length"_a = -1)
        .def_property_readonly("method", [](const Sampler& s) { return method_name(s.method()); })
        .def_property_readonly("burn_in", &Sampler::burn_in)
        .def_property_readonly("thin", &Sampler::thin)
        .def_property_readonly("chain_length", &Sampler::chain_length)
        .def_property_readonly("tradable", &Sampler::tradable)
        .def_property_readonly("stratified", &Sampler::stratified)
        .def_property_readonly("weighted", &Sampler::weighted);

    py::class_<Statistic, std::shared_ptr<Statistic>>(m, "NullStatistic", "A statistic computed on every draw, on ids.")
        .def(py::init([](const Sampler& sampler, const std::string& kind, const py::object& recipient_group,
                         const py::object& partner_group, const py::object& recipient_lon,
                         const py::object& recipient_lat, const py::object& partner_lon,
                         const py::object& partner_lat) {
                 StatisticSpec spec;
                 spec.kind = parse_statistic(kind);
                 spec.recipient_group = to_optional_codes(recipient_group, "recipient_group");
                 spec.partner_group = to_optional_codes(partner_group, "partner_group");
                 spec.recipient_lon = to_doubles(recipient_lon, "recipient_lon");
                 spec.recipient_lat = to_doubles(recipient_lat, "recipient_lat");
                 spec.partner_lon = to_doubles(partner_lon, "partner_lon");
                 spec.partner_lat = to_doubles(partner_lat, "partner_lat");
                 return std::make_shared<Statistic>(sampler.shared_layout(), std::move(spec));
             }),
             "sampler"_a, "kind"_a, "recipient_group"_a = py::none(), "partner_group"_a = py::none(),
             "recipient_lon"_a = py::none(), "recipient_lat"_a = py::none(), "partner_lon"_a = py::none(),
             "partner_lat"_a = py::none())
        .def_property_readonly("kind", [](const Statistic& s) { return statistic_name(s.kind()); })
        .def("observed",
             [](const Statistic& s) {
                 auto work = s.workspace();
                 return s.evaluate(s.layout().partners, work);
             },
             "The statistic on the observed table.");

    m.def("null_sample",
          [](const Sampler& sampler, const Statistic& statistic, std::int64_t draws, std::uint64_t seed, int threads,
             std::int64_t first_draw, const py::object& progress) {
              const auto options = run_options(draws, seed, threads, first_draw, progress);
              std::vector<double> values;
              {
                  py::gil_scoped_release release;
                  values = sample_statistic(sampler, statistic, options);
              }
              return to_numpy(std::move(values));
          },
          "sampler"_a, "statistic"_a, "draws"_a, "seed"_a, "threads"_a = 0, "first_draw"_a = 0,
          "progress"_a = py::none(),
          "The statistic on draws first_draw .. first_draw + draws - 1; progress(done) is called about every 0.1 s.");

    m.def("null_sample_many",
          [](const Sampler& sampler, const std::vector<std::shared_ptr<Statistic>>& statistics, std::int64_t draws,
             std::uint64_t seed, int threads, std::int64_t first_draw, const py::object& progress) {
              const auto options = run_options(draws, seed, threads, first_draw, progress);
              std::vector<const Statistic*> pointers;
              for (const auto& s : statistics) {
                  if (!s) throw std::invalid_argument("statistics must not contain None");
                  pointers.push_back(s.get());
              }
              std::vector<double> values;
              {
                  py::gil_scoped_release release;
                  values = sample_statistics(sampler, pointers, options);
              }
              return to_numpy(std::move(values))
                  .reshape({static_cast<py::ssize_t>(std::max<std::int64_t>(draws, 0)),
                            static_cast<py::ssize_t>(pointers.size())});
          },
          "sampler"_a, "statistics"_a, "draws"_a, "seed"_a, "threads"_a = 0, "first_draw"_a = 0,
          "progress"_a = py::none(),
          "Several statistics on the same draws (one column each, followed trade by trade); column k equals "
          "null_sample with statistics[k].");

    m.def("null_tables",
          [](const Sampler& sampler, std::int64_t draws, std::uint64_t seed, int threads, std::int64_t first_draw,
             const py::object& progress) {
              const auto options = run_options(draws, seed, threads, first_draw, progress);
              std::vector<Id> tables;
              {
                  py::gil_scoped_release release;
                  tables = sample_tables(sampler, options);
              }
              const auto rows = static_cast<py::ssize_t>(sampler.layout().size());
              return to_numpy(std::move(tables)).reshape({static_cast<py::ssize_t>(std::max<std::int64_t>(draws, 0)), rows});
          },
          "sampler"_a, "draws"_a, "seed"_a, "threads"_a = 0, "first_draw"_a = 0, "progress"_a = py::none(),
          "Partner ids of the same draws, one row per draw, one column per table row.");

    m.def("null_exact",
          [](const Sampler& sampler, const Statistic& statistic, std::int64_t max_entries, std::int64_t max_work,
             double budget) {
              ExactLimits limits;
              limits.max_entries = max_entries;
              limits.max_work = max_work;
              limits.budget = budget;
              limits.poll = [] {
                  py::gil_scoped_acquire acquire;
                  if (PyErr_CheckSignals() != 0) throw py::error_already_set();
              };
              ExactDistribution d;
              {
                  py::gil_scoped_release release;
                  d = exact_distribution(sampler, statistic, limits);
              }
              return py::dict("values"_a = to_numpy(std::move(d.values)),
                              "probabilities"_a = to_numpy(std::move(d.probabilities)),
                              "log_tables"_a = d.log_tables, "work"_a = d.work,
                              "log_state_bound"_a = d.log_state_bound, "seconds"_a = d.seconds);
          },
          "sampler"_a, "statistic"_a, "max_entries"_a = ExactLimits{}.max_entries,
          "max_work"_a = ExactLimits{}.max_work, "budget"_a = ExactLimits{}.budget,
          "Exact null distribution of the statistic, tried only when an O(pairs) bound says it is cheap and "
          "stopped after `budget` CPU seconds; raises ExactUnavailable with the reason.");
}

}  // namespace duikou::bind

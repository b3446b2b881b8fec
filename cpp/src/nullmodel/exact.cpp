#include "duikou/nullmodel/exact.hpp"

#include <algorithm>
#include <cstdio>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <tuple>
#include <unordered_map>

#include <time.h>

#include "duikou/stats/concentration.hpp"

namespace duikou::nullmodel {

namespace {

// How a unit's level changes when it gets a pair at a stage.
enum class Levels {
    Remaining,  // level = pairs still to place; must be >= 1 to be picked; 0 at the end (curveball)
    Count,      // level = pairs so far (fixed_recipients, frequency statistics)
    None,       // the statistic ignores levels (fixed_recipients, additive statistics)
};

struct Pick {
    std::int32_t cls, level, k;
};

struct Stage {
    std::int32_t demand;   // distinct units to pick
    std::int32_t allowed;  // index into Problem::allowed
    Id place;              // the stage's own place: a partner (curveball) or a recipient
};

// State: sorted (class, level, count) triples with count > 0, flattened.
using State = std::vector<std::int32_t>;

struct StateHash {
    std::size_t operator()(const State& s) const {
        std::uint64_t h = 0xcbf29ce484222325ULL;
        for (auto v : s) h = (h ^ static_cast<std::uint32_t>(v)) * 0x100000001b3ULL;
        return static_cast<std::size_t>(h);
    }
};

struct Problem {
    Levels levels = Levels::None;
    std::int32_t n_classes = 0;
    std::vector<std::vector<char>> allowed;  // per allowed set: per class
    std::vector<Stage> stages;
    std::vector<std::pair<std::int32_t, std::int32_t>> units;  // (class, initial level)
    std::function<double(const Stage&, const std::vector<Pick>&)> increment;
    std::function<double(const State&, double)> finish;
};

// CPU seconds of the calling thread.
double thread_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

double log_binomial(double n, double k) { return std::lgamma(n + 1) - std::lgamma(k + 1) - std::lgamma(n - k + 1); }

// log of the number of multisets of at most `units` levels, each in 1..`top`,
// summing to at most `total` (partitions into bounded parts), capped at e^60.
double log_partitions(std::int64_t units, std::int64_t top, std::int64_t total) {
    if (total > 4000 || units <= 0) return 60;
    top = std::min(top, total);
    units = std::min(units, total);
    // ways[m][j]: partitions of m into j parts of size <= top; rolling over part sizes.
    std::vector<std::vector<double>> ways(static_cast<std::size_t>(total) + 1, std::vector<double>(static_cast<std::size_t>(units) + 1, 0));
    ways[0][0] = 1;
    for (std::int64_t size = 1; size <= top; ++size)
        for (std::int64_t m = size; m <= total; ++m)
            for (std::int64_t j = 1; j <= units; ++j)
                ways[static_cast<std::size_t>(m)][static_cast<std::size_t>(j)] =
                    std::min(1e300, ways[static_cast<std::size_t>(m)][static_cast<std::size_t>(j)] +
                                        ways[static_cast<std::size_t>(m - size)][static_cast<std::size_t>(j - 1)]);
    double sum = 0;
    for (const auto& row : ways)
        for (double w : row) sum = std::min(1e300, sum + w);
    return std::min(60.0, std::log(sum));
}

double binomial(std::int64_t n, std::int64_t k) {
    double c = 1;
    for (std::int64_t i = 1; i <= k; ++i) c = c * static_cast<double>(n - k + i) / static_cast<double>(i);
    return c;
}

State initial_state(const Problem& problem) {
    std::map<std::pair<std::int32_t, std::int32_t>, std::int32_t> counts;
    for (const auto& u : problem.units) ++counts[u];
    State s;
    for (const auto& [key, count] : counts) s.insert(s.end(), {key.first, key.second, count});
    return s;
}

using Values = std::map<double, double>;  // statistic so far -> weight (relative number of tables)

// The stage-by-stage dynamic programme over merged states.
class Solver {
  public:
    Solver(const Problem& problem, const ExactLimits& limits) : problem_(problem), limits_(limits) {
        const auto n_stages = problem.stages.size();
        n_classes_ = static_cast<std::size_t>(problem.n_classes);
        if (problem.levels != Levels::Remaining) return;
        // remaining_[t * n_classes + c]: stages t.. that may pick class c (prunes impossible states).
        if (static_cast<double>(n_stages + 1) * static_cast<double>(n_classes_) > 5e7)
            throw ExactUnavailable("the table is too large for exact enumeration (" + std::to_string(n_stages) +
                                   " stages x " + std::to_string(n_classes_) + " classes)");
        remaining_.assign((n_stages + 1) * n_classes_, 0);
        for (std::size_t t = n_stages; t-- > 0;)
            for (std::size_t c = 0; c < n_classes_; ++c)
                remaining_[t * n_classes_ + c] = remaining_[(t + 1) * n_classes_ + c] +
                    problem.allowed[static_cast<std::size_t>(problem.stages[t].allowed)][c];
    }

    ExactDistribution run() {
        std::unordered_map<State, Values, StateHash> current;
        current[initial_state(problem_)][0.0] = 1.0;
        double log_scale = 0;
        for (t_ = 0; t_ < problem_.stages.size(); ++t_) {
            next_.clear();
            entries_ = 0;
            for (const auto& [state, values] : current) expand(state, values);
            // Rescale so that weights stay within double range; keep the scale in log form.
            double top = 0;
            for (const auto& entry : next_)
                for (const auto& vw : entry.second) top = std::max(top, vw.second);
            if (top == 0) throw ExactUnavailable("no table has these margins (internal inconsistency)");
            for (auto& entry : next_)
                for (auto& vw : entry.second) vw.second /= top;
            log_scale += std::log(top);
            std::swap(current, next_);
        }
        std::map<double, double> final_values;
        double total = 0;
        for (const auto& [state, values] : current)
            for (const auto& [value, w] : values) {
                final_values[problem_.finish(state, value)] += w;
                total += w;
            }
        ExactDistribution out;
        for (const auto& [value, w] : final_values) {
            out.values.push_back(value);
            out.probabilities.push_back(w / total);
        }
        out.log_tables = log_scale + std::log(total);
        out.work = work_;
        return out;
    }

  private:
    void expand(const State& state, const Values& values) {
        state_ = &state;
        values_ = &values;
        const auto& allowed = problem_.allowed[static_cast<std::size_t>(problem_.stages[t_].allowed)];
        candidates_.clear();
        for (std::size_t i = 0; i < state.size(); i += 3)
            if (allowed[static_cast<std::size_t>(state[i])] && (problem_.levels != Levels::Remaining || state[i + 1] >= 1))
                candidates_.push_back(i);
        capacity_after_.assign(candidates_.size() + 1, 0);
        for (std::size_t j = candidates_.size(); j-- > 0;)
            capacity_after_[j] = capacity_after_[j + 1] + state[candidates_[j] + 2];
        take_.assign(state.size() / 3, 0);
        choose(0, problem_.stages[t_].demand, 1.0);
    }

    // Depth-first over how many units each candidate kind gives to this stage.
    void choose(std::size_t j, std::int32_t left, double weight) {
        if (left > capacity_after_[j]) return;
        if (j == candidates_.size()) {
            leaf(weight);
            return;
        }
        const std::size_t triple = candidates_[j] / 3;
        const std::int32_t available = (*state_)[candidates_[j] + 2];
        for (std::int32_t k = 0; k <= std::min(left, available); ++k) {
            take_[triple] = k;
            choose(j + 1, left - k, weight * binomial(available, k));
        }
        take_[triple] = 0;
    }

    void leaf(double weight) {
        const State& state = *state_;
        const std::int64_t before_work = work_;
        work_ += 1 + static_cast<std::int64_t>(values_->size());
        if (limits_.poll && (before_work >> 16) != (work_ >> 16)) limits_.poll();
        if ((before_work >> 12) != (work_ >> 12) && thread_seconds() - start_ > limits_.budget) {
            char text[32];
            std::snprintf(text, sizeof text, "%g", limits_.budget);
            throw ExactUnavailable("exact enumeration stopped after its time budget of " + std::string(text) +
                                   " s of CPU time (exact_budget=)");
        }
        if (work_ > limits_.max_work)
            throw ExactUnavailable("the null space is too large for exact enumeration (more than " +
                                   std::to_string(limits_.max_work) + " steps)");
        picks_.clear();
        for (std::size_t q = 0; q < take_.size(); ++q)
            if (take_[q] > 0) picks_.push_back({state[3 * q], state[3 * q + 1], take_[q]});
        const State* child = &state;
        if (problem_.levels != Levels::None) {
            // Move the picked units to their new level; keep triples sorted and merged.
            const std::int32_t step = problem_.levels == Levels::Count ? 1 : -1;
            triples_.clear();
            for (std::size_t q = 0; q < take_.size(); ++q) {
                const std::int32_t cls = state[3 * q], level = state[3 * q + 1], stay = state[3 * q + 2] - take_[q];
                if (stay > 0) triples_.push_back({cls, level, stay});
                if (take_[q] > 0) triples_.push_back({cls, level + step, take_[q]});
            }
            std::sort(triples_.begin(), triples_.end());
            child_.clear();
            for (const auto& [cls, level, count] : triples_) {
                const auto n = child_.size();
                if (n >= 3 && child_[n - 3] == cls && child_[n - 2] == level) {
                    child_[n - 1] += count;
                    continue;
                }
                if (problem_.levels == Levels::Remaining &&
                    level > remaining_[(t_ + 1) * n_classes_ + static_cast<std::size_t>(cls)])
                    return;  // this kind can no longer place its pairs
                child_.insert(child_.end(), {cls, level, count});
            }
            child = &child_;
        }
        const double inc = problem_.increment(problem_.stages[t_], picks_);
        auto& target = next_[*child];
        const auto before = static_cast<std::int64_t>(target.size());
        for (const auto& [value, w] : *values_) target[value + inc] += w * weight;
        entries_ += static_cast<std::int64_t>(target.size()) - before;
        if (entries_ > limits_.max_entries)
            throw ExactUnavailable("the null distribution is too large for exact enumeration (more than " +
                                   std::to_string(limits_.max_entries) + " partial states and values)");
    }

    const Problem& problem_;
    const ExactLimits& limits_;
    std::size_t n_classes_ = 0;
    std::vector<std::int32_t> remaining_;
    std::unordered_map<State, Values, StateHash> next_;
    std::size_t t_ = 0;
    const State* state_ = nullptr;
    const Values* values_ = nullptr;
    std::vector<std::size_t> candidates_;
    std::vector<std::int32_t> take_, capacity_after_;
    std::vector<Pick> picks_;
    std::vector<std::tuple<std::int32_t, std::int32_t, std::int32_t>> triples_;
    State child_;
    std::int64_t work_ = 0, entries_ = 0;
    double start_ = thread_seconds();
};

// Natural log of a bound on the merged states after any stage, in O(units + stages).
double log_state_bound(const Problem& problem) {
    if (problem.levels == Levels::None) return 0;
    const auto n_classes = static_cast<std::size_t>(problem.n_classes);
    std::vector<std::int64_t> units(n_classes, 0), top(n_classes, 0), reachable(n_classes, 0);
    for (const auto& [cls, level] : problem.units) {
        ++units[static_cast<std::size_t>(cls)];
        top[static_cast<std::size_t>(cls)] = std::max<std::int64_t>(top[static_cast<std::size_t>(cls)], level);
    }
    double log_bound = 0;
    if (problem.levels == Levels::Remaining) {
        // Each unit of class c sits at a level 0..top_c: compositions of units_c over top_c + 1 levels.
        for (std::size_t c = 0; c < n_classes; ++c)
            log_bound += log_binomial(static_cast<double>(units[c] + top[c]), static_cast<double>(top[c]));
        return log_bound;
    }
    // Levels::Count: a class's levels are counts summing to at most the pairs its stages can give it.
    std::vector<std::int64_t> stages_of(n_classes, 0);
    for (const auto& stage : problem.stages)
        for (std::size_t c = 0; c < n_classes; ++c)
            if (problem.allowed[static_cast<std::size_t>(stage.allowed)][c]) {
                reachable[c] += stage.demand;
                ++stages_of[c];
            }
    for (std::size_t c = 0; c < n_classes; ++c) {
        const double spread = log_binomial(static_cast<double>(units[c] + stages_of[c]), static_cast<double>(stages_of[c]));
        log_bound += std::min(spread, log_partitions(units[c], stages_of[c], reachable[c]));
    }
    return log_bound;
}

ExactDistribution solve(const Problem& problem, const ExactLimits& limits) {
    const double bound = log_state_bound(problem);
    if (bound > std::log(static_cast<double>(limits.max_entries) * limits.max_bound)) {
        char text[64];
        std::snprintf(text, sizeof text, "%.1f", bound / std::log(10.0));
        throw ExactUnavailable("the null space is too large for exact enumeration (a bound of 10^" + std::string(text) +
                               " partial states over " + std::to_string(problem.n_classes) +
                               " classes, checked before enumerating)");
    }
    const double start = thread_seconds();
    auto out = Solver(problem, limits).run();
    out.log_state_bound = bound;
    out.seconds = thread_seconds() - start;
    return out;
}

// Class ids for (key, attribute) pairs, in order of first request.
struct ClassIds {
    std::map<std::pair<std::int64_t, std::int64_t>, std::int32_t> ids;
    std::vector<std::int64_t> key_of, attr_of;
    std::int32_t get(std::int64_t key, std::int64_t attr) {
        auto [it, inserted] = ids.emplace(std::make_pair(key, attr), static_cast<std::int32_t>(key_of.size()));
        if (inserted) {
            key_of.push_back(key);
            attr_of.push_back(attr);
        }
        return it->second;
    }
};

// Which group codes occur among the places of the slots (group per place id).
std::vector<char> groups_present(const std::vector<Id>& group_of_place, const std::vector<Id>& places) {
    Id top = 0;
    for (Id g : group_of_place) top = std::max(top, g);
    std::vector<char> present(static_cast<std::size_t>(top) + 1, 0);
    for (Id place : places) {
        const Id g = group_of_place[static_cast<std::size_t>(place)];
        if (g != kMissing) present[static_cast<std::size_t>(g)] = 1;
    }
    return present;
}

// Number of entries of `places` whose group is unknown.
std::int64_t missing_pairs(const std::vector<Id>& group_of_place, const std::vector<Id>& places) {
    std::int64_t missing = 0;
    for (Id place : places) missing += group_of_place[static_cast<std::size_t>(place)] == kMissing;
    return missing;
}

// A group code, or -1 when the other side never has it (it can never match).
std::int64_t useful_group(Id group, const std::vector<char>& other_side_has) {
    const bool present = group != kMissing && static_cast<std::size_t>(group) < other_side_has.size() &&
                         other_side_has[static_cast<std::size_t>(group)];
    return present ? group : kMissing;
}

// Stage increment for the same-group share: the picks whose class carries
// the group of the stage's own place (recipient or partner, by the caller).
std::function<double(const Stage&, const std::vector<Pick>&)> same_group_increment(
    const std::vector<Id>& group_of_place, const std::vector<std::int64_t>& group_of_class) {
    return [&group_of_place, &group_of_class](const Stage& stage, const std::vector<Pick>& picks) {
        const Id target = group_of_place[static_cast<std::size_t>(stage.place)];
        double same = 0;
        if (target != kMissing)
            for (const auto& p : picks) same += group_of_class[static_cast<std::size_t>(p.cls)] == target ? p.k : 0;
        return same;
    };
}

std::vector<std::int64_t> strata_of(const Sampler& sampler) {
    const auto& strata = sampler.options().strata;
    std::vector<std::int64_t> out(sampler.layout().n_recipients(), 0);
    if (!strata.empty())
        for (std::size_t r = 0; r < out.size(); ++r) out[r] = strata[r];
    return out;
}

ExactDistribution exact_curveball(const Sampler& sampler, const Statistic& statistic, const ExactLimits& limits) {
    const Layout& L = sampler.layout();
    const auto& spec = statistic.spec();
    const auto kind = statistic.kind();
    const auto stratum = strata_of(sampler);
    const double n = static_cast<double>(L.size());
    if (kind == StatisticKind::CoServing)
        throw ExactUnavailable("co_serving has no exact mode: it does not add up over partners");

    // same_group: recipient groups that no partner has can never match; one class holds them all.
    std::vector<char> partner_has_group;
    double known = n;  // the share's denominator, fixed when one side's groups are all known
    if (kind == StatisticKind::SameGroup) {
        partner_has_group = groups_present(spec.partner_group, L.partners);
        const auto unknown_partner = missing_pairs(spec.partner_group, L.partners);
        const auto unknown_recipient = missing_pairs(spec.recipient_group, L.recipients);
        if (unknown_partner > 0 && unknown_recipient > 0)
            throw ExactUnavailable("same_group has no exact mode when places of both sides lack a group "
                                   "(the number of pairs with both groups known varies)");
        known = n - static_cast<double>(unknown_partner + unknown_recipient);
    }
    // What the statistic needs to know of a recipient.
    const auto attribute = [&](Id r) -> std::int64_t {
        switch (kind) {
            case StatisticKind::SameGroup: return useful_group(spec.recipient_group[static_cast<std::size_t>(r)], partner_has_group);
            case StatisticKind::Reach: return spec.recipient_group[static_cast<std::size_t>(r)];
            case StatisticKind::MeanDistance: return r;
            default: return 0;  // frequency statistics are fixed by the margins
        }
    };
    if (kind == StatisticKind::Reach && sampler.stratified()) {
        std::map<std::int64_t, std::int64_t> stratum_of_region;
        for (std::size_t r = 0; r < L.n_recipients(); ++r) {
            if (L.degree(static_cast<Id>(r)) == 0) continue;
            auto [it, inserted] = stratum_of_region.emplace(spec.recipient_group[r], stratum[r]);
            if (!inserted && it->second != stratum[r])
                throw ExactUnavailable("reach has no exact mode here: a region spans several strata");
        }
    }

    Problem problem;
    problem.levels = Levels::Remaining;
    ClassIds classes;
    for (std::size_t r = 0; r < L.n_recipients(); ++r) {
        const auto d = L.degree(static_cast<Id>(r));
        if (d > 0) problem.units.emplace_back(classes.get(stratum[r], attribute(static_cast<Id>(r))), static_cast<std::int32_t>(d));
    }
    problem.n_classes = static_cast<std::int32_t>(classes.key_of.size());

    // One stage per (stratum, partner) with pairs there, larger columns first.
    std::map<std::int64_t, std::map<Id, std::int32_t>> columns;  // stratum -> partner -> pairs
    for (std::size_t k = 0; k < L.size(); ++k) ++columns[stratum[static_cast<std::size_t>(L.recipients[k])]][L.partners[k]];
    for (const auto& [s, partners] : columns) {
        std::vector<char> allowed(static_cast<std::size_t>(problem.n_classes), 0);
        for (std::size_t c = 0; c < allowed.size(); ++c) allowed[c] = classes.key_of[c] == s;
        problem.allowed.push_back(std::move(allowed));
        std::vector<Stage> stages;
        for (const auto& [p, count] : partners)
            stages.push_back({count, static_cast<std::int32_t>(problem.allowed.size() - 1), p});
        std::stable_sort(stages.begin(), stages.end(), [](const Stage& a, const Stage& b) { return a.demand > b.demand; });
        problem.stages.insert(problem.stages.end(), stages.begin(), stages.end());
    }

    const auto& attr_of = classes.attr_of;
    switch (kind) {
        case StatisticKind::SameGroup:
            problem.increment = same_group_increment(spec.partner_group, attr_of);
            problem.finish = [known](const State&, double sum) { return sum / known; };
            break;
        case StatisticKind::Reach:
            problem.increment = [](const Stage&, const std::vector<Pick>& picks) {
                // Picks are sorted by class; a class may appear at several levels.
                double distinct = 0;
                for (std::size_t i = 0; i < picks.size(); ++i) distinct += i == 0 || picks[i].cls != picks[i - 1].cls;
                return distinct;
            };
            problem.finish = [](const State&, double sum) { return sum; };
            break;
        case StatisticKind::MeanDistance:
            problem.increment = [&](const Stage& stage, const std::vector<Pick>& picks) {
                double sum = 0;
                for (const auto& p : picks)
                    sum += p.k * statistic.distance(static_cast<Id>(attr_of[static_cast<std::size_t>(p.cls)]), stage.place);
                return sum;
            };
            problem.finish = [n](const State&, double sum) { return sum / n; };
            break;
        default: {
            // Fixed by the margins: a point mass. Count the tables only while that is cheap.
            auto work = statistic.workspace();
            const double fixed = statistic.evaluate(L.partners, work);
            problem.increment = [](const Stage&, const std::vector<Pick>&) { return 0.0; };
            problem.finish = [fixed](const State&, double) { return fixed; };
            ExactLimits cheap = limits;
            cheap.max_entries = std::min<std::int64_t>(limits.max_entries, 20'000);
            cheap.max_work = std::min<std::int64_t>(limits.max_work, 200'000);
            try {
                return solve(problem, cheap);
            } catch (const ExactUnavailable&) {
                ExactDistribution point;
                point.values = {fixed};
                point.probabilities = {1.0};
                point.log_tables = std::numeric_limits<double>::quiet_NaN();
                return point;
            }
        }
    }
    return solve(problem, limits);
}

ExactDistribution exact_fixed_recipients(const Sampler& sampler, const Statistic& statistic,
                                         const ExactLimits& limits) {
    const Layout& L = sampler.layout();
    const auto& spec = statistic.spec();
    const auto kind = statistic.kind();
    const auto stratum = strata_of(sampler);
    const double n = static_cast<double>(L.size());
    if (sampler.weighted())
        throw ExactUnavailable("capacity-weighted draws have no exact mode (successive sampling is not uniform)");
    if (kind == StatisticKind::Reach || kind == StatisticKind::CoServing)
        throw ExactUnavailable(std::string(statistic_name(kind)) +
                               " has no exact mode under fixed_recipients: it does not add up over recipients");

    // Pools: partners per stratum; a partner's signature is the set of strata whose pool holds it.
    std::map<std::int64_t, std::vector<Id>> pools;
    for (std::size_t k = 0; k < L.size(); ++k) pools[stratum[static_cast<std::size_t>(L.recipients[k])]].push_back(L.partners[k]);
    std::map<Id, std::vector<std::int64_t>> strata_of_partner;
    for (auto& [s, pool] : pools) {
        std::sort(pool.begin(), pool.end());
        pool.erase(std::unique(pool.begin(), pool.end()), pool.end());
        for (Id p : pool) strata_of_partner[p].push_back(s);
    }
    std::map<std::vector<std::int64_t>, std::int64_t> signatures;
    // same_group: partner groups that no recipient has can never match; one class holds them all.
    std::vector<char> recipient_has_group;
    double known = n;  // the share's denominator, fixed when every partner has a group
    if (kind == StatisticKind::SameGroup) {
        recipient_has_group = groups_present(spec.recipient_group, L.recipients);
        std::vector<Id> pooled;
        for (const auto& entry : pools) pooled.insert(pooled.end(), entry.second.begin(), entry.second.end());
        if (missing_pairs(spec.partner_group, pooled) > 0)
            throw ExactUnavailable("same_group has no exact mode under fixed_recipients when a partner lacks a "
                                   "group (the number of pairs with both groups known varies)");
        known = n - static_cast<double>(missing_pairs(spec.recipient_group, L.recipients));
    }
    const auto attribute = [&](Id p) -> std::int64_t {
        switch (kind) {
            case StatisticKind::SameGroup: return useful_group(spec.partner_group[static_cast<std::size_t>(p)], recipient_has_group);
            case StatisticKind::MeanDistance: return p;
            default: return 0;
        }
    };
    Problem problem;
    const bool frequency = kind == StatisticKind::MaxFrequency || kind == StatisticKind::Hhi || kind == StatisticKind::Gini;
    problem.levels = frequency ? Levels::Count : Levels::None;
    ClassIds classes;
    std::vector<std::vector<std::int64_t>> signature_strata;
    for (const auto& [p, strata] : strata_of_partner) {
        auto [it, inserted] = signatures.emplace(strata, static_cast<std::int64_t>(signatures.size()));
        if (inserted) signature_strata.push_back(strata);
        problem.units.emplace_back(classes.get(it->second, attribute(p)), 0);
    }
    problem.n_classes = static_cast<std::int32_t>(classes.key_of.size());
    std::map<std::int64_t, std::int32_t> allowed_of_stratum;
    for (const auto& [s, pool] : pools) {
        std::vector<char> allowed(static_cast<std::size_t>(problem.n_classes), 0);
        for (std::size_t c = 0; c < allowed.size(); ++c) {
            const auto& sig = signature_strata[static_cast<std::size_t>(classes.key_of[c])];
            allowed[c] = std::binary_search(sig.begin(), sig.end(), s);
        }
        allowed_of_stratum[s] = static_cast<std::int32_t>(problem.allowed.size());
        problem.allowed.push_back(std::move(allowed));
    }
    for (std::size_t r = 0; r < L.n_recipients(); ++r) {
        const auto d = L.degree(static_cast<Id>(r));
        if (d > 0) problem.stages.push_back({static_cast<std::int32_t>(d), allowed_of_stratum[stratum[r]], static_cast<Id>(r)});
    }

    const auto& attr_of = classes.attr_of;
    switch (kind) {
        case StatisticKind::SameGroup:
            problem.increment = same_group_increment(spec.recipient_group, attr_of);
            problem.finish = [known](const State&, double sum) { return sum / known; };
            break;
        case StatisticKind::MeanDistance:
            problem.increment = [&](const Stage& stage, const std::vector<Pick>& picks) {
                double sum = 0;
                for (const auto& p : picks)
                    sum += p.k * statistic.distance(stage.place, static_cast<Id>(attr_of[static_cast<std::size_t>(p.cls)]));
                return sum;
            };
            problem.finish = [n](const State&, double sum) { return sum / n; };
            break;
        default:
            problem.increment = [](const Stage&, const std::vector<Pick>&) { return 0.0; };
            problem.finish = [kind](const State& state, double) {
                std::vector<std::int64_t> counts;
                for (std::size_t i = 0; i < state.size(); i += 3)
                    counts.insert(counts.end(), static_cast<std::size_t>(state[i + 2]), state[i + 1]);
                if (kind == StatisticKind::MaxFrequency)
                    return static_cast<double>(counts.empty() ? 0 : *std::max_element(counts.begin(), counts.end()));
                const auto c = stats::concentration(counts);
                return kind == StatisticKind::Hhi ? c.hhi : c.gini;
            };
    }
    return solve(problem, limits);
}

}  // namespace

ExactDistribution exact_distribution(const Sampler& sampler, const Statistic& statistic, const ExactLimits& limits) {
    if (&statistic.layout() != &sampler.layout())
        throw std::invalid_argument("the statistic was built for another table than the sampler");
    if (limits.max_entries < 1 || limits.max_work < 1 || !(limits.budget >= 0) || !(limits.max_bound > 0))
        throw std::invalid_argument("exact limits must be positive");
    return sampler.method() == Method::Curveball ? exact_curveball(sampler, statistic, limits)
                                                 : exact_fixed_recipients(sampler, statistic, limits);
}

}  // namespace duikou::nullmodel

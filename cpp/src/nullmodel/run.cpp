#include "duikou/nullmodel/run.hpp"

#include "duikou/nullmodel/tracker.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

namespace duikou::nullmodel {

int run_draws(const Sampler& sampler, const RunOptions& options, DrawHandler& handler) {
    const std::int64_t chain_length = sampler.chain_length();
    if (options.draws < 0) throw std::invalid_argument("the number of draws must be >= 0, got " + std::to_string(options.draws));
    if (options.first_draw < 0 || options.first_draw % chain_length != 0)
        throw std::invalid_argument("first_draw must be a multiple of the chain length (" + std::to_string(chain_length) +
                                    "), got " + std::to_string(options.first_draw));
    if (options.threads < 0) throw std::invalid_argument("threads must be >= 0, got " + std::to_string(options.threads));
    const std::int64_t chains = (options.draws + chain_length - 1) / chain_length;
    int threads = options.threads > 0 ? options.threads : static_cast<int>(std::thread::hardware_concurrency());
    threads = static_cast<int>(std::max<std::int64_t>(1, std::min<std::int64_t>(std::max(threads, 1), chains)));
    handler.prepare(threads);
    if (chains == 0) return threads;

    const std::int64_t end_draw = options.first_draw + options.draws;
    std::atomic<std::int64_t> next_chain{0}, done{0};
    std::atomic<bool> stop{false};
    std::mutex mutex;
    std::condition_variable finished_cv;
    int finished = 0;
    std::exception_ptr error;

    const auto worker = [&](int w) {
        try {
            auto work = sampler.workspace();
            ChangeListener* listener = handler.listener(w);
            std::vector<Id> state;
            std::int64_t unreported = 0;  // progress is added in batches: one shared counter per draw would bounce
            while (!stop.load(std::memory_order_relaxed)) {
                const std::int64_t c = next_chain.fetch_add(1);
                if (c >= chains) break;
                const std::int64_t begin = options.first_draw + c * chain_length;
                const std::int64_t end = std::min(begin + chain_length, end_draw);
                state = sampler.layout().partners;
                handler.chain_start(w, state);
                for (std::int64_t i = begin; i < end && !stop.load(std::memory_order_relaxed); ++i) {
                    auto rng = stream(options.seed, static_cast<std::uint64_t>(i));
                    sampler.advance(state, rng, i == begin, work, &stop, listener);
                    if (stop.load(std::memory_order_relaxed)) break;
                    handler.draw(w, i, state);
                    if (++unreported == 64) {
                        done.fetch_add(unreported, std::memory_order_relaxed);
                        unreported = 0;
                    }
                }
            }
            done.fetch_add(unreported, std::memory_order_relaxed);
        } catch (...) {
            std::lock_guard<std::mutex> lock(mutex);
            if (!error) error = std::current_exception();
            stop = true;
        }
        {
            std::lock_guard<std::mutex> lock(mutex);
            ++finished;
        }
        finished_cv.notify_all();
    };

    std::vector<std::thread> pool;
    pool.reserve(static_cast<std::size_t>(threads));
    const auto join_all = [&] {
        for (auto& t : pool)
            if (t.joinable()) t.join();
    };
    try {
        for (int w = 0; w < threads; ++w) pool.emplace_back(worker, w);
        std::unique_lock<std::mutex> lock(mutex);
        while (finished < threads) {
            finished_cv.wait_for(lock, options.poll_every, [&] { return finished == threads; });
            if (finished < threads && options.poll) {
                lock.unlock();
                options.poll(done.load());
                lock.lock();
            }
        }
    } catch (...) {
        stop = true;
        join_all();
        throw;
    }
    join_all();
    if (error) std::rethrow_exception(error);
    if (options.poll) options.poll(done.load());
    return threads;
}

int run_draws(const Sampler& sampler, const RunOptions& options, const std::function<void(int threads)>& prepare,
              const DrawVisitor& visit) {
    struct Visitor : DrawHandler {
        const std::function<void(int)>& prepare_;
        const DrawVisitor& visit_;
        Visitor(const std::function<void(int)>& prepare, const DrawVisitor& visit) : prepare_(prepare), visit_(visit) {}
        void prepare(int threads) override { prepare_(threads); }
        void draw(int worker, std::int64_t draw, const std::vector<Id>& partners) override { visit_(worker, draw, partners); }
    } handler(prepare, visit);
    return run_draws(sampler, options, handler);
}

namespace {

// Per worker: one tracker per statistic, all told of every change.
class Trackers : public ChangeListener {
  public:
    explicit Trackers(const std::vector<const Statistic*>& statistics) {
        for (const auto* s : statistics) list_.emplace_back(*s);
    }
    void reset(const std::vector<Id>& partners) {
        for (auto& t : list_) t.reset(partners);
    }
    void traded(Id i, Id j, const std::vector<Id>& to_j, const std::vector<Id>& to_i) override {
        for (auto& t : list_) t.traded(i, j, to_j, to_i);
    }
    void redrawn(Id r, const Id* before, const Id* after, std::size_t d) override {
        for (auto& t : list_) t.redrawn(r, before, after, d);
    }
    std::vector<Tracker>& list() { return list_; }

  private:
    std::vector<Tracker> list_;
};

// Statistics follow the trades (trackers) when draws are few trades apart.
// When they are many apart (the default thin = T), a draw has moved most pairs
// and one pass over it costs less than following every trade: the trackers'
// tables are touched at random for each moved pair (1e6 pairs, reach: about
// 350 ns per trade followed, against 1 ms per draw recomputed, 5 ns per trade).
bool follow_trades(const Sampler& sampler) {
    return sampler.method() != Method::Curveball || 8 * sampler.thin() < sampler.tradable();
}

class StatisticsHandler : public DrawHandler {
  public:
    StatisticsHandler(const Sampler& sampler, const std::vector<const Statistic*>& statistics, std::int64_t first_draw,
                      std::vector<double>& out)
        : statistics_(statistics), first_draw_(first_draw), out_(out), follow_(follow_trades(sampler)) {}
    void prepare(int threads) override {
        for (int w = 0; w < threads; ++w) {
            if (follow_) {
                workers_.push_back(std::make_unique<Trackers>(statistics_));
            } else {
                work_.emplace_back();
                for (const auto* s : statistics_) work_.back().push_back(s->workspace());
            }
        }
    }
    ChangeListener* listener(int worker) override {
        return follow_ ? workers_[static_cast<std::size_t>(worker)].get() : nullptr;
    }
    void chain_start(int worker, const std::vector<Id>& observed) override {
        if (follow_) workers_[static_cast<std::size_t>(worker)]->reset(observed);
    }
    void draw(int worker, std::int64_t draw, const std::vector<Id>& partners) override {
        const auto row = static_cast<std::size_t>(draw - first_draw_) * statistics_.size();
        if (follow_) {
            auto& trackers = workers_[static_cast<std::size_t>(worker)]->list();
            for (std::size_t k = 0; k < trackers.size(); ++k) out_[row + k] = trackers[k].value(partners);
        } else {
            auto& work = work_[static_cast<std::size_t>(worker)];
            for (std::size_t k = 0; k < statistics_.size(); ++k) out_[row + k] = statistics_[k]->evaluate(partners, work[k]);
        }
    }

  private:
    const std::vector<const Statistic*>& statistics_;
    std::int64_t first_draw_;
    std::vector<double>& out_;
    bool follow_;
    std::vector<std::unique_ptr<Trackers>> workers_;
    std::vector<std::vector<Statistic::Workspace>> work_;  // per worker, per statistic
};

}  // namespace

std::vector<double> sample_statistics(const Sampler& sampler, const std::vector<const Statistic*>& statistics,
                                      const RunOptions& options) {
    for (const auto* s : statistics)
        if (&s->layout() != &sampler.layout())
            throw std::invalid_argument("the statistic was built for another table than the sampler");
    std::vector<double> out(static_cast<std::size_t>(std::max<std::int64_t>(options.draws, 0)) * statistics.size());
    if (statistics.empty()) return out;
    StatisticsHandler handler(sampler, statistics, options.first_draw, out);
    run_draws(sampler, options, handler);
    return out;
}

std::vector<double> sample_statistic(const Sampler& sampler, const Statistic& statistic, const RunOptions& options) {
    return sample_statistics(sampler, {&statistic}, options);
}

std::vector<Id> sample_tables(const Sampler& sampler, const RunOptions& options) {
    const Layout& layout = sampler.layout();
    const std::size_t n = layout.size();
    std::vector<Id> out(static_cast<std::size_t>(std::max<std::int64_t>(options.draws, 0)) * n);
    run_draws(
        sampler, options, [](int) {},
        [&](int, std::int64_t draw, const std::vector<Id>& partners) {
            Id* table = out.data() + static_cast<std::size_t>(draw - options.first_draw) * n;
            for (std::size_t k = 0; k < n; ++k) table[layout.rows[k]] = partners[k];
        });
    return out;
}

}  // namespace duikou::nullmodel

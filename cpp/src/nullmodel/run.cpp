#include "duikou/nullmodel/run.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

namespace duikou::nullmodel {

int run_draws(const Sampler& sampler, const RunOptions& options, const std::function<void(int threads)>& prepare,
              const DrawVisitor& visit) {
    const std::int64_t chain_length = sampler.chain_length();
    if (options.draws < 0) throw std::invalid_argument("the number of draws must be >= 0, got " + std::to_string(options.draws));
    if (options.first_draw < 0 || options.first_draw % chain_length != 0)
        throw std::invalid_argument("first_draw must be a multiple of the chain length (" + std::to_string(chain_length) +
                                    "), got " + std::to_string(options.first_draw));
    if (options.threads < 0) throw std::invalid_argument("threads must be >= 0, got " + std::to_string(options.threads));
    const std::int64_t chains = (options.draws + chain_length - 1) / chain_length;
    int threads = options.threads > 0 ? options.threads : static_cast<int>(std::thread::hardware_concurrency());
    threads = static_cast<int>(std::max<std::int64_t>(1, std::min<std::int64_t>(std::max(threads, 1), chains)));
    prepare(threads);
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
            std::vector<Id> state;
            std::int64_t unreported = 0;  // progress is added in batches: one shared counter per draw would bounce
            while (!stop.load(std::memory_order_relaxed)) {
                const std::int64_t c = next_chain.fetch_add(1);
                if (c >= chains) break;
                const std::int64_t begin = options.first_draw + c * chain_length;
                const std::int64_t end = std::min(begin + chain_length, end_draw);
                state = sampler.layout().partners;
                for (std::int64_t i = begin; i < end && !stop.load(std::memory_order_relaxed); ++i) {
                    auto rng = stream(options.seed, static_cast<std::uint64_t>(i));
                    sampler.advance(state, rng, i == begin, work, &stop);
                    if (stop.load(std::memory_order_relaxed)) break;
                    visit(w, i, state);
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

std::vector<double> sample_statistic(const Sampler& sampler, const Statistic& statistic, const RunOptions& options) {
    if (&statistic.layout() != &sampler.layout())
        throw std::invalid_argument("the statistic was built for another table than the sampler");
    std::vector<double> out(static_cast<std::size_t>(std::max<std::int64_t>(options.draws, 0)));
    std::vector<Statistic::Workspace> workspaces;
    run_draws(
        sampler, options,
        [&](int threads) {
            for (int w = 0; w < threads; ++w) workspaces.push_back(statistic.workspace());
        },
        [&](int w, std::int64_t draw, const std::vector<Id>& partners) {
            out[static_cast<std::size_t>(draw - options.first_draw)] =
                statistic.evaluate(partners, workspaces[static_cast<std::size_t>(w)]);
        });
    return out;
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

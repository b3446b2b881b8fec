// Running a null model over many draws on several threads.
//
// Chains (see sampler.hpp) are handed to worker threads; draw i is written to
// slot i of the output, so the output does not depend on the thread count.
// The calling thread only waits: every `poll_every` it calls `poll` with the
// number of finished draws (progress, signal checks). If `poll` throws, the
// workers are told to stop (an atomic flag, checked between draws and every
// 1024 trades), joined, and the exception is rethrown. An exception in a
// worker stops the others the same way and is rethrown in the caller.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <vector>

#include "duikou/nullmodel/sampler.hpp"
#include "duikou/nullmodel/statistic.hpp"

namespace duikou::nullmodel {

struct RunOptions {
    std::int64_t draws = 0;
    std::uint64_t seed = 0;
    // Index of the first draw; a multiple of the chain length, so that a long
    // run can be produced in pieces that match one run.
    std::int64_t first_draw = 0;
    int threads = 0;  // 0: std::thread::hardware_concurrency()
    std::function<void(std::int64_t done)> poll;
    std::chrono::milliseconds poll_every{100};
};

// The statistic on draws first_draw .. first_draw + draws - 1.
std::vector<double> sample_statistic(const Sampler& sampler, const Statistic& statistic, const RunOptions& options);

// Several statistics on the same draws, each followed trade by trade
// (tracker.hpp): draws x statistics, row-major. Column k equals
// sample_statistic with statistics[k] and the same options.
std::vector<double> sample_statistics(const Sampler& sampler, const std::vector<const Statistic*>& statistics,
                                      const RunOptions& options);

// The same draws as tables: draws x rows partner ids, row order of the input
// table (each recipient keeps its rows; their partners are the drawn ones).
std::vector<Id> sample_tables(const Sampler& sampler, const RunOptions& options);

// Called for every draw with its index and slot-order partners, from a worker
// thread; `worker` (0 .. threads - 1) indexes per-thread scratch space.
using DrawVisitor = std::function<void(int worker, std::int64_t draw, const std::vector<Id>& partners)>;
// Runs the draws; returns the number of threads used.
int run_draws(const Sampler& sampler, const RunOptions& options, const std::function<void(int threads)>& prepare,
              const DrawVisitor& visit);

// The same with hooks for per-chain state: before the draws, prepare(threads);
// at every chain start, chain_start(worker, observed partners); during the
// trades, every change goes to listener(worker) (may be nullptr).
class DrawHandler {
  public:
    virtual ~DrawHandler() = default;
    virtual void prepare(int /*threads*/) {}
    virtual ChangeListener* listener(int /*worker*/) { return nullptr; }
    virtual void chain_start(int /*worker*/, const std::vector<Id>& /*observed*/) {}
    virtual void draw(int worker, std::int64_t draw, const std::vector<Id>& partners) = 0;
};
int run_draws(const Sampler& sampler, const RunOptions& options, DrawHandler& handler);

}  // namespace duikou::nullmodel

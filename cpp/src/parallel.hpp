// Two-way data parallelism and prefetching for the counting kernels, private
// to the core.
//
// A kernel splits its rows in two halves, runs the first half on a second
// std::thread and the second on the calling one, and merges the halves in row
// order, so its result never depends on whether a second thread ran (or on
// the number of cores). Below kParallelRows rows, or on one core, both halves
// run in the calling thread.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <exception>
#include <system_error>
#include <thread>
#include <utility>

namespace duikou::detail {

// Rows below which a second thread costs more than it saves (thread start-up
// is tens of microseconds; a pass over this many codes takes about a millisecond).
inline constexpr std::size_t kParallelRows = std::size_t{1} << 18;

// When a table that codes index (counts, stamps, owners) is larger than this,
// a kernel loading table[codes[i]] for row i first prefetches the entry of row
// i + kPrefetchAhead: the cache misses of successive rows then overlap instead
// of coming one after another. (Codes are known in advance; hardware
// prefetchers cannot guess such scattered addresses.)
inline constexpr std::size_t kCachedTableBytes = std::size_t{256} << 10;
inline constexpr std::size_t kPrefetchAhead = 32;

// Starts loading table[code]; a negative (missing) code loads table[0].
template <class T, class Code>
inline void prefetch_entry(const T* table, Code code) {
    __builtin_prefetch(table + (code < 0 ? 0 : code));
}

// Two threads when the machine has two cores or more, unless the environment
// variable DUIKOU_NUM_THREADS is 1 (for shared machines, and to measure).
inline bool two_threads_pay(std::size_t rows) {
    static const bool several_cores = [] {
        const char* wanted = std::getenv("DUIKOU_NUM_THREADS");
        if (wanted && std::strtol(wanted, nullptr, 10) == 1) return false;
        return std::thread::hardware_concurrency() > 1;
    }();
    return several_cores && rows >= kParallelRows;
}

// Calls half(0, 0, mid) and half(1, mid, end) (half index, begin, end), the
// first on a second thread when two_threads_pay(work); rethrows the first
// half's exception first, so errors are reported as a sequential pass would
// meet them. `work` is the number of rows the two calls touch together.
template <class Half>
void run_split(std::size_t work, std::size_t mid, std::size_t end, Half&& half) {
    if (!two_threads_pay(work)) {
        half(0, std::size_t{0}, mid);
        half(1, mid, end);
        return;
    }
    std::exception_ptr first_error;
    std::thread first;
    try {
        first = std::thread([&] {
            try {
                half(0, std::size_t{0}, mid);
            } catch (...) {
                first_error = std::current_exception();
            }
        });
    } catch (const std::system_error&) {  // no thread to be had: both halves here
        half(0, std::size_t{0}, mid);
        half(1, mid, end);
        return;
    }
    std::exception_ptr second_error;
    try {
        half(1, mid, end);
    } catch (...) {
        second_error = std::current_exception();
    }
    first.join();
    if (first_error) std::rethrow_exception(first_error);
    if (second_error) std::rethrow_exception(second_error);
}

// The rows [0, rows) in two halves of equal size.
template <class Half>
void run_halves(std::size_t rows, Half&& half) {
    run_split(rows, rows / 2, rows, std::forward<Half>(half));
}

}  // namespace duikou::detail

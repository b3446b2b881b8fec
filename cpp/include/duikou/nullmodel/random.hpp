// Random numbers for the null models: one independent stream per draw.
//
// Draw i of a run with seed s uses the stream stream(s, i): a xoshiro256**
// generator whose 256-bit state comes from SplitMix64 seeded with a mix of
// (s, i). Which thread computes a draw therefore never changes its numbers,
// so results depend on the seed only. Integers in [0, n) use Lemire's
// multiply-and-reject method and doubles the top 53 bits, never the
// implementation-defined std:: distributions, so a draw is the same on
// every platform and standard library.
#pragma once

#include <cstdint>

namespace duikou::nullmodel {

__extension__ typedef unsigned __int128 Uint128;  // GCC/Clang; __extension__ keeps -Wpedantic quiet

// SplitMix64 (Steele, Lea & Flood 2014): used to expand seeds.
class SplitMix64 {
  public:
    explicit SplitMix64(std::uint64_t state) : state_(state) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }

  private:
    std::uint64_t state_;
};

// xoshiro256** 1.0 (Blackman & Vigna 2018).
class Xoshiro256 {
  public:
    explicit Xoshiro256(std::uint64_t seed) {
        SplitMix64 init(seed);
        for (auto& word : s_) word = init.next();
    }
    // A generator with the given state (not all zero), for reference tests.
    static Xoshiro256 from_state(std::uint64_t a, std::uint64_t b, std::uint64_t c, std::uint64_t d) {
        Xoshiro256 g(0);
        g.s_[0] = a;
        g.s_[1] = b;
        g.s_[2] = c;
        g.s_[3] = d;
        return g;
    }

    std::uint64_t next() {
        const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }

    // Uniform integer in [0, n) for n >= 1 (Lemire 2019, unbiased).
    std::uint64_t below(std::uint64_t n) {
        Uint128 m = static_cast<Uint128>(next()) * n;
        auto low = static_cast<std::uint64_t>(m);
        if (low < n) {
            const std::uint64_t threshold = (0 - n) % n;
            while (low < threshold) {
                m = static_cast<Uint128>(next()) * n;
                low = static_cast<std::uint64_t>(m);
            }
        }
        return static_cast<std::uint64_t>(m >> 64);
    }

    // Uniform double in [0, 1).
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::uint64_t s_[4];
};

// The stream of draw `index` in a run with `seed`.
inline Xoshiro256 stream(std::uint64_t seed, std::uint64_t index) {
    // Hash the pair so that nearby seeds and indices give unrelated states.
    SplitMix64 mix(seed);
    const std::uint64_t a = mix.next();
    SplitMix64 mix_index(index ^ a);
    return Xoshiro256(mix_index.next() ^ (a >> 1));
}

}  // namespace duikou::nullmodel

// A flat hash index from byte strings to dense ids (0, 1, 2, ... in order of
// insertion), private to the core: the CSV reader interns names with it and
// PairTable checks that labels are distinct with it.
//
// Open addressing with linear probing; a slot holds a view of the key (whose
// bytes the caller keeps alive), its length and its id, so a lookup touches one
// slot and the key's bytes, and builds no std::string. Callers that look up
// many keys hash and prefetch a batch of them first, so that a table much
// larger than the cache waits for memory once per batch rather than per key.
#pragma once

#include <cstdint>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "duikou/table.hpp"

namespace duikou::detail {

// 64-bit hash of a byte string, eight bytes at a time (multiply-xorshift
// rounds): names are short, so a word-wise mix beats a byte-wise hash.
inline std::uint64_t hash_bytes(const char* p, std::size_t n) {
    constexpr std::uint64_t k1 = 0x9E3779B97F4A7C15ULL, k2 = 0xBF58476D1CE4E5B9ULL;
    std::uint64_t h = k1 ^ (static_cast<std::uint64_t>(n) * k2);
    for (; n >= 8; p += 8, n -= 8) {
        std::uint64_t word;
        std::memcpy(&word, p, 8);
        h = (h ^ word) * k2;
        h ^= h >> 32;
    }
    if (n > 0) {
        std::uint64_t word = 0;
        std::memcpy(&word, p, n);
        h = (h ^ word) * k2;
    }
    h ^= h >> 29;
    h *= k1;
    return h ^ (h >> 32);
}

inline std::uint64_t hash_bytes(std::string_view v) { return hash_bytes(v.data(), v.size()); }

// Byte equality of two strings of length n; the common lengths of names are
// compared with two overlapping 8-byte loads instead of a call to memcmp.
inline bool same_bytes(const char* a, const char* b, std::size_t n) {
    if (n >= 8 && n <= 16) {
        std::uint64_t a0, a1, b0, b1;
        std::memcpy(&a0, a, 8);
        std::memcpy(&b0, b, 8);
        std::memcpy(&a1, a + n - 8, 8);
        std::memcpy(&b1, b + n - 8, 8);
        return ((a0 ^ b0) | (a1 ^ b1)) == 0;
    }
    return std::memcmp(a, b, n) == 0;
}

class StringIndex {
  public:
    struct Slot {
        const char* data = nullptr;  // nullptr: an empty slot
        std::uint32_t size = 0;
        Id id = kMissing;

        bool holds(std::string_view v) const { return data && size == v.size() && same_bytes(data, v.data(), v.size()); }
    };

    // Room for `keys` keys without growing.
    void reserve(std::size_t keys) {
        std::size_t capacity = slots_.size();
        while (2 * keys > capacity) capacity *= 2;
        if (capacity != slots_.size()) rehash(capacity);
    }

    std::size_t size() const { return size_; }

    // Starts loading the slot where the search for a key of this hash begins.
    void prefetch(std::uint64_t hash) const { __builtin_prefetch(&slots_[static_cast<std::size_t>(hash) & mask_]); }

    // The first slot along the key's probe sequence with a key of its length
    // (usually the key itself; an empty Slot if there is none), with its key's
    // bytes prefetched: check it later with Slot::holds.
    Slot candidate(std::string_view v, std::uint64_t hash) const {
        for (std::size_t i = static_cast<std::size_t>(hash) & mask_; slots_[i].data; i = (i + 1) & mask_) {
            if (slots_[i].size == v.size()) {
                __builtin_prefetch(slots_[i].data);
                return slots_[i];
            }
        }
        return Slot{};
    }

    // Id of the key, or kMissing if it is absent.
    Id find(std::string_view v, std::uint64_t hash) const {
        for (std::size_t i = static_cast<std::size_t>(hash) & mask_; slots_[i].data; i = (i + 1) & mask_)
            if (slots_[i].holds(v)) return slots_[i].id;
        return kMissing;
    }

    // Adds an absent key under the next id and returns the id. The key's bytes
    // must stay where they are for the life of the index.
    Id add(std::string_view v, std::uint64_t hash) {
        if (size_ >= static_cast<std::size_t>(std::numeric_limits<Id>::max()))
            throw std::length_error("more than 2^31 - 1 distinct names");
        if (v.size() > std::numeric_limits<std::uint32_t>::max()) throw std::length_error("a name longer than 4 GiB");
        if (2 * (size_ + 1) > slots_.size()) rehash(2 * slots_.size());  // load factor at most 1/2
        std::size_t i = static_cast<std::size_t>(hash) & mask_;
        while (slots_[i].data) i = (i + 1) & mask_;
        const auto id = static_cast<Id>(size_++);
        // A view of an empty string may have no address; any non-null one will do.
        slots_[i] = Slot{v.data() ? v.data() : kEmpty, static_cast<std::uint32_t>(v.size()), id};
        return id;
    }

    // Calls f(id, key) for every key, in no particular order.
    template <class F>
    void for_each(F&& f) const {
        for (const Slot& s : slots_)
            if (s.data) f(s.id, std::string_view(s.data, s.size));
    }

  private:
    static constexpr const char* kEmpty = "";

    void rehash(std::size_t capacity) {
        std::vector<Slot> bigger(capacity);
        mask_ = capacity - 1;
        for (const Slot& s : slots_) {
            if (!s.data) continue;
            std::size_t i = static_cast<std::size_t>(hash_bytes(s.data, s.size)) & mask_;
            while (bigger[i].data) i = (i + 1) & mask_;
            bigger[i] = s;
        }
        slots_.swap(bigger);
    }

    std::vector<Slot> slots_ = std::vector<Slot>(16);
    std::size_t mask_ = 15;
    std::size_t size_ = 0;
};

}  // namespace duikou::detail

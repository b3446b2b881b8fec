// A flat hash index from byte strings to dense ids (0, 1, 2, ... in order of
// insertion), private to the core: the CSV reader interns names with it (and
// PairTable hashes labels with hash_bytes).
//
// Open addressing with linear probing; the index keeps a copy of every key in
// blocks that never move, and a slot points at it, so a lookup touches one
// slot and the key's bytes, and builds no std::string. Callers that look up
// many keys hash and prefetch a batch of them first, so that a table much
// larger than the cache waits for memory once per batch rather than per key.
#pragma once

#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
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
    // A slot: where a key's bytes are (nullptr: an empty slot), how many, and
    // 32 bits of its hash, so that a probe looks at other keys' bytes only when
    // their hashes agree. The key's id sits just before its bytes.
    struct Slot {
        const char* data = nullptr;
        std::uint32_t size = 0;
        std::uint32_t tag = 0;

        bool holds(std::string_view v) const { return data && size == v.size() && same_bytes(data, v.data(), v.size()); }
        Id id() const {
            Id id;
            std::memcpy(&id, data - sizeof(Id), sizeof(Id));
            return id;
        }
    };

    std::size_t size() const { return size_; }

    // Starts loading the slot where the search for a key of this hash begins.
    void prefetch(std::uint64_t hash) const { __builtin_prefetch(&slots_[static_cast<std::size_t>(hash) & mask_]); }

    // The first slot along the key's probe sequence whose length and hash tag
    // match (almost always the key itself; an empty Slot if there is none),
    // with its bytes prefetched: check it later with Slot::holds.
    Slot candidate(std::string_view v, std::uint64_t hash) const {
        const auto tag = static_cast<std::uint32_t>(hash >> 32);
        for (std::size_t i = static_cast<std::size_t>(hash) & mask_; slots_[i].data; i = (i + 1) & mask_) {
            if (slots_[i].tag == tag && slots_[i].size == v.size()) {
                __builtin_prefetch(slots_[i].data - sizeof(Id));
                return slots_[i];
            }
        }
        return Slot{};
    }

    // Id of the key, adding a copy of it under the next id if it is new
    // (`added` tells which).
    Id find_or_add(std::string_view v, std::uint64_t hash, bool& added) {
        const auto tag = static_cast<std::uint32_t>(hash >> 32);
        std::size_t i = static_cast<std::size_t>(hash) & mask_;
        for (; slots_[i].data; i = (i + 1) & mask_)
            if (slots_[i].tag == tag && slots_[i].holds(v)) {
                added = false;
                return slots_[i].id();
            }
        if (size_ >= static_cast<std::size_t>(std::numeric_limits<Id>::max()))
            throw std::length_error("more than 2^31 - 1 distinct names");
        if (v.size() > std::numeric_limits<std::uint32_t>::max()) throw std::length_error("a name longer than 4 GiB");
        const auto id = static_cast<Id>(size_++);
        slots_[i] = Slot{store(v, id), static_cast<std::uint32_t>(v.size()), tag};
        if (2 * size_ > slots_.size()) rehash(2 * slots_.size());  // load factor at most 1/2
        added = true;
        return id;
    }

    // Calls f(id, key) for every key, in no particular order.
    template <class F>
    void for_each(F&& f) const {
        for (const Slot& s : slots_)
            if (s.data) f(s.id(), std::string_view(s.data, s.size));
    }

  private:
    static constexpr std::size_t kBlock = std::size_t{1} << 20;

    // Copies the id and the key into a block that never moves; returns where the key's bytes are.
    const char* store(std::string_view v, Id id) {
        const std::size_t need = sizeof(Id) + v.size();
        char* out;
        if (need > kBlock / 4) {  // a long key gets a block of its own
            blocks_.emplace_back(new char[need]);
            out = blocks_.back().get();
        } else {
            if (!block_ || need > kBlock - used_) {
                blocks_.emplace_back(new char[kBlock]);
                block_ = blocks_.back().get();
                used_ = 0;
            }
            out = block_ + used_;
            used_ += need;
        }
        std::memcpy(out, &id, sizeof(Id));
        std::memcpy(out + sizeof(Id), v.data(), v.size());
        return out + sizeof(Id);
    }

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
    std::vector<std::unique_ptr<char[]>> blocks_;
    char* block_ = nullptr;  // the block short keys go to, and the bytes used in it
    std::size_t used_ = 0;
};

}  // namespace duikou::detail

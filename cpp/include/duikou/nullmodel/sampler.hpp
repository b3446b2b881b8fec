// Null models of a pairing table: random tables that keep some of its facts.
//
// Both models keep every recipient's number of pairs (its degree), so a
// random table is stored like the observed one: recipient-major slots, the
// partners of recipient r in slots [offsets[r], offsets[r + 1]), sorted.
//
// curveball (Strona et al. 2014, Nat. Commun. 5:4114) also keeps every
//   partner's number of pairs. One trade picks two recipients i and j, keeps
//   the partners they share, pools the partners only one of them has and
//   deals the pool out again at random, each keeping its count. O(d_i + d_j)
//   per trade on sorted lists. The chain is uniform over all binary tables
//   with the observed margins (Carstens 2015, Phys. Rev. E 91:042812).
// fixed_recipients keeps only the recipients' degrees: each recipient draws
//   its d_r partners without replacement from the program's partners (those
//   that occur in the table), uniformly or with probability proportional to
//   a capacity per partner (successive sampling: each next partner is drawn
//   in proportion to capacity among those not yet drawn). Draws are
//   independent; partner frequencies vary.
// strata (either model): a group code per recipient (region, province).
//   curveball trades only between two recipients of one stratum, which keeps,
//   on top of both degree sequences, every partner's number of pairs within
//   each stratum (the stratum x partner coverage matrix).
//   fixed_recipients draws a recipient's partners only from its stratum's
//   pool: the partners that occur with that stratum in the observed table.
//
// Draws come in chains of `chain_length` consecutive draw indices. A chain
// starts from the observed table; its first draw follows `burn_in` trades and
// each further draw `thin` more trades. Draw i uses random stream
// (seed, i) for the trades that lead to it, so a run depends on the seed and
// the parameters, never on the number of threads: its first number seeds a
// second generator that picks the pairs of recipients, the rest deals the
// pools (pairs are thus known ahead and fetched from memory early). A trade
// deals by a partial Fisher-Yates shuffle of the pooled partners' positions,
// min(own, other) draws for the smaller share. fixed_recipients draws are
// independent: chain_length is 1 and there is no burn-in.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "duikou/nullmodel/random.hpp"
#include "duikou/table.hpp"

namespace duikou::nullmodel {

// The observed table in sampler form.
struct Layout {
    std::vector<std::int64_t> offsets;    // per recipient id, size n_recipients + 1
    std::vector<Id> partners;             // per slot, sorted within each recipient
    std::vector<Id> recipients;           // per slot: its recipient
    std::vector<std::int64_t> rows;       // per slot: the table row it came from
    Labels recipient_labels, partner_labels;

    std::size_t size() const { return partners.size(); }
    std::size_t n_recipients() const { return recipient_labels.size(); }
    std::size_t n_partners() const { return partner_labels.size(); }
    std::int64_t degree(Id r) const { return offsets[r + 1] - offsets[r]; }
};

// Builds the layout. Null models need a binary table: a missing name or a
// repeated (recipient, partner) pair throws io::InputError naming the row.
Layout make_layout(const PairTable& table);

enum class Method { Curveball, FixedRecipients };
const char* method_name(Method method);
Method parse_method(const std::string& name);  // std::invalid_argument if unknown

struct ModelOptions {
    Method method = Method::Curveball;
    std::vector<Id> strata;        // per recipient id; empty: a single stratum
    std::vector<double> capacity;  // per partner id; empty: uniform (fixed_recipients only)
    // In trades; -1 picks the default. With T recipients that can trade:
    // burn_in = 20 T (about 40 trades per recipient), thin = T (about two).
    std::int64_t burn_in = -1;
    std::int64_t thin = -1;
    std::int64_t chain_length = -1;  // draws per chain; default 250 (curveball), 1 (fixed_recipients)
};

inline constexpr std::int64_t kDefaultChainLength = 250;

// Told what each step of a chain changed, so that statistics can follow a
// draw incrementally (tracker.hpp) instead of recomputing it.
class ChangeListener {
  public:
    virtual ~ChangeListener() = default;
    // A curveball trade: partners `to_j` moved from recipient i to j, `to_i` from j to i.
    virtual void traded(Id i, Id j, const std::vector<Id>& to_j, const std::vector<Id>& to_i) = 0;
    // fixed_recipients: recipient r's d partners (slot order) were `before` and are now `after`.
    virtual void redrawn(Id r, const Id* before, const Id* after, std::size_t d) = 0;
};

class Sampler {
  public:
    // Validates the options against the layout (sizes, codes, capacities):
    // std::invalid_argument for bad arguments, io::InputError for a recipient
    // without a stratum.
    Sampler(Layout layout, ModelOptions options);

    const Layout& layout() const { return *layout_; }
    std::shared_ptr<const Layout> shared_layout() const { return layout_; }
    Method method() const { return options_.method; }
    bool stratified() const { return !options_.strata.empty(); }
    bool weighted() const { return !options_.capacity.empty(); }
    const ModelOptions& options() const { return options_; }  // with defaults filled in
    std::int64_t burn_in() const { return options_.burn_in; }
    std::int64_t thin() const { return options_.thin; }
    std::int64_t chain_length() const { return options_.chain_length; }
    // Recipients that can take part in a trade (degree > 0, not alone in their stratum).
    std::int64_t tradable() const { return static_cast<std::int64_t>(traders_.size()); }

    // Scratch buffers of one thread (curveball: sized for the two largest
    // degrees, so that a trade never allocates).
    struct Workspace {
        std::vector<Id> shared, pool;
        std::vector<std::uint8_t> from_i;     // per pooled partner: did it come from recipient i?
        std::vector<std::uint8_t> dealt;      // per pooled partner: picked by the partial shuffle
        std::vector<std::uint32_t> order;     // pool positions, partially shuffled
        std::vector<Id> left, right;          // the pool as dealt to i and to j, sorted
        std::vector<Id> to_i, to_j;  // partners that changed hands in the last trade
        std::vector<std::int64_t> stamp;  // per partner: last use (fixed_recipients)
        std::int64_t generation = 0;
        std::vector<Id> chosen;
    };
    Workspace workspace() const;

    // Moves `state` (slot-order partners) to the next draw. At a chain start
    // `state` must hold the observed table and `burn_in` trades are made,
    // otherwise `thin`; fixed_recipients overwrites `state` with a fresh draw.
    // Returns early, leaving `state` unfinished, once `stop` is set. Every
    // change is reported to `listener` when one is given.
    void advance(std::vector<Id>& state, Xoshiro256& rng, bool chain_start, Workspace& work,
                 const std::atomic<bool>* stop = nullptr, ChangeListener* listener = nullptr) const;

    // One curveball trade between recipients i and j (exposed for tests).
    void trade(std::vector<Id>& state, Id i, Id j, Xoshiro256& rng, Workspace& work,
               ChangeListener* listener = nullptr) const;

  private:
    void curveball(std::vector<Id>& state, std::int64_t trades, Xoshiro256& rng, Workspace& work,
                   const std::atomic<bool>* stop, ChangeListener* listener) const;
    void fixed_recipients(std::vector<Id>& state, Xoshiro256& rng, Workspace& work, ChangeListener* listener) const;
    void draw_weighted(Id r, std::int64_t stratum, Xoshiro256& rng, Workspace& work) const;

    std::shared_ptr<const Layout> layout_;
    ModelOptions options_;
    // curveball: tradable recipients grouped by stratum, with what a trade
    // reads of them in one place (one cache miss per recipient on large
    // tables instead of four), and the position range of each stratum.
    struct Trader {
        std::int64_t offset;  // first slot
        std::int32_t degree;
        Id recipient;
    };
    std::vector<Trader> traders_;
    std::vector<std::pair<std::int64_t, std::int64_t>> strata_;  // position ranges, in order
    // Positions (in traders_) of the two recipients of the next trade.
    std::pair<std::int64_t, std::int64_t> pick_pair(Xoshiro256& picks) const;
    void trade_slots(std::vector<Id>& state, const Trader& i, const Trader& j, Xoshiro256& rng, Workspace& work,
                     ChangeListener* listener) const;
    // fixed_recipients: pools of partner ids per stratum (CSR) with
    // cumulative capacities when weighted.
    std::vector<std::int64_t> pool_offsets_;
    std::vector<Id> pool_ids_;
    std::vector<double> pool_cumulative_;
    std::vector<std::int64_t> stratum_of_recipient_;  // index into the pools
};

}  // namespace duikou::nullmodel

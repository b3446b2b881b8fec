#include "duikou/nullmodel/sampler.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "duikou/io/error.hpp"

namespace duikou::nullmodel {

namespace {

const char* const kSource = "pairing table";

}  // namespace

Layout make_layout(const PairTable& table) {
    const Coded& rec = table.side(Side::Recipient);
    const Coded& par = table.side(Side::Partner);
    for (std::size_t row = 0; row < table.size(); ++row) {
        for (Side s : {Side::Recipient, Side::Partner}) {
            if (table.side(s).codes[row] == kMissing)
                throw io::InputError(kSource, 0, side_name(s),
                                     "row " + std::to_string(row + 1) + " has no " + side_name(s) +
                                         " name; null models need complete pairs (drop the row first)");
        }
    }
    Layout out;
    out.recipient_labels = rec.labels;
    out.partner_labels = par.labels;
    const Csr& by_recipient = table.rows_by(Side::Recipient);
    out.offsets = by_recipient.offsets;
    out.partners.resize(table.size());
    out.recipients.resize(table.size());
    out.rows.resize(table.size());
    std::vector<std::pair<Id, std::int64_t>> own;  // (partner, row) of one recipient
    for (std::size_t r = 0; r < rec.cardinality(); ++r) {
        own.clear();
        for (auto k = out.offsets[r]; k < out.offsets[r + 1]; ++k) {
            const auto row = by_recipient.rows[static_cast<std::size_t>(k)];
            own.emplace_back(par.codes[static_cast<std::size_t>(row)], row);
        }
        std::sort(own.begin(), own.end());
        for (std::size_t k = 0; k < own.size(); ++k) {
            if (k > 0 && own[k].first == own[k - 1].first)
                throw io::InputError(kSource, 0, "partner",
                                     "row " + std::to_string(own[k].second + 1) + " repeats the pair (" + std::string(rec.labels[r]) +
                                         ", " + std::string(par.labels[static_cast<std::size_t>(own[k].first)]) + ") of row " +
                                         std::to_string(own[k - 1].second + 1) +
                                         "; null models need distinct pairs (drop duplicates first)");
            const auto slot = static_cast<std::size_t>(out.offsets[r]) + k;
            out.partners[slot] = own[k].first;
            out.recipients[slot] = static_cast<Id>(r);
            out.rows[slot] = own[k].second;
        }
    }
    return out;
}

const char* method_name(Method method) {
    return method == Method::Curveball ? "curveball" : "fixed_recipients";
}

Method parse_method(const std::string& name) {
    if (name == "curveball") return Method::Curveball;
    if (name == "fixed_recipients") return Method::FixedRecipients;
    throw std::invalid_argument("unknown null model '" + name + "'; use 'curveball' or 'fixed_recipients'");
}

Sampler::Sampler(Layout layout, ModelOptions options) : layout_(std::make_shared<const Layout>(std::move(layout))), options_(std::move(options)) {
    const std::size_t n_rec = layout_->n_recipients(), n_par = layout_->n_partners();
    const bool curveball = options_.method == Method::Curveball;

    // Strata: compress the codes of recipients with pairs to 0..S-1.
    std::vector<std::int64_t> stratum(n_rec, 0);
    std::int64_t n_strata = 1;
    if (!options_.strata.empty()) {
        if (options_.strata.size() != n_rec)
            throw std::invalid_argument("strata: expected one code per recipient (" + std::to_string(n_rec) +
                                        "), got " + std::to_string(options_.strata.size()));
        std::vector<Id> codes;
        for (std::size_t r = 0; r < n_rec; ++r) {
            if (layout_->degree(static_cast<Id>(r)) == 0) continue;
            if (options_.strata[r] < 0)
                throw io::InputError(kSource, 0, "strata",
                                     "recipient " + std::string(layout_->recipient_labels[r]) +
                                         " has no stratum (missing group value); give it one or drop its pairs");
            codes.push_back(options_.strata[r]);
        }
        std::sort(codes.begin(), codes.end());
        codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
        for (std::size_t r = 0; r < n_rec; ++r)
            if (layout_->degree(static_cast<Id>(r)) > 0)
                stratum[r] = std::lower_bound(codes.begin(), codes.end(), options_.strata[r]) - codes.begin();
        n_strata = std::max<std::int64_t>(1, static_cast<std::int64_t>(codes.size()));
    }

    if (!options_.capacity.empty()) {
        if (curveball)
            throw std::invalid_argument("capacity applies to fixed_recipients only (curveball keeps partner degrees)");
        if (options_.capacity.size() != n_par)
            throw std::invalid_argument("capacity: expected one value per partner (" + std::to_string(n_par) +
                                        "), got " + std::to_string(options_.capacity.size()));
        for (std::size_t p = 0; p < n_par; ++p)
            if (!(options_.capacity[p] >= 0) || !std::isfinite(options_.capacity[p]))
                throw std::invalid_argument("capacity of partner " + std::string(layout_->partner_labels[p]) +
                                            " must be finite and >= 0, got " + std::to_string(options_.capacity[p]));
    }

    if (curveball) {
        // Recipients grouped by stratum; a stratum with fewer than two cannot trade.
        std::vector<std::vector<Id>> members(static_cast<std::size_t>(n_strata));
        for (std::size_t r = 0; r < n_rec; ++r)
            if (layout_->degree(static_cast<Id>(r)) > 0) members[static_cast<std::size_t>(stratum[r])].push_back(static_cast<Id>(r));
        for (const auto& m : members) {
            if (m.size() < 2) continue;
            const auto begin = static_cast<std::int64_t>(traders_.size());
            for (Id r : m)
                traders_.push_back({layout_->offsets[static_cast<std::size_t>(r)],
                                    static_cast<std::int32_t>(layout_->degree(r)), r});
            strata_.emplace_back(begin, static_cast<std::int64_t>(traders_.size()));
        }
        const auto t = static_cast<std::int64_t>(traders_.size());
        if (options_.burn_in == -1) options_.burn_in = 20 * t;
        if (options_.thin == -1) options_.thin = std::max<std::int64_t>(1, t);
        if (options_.chain_length == -1) options_.chain_length = kDefaultChainLength;
        if (options_.burn_in < 0) throw std::invalid_argument("burn_in must be >= 0 trades, got " + std::to_string(options_.burn_in));
        if (options_.thin < 1) throw std::invalid_argument("thin must be >= 1 trade, got " + std::to_string(options_.thin));
        if (options_.chain_length < 1)
            throw std::invalid_argument("chain_length must be >= 1 draw, got " + std::to_string(options_.chain_length));
        return;
    }

    if (options_.burn_in != -1 || options_.thin != -1 || (options_.chain_length != -1 && options_.chain_length != 1))
        throw std::invalid_argument("burn_in, thin and chain_length apply to curveball only "
                                    "(fixed_recipients draws are independent)");
    options_.burn_in = 0;
    options_.thin = 0;
    options_.chain_length = 1;
    stratum_of_recipient_ = stratum;

    // Pools: the distinct partners of each stratum, sorted.
    std::vector<std::vector<Id>> pools(static_cast<std::size_t>(n_strata));
    for (std::size_t slot = 0; slot < layout_->size(); ++slot)
        pools[static_cast<std::size_t>(stratum[static_cast<std::size_t>(layout_->recipients[slot])])].push_back(layout_->partners[slot]);
    pool_offsets_.push_back(0);
    for (auto& pool : pools) {
        std::sort(pool.begin(), pool.end());
        pool.erase(std::unique(pool.begin(), pool.end()), pool.end());
        pool_ids_.insert(pool_ids_.end(), pool.begin(), pool.end());
        pool_offsets_.push_back(static_cast<std::int64_t>(pool_ids_.size()));
    }
    if (weighted()) {
        std::vector<std::int64_t> positive(static_cast<std::size_t>(n_strata), 0);
        for (std::size_t s = 0; s < pools.size(); ++s) {
            double sum = 0;
            for (Id p : pools[s]) {
                sum += options_.capacity[static_cast<std::size_t>(p)];
                pool_cumulative_.push_back(sum);
                if (options_.capacity[static_cast<std::size_t>(p)] > 0) ++positive[s];
            }
        }
        for (std::size_t r = 0; r < n_rec; ++r) {
            const auto d = layout_->degree(static_cast<Id>(r));
            if (d > positive[static_cast<std::size_t>(stratum[r])])
                throw std::invalid_argument("capacity: recipient " + std::string(layout_->recipient_labels[r]) + " needs " +
                                            std::to_string(d) + " distinct partners but only " +
                                            std::to_string(positive[static_cast<std::size_t>(stratum[r])]) +
                                            " partners of its pool have a positive capacity");
        }
    }
}

Sampler::Workspace Sampler::workspace() const {
    Workspace w;
    if (options_.method == Method::FixedRecipients) {
        w.stamp.assign(layout_->n_partners(), 0);
        return w;
    }
    // trade() may pair any two recipients: room for the two largest degrees.
    std::int64_t first = 0, second = 0;
    for (std::size_t r = 0; r < layout_->n_recipients(); ++r) {
        const auto d = layout_->degree(static_cast<Id>(r));
        if (d > first) {
            second = first;
            first = d;
        } else if (d > second) {
            second = d;
        }
    }
    const auto room = static_cast<std::size_t>(first + second);
    w.shared.resize(room);
    w.pool.resize(room);
    w.from_i.resize(room);
    w.dealt.resize(room);
    w.order.resize(room);
    w.left.resize(room);
    w.right.resize(room);
    w.to_i.reserve(room);
    w.to_j.reserve(room);
    return w;
}

void Sampler::advance(std::vector<Id>& state, Xoshiro256& rng, bool chain_start, Workspace& work,
                      const std::atomic<bool>* stop, ChangeListener* listener) const {
    if (options_.method == Method::Curveball)
        curveball(state, chain_start ? options_.burn_in : options_.thin, rng, work, stop, listener);
    else
        fixed_recipients(state, rng, work, listener);
}

std::pair<std::int64_t, std::int64_t> Sampler::pick_pair(Xoshiro256& picks) const {
    // i uniformly among all tradable recipients, then j among the others of i's stratum.
    const auto t = static_cast<std::uint64_t>(traders_.size());
    const auto first = static_cast<std::int64_t>(picks.below(t));
    std::int64_t begin = 0, end = static_cast<std::int64_t>(t);
    if (strata_.size() > 1) {
        const auto it = std::upper_bound(strata_.begin(), strata_.end(), first,
                                         [](std::int64_t pos, const auto& range) { return pos < range.second; });
        begin = it->first;
        end = it->second;
    }
    auto other = begin + static_cast<std::int64_t>(picks.below(static_cast<std::uint64_t>(end - begin - 1)));
    if (other >= first) ++other;
    return {first, other};
}

void Sampler::curveball(std::vector<Id>& state, std::int64_t trades, Xoshiro256& rng, Workspace& work,
                        const std::atomic<bool>* stop, ChangeListener* listener) const {
    if (traders_.empty() || trades <= 0) return;
    // The pairs come from their own generator (seeded by the draw's stream,
    // which then deals the pools), so the pairs of the next trades are known
    // before this one is dealt: their records and partner lists are fetched
    // from memory while earlier trades run. On large tables a trade is
    // otherwise bound by these cache misses, not by its arithmetic.
    Xoshiro256 picks(rng.next());
    constexpr std::int64_t kAhead = 16;  // pairs picked ahead (a power of two)
    constexpr std::int64_t kLists = 8;   // trades ahead whose partner lists are fetched
    std::pair<std::int64_t, std::int64_t> ring[kAhead];
    const Trader* traders = traders_.data();
    const Id* slots = state.data();
    const auto fetch_list = [&](const Trader& t) {
        __builtin_prefetch(slots + t.offset, 1);
        __builtin_prefetch(slots + t.offset + t.degree - 1, 1);
    };
    const std::int64_t ahead = std::min(kAhead, trades);
    for (std::int64_t k = 0; k < ahead; ++k) {
        ring[k] = pick_pair(picks);
        __builtin_prefetch(traders + ring[k].first);
        __builtin_prefetch(traders + ring[k].second);
    }
    for (std::int64_t k = 0; k < trades; ++k) {
        if (stop && (k & 1023) == 0 && stop->load(std::memory_order_relaxed)) return;
        const auto [first, second] = ring[k & (kAhead - 1)];
        if (k + kLists < trades) {
            const auto& next = ring[(k + kLists) & (kAhead - 1)];
            fetch_list(traders[next.first]);
            fetch_list(traders[next.second]);
        }
        trade_slots(state, traders[first], traders[second], rng, work, listener);
        if (k + kAhead < trades) {
            auto& slot = ring[k & (kAhead - 1)];
            slot = pick_pair(picks);
            __builtin_prefetch(traders + slot.first);
            __builtin_prefetch(traders + slot.second);
        }
    }
}

void Sampler::trade(std::vector<Id>& state, Id i, Id j, Xoshiro256& rng, Workspace& work,
                    ChangeListener* listener) const {
    const auto trader = [&](Id r) {
        return Trader{layout_->offsets[static_cast<std::size_t>(r)], static_cast<std::int32_t>(layout_->degree(r)), r};
    };
    trade_slots(state, trader(i), trader(j), rng, work, listener);
}

void Sampler::trade_slots(std::vector<Id>& state, const Trader& ti, const Trader& tj, Xoshiro256& rng,
                          Workspace& work, ChangeListener* listener) const {
    Id* a = state.data() + ti.offset;
    Id* b = state.data() + tj.offset;
    const Id* a_end = a + ti.degree;
    const Id* b_end = b + tj.degree;
    Id* shared = work.shared.data();
    Id* pool = work.pool.data();
    std::uint8_t* from_i = work.from_i.data();
    // Walk both sorted lists once, without branches on the data: shared
    // partners stay, the others are pooled in sorted order.
    std::size_t n_shared = 0, q = 0;
    const Id *x = a, *y = b;
    while (x != a_end && y != b_end) {
        const Id u = *x, v = *y;
        const bool less = u < v, greater = v < u, equal = u == v;
        pool[q] = less ? u : v;
        from_i[q] = less;
        q += !equal;
        shared[n_shared] = u;
        n_shared += equal;
        x += !greater;
        y += !less;
    }
    for (; x != a_end; ++x, ++q) {
        pool[q] = *x;
        from_i[q] = 1;
    }
    for (; y != b_end; ++y, ++q) {
        pool[q] = *y;
        from_i[q] = 0;
    }
    const std::size_t only_a = static_cast<std::size_t>(ti.degree) - n_shared;
    if (only_a == 0 || only_a == q) return;  // nothing to exchange
    // Deal only_a of the q pooled partners to i, every subset equally likely:
    // a partial Fisher-Yates shuffle picks the smaller side's share (m draws).
    const bool pick_for_i = 2 * only_a <= q;
    const std::size_t m = pick_for_i ? only_a : q - only_a;
    std::uint32_t* order = work.order.data();
    std::uint8_t* dealt = work.dealt.data();
    for (std::size_t k = 0; k < q; ++k) {
        order[k] = static_cast<std::uint32_t>(k);
        dealt[k] = !pick_for_i;
    }
    for (std::size_t k = 0; k < m; ++k) {
        const auto r = k + static_cast<std::size_t>(rng.below(q - k));
        std::swap(order[k], order[r]);
        dealt[order[k]] = pick_for_i;
    }
    // dealt[k]: pooled partner k goes to i. Split the pool (still sorted), then
    // merge each side with the shared partners.
    Id* left = work.left.data();
    Id* right = work.right.data();
    std::size_t n_left = 0, n_right = 0;
    for (std::size_t k = 0; k < q; ++k) {
        left[n_left] = pool[k];
        right[n_right] = pool[k];
        n_left += dealt[k];
        n_right += !dealt[k];
    }
    std::merge(shared, shared + n_shared, left, left + n_left, a);
    std::merge(shared, shared + n_shared, right, right + n_right, b);
    if (listener == nullptr) return;
    // Who changed hands: pooled partners of i dealt to j, and of j dealt to i.
    work.to_i.clear();
    work.to_j.clear();
    for (std::size_t k = 0; k < q; ++k) {
        if (dealt[k] && !from_i[k]) work.to_i.push_back(pool[k]);
        if (!dealt[k] && from_i[k]) work.to_j.push_back(pool[k]);
    }
    if (!work.to_i.empty()) listener->traded(ti.recipient, tj.recipient, work.to_j, work.to_i);
}

void Sampler::fixed_recipients(std::vector<Id>& state, Xoshiro256& rng, Workspace& work,
                               ChangeListener* listener) const {
    const std::size_t n_rec = layout_->n_recipients();
    for (std::size_t r = 0; r < n_rec; ++r) {
        const auto d = layout_->degree(static_cast<Id>(r));
        if (d == 0) continue;
        const auto s = stratum_of_recipient_[r];
        ++work.generation;
        work.chosen.clear();
        if (weighted()) {
            draw_weighted(static_cast<Id>(r), s, rng, work);
        } else {
            // Floyd's algorithm: d distinct pool positions, each d-subset equally likely.
            const Id* pool = pool_ids_.data() + pool_offsets_[static_cast<std::size_t>(s)];
            const auto m = pool_offsets_[static_cast<std::size_t>(s) + 1] - pool_offsets_[static_cast<std::size_t>(s)];
            for (auto j = m - d; j < m; ++j) {
                Id pick = pool[rng.below(static_cast<std::uint64_t>(j + 1))];
                if (work.stamp[static_cast<std::size_t>(pick)] == work.generation) pick = pool[j];
                work.stamp[static_cast<std::size_t>(pick)] = work.generation;
                work.chosen.push_back(pick);
            }
        }
        std::sort(work.chosen.begin(), work.chosen.end());
        if (listener != nullptr)
            listener->redrawn(static_cast<Id>(r), state.data() + layout_->offsets[r], work.chosen.data(),
                              static_cast<std::size_t>(d));
        std::copy(work.chosen.begin(), work.chosen.end(), state.begin() + layout_->offsets[r]);
    }
}

void Sampler::draw_weighted(Id r, std::int64_t stratum, Xoshiro256& rng, Workspace& work) const {
    const auto first = pool_offsets_[static_cast<std::size_t>(stratum)];
    const auto m = pool_offsets_[static_cast<std::size_t>(stratum) + 1] - first;
    const Id* pool = pool_ids_.data() + first;
    const double* cumulative = pool_cumulative_.data() + first;
    const double total = cumulative[m - 1];
    const auto d = static_cast<std::size_t>(layout_->degree(r));
    const auto capacity = [&](Id p) { return options_.capacity[static_cast<std::size_t>(p)]; };
    // Successive sampling by rejection: draw in proportion to capacity, redraw a
    // partner already taken. After many rejections (the taken partners hold most
    // of the capacity) draw from the remaining ones by a linear scan instead.
    std::size_t rejections = 0;
    const std::size_t patience = 32 + 4 * d;
    while (work.chosen.size() < d) {
        Id pick = kMissing;
        if (rejections <= patience) {
            const double u = rng.uniform() * total;
            const auto k = std::upper_bound(cumulative, cumulative + m, u) - cumulative;
            if (k < m && work.stamp[static_cast<std::size_t>(pool[k])] != work.generation) pick = pool[k];
        } else {
            double remaining = 0;
            for (std::int64_t k = 0; k < m; ++k)
                if (work.stamp[static_cast<std::size_t>(pool[k])] != work.generation) remaining += capacity(pool[k]);
            const double u = rng.uniform() * remaining;
            double sum = 0;
            for (std::int64_t k = 0; k < m; ++k) {
                const Id p = pool[k];
                if (work.stamp[static_cast<std::size_t>(p)] == work.generation || capacity(p) <= 0) continue;
                pick = p;  // the last eligible partner absorbs rounding at the top end
                sum += capacity(p);
                if (u < sum) break;
            }
        }
        if (pick == kMissing) {
            ++rejections;
            continue;
        }
        work.stamp[static_cast<std::size_t>(pick)] = work.generation;
        work.chosen.push_back(pick);
    }
}

}  // namespace duikou::nullmodel

// Text extractor, direction: which side of each statement is the recipient.
#include <algorithm>
#include <unordered_set>
#include <optional>
#include <unordered_map>

#include "duikou/io/error.hpp"
#include "text_extractor.hpp"

namespace duikou::io::text_detail {

std::string Extractor::names_of(const std::vector<Name>& names) {
    std::string out;
    for (const Name& n : names) out += (out.empty() ? "" : "、") + to_utf8(n.name);
    return out;
}

int Extractor::annotation_vote(const Statement& st) {
    auto annotated = [](const std::vector<Name>& side) {
        return std::any_of(side.begin(), side.end(), [](const Name& n) { return !n.region.empty(); });
    };
    const bool l = annotated(st.left), r = annotated(st.right);
    return l == r ? 0 : (l ? -1 : +1);
}

TextExtraction Extractor::finish() {
    const std::size_t count = statements_.size();
    std::vector<int> direction(count, 0);  // +1 left is the partner, -1 left is the recipient
    std::vector<DirectionBasis> basis(count, DirectionBasis::Verb);
    std::vector<bool> open(count, true);
    std::unordered_map<std::u32string, int> roles;  // bit 1: seen as recipient, bit 2: as partner
    auto learn = [&](const Statement& st, int dir) {
        for (const Name& n : st.left) roles[stem_of(n.name)] |= dir > 0 ? 2 : 1;
        for (const Name& n : st.right) roles[stem_of(n.name)] |= dir > 0 ? 1 : 2;
    };
    for (std::size_t i = 0; i < count; ++i) {
        const Statement& st = statements_[i];
        if (st.left.size() > 1 && st.right.size() > 1) {
            warn(st.line, "several names on both sides (" + names_of(st.left) + " / " + names_of(st.right) +
                              "): cannot tell which pairs with which");
            open[i] = false;
            continue;
        }
        const std::pair<int, DirectionBasis> votes[] = {{st.verb, DirectionBasis::Verb},
                                                        {st.header, DirectionBasis::Header},
                                                        {annotation_vote(st), DirectionBasis::Annotation},
                                                        {st.role, DirectionBasis::Annotation}};
        bool conflict = false;
        for (auto [vote, why] : votes) {
            if (vote == 0) continue;
            if (direction[i] == 0) direction[i] = vote, basis[i] = why;
            else conflict = conflict || vote != direction[i];
        }
        if (conflict) {
            warn(st.line, "conflicting evidence of direction between " + names_of(st.left) + " and " +
                              names_of(st.right) + ": the " + basis_name(basis[i]) +
                              " and the region annotation disagree on which side is the recipient");
            open[i] = false;
            direction[i] = 0;
            continue;
        }
        if (direction[i] != 0) learn(st, direction[i]);
    }
    // Statements without evidence of their own: the roles the rest of the
    // document gives their names; then the one-to-many rule; then the
    // direction shared by the other lines of their block of list lines.
    auto undecided = [&](std::size_t i) { return open[i] && direction[i] == 0; };
    // Rows under a header of parents take its direction; two names without a pairing
    // word are decided by membership only: the weaker rules below leave both alone.
    auto by_any = [&](std::size_t i) { return undecided(i) && !statements_[i].membership_only; };
    auto by_weak = [&](std::size_t i) {
        return by_any(i) && statements_[i].parents == Statement::kNoStatement;
    };
    auto decide = [&](std::size_t i, int dir, DirectionBasis why) {
        direction[i] = dir;
        basis[i] = why;
        learn(statements_[i], dir);
    };
    auto by_names = [&] {
        bool changed = false;
        for (std::size_t i = 0; i < count; ++i) {
            if (!by_any(i)) continue;
            const Statement& st = statements_[i];
            auto has = [&](const std::vector<Name>& side, int bit) {
                return std::any_of(side.begin(), side.end(), [&](const Name& n) {
                    auto it = roles.find(stem_of(n.name));
                    return it != roles.end() && (it->second & bit);
                });
            };
            const bool left_partner = has(st.left, 2) || has(st.right, 1);
            const bool left_recipient = has(st.left, 1) || has(st.right, 2);
            if (left_partner == left_recipient) continue;
            decide(i, left_partner ? +1 : -1, DirectionBasis::Context);
            changed = true;
        }
        return changed;
    };
    auto by_block = [&] {
        std::unordered_map<std::size_t, int> shared;  // block -> its direction, 2 when its lines disagree
        for (std::size_t k = 0; k < count; ++k) {
            if (statements_[k].block == 0 || direction[k] == 0) continue;
            auto [it, fresh] = shared.emplace(statements_[k].block, direction[k]);
            if (!fresh && it->second != direction[k]) it->second = 2;
        }
        bool changed = false;
        for (std::size_t i = 0; i < count; ++i) {
            if (!by_weak(i)) continue;
            auto it = shared.find(statements_[i].block);
            if (it == shared.end() || it->second == 2) continue;
            decide(i, it->second, DirectionBasis::Context);
            changed = true;
        }
        return changed;
    };
    // A header of parents decides the rows under it (宁波市|延边州| over 鄞州区|和龙市|).
    auto by_header = [&] {
        bool changed = false;
        for (std::size_t i = 0; i < count; ++i) {
            const std::size_t h = statements_[i].parents;
            if (h == Statement::kNoStatement || !undecided(i) || direction[h] == 0) continue;
            decide(i, direction[h], DirectionBasis::Header);
            changed = true;
        }
        return changed;
    };
    while (by_names() || by_header()) {
    }
    // Membership: each name's parent is a side of a pair decided elsewhere
    // (密云区——玉树市 under 北京市对口支援玉树州: 密云区 is in 北京, 玉树市 in 玉树州).
    // Run again whenever other rules decide more pairs.
    auto by_membership = [&] {
    std::unordered_set<std::u32string> decided_pairs;  // recipient stem \n partner stem
    std::unordered_set<std::u32string> recipient_sides, partner_sides;
    for (std::size_t k = 0; k < count; ++k) {
        if (direction[k] == 0) continue;
        const auto& rs = direction[k] > 0 ? statements_[k].right : statements_[k].left;
        const auto& ps = direction[k] > 0 ? statements_[k].left : statements_[k].right;
        for (const Name& r : rs) recipient_sides.insert(stem_of(r.name));
        for (const Name& p : ps) partner_sides.insert(stem_of(p.name));
        for (const Name& r : rs)
            for (const Name& p : ps) decided_pairs.insert(stem_of(r.name) + U'\n' + stem_of(p.name));
    }
    bool changed = false;
    for (std::size_t i = 0; i < count && !decided_pairs.empty(); ++i) {
        if (!undecided(i)) continue;
        const Statement& st = statements_[i];
        int vote = 0;
        auto cast = [&](int v) { vote = vote == 0 || vote == v ? v : 2; };
        for (const Name& l : st.left)
            for (const Name& r : st.right)
                for (const auto& pl : parents_of(l))
                    for (const auto& pr : parents_of(r)) {
                        if (decided_pairs.count(pr + U'\n' + pl)) cast(+1);
                        if (decided_pairs.count(pl + U'\n' + pr)) cast(-1);
                    }
        // One side's parent alone: a county of the helped city is helped.
        if (vote == 0)
            for (const auto* side : {&st.left, &st.right})
                for (const Name& n : *side)
                    for (const auto& parent : parents_of(n)) {
                        const int left = side == &st.left ? 1 : -1;
                        if (recipient_sides.count(parent) && !partner_sides.count(parent)) cast(-left);
                        if (partner_sides.count(parent) && !recipient_sides.count(parent)) cast(+left);
                    }
        if (vote == 1 || vote == -1) {
            decide(i, vote, DirectionBasis::Membership);
            changed = true;
        }
    }
    return changed;
    };
    while (by_membership() || by_header() || by_names()) {
    }
    // The programs' convention: the developed east helps the west and the
    // frontier (东西部协作, 援疆, 援藏, 东北); between two sides of one tier, a
    // province-level side helps a city or county (上海市 - 三明市). 0: no vote.
    auto convention = [&](const Statement& st) {
        auto side_tier = [&](const std::vector<Name>& side) {
            int tier = 0;
            for (const Name& n : side) {
                const int t = province_tier(n);
                if (t == 0) continue;
                if (tier != 0 && t != tier) return 0;
                tier = t;
            }
            return tier;
        };
        auto side_rank = [&](const std::vector<Name>& side) {
            int rank = -2;
            for (const Name& n : side) {
                const int r = level_rank(n);
                if (r < 0 || (rank != -2 && r != rank)) return -1;
                rank = r;
            }
            return rank;
        };
        const int tl = side_tier(st.left), tr = side_tier(st.right);
        if (tl != 0 && tr != 0 && tl != tr) return tl > tr ? +1 : -1;
        // The frontier (新疆, 兵团, 西藏 ...) is helped, whoever the other side is.
        if ((tl == -2) != (tr == -2) && (tl == 0 || tr == 0)) return tl == -2 ? -1 : +1;
        const int rl = side_rank(st.left), rr = side_rank(st.right);
        if (tl != 0 && tl == tr && rl >= 0 && rr >= 0 && (rl == 0) != (rr == 0)) return rl < rr ? +1 : -1;
        return 0;
    };
    // One-to-many, unless the convention says otherwise (望都县、高阳县与第二师铁门关市).
    for (std::size_t i = 0; i < count; ++i) {
        if (!by_weak(i)) continue;
        const Statement& st = statements_[i];
        const int vote = st.left.size() == 1 && st.right.size() > 1   ? +1
                         : st.right.size() == 1 && st.left.size() > 1 ? -1
                                                                        : 0;
        const int by_convention = vote != 0 ? convention(st) : 0;
        if (by_convention != 0 && by_convention != vote) decide(i, by_convention, DirectionBasis::Convention);
        else if (vote != 0) decide(i, vote, DirectionBasis::OneToMany);
    }
    auto settle = [&] {
        while (by_names() || by_block() || by_header() || by_membership()) {
        }
    };
    settle();
    for (std::size_t i = 0; i < count; ++i)
        if (by_weak(i))
            if (const int vote = convention(statements_[i])) decide(i, vote, DirectionBasis::Convention);
    settle();
    // The program's convention of order: in 对口支援/帮扶/援建 the helper is named first.
    if (helper_named_first())
        for (std::size_t i = 0; i < count; ++i)
            if (by_weak(i)) decide(i, +1, DirectionBasis::Convention);
    settle();
    for (std::size_t i = 0; i < count; ++i) {
        if (!undecided(i)) continue;
        const Statement& st = statements_[i];
        if (st.hidden) continue;  // its rows, if any, are warned about
        if (st.membership_only) {
            notes_.push_back({st.line, "two names without a pairing word, and their parents do not put them on "
                                       "the two sides of a pair the document states"});
            continue;
        }
        if (options_.default_order != DefaultOrder::None) {
            direction[i] = options_.default_order == DefaultOrder::PartnerFirst ? +1 : -1;
            basis[i] = DirectionBasis::DefaultOrder;
        } else {
            warn(st.line, "cannot tell which of " + names_of(st.left) + " and " + names_of(st.right) +
                              " is the recipient (no verb, header, region annotation or other statement "
                              "says); pass default_order to read it in a fixed order");
        }
    }
    return collect(direction, basis);
}

}  // namespace duikou::io::text_detail

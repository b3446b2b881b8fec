#include "duikou/structure/components.hpp"

#include <string>

#include "duikou/stats/distinct.hpp"
#include "duikou/stats/frequency.hpp"

namespace duikou::structure {

Components components(const PairTable& table) {
    const Coded& rec = table.side(Side::Recipient);
    const Coded& par = table.side(Side::Partner);
    const Csr& rows_of_rec = table.rows_by(Side::Recipient);
    const Csr& rows_of_par = table.rows_by(Side::Partner);
    Components out;
    out.recipient.assign(rec.cardinality(), kMissing);
    out.partner.assign(par.cardinality(), kMissing);

    // Nodes are recipient ids 0..R-1 and partner ids shifted by R.
    const auto n_rec = static_cast<std::int64_t>(rec.cardinality());
    std::vector<std::int64_t> queue;
    auto visit = [&](std::int64_t node, Id label) {
        Id& slot = node < n_rec ? out.recipient[static_cast<std::size_t>(node)]
                                : out.partner[static_cast<std::size_t>(node - n_rec)];
        if (slot != kMissing) return;
        slot = label;
        queue.push_back(node);
    };
    auto spread = [&](std::int64_t seed, Id label) {
        queue.clear();
        visit(seed, label);
        for (std::size_t head = 0; head < queue.size(); ++head) {
            const std::int64_t node = queue[head];
            const bool is_rec = node < n_rec;
            const Csr& rows = is_rec ? rows_of_rec : rows_of_par;
            const Coded& other = is_rec ? par : rec;
            const auto id = static_cast<std::size_t>(is_rec ? node : node - n_rec);
            for (auto k = rows.offsets[id]; k < rows.offsets[id + 1]; ++k) {
                const Id o = other.codes[static_cast<std::size_t>(rows.rows[static_cast<std::size_t>(k)])];
                if (o != kMissing) visit(is_rec ? n_rec + o : o, label);
            }
        }
    };
    for (std::size_t i = 0; i < rec.size(); ++i) {
        const Id r = rec.codes[i], p = par.codes[i];
        const auto next = static_cast<Id>(out.count);
        if (r != kMissing && out.recipient[static_cast<std::size_t>(r)] == kMissing) {
            spread(r, next);
            ++out.count;
        } else if (r == kMissing && p != kMissing && out.partner[static_cast<std::size_t>(p)] == kMissing) {
            spread(n_rec + p, next);
            ++out.count;
        }
    }
    return out;
}

std::vector<Id> row_components(const PairTable& table, const Components& found) {
    const Coded& rec = table.side(Side::Recipient);
    const Coded& par = table.side(Side::Partner);
    std::vector<Id> out(table.size(), kMissing);
    for (std::size_t i = 0; i < out.size(); ++i) {
        const Id r = rec.codes[i], p = par.codes[i];
        out[i] = r != kMissing ? found.recipient[static_cast<std::size_t>(r)]
                 : p != kMissing ? found.partner[static_cast<std::size_t>(p)]
                                 : kMissing;
    }
    return out;
}

namespace {
std::vector<std::int64_t> count_ids(const std::vector<Id>& component_of, std::int64_t count) {
    std::vector<std::int64_t> n(static_cast<std::size_t>(count), 0);
    for (Id c : component_of)
        if (c != kMissing) ++n[static_cast<std::size_t>(c)];
    return n;
}
}  // namespace

ComponentSizes component_sizes(const PairTable& table, const Components& found, const Coded* group) {
    if (found.recipient.size() != table.side(Side::Recipient).cardinality() ||
        found.partner.size() != table.side(Side::Partner).cardinality())
        throw std::invalid_argument("component_sizes: the components were found on another table");
    ComponentSizes out;
    out.recipients = count_ids(found.recipient, found.count);
    out.partners = count_ids(found.partner, found.count);
    // Rows keyed by component: pairs are their counts, groups their distinct group values.
    Coded by_component{row_components(table, found), Labels::unnamed(static_cast<std::size_t>(found.count))};
    out.pairs = stats::counts_by_id(by_component);
    if (group != nullptr) {
        const auto d = stats::distinct(by_component, *group);
        out.groups.resize(static_cast<std::size_t>(found.count));
        for (std::size_t c = 0; c < out.groups.size(); ++c) out.groups[c] = d.count(c);
    }
    return out;
}

}  // namespace duikou::structure

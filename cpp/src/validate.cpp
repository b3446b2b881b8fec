#include "duikou/validate.hpp"

#include <algorithm>
#include <string_view>
#include <unordered_map>

namespace duikou {

const char* problem_name(Problem p) {
    switch (p) {
        case Problem::MissingName: return "missing_name";
        case Problem::EmptyName: return "empty_name";
        case Problem::SelfPair: return "self_pair";
        case Problem::Duplicate: return "duplicate";
    }
    return "unknown";
}

bool is_blank(const std::string& label) {
    static constexpr std::string_view kWideSpaces[] = {"\xC2\xA0", "\xE3\x80\x80"};  // U+00A0, U+3000
    std::size_t i = 0;
    while (i < label.size()) {
        const char c = label[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
            ++i;
            continue;
        }
        bool matched = false;
        for (auto space : kWideSpaces) {
            if (label.compare(i, space.size(), space) == 0) {
                i += space.size();
                matched = true;
                break;
            }
        }
        if (!matched) return false;
    }
    return true;
}

std::vector<RowProblem> find_problems(const PairTable& table) {
    std::vector<RowProblem> found;
    const Coded& rec = table.side(Side::Recipient);
    const Coded& par = table.side(Side::Partner);

    // Blank labels and the partner id that names each recipient label, once per label.
    auto blank_labels = [](const Coded& c) {
        std::vector<char> blank(c.cardinality());
        for (std::size_t k = 0; k < blank.size(); ++k) blank[k] = is_blank(c.labels[k]);
        return blank;
    };
    const auto rec_blank = blank_labels(rec);
    const auto par_blank = blank_labels(par);
    std::unordered_map<std::string_view, Id> partner_of_label;
    partner_of_label.reserve(par.cardinality());
    for (std::size_t k = 0; k < par.cardinality(); ++k) partner_of_label.emplace(par.labels[k], static_cast<Id>(k));
    std::vector<Id> same_name_partner(rec.cardinality(), kMissing);
    for (std::size_t k = 0; k < rec.cardinality(); ++k) {
        auto it = partner_of_label.find(rec.labels[k]);
        if (it != partner_of_label.end()) same_name_partner[k] = it->second;
    }

    for (std::size_t i = 0; i < table.size(); ++i) {
        const auto row = static_cast<std::int64_t>(i);
        const Id r = rec.codes[i], p = par.codes[i];
        for (Side s : {Side::Recipient, Side::Partner}) {
            const Id c = s == Side::Recipient ? r : p;
            const auto& blank = s == Side::Recipient ? rec_blank : par_blank;
            if (c == kMissing) found.push_back({row, Problem::MissingName, s, -1});
            else if (blank[static_cast<std::size_t>(c)]) found.push_back({row, Problem::EmptyName, s, -1});
        }
        if (r != kMissing && p != kMissing && same_name_partner[static_cast<std::size_t>(r)] == p)
            found.push_back({row, Problem::SelfPair, Side::Recipient, -1});
    }

    // Duplicates: walk each recipient's rows (in input order) and stamp partners.
    const Csr& by_rec = table.rows_by(Side::Recipient);
    std::vector<Id> stamp(par.cardinality(), kMissing);
    std::vector<std::int64_t> first(par.cardinality(), -1);
    for (std::size_t r = 0; r + 1 < by_rec.offsets.size(); ++r) {
        for (auto k = by_rec.offsets[r]; k < by_rec.offsets[r + 1]; ++k) {
            const auto row = by_rec.rows[static_cast<std::size_t>(k)];
            const Id p = par.codes[static_cast<std::size_t>(row)];
            if (p == kMissing) continue;
            const auto pi = static_cast<std::size_t>(p);
            if (stamp[pi] == static_cast<Id>(r)) {
                found.push_back({row, Problem::Duplicate, Side::Recipient, first[pi]});
            } else {
                stamp[pi] = static_cast<Id>(r);
                first[pi] = row;
            }
        }
    }
    std::stable_sort(found.begin(), found.end(),
                     [](const RowProblem& a, const RowProblem& b) { return a.row < b.row; });
    return found;
}

}  // namespace duikou

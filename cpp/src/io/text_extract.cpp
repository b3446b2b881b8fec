// Text extractor, entry points: the pairs, their mentions and warnings.
#include <algorithm>
#include <optional>
#include <unordered_set>
#include <unordered_map>

#include "duikou/io/error.hpp"
#include "text_extractor.hpp"

namespace duikou::io {

const char* form_name(StatementForm form) {
    switch (form) {
        case StatementForm::List: return "list";
        case StatementForm::Table: return "table";
        case StatementForm::Prose: return "prose";
    }
    return "?";
}

const char* basis_name(DirectionBasis basis) {
    switch (basis) {
        case DirectionBasis::Verb: return "verb";
        case DirectionBasis::Header: return "header";
        case DirectionBasis::Annotation: return "annotation";
        case DirectionBasis::Context: return "context";
        case DirectionBasis::Membership: return "membership";
        case DirectionBasis::Issuer: return "issuer";
        case DirectionBasis::Convention: return "convention";
        case DirectionBasis::OneToMany: return "one-to-many";
        case DirectionBasis::DefaultOrder: return "default-order";
    }
    return "?";
}

namespace text_detail {

std::int64_t Extractor::physical_line(Offset offset) const {
    return static_cast<std::int64_t>(std::upper_bound(line_starts_.begin(), line_starts_.end(), offset) -
                                     line_starts_.begin());
}

std::int64_t Extractor::first_line_of(std::size_t index) const {
    const WorkLine& l = lines_[index];
    for (std::size_t i = 0; i < l.text.size(); ++i)
        if (!is_space(l.text[i]) && l.text[i] != U'\t') return physical_line(l.from[i]);
    return physical_line(l.begin);
}

std::string Extractor::original_text(std::size_t index) const {
    const WorkLine& l = lines_[index];
    return encode_utf8(std::u32string_view(document_).substr(static_cast<std::size_t>(l.begin),
                                                             static_cast<std::size_t>(l.end - l.begin)));
}

TextExtraction Extractor::collect(const std::vector<int>& direction, const std::vector<DirectionBasis>& basis) {
    TextExtraction out;
    out.text = encode_utf8(document_);
    std::vector<TextPair> candidates;
    std::vector<bool> line_has_pair(lines_.size(), false);
    // Pairs the text says ended or were replaced (镇江不再帮扶连云港): no
    // statement of them is a current pair, wherever it is.
    std::unordered_set<std::u32string> ended;
    for (std::size_t i = 0; i < statements_.size(); ++i) {
        if (direction[i] == 0 || !statements_[i].ended) continue;
        const Statement& st = statements_[i];
        for (const Name& r : direction[i] > 0 ? st.right : st.left)
            for (const Name& p : direction[i] > 0 ? st.left : st.right)
                ended.insert(stem_of(r.name) + U'\n' + stem_of(p.name));
    }
    for (std::size_t i = 0; i < statements_.size(); ++i) {
        if (direction[i] == 0 || statements_[i].hidden) continue;
        const Statement& st = statements_[i];
        const WorkLine& line = lines_[st.line];
        const auto& recipients = direction[i] > 0 ? st.right : st.left;
        const auto& partners = direction[i] > 0 ? st.left : st.right;
        // Under a header of parents, the recipient column's parent is the region (延边州).
        std::u32string header_region;
        if (st.parents != Statement::kNoStatement) {
            const Statement& h = statements_[st.parents];
            header_region = (direction[i] > 0 ? h.right : h.left).front().name;
        }
        for (const Name& r : recipients)
            for (const Name& p : partners) {
                // 我州, 本县: a pronoun no place of the document resolved names no place.
                if (is_pronoun(r.name) || is_pronoun(p.name)) {
                    notes_.push_back({st.line, "a pronoun (" + to_utf8(is_pronoun(r.name) ? r.name : p.name) +
                                                   ") that names no place of the document: no pair"});
                    continue;
                }
                if (r.name == p.name) {
                    warn(st.line, "pairs " + to_utf8(r.name) + " with itself");
                    continue;
                }
                if (ended.count(stem_of(r.name) + U'\n' + stem_of(p.name))) {
                    notes_.push_back({st.line, "a pair the text says ended or was replaced (" + to_utf8(r.name) +
                                                   " - " + to_utf8(p.name) + ")"});
                    continue;
                }
                line_has_pair[st.line] = true;
                TextPair pair;
                pair.recipient = to_utf8(r.name);
                pair.partner = to_utf8(p.name);
                pair.region = to_utf8(!r.region.empty()       ? r.region
                                      : !st.row_region.empty() ? st.row_region
                                                               : header_region);
                pair.recipient_province = to_utf8(r.province);
                pair.partner_province = to_utf8(p.province);
                pair.recipient_parent = to_utf8(r.parent);
                pair.partner_parent = to_utf8(p.parent);
                pair.start = std::min(line.from[r.begin], line.from[p.begin]);
                pair.end = std::max(line.to[r.end - 1], line.to[p.end - 1]);
                pair.line = physical_line(pair.start);
                pair.text = original_text(st.line);
                pair.form = st.form;
                pair.basis = basis[i];
                candidates.push_back(std::move(pair));
            }
    }
    // One pair per (recipient, partner): a list or table statement is
    // preferred to prose (which often restates it), then the first.
    std::unordered_map<std::string, std::size_t> canonical;  // key -> index into candidates
    std::vector<bool> is_canonical(candidates.size(), false);
    // Keyed by the names without suffixes: 北京帮内蒙古 and 北京市帮内蒙古自治区 state one pair;
    // but where the document names one stem with two kinds of suffix (和田市, 和田县), the kind
    // stays in the key: those are two places.
    auto kind_of = [](std::u32string_view name) -> std::u32string {
        for (auto [suffix, kind] : {std::pair<std::u32string_view, std::u32string_view>{U"自治州", U"州"},
                                   {U"自治区", U"省"}, {U"特别行政区", U"省"}, {U"自治县", U"县"},
                                   {U"自治旗", U"旗"}, {U"地区", U"地区"}, {U"盟", U"地区"}})
            if (ends_with_at(name, name.size(), suffix)) return std::u32string(kind);
        return std::u32string(name.substr(name.size() - 1));
    };
    std::unordered_map<std::u32string, std::unordered_set<std::u32string>> kinds;  // stem -> suffix kinds
    for (const TextPair& p : candidates)
        for (const std::string* side : {&p.recipient, &p.partner}) {
            const std::u32string name = decode_utf8(*side, Utf8Errors::Replace, "");
            const std::u32string stem = stem_of(name);
            if (stem.size() < name.size()) kinds[stem].insert(kind_of(name));
        }
    auto part = [&](const std::string& utf8) {
        const std::u32string name = decode_utf8(utf8, Utf8Errors::Replace, "");
        std::u32string stem = stem_of(name);
        const auto k = kinds.find(stem);
        if (stem.size() < name.size() && k != kinds.end() && k->second.size() > 1) stem += kind_of(name);
        return to_utf8(stem);
    };
    auto key = [&](const TextPair& p) { return part(p.recipient) + '\n' + part(p.partner); };
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        auto [it, fresh] = canonical.emplace(key(candidates[i]), i);
        if (fresh) {
            is_canonical[i] = true;
        } else if (candidates[it->second].form == StatementForm::Prose &&
                   candidates[i].form != StatementForm::Prose) {
            is_canonical[it->second] = false;
            is_canonical[i] = true;
            it->second = i;
        }
    }
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < candidates.size(); ++i)
        if (is_canonical[i]) order.push_back(i);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return candidates[a].start < candidates[b].start; });
    std::unordered_map<std::string, std::size_t> position;
    for (std::size_t k = 0; k < order.size(); ++k) position[key(candidates[order[k]])] = k;
    for (std::size_t i = 0; i < candidates.size(); ++i)
        if (!is_canonical[i]) out.mentions.push_back({candidates[i], position.at(key(candidates[i]))});
    std::stable_sort(out.mentions.begin(), out.mentions.end(), [](const TextMention& a, const TextMention& b) {
        return a.statement.start < b.statement.start;
    });
    for (std::size_t k : order) out.pairs.push_back(std::move(candidates[k]));
    for (const TextPair& p : out.pairs) {
        TextPair reversed = p;
        std::swap(reversed.recipient, reversed.partner);
        auto it = position.find(key(reversed));
        if (it != position.end() && out.pairs[it->second].start < p.start)
            out.warnings.push_back({p.line, p.text,
                                    p.recipient + " - " + p.partner + " is also read the other way round on line " +
                                        std::to_string(out.pairs[it->second].line)});
    }
    for (const Warning& w : warnings_)
        out.warnings.push_back({first_line_of(w.line), original_text(w.line), w.reason});
    std::stable_sort(out.warnings.begin(), out.warnings.end(),
                     [](const TextWarning& a, const TextWarning& b) { return a.line < b.line; });
    unread_lines(out, line_has_pair);
    return out;
}

}  // namespace text_detail

TextExtraction extract_pairs(std::string_view text, const TextOptions& options) {
    const std::u32string document = text_detail::decode_utf8(text, options.errors, options.source);
    const text_detail::KnownNamesScope known(options.names.get());
    return text_detail::Extractor(document, options).run();
}

TextExtraction read_text_document(const std::string& path, TextOptions options) {
    options.source = path;
    return extract_pairs(read_file(path), options);
}

}  // namespace duikou::io
// Text extractor: the optional dictionary of known place names (PlaceNames).
#include <algorithm>
#include <stdexcept>
#include <utility>

#include "duikou/io/text.hpp"
#include "text_detail.hpp"

namespace duikou::io {

namespace {

PlaceNames::Level parse_level(const std::string& level) {
    if (level == "province") return PlaceNames::Level::Province;
    if (level == "city") return PlaceNames::Level::City;
    if (level == "county") return PlaceNames::Level::County;
    if (level == "division") return PlaceNames::Level::Division;
    throw std::invalid_argument("place names: unknown level '" + level +
                                "' (expected province, city, county or division)");
}

}  // namespace

PlaceNames::PlaceNames(const std::vector<std::string>& forms, const std::vector<std::string>& names,
                       const std::vector<std::string>& levels, const std::vector<std::string>& prefectures,
                       const std::vector<std::string>& provinces) {
    const std::size_t n = forms.size();
    if (names.size() != n || levels.size() != n || prefectures.size() != n || provinces.size() != n)
        throw std::invalid_argument("place names: the columns form, name, level, prefecture and province differ in length");
    // One unit per distinct (name, prefecture, province): interned, so a form
    // and the full name of one unit share it.
    std::unordered_map<std::u32string, std::uint32_t> interned;
    using text_detail::decode_utf8;
    for (std::size_t i = 0; i < n; ++i) {
        const std::string where = "place names, row " + std::to_string(i + 1);
        Unit unit;
        unit.name = decode_utf8(names[i], Utf8Errors::Strict, where);
        unit.prefecture = decode_utf8(prefectures[i], Utf8Errors::Strict, where);
        unit.province = decode_utf8(provinces[i], Utf8Errors::Strict, where);
        unit.level = parse_level(levels[i]);
        std::u32string key = unit.name + U'\n' + unit.prefecture + U'\n' + unit.province;
        auto [it, fresh] = interned.emplace(std::move(key), static_cast<std::uint32_t>(units_.size()));
        if (fresh) units_.push_back(std::move(unit));
        std::u32string form = decode_utf8(forms[i], Utf8Errors::Strict, where);
        // One character is never read as a place; no place name is 64 characters long.
        if (form.size() < 2 || form.size() > 63) continue;
        longest_ = std::max(longest_, form.size());
        (form.back() < kDense ? last_dense_[form.back()] : last_rest_[form.back()]) |= std::uint64_t(1) << form.size();
        add_to_trie(form);
        auto found = forms_.find(std::u32string_view(form));
        if (found == forms_.end()) {
            storage_.push_back(std::move(form));
            found = forms_.emplace(std::u32string_view(storage_.back()), std::vector<std::uint32_t>{}).first;
        }
        auto& ids = found->second;
        if (std::find(ids.begin(), ids.end(), it->second) == ids.end()) ids.push_back(it->second);
    }
}

void PlaceNames::add_to_trie(std::u32string_view form) {
    if (trie_.empty()) trie_.emplace_back();
    const char32_t first = form.front();
    std::uint32_t& root_child = first < kDense ? root_dense_[first] : root_rest_[first];
    if (root_child == 0) {
        root_child = static_cast<std::uint32_t>(trie_.size());
        trie_.emplace_back();
    }
    std::uint32_t node = root_child;
    for (std::size_t k = 1; k < form.size(); ++k) {
        auto& children = trie_[node].children;
        auto it = std::lower_bound(children.begin(), children.end(), std::make_pair(form[k], std::uint32_t(0)));
        if (it == children.end() || it->first != form[k]) {
            it = children.insert(it, {form[k], static_cast<std::uint32_t>(trie_.size())});
            const std::uint32_t child = it->second;
            trie_.emplace_back();  // may move `children`: `it` is not used after this
            node = child;
        } else {
            node = it->second;
        }
    }
    trie_[node].form = true;
}

std::size_t PlaceNames::longest_prefix(std::u32string_view text) const {
    if (text.empty()) return 0;
    std::uint32_t node = 0;
    if (text[0] < kDense) {
        node = root_dense_[text[0]];
    } else {
        const auto it = root_rest_.find(text[0]);
        if (it != root_rest_.end()) node = it->second;
    }
    std::size_t longest = 0;
    for (std::size_t k = 1; node != 0 && k < text.size(); ++k) {
        const auto& children = trie_[node].children;
        const auto it = std::lower_bound(children.begin(), children.end(), std::make_pair(text[k], std::uint32_t(0)));
        if (it == children.end() || it->first != text[k]) break;
        node = it->second;
        if (trie_[node].form) longest = k + 1;
    }
    return longest;
}

const std::vector<std::uint32_t>& PlaceNames::find(std::u32string_view form) const {
    static const std::vector<std::uint32_t> none;
    const auto it = forms_.find(form);
    return it == forms_.end() ? none : it->second;
}

}  // namespace duikou::io

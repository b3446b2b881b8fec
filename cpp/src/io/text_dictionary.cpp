// Text extractor: the optional dictionary of known place names (PlaceNames).
#include <algorithm>
#include <stdexcept>

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
        if (form.size() < 2) continue;  // one character is never read as a place
        longest_ = std::max(longest_, form.size());
        std::size_t& from_first = first_[form[0]];
        from_first = std::max(from_first, form.size());
        auto found = forms_.find(std::u32string_view(form));
        if (found == forms_.end()) {
            storage_.push_back(std::move(form));
            found = forms_.emplace(std::u32string_view(storage_.back()), std::vector<std::uint32_t>{}).first;
        }
        auto& ids = found->second;
        if (std::find(ids.begin(), ids.end(), it->second) == ids.end()) ids.push_back(it->second);
    }
}

const std::vector<std::uint32_t>& PlaceNames::find(std::u32string_view form) const {
    static const std::vector<std::uint32_t> none;
    const auto it = forms_.find(form);
    return it == forms_.end() ? none : it->second;
}

}  // namespace duikou::io

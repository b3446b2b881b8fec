// Text extractor: counts of places (三市, 3个城市, 两省区, 十二个县, 2个师), read forward
// from where they start or back from where they end. Pages count a list's items
// after it (苍南、永嘉、平阳三县), a place's own units after its name (天津市3个区),
// and the members of a group (南京等12个设区市); each stage asks here.
#include <algorithm>
#include <iterator>
#include <string_view>

#include "text_detail.hpp"

namespace duikou::io::text_detail {

bool is_numeral(char32_t c) {
    return is_digit(c) || std::u32string_view(U"一二两三四五六七八九十百").find(c) != std::u32string_view::npos;
}

int count_at(std::u32string_view text, std::size_t at, std::size_t& end) {
    std::size_t k = at;
    if (k < text.size() && is_digit(text[k])) {
        int value = 0;
        for (; k < text.size() && is_digit(text[k]) && k - at < 4; ++k) value = value * 10 + int(text[k] - U'0');
        end = k;
        return value;
    }
    constexpr std::u32string_view kDigits = U"一二三四五六七八九";
    int tens = 0, units = 0;
    for (; k < text.size() && k - at < 3; ++k) {
        if (text[k] == U'十') {
            tens = (units == 0 ? 1 : units) * 10;
            units = 0;
        } else if (text[k] == U'两' || kDigits.find(text[k]) != std::u32string_view::npos) {
            units = text[k] == U'两' ? 2 : int(kDigits.find(text[k])) + 1;
        } else {
            break;
        }
    }
    end = k;
    return k > at ? tens + units : -1;
}

int count_of_places_at(std::u32string_view text, std::size_t at, std::u32string_view words) {
    std::size_t end = at;
    const int value = count_at(text, at, end);
    if (value < 0 || end >= text.size()) return -1;
    return words.find(text[end]) != std::u32string_view::npos ? value : -1;
}

std::size_t count_start_before(std::u32string_view text, std::size_t begin, std::size_t end,
                               std::initializer_list<std::u32string_view> words) {
    // The first word that ends the text decides (省市 before 市): 两省市 is a count of two.
    for (std::u32string_view w : words) {
        if (end < begin + w.size() + 1 || !ends_with_at(text, end, w)) continue;
        std::size_t k = end - w.size();
        if (text[k - 1] == U'个' || text[k - 1] == U'座') --k;
        const std::size_t numerals_end = k;
        while (k > begin && is_numeral(text[k - 1])) --k;
        return k < numerals_end ? k : end;
    }
    return end;
}

// "N个<word for places>" ending at `end` (4个东部发达城市, 3个计划单列市): sets `count` to where
// its numerals start. The word is short, has no function word and ends in a word for places.
bool closed_by_count(std::u32string_view c, std::size_t end, std::size_t& count) {
    std::size_t k = end;
    while (k > 0 && end - k < 10 && is_cjk(c[k - 1]) && c[k - 1] != U'个' &&
           std::u32string_view(U"的与和及在对为是由").find(c[k - 1]) == std::u32string_view::npos)
        --k;
    if (k == 0 || c[k - 1] != U'个' || k == end) return false;
    static constexpr std::u32string_view kPlaces[] = {U"城市", U"市", U"省", U"县", U"区", U"州", U"地区", U"盟"};
    const std::u32string_view word = c.substr(k, end - k);
    if (std::none_of(std::begin(kPlaces), std::end(kPlaces),
                     [&](std::u32string_view w) { return ends_with_at(word, word.size(), w); }))
        return false;
    std::size_t q = k - 1;
    while (q > 0 && is_numeral(c[q - 1])) --q;
    if (q == k - 1) return false;
    count = q;
    return true;
}

// A count of institutions at `at` (二十所学校, 十多所, 三家医院): a place followed by one is their
// owner, and the statement is about the schools or hospitals, not the place (as 该市11个镇 is about towns).
bool counts_institutions_at(std::u32string_view c, std::size_t at) {
    std::size_t end = at;
    if (count_at(c, at, end) < 2) return false;
    if (end < c.size() && (c[end] == U'多' || c[end] == U'余')) ++end;
    return end < c.size() && (c[end] == U'所' || c[end] == U'家');
}

}  // namespace duikou::io::text_detail

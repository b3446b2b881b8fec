// Text extractor: counts of places (三市, 3个城市, 两省区, 十二个县, 2个师), read forward
// from where they start or back from where they end. Pages count a list's items
// after it (苍南、永嘉、平阳三县), a place's own units after its name (天津市3个区),
// and the members of a group (南京等12个设区市); each stage asks here.
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

}  // namespace duikou::io::text_detail

// Text extractor, step 2: place names, annotations, header cells and noise lines.
//
// Names are read without a gazetteer, from the shape of Chinese administrative
// names: a stem and a suffix (市 县 区 州 盟 旗 省, so also 地区 自治州 自治区),
// possibly chained from higher to lower level (河北省张家口市, 恩施州利川市).
#include <algorithm>
#include <array>

#include "text_detail.hpp"

namespace duikou::io::text_detail {

namespace {
thread_local const PlaceNames* t_known = nullptr;
}  // namespace

const PlaceNames* known_names() { return t_known; }

bool is_pronoun(std::u32string_view two) {
    return two.size() == 2 && std::u32string_view(U"我本该").find(two[0]) != std::u32string_view::npos &&
           std::u32string_view(U"省市区州县").find(two[1]) != std::u32string_view::npos;
}

KnownNamesScope::KnownNamesScope(const PlaceNames* names) : previous_(t_known) { t_known = names; }
KnownNamesScope::~KnownNamesScope() { t_known = previous_; }

const std::vector<std::uint32_t>& known_units(std::u32string_view form) {
    static const std::vector<std::uint32_t> none;
    return t_known ? t_known->find(form) : none;
}

std::size_t known_form_at(std::u32string_view text, std::size_t at, std::size_t end) {
    if (!t_known || at >= end || !is_cjk(text[at])) return 0;
    return t_known->longest_prefix(text.substr(at, end - at));
}

namespace {

bool contains(std::u32string_view text, std::u32string_view word) {
    return text.find(word) != std::u32string_view::npos;
}

template <std::size_t N>
bool contains_any(std::u32string_view text, const std::array<std::u32string_view, N>& words) {
    return std::any_of(words.begin(), words.end(), [&](std::u32string_view w) { return contains(text, w); });
}

template <std::size_t N>
bool ends_with_any(std::u32string_view text, const std::array<std::u32string_view, N>& words) {
    return std::any_of(words.begin(), words.end(),
                       [&](std::u32string_view w) { return ends_with_at(text, text.size(), w); });
}

bool is_suffix_char(char32_t c) {
    switch (c) {
        case U'市': case U'县': case U'区': case U'州': case U'盟': case U'旗': case U'省': return true;
        default: return false;
    }
}

// A unit of text[begin, i] ends at the suffix i: the stem has at least one
// character (two before 州: 梅州 is a short city name, 恩施州 a prefecture),
// and no further suffix character follows (梅州市, 沙市区 go on).
bool unit_ends_at(std::u32string_view text, std::size_t begin, std::size_t i, std::size_t end) {
    if (!is_suffix_char(text[i])) return false;
    const std::size_t stem = i - begin;
    if (stem < 1 || (text[i] == U'州' && stem < 2)) return false;
    // 各县, 每市, 全县: a determiner before a level word (each, every, the whole), not a stem.
    if (stem == 1 && std::u32string_view(U"各每全").find(text[begin]) != std::u32string_view::npos) return false;
    // 苏南五市, 三县, 两省: a count, not a name.
    if (std::u32string_view(U"一二两三四五六七八九十").find(text[i - 1]) != std::u32string_view::npos) return false;
    // 三峡库区, 天屿景区, 城东社区, 大别山片区, 牧区: areas; 爱心超市: a shop. Not units (no
    // county-level name ends so).
    if (text[i] == U'区' && std::u32string_view(U"库景社片牧").find(text[i - 1]) != std::u32string_view::npos) return false;
    if (text[i] == U'市' && text[i - 1] == U'超') return false;
    return !(i + 1 < end && is_suffix_char(text[i + 1]));
}

enum class Level { Province, Prefecture, County };

Level level_of(std::u32string_view unit) {
    if (ends_with_at(unit, unit.size(), U"省") || ends_with_at(unit, unit.size(), U"自治区")) return Level::Province;
    if (ends_with_at(unit, unit.size(), U"地区")) return Level::Prefecture;
    switch (unit.back()) {
        case U'市': case U'州': case U'盟': return Level::Prefecture;
        default: return Level::County;
    }
}

constexpr std::size_t kMaxUnit = 16;  // 克孜勒苏柯尔克孜自治州 has 11 characters
constexpr std::size_t kMaxName = 28;

const std::array<std::u32string_view, 34> kProvinceShort = {
    U"北京", U"天津", U"上海", U"重庆", U"河北", U"山西", U"辽宁", U"吉林", U"黑龙江", U"江苏", U"浙江", U"安徽",
    U"福建", U"江西", U"山东", U"河南", U"湖北", U"湖南", U"广东", U"海南", U"四川", U"贵州", U"云南", U"陕西",
    U"甘肃", U"青海", U"台湾", U"内蒙古", U"广西", U"西藏", U"宁夏", U"新疆", U"香港", U"澳门"};

// The first characters of kProvinceShort: most positions start no province.
constexpr std::u32string_view kProvinceFirsts = U"北天上重河山辽吉黑江浙安福湖广海四贵云陕甘青台内西宁新香澳";


constexpr std::u32string_view kChineseNumerals = U"一二三四五六七八九十";

// A division of the Xinjiang Production and Construction Corps at `at`:
// 第三师, 一师, 第十四师 (not 师范, 师生). Returns its end, or at.
std::size_t division_at(std::u32string_view text, std::size_t at, std::size_t end) {
    std::size_t i = at;
    if (i < end && text[i] == U'第') ++i;
    const std::size_t digits = i;
    while (i < end && i - digits < 3 && kChineseNumerals.find(text[i]) != std::u32string_view::npos) ++i;
    if (i == digits || i >= end || text[i] != U'师') return at;
    if (i + 1 < end && std::u32string_view(U"范生长部傅资大").find(text[i + 1]) != std::u32string_view::npos) return at;
    return i + 1;
}

// Characters that occur in no name of the gazetteer (provinces, prefectures,
// county-level units; checked by test_gazetteer.py) but often in the words
// around a name: 这 是 了 送到 跨 震 灾 ... A stem never runs across one.
constexpr std::u32string_view kNeverInNames =
    U"这是此其了着过跨捐断送到震灾每及已就也还又再并更最很给使往之所而或但因帮援赠投入累计近亿面域需贫困"
    U"据按记者说讯报表示署统筹";

// 全州30个村, 全州各县, 全县干部: 全 and a level word with a count or a noun after it is "the whole
// prefecture (county ...)", not the county 全州, which stands where a name stands (全州县, 帮扶全州。,
// 全州与…, 桂林市全州): before a conjunction, a preposition, a pairing verb, an adverb or a mark.
bool whole_of_level_at(std::u32string_view text, std::size_t at, std::size_t end) {
    if (at + 2 >= end || text[at] != U'全' || !is_suffix_char(text[at + 1])) return false;
    const char32_t next = text[at + 2];
    return is_digit(next) ||
           (is_cjk(next) && std::u32string_view(U"和与及同跟由被对结帮援支等的在是也已将则均分共县").find(next) ==
                                std::u32string_view::npos);
}

// The unit of a name starting at `at`, its level in `level`; returns its end (at: none).
std::size_t unit_at(std::u32string_view text, std::size_t at, std::size_t end, Level& level);

// 联系蓬江区, 联合江门市: with a dictionary, a unit at `at` that is a stem it does not know and
// ends in a full name it knows (蓬江区) is a word run into that name, not a place.
bool word_run_into_known_name(std::u32string_view text, std::size_t at, std::size_t end) {
    if (!known_names() || at >= end) return false;
    Level level = Level::County;
    const std::size_t unit_end = unit_at(text, at, end, level);
    if (unit_end == at || !is_suffix_char(text[unit_end - 1]) || known_form_at(text, at, unit_end) == unit_end - at ||
        is_province_name(text.substr(at, unit_end - at)))
        return false;
    for (std::size_t k = at + 1; k + 3 <= unit_end; ++k)
        if (known_form_at(text, k, unit_end) == unit_end - k) return true;
    return false;
}

std::size_t unit_at(std::u32string_view text, std::size_t at, std::size_t end, Level& level) {
    if (whole_of_level_at(text, at, end)) return at;
    for (std::u32string_view corps : {std::u32string_view(U"新疆生产建设兵团"), std::u32string_view(U"兵团")})
        if (starts_with_at(text.substr(0, end), at, corps) && division_at(text, at + corps.size(), end) > at + corps.size()) {
            level = Level::Province;
            return at + corps.size();
        }
    // The corps as a whole is its own province-level unit, not 新疆 (援疆 lists name both).
    if (starts_with_at(text.substr(0, end), at, U"新疆生产建设兵团")) {
        level = Level::Province;
        return at + 8;
    }
    const std::size_t division = division_at(text, at, end);
    if (division > at) {
        level = Level::Prefecture;
        return division;
    }
    std::size_t suffix_end = at;
    for (std::size_t i = at; i < end && i < at + kMaxUnit; ++i) {
        // 万里之外的一师阿拉尔市, 以镇村结对为突破口助力榆林市: function words end a stem.
        if (!is_cjk(text[i]) || std::u32string_view(U"的为在以把被向与跟").find(text[i]) != std::u32string_view::npos) break;
        // 这是东莞市, 开始跨区域, 捐助不断送到耀州区: characters no place name of the
        // gazetteer holds (function words, verbs) end a stem too.
        if (kNeverInNames.find(text[i]) != std::u32string_view::npos) break;
        // 帮扶各县, 覆盖全州30个村: a determiner before a level word (each, every, the whole) ends a
        // stem; with a dictionary 全 before a level word always does (万全区, 天全县 are known names).
        // 帮扶我州: nor does a pronoun (我州, 本县), which no place name holds.
        if (i + 1 < end && is_suffix_char(text[i + 1]) &&
            (text[i] == U'各' || text[i] == U'每' || is_pronoun(text.substr(i, 2)) ||
             (text[i] == U'全' && (known_names() || whole_of_level_at(text, i, end)))))
            break;
        if (unit_ends_at(text, at, i, end)) {
            suffix_end = i + 1;
            break;
        }
    }
    // 八县一市, 一个县, 3个区: a count of places, not a place.
    if (suffix_end > at) {
        bool count = true;
        for (std::size_t i = at; i + 1 < suffix_end && count; ++i)
            count = is_numeral(text[i]) || text[i] == U'个';
        if (count) suffix_end = at;
    }
    std::size_t known = known_form_at(text, at, end);
    if (kProvinceFirsts.find(text[at]) != std::u32string_view::npos)
        for (std::u32string_view p : kProvinceShort)
            if (known < p.size() && starts_with_at(text.substr(0, end), at, p)) known = p.size();
    // 连云港市市长: the known 连云港市, not a stem 连云港市 with the suffix 市.
    const bool known_full = known > 0 && at + known + 1 >= suffix_end && is_suffix_char(text[at + known - 1]);
    // 湖北恩施贵州黔东南: a province run together with a known name is a unit, not the stem 湖北恩施贵.
    const std::size_t next_known = known > 0 && at + known < suffix_end ? known_form_at(text, at + known, end) : 0;
    const bool run_together = next_known > 0 && (is_province_name(text.substr(at, known)) ||
                                                 is_province_name(text.substr(at + known, next_known)));
    if (known > 0 && (at + known > suffix_end || known_full || run_together)) {
        level = is_province_name(text.substr(at, known)) ? Level::Province : Level::County;
        for (std::uint32_t id : known_units(text.substr(at, known))) {
            const auto l = t_known->unit(id).level;
            if (l == PlaceNames::Level::Province) level = Level::Province;
            else if (level != Level::Province && l != PlaceNames::Level::County) level = Level::Prefecture;
        }
        return at + known;
    }
    if (suffix_end > at) level = level_of(text.substr(at, suffix_end - at));
    return suffix_end;
}

}  // namespace

// 北京, 北京市, 河北, 河北省, 广西, 广西壮族自治区, 香港特别行政区 ...
bool is_province_name(std::u32string_view text) {
    if (text.empty() || kProvinceFirsts.find(text[0]) == std::u32string_view::npos) return false;
    for (std::u32string_view p : kProvinceShort) {
        if (text == p) return true;
        if (!starts_with_at(text, 0, p)) continue;
        std::u32string_view rest = text.substr(p.size());
        if (rest == U"省" || rest == U"市" || rest == U"自治区" || rest == U"特别行政区") return true;
        if (ends_with_at(rest, rest.size(), U"族自治区") && rest.size() <= 7) return true;  // 广西壮族自治区 ...
    }
    return false;
}

namespace {

// Words that make a would-be name a category or a phrase, not a place.
// 待定, 另行确定, 未定: placeholders of a draft list, never a place.
const std::array<std::u32string_view, 48> kGeneric = {
    U"城市", U"省市", U"县市", U"市县", U"区县", U"县区", U"地市", U"市州", U"省区", U"重点", U"发达", U"东部",
    U"西部", U"中部", U"老区", U"苏区", U"园区", U"开发区", U"高新区", U"国家级", U"各类", U"各地",
    U"相关", U"有关", U"部分", U"全国", U"全省", U"全市", U"本市", U"我市", U"该市", U"对口", U"结对",
    U"合作", U"协作", U"帮扶", U"支援", U"援助", U"直辖市", U"受援", U"其他", U"设区", U"县级", U"地级", U"贫困",
    U"待定", U"另行", U"未定"};

bool all_cjk(std::u32string_view text) { return std::all_of(text.begin(), text.end(), is_cjk); }

// Bracket content after a name: a province (hint), a date or photo credit
// (ignored), or the region the name belongs to.
void classify_annotation(std::u32string_view inner, Name& name) {
    while (!inner.empty() && is_space(inner.front())) inner.remove_prefix(1);
    while (!inner.empty() && is_space(inner.back())) inner.remove_suffix(1);
    if (inner.empty()) return;
    if (std::any_of(inner.begin(), inner.end(), is_digit) || contains(inner, U"年") || contains(inner, U"摄") ||
        contains(inner, U"图"))
        return;
    if (is_province_name(inner)) {
        if (name.province.empty()) name.province = inner;
        return;
    }
    // Region names may hold a hyphen or a middle dot: 燕山-太行山片区.
    const bool wordy = std::all_of(inner.begin(), inner.end(), [](char32_t c) {
        return is_cjk(c) || c == U'-' || c == U'·';
    });
    if (inner.size() >= 2 && inner.size() <= 24 && wordy && is_cjk(inner.front()) && name.region.empty())
        name.region = inner;
}

// Index of the '(' matching the ')' at close - 1, or npos.
std::size_t matching_open(std::u32string_view text, std::size_t lower, std::size_t close) {
    int depth = 0;
    for (std::size_t i = close; i > lower; --i) {
        const char32_t c = text[i - 1];
        if (c == U')') ++depth;
        else if (c == U'(' && --depth == 0) return i - 1;
    }
    return std::u32string_view::npos;
}

void trim(std::u32string_view text, std::size_t& begin, std::size_t& end) {
    while (begin < end && is_space(text[begin])) ++begin;
    while (end > begin && is_space(text[end - 1])) --end;
}

// Splits the prefixes off a chained name: a province (河北省张家口市 ->
// province 河北省) and a city or corps (宝鸡市太白县 -> parent 宝鸡市,
// 兵团第三师 -> province 兵团). A division and its city are one unit (第二师铁门关市).
void split_prefixes(Name& name) {
    const std::u32string n = name.name;
    struct Unit {
        std::size_t begin, end;
        Level level;
        bool division;
    };
    std::vector<Unit> units;
    for (std::size_t pos = 0; pos < n.size() && units.size() < 4;) {
        Level level = Level::County;
        const std::size_t end = unit_at(n, pos, n.size(), level);
        if (end == pos) return;
        const bool division = division_at(n, pos, n.size()) == end;
        if (!units.empty() && units.back().division && n[end - 1] == U'市') units.back().end = end;
        else units.push_back({pos, end, level, division});
        pos = end;
    }
    if (units.size() < 2) return;
    std::size_t first = 0;
    if (units[0].level == Level::Province) {
        name.province = n.substr(0, units[0].end);
        first = 1;
    }
    if (units.size() - first >= 2) name.parent = n.substr(units[first].begin, units[units.size() - 2].end - units[first].begin);
    name.name = n.substr(units.back().begin);
}

bool name_is_acceptable(std::u32string_view core, Strictness strictness) {
    if (core.size() < 2 || core.size() > kMaxName || !all_cjk(core) || is_generic(core)) return false;
    if (column_role(core) != ColumnRole::Unknown) return false;  // 支援方, 受援城市: a header, not a place
    if (strictness == Strictness::Structured) return true;
    return name_chain_end(core, 0, core.size()) == core.size() || is_province_name(core);
}

// Drops "等...", trailing adverbs (共同, 分别) and a trailing count (三市,
// 3个城市, 两省区) from a prose item. Returns true when a count was dropped:
// the items of the list are then places even without a suffix (苍南、永嘉、平阳三县).
bool drop_trailing_count(std::u32string_view text, std::size_t begin, std::size_t& end) {
    for (std::size_t i = begin; i < end; ++i)
        if (text[i] == U'等' && !inside_known_name(text, begin, i, end)) {
            end = i;
            break;
        }
    static const std::array<std::u32string_view, 6> kAdverbs = {U"共同", U"分别", U"一起", U"联合", U"一道", U"均"};
    for (bool again = true; again;) {
        again = false;
        for (std::u32string_view w : kAdverbs)
            if (ends_with_at(text.substr(0, end), end, w) && end - w.size() > begin) {
                end -= w.size();
                again = true;
            }
    }
    const std::size_t count = count_start_before(text, begin, end, {U"城市", U"地市", U"市州", U"区县", U"县区",
                                                                    U"省区", U"省市", U"市", U"州", U"县", U"地",
                                                                    U"省", U"区"});
    if (count == end || count == begin) return false;
    end = count;
    return true;
}

// The end of a cell without the counts of its place's units after it (阿克苏地区八县一市,
// 喀什地区4个县): the cell names the place whose units are counted.
std::size_t without_unit_counts(std::u32string_view text, std::size_t begin, std::size_t end) {
    std::size_t e = end;
    for (std::size_t k; (k = count_start_before(text, begin, e, {U"县", U"市", U"区", U"旗"})) < e && k >= begin + 2;)
        e = k;
    return e;
}

// Reads a name at text[begin, ...) in prose: the chain of units starting
// there, then any annotations right after it. Returns false if no unit starts there.
bool read_leading_name(std::u32string_view text, std::size_t begin, std::size_t end, Name& out) {
    trim(text, begin, end);
    if (end >= begin + 2 && is_pronoun(text.substr(begin, 2))) {
        out = Name{};
        out.name = text.substr(begin, 2);
        out.begin = begin;
        out.end = begin + 2;
        return true;
    }
    // 和区域合作局 is not a name: an item does not start with a conjunction.
    // 和龙市 is: a known name of three characters or more starts there.
    if (begin < end && std::u32string_view(U"和与及同跟").find(text[begin]) != std::u32string_view::npos &&
        known_form_at(text, begin, end) < 3)
        return false;
    std::size_t chain = name_chain_end(text, begin, end);
    // 联系蓬江区6家企业: a word run into a known name is no name here (the word's role is unknown).
    if (word_run_into_known_name(text, begin, chain)) return false;
    if (chain == begin) {
        // A modifier before the name: 万里之外的一师阿拉尔市, 新成立的直辖市重庆市.
        for (std::size_t i = begin + 1; i < end && i < begin + 14; ++i) {
            if (text[i] != U'的' && text[i] != U'-') continue;
            std::size_t after = i + 1;
            while (after < end && text[after] == U'-') ++after;
            const std::size_t e = name_chain_end(text, after, end);
            if (e > after && !is_generic(text.substr(after, e - after))) {
                begin = after;
                chain = e;
                break;
            }
        }
    }
    if (chain == begin) return false;
    // 汶川地震, 玉树特大地震: an event named after the place, not the place.
    for (std::u32string_view event : {U"地震", U"大地震", U"特大地震"})
        if (starts_with_at(text.substr(0, end), chain, event)) return false;
    out = Name{};
    out.name = text.substr(begin, chain - begin);
    if (is_generic(out.name)) return false;
    out.begin = begin;
    out.end = chain;
    std::size_t i = chain;
    while (i < end && text[i] == U'(') {
        std::size_t close = i + 1;
        int depth = 1;
        for (; close < end && depth > 0; ++close) {
            if (text[close] == U'(') ++depth;
            else if (text[close] == U')') --depth;
        }
        if (depth != 0) break;
        classify_annotation(text.substr(i + 1, close - i - 2), out);
        out.end = i = close;
    }
    split_prefixes(out);
    return true;
}

}  // namespace

namespace {
bool starts_with_known_unit(std::u32string_view text, std::size_t s, std::size_t e);
}  // namespace

bool known_name_at(std::u32string_view text, std::size_t s, std::size_t e) { return starts_with_known_unit(text, s, e); }

std::u32string_view province_prefix(std::u32string_view text) {
    if (starts_with_at(text, 0, U"新疆生产建设兵团") || starts_with_at(text, 0, U"兵团")) return U"兵团";
    for (std::u32string_view p : kProvinceShort)
        if (starts_with_at(text, 0, p)) return p;
    return {};
}

std::u32string stem_of(std::u32string_view name) {
    static const std::array<std::u32string_view, 15> kSuffixes = {U"特别行政区", U"自治区", U"自治州", U"自治县",
                                                                  U"自治旗", U"地区", U"林区", U"特区", U"省", U"市",
                                                                  U"县", U"区", U"州", U"盟", U"旗"};
    static const std::array<std::u32string_view, 22> kPeoples = {
        U"蒙古族", U"土家族", U"布依族", U"哈尼族", U"柯尔克孜", U"哈萨克", U"傈僳族", U"景颇族", U"朝鲜族", U"维吾尔",
        U"壮族", U"回族", U"彝族", U"藏族", U"羌族", U"满族", U"苗族", U"侗族", U"傣族", U"白族", U"瑶族", U"黎族"};
    for (std::u32string_view suffix : kSuffixes) {
        if (!ends_with_at(name, name.size(), suffix) || name.size() < suffix.size() + 2) continue;
        std::u32string_view stem = name.substr(0, name.size() - suffix.size());
        for (bool again = suffix.substr(0, 2) == U"自治"; again && stem.size() >= 4;) {
            again = false;
            for (std::u32string_view people : kPeoples)
                if (ends_with_at(stem, stem.size(), people) && stem.size() >= people.size() + 2) {
                    stem.remove_suffix(people.size());
                    again = true;
                    break;
                }
        }
        return std::u32string(stem);
    }
    return std::u32string(name);
}

bool read_name_at(std::u32string_view text, std::size_t begin, std::size_t end, Name& out) {
    return read_leading_name(text, begin, end, out);
}

std::vector<std::size_t> name_chain_units(std::u32string_view text, std::size_t begin, std::size_t end) {
    std::vector<std::size_t> ends;
    std::size_t pos = begin, unit_begin = begin;
    Level previous = Level::Province;
    // A known unit of three characters or more at `pos` whose prefecture or province is the unit before it.
    auto known_unit_of_previous = [&] {
        const std::size_t k = known_form_at(text, pos, end);
        if (k < 3) return false;
        const std::u32string_view before = text.substr(unit_begin, pos - unit_begin);
        const PlaceNames* known = known_names();
        const std::u32string stem = stem_of(before);
        for (std::uint32_t id : known_units(text.substr(pos, k)))
            if (stem_of(known->unit(id).prefecture) == stem || stem_of(known->unit(id).province) == stem) return true;
        return false;
    };
    while (pos < end && ends.size() < 3) {
        // 丽水市和宁波市: a conjunction starts no unit of the chain (呼和浩特市 and 大同市 start with their own),
        // unless a known unit of the one before starts there (吴忠市同心县, 延边州和龙市; not 宁波市和龙市).
        if (!ends.empty() && std::u32string_view(U"和同及与跟").find(text[pos]) != std::u32string_view::npos &&
            !known_unit_of_previous())
            break;
        Level level = Level::County;
        const std::size_t found = unit_at(text, pos, end, level);
        if (found == pos || (!ends.empty() && word_run_into_known_name(text, pos, end))) break;
        // 南京市代表团前往淮安市: a later unit is a short county name, a known one or an autonomous one.
        if (!ends.empty() && found - pos > 6 && known_units(text.substr(pos, found - pos)).empty() &&
            text.substr(pos, found - pos).find(U"自治") == std::u32string_view::npos)
            break;
        if (!ends.empty()) {
            // Down the hierarchy only: a province holds cities and counties, a
            // city or prefecture holds counties and county-level cities.
            const bool down = previous == Level::Province ? level != Level::Province
                              : previous == Level::Prefecture ? (level == Level::County || text[found - 1] == U'市')
                                                              : false;
            if (!down) break;
        }
        unit_begin = pos;
        pos = found;
        previous = level;
        ends.push_back(pos);
    }
    return ends;
}

bool inside_known_name(std::u32string_view text, std::size_t begin, std::size_t at, std::size_t end) {
    if (!known_names()) return false;
    std::size_t unit_begin = begin;
    for (std::size_t unit_end : name_chain_units(text, begin, end)) {
        if (unit_end > at) return known_form_at(text, unit_begin, end) > at - unit_begin;
        unit_begin = unit_end;
    }
    return false;
}

bool known_name_over(std::u32string_view text, std::size_t lower, std::size_t at, std::size_t end) {
    if (!known_names()) return false;
    for (std::size_t k = 0; k < known_names()->longest_form() && at >= lower + k; ++k)
        if (known_form_at(text, at - k, end) > k) return true;
    return false;
}

std::size_t name_chain_end(std::u32string_view text, std::size_t begin, std::size_t end) {
    const auto ends = name_chain_units(text, begin, end);
    return ends.empty() ? begin : ends.back();
}

// 市区 (a city's districts: 天津市区结对帮扶…) is no place; 沙市区 is.
bool is_generic(std::u32string_view name) {
    return name == U"地区" || name == U"市区" || contains_any(name, kGeneric);
}

bool read_name(std::u32string_view text, std::size_t begin, std::size_t end, Strictness strictness, Name& out) {
    trim(text, begin, end);
    if (begin >= end) return false;
    out = Name{};
    out.begin = begin;
    out.end = end;
    // Trailing annotations: 赣州市(赣闽粤原中央苏区), 深圳市(广东)(2022年起).
    std::vector<std::u32string_view> annotations;
    std::size_t core_end = end;
    while (core_end > begin && text[core_end - 1] == U')') {
        const std::size_t open = matching_open(text, begin, core_end);
        if (open == std::u32string_view::npos) return false;
        annotations.push_back(text.substr(open + 1, core_end - open - 2));
        core_end = open;
        while (core_end > begin && is_space(text[core_end - 1])) --core_end;
    }
    for (auto it = annotations.rbegin(); it != annotations.rend(); ++it) classify_annotation(*it, out);
    // Space-separated tokens: a full name first is kept and the rest (stray
    // words) dropped; otherwise the tokens are one name spaced out (PDF text).
    std::vector<std::u32string_view> tokens;
    for (std::size_t i = begin; i < core_end;) {
        while (i < core_end && is_space(text[i])) ++i;
        std::size_t j = i;
        while (j < core_end && !is_space(text[j])) ++j;
        if (j > i) tokens.push_back(text.substr(i, j - i));
        i = j;
    }
    if (tokens.empty()) return false;
    std::u32string core;
    if (tokens.size() > 1 && name_chain_end(tokens[0], 0, tokens[0].size()) == tokens[0].size() &&
        name_is_acceptable(tokens[0], Strictness::Certain)) {
        core = tokens[0];
    } else {
        for (auto t : tokens) core += t;
    }
    if (!name_is_acceptable(core, strictness)) return false;
    out.name = std::move(core);
    split_prefixes(out);
    return true;
}

bool read_name_list(std::u32string_view text, std::size_t begin, std::size_t end, Strictness strictness, bool prose,
                    std::vector<Name>& out) {
    constexpr std::size_t kNone = static_cast<std::size_t>(-1);
    out.clear();
    // Items at depth-0 separators.
    std::vector<std::pair<std::size_t, std::size_t>> items;
    int depth = 0;
    std::size_t item_begin = begin;
    for (std::size_t i = begin; i < end; ++i) {
        const char32_t c = text[i];
        if (c == U'(') ++depth;
        else if (c == U')') depth = std::max(0, depth - 1);
        else if (depth == 0 && (c == U'、' || c == U',' || c == U';' || c == U'/')) {
            items.emplace_back(item_begin, i);
            item_begin = i + 1;
        }
    }
    items.emplace_back(item_begin, end);
    // Within an item, 和 及 与 以及 join names only after a complete name (呼和浩特市 stays whole).
    std::vector<std::pair<std::size_t, std::size_t>> pieces;
    std::size_t under = kNone;  // the piece whose own units the later pieces are (及其下辖)
    for (auto [b, e] : items) {
        std::size_t piece_begin = b;
        for (std::size_t i = b + 1; i < e; ++i) {
            const std::size_t width = starts_with_at(text, i, U"以及") ? 2 : 1;
            if (width == 1 && text[i] != U'和' && text[i] != U'及' && text[i] != U'与') continue;
            std::size_t left_end = i;
            while (left_end > piece_begin && is_space(text[left_end - 1])) --left_end;
            if (left_end == piece_begin) continue;
            const char32_t before = text[left_end - 1];
            const std::u32string_view so_far = text.substr(piece_begin, left_end - piece_begin);
            // 湖北恩施和贵州黔东南: a chain of known units (湖北 + 恩施) is complete too.
            const bool known_chain = known_names() && name_chain_end(text, piece_begin, left_end) == left_end &&
                                     known_name_at(text, piece_begin, left_end);
            // 兵团2个师和霍尔果斯…: a count of a place's units (N个师, 三县) ends an item too.
            const bool counted =
                count_start_before(text, piece_begin, left_end, {U"县", U"市", U"区", U"师", U"旗", U"州"}) < left_end;
            if (before != U')' && !is_suffix_char(before) && known_units(so_far).empty() && !is_province_name(so_far) &&
                !known_chain && !counted)
                continue;
            pieces.emplace_back(piece_begin, i);
            piece_begin = i + width;
            i += width - 1;
            // 日喀则市及其下辖桑珠孜、白朗: the names after 及其下辖 are the previous name's own units.
            for (std::u32string_view own : {U"其下辖", U"其所辖", U"下辖", U"所辖"})
                if (starts_with_at(text.substr(0, e), piece_begin, own)) {
                    piece_begin += own.size();
                    i += own.size();
                    under = pieces.size() - 1;
                    break;
                }
        }
        pieces.emplace_back(piece_begin, e);
    }
    // A count after the last item (苍南、永嘉、平阳三县) says every item is a place.
    bool typed = false;
    if (prose && !pieces.empty()) typed = drop_trailing_count(text, pieces.back().first, pieces.back().second);
    std::u32string carried_province, carried_parent;  // a prefix carries over: 四川省甘孜州、阿坝州
    for (auto [b, e] : pieces) {
        Name name;
        trim(text, b, e);
        // *冈市: a name a censoring filter masked is no name, but the list goes on.
        if (prose && b < e && (text[b] == U'*' || text[b] == U'×')) continue;
        // 贵州省安顺经济技术开发区: a zone named after its place is not the place.
        static constexpr std::u32string_view kZones[] = {U"开发区", U"高新区", U"园区", U"工业园", U"示范区",
                                                        U"试验区", U"合作区", U"保税区"};
        const std::size_t piece_start = b, piece_end = e;  // clang: a lambda may not capture a structured binding
        if (prose && std::any_of(std::begin(kZones), std::end(kZones), [&](std::u32string_view zone) {
                return piece_end - piece_start > zone.size() && ends_with_at(text, piece_end, zone);
            }))
            continue;
        if (prose) {
            drop_trailing_count(text, b, e);
            if (!read_leading_name(text, b, e, name)) {
                trim(text, b, e);
                const std::u32string_view item = text.substr(b, e - b);
                if (!typed || item.size() < 2 || item.size() > 6 || !all_cjk(item) || is_generic(item)) {
                    if (out.empty()) return false;
                    break;  // prose goes on after the list: 朝阳区、海淀区相继展开了互惠、合作探索
                }
                name = Name{};
                name.name = item;
                name.begin = b;
                name.end = e;
            }
        } else if (!read_name(text, b, without_unit_counts(text, b, e), strictness, name)) {
            return false;
        }
        const bool prefixed = !name.province.empty() && name.begin < name.end &&
                              starts_with_at(text, name.begin, name.province);
        if (prefixed) {
            carried_province = name.province;
            carried_parent = name.parent;
        } else if (name.province.empty() && name.parent.empty()) {
            name.province = carried_province;
            name.parent = carried_parent;
        }
        if (!name.parent.empty() && starts_with_at(text, name.begin, name.parent)) carried_parent = name.parent;
        if (under != kNone && out.size() == under) {  // this name is the parent of the names after it
            carried_parent = name.name;
            carried_province = name.province;
        }
        // 河北保定张家口, 湖北恩施贵州黔东南: known names run together without a
        // separator, each a place, when they fill the item to its end.
        std::vector<Name> run;
        std::size_t pos = name.end;
        if (prose && known_names())
            while (pos < e && known_name_at(text, pos, e)) {
                const std::size_t chain = name_chain_end(text, pos, e);
                Name more;
                if (chain == pos || !read_leading_name(text, pos, chain, more)) break;
                if (more.province.empty() && more.parent.empty()) more.province = carried_province;
                if (!more.province.empty() && starts_with_at(text, more.begin, more.province))
                    carried_province = more.province;
                run.push_back(std::move(more));
                pos = chain;
            }
        while (pos < e && is_space(text[pos])) ++pos;
        out.push_back(std::move(name));
        if (pos == e) out.insert(out.end(), run.begin(), run.end());
    }
    return !out.empty();
}

namespace {

// True when a name can end at `pos`: a suffix, a closing bracket, or a known name (宁波, 山东).
bool name_can_end_at(std::u32string_view text, std::size_t clause_begin, std::size_t pos) {
    if (pos <= clause_begin) return false;
    const char32_t before = text[pos - 1];
    if (before == U')' || is_suffix_char(before) || before == U'师') return true;
    for (std::size_t n = 2; n <= 4 && pos - clause_begin >= n; ++n) {
        const std::u32string_view form = text.substr(pos - n, n);
        if (is_province_name(form) || !known_units(form).empty()) return true;
    }
    if (known_names()) {
        // Only the lengths of forms that end with this character.
        std::uint64_t lengths = known_names()->lengths_to(before) & ~std::uint64_t(0x1F);  // 5 and more
        for (std::size_t n = 5; lengths >> n && pos - clause_begin >= n; ++n)
            if ((lengths >> n & 1) && !known_units(text.substr(pos - n, n)).empty()) return true;
    }
    return false;
}

// True when the first unit of a name at text[s, e) is a place the reader knows
// (a province, a dictionary name, a division), not a stem that merely ends in a suffix.
bool starts_with_known_unit(std::u32string_view text, std::size_t s, std::size_t e) {
    Level level = Level::County;
    const std::size_t unit_end = unit_at(text, s, e, level);
    if (unit_end == s) return false;
    const std::u32string_view form = text.substr(s, unit_end - s);
    return is_province_name(form) || !known_units(form).empty() || division_at(text, s, e) == unit_end ||
           starts_with_at(form, 0, U"兵团") || starts_with_at(form, 0, U"新疆生产建设兵团");
}

}  // namespace

bool read_name_before(std::u32string_view text, std::size_t clause_begin, std::size_t end, Name& out) {
    // Adverbs and organ words between the name and the word that follows it:
    // 深圳市则和, 上海市已经帮扶, 宁波结对合作帮扶, 保定市政府和, 深圳则单列对口支援, A、B联合帮扶.
    static const std::array<std::u32string_view, 37> kAdverbs = {
        U"日前", U"近日", U"目前", U"随即", U"进一步", U"深化",
        U"已经", U"正式", U"分别", U"共同", U"主动", U"继续", U"积极", U"长期", U"先后", U"首次", U"将", U"则",
        U"也", U"还", U"已", U"均", U"负责", U"开始", U"单列", U"率先", U"正在", U"结对", U"合作", U"对口",
        U"人民政府", U"政府", U"党委", U"市委", U"省委", U"等地", U"联合"};
    std::size_t e = end;
    // 深圳、青岛、大连、宁波等四个计划单列市帮贵州: the name ends at 等.
    for (std::size_t k = e; k > clause_begin && e - k < 12; --k)
        if (text[k - 1] == U'等' && k < e && (is_numeral(text[k]) || text[k] == U'个')) {
            e = k - 1;
            break;
        }
    std::size_t name_span_end = 0;
    std::vector<std::u32string_view> annotations;
    for (bool changed = true; changed;) {
        changed = false;
        while (e > clause_begin && is_space(text[e - 1])) --e;
        if (e > clause_begin && text[e - 1] == U')') {
            const std::size_t open = matching_open(text, clause_begin, e);
            if (open == std::u32string_view::npos) return false;
            annotations.push_back(text.substr(open + 1, e - open - 2));
            if (name_span_end == 0) name_span_end = e;
            e = open;
            changed = true;
            continue;
        }
        // A count after the last name: 信宜市、高州市和化州市三市共同帮扶, 上海、山东、吉林、黑龙江四省市援藏.
        // 天津市3个区结对帮扶平凉市5个县: a group of one place's districts, not a list.
        if (const std::size_t k = count_start_before(text, clause_begin, e,
                                                     {U"省市", U"省区", U"城市", U"地市", U"市州", U"区县", U"县区",
                                                      U"县市", U"市", U"县", U"区", U"省"});
            k < e && text.substr(clause_begin, k - clause_begin).find(U'、') != std::u32string_view::npos &&
            name_can_end_at(text, clause_begin, k)) {
            e = k;
            changed = true;
            continue;
        }
        // Dates between the name and the word after it: 分别于2015年、2017年与.
        {
            std::size_t k = e;
            bool digits = false;
            for (; k > clause_begin && (is_digit(text[k - 1]) || std::u32string_view(U"年月日、").find(text[k - 1]) != std::u32string_view::npos); --k)
                digits = digits || is_digit(text[k - 1]);
            if (digits && k < e && k > clause_begin + 1 && text[k - 1] == U'于') {
                e = k - 1;
                changed = true;
                continue;
            }
        }
        // Adverbs chain (也分别, 日前分别): strip them all, then a name must end there.
        std::size_t stripped = e;
        for (bool more = true; more;) {
            more = false;
            for (std::u32string_view adverb : kAdverbs)
                if (ends_with_at(text, stripped, adverb) && stripped - adverb.size() > clause_begin) {
                    stripped -= adverb.size();
                    more = true;
                    break;
                }
        }
        if (stripped < e && name_can_end_at(text, clause_begin, stripped)) {
            e = stripped;
            name_span_end = 0;  // the annotation, if any, comes before the adverb
            annotations.clear();
            changed = true;
        }
    }
    // Walk back to a function word, a non-CJK character or the clause start.
    // 联合 (佛山市联合江门市帮扶) joins two names on one side, never part of a name.
    static const std::array<std::u32string_view, 61> kBreakWords = {  // NOLINT
        U"其中", U"以来", U"以及", U"同时", U"此外", U"另外", U"还有", U"确定", U"明确", U"安排", U"决定",
        U"目前", U"近日", U"今年", U"去年", U"近年来", U"按照", U"根据", U"通过", U"经过", U"开始", U"进一步",
        U"推动", U"支持", U"鼓励", U"指导", U"组织", U"负责", U"承担", U"建立", U"开展", U"结合", U"包括",
        U"并且", U"而且", U"我们", U"一起", U"之间", U"方面", U"方案", U"通知", U"提出", U"要求", U"实现",
        U"对口", U"帮扶", U"支援", U"援助", U"援建", U"合作", U"协作", U"结对", U"已经", U"正式", U"分别",
        U"共同", U"主动", U"继续", U"积极", U"长期", U"联合"};
    static const std::u32string_view kBreakChars = U"其的是为在对向了并及等被让使要已也还均而就又再与由把给跟或";
    std::size_t lo = e;
    while (lo > clause_begin && e - lo < kMaxName) {
        const char32_t c = text[lo - 1];
        // 崇左市天等县: 等 inside a known name does not end it.
        if (!is_cjk(c) || (kBreakChars.find(c) != std::u32string_view::npos &&
                           !(c == U'等' && known_name_over(text, clause_begin, lo - 1, e))))
            break;
        // 和 同 及 after a complete name join two names (上海市和江苏省); inside 呼和浩特市 they do not.
        if ((c == U'和' || c == U'同' || c == U'及') && lo >= clause_begin + 2 &&
            name_can_end_at(text, clause_begin, lo - 1))
            break;
        if (std::any_of(kBreakWords.begin(), kBreakWords.end(), [&](std::u32string_view w) {
                return w.back() == c && ends_with_at(text, lo, w) && lo - w.size() >= clause_begin;
            }))
            break;
        --lo;
    }
    // Pronouns (我省, 本市, 该市) are read as names and resolved from the document later.
    if (e >= clause_begin + 2 && is_pronoun(text.substr(e - 2, 2))) {
        out = Name{};
        out.name = text.substr(e - 2, 2);
        out.begin = e - 2;
        out.end = e;
        return true;
    }
    // "56个贫困县": a counted noun, not a name.
    if (lo < e && text[lo] == U'个') ++lo;
    // "2022年梅州市": a date unit right after digits is not part of the name.
    if (lo < e && lo > clause_begin && is_digit(text[lo - 1]) &&
        std::u32string_view(U"年月日号个对").find(text[lo]) != std::u32string_view::npos)
        ++lo;
    // The longest name that ends exactly at e, preferring one that starts
    // with a known place (记者随杭州市 -> 杭州市, 中黑龙江省 -> 黑龙江省).
    std::size_t best = e;
    for (std::size_t s = lo; s < e && best == e; ++s)
        if (name_chain_end(text, s, e) == e && !is_generic(text.substr(s, e - s)) && starts_with_known_unit(text, s, e))
            best = s;
    for (std::size_t s = (best < e ? best : lo); s < e; ++s) {
        if (name_chain_end(text, s, e) != e || word_run_into_known_name(text, s, e)) continue;
        std::u32string_view candidate = text.substr(s, e - s);
        if (is_generic(candidate)) continue;
        out = Name{};
        out.name = candidate;
        out.begin = s;
        out.end = name_span_end ? name_span_end : e;
        for (auto it = annotations.rbegin(); it != annotations.rend(); ++it) classify_annotation(*it, out);
        split_prefixes(out);
        return true;
    }
    return false;
}

ColumnRole column_role(std::u32string_view cell) {
    std::size_t b = 0, e = cell.size();
    trim(cell, b, e);
    while (e > b && (cell[e - 1] == U':' || cell[e - 1] == U')')) --e;
    while (b < e && cell[b] == U'(') ++b;
    cell = cell.substr(b, e - b);
    if (cell.empty()) return ColumnRole::Unknown;
    static const std::array<std::u32string_view, 14> kIgnored = {
        U"序", U"No", U"No.", U"#", U"序号", U"编号", U"备注", U"说明", U"省份", U"所属省份", U"年份", U"期限",
        U"合作期限", U"时间"};
    if (std::find(kIgnored.begin(), kIgnored.end(), cell) != kIgnored.end()) return ColumnRole::Ignored;
    if (cell.size() > 12) return ColumnRole::Unknown;
    static const std::array<std::u32string_view, 18> kRoleNouns = {
        U"方", U"城市", U"省市", U"地区", U"市", U"县", U"省", U"地", U"单位", U"市县", U"县市", U"区县",
        U"地市", U"城", U"区", U"州", U"名称", U"省份"};
    const bool role_noun = ends_with_any(cell, kRoleNouns);
    static const std::array<std::u32string_view, 8> kRecipient = {U"受援", U"受帮扶", U"被帮扶", U"受扶持",
                                                                  U"受助", U"被支援", U"接受帮扶", U"欠发达"};
    if (contains_any(cell, kRecipient) && role_noun) return ColumnRole::Recipient;
    const bool base_area = contains(cell, U"老区") || contains(cell, U"苏区");
    static const std::array<std::u32string_view, 5> kPlaceNouns = {U"城市", U"市", U"县", U"地市", U"市县"};
    if (base_area && ends_with_any(cell, kPlaceNouns)) return ColumnRole::Recipient;  // 革命老区城市
    static const std::array<std::u32string_view, 6> kPartner = {U"支援", U"帮扶", U"援助", U"援建", U"发达",
                                                                U"东部"};
    if (contains_any(cell, kPartner) && role_noun) return ColumnRole::Partner;
    // 结对区, 对口县: the side paired with the other column (read_header gives it the role left over).
    static const std::array<std::u32string_view, 2> kPaired = {U"结对", U"对口"};
    if (contains_any(cell, kPaired) && role_noun) return ColumnRole::Paired;
    static const std::array<std::u32string_view, 6> kRegion = {U"区域", U"片区", U"所属", U"类别", U"类型", U"所在"};
    if (base_area || contains_any(cell, kRegion)) return ColumnRole::Region;
    return ColumnRole::Unknown;
}

bool is_noise_line(std::u32string_view line) {
    std::size_t b = 0, e = line.size();
    trim(line, b, e);
    line = line.substr(b, e - b);
    if (line.empty()) return false;
    // Contact and byline blocks: a short label before a colon that starts or
    // ends with a contact word ("电话: ...", "全国免费咨询热线：", "梅州日报记者:").
    static const std::array<std::u32string_view, 26> kKeys = {
        U"地址", U"电话", U"传真", U"邮箱", U"邮编", U"网址", U"热线", U"联系人", U"联系方式", U"手机", U"微信",
        U"QQ", U"Email", U"E-mail", U"email", U"Tel", U"TEL", U"Fax", U"FAX", U"编辑", U"记者", U"通讯员",
        U"来源", U"作者", U"摄影", U"校对"};
    const std::size_t colon = line.find(U':');
    if (colon != std::u32string_view::npos && colon <= 12) {
        std::size_t label_end = colon;
        while (label_end > 0 && is_space(line[label_end - 1])) --label_end;
        const std::u32string_view label = line.substr(0, label_end);
        for (std::u32string_view key : kKeys)
            if (starts_with_at(label, 0, key) || ends_with_at(label, label.size(), key)) return true;
    }
    // Page numbers of PDF text: "- 3 -", "— 12 —", "3".
    if (std::all_of(line.begin(), line.end(), [](char32_t c) { return is_digit(c) || c == U'-' || is_space(c); }) &&
        std::any_of(line.begin(), line.end(), is_digit) && line.size() <= 12)
        return true;
    static const std::array<std::u32string_view, 5> kFooter = {U"Copyright", U"copyright", U"©", U"版权所有",
                                                               U"ICP备"};
    if (contains_any(line, kFooter)) return true;
    // Photo captions: "...火车站。(吴腾江摄)", "(资料图)", "图为...".
    if (starts_with_at(line, 0, U"图为") || starts_with_at(line, 0, U"图:")) return true;
    while (!line.empty() && (line.back() == U'。' || is_space(line.back()))) line.remove_suffix(1);
    if (!line.empty() && line.back() == U')') {
        const std::size_t open = matching_open(line, 0, line.size());
        if (open != std::u32string_view::npos) {
            std::u32string_view inner = line.substr(open + 1, line.size() - open - 2);
            static const std::array<std::u32string_view, 5> kCaption = {U"摄", U"供图", U"资料图", U"图片",
                                                                        U"图源"};
            if (contains_any(inner, kCaption)) return true;
        }
    }
    return false;
}

std::size_t numbering_length(std::u32string_view line, std::size_t at, bool& counted) {
    counted = true;
    std::size_t i = at;
    while (i < line.size() && is_space(line[i])) ++i;
    const std::size_t start = i;
    auto finish = [&](std::size_t j) {
        while (j < line.size() && is_space(line[j])) ++j;
        return j - at;
    };
    if (i >= line.size()) return 0;
    const char32_t c = line[i];
    // Bullets need a space after them ("- 赣州市——深圳市").
    if (std::u32string_view(U"-*•·●○■□◆◇▲►▪").find(c) != std::u32string_view::npos) {
        counted = false;
        if (i + 1 < line.size() && is_space(line[i + 1])) return finish(i + 1);
        return 0;
    }
    if ((c >= 0x2460 && c <= 0x2473) || (c >= 0x2474 && c <= 0x249B)) return finish(i + 1);  // ① ⑴ ⒈
    auto numeral_run = [&](std::size_t j, bool digits) {
        std::size_t k = j;
        while (k < line.size() && k - j < 3 &&
               (digits ? is_digit(line[k])
                       : std::u32string_view(U"一二三四五六七八九十").find(line[k]) != std::u32string_view::npos))
            ++k;
        return k;
    };
    if (c == U'(') {
        for (bool digits : {true, false}) {
            const std::size_t k = numeral_run(i + 1, digits);
            if (k > i + 1 && k < line.size() && line[k] == U')') return finish(k + 1);
        }
        return 0;
    }
    for (bool digits : {true, false}) {
        const std::size_t k = numeral_run(start, digits);
        if (k == start || k >= line.size()) continue;
        const char32_t after = line[k];
        const bool mark = after == U'.' || after == U'、' || after == U')' || (digits && after == U':');
        // "0.8104" and "2022.3" are numbers, not list numbers.
        if (mark && !(k + 1 < line.size() && is_digit(line[k + 1]))) return finish(k + 1);
    }
    return 0;
}

}  // namespace duikou::io::text_detail

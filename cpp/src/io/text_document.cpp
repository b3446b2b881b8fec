// Text extractor, document-level evidence: the places each line names and
// their parents, the sides' provinces and levels for the programs'
// conventions, and the lines that named places without a pair.
#include <algorithm>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "text_extractor.hpp"

namespace duikou::io::text_detail {

namespace {

// Which side of a program a province is on: +1 the developed east that helps,
// -2 the west and the frontier that are helped (东西部协作, 援疆, 援藏),
// -1 the provinces in between (helped in 东北, 三峡, 革命老区 programs, helping none). 0: unknown.
int tier_of(std::u32string_view province) {
    static const std::u32string_view kEast[] = {U"北京", U"天津", U"上海", U"江苏", U"浙江", U"福建", U"山东", U"广东"};
    static const std::u32string_view kWest[] = {U"新疆", U"西藏", U"青海", U"宁夏", U"甘肃", U"云南", U"贵州",
                                                U"四川", U"重庆", U"广西", U"内蒙古", U"陕西", U"兵团"};
    if (province.empty()) return 0;
    for (auto p : kEast)
        if (province == p) return +1;
    for (auto p : kWest)
        if (province == p) return -2;
    return -1;
}

}  // namespace

std::vector<std::u32string> Extractor::parents_of(const Name& name) const {
    std::vector<std::u32string> out;
    auto add = [&](std::u32string_view p) {
        if (p.empty()) return;
        std::u32string s = stem_of(p);
        if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
    };
    add(name.parent);
    add(name.province);
    const auto learned = learned_parent_.find(stem_of(name.name));
    if (learned != learned_parent_.end()) add(learned->second);
    if (const PlaceNames* known = known_names()) {
        for (std::uint32_t id : known_units(name.name)) {
            add(known->unit(id).prefecture == known->unit(id).name ? std::u32string() : known->unit(id).prefecture);
            add(known->unit(id).province);
        }
    }
    return out;
}

int Extractor::province_tier(const Name& name) const {
    // The name itself, its prefixes, what the document wrote before it, the dictionary.
    int tier = tier_of(province_prefix(name.name));
    if (tier == 0 && is_province_name(name.name)) tier = tier_of(province_prefix(name.name));
    for (const std::u32string& parent : parents_of(name)) {
        if (tier != 0) break;
        tier = tier_of(province_prefix(parent));
        if (tier == 0 && known_names())
            for (std::uint32_t id : known_units(parent)) {
                tier = tier_of(province_prefix(known_names()->unit(id).province));
                if (tier != 0) break;
            }
    }
    return tier;
}

int Extractor::level_rank(const Name& name) const {
    if (is_province_name(name.name)) return 0;
    int rank = -1;
    if (const PlaceNames* known = known_names())
        for (std::uint32_t id : known_units(name.name)) {
            const auto l = known->unit(id).level;
            const int r = l == PlaceNames::Level::Province ? 0 : l == PlaceNames::Level::County ? 2 : 1;
            rank = rank < 0 ? r : std::min(rank, r);
        }
    if (rank >= 0) return rank;
    const std::u32string_view n = name.name;
    if (ends_with_at(n, n.size(), U"省") || ends_with_at(n, n.size(), U"自治区")) return 0;
    if (ends_with_at(n, n.size(), U"县") || ends_with_at(n, n.size(), U"区") || ends_with_at(n, n.size(), U"旗"))
        return 2;
    if (n.find(U'师') != std::u32string_view::npos || ends_with_at(n, n.size(), U"州") ||
        ends_with_at(n, n.size(), U"盟") || ends_with_at(n, n.size(), U"地区"))
        return 1;
    return -1;  // 市: a prefecture or a county-level city
}

bool Extractor::helper_named_first() const {
    static const std::u32string_view kWords[] = {U"对口支援", U"对口帮扶", U"结对帮扶", U"援建", U"援疆", U"援藏",
                                                 U"东西部", U"扶贫协作"};
    for (const WorkLine& line : lines_)
        for (auto w : kWords)
            if (line.text.find(w) != std::u32string::npos) return true;
    return false;
}

void Extractor::scan_names() {
    line_names_.assign(lines_.size(), {});
    line_name_starts_.assign(lines_.size(), {});
    // Characters a name follows in prose: punctuation, conjunctions, prepositions, the ends of pairing verbs.
    static const std::u32string_view kBefore = U"、,;:与和及同跟的在对向是为由把给从到赴往至扶援建助作帮";
    for (std::size_t li = 0; li < lines_.size(); ++li) {
        const std::u32string& t = lines_[li].text;
        auto& names = line_names_[li];
        // Where a known unit starts, computed once per position.
        std::vector<char> known(t.size() + 1, 0);
        for (std::size_t i = 0; i < t.size(); ++i) known[i] = is_cjk(t[i]) && known_name_at(t, i, t.size());
        for (std::size_t i = 0; i < t.size();) {
            if (!is_cjk(t[i])) {
                ++i;
                continue;
            }
            const bool after_known = i > 0 && known[i - 1];
            const bool boundary = i == 0 || !is_cjk(t[i - 1]) || kBefore.find(t[i - 1]) != std::u32string_view::npos ||
                                  (known[i] && !after_known);
            // 《…》中黑龙江省: the known name starts one character later.
            if (!boundary || (!known[i] && known[i + 1])) {
                ++i;
                continue;
            }
            Name name;
            if (read_name_at(t, i, t.size(), name) && name.begin == i && name.name.size() >= 2 &&
                !is_generic(name.name)) {
                const std::u32string s = stem_of(name.name);
                const std::u32string_view written_before = !name.parent.empty() ? name.parent : name.province;
                if (!written_before.empty()) learned_parent_.emplace(s, std::u32string(written_before));
                if (std::find(names.begin(), names.end(), name.name) == names.end()) {
                    names.push_back(name.name);
                    line_name_starts_[li].push_back(name.begin);
                }
                i = std::max(name.end, i + 1);
                continue;
            }
            ++i;
        }
    }
}

namespace {

// Official one-character abbreviations of provinces and of a few cities (沪, 甬 = 宁波): the stem each stands for.
std::u32string_view abbreviated(char32_t c) {
    static const std::pair<char32_t, std::u32string_view> kTable[] = {
        {U'京', U"北京"}, {U'津', U"天津"}, {U'沪', U"上海"}, {U'渝', U"重庆"}, {U'冀', U"河北"}, {U'晋', U"山西"},
        {U'辽', U"辽宁"}, {U'吉', U"吉林"}, {U'黑', U"黑龙江"}, {U'苏', U"江苏"}, {U'浙', U"浙江"}, {U'皖', U"安徽"},
        {U'闽', U"福建"}, {U'赣', U"江西"}, {U'鲁', U"山东"}, {U'豫', U"河南"}, {U'鄂', U"湖北"}, {U'湘', U"湖南"},
        {U'粤', U"广东"}, {U'桂', U"广西"}, {U'琼', U"海南"}, {U'川', U"四川"}, {U'蜀', U"四川"}, {U'黔', U"贵州"},
        {U'滇', U"云南"}, {U'藏', U"西藏"}, {U'陕', U"陕西"}, {U'陇', U"甘肃"}, {U'青', U"青海"}, {U'宁', U"宁夏"},
        {U'新', U"新疆"}, {U'蒙', U"内蒙古"}, {U'甬', U"宁波"}, {U'穗', U"广州"}, {U'榕', U"福州"}, {U'鹭', U"厦门"},
        {U'筑', U"贵阳"}, {U'蓉', U"成都"}, {U'邕', U"南宁"}, {U'莞', U"东莞"}, {U'鹏', U"深圳"}};
    for (const auto& [k, stem] : kTable)
        if (k == c) return stem;
    return {};
}

}  // namespace

void Extractor::read_abbreviations() {
    static constexpr std::u32string_view kAbout[] = {U"对口", U"协作", U"合作", U"结对", U"帮扶", U"支援"};
    // The provinces and prefectures the document names or that hold the places it names, by stem.
    std::vector<std::u32string> places;
    auto add = [&](std::u32string stem) {
        if (stem.size() >= 2 && std::find(places.begin(), places.end(), stem) == places.end())
            places.push_back(std::move(stem));
    };
    bool any = false;
    for (std::size_t li = 0; li < lines_.size() && !any; ++li)
        for (auto w : kAbout) any = any || lines_[li].text.find(w) != std::u32string::npos;
    if (!any) return;
    for (const auto& names : line_names_)
        for (const auto& n : names) {
            Name name;
            name.name = n;
            // Provinces and prefectures only: 延 is 延边 (a parent), not the county-level 延吉 as well.
            const int rank = level_rank(name);
            if (rank == 0 || rank == 1) add(stem_of(n));
            for (auto& parent : parents_of(name)) add(std::move(parent));
        }
    // The one place a character stands for: its abbreviation, or the first character of its stem.
    auto place_of = [&](char32_t c, std::u32string& out) {
        int found = 0;
        const std::u32string_view table = abbreviated(c);
        for (const auto& p : places)
            if (p == table || p.front() == c) {
                if (found++ > 0 && p != out) return false;
                out = p;
            }
        return found > 0;
    };
    for (std::size_t li = 0; li < lines_.size(); ++li) {
        const std::u32string& t = lines_[li].text;
        for (std::size_t i = 0; i + 3 < t.size(); ++i) {
            if (!is_cjk(t[i]) || !is_cjk(t[i + 1])) continue;
            if (i > 0 && is_cjk(t[i - 1]) && std::u32string_view(U"年《的").find(t[i - 1]) == std::u32string_view::npos)
                continue;
            bool about = false;
            for (auto w : kAbout) about = about || starts_with_at(t, i + 2, w);
            std::u32string a, b;
            if (!about || !place_of(t[i], a) || !place_of(t[i + 1], b) || a == b) continue;
            // 甬延对口帮扶: which places pair, for membership (not a pair itself: an abbreviation).
            Statement st;
            st.line = li;
            st.hidden = true;
            st.left.resize(1);
            st.right.resize(1);
            st.left[0].name = a;
            st.left[0].begin = i;
            st.left[0].end = i + 1;
            st.right[0].name = b;
            st.right[0].begin = i + 1;
            st.right[0].end = i + 2;
            statements_.push_back(std::move(st));
            notes_.push_back({li, "an abbreviation of two places (" + to_utf8(a) + ", " + to_utf8(b) + "), not a pair"});
        }
    }
}

void Extractor::resolve_pronouns() {
    auto level_char = [](std::u32string_view name) -> char32_t {
        if (is_province_name(name) || ends_with_at(name, name.size(), U"省")) return U'省';
        return name.empty() ? 0 : name.back();
    };
    auto not_pronoun = [](const std::u32string& name) {
        return name.size() > 2 || std::u32string_view(U"我本该").find(name[0]) == std::u32string_view::npos;
    };
    // The places of each level in document order (line, start, name), once:
    // a pronoun then costs a binary search, not a pass over the document.
    struct Place {
        std::size_t line, start;
        const std::u32string* name;
    };
    // The issuer: a short line naming a place and its government, party committee or paper
    // (宁波市人民政府办公厅, 中共遵义市委, 宁波日报), at the head of the page or in its signature.
    std::u32string issuer;
    static constexpr std::u32string_view kIssuers[] = {U"人民政府", U"政府", U"委员会", U"市委", U"省委", U"区委",
                                                       U"县委", U"州委", U"日报", U"晚报", U"融媒体中心", U"电视台",
                                                       U"发展和改革", U"乡村振兴局", U"扶贫开发", U"协作办"};
    for (std::size_t li = 0; li < lines_.size() && issuer.empty(); ++li) {
        std::u32string_view t = lines_[li].text;
        while (!t.empty() && is_space(t.front())) t.remove_prefix(1);
        while (!t.empty() && is_space(t.back())) t.remove_suffix(1);
        if (t.empty() || t.size() > 30) continue;
        if (starts_with_at(t, 0, U"中共")) t.remove_prefix(2);
        Name n;
        if (!read_name_at(t, 0, t.size(), n) || n.begin != 0) continue;
        // 中共遵义市委: the chain may have taken 市 of 市委 (遵义市) or not.
        std::size_t at = n.end;
        for (auto w : kIssuers)
            if (starts_with_at(t, at, w) || (at > 0 && starts_with_at(t, at - 1, w) && w.size() == 2 && w[0] == t[at - 1])) {
                issuer = n.name;
                break;
            }
    }
    std::unordered_map<char32_t, std::vector<Place>> by_level;
    for (std::size_t li = 0; li < line_names_.size(); ++li)
        for (std::size_t k = 0; k < line_names_[li].size(); ++k)
            if (not_pronoun(line_names_[li][k]))
                by_level[level_char(line_names_[li][k])].push_back({li, line_name_starts_[li][k], &line_names_[li][k]});
    // 我们 in a quote: the place of the speaker, whose title gives its level (副州长介绍,“…与我们结对…”):
    // the last place of that level named before the title. Without one the statement is set aside.
    auto last_before = [&](char32_t level, std::size_t line, std::size_t at) -> const std::u32string* {
        const auto places = by_level.find(level);
        if (places == by_level.end()) return nullptr;
        const std::vector<Place>& list = places->second;
        const auto after = std::lower_bound(list.begin(), list.end(), std::make_pair(line, at),
                                            [](const Place& p, const std::pair<std::size_t, std::size_t>& where) {
                                                return p.line < where.first ||
                                                       (p.line == where.first && p.start < where.second);
                                            });
        if (after == list.begin()) return nullptr;
        return std::prev(after)->name;
    };
    for (Statement& st : statements_)
        for (auto* side : {&st.left, &st.right})
            for (Name& n : *side) {
                if (n.name == U"我们") {
                    const std::u32string_view t = lines_[st.line].text;
                    const std::u32string* place = nullptr;
                    for (std::size_t k = std::min(n.begin, t.size()); !place && k-- > 1;)
                        if (t[k] == U'长' && std::u32string_view(U"省市区州县").find(t[k - 1]) != std::u32string_view::npos) {
                            // named before the title, which is no place itself (副县长 is not 副县)
                            const std::size_t title = k - 1 - (k >= 2 && t[k - 2] == U'副');
                            place = last_before(t[k - 1], st.line, title);
                        }
                    if (place) n.name = *place;
                    else st.hidden = true;
                    continue;
                }
                if (n.name.size() != 2) continue;
                const char32_t who = n.name[0], level = n.name[1];
                if (std::u32string_view(U"我本该").find(who) == std::u32string_view::npos ||
                    std::u32string_view(U"省市区州县").find(level) == std::u32string_view::npos)
                    continue;
                const auto places = by_level.find(level);
                if (places == by_level.end()) continue;
                const std::vector<Place>& list = places->second;
                if (who == U'该') {  // the last place of that level named before it
                    const auto after = std::lower_bound(list.begin(), list.end(), std::make_pair(st.line, n.begin),
                                                        [](const Place& p, const std::pair<std::size_t, std::size_t>& at) {
                                                            return p.line < at.first ||
                                                                   (p.line == at.first && p.start < at.second);
                                                        });
                    if (after != list.begin()) n.name = *std::prev(after)->name;
                } else if (!issuer.empty() && level_char(issuer) == level) {  // the issuer that signs the page
                    n.name = issuer;
                } else {  // else the first place of that level the document names
                    n.name = *list.front().name;
                }
            }
}

void Extractor::unread_lines(TextExtraction& out, const std::vector<bool>& line_has_pair) const {
    for (std::size_t li = 0; li < lines_.size(); ++li) {
        const auto& names = line_names_[li];
        if (line_has_pair[li]) continue;
        std::unordered_set<std::u32string> distinct;
        for (const auto& n : names) distinct.insert(stem_of(n));
        if (distinct.size() < 2) continue;
        std::string reason;
        for (const Warning& w : warnings_)
            if (w.line == li) reason = w.reason;
        for (const LineNote& note : notes_)
            if (reason.empty() && note.line == li) reason = note.reason;
        if (reason.empty()) reason = "places named without a pairing statement (no verb, list, table or header pairs them)";
        std::string joined;
        for (const auto& n : names) joined += (joined.empty() ? "" : "、") + to_utf8(n);
        out.unread.push_back({first_line_of(li), original_text(li), std::move(joined), std::move(reason)});
    }
}

}  // namespace duikou::io::text_detail

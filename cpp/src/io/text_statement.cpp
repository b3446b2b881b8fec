// Text extractor, prose statements: directed verbs, 由, symmetric 与/和 clauses.
#include <algorithm>
#include <functional>
#include <optional>
#include <unordered_map>

#include "duikou/io/error.hpp"
#include "text_extractor.hpp"

namespace duikou::io::text_detail {

namespace {

// Directed verbs, longest first: the subject is the partner. 结对 alone is
// directed only with an object right after it (无锡结对连云港); A与B结对 is symmetric.
constexpr std::u32string_view kDirectedVerbs[] = {
    U"对口帮扶", U"结对帮扶", U"对口支援", U"对口援助", U"对口援建", U"对口合作", U"对口协作", U"定点帮扶",
    U"结对支援", U"帮扶", U"支援", U"援助", U"援建", U"援藏", U"援疆", U"助力", U"结对", U"帮"};
// Words that start the predicate of a symmetric statement (A与B建立对口合作关系). 携手奔小康 is
// the name of the East-West county pairing campaign (携手奔小康行动), also written 手拉手奔小康:
// A与B手拉手奔小康 states a pair, while A与B携手举办展会 does not.
constexpr std::u32string_view kSymmetricStarts[] = {U"建立", U"结对", U"结为", U"结成", U"开展", U"对口",
                                                    U"形成", U"确立", U"签订", U"签署", U"缔结", U"正式",
                                                    U"共同", U"实施", U"达成", U"进行", U"启动", U"树立",
                                                    U"签约", U"挂钩", U"携手奔小康", U"手拉手奔小康"};
// 加强, 深化 start the predicate (A和B进一步加强扶贫协作) only before the name of a pairing
// program, as 开展 does before any: A和B加强合作, 深化交流 are any cooperation.
constexpr std::u32string_view kLightVerbs[] = {U"加强", U"深化", U"巩固", U"推进"};
constexpr std::u32string_view kProgramNouns[] = {U"扶贫协作", U"东西部协作", U"东西部扶贫协作", U"山海协作",
                                                 U"对口", U"结对", U"帮扶", U"支援"};

// The words after a count of a place's own units (该市11个镇, 天津市3个区, 两省): the name
// before the count stands for a group, not for itself.
constexpr std::u32string_view kUnitCountWords = U"个省市县区";

// A light verb at `at` before a pairing program's name (加强了扶贫协作): its length, else 0.
std::size_t light_verb_at(std::u32string_view text, std::size_t at) {
    for (std::u32string_view verb : kLightVerbs) {
        if (!starts_with_at(text, at, verb)) continue;
        std::size_t k = at + verb.size();
        if (k < text.size() && text[k] == U'了') ++k;
        for (std::u32string_view noun : kProgramNouns)
            if (starts_with_at(text, k, noun)) return verb.size();
    }
    return 0;
}
// ... and one of these must follow in the sentence, so that 与B开展交流 is not a pairing.
constexpr std::u32string_view kPairingWords[] = {U"对口", U"结对", U"合作", U"协作", U"帮扶", U"支援", U"挂钩",
                                                 U"携手奔小康", U"手拉手奔小康"};
// Relations that are not pairings: friendship, exchange, visits, meetings.
constexpr std::u32string_view kNotPairing[] = {U"友好", U"交流", U"座谈", U"会见", U"考察", U"调研", U"走进",
                                               U"前往", U"访问", U"互访", U"代表团"};

bool contains(std::u32string_view text, std::u32string_view word) { return text.find(word) != std::u32string_view::npos; }

template <std::size_t N>
bool contains_any(std::u32string_view text, const std::u32string_view (&words)[N]) {
    for (auto w : words)
        if (contains(text, w)) return true;
    return false;
}

// True when a directed verb ends right at `end` (对口帮扶|黔西南州).
bool ends_with_directed_verb(std::u32string_view text, std::size_t end);

std::size_t directed_verb_at(std::u32string_view text, std::size_t at) {
    // 帮助 (to help with something: 帮助万州安置移民) is not the pairing verb 帮.
    if (starts_with_at(text, at, U"帮助")) return 0;
    for (std::u32string_view verb : kDirectedVerbs)
        if (starts_with_at(text, at, verb)) return verb.size();
    // Bare 对口 before a place is the verb itself, short for 对口帮扶 in East-West summaries
    // (苏州对口铜仁市: 苏州 helps 铜仁); before anything else it starts a word (对口单位, 对口关系).
    if (starts_with_at(text, at, U"对口") &&
        (known_name_at(text, at + 2, text.size()) || !province_prefix(text.substr(at + 2)).empty()))
        return 2;
    // 扶贫协作 before a known place is used the same way (要把扶贫协作武隆区脱贫当成…: help 武隆区).
    if (starts_with_at(text, at, U"扶贫协作") && known_name_at(text, at + 4, text.size())) return 4;
    return 0;
}

bool ends_with_directed_verb(std::u32string_view text, std::size_t end) {
    for (std::u32string_view verb : kDirectedVerbs)
        if (ends_with_at(text, end, verb) && directed_verb_at(text, end - verb.size()) > 0) return true;
    return false;
}

// "南京等12个设区市": a name followed by 等 and a count larger than the names listed up to
// it is one example of a group, not the group; "深圳、青岛、大连、宁波等四个计划单列市" lists it whole.
bool example_of_a_group(std::u32string_view c, const std::vector<Name>& side) {
    for (std::size_t i = 0; i < side.size(); ++i) {
        const std::size_t at = side[i].end;
        if (at + 1 >= c.size() || c[at] != U'等') continue;
        if (count_of_places_at(c, at + 1) > int(i + 1)) return true;
    }
    return false;
}

// Words between a clause's start and its verb when the subject is the
// sentence's (山东……,先后担负起对口支援日喀则市的重任).
std::size_t leading_auxiliaries(std::u32string_view c, std::size_t v) {
    static constexpr std::u32string_view kWords[] = {U"先后", U"相继", U"陆续", U"一直", U"长期", U"持续",
                                                     U"担负起", U"承担起", U"担负", U"承担", U"负责", U"开始"};
    std::size_t at = 0;
    for (bool more = true; more && at < v;) {
        more = false;
        for (auto w : kWords)
            if (starts_with_at(c.substr(0, v), at, w)) {
                at += w.size();
                more = true;
                break;
            }
    }
    return at;
}

// Words after an object that make it part of the name of a body (杭州援助来凤县工作队,
// 天津市对口支援新疆工作前方指挥部) or a unit below county level (青川的竹园镇): no pair.
bool object_is_part_of_a_body(std::u32string_view text, std::size_t end) {
    static constexpr std::u32string_view kBodies[] = {U"工作队", U"工作组", U"工作前方指挥部", U"前方指挥部",
                                                      U"指挥部", U"工作前指", U"前指"};
    for (auto w : kBodies)
        if (starts_with_at(text, end, w)) return true;
    if (end < text.size() && text[end] == U'的') {  // 青川的竹园镇: the clause ends with the town
        if (ends_with_at(text, text.size(), U"街道")) return true;
        const char32_t last = text.back();
        if (text.size() - end <= 8 && std::u32string_view(U"镇乡村").find(last) != std::u32string_view::npos) return true;
    }
    return false;
}

// How far before a dash the first name of a meeting's name may start (召开 + a name of 28).
constexpr std::size_t kMaxEventName = 32;

// How far a prose statement reaches from its verb or connector: ten names with
// their annotations. Bounds the work on long clauses without punctuation.
constexpr std::size_t kReach = 300;

// Clauses at depth-0 punctuation; a bracket that holds a statement of its own
// (另有厦门市帮甘肃省临夏州) is also read as a clause of the same sentence.
std::vector<Clause> clauses_of(std::u32string_view t, std::size_t b, std::size_t e) {
    std::vector<Clause> out(1);
    std::vector<Clause> asides;
    int depth = 0;
    std::size_t sentence = 0;
    for (std::size_t i = b; i < e; ++i) {
        const char32_t c = t[i];
        if (c == U'(') {
            if (depth == 0) asides.emplace_back();
            ++depth;
        } else if (c == U')') {
            depth = std::max(0, depth - 1);
        }
        if (depth == 0 && std::u32string_view(U"。;!?,:，；！？").find(c) != std::u32string_view::npos) {
            if (std::u32string_view(U"。!?！？").find(c) != std::u32string_view::npos) ++sentence;
            out.emplace_back();
            out.back().sentence = sentence;
            continue;
        }
        if (is_space(c) || c == U'\t') continue;
        out.back().text.push_back(c);
        out.back().at.push_back(i);
        if (depth > 0 && !(depth == 1 && c == U'(') && !asides.empty()) {
            asides.back().text.push_back(c);
            asides.back().at.push_back(i);
            asides.back().sentence = sentence;
        }
    }
    for (Clause& a : asides)
        if (a.text.size() >= 8 && !a.text.empty() && a.text.back() == U')') {
            a.text.pop_back();
            a.at.pop_back();
            out.push_back(std::move(a));
        }
    return out;
}

// A frame before the main clause: 在…(的)基础上, 在…的同时, 在…之后.
bool is_frame(std::u32string_view clause) {
    if (clause.size() < 4 || clause[0] != U'在') return false;
    for (std::u32string_view end : {U"基础上", U"的同时", U"之后", U"以后"})
        if (ends_with_at(clause, clause.size(), end)) return true;
    return false;
}

// A clause about the former arrangement (原先, 此前 …) in a sentence that states its change (调整为, 改为).
bool states_former(std::u32string_view clause, std::u32string_view sentence) {
    static constexpr std::u32string_view kFormer[] = {U"原先", U"原来", U"此前", U"过去", U"之前"};
    static constexpr std::u32string_view kChange[] = {U"调整为", U"改为", U"改由", U"调整由"};
    return contains_any(clause, kFormer) && !contains_any(clause, kChange) && contains_any(sentence, kChange);
}

}  // namespace

void Extractor::read_prose(std::size_t index, std::u32string_view t, std::size_t b, std::size_t e) {
    const std::vector<Clause> clauses = clauses_of(t, b, e);
    std::size_t k = 0;
    while (k < clauses.size()) {
        std::size_t end = k;
        std::u32string sentence;
        while (end < clauses.size() && clauses[end].sentence == clauses[k].sentence) sentence += clauses[end++].text;
        // The name each clause starts with (而盐津县,则是…: after a conjunction), in line indices.
        auto leading = [&](const Clause& cl) -> std::optional<Name> {
            const std::u32string_view ct = cl.text;
            const std::size_t lead = !ct.empty() && std::u32string_view(U"而但像").find(ct[0]) != std::u32string_view::npos;
            // 则和赣州市…, 也…: an adverb continues the subject before it (no place name starts so).
            if (!ct.empty() && std::u32string_view(U"则也还又就并").find(ct[0]) != std::u32string_view::npos)
                return std::nullopt;
            // 助力凉山州11个贫困县…: a clause that starts with its verb has no subject of its own.
            if (directed_verb_at(ct, lead) > 0) return std::nullopt;
            Name first;
            if (lead >= ct.size() || !read_name_at(ct, lead, ct.size(), first) || first.begin != lead) return std::nullopt;
            first.end = cl.at[first.end - 1] + 1;
            first.begin = cl.at[first.begin];
            return first;
        };
        // A clause without a subject of its own takes the subject of the nearest clause before it
        // that has one (Chinese drops a repeated subject): 山东……,先后担负起对口支援…; also after a
        // time phrase or a background clause (1996年,…合作开始,泉州市按照部署,先后选派…).
        std::optional<Name> subject;
        sentence_statements_ = statements_.size();
        for (std::size_t i = k; i < end; ++i) {
            if (auto own = leading(clauses[i])) subject = std::move(own);
            // 在对口帮扶A和B的基础上,宁波再担…: a frame before the main clause has the main
            // clause's subject, which comes after it.
            std::optional<Name> frame_subject;
            if (i + 1 < end && is_frame(clauses[i].text)) frame_subject = leading(clauses[i + 1]);
            if (i + 1 < end && read_positional(index, clauses[i], clauses[i + 1])) {
                ++i;
                continue;
            }
            const std::size_t before = statements_.size();
            if (!clauses[i].text.empty()) read_clause(index, clauses[i], sentence, frame_subject ? frame_subject : subject);
            // "X原先由…帮扶Y,现调整为由Z帮扶Y": the clause states the former arrangement.
            if (states_former(clauses[i].text, sentence)) end_former(before, sentence);
        }
        k = end;
    }
}

// A name followed by a word for its units (天津市区结对帮扶甘肃省县(区), 宁波市各区县与延边州各市县):
// the statement is about groups of places, not a pair of the two.
namespace {
bool names_a_group(std::u32string_view c, const Name& n) {
    // Read as one name without a dictionary: 天津市区, 甘肃省县 (沙市区 is a district: 沙市 is no known unit).
    const std::u32string_view whole = n.name;
    if (whole.size() >= 4 && (whole.back() == U'区' || whole.back() == U'县')) {
        const std::u32string_view head = whole.substr(0, whole.size() - 1);
        if (head.back() == U'省' || (head.back() == U'市' && (is_province_name(head) || !known_units(head).empty())))
            return true;
    }
    std::size_t at = n.end;
    // 各区县, 各市县 (承德各部门 is not a group of places).
    if (at + 1 < c.size() && c[at] == U'各' && std::u32string_view(U"区县市州旗").find(c[at + 1]) != std::u32string_view::npos)
        return true;
    static constexpr std::u32string_view kUnits[] = {U"区县", U"县区", U"市县", U"县市", U"区", U"县"};
    for (auto w : kUnits) {
        if (!starts_with_at(c, at, w)) continue;
        const std::size_t next = at + w.size();
        return next >= c.size() || !is_cjk(c[next]) ||
               std::u32string_view(U"与和及结对帮扶支援协作合作情况名单一览").find(c[next]) != std::u32string_view::npos;
    }
    return false;
}
}  // namespace

void Extractor::add_statement(std::size_t index, const Clause& clause, std::vector<Name> left,
                              std::vector<Name> right, int verb, StatementForm form) {
    bool group = false;
    for (const auto* side : {&left, &right})
        for (const Name& n : *side)
            if (!group && names_a_group(clause.text, n)) {
                notes_.push_back({index, "a statement about groups of places (" + to_utf8(n.name) +
                                             "'s districts or counties), not a pair"});
                group = true;
            }
    // Only on the helping side (either side when the verb does not say): a group that helps
    // (南京等12个设区市对口支援新疆) shares the work among its members, so none is said to help
    // the recipient; one partner helping a group (对口支援六安市等3个城市) helps each member named.
    for (const auto* side : {&left, &right})
        if (!group && (verb == 0 || (verb > 0) == (side == &left)) && example_of_a_group(clause.text, *side)) {
            notes_.push_back({index, "a group statement (" + to_utf8(side->front().name) +
                                         " and others, counted: 等N个), not a pair"});
            group = true;
        }
    for (auto* side : {&left, &right}) {
        // A name across a word space (标题 帮扶粤东西北 促区域) is two words, unless
        // every character is spaced out (PDF text).
        side->erase(std::remove_if(side->begin(), side->end(), [&](const Name& n) {
                        std::size_t gaps = 0;
                        for (std::size_t k = n.begin + 1; k < n.end; ++k) gaps += clause.at[k] != clause.at[k - 1] + 1;
                        return gaps > 0 && gaps + 1 < n.end - n.begin;
                    }),
                    side->end());
        for (Name& n : *side) {  // clause indices -> line indices
            n.begin = clause.at[n.begin];
            n.end = clause.at[n.end - 1] + 1;
        }
    }
    Statement st;
    st.form = form;
    st.line = index;
    st.left = std::move(left);
    st.right = std::move(right);
    st.verb = verb;
    st.ended = contains(clause.text, U"不再");
    // Kept hidden: which cities' units pair with which is evidence of membership.
    st.hidden = group;
    statements_.push_back(std::move(st));
}

void Extractor::add_prose(std::size_t index, const Clause& clause, std::vector<Name> left, std::vector<Name> right,
                          int verb) {
    add_statement(index, clause, std::move(left), std::move(right), verb);
}

// The statements from `first` on state a former arrangement that `sentence` changes: they
// ended, except recipients named again after the change while no new partner is (广东由原来结对
// 帮扶广西、四川…,调整为结对帮扶广西、贵州: 广西 continues; 原先由…帮扶榆社县,现调整为由介休市…: all end).
void Extractor::end_former(std::size_t first, std::u32string_view sentence) {
    static constexpr std::u32string_view kChange[] = {U"调整为", U"改为", U"改由", U"调整由"};
    std::size_t at = std::u32string_view::npos;
    for (auto w : kChange) at = std::min(at, sentence.find(w));
    const std::u32string_view after = sentence.substr(at == std::u32string_view::npos ? sentence.size() : at);
    const bool new_partner = after.find(U'由') != std::u32string_view::npos;
    const std::size_t last = statements_.size();
    for (std::size_t k = first; k < last; ++k) {
        Statement& st = statements_[k];
        st.ended = true;
        if (new_partner || st.verb == 0) continue;
        std::vector<Name>& recipients = st.verb > 0 ? st.right : st.left;
        std::vector<Name> kept, continuing;
        for (Name& n : recipients)
            (after.find(n.name) != std::u32string_view::npos ? continuing : kept).push_back(n);
        if (continuing.empty()) continue;
        Statement now = st;
        now.ended = false;
        (now.verb > 0 ? now.right : now.left) = std::move(continuing);
        recipients = std::move(kept);
        const bool drop = recipients.empty();
        statements_.push_back(std::move(now));
        if (drop) statements_[k].left.clear(), statements_[k].right.clear();
    }
    statements_.erase(std::remove_if(statements_.begin() + static_cast<std::ptrdiff_t>(first), statements_.end(),
                                     [](const Statement& st) { return st.left.empty() || st.right.empty(); }),
                      statements_.end());
}

// "此前分别由X、Y帮扶的A、B……调整为Z帮扶" (also 改为): the old pairs (X-A,
// Y-B) ended, the new partner Z helps A and B.
bool Extractor::read_replaced(std::size_t index, const Clause& clause) {
    const std::u32string_view c = clause.text;
    std::size_t change = c.find(U"调整为");
    std::size_t width = 3;
    if (change == std::u32string_view::npos) {
        change = c.find(U"改为");
        width = 2;
    }
    const std::size_t by = c.find(U'由');
    if (change == std::u32string_view::npos || by == std::u32string_view::npos || by > change) return false;
    if (const std::size_t verb = directed_verb_at(c, by + 1)) {
        // "S由援建X改为援建Y", "广东由结对帮扶四川、云南改为结对帮扶贵州": S helped X, now helps Y.
        Name subject, next;
        std::vector<Name> old_recipients;
        std::size_t after = change + width;
        if (after < c.size()) after += directed_verb_at(c, after);
        if (!read_name_before(c, 0, by, subject) ||
            !read_name_list(c, by + 1 + verb, change, Strictness::Certain, true, old_recipients) ||
            !read_name_at(c, after, c.size(), next) || next.begin != after)
            return false;
        for (const Name& old : old_recipients) {
            add_statement(index, clause, {subject}, {old}, +1);
            statements_.back().ended = true;
        }
        add_statement(index, clause, {subject}, {next}, +1);
        statements_.back().ended = false;
        return true;
    }
    std::size_t v = by + 1;
    while (v < change && directed_verb_at(c, v) == 0) ++v;
    if (v >= change) return false;
    const std::size_t vw = directed_verb_at(c, v);
    std::vector<Name> old_partners, recipients;
    if (!read_name_list(c, by + 1, v, Strictness::Certain, true, old_partners)) return false;
    std::size_t r = v + vw;
    if (r < change && c[r] == U'的') ++r;
    std::size_t r_end = r;
    while (r_end < change && c[r_end] != U'的') ++r_end;
    if (!read_name_list(c, r, r_end, Strictness::Certain, true, recipients)) return false;
    Name next;
    std::size_t after = change + width;
    if (after < c.size() && directed_verb_at(c, after)) after += directed_verb_at(c, after);  // 改为援建Y
    if (!read_name_at(c, after, c.size(), next)) return false;
    const bool respectively = old_partners.size() == recipients.size() && old_partners.size() > 1;
    for (std::size_t i = 0; i < recipients.size(); ++i) {
        std::vector<Name> partners = respectively ? std::vector<Name>{old_partners[i]} : old_partners;
        add_statement(index, clause, std::move(partners), {recipients[i]}, +1);
        statements_.back().ended = true;
    }
    const bool object_after = after > change + width;  // 改为援建Y: Y is the new recipient
    if (object_after) add_statement(index, clause, old_partners, {next}, +1);
    else add_statement(index, clause, {next}, recipients, +1);
    statements_.back().ended = false;
    return true;
}

// "宁波市各区县(市)与延边州各市县结对", "我市各县区同B州各县市开展结对": which cities' units pair
// with which, stated about groups. A hidden statement (see add_statement): evidence of membership.
bool Extractor::read_groups(std::size_t index, const Clause& clause) {
    const std::u32string_view c = clause.text;
    // The end of "各" and unit words (区县(市), 县(市、区)) after a name, or npos.
    auto units_end = [&](std::size_t at) {
        if (at + 1 >= c.size() || c[at] != U'各') return std::u32string_view::npos;
        std::size_t k = at + 1;
        while (k < c.size() && std::u32string_view(U"区县市旗州()、").find(c[k]) != std::u32string_view::npos) ++k;
        return k > at + 1 ? k : std::u32string_view::npos;
    };
    // A name (or 我市, resolved to the issuer later) ending right before 各.
    auto name_before = [&](std::size_t begin, std::size_t each, Name& out) {
        if (each == std::u32string_view::npos || each <= begin) return false;
        if (each - begin == 2 && std::u32string_view(U"我本").find(c[begin]) != std::u32string_view::npos &&
            std::u32string_view(U"省市区州县").find(c[begin + 1]) != std::u32string_view::npos) {
            out = Name{};
            out.name = c.substr(begin, 2);
            out.begin = begin;
            out.end = each;
            return true;
        }
        return read_name(c, begin, each, Strictness::Certain, out);
    };
    Name a, b;
    const std::size_t first = c.find(U'各');
    if (!name_before(0, first, a)) return false;
    const std::size_t with = units_end(first);
    if (with == std::u32string_view::npos || with >= c.size() ||
        std::u32string_view(U"与和同").find(c[with]) == std::u32string_view::npos)
        return false;
    const std::size_t second = c.find(U'各', with);
    if (!name_before(with + 1, second, b)) return false;
    const std::size_t rest = units_end(second);
    if (rest == std::u32string_view::npos) return false;
    static constexpr std::u32string_view kAbout[] = {U"结对", U"对口", U"帮扶", U"协作", U"合作", U"支援"};
    if (!contains_any(c.substr(rest), kAbout)) return false;
    add_statement(index, clause, {a}, {b}, 0);
    return true;
}

// "A、B、C、D负责结对支援的,是E、F、G和H" (also 分别是): partners and recipients
// in two clauses, paired by position.
bool Extractor::read_positional(std::size_t index, const Clause& first, const Clause& second) {
    const std::u32string_view a = first.text, b = second.text;
    if (a.size() < 4 || a.back() != U'的') return false;
    const std::size_t duty = a.rfind(U"负责");
    if (duty == std::u32string_view::npos || duty == 0) return false;
    bool verb = false;
    for (std::size_t v = duty + 2; v + 1 < a.size() && !verb; ++v) verb = directed_verb_at(a, v) > 0;
    std::size_t is = 0;
    if (starts_with_at(b, 0, U"分别")) is = 2;
    if (!verb || !starts_with_at(b, is, U"是")) return false;
    Clause both = first;
    both.text += second.text;
    both.at.insert(both.at.end(), second.at.begin(), second.at.end());
    std::vector<Name> partners, recipients;
    if (!read_name_list(both.text, 0, duty, Strictness::Certain, true, partners) ||
        !read_name_list(both.text, a.size() + is + 1, both.text.size(), Strictness::Certain, true, recipients))
        return false;
    if (partners.size() > 1 && partners.size() == recipients.size()) {
        const std::size_t block = kProseDashBlock + lines_.size() + statements_.size();
        for (std::size_t i = 0; i < partners.size(); ++i) {
            add_statement(index, both, {partners[i]}, {recipients[i]}, +1);
            statements_.back().block = block;
        }
    } else {
        add_statement(index, both, std::move(partners), std::move(recipients), +1);
    }
    return true;
}

// Passive and nominal phrasings, the recipient first: A得到B的对口支援, A接受B帮扶,
// A的对口合作城市为B, A是B对口支援的县, A(,)则是B对口帮扶的四县之一.
bool Extractor::read_nominal(std::size_t index, const Clause& clause, const std::optional<Name>& subject,
                             const std::function<bool(std::size_t, std::vector<Name>&)>& names_before,
                             const std::function<void(std::vector<Name>, std::vector<Name>, int)>& add) {
    const std::u32string_view c = clause.text;
    const std::size_t n = c.size();
    auto next_verb = [&](std::size_t from) {
        for (std::size_t v = from; v < n && v < from + kReach; ++v)
            if (directed_verb_at(c, v)) return v;
        return n;
    };
    // The recipients: the names before `at`, or the sentence's subject when
    // only adverbs come before it (盐津县,则是闵行区对口帮扶…之一).
    auto recipients_before = [&](std::size_t at, std::vector<Name>& out) {
        if (names_before(at, out)) return 1;
        std::size_t skip = 0;
        while (skip < at && std::u32string_view(U"则也就即正而").find(c[skip]) != std::u32string_view::npos) ++skip;
        return skip == at && subject ? 2 : 0;
    };
    auto emit = [&](std::size_t at, std::vector<Name> partners, int verb) {
        std::vector<Name> recipients;
        const int found = recipients_before(at, recipients);
        if (found == 0) return false;
        if (found == 2) {
            add_statement(index, clause, std::move(partners), {}, verb);
            statements_.back().right = {*subject};  // the subject is in line indices already
            return true;
        }
        add(std::move(recipients), std::move(partners), -verb);
        return true;
    };
    std::vector<Name> partners;
    // A得到B的对口支援
    if (const std::size_t p = c.find(U"得到"); p != std::u32string_view::npos && p > 0) {
        for (std::size_t q = p + 2; q + 1 < n && q < p + 2 + kReach; ++q)
            if (c[q] == U'的' && directed_verb_at(c, q + 1) &&
                read_name_list(c, p + 2, q, Strictness::Certain, true, partners) && emit(p, partners, +1))
                return true;
    }
    // A接受B帮扶
    if (const std::size_t p = c.find(U"接受"); p != std::u32string_view::npos && p > 0) {
        const std::size_t v = next_verb(p + 2);
        if (v < n && read_name_list(c, p + 2, v, Strictness::Certain, true, partners) && emit(p, partners, +1))
            return true;
    }
    // A的对口合作城市为B: a counterpart, direction from the document (0); A的对口支援城市是B: B helps A.
    if (const std::size_t p = c.find(U"的对口"); p != std::u32string_view::npos && p > 0) {
        for (std::size_t k = p + 3; k < n && k < p + 12; ++k) {
            if (c[k] != U'为' && c[k] != U'是') continue;
            const std::u32string_view what = c.substr(p + 3, k - p - 3);
            const bool counterpart = what.find(U"合作") != std::u32string_view::npos ||
                                     what.find(U"协作") != std::u32string_view::npos;
            if (read_name_list(c, k + 1, n, Strictness::Certain, true, partners) &&
                emit(p, partners, counterpart ? 0 : +1))
                return true;
            break;
        }
    }
    // A(持续增加)对B、C的对口援建项目: B and C are helped by A, the clause's leading
    // name (or the sentence's subject); 对口 itself is not the preposition.
    std::size_t q = 0;  // the next 的 before a verb: moves forward only, one pass over the clause
    for (std::size_t p = c.find(U'对'); p != std::u32string_view::npos && p + 1 < n; p = c.find(U'对', p + 1)) {
        if (c[p + 1] == U'口' || (p > 0 && std::u32string_view(U"针面相绝核应").find(c[p - 1]) != std::u32string_view::npos))
            continue;  // 对口, 针对, 面对, 相对: not the preposition
        q = std::max(q, p + 1);
        while (q < n && !(c[q] == U'的' && directed_verb_at(c, q + 1))) ++q;
        std::vector<Name> recipients;
        if (q >= n || q >= p + kReach || !read_name_list(c, p + 1, q, Strictness::Certain, true, recipients)) continue;
        std::vector<Name> partners;
        Name lead;
        if (names_before(p, partners)) {
            add(std::move(partners), std::move(recipients), +1);
        } else if (p > 0 && read_name_at(c, 0, p, lead) && lead.begin == 0) {
            add({lead}, std::move(recipients), +1);
        } else if (subject && p == 0) {
            add_statement(index, clause, {}, std::move(recipients), +1);
            statements_.back().left = {*subject};  // the subject is in line indices already
        } else {
            continue;
        }
        return true;
    }
    // 江苏援疆范围扩展为A、B, X的帮扶范围包括A、B: the places a partner's scope of aid covers.
    if (const std::size_t scope = c.find(U"范围"); scope != std::u32string_view::npos && scope >= 2) {
        static constexpr std::u32string_view kAid[] = {U"对口支援", U"对口帮扶", U"援疆", U"援藏", U"援建",
                                                       U"帮扶", U"支援", U"援助"};
        static constexpr std::u32string_view kChange[] = {U"扩展", U"扩大", U"调整", U"拓展", U"延伸"};
        static constexpr std::u32string_view kCovers[] = {U"为", U"到", U"至", U"包括", U"覆盖", U"涵盖"};
        std::size_t aid = std::u32string_view::npos;
        for (auto w : kAid)
            if (ends_with_at(c, scope, w)) {
                aid = scope - w.size();
                break;
            }
        std::size_t at = scope + 2;
        for (auto w : kChange)
            if (starts_with_at(c, at, w)) at += w.size();
        std::size_t covers = 0;
        for (auto w : kCovers)
            if (!covers && starts_with_at(c, at, w)) covers = w.size();
        std::vector<Name> recipients;
        if (aid != std::u32string_view::npos && covers &&
            read_name_list(c, at + covers, std::min(n, at + covers + kReach), Strictness::Certain, true, recipients)) {
            const std::size_t owner = aid > 0 && c[aid - 1] == U'的' ? aid - 1 : aid;
            if (names_before(owner, partners)) {
                add(std::move(partners), std::move(recipients), +1);
                return true;
            }
            if (owner == 0 && subject) {
                add_statement(index, clause, {}, std::move(recipients), +1);
                statements_.back().left = {*subject};  // the subject is in line indices already
                return true;
            }
        }
    }
    // A是B对口支援的县, A则是B对口帮扶…四县之一
    if (const std::size_t p = c.find(U'是'); p != std::u32string_view::npos) {
        const std::size_t v = next_verb(p + 1);
        if (v < n && c[v - 1] != U'受' && c[v - 1] != U'被') {  // 是…四个受帮扶县之一: no partner named
            const std::size_t after = v + directed_verb_at(c, v);
            const bool of = (after < n && c[after] == U'的') || c.find(U"之一", after) != std::u32string_view::npos;
            if (of && read_name_list(c, p + 1, v, Strictness::Certain, true, partners) && emit(p, partners, +1))
                return true;
        }
    }
    return false;
}

// "A在…方面给了B实实在在的帮助", "A给予B大力支持": A helps B. Help given once is no pairing, so
// the statement is hidden: it only tells which side helps where the document pairs A and B without
// saying so (A和B是结对单位, 《A—B协作协议》). 交给, 供给, 补给 are other verbs.
void Extractor::read_help_given(std::size_t index, const Clause& clause) {
    const std::u32string_view c = clause.text;
    const std::size_t n = c.size();
    static constexpr std::u32string_view kHelp[] = {U"帮助", U"支持", U"支援", U"援助", U"帮扶"};
    bool ends_with_help = false;
    for (auto w : kHelp) ends_with_help = ends_with_help || ends_with_at(c, n, w);
    if (!ends_with_help) return;
    Name giver;
    if (!read_name_at(c, 0, n, giver) || giver.begin != 0) return;
    for (std::size_t p = c.find(U'给', giver.end); p != std::u32string_view::npos && p < n; p = c.find(U'给', p + 1)) {
        if (std::u32string_view(U"交供补配发").find(c[p - 1]) != std::u32string_view::npos) continue;
        std::size_t at = p + 1;
        if (at < n && (c[at] == U'了' || c[at] == U'予')) ++at;
        Name taker;
        if (!read_name_at(c, at, n, taker) || taker.begin != at || taker.end >= n) continue;
        add_statement(index, clause, {giver}, {taker}, +1);
        statements_.back().hidden = true;
        return;
    }
}

// "S先后选派…干部前往A和B、C等地开展结对帮扶", "派出工作队赴A开展对口支援": people sent to
// places to carry out the pairing. The sender (the clause's leading name, else the subject it
// continues) helps the places. A visit (派代表团前往A考察) names no pairing verb after the places.
bool Extractor::read_dispatch(std::size_t index, const Clause& clause, const std::optional<Name>& subject) {
    const std::u32string_view c = clause.text;
    const std::size_t n = c.size();
    const std::size_t send = c.find(U'派');
    if (send == std::u32string_view::npos) return false;
    std::size_t to = n, width = 0;
    for (std::u32string_view w : {U"前往", U"奔赴", U"赶赴", U"赴", U"到"})
        if (const std::size_t d = c.find(w, send + 1); d != std::u32string_view::npos && d < to) to = d, width = w.size();
    if (to >= n) return false;
    // Those sent: cadres, workers, teams of doctors or teachers, volunteers, officials on secondment.
    static constexpr std::u32string_view kPeople[] = {U"干部", U"人员", U"人才", U"工作队", U"工作组", U"队员",
                                                      U"教师", U"医生", U"专家", U"技术", U"医疗队", U"医务",
                                                      U"支教", U"志愿者", U"挂职"};
    if (!contains_any(c.substr(send, to - send), kPeople)) return false;
    std::size_t v = to + width;
    while (v < n && v < to + width + kReach && directed_verb_at(c, v) == 0) ++v;
    std::vector<Name> places;
    if (v >= n || v >= to + width + kReach ||
        !read_name_list(c, to + width, v, Strictness::Certain, true, places))
        return false;
    // Between the places and the verb: only 等地 and a light verb (开展, 进行).
    std::size_t g = places.back().end;
    if (g < v && c[g] == U'等') {
        ++g;
        if (g < v && std::u32string_view(U"地处").find(c[g]) != std::u32string_view::npos) ++g;
    }
    for (std::u32string_view w : {U"开展", U"进行", U"从事", U"实施", U"参与"})
        if (starts_with_at(c, g, w)) g += w.size();
    if (g != v) return false;
    Name sender;
    if (read_name_at(c, 0, send, sender) && sender.begin == 0) {
        add_statement(index, clause, {sender}, std::move(places), +1);
    } else if (subject) {
        add_statement(index, clause, {}, std::move(places), +1);
        statements_.back().left = {*subject};  // the subject is in line indices already
    } else {
        return false;
    }
    return true;
}

void Extractor::read_clause(std::size_t index, const Clause& clause, std::u32string_view sentence,
                            const std::optional<Name>& subject) {
    const std::u32string_view c = clause.text;
    const std::size_t n = c.size();
    if (read_replaced(index, clause)) return;
    if (read_groups(index, clause)) return;
    const bool respectively = contains(c, U"分别") || contains(c, U"分別");
    // Adds left-right statements: one per pair of positions for "A、B分别…C、D".
    auto add = [&](std::vector<Name> left, std::vector<Name> right, int verb) {
        if (respectively && left.size() > 1 && left.size() == right.size()) {
            // The pairs of one 分别 list share their direction (a block, as list lines do).
            const std::size_t block = kProseDashBlock + lines_.size() + statements_.size();
            for (std::size_t i = 0; i < left.size(); ++i) {
                add_statement(index, clause, {left[i]}, {right[i]}, verb);
                statements_.back().block = block;
            }
        } else {
            add_statement(index, clause, std::move(left), std::move(right), verb);
        }
    };
    // A list of names ending at `end` (walking back over 、 和 与 及).
    std::function<bool(std::size_t, std::vector<Name>&)> names_before;
    names_before = [&](std::size_t end, std::vector<Name>& out) {
        // 上海、苏州、杭州、广州4个东部发达城市对口帮扶: a list closed by a count of its own
        // items and a word for them; a count that differs (天津市3个区) is a group of one place's units.
        if (std::size_t q = 0; closed_by_count(c, end, q) && q < end) {
            std::size_t count_end = q;
            const int value = count_at(c, q, count_end);
            std::vector<Name> list;
            if (value > 1 && q > 0 && names_before(q, list) && int(list.size()) == value) {
                out = std::move(list);
                return true;
            }
        }
        out.assign(1, Name{});
        if (!read_name_before(c, 0, end, out[0])) return false;
        for (;;) {
            const std::size_t b = out.front().begin;
            std::size_t joint = 0;
            if (b > 1 && std::u32string_view(U"、和与及").find(c[b - 1]) != std::u32string_view::npos) joint = 1;
            // A联合B对口帮扶C: 联合 joins the helping side, so A and B both help C.
            else if (b > 2 && ends_with_at(c, b, U"联合")) joint = 2;
            Name more;
            if (joint == 0 || !read_name_before(c, 0, b - joint, more)) break;
            out.insert(out.begin(), std::move(more));
        }
        // A prefix on the first name covers the list (天津市东丽区、西青区).
        for (std::size_t i = 1; i < out.size(); ++i)
            if (out[i].province.empty() && out[i].parent.empty()) {
                out[i].province = out[0].province;
                out[i].parent = out[0].parent;
            }
        return true;
    };
    read_help_given(index, clause);
    if (read_nominal(index, clause, subject, names_before, add)) return;
    if (read_dispatch(index, clause, subject)) return;
    // 《西湖—淳安山海协作…协议》, 《青岛·陇南劳务合作协议》: two places joined by a dash or a
    // middle dot at the start of a title about a pairing; which helps is left to the document.
    for (std::size_t open = c.find(U'《'); open != std::u32string_view::npos; open = c.find(U'《', open + 1)) {
        const std::size_t close = c.find(U'》', open);
        if (close == std::u32string_view::npos) break;
        const std::u32string_view title = c.substr(open + 1, close - open - 1);
        const std::size_t joint = title.find_first_of(U"-·");
        if (joint == std::u32string_view::npos || joint < 2) continue;
        std::size_t after = joint;
        while (after < title.size() && (title[after] == U'-' || title[after] == U'·')) ++after;
        Name l, r;
        if (!read_name(c, open + 1, open + 1 + joint, Strictness::Certain, l) ||
            !read_name_at(c, open + 1 + after, close, r) || r.begin != open + 1 + after)
            continue;
        const std::u32string_view rest = c.substr(r.end, close - r.end);
        static constexpr std::u32string_view kAbout[] = {U"合作", U"协作", U"对口", U"结对", U"帮扶", U"支援"};
        if (!contains_any(rest, kAbout)) continue;
        add_statement(index, clause, {l}, {r}, 0);
        return;
    }
    // The next directed verb and the next word starting a symmetric
    // predicate at or after each position (n: none), found in one pass.
    std::vector<std::size_t> next_verb(n + 1, n), next_start(n + 1, n);
    for (std::size_t i = n; i-- > 0;) {
        next_verb[i] = directed_verb_at(c, i) ? i : next_verb[i + 1];
        next_start[i] = next_start[i + 1];
        for (auto w : kSymmetricStarts)
            if (starts_with_at(c, i, w)) next_start[i] = i;
        if (light_verb_at(c, i) > 0) next_start[i] = i;
    }
    // 并把兵团第十四师纳入援建范围: one more recipient of the partner the sentence named last.
    if (const std::size_t into = c.find(U"纳入"); into != std::u32string_view::npos && into > 1) {
        const std::size_t by = c.substr(0, into).find_last_of(U"把将");
        const std::u32string_view rest = c.substr(into + 2, 10);
        std::vector<Name> recipients;
        const Statement* last = nullptr;
        for (std::size_t i = statements_.size(); i-- > sentence_statements_;)
            if (statements_[i].line == index && statements_[i].verb == +1 && !statements_[i].left.empty()) {
                last = &statements_[i];
                break;
            }
        static constexpr std::u32string_view kAid[] = {U"援建", U"帮扶", U"支援", U"对口", U"结对", U"援助"};
        if (by != std::u32string_view::npos && last && contains_any(rest, kAid) && contains(rest, U"范围") &&
            read_name_list(c, by + 1, into, Strictness::Certain, true, recipients)) {
            std::vector<Name> partners = last->left;  // line indices already
            add_statement(index, clause, {}, std::move(recipients), +1);
            statements_.back().left = std::move(partners);
            return;
        }
    }
    // A由X对口支援: the name before 由 is helped by the names after it.
    // 由X帮扶Y (no name before 由): 由 marks the agent, Y is the object.
    for (std::size_t p = 0; p < n; ++p) {
        if (c[p] != U'由') continue;
        const std::size_t v = next_verb[p + 1];
        std::vector<Name> partners;
        if (v >= n || v >= p + kReach || !read_name_list(c, p + 1, v, Strictness::Certain, true, partners))
            continue;
        std::vector<Name> recipients;
        if (names_before(p, recipients)) {
            add(std::move(recipients), std::move(partners), -1);
            return;
        }
        const std::size_t width = directed_verb_at(c, v);
        if (read_name_list(c, v + width, std::min(n, v + width + kReach), Strictness::Certain, true, recipients)) {
            add(std::move(partners), std::move(recipients), +1);
            return;
        }
    }
    // X帮扶A、B和C, X对口合作Y: the subject is the partner.
    // Tried before the symmetric form: in 天津市和北京市共同帮扶承德市 the 和 joins two subjects.
    bool directed = false;
    std::size_t objects_end = 0;  // one past where the last object of the last statement of this clause starts
    for (std::size_t v = next_verb[0]; v < n; v = next_verb[v + 1]) {
        const std::size_t width = directed_verb_at(c, v);
        if (v > 0 && (c[v - 1] == U'受' || c[v - 1] == U'被')) continue;  // 受帮扶: passive, not a subject
        std::vector<Name> objects;
        // 援藏日喀则市, not 援疆干部人才和…市 or 援疆前指会同市…: the object is a place the reader knows.
        const bool frontier = c.substr(v, width) == U"援藏" || c.substr(v, width) == U"援疆";
        if (frontier && !known_name_at(c, v + width, n)) {
            // 辽宁援疆, 江苏援疆范围…: the name before 援疆 (援藏) helps the frontier province the verb
            // names. Hidden, never a pair itself: evidence of membership for the pairs of its places.
            std::vector<Name> helpers;
            if (names_before(v, helpers)) {
                Name aided;
                aided.name = c.substr(v, width) == U"援疆" ? U"新疆" : U"西藏";
                aided.begin = v + 1;
                aided.end = v + 2;
                add_statement(index, clause, std::move(helpers), {aided}, +1);
                statements_.back().hidden = true;
            }
            continue;
        }
        if (!read_name_list(c, v + width, std::min(n, v + width + kReach), Strictness::Certain, true, objects))
            continue;
        if (objects.size() == 1 && object_is_part_of_a_body(c, objects.back().end)) {
            notes_.push_back({index, "a body's name or a town, not a pairing"});
            continue;
        }
        if (objects.size() == 1 && counts_institutions_at(c, objects.back().end)) {
            notes_.push_back({index, "a statement about a place's schools, hospitals or firms, not a pair"});
            continue;
        }
        // 北京帮扶内蒙古、保定、天津帮扶甘肃: a name right before the next verb is that verb's subject.
        const std::size_t next = next_verb[std::min(n, v + width)];
        if (objects.size() > 1 && next < n) {
            std::size_t e = next;
            while (e > 0 && std::u32string_view(U"还也则又").find(c[e - 1]) != std::u32string_view::npos) --e;
            // 济南对口重庆武隆区、烟台对口重庆巫山县、潍坊对口…: items read past the next verb
            // (烟台…, 潍坊…) belong to the statements that follow, not to this one.
            while (objects.size() > 1 && objects.back().begin >= e) objects.pop_back();
            if (objects.size() > 1 && objects.back().end == e) objects.pop_back();
        }
        // 对口支援和田地区的和田市、和田县, 帮扶内蒙古和河北的保定张家口: the places after 的
        // are the object, in the name before 的.
        std::size_t with_of = 0;  // the first object followed by 的
        while (with_of < objects.size() && !(objects[with_of].end + 1 < n && c[objects[with_of].end] == U'的'))
            ++with_of;
        if (with_of < objects.size()) {
            const std::size_t of = objects[with_of].end;
            std::vector<Name> own;
            const std::size_t until = std::min({n, of + 1 + kReach, next < n ? next : n});
            if (read_name_list(c, of + 1, until, Strictness::Certain, true, own) && own.front().begin == of + 1) {
                if (own.size() > 1 && next < n && own.back().end == next) own.pop_back();
                const Name in = objects[with_of];
                for (Name& o : own)
                    if (o.parent.empty()) {
                        o.parent = in.name;
                        if (o.province.empty()) o.province = in.province;
                    }
                objects.resize(with_of);
                objects.insert(objects.end(), own.begin(), own.end());
            }
        }
        std::vector<Name> subjects;
        const bool before = names_before(v, subjects);
        // 帮扶A、B、C帮扶D: A and B are the objects of the first verb, only C is the second's subject.
        if (before)
            subjects.erase(std::remove_if(subjects.begin(), subjects.end(),
                                          [&](const Name& s) { return s.begin < objects_end; }),
                           subjects.end());
        if (before && subjects.empty()) continue;
        if (!before) {
            // No name right before the verb: the clause's own leading name
            // (扬州市以镇村结对为突破口助力榆林市), or the sentence's subject
            // when the clause starts with the verb (北京市……,对口支援玉树州).
            Name lead;
            std::size_t skip = is_frame(c) ? 1 : 0;  // 在对口帮扶A的基础上: the frame's verb
            // 要把对口帮扶A当成…: a modal and 把 before the verb leave the subject to the sentence.
            while (skip < v && std::u32string_view(U"将还也并则已继续要把").find(c[skip]) != std::u32string_view::npos) ++skip;
            if (skip < v) skip += leading_auxiliaries(c.substr(skip), v - skip);
            // 深圳、青岛、大连、宁波4个计划单列市采取…模式对口帮扶: a list closed by a count of its
            // own items starts the clause: its names are the subjects.
            std::vector<Name> leading;
            const bool listed = v > 0 && c.substr(0, v).find(U'、') != std::u32string_view::npos &&
                                read_name_list(c, 0, v, Strictness::Certain, true, leading) &&
                                leading.size() > 1 && leading.front().begin == 0;
            const int counted = listed ? count_of_places_at(c, leading.back().end) : -1;
            if (counted > 0 && counted != int(leading.size())) {  // 苏州市、无锡市5个城市: more than it names
                notes_.push_back({index, "a group statement (a count of places, no pair named)"});
                continue;
            }
            if (counted > 0) {
                subjects = std::move(leading);
            } else if (v > 0 && read_name_at(c, 0, v, lead) && lead.begin == 0 && lead.end < v) {
                // 该市11个镇对口帮扶河池11个县: a count of units after the name, a group statement.
                if (count_of_places_at(c, lead.end, kUnitCountWords) >= 0 || counts_institutions_at(c, lead.end)) {
                    notes_.push_back({index, "a group statement (a count of places, no pair named)"});
                    continue;
                }
                subjects.assign(1, std::move(lead));
            } else if (skip == v && subject) {
                objects_end = objects.back().begin + 1;
                add_statement(index, clause, {}, std::move(objects), +1);  // the subject is in line indices already
                statements_.back().left = {*subject};
                directed = true;
                v += width - 1;
                continue;
            } else {
                continue;
            }
        }
        // 结对 alone after A与B is the symmetric form (苏州与宿迁结对).
        if (c.substr(v, width) == U"结对" && subjects.front().begin > 0 &&
            std::u32string_view(U"与和同跟").find(c[subjects.front().begin - 1]) != std::u32string_view::npos)
            continue;
        objects_end = objects.back().begin + 1;
        add(std::move(subjects), std::move(objects), +1);
        directed = true;
        v += width - 1;  // the loop moves on to the next verb after this one
    }
    if (directed) return;
    // A与B建立对口合作关系, A则和B、C结对, A、B分别同C、D……合作: direction
    // decided later. A pairing word must occur in the sentence, and no word
    // of friendship, exchange or a visit after B (北京市与城关区坚持深化交流).
    bool pairing = false;
    for (auto w : kPairingWords) pairing = pairing || contains(sentence, w);
    // Without a word starting the predicate (宁波与那曲市虽然……,但对口支援让两地……)
    // the sentence must name the pairing itself, not a mere cooperation (丽水市与宁波市的合作).
    static constexpr std::u32string_view kStrongPairing[] = {U"对口", U"结对", U"帮扶", U"支援", U"援"};
    const bool strong = contains_any(sentence, kStrongPairing);
    // 上海云南正式建立结对帮扶关系: two known places run together, then the
    // predicate of a symmetric statement.
    if (Name l, r; pairing && read_name_at(c, 0, n, l) && l.begin == 0 && known_name_at(c, 0, l.end) &&
                   read_name_at(c, l.end, n, r) && r.begin == l.end && known_name_at(c, r.begin, r.end) &&
                   r.end < n && next_start[r.end] == r.end) {
        add({l}, {r}, 0);
        return;
    }
    // 像上海市,和六安市、三明市结对; 而深圳市,则和赣州市结对: the clause starts with the
    // connector and the sentence's subject, in an earlier clause, is the other side.
    if (std::size_t s0 = 0; pairing && subject && !clause.at.empty() && subject->end <= clause.at[0]) {
        while (s0 < n && std::u32string_view(U"则也还").find(c[s0]) != std::u32string_view::npos) ++s0;
        std::vector<Name> others;
        if (s0 + 1 < n && std::u32string_view(U"和与同跟").find(c[s0]) != std::u32string_view::npos &&
            next_start[s0 + 1] < n && read_name_list(c, s0 + 1, next_start[s0 + 1], Strictness::Certain, true, others) &&
            !contains_any(c.substr(others.back().end), kNotPairing)) {
            add_statement(index, clause, {}, std::move(others), 0);
            statements_.back().left = {*subject};  // the subject is in line indices already
            return;
        }
    }
    // 广东、广西两省区开始扶贫协作: two places closed by 两 and the pairing they start (not an
    // agreement: 天津与河北两省市签署合作协议 is read below and set aside).
    if (const std::size_t two = c.find(U'两'); pairing && two != std::u32string_view::npos && two > 2 &&
                                               c.find(U'与') == std::u32string_view::npos &&
                                               c.find(U'和') == std::u32string_view::npos) {
        std::vector<Name> both;
        const std::u32string_view rest = c.substr(two + 1);
        static constexpr std::u32string_view kStarts[] = {U"开始", U"建立", U"开展", U"结成", U"正式"};
        static constexpr std::u32string_view kJoint[] = {U"协作", U"帮扶", U"对口", U"结对"};
        std::size_t unit = 0;
        while (unit < rest.size() && unit < 2 && std::u32string_view(U"省区市县地").find(rest[unit]) != std::u32string_view::npos)
            ++unit;
        bool starts = false;
        for (auto w : kStarts) starts = starts || starts_with_at(rest, unit, w);
        if (unit > 0 && starts && contains_any(rest, kJoint) && !contains(rest, U"协议") &&
            read_name_list(c, 0, two, Strictness::Certain, true, both) && both.size() == 2 &&
            both.front().begin == 0 && both.back().end == two) {
            add({both[0]}, {both[1]}, 0);
            return;
        }
    }
    // 辽宁与一地两师(新疆塔城地区和…第九师,简称“一地两师”): the other side is an alias that the
    // parenthesis defines as a list of places. Without a pairing word in the sentence the two are
    // a pair only if membership puts them on the two sides of a pair the document states (辽宁援疆).
    const bool defines_alias = c.find(U"简称") != std::u32string_view::npos;
    for (std::size_t p = defines_alias ? c.find_first_of(U"与和同跟") : std::u32string_view::npos;
         p != std::u32string_view::npos && p + 1 < n;
         p = c.find_first_of(U"与和同跟", p + 1)) {
        const std::size_t open = c.find(U'(', p + 1);
        if (open == std::u32string_view::npos || open < p + 3 || open > p + 9 ||
            !std::all_of(c.begin() + p + 1, c.begin() + open, is_cjk))
            continue;
        const std::u32string_view alias = c.substr(p + 1, open - p - 1);
        const std::size_t close = c.find(U')', open);
        const std::size_t called = c.find(U"简称", open);
        if (close == std::u32string_view::npos || called == std::u32string_view::npos || called > close) continue;
        std::size_t a = called + 2;
        while (a < close && std::u32string_view(U"为“”\"「」'").find(c[a]) != std::u32string_view::npos) ++a;
        if (!starts_with_at(c.substr(0, close), a, alias)) continue;
        std::size_t list_end = called;
        if (ends_with_at(c, list_end, U"以下")) list_end -= 2;
        while (list_end > open + 1 && std::u32string_view(U",、 ").find(c[list_end - 1]) != std::u32string_view::npos)
            --list_end;
        std::vector<Name> left, members;
        if (!names_before(p, left) ||
            !read_name_list(c, open + 1, list_end, Strictness::Certain, true, members) ||
            members.back().end != list_end || contains_any(c.substr(close), kNotPairing))
            continue;
        const std::size_t first = statements_.size();
        add(std::move(left), std::move(members), 0);
        for (std::size_t i = first; i < statements_.size(); ++i) statements_[i].membership_only = !pairing;
        return;
    }
    // 与 同 跟 first, then 和: in 信宜市、高州市和化州市进一步深化同忻城县的协作, 和 joins the partners.
    const bool has_with = c.find_first_of(U"与同跟") != std::u32string_view::npos;
    for (int pass = has_with ? 0 : 1; pass < 2 && pairing; ++pass)
    for (std::size_t p = 1; p < n; ++p) {
        if (std::u32string_view(pass == 0 ? U"与同跟" : U"与和同跟").find(c[p]) == std::u32string_view::npos) continue;
        // 伊犁、阿勒泰、塔城3个地区和奎屯市: 和 after a list closed by its count adds one more item.
        if (std::size_t q = 0; c[p] == U'和' && closed_by_count(c, p, q)) continue;
        std::vector<Name> left;
        if (!names_before(p, left)) continue;
        // 对甘肃和陕西的对口支援, 对口帮扶黔西南州和万州: 和 joins two objects of one
        // preposition or verb, not the two sides of a pair.
        if (const std::size_t lb = left.front().begin;
            lb > 0 && (c[lb - 1] == U'对' || ends_with_directed_verb(c, lb)))
            continue;
        std::size_t q = next_start[p + 1];
        if (q >= n && !strong) continue;
        if (q >= p + kReach) q = std::min(n, p + kReach);
        std::vector<Name> others;
        // “A与我们结对帮扶以来…”: the speaker's own place, resolved from the document later
        // (resolve_pronouns); never a name itself.
        if (q == p + 3 && starts_with_at(c, p + 1, U"我们")) {
            Name we;
            we.name = U"我们";
            we.begin = p + 1;
            we.end = p + 3;
            others.push_back(std::move(we));
        } else if (!read_name_list(c, p + 1, q, Strictness::Certain, true, others)) {
            continue;
        }
        const std::u32string_view after = c.substr(others.back().end);
        static constexpr std::u32string_view kFriendship[] = {U"友好县", U"友好城市", U"友好区", U"友好市"};
        if (contains_any(after, kNotPairing) || contains_any(sentence, kFriendship)) {
            notes_.push_back({index, "a friendship, exchange or visit, not a pairing"});
            return;
        }
        // 天津与河北两省市签署合作协议: an agreement of two provinces, not a
        // pairing; A、B与三明11个县(市、区)结对: a group, no pair named.
        if (starts_with_at(after, 0, U"两省")) return;
        // A与B签署了旅游合作框架协议: an agreement that names no pairing program is no pairing
        // (对口合作框架协议, 扶贫协作协议, or a pairing named elsewhere in the sentence, are).
        static constexpr std::u32string_view kAgreements[] = {U"协议", U"备忘录"};
        static constexpr std::u32string_view kPrograms[] = {U"扶贫协作", U"东西部", U"山海协作", U"携手奔小康",
                                                            U"手拉手奔小康"};
        if (contains_any(after, kAgreements) && !strong && !contains_any(sentence, kPrograms)) {
            notes_.push_back({index, "an agreement that names no pairing, not a pair"});
            return;
        }
        // 信宜市、高州市和化州市三市共有…单位与忻城结对: a count that is not the number of
        // names after 和 closes a longer list (皋兰、甘谷、临潭三县 is closed by its own count).
        std::size_t count_end = 0;
        const int count = count_at(after, 0, count_end);
        const bool counted = count_of_places_at(after, 0, kUnitCountWords) >= 0;
        // 贵州、西藏、宁夏和新疆等六省(区): 和 joins the last item of a list that 等 and a count close.
        const bool closed_list =
            c[p] == U'和' && !after.empty() && after[0] == U'等' && count_of_places_at(after, 1, kUnitCountWords) >= 0;
        // 浙江省与吉林省2016年建立…: a year after the names dates the pairing; it counts nothing.
        const bool dated = after.size() > 4 && std::all_of(after.begin(), after.begin() + 4, is_digit) && after[4] == U'年';
        // 江宁区与林芝市二十所学校结对: the schools pair, not the places (as 5个村 do).
        if (counts_institutions_at(after, 0)) {
            notes_.push_back({index, "a statement about a place's schools, hospitals or firms, not a pair"});
            return;
        }
        if (closed_list || (!after.empty() && !dated && (is_digit(after[0]) || (counted &&
                                                                      (after[count_end] == U'个' || count != int(others.size())))))) {
            notes_.push_back({index, "a group statement (a count of places, no pair named)"});
            return;
        }
        // 同为受援方的A、B也分别同C、D: the role word names the recipients.
        const std::size_t role = c.rfind(U"受援", left.front().begin);
        const bool recipients_first = role != std::u32string_view::npos && left.front().begin - role <= 6;
        const std::size_t before = statements_.size();
        add(std::move(left), std::move(others), 0);
        if (recipients_first)
            for (std::size_t i = before; i < statements_.size(); ++i) statements_[i].role = -1;
        return;
    }
    // "A——B" alone in a clause: a pair in a one-line dash list (密云区——玉树市,昌平区——曲麻莱县).
    const std::size_t dash = c.find(U'-');
    if (dash != std::u32string_view::npos && dash > 0) {
        std::size_t after = dash;
        while (after < n && c[after] == U'-') ++after;
        Name l, r;
        if (read_name(c, 0, dash, Strictness::Certain, l) && read_name(c, after, n, Strictness::Certain, r)) {
            add_statement(index, clause, {l}, {r}, 0, StatementForm::List);
            statements_.back().block = kProseDashBlock + index;
            return;
        }
        // 召开A——B山海协作工作座谈会, A—B东西部协作联席会议: a meeting named after a pair names the
        // pair (which side helps is left to the document). A starts with a known unit, so that the
        // verb before it (召开) is not read into its stem.
        static constexpr std::u32string_view kAbout[] = {U"合作", U"协作", U"对口", U"结对", U"帮扶", U"支援"};
        const std::size_t from = dash > kMaxEventName ? dash - kMaxEventName : 0;
        for (std::size_t s = from; s + 1 < dash; ++s) {
            if (!known_name_at(c, s, dash) || !read_name(c, s, dash, Strictness::Certain, l)) continue;
            if (!read_name_at(c, after, n, r) || r.begin != after) break;
            const std::u32string_view rest = c.substr(r.end);
            const std::size_t meeting = rest.find(U'会');
            if (meeting == std::u32string_view::npos || !contains_any(rest.substr(0, meeting), kAbout)) break;
            add_statement(index, clause, {l}, {r}, 0);
            break;
        }
    }
}

}  // namespace duikou::io::text_detail

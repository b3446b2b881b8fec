// libFuzzer target for the text extractor (duikou::io::extract_pairs): any
// bytes extract in errors=Replace mode, and in Strict mode either extract the
// same pairs or raise io::InputError naming the source; every result is
// consistent (valid UTF-8, spans inside the text, one row per pair, indices in
// range). Only io::InputError is caught: anything else fails the run.
#include <cstddef>
#include <algorithm>
#include <cstdint>
#include <memory>
#include <set>
#include <vector>
#include <string>
#include <string_view>

#include "duikou/io/error.hpp"
#include "duikou/io/text.hpp"
#include "duikou/io/utf8.hpp"
#include "fuzz_support.hpp"

using namespace duikou;

namespace {

std::int64_t code_points(std::string_view utf8) {
    std::int64_t n = 0;
    for (unsigned char c : utf8) n += (c & 0xC0) != 0x80;
    return n;
}

// Two spellings of one place: they differ only in suffix words and the peoples
// of an autonomous unit's name after a common stem. (A looser check than the
// reader's own stem rule, written independently of it.)
bool same_place(std::string_view a, std::string_view b) {
    static constexpr std::string_view kSuffixCharacters =
        "省市县区州盟旗地自治特别行政林族蒙古土家布依哈尼柯尔克孜萨傈僳景颇朝鲜维吾壮回彝藏羌满苗侗傣白瑶黎";
    std::size_t common = 0;
    while (common < a.size() && common < b.size() && a[common] == b[common]) ++common;
    while (common > 0 && common < std::max(a.size(), b.size()) &&
           (static_cast<unsigned char>((common < a.size() ? a : b)[common]) & 0xC0) == 0x80)
        --common;  // back to the start of a character
    if (common == 0) return a == b;
    auto only_suffixes = [](std::string_view rest) {
        for (std::size_t i = 0; i < rest.size(); i += 3) {
            const std::string_view ch = rest.substr(i, 3);
            bool found = false;
            for (std::size_t k = 0; k + 3 <= kSuffixCharacters.size() && !found; k += 3)
                found = kSuffixCharacters.substr(k, 3) == ch;
            if (!found) return false;
        }
        return true;
    };
    return only_suffixes(a.substr(common)) && only_suffixes(b.substr(common));
}

void check(const io::TextExtraction& x, const std::string& what) {
    fuzz::require(!io::first_invalid_utf8(x.text), what + ": decoded text is not UTF-8");
    const std::int64_t length = code_points(x.text);
    std::set<std::pair<std::string, std::string>> seen;
    auto check_pair = [&](const io::TextPair& p) {
        fuzz::require(0 <= p.start && p.start < p.end && p.end <= length, what + ": span outside the text");
        fuzz::require(p.line >= 1, what + ": line numbers start at 1");
        fuzz::require(!p.recipient.empty() && !p.partner.empty() && p.recipient != p.partner,
                      what + ": empty name or self-pair");
        for (const std::string* s : {&p.recipient, &p.partner, &p.region, &p.text})
            fuzz::require(!io::first_invalid_utf8(*s), what + ": a field is not UTF-8");
    };
    for (const auto& p : x.pairs) {
        check_pair(p);
        fuzz::require(seen.emplace(p.recipient, p.partner).second, what + ": a pair appears twice");
    }
    for (const auto& m : x.mentions) {
        check_pair(m.statement);
        fuzz::require(m.pair < x.pairs.size(), what + ": mention of a missing pair");
        // One pair whatever the suffixes: 梅州 restates 梅州市, 延边州 延边朝鲜族自治州.
        fuzz::require(same_place(x.pairs[m.pair].recipient, m.statement.recipient) &&
                          same_place(x.pairs[m.pair].partner, m.statement.partner),
                      what + ": mention of another pair");
    }
    for (const auto& w : x.warnings) fuzz::require(w.line >= 1 && !w.reason.empty(), what + ": bad warning");
    for (const auto& u : x.unread)
        fuzz::require(u.line >= 1 && !u.reason.empty() && !u.names.empty() && !io::first_invalid_utf8(u.names),
                      what + ": bad unread line");
}

// A few known names, so that the dictionary paths (names without suffixes,
// membership, conventions, pronouns) are fuzzed too.
std::shared_ptr<const io::PlaceNames> dictionary() {
    static const auto names = std::make_shared<const io::PlaceNames>(
        std::vector<std::string>{"广东省", "广东", "梅州市", "梅州", "甘孜藏族自治州", "甘孜", "泸定县", "泸定",
                                 "北京市", "北京", "朝阳区", "朝阳",
                                 // run-together names (湖北恩施贵州…), an item starting with 和 (和龙市), 援藏 objects
                                 "湖北省", "湖北", "恩施州", "恩施", "贵州省", "贵州", "和龙市", "和龙", "日喀则市"},
        std::vector<std::string>{"广东省", "广东省", "梅州市", "梅州市", "甘孜藏族自治州", "甘孜藏族自治州",
                                 "泸定县", "泸定县", "北京市", "北京市", "朝阳区", "朝阳区",
                                 "湖北省", "湖北省", "恩施州", "恩施州", "贵州省", "贵州省", "和龙市", "和龙市", "日喀则市"},
        std::vector<std::string>{"province", "province", "city", "city", "city", "city", "county", "county",
                                 "province", "province", "county", "county",
                                 "province", "province", "city", "city", "province", "province", "county", "county", "city"},
        std::vector<std::string>{"", "", "梅州市", "梅州市", "甘孜藏族自治州", "甘孜藏族自治州", "甘孜藏族自治州",
                                 "甘孜藏族自治州", "", "", "北京市", "北京市",
                                 "", "", "恩施州", "恩施州", "", "", "延边朝鲜族自治州", "延边朝鲜族自治州", "日喀则市"},
        std::vector<std::string>{"广东省", "广东省", "广东省", "广东省", "四川省", "四川省", "四川省", "四川省",
                                 "北京市", "北京市", "北京市", "北京市",
                                 "湖北省", "湖北省", "湖北省", "湖北省", "贵州省", "贵州省", "吉林省", "吉林省", "西藏自治区"});
    return names;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    io::TextOptions replace;
    replace.source = "fuzz.txt";
    replace.errors = io::Utf8Errors::Replace;
    const io::TextExtraction replaced = io::extract_pairs(text, replace);
    check(replaced, "replace");

    io::TextOptions ordered = replace;
    ordered.default_order = io::DefaultOrder::PartnerFirst;
    const io::TextExtraction fixed = io::extract_pairs(text, ordered);
    check(fixed, "default order");
    // The default order only decides statements nothing else decides.
    fuzz::require(fixed.pairs.size() >= replaced.pairs.size(), "a default order lost pairs");

    io::TextOptions known = replace;
    known.names = dictionary();
    check(io::extract_pairs(text, known), "known names");

    io::TextOptions strict;
    strict.source = "fuzz.txt";
    try {
        const io::TextExtraction x = io::extract_pairs(text, strict);
        fuzz::require(x.text == replaced.text && x.pairs.size() == replaced.pairs.size() &&
                          x.warnings.size() == replaced.warnings.size(),
                      "strict and replace differ on valid UTF-8");
    } catch (const io::InputError& e) {
        fuzz::require(e.source() == "fuzz.txt" && e.line() >= 1, "InputError without its source and line");
        fuzz::require(io::first_invalid_utf8(text) || text.find('\0') != std::string_view::npos,
                      "InputError on valid UTF-8 without NUL bytes");
    }
    return 0;
}

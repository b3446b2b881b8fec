// The text extractor: formats, direction, noise, scripts, encodings, spans.
#include <gtest/gtest.h>

#include <array>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "duikou/io/error.hpp"
#include "duikou/io/text.hpp"

namespace {

using duikou::io::DefaultOrder;
using duikou::io::DirectionBasis;
using duikou::io::extract_pairs;
using duikou::io::InputError;
using duikou::io::StatementForm;
using duikou::io::TextExtraction;
using duikou::io::TextOptions;
using duikou::io::Utf8Errors;
using Triple = std::tuple<std::string, std::string, std::string>;  // recipient, partner, region

std::vector<Triple> triples(const TextExtraction& x) {
    std::vector<Triple> out;
    for (const auto& p : x.pairs) out.emplace_back(p.recipient, p.partner, p.region);
    return out;
}

std::vector<Triple> read(const std::string& text, DefaultOrder order = DefaultOrder::None) {
    TextOptions options;
    options.default_order = order;
    return triples(extract_pairs(text, options));
}

// text[start, end) counted in code points, as Python indexes a str.
std::string code_points(const std::string& utf8, std::int64_t start, std::int64_t end) {
    std::string out;
    std::int64_t index = 0;
    for (std::size_t i = 0; i < utf8.size();) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (index >= start && index < end) out += utf8.substr(i, len);
        i += len;
        ++index;
    }
    return out;
}

std::string span_of(const TextExtraction& x, std::size_t k) {
    return code_points(x.text, x.pairs[k].start, x.pairs[k].end);
}

// ---- the seed page ---------------------------------------------------------------

TEST(Text, SeedPageYieldsExactlyTheTwentyPairsOfThePlan) {
    const std::string path = std::string(DUIKOU_DATA_DIR) + "/../../../../shared/seeds/000_250e84d3d9e99c4f.txt";
    if (!std::ifstream(path)) GTEST_SKIP() << "seed page not found at " << path << " (../shared/seeds is absent)";
    const TextExtraction x = duikou::io::read_text_document(path);
    const std::vector<Triple> expected = {
        {"赣州市", "深圳市", "赣闽粤原中央苏区"}, {"吉安市", "东莞市", "赣闽粤原中央苏区"},
        {"龙岩市", "广州市", "赣闽粤原中央苏区"}, {"三明市", "上海市", "赣闽粤原中央苏区"},
        {"梅州市", "广州市", "赣闽粤原中央苏区"}, {"延安市", "无锡市", "陕甘宁革命老区"},
        {"庆阳市", "天津市", "陕甘宁革命老区"},   {"六安市", "上海市", "大别山革命老区"},
        {"信阳市", "苏州市", "大别山革命老区"},   {"黄冈市", "宁波市", "大别山革命老区"},
        {"百色市", "深圳市", "左右江革命老区"},   {"巴中市", "金华市", "川陕革命老区"},
        {"郴州市", "佛山市", "湘赣边革命老区"},   {"张家界市", "南京市", "湘鄂渝黔革命老区"},
        {"恩施州", "杭州市", "湘鄂渝黔革命老区"}, {"遵义市", "珠海市", "湘鄂渝黔革命老区"},
        {"长治市", "北京市", "太行革命老区"},     {"汕尾市", "深圳市", "海陆丰革命老区"},
        {"临沂市", "济南市", "沂蒙革命老区"},     {"丽水市", "宁波市", "浙西南革命老区"}};
    EXPECT_EQ(triples(x), expected);
    EXPECT_TRUE(x.warnings.empty());
    // The prose sentence "梅州市(赣闽粤原中央苏区)与广州市建立对口合作关系" restates item 5.
    ASSERT_EQ(x.mentions.size(), 1u);
    EXPECT_EQ(x.mentions[0].pair, 4u);
    EXPECT_EQ(x.mentions[0].statement.form, StatementForm::Prose);
    EXPECT_EQ(x.pairs[4].line, 69);
    EXPECT_EQ(span_of(x, 0), "赣州市(赣闽粤原中央苏区)——深圳市");
}

// ---- list formats ------------------------------------------------------------------

TEST(Text, NumberingStyles) {
    const std::vector<Triple> one = {{"赣州市", "深圳市", "赣闽粤原中央苏区"}};
    for (const char* line : {"1. 赣州市(赣闽粤原中央苏区)——深圳市", "1.赣州市(赣闽粤原中央苏区)——深圳市",
                             "1、赣州市(赣闽粤原中央苏区)——深圳市", "(1)赣州市(赣闽粤原中央苏区)——深圳市",
                             "（1）赣州市（赣闽粤原中央苏区）——深圳市", "１．赣州市（赣闽粤原中央苏区）——深圳市",
                             "（一）赣州市(赣闽粤原中央苏区)——深圳市", "① 赣州市(赣闽粤原中央苏区)——深圳市",
                             "10.赣州市(赣闽粤原中央苏区) ——深圳市", "- 赣州市(赣闽粤原中央苏区)——深圳市",
                             "赣州市(赣闽粤原中央苏区)——深圳市"})
        EXPECT_EQ(read(line), one) << line;
}

TEST(Text, DashVariantsAndSpaces) {
    for (const char* dash : {"——", "—", "–", "--", "－－", "~", "～", "―", " —— ", "  -  ", "：", ":"})
        EXPECT_EQ(read(std::string("1. 吉安市（赣闽粤原中央苏区）") + dash + "东莞市"),
                  (std::vector<Triple>{{"吉安市", "东莞市", "赣闽粤原中央苏区"}}))
            << dash;
}

TEST(Text, BracketKinds) {
    for (const char* text : {"1. 巴中市［川陕革命老区］—金华市", "1. 巴中市【川陕革命老区】—金华市",
                             "1. 巴中市〔川陕革命老区〕—金华市", "1. 巴中市 (川陕革命老区) —金华市"})
        EXPECT_EQ(read(text), (std::vector<Triple>{{"巴中市", "金华市", "川陕革命老区"}})) << text;
}

TEST(Text, NumbersThatAreNotListNumbers) {
    EXPECT_TRUE(read("0.8104").empty());
    EXPECT_TRUE(read("2022.3 — 2030.12").empty());
    EXPECT_TRUE(read("全国咨询热线: 020-123456789").empty());
    EXPECT_TRUE(read("— 2 —\n－ 3 －").empty());
}

TEST(Text, PartnerFirstUnderAHeader) {
    const auto x = extract_pairs("帮扶方——受援方\n上海市——六安市\n江苏省苏州市——信阳市\n");
    EXPECT_EQ(triples(x), (std::vector<Triple>{{"六安市", "上海市", ""}, {"信阳市", "苏州市", ""}}));
    EXPECT_EQ(x.pairs[1].partner_province, "江苏省");
    EXPECT_EQ(x.pairs[0].basis, DirectionBasis::Header);
    // The same lines under the opposite header.
    EXPECT_EQ(read("受援方——帮扶方\n上海市——六安市\n"), (std::vector<Triple>{{"上海市", "六安市", ""}}));
    EXPECT_EQ(read("支援方：受援方\n杭州市：恩施州、湘西州\n"),
              (std::vector<Triple>{{"恩施州", "杭州市", ""}, {"湘西州", "杭州市", ""}}));
    EXPECT_EQ(read("支援方与受援方\n上海——六安\n"), (std::vector<Triple>{{"六安", "上海", ""}}));
}

TEST(Text, HeaderScopeEndsAtProse) {
    // After a paragraph the header no longer applies; the bare line has no direction.
    const auto x = extract_pairs("帮扶方——受援方\n上海市——六安市\n这是一段说明文字。\n北京市——长治市\n");
    EXPECT_EQ(triples(x), (std::vector<Triple>{{"六安市", "上海市", ""}}));
    ASSERT_EQ(x.warnings.size(), 1u);
    EXPECT_EQ(x.warnings[0].line, 4);
    EXPECT_NE(x.warnings[0].reason.find("cannot tell"), std::string::npos);
}

TEST(Text, SeedHeaderIsNotARoleHeader) {
    // "发达省市与革命老区重点城市结对关系" names categories, not columns: the
    // annotation decides, and the recipient stays first.
    EXPECT_EQ(read("发达省市与革命老区重点城市结对关系\n\n1. 赣州市(赣闽粤原中央苏区)——深圳市\n"),
              (std::vector<Triple>{{"赣州市", "深圳市", "赣闽粤原中央苏区"}}));
}

TEST(Text, HeaderAndAnnotationDisagree) {
    const auto x = extract_pairs("帮扶方——受援方\n赣州市(赣闽粤原中央苏区)——深圳市\n");
    EXPECT_TRUE(x.pairs.empty());
    ASSERT_EQ(x.warnings.size(), 1u);
    EXPECT_NE(x.warnings[0].reason.find("conflicting"), std::string::npos);
}

// ---- tables ------------------------------------------------------------------------

TEST(Text, PipeTableWithHeader) {
    const auto x = extract_pairs(
        "| 序号 | 受援城市 | 支援城市 | 所属老区 |\n|:---:|---|---|---|\n| 1 | 赣州市 | 深圳市 | 赣闽粤原中央苏区 |\n"
        "| 2 | 汕尾市 | 深圳市 | |\n");
    EXPECT_EQ(triples(x), (std::vector<Triple>{{"赣州市", "深圳市", "赣闽粤原中央苏区"}, {"汕尾市", "深圳市", ""}}));
    EXPECT_EQ(x.pairs[0].form, StatementForm::Table);
    EXPECT_TRUE(x.warnings.empty());
}

TEST(Text, TabTableWithPartnerFirstAndEmptyCells) {
    EXPECT_EQ(read("序号\t支援方\t受援方\t区域\n1\t南京市\t张家界市\t湘鄂渝黔革命老区\n2\t济南市\t临沂市\t\n"),
              (std::vector<Triple>{{"张家界市", "南京市", "湘鄂渝黔革命老区"}, {"临沂市", "济南市", ""}}));
}

TEST(Text, TableRowsThatCannotBeRead) {
    const auto x = extract_pairs("受援城市|支援城市\n赣州市|\n");
    ASSERT_EQ(x.warnings.size(), 1u);
    EXPECT_EQ(x.warnings[0].line, 2);
    EXPECT_EQ(x.warnings[0].reason, "no partner in the row");
    // Without a header a three-column row is ambiguous.
    const auto y = extract_pairs("赣州市|深圳市|广州市\n");
    EXPECT_TRUE(y.pairs.empty());
    ASSERT_EQ(y.warnings.size(), 1u);
    // A navigation bar is not a table of pairs.
    const auto z = extract_pairs("首页 | 新闻中心 | 联系我们\n城市分站 | 友情链接\n");
    EXPECT_TRUE(z.pairs.empty() && z.warnings.empty());
}

// ---- prose ---------------------------------------------------------------------------

TEST(Text, DirectedVerbs) {
    const auto x = extract_pairs("近年来，上海市帮扶云南省文山州、红河州和普洱市。");
    EXPECT_EQ(triples(x), (std::vector<Triple>{{"文山州", "上海市", ""}, {"红河州", "上海市", ""}, {"普洱市", "上海市", ""}}));
    for (const auto& p : x.pairs) EXPECT_EQ(p.recipient_province, "云南省");
    EXPECT_EQ(x.pairs[0].basis, DirectionBasis::Verb);
    EXPECT_EQ(read("深圳市对口合作哈尔滨市。"), (std::vector<Triple>{{"哈尔滨市", "深圳市", ""}}));
    EXPECT_EQ(read("广东省对口支援新疆维吾尔自治区喀什地区。"), (std::vector<Triple>{{"喀什地区", "广东省", ""}}));
    EXPECT_EQ(read("六安市由上海市对口支援。"), (std::vector<Triple>{{"六安市", "上海市", ""}}));
    EXPECT_EQ(read("天津市和北京市共同帮扶承德市。"),
              (std::vector<Triple>{{"承德市", "天津市", ""}, {"承德市", "北京市", ""}}));
    EXPECT_EQ(read("上海市对口支援六安市等3个城市。"), (std::vector<Triple>{{"六安市", "上海市", ""}}));
    // Passive and nominal uses are not subjects.
    EXPECT_TRUE(read("持续加强消费帮扶，做好受帮扶地区的工作。").empty());
}

TEST(Text, SymmetricStatements) {
    // The annotation marks the recipient.
    const auto x = extract_pairs("其中梅州市(赣闽粤原中央苏区)与广州市建立对口合作关系。");
    EXPECT_EQ(triples(x), (std::vector<Triple>{{"梅州市", "广州市", "赣闽粤原中央苏区"}}));
    EXPECT_EQ(x.pairs[0].form, StatementForm::Prose);
    EXPECT_EQ(span_of(x, 0), "梅州市(赣闽粤原中央苏区)与广州市");
    // One-to-many: the single side is the partner.
    const auto y = extract_pairs("深圳市则和赣州市、百色市、汕尾市结对。");
    EXPECT_EQ(triples(y), (std::vector<Triple>{{"赣州市", "深圳市", ""}, {"百色市", "深圳市", ""}, {"汕尾市", "深圳市", ""}}));
    EXPECT_EQ(y.pairs[0].basis, DirectionBasis::OneToMany);
    // Context: 广州市 is a partner elsewhere in the document.
    const auto z = extract_pairs("龙岩市与广州市结对。\n广州市对口帮扶梅州市。");
    EXPECT_EQ(triples(z), (std::vector<Triple>{{"龙岩市", "广州市", ""}, {"梅州市", "广州市", ""}}));
    EXPECT_EQ(z.pairs[0].basis, DirectionBasis::Context);
}

TEST(Text, UndecidableDirectionIsAWarningOrTheDefaultOrder) {
    const auto x = extract_pairs("赣州市与深圳市建立对口合作关系。");
    EXPECT_TRUE(x.pairs.empty());
    ASSERT_EQ(x.warnings.size(), 1u);
    EXPECT_EQ(x.warnings[0].line, 1);
    EXPECT_EQ(x.warnings[0].text, "赣州市与深圳市建立对口合作关系。");
    EXPECT_EQ(read("赣州市与深圳市建立对口合作关系。", DefaultOrder::RecipientFirst),
              (std::vector<Triple>{{"赣州市", "深圳市", ""}}));
    EXPECT_EQ(read("赣州市与深圳市建立对口合作关系。", DefaultOrder::PartnerFirst),
              (std::vector<Triple>{{"深圳市", "赣州市", ""}}));
}

TEST(Text, ProseThatIsNotAPairing) {
    for (const char* text : {"建立发达省市与革命老区重点城市对口合作机制。", "2022年至2030年梅州与广州对口合作",
                             "鼓励东部地区国家级新区与革命老区各类园区加强合作。", "赣州市与深圳市开展交流。",
                             "结对城市要共同编制对口合作五年实施方案，支持开展重点医院对口合作。",
                             "梅州市与广州市同属广东省。"}) {
        const auto x = extract_pairs(text);
        EXPECT_TRUE(x.pairs.empty()) << text;
        EXPECT_TRUE(x.warnings.empty()) << text;
    }
}

TEST(Text, ProvinceListsAndPrefixes) {
    const auto x = extract_pairs("浙江省：四川省甘孜州、阿坝州\n福建省：宁夏回族自治区固原市\n");
    EXPECT_EQ(triples(x), (std::vector<Triple>{{"甘孜州", "浙江省", ""}, {"阿坝州", "浙江省", ""}, {"固原市", "福建省", ""}}));
    EXPECT_EQ(x.pairs[1].recipient_province, "四川省");  // carried over from 四川省甘孜州
    EXPECT_EQ(x.pairs[2].recipient_province, "宁夏回族自治区");
    EXPECT_EQ(x.pairs[2].basis, DirectionBasis::Context);  // from the block of list lines
    const auto y = extract_pairs("1. 河北省张家口市（燕山-太行山片区）——北京市");
    EXPECT_EQ(triples(y), (std::vector<Triple>{{"张家口市", "北京市", "燕山-太行山片区"}}));
    EXPECT_EQ(y.pairs[0].recipient_province, "河北省");
    const auto z = extract_pairs("1. 梅州市（赣闽粤原中央苏区）——广州市（广东）");
    EXPECT_EQ(z.pairs[0].partner_province, "广东");
    // A city prefix is split off into the parent: the county is the name.
    const auto w = extract_pairs("上海市闵行区对口帮扶云南省红河州元阳县。");
    EXPECT_EQ(triples(w), (std::vector<Triple>{{"元阳县", "闵行区", ""}}));
    EXPECT_EQ(w.pairs[0].recipient_parent, "红河州");
    EXPECT_EQ(w.pairs[0].recipient_province, "云南省");
    EXPECT_EQ(w.pairs[0].partner_parent, "上海市");
}

// ---- noise ---------------------------------------------------------------------------

TEST(Text, NoiseIsIgnored) {
    const std::string page =
        "欢迎来到 某某医院 哪家医院好\n全国咨询热线: 020-123456789\n地址:联系地址联系地址\n电话:020-123456789\n"
        "邮箱:admin@aa.com\n三河镇旧寨村的大埔火车站。(吴腾江摄)\n(资料图)\n梅州日报记者:黄科\n编辑:黄振韬\n0.8104\n"
        "Copyright © 2024 Powered by 某某医院\n国家广州其中梅州市(赣闽粤原中央苏区)与广州市建立对口合作关系。发改发方\n"
        "2. 六安市(大别山革命老区)——上海市 专家\n";
    const auto x = extract_pairs(page);
    EXPECT_EQ(triples(x), (std::vector<Triple>{{"梅州市", "广州市", "赣闽粤原中央苏区"}, {"六安市", "上海市", "大别山革命老区"}}));
    EXPECT_TRUE(x.warnings.empty());
}

TEST(Text, PhotoCaptionAboutAPairIsNotAStatement) {
    EXPECT_TRUE(read("赣州市与深圳市签约现场。（张三摄）").empty());
}

TEST(Text, Html) {
    const std::string page =
        "<html><head><script>var s = \"赣州市——深圳市\";</script><style>p{}</style></head><body>\n"
        "<!-- 龙岩市——广州市 -->\n<ul><li>1. 梅州市（赣闽粤原中央苏区）&mdash;&mdash;广州市</li>"
        "<li>2.&nbsp;延安市（陕甘宁革命老区）&#x2014;无锡市</li></ul>\n"
        "<table><tr><th>受援城市</th><th>支援城市</th></tr>\n<tr>\n <td>遵义市</td>\n <td>珠海市</td>\n</tr></table>"
        "</body></html>";
    const auto x = extract_pairs(page);
    EXPECT_EQ(triples(x), (std::vector<Triple>{{"梅州市", "广州市", "赣闽粤原中央苏区"},
                                               {"延安市", "无锡市", "陕甘宁革命老区"},
                                               {"遵义市", "珠海市", ""}}));
    EXPECT_EQ(span_of(x, 0), "梅州市（赣闽粤原中央苏区）&mdash;&mdash;广州市");
    EXPECT_EQ(x.pairs[2].line, 6);  // the <tr> spans lines 5-8; 遵义市 is on line 6
    EXPECT_EQ(span_of(x, 2), "遵义市</td>\n <td>珠海市");
}

TEST(Text, HtmlRowspanRepeatsTheCellInEveryRowItSpans) {
    // A region cell over three rows, a partner cell over two; "结对区" is the side opposite 受援县.
    const std::string page =
        "<h2>天津市区结对帮扶甘肃省县(区)情况表</h2>\n<table>\n"
        "<tr><th>所在市</th><th>受援县(区)</th><th>天津结对区</th></tr>\n"
        "<tr><td rowspan=\"3\">平凉市</td><td>崆峒区</td><td rowspan='2'>河西区</td></tr>\n"
        "<tr><td>庄浪县</td></tr>\n"
        "<tr><td>泾川县</td><td>武清区</td></tr>\n"
        "<tr><td ROWSPAN=2>兰州市</td><td>皋兰县</td><td>东丽区</td></tr>\n"
        "<tr><td>永登县</td><td>宝坻区</td></tr>\n"
        "</table>";
    const auto x = extract_pairs(page);
    EXPECT_EQ(triples(x), (std::vector<Triple>{{"崆峒区", "河西区", "平凉市"},
                                               {"庄浪县", "河西区", "平凉市"},
                                               {"泾川县", "武清区", "平凉市"},
                                               {"皋兰县", "东丽区", "兰州市"},
                                               {"永登县", "宝坻区", "兰州市"}}));
    for (const auto& p : x.pairs) EXPECT_EQ(p.basis, DirectionBasis::Header);
    EXPECT_EQ(x.pairs[1].line, 5);  // the repeated cells stay on the row that repeats them
    // A row whose both sides are repeated still has a span of its own, inside its row.
    const auto y = extract_pairs("<table><tr><th>受援县</th><th>帮扶区</th></tr>"
                                 "<tr><td rowspan=2>崆峒区</td><td rowspan=2>河西区</td></tr>\n<tr></tr></table>");
    ASSERT_EQ(y.pairs.size(), 1u);
    ASSERT_EQ(y.mentions.size(), 1u);
    EXPECT_LT(y.mentions[0].statement.start, y.mentions[0].statement.end);
    EXPECT_EQ(y.mentions[0].statement.line, 2);
    for (const auto& w : x.warnings) ADD_FAILURE() << w.line << ": " << w.reason;
    // The title pairs groups (天津市区 = Tianjin's districts), not 天津市 with 甘肃省.
    ASSERT_EQ(x.unread.size(), 1u);
    EXPECT_EQ(x.unread[0].line, 1);
    EXPECT_NE(x.unread[0].reason.find("groups of places"), std::string::npos);
}

TEST(Text, GroupsOfPlacesAreNotPairs) {
    EXPECT_TRUE(read("宁波市各区县(市)与延边州各市县结对。").empty());
    EXPECT_TRUE(read("天津市区结对帮扶甘肃省县(区)。").empty());
    // 承德各部门 is not a group of places; 沙市区 is a name.
    EXPECT_EQ(read("天津市对口帮扶承德市,承德各部门通力合作。"), (std::vector<Triple>{{"承德市", "天津市", ""}}));
    EXPECT_EQ(read("武汉市江岸区对口支援荆州市沙市区。"), (std::vector<Triple>{{"沙市区", "江岸区", ""}}));
}

// ---- scripts and encodings ----------------------------------------------------------------

TEST(Text, TraditionalScriptIsSimplifiedAndTheSpanKeepsTheOriginal) {
    const auto x = extract_pairs("說明\n1. 贛州市（贛閩粵原中央蘇區）——深圳市\n恩施州（湘鄂渝黔革命老區）與杭州市建立對口合作關係。");
    EXPECT_EQ(triples(x), (std::vector<Triple>{{"赣州市", "深圳市", "赣闽粤原中央苏区"},
                                               {"恩施州", "杭州市", "湘鄂渝黔革命老区"}}));
    EXPECT_EQ(span_of(x, 0), "贛州市（贛閩粵原中央蘇區）——深圳市");
    EXPECT_EQ(x.pairs[0].text, "1. 贛州市（贛閩粵原中央蘇區）——深圳市");
    EXPECT_EQ(x.pairs[1].line, 3);
}

TEST(Text, SimplifiedTextIsNotConverted) {
    // t2s would turn 乾 into 干; a simplified line keeps it.
    EXPECT_EQ(read("1. 乾安县——上海市闵行区", DefaultOrder::RecipientFirst),
              (std::vector<Triple>{{"乾安县", "闵行区", ""}}));
}

TEST(Text, InvalidUtf8Strict) {
    try {
        extract_pairs("赣州市——深圳市\n1. \xE8\xB5\xA3\xFF", {});
        FAIL() << "no error";
    } catch (const InputError& e) {
        EXPECT_EQ(e.line(), 2);
        EXPECT_EQ(e.source(), "<string>");
        EXPECT_NE(std::string(e.what()).find("byte offset 31"), std::string::npos) << e.what();
    }
    EXPECT_THROW(extract_pairs(std::string("a\0b", 3)), InputError);
    EXPECT_THROW(extract_pairs(std::string("\xFF\xFEh\0i\0", 6)), InputError);
}

TEST(Text, InvalidUtf8Replace) {
    TextOptions options;
    options.errors = Utf8Errors::Replace;
    // Maximal subparts, as Python: E2 82 (truncated) is one U+FFFD; E0 80 are two.
    const auto x = extract_pairs("1. \xE2\x82赣州市(赣闽粤原中央苏区)——深圳市\xE0\x80\n", options);
    EXPECT_EQ(x.text, "1. \xEF\xBF\xBD赣州市(赣闽粤原中央苏区)——深圳市\xEF\xBF\xBD\xEF\xBF\xBD\n");
    ASSERT_EQ(x.pairs.size(), 0u);  // "\uFFFD赣州市" is not a name
    const auto y = extract_pairs("1. 赣州市(赣闽粤原中央苏区)——深圳市\n\xFF\xFE\xF0\x9F\x98\n", options);
    EXPECT_EQ(triples(y), (std::vector<Triple>{{"赣州市", "深圳市", "赣闽粤原中央苏区"}}));
    EXPECT_EQ(y.pairs[0].start, 3);
    EXPECT_EQ(y.text.substr(y.text.size() - 10), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\n");
}

// ---- pairs, mentions, warnings ------------------------------------------------------------

TEST(Text, ListStatementIsPreferredToProse) {
    const auto x = extract_pairs("其中梅州市(赣闽粤原中央苏区)与广州市建立对口合作关系。\n\n1. 梅州市(赣闽粤原中央苏区)——广州市\n"
                                 "1. 梅州市(赣闽粤原中央苏区)——广州市\n");
    ASSERT_EQ(x.pairs.size(), 1u);
    EXPECT_EQ(x.pairs[0].line, 3);
    EXPECT_EQ(x.pairs[0].form, StatementForm::List);
    ASSERT_EQ(x.mentions.size(), 2u);
    EXPECT_EQ(x.mentions[0].statement.line, 1);
    EXPECT_EQ(x.mentions[1].statement.line, 4);
}

TEST(Text, SelfPairsManyToManyAndReversedPairsAreWarnings) {
    const auto self = extract_pairs("1. 赣州市(赣闽粤原中央苏区)——赣州市");
    EXPECT_TRUE(self.pairs.empty());
    ASSERT_EQ(self.warnings.size(), 1u);
    EXPECT_NE(self.warnings[0].reason.find("with itself"), std::string::npos);
    const auto many = extract_pairs("1. 赣州市、吉安市——深圳市、东莞市");
    EXPECT_TRUE(many.pairs.empty());
    ASSERT_EQ(many.warnings.size(), 1u);
    const auto reversed = extract_pairs("上海市帮扶六安市。\n六安市帮扶上海市。");
    EXPECT_EQ(reversed.pairs.size(), 2u);
    ASSERT_EQ(reversed.warnings.size(), 1u);
    EXPECT_EQ(reversed.warnings[0].line, 2);
}

TEST(Text, StructuredLineThatCannotBeReadIsAWarning) {
    const auto x = extract_pairs("3. 赣州市(赣闽粤原中央苏区)——\n");
    EXPECT_TRUE(x.pairs.empty());
    ASSERT_EQ(x.warnings.size(), 1u);
    EXPECT_EQ(x.warnings[0].text, "3. 赣州市(赣闽粤原中央苏区)——");
}

TEST(Text, EmptyAndBlankInputs) {
    for (const char* text : {"", "\n", "\r\n\r\n", "   \t  ", "<p></p>", "&amp;"}) {
        const auto x = extract_pairs(text);
        EXPECT_TRUE(x.pairs.empty() && x.warnings.empty()) << text;
    }
}

TEST(Text, SpansIndexTheTextAndLinesCountNewlines) {
    const auto x = extract_pairs("\xEF\xBB\xBF标题\r\n\r\n（2）延安市(陕甘宁革命老区)--无锡市\r\n");
    ASSERT_EQ(x.pairs.size(), 1u);
    EXPECT_EQ(x.pairs[0].line, 3);
    EXPECT_EQ(span_of(x, 0), "延安市(陕甘宁革命老区)--无锡市");
    EXPECT_EQ(x.pairs[0].text, "（2）延安市(陕甘宁革命老区)--无锡市");
}

TEST(Text, ReadsFilesAndNamesThemInErrors) {
    EXPECT_THROW(duikou::io::read_text_document("/nonexistent/doc.txt"), duikou::io::FileError);
}

// ---- issue 13: real-page formats, with and without a dictionary of known names ----------

std::shared_ptr<const duikou::io::PlaceNames> small_dictionary() {
    // form, name, level, prefecture, province: a few units, as the gazetteer gives them.
    return std::make_shared<duikou::io::PlaceNames>(
        std::vector<std::string>{"广东省", "广东", "潮州市", "潮州", "中山市", "中山", "甘孜藏族自治州", "甘孜",
                                 "泸定县", "泸定", "温州市", "温州"},
        std::vector<std::string>{"广东省", "广东省", "潮州市", "潮州市", "中山市", "中山市", "甘孜藏族自治州",
                                 "甘孜藏族自治州", "泸定县", "泸定县", "温州市", "温州市"},
        std::vector<std::string>{"province", "province", "city", "city", "city", "city", "city", "city", "county",
                                 "county", "city", "city"},
        std::vector<std::string>{"", "", "潮州市", "潮州市", "中山市", "中山市", "甘孜藏族自治州", "甘孜藏族自治州",
                                 "甘孜藏族自治州", "甘孜藏族自治州", "温州市", "温州市"},
        std::vector<std::string>{"广东省", "广东省", "广东省", "广东省", "广东省", "广东省", "四川省", "四川省",
                                 "四川省", "四川省", "浙江省", "浙江省"});
}

TEST(Text, DictionaryReadsNamesWithoutSuffixes) {
    TextOptions options;
    const std::string text = "会上确定,中山对口帮扶潮州。";
    EXPECT_TRUE(extract_pairs(text, options).pairs.empty());  // no suffix, no dictionary: no names
    options.names = small_dictionary();
    EXPECT_EQ(triples(extract_pairs(text, options)), (std::vector<Triple>{{"潮州", "中山", ""}}));
    EXPECT_THROW(duikou::io::PlaceNames({"a"}, {}, {}, {}, {}), std::invalid_argument);
    EXPECT_THROW(duikou::io::PlaceNames({"a"}, {"a"}, {"town"}, {""}, {""}), std::invalid_argument);
}

TEST(Text, ConventionAndMembershipDecideDirection) {
    TextOptions options;
    options.names = small_dictionary();
    // East helps west: 温州 (浙江) and 泸定县 (四川) named in a symmetric clause.
    const auto x = extract_pairs("泸定县与温州市建立对口协作关系。", options);
    ASSERT_EQ(x.pairs.size(), 1u);
    EXPECT_EQ(x.pairs[0].recipient, "泸定县");
    EXPECT_EQ(x.pairs[0].basis, DirectionBasis::Convention);
    // Membership: 泸定县 is in 甘孜州, the recipient of the city pair stated first.
    const auto y = extract_pairs("温州市对口支援甘孜州。结对如下:鹿城区——泸定县。", options);
    ASSERT_EQ(y.pairs.size(), 2u);
    EXPECT_EQ(y.pairs[1].recipient, "泸定县");
    EXPECT_EQ(y.pairs[1].basis, DirectionBasis::Membership);
}

std::shared_ptr<const duikou::io::PlaceNames> ningbo_yanbian() {
    // Two prefectures and a few of their county-level units, as the gazetteer gives them.
    const std::vector<std::array<std::string, 4>> units = {
        {"宁波市", "city", "宁波市", "浙江省"},     {"鄞州区", "county", "宁波市", "浙江省"},
        {"慈溪市", "county", "宁波市", "浙江省"},   {"余姚市", "county", "宁波市", "浙江省"},
        {"延边朝鲜族自治州", "city", "延边朝鲜族自治州", "吉林省"},
        {"延边州", "city", "延边朝鲜族自治州", "吉林省"},
        {"和龙市", "county", "延边朝鲜族自治州", "吉林省"}, {"龙井市", "county", "延边朝鲜族自治州", "吉林省"},
        {"延吉市", "county", "延边朝鲜族自治州", "吉林省"}};
    std::vector<std::string> forms, names, levels, prefectures, provinces;
    for (const auto& u : units) {
        forms.push_back(u[0]);
        names.push_back(u[0] == "延边州" ? "延边朝鲜族自治州" : u[0]);
        levels.push_back(u[1]);
        prefectures.push_back(u[2]);
        provinces.push_back(u[3]);
    }
    return std::make_shared<duikou::io::PlaceNames>(forms, names, levels, prefectures, provinces);
}

TEST(Text, HeaderOfParentsDecidesItsRowsAndIsNoPair) {
    TextOptions options;
    options.names = ningbo_yanbian();
    // Cells end with a separator; the first row names the columns' parents, not roles.
    const auto x = extract_pairs("宁波市区县(市)与延边州市县结对一览\n宁波市|延边州|\n鄞州区|和龙市|\n慈溪市、余姚市|龙井市|\n",
                                 options);
    EXPECT_EQ(triples(x), (std::vector<Triple>{{"和龙市", "鄞州区", "延边州"},
                                               {"龙井市", "慈溪市", "延边州"},
                                               {"龙井市", "余姚市", "延边州"}}));
    for (const auto& p : x.pairs) EXPECT_EQ(p.basis, DirectionBasis::Header);  // 浙江 helps 吉林: the header's pair
    ASSERT_FALSE(x.unread.empty());  // the header says why it gives no pair
    EXPECT_NE(x.unread.back().reason.find("parents of the two columns"), std::string::npos);
    // Rows that are not units of the header's places: an ordinary two-cell row, no header of parents.
    const auto y = extract_pairs("宁波市|延边州|\n和龙市|鄞州区|\n", options);
    for (const auto& p : y.pairs) EXPECT_NE(p.basis, DirectionBasis::Header);
}

TEST(Text, PdfTextTableAlignedWithSpaces) {
    TextOptions options;
    options.names = ningbo_yanbian();
    const auto x = extract_pairs("   结对表\n\n  宁波市         延边朝鲜族自治州      备注\n"
                                 "  鄞州区         和龙市\n  慈溪市         龙井市                2017年起\n\n"
                                 "                    — 3 —\n\n  余姚市         延吉市\n",
                                 options);
    EXPECT_EQ(triples(x), (std::vector<Triple>{{"和龙市", "鄞州区", "延边朝鲜族自治州"},
                                               {"龙井市", "慈溪市", "延边朝鲜族自治州"},
                                               {"延吉市", "余姚市", "延边朝鲜族自治州"}}));  // across the page number
    EXPECT_EQ(x.pairs[2].line, 9);
    EXPECT_TRUE(x.warnings.empty());
}

TEST(Text, TwoNamesWithoutAWordArePairedByMembershipOnly) {
    TextOptions options;
    options.names = ningbo_yanbian();
    // The lead names the two cities' groups; 浙江 helps 吉林; each line's names fall on the two sides.
    const auto x = extract_pairs("宁波市各区县(市)与延边州各市县结对:\n余姚市、延吉市\n龙井市、慈溪市\n", options);
    EXPECT_EQ(triples(x), (std::vector<Triple>{{"延吉市", "余姚市", ""}, {"龙井市", "慈溪市", ""}}));
    for (const auto& p : x.pairs) EXPECT_EQ(p.basis, DirectionBasis::Membership);
    // The issuer's 我市 and one space between the names.
    const auto y = extract_pairs("宁波市人民政府办公厅\n我市各区县(市)与延边州各市县结对如下:\n鄞州区 和龙市\n", options);
    EXPECT_EQ(triples(y), (std::vector<Triple>{{"和龙市", "鄞州区", ""}}));
    // One space in prose under a header is no row: only full names on both sides are.
    const auto w = extract_pairs("帮扶方——受援方\n鄞州区——和龙市\n宁波市 对口支援延边州\n", options);
    EXPECT_EQ(triples(w), (std::vector<Triple>{{"和龙市", "鄞州区", ""}, {"延边州", "宁波市", ""}}));
    // No pair the document states puts them on two sides: reported, never guessed, not even with default_order.
    options.default_order = DefaultOrder::PartnerFirst;
    const auto z = extract_pairs("名单\n余姚市、延吉市\n鄞州区 慈溪市\n", options);
    EXPECT_TRUE(z.pairs.empty());
    ASSERT_EQ(z.unread.size(), 2u);
    EXPECT_NE(z.unread[0].reason.find("two names without a pairing word"), std::string::npos);
}

TEST(Text, AnAbbreviationOfTwoPlacesIsEvidenceOfMembership) {
    TextOptions options;
    options.names = ningbo_yanbian();
    // 甬 is 宁波 (its official abbreviation), 延 the first character of 延边: the lines' names fall on the two sides.
    const auto x = extract_pairs("甬延对口帮扶协作区县结对名单\n余姚市、延吉市\n和龙市 鄞州区\n", options);
    EXPECT_EQ(triples(x), (std::vector<Triple>{{"延吉市", "余姚市", ""}, {"和龙市", "鄞州区", ""}}));
    for (const auto& p : x.pairs) EXPECT_EQ(p.basis, DirectionBasis::Membership);
    // An abbreviation of places the document does not name is no evidence (京津冀协作): nothing is guessed.
    const auto y = extract_pairs("京津冀协作发展\n余姚市、延吉市\n", options);
    EXPECT_TRUE(y.pairs.empty());
    ASSERT_EQ(y.unread.size(), 1u);
    EXPECT_EQ(y.unread[0].line, 2);
}

TEST(Text, IssuerPronounsNameTheIssuer) {
    // The title names 赣州市 first; the page is 深圳's: 我市 is the issuer, not the first city named.
    const auto x = extract_pairs("赣州市与深圳市签署对口合作协议\n深圳市人民政府办公厅\n我市对口帮扶寻乌县。\n");
    ASSERT_EQ(x.pairs.size(), 2u);
    EXPECT_EQ(x.pairs[1].recipient, "寻乌县");
    EXPECT_EQ(x.pairs[1].partner, "深圳市");
    // Without an issuer line, the first place of that level, as before.
    const auto y = extract_pairs("宁波市对口帮扶延边州。\n我市对口帮扶汪清县。\n");
    ASSERT_EQ(y.pairs.size(), 2u);
    EXPECT_EQ(y.pairs[1].partner, "宁波市");
}

TEST(Text, ReplacedPairsKeepOnlyTheNewPair) {
    const auto x = extract_pairs("广东由结对帮扶四川、云南改为结对帮扶贵州。佛山市由援建凉山州改为援建黔东南州。\n"
                                 "晋中市原先由5个县(区、市)共同帮扶榆社县,现调整为由介休市结对帮扶榆社县。\n"
                                 "广东由原来结对帮扶广西、四川,调整为结对帮扶广西、贵州两省区。");
    EXPECT_EQ(triples(x), (std::vector<Triple>{{"贵州", "广东", ""}, {"黔东南州", "佛山市", ""},
                                               {"榆社县", "介休市", ""}, {"广西", "广东", ""}}));
    EXPECT_TRUE(x.warnings.empty());
    // Alone on its line, a former pair is reported with the reason.
    const auto y = extract_pairs("佛山市由援建凉山州改为援建黔东南州。\n佛山市援建凉山州。");
    EXPECT_EQ(triples(y), (std::vector<Triple>{{"黔东南州", "佛山市", ""}}));
    ASSERT_EQ(y.unread.size(), 1u);
    EXPECT_EQ(y.unread[0].line, 2);
    EXPECT_NE(y.unread[0].reason.find("ended or was replaced"), std::string::npos);
}

TEST(Text, RespectivelyReplacedAndUnreadLines) {
    const auto x = extract_pairs("南京市、苏州市分别对口帮扶淮安市、宿迁市。\n镇江市不再帮扶连云港市。\n"
                                 "南京市代表团前往淮安市、宿迁市考察。");
    EXPECT_EQ(triples(x), (std::vector<Triple>{{"淮安市", "南京市", ""}, {"宿迁市", "苏州市", ""}}));
    ASSERT_EQ(x.unread.size(), 2u);
    EXPECT_EQ(x.unread[0].line, 2);
    EXPECT_NE(x.unread[0].reason.find("ended or was replaced"), std::string::npos);
    EXPECT_EQ(x.unread[1].line, 3);
    EXPECT_EQ(x.unread[1].names, "南京市、淮安市、宿迁市");
}

TEST(Text, PinyinGarbleIsDropped) {
    const auto x = extract_pairs("北京市順義區(qū)對(duì)口支援河南省西峽縣。");
    EXPECT_EQ(triples(x), (std::vector<Triple>{{"西峡县", "顺义区", ""}}));
}

TEST(Text, NumberedColonListsWithContinuationLines) {
    // The list is cut after 、 and its parenthesis is on a line of its own: each item is read as one.
    const auto x = read("1、山东省:桑珠孜区、白朗县、\n   昂仁县。(日喀则市,桑珠孜区为重点)\n"
                        "2、上海市普陀区：东川区、寻甸县。\n（昆明市，寻甸县为重点）\n3.天津市津南区:灵台县。(平凉市)");
    EXPECT_EQ(x, (std::vector<Triple>{{"桑珠孜区", "山东省", "日喀则市"}, {"白朗县", "山东省", "日喀则市"},
                                      {"昂仁县", "山东省", "日喀则市"}, {"东川区", "普陀区", "昆明市"},
                                      {"寻甸县", "普陀区", "昆明市"}, {"灵台县", "津南区", "平凉市"}}));
}

TEST(Text, PositionalListsPassiveNominalAndPlaceholders) {
    EXPECT_EQ(read("鄞州区、慈溪市负责结对支援的,分别是延吉市和珲春市。"),
              (std::vector<Triple>{{"延吉市", "鄞州区", ""}, {"珲春市", "慈溪市", ""}}));
    EXPECT_EQ(read("万州区得到上海市的对口支援。"), (std::vector<Triple>{{"万州区", "上海市", ""}}));
    EXPECT_EQ(read("盐津县接受闵行区帮扶,是昭通市四个受帮扶县之一。"), (std::vector<Triple>{{"盐津县", "闵行区", ""}}));
    EXPECT_EQ(read("定日县是松江区对口支援的县。"), (std::vector<Triple>{{"定日县", "松江区", ""}}));
    EXPECT_EQ(read("信宜市、高州市和化州市三市共同帮扶忻城县。"),
              (std::vector<Triple>{{"忻城县", "信宜市", ""}, {"忻城县", "高州市", ""}, {"忻城县", "化州市", ""}}));
    // A placeholder is never a name: the row gives no pair.
    EXPECT_TRUE(read("1、待定——汪清县\n2、图们市:结对区另行确定").empty());
}


TEST(Text, StemsStopAtWordsNoPlaceNameHolds) {
    // 这是东莞市, 开始跨区域: a stem never runs across a function word or verb.
    EXPECT_EQ(read("深圳市开始跨区域全面对口帮扶河源市。"), (std::vector<Triple>{{"河源市", "深圳市", ""}}));
    EXPECT_TRUE(read("这是东莞市连续18年对口帮扶河池市。").empty());  // not the place 这是东莞市
    EXPECT_TRUE(read("把帮扶资源和社会爱心捐助不断送到耀州区的贫困乡村。").empty());
    // 帮助 is not the pairing verb 帮.
    EXPECT_EQ(read("上海市对口支援万州区,并帮助万州区安置移民。"), (std::vector<Triple>{{"万州区", "上海市", ""}}));
    // 陜 (a variant written for 陕 on big5 pages) is read as 陕.
    EXPECT_EQ(read("天津市对口支援陜西省。"), (std::vector<Triple>{{"陕西省", "天津市", ""}}));
}

TEST(Text, ObjectsOfOnePrepositionAndGroupsAreNotPairs) {
    // 和 joins two objects of 对 or of a verb, not the two sides of a pair.
    EXPECT_TRUE(read("民政部对甘肃省和陕西省的对口支援也作了安排。").empty());
    EXPECT_TRUE(read("在对口帮扶黔西南州和万州区的基础上,再担重任。").empty());
    // A subject followed by a count of its towns is a group statement.
    EXPECT_EQ(read("东莞市对口帮扶河池市,该市11个镇对口帮扶河池市11个县。"),
              (std::vector<Triple>{{"河池市", "东莞市", ""}}));
    EXPECT_TRUE(read("江苏省三市结对帮扶安徽省三市。").empty());
    // A count after 和 that is not the number of names after it closes a longer list ...
    EXPECT_TRUE(read("信宜市、高州市和化州市三市共有110个单位与忻城县相关部门结对。").empty());
    // ... while 三县 after three names is their own count.
    EXPECT_EQ(read("东丽区与甘肃省皋兰县、甘谷县、临潭县三县结对帮扶。").size(), 3u);
    // 与/同 are tried before 和: the other side of 同 is the whole list (which side helps is
    // decided elsewhere; here every pair has 忻城县 on one side).
    const auto three = read("广东信宜市、高州市和化州市进一步深化同忻城县的粤桂协作帮扶活动。", DefaultOrder::PartnerFirst);
    ASSERT_EQ(three.size(), 3u);
    for (const auto& [recipient, partner, region] : three)
        EXPECT_TRUE(recipient == "忻城县" || partner == "忻城县") << recipient << " " << partner;
}

TEST(Text, FriendshipsBodiesAndTownsAreNotPairs) {
    EXPECT_TRUE(read("该县与临安区签订《框架协议》,双方缔结为友好县区。").empty());
    EXPECT_TRUE(read("杭州市援助来凤县工作队队员返回恩施。").empty());
    EXPECT_TRUE(read("天津市对口支援新疆工作前方指挥部创新举措。").empty());
    EXPECT_EQ(read("浙江省对口援建青川县三年,杭州市对口援建青川县的竹园镇。"),
              (std::vector<Triple>{{"青川县", "浙江省", ""}}));
}


TEST(Text, DoubledPunctuationOwnUnitsAndTheSentenceSubject) {
    // Spam mirrors double commas; 及其下辖 lists the previous name's own units; the subject
    // follows a time phrase and the verb follows 先后担负起.
    const auto x = read("30年来,,山东省认真落实部署,,先后担负起对口支援日喀则市及其下辖桑珠孜区,、白朗县,、"
                        "昂仁县3个县区的重任。");
    EXPECT_EQ(x, (std::vector<Triple>{{"日喀则市", "山东省", ""}, {"桑珠孜区", "山东省", ""},
                                      {"白朗县", "山东省", ""}, {"昂仁县", "山东省", ""}}));
}

TEST(Text, NominalObjectOfDuiAndRunTogetherSides) {
    // A对B、C的对口援建项目: B and C are helped by A.
    EXPECT_EQ(read("上海市普陀区近年来持续增加对昆明市东川区、寻甸县的对口援建项目和帮扶资金。"),
              (std::vector<Triple>{{"东川区", "普陀区", ""}, {"寻甸县", "普陀区", ""}}));
    EXPECT_TRUE(read("针对贫困县的帮扶资金逐年增加。").empty());
    // Two known places run together before a symmetric predicate (direction from the program).
    TextOptions options;
    options.names = small_dictionary();
    const auto y = extract_pairs("1996年,上海广东正式建立结对帮扶关系。", options);
    ASSERT_EQ(y.pairs.size() + y.warnings.size(), 1u);  // one statement, whichever way it is decided
    EXPECT_TRUE(extract_pairs("1996年,上海和广东正式建立结对帮扶关系。", options).pairs.size() +
                    extract_pairs("1996年,上海和广东正式建立结对帮扶关系。", options).warnings.size() == 1u);
}


TEST(Text, OwnUnitsAfterDeIncludedLaterAndStemsOfTwoKinds) {
    // 喀什地区的喀什市、疏附县: the places after 的 are the object, in the first one; 把X纳入援建范围
    // adds a recipient of the same partner.
    const auto x = extract_pairs("深圳市继续对口支援喀什地区的喀什市、塔什库尔干塔吉克自治县和疏附县,"
                                 "并把新疆生产建设兵团第三师纳入援建范围。");
    std::vector<std::pair<std::string, std::string>> got;
    for (const auto& p : x.pairs) got.emplace_back(p.recipient, p.recipient_parent);
    EXPECT_EQ(got, (std::vector<std::pair<std::string, std::string>>{{"喀什市", "喀什地区"},
                                                                     {"塔什库尔干塔吉克自治县", "喀什地区"},
                                                                     {"疏附县", "喀什地区"},
                                                                     {"第三师", ""}}));
    for (const auto& p : x.pairs) EXPECT_EQ(p.partner, "深圳市");
    // One stem with two kinds of suffix names two places (阿克苏地区, 阿克苏市) ...
    EXPECT_EQ(read("北京市对口支援阿克苏地区。北京市对口支援阿克苏市。").size(), 2u);
    // ... one stem written with and without its suffix names one place.
    EXPECT_EQ(read("北京市对口支援阿克苏地区。北京对口支援阿克苏地区。").size(), 1u);
}

TEST(Text, SubjectBeforeACommaAndMaskedNames) {
    EXPECT_EQ(read("像上海市,和六安市(大别山革命老区)、三明市(赣闽粤原中央苏区)结对。"),
              (std::vector<Triple>{{"六安市", "上海市", "大别山革命老区"}, {"三明市", "上海市", "赣闽粤原中央苏区"}}));
    // A name masked by a censoring filter is skipped; the list goes on.
    EXPECT_EQ(read("宁波市与*冈市(大别山革命老区)及丽水市(浙西南革命老区)结对。"),
              (std::vector<Triple>{{"丽水市", "宁波市", "浙西南革命老区"}}));
}


TEST(Text, SubjectsOfTheNextVerbAndPlacesAfterDe) {
    // 、 between two statements: 天津市 is the subject of the next verb, not an object of the first;
    // 河北省的保定市、张家口市: the object is the places after 的.
    EXPECT_EQ(read("北京市帮扶内蒙古自治区和河北省的保定市、张家口市、天津市帮扶甘肃省。"),
              (std::vector<Triple>{{"内蒙古自治区", "北京市", ""}, {"保定市", "北京市", ""},
                                   {"张家口市", "北京市", ""}, {"甘肃省", "天津市", ""}}));
}


TEST(Text, TwoPlacesClosedByLiangStartingAPairing) {
    TextOptions options;
    options.names = small_dictionary();
    // 两省区开始扶贫协作: the two places are paired (direction from the program); an agreement is not.
    const auto x = extract_pairs("从1996年起,广东省、四川省两省开始扶贫协作。", options);
    ASSERT_EQ(x.pairs.size(), 1u);
    EXPECT_EQ(x.pairs[0].recipient, "四川省");  // east helps west
    EXPECT_TRUE(read("广东省、四川省两省签署合作协议。").empty());
    EXPECT_TRUE(read("广东省、四川省两省开始交流。").empty());
}


TEST(Text, EventsZonesDatesAndClosedListsAreReadAsSuch) {
    TextOptions options;
    options.names = small_dictionary();
    // A place followed by 地震 names an earthquake, not the place.
    EXPECT_TRUE(extract_pairs("广东省对口支援甘孜地震灾区的重建。", options).pairs.empty());
    EXPECT_EQ(triples(extract_pairs("广东省对口支援甘孜州的泸定县。", options)),
              (std::vector<Triple>{{"泸定县", "广东省", ""}}));
    // 和 before the last item of a list that 等 and a count close joins items, not sides.
    EXPECT_TRUE(read("未承担结对任务的海南省、青海省和宁夏回族自治区等三省区另作安排。").empty());
    EXPECT_EQ(read("未承担结对任务的海南省和宁夏回族自治区对口支援。").size(), 1u);
    // The corps as a whole is its own place, not 新疆.
    EXPECT_EQ(read("天津市对口支援新疆生产建设兵团。"), (std::vector<Triple>{{"新疆生产建设兵团", "天津市", ""}}));
    // Dates between the subject and 与 (分别于…年、…年与); a zone named after a place is no place.
    EXPECT_EQ(read("温州市鹿城区分别于2016年、2019年与四川省泸定县、丹巴县建立协作关系。", DefaultOrder::PartnerFirst),
              (std::vector<Triple>{{"泸定县", "鹿城区", ""}, {"丹巴县", "鹿城区", ""}}));
    EXPECT_EQ(read("温州市鹿城区分别于2016年、2019年与四川省康定高新区、泸定县建立协作关系。", DefaultOrder::PartnerFirst),
              (std::vector<Triple>{{"泸定县", "鹿城区", ""}}));
    // A count of a place's units ends a list item before 和 (the zone after it is then dropped alone).
    EXPECT_EQ(read("浙江省援疆范围扩展为新疆生产建设兵团2个师和阿拉尔经济技术开发区。"),
              (std::vector<Triple>{{"新疆生产建设兵团", "浙江省", ""}}));
}

TEST(Text, ListsClosedByACountOfTheirOwnItems) {
    // 等 and a count equal to the names listed: the list is whole; a larger count makes the names
    // examples of a group (等N个), which is no pair.
    EXPECT_EQ(read("杭州市、宁波市、温州市等三个城市对口支援甘孜州。"),
              (std::vector<Triple>{{"甘孜州", "杭州市", ""}, {"甘孜州", "宁波市", ""}, {"甘孜州", "温州市", ""}}));
    EXPECT_TRUE(read("杭州市等8个城市和湖州市等3个县级市对口支援甘孜州。").empty());
    EXPECT_TRUE(read("杭州市、宁波市等十二个城市对口支援甘孜州。").empty());
    // A count and a word for the places (4个东部城市) before the verb closes the subjects' list.
    EXPECT_EQ(read("苏州市、无锡市、常州市3个江南城市对口帮扶铜仁市。"),
              (std::vector<Triple>{{"铜仁市", "苏州市", ""}, {"铜仁市", "无锡市", ""}, {"铜仁市", "常州市", ""}}));
    // ... also at the clause's start, with the way of helping between it and the verb.
    EXPECT_EQ(read("苏州市、无锡市2个城市采取结对方式对口帮扶铜仁市。"),
              (std::vector<Triple>{{"铜仁市", "苏州市", ""}, {"铜仁市", "无锡市", ""}}));
    EXPECT_TRUE(read("苏州市、无锡市5个城市采取结对方式对口帮扶铜仁市。").empty());  // more than it names
    // 和 after a list closed by its count adds one more item; it does not pair the two.
    EXPECT_EQ(read("江苏省负责对口支援伊宁市、霍城县2个县市和奎屯市。"),
              (std::vector<Triple>{{"伊宁市", "江苏省", ""}, {"霍城县", "江苏省", ""}, {"奎屯市", "江苏省", ""}}));
    EXPECT_TRUE(read("对口支援伊宁市、霍城县2个县市和奎屯市的工作启动。").empty());
}

TEST(Text, ApposedSubjectAndScopeOfAid) {
    // X作为…之一: X is the subject of the later clauses that start with their verb.
    EXPECT_EQ(read("2010年,中央部署援疆工作,浙江省作为援助省份之一,负责对口支援阿克苏地区。"),
              (std::vector<Triple>{{"阿克苏地区", "浙江省", ""}}));
    // The places a partner's scope of aid covers (援疆范围扩大为A、B).
    EXPECT_EQ(read("此后广东省援疆范围扩大为疏附县、伽师县。"),
              (std::vector<Triple>{{"疏附县", "广东省", ""}, {"伽师县", "广东省", ""}}));
    EXPECT_TRUE(read("广东省援疆范围内的疏附县举办展会。").empty());
}

TEST(Text, AliasDefinedInAParenthesis) {
    // 与 an alias defined in a parenthesis (简称): its members are the other side. Without a pairing
    // word, membership decides: 辽宁省援疆 puts 新疆's places on the recipients' side.
    const std::string defined = "辽宁省与两地(新疆维吾尔自治区哈密市和吐鲁番市,简称“两地”)情谊深厚。";
    const auto x = extract_pairs(defined + "辽宁省援疆多年。", TextOptions{});
    ASSERT_EQ(x.pairs.size(), 2u);
    EXPECT_EQ(triples(x), (std::vector<Triple>{{"哈密市", "辽宁省", ""}, {"吐鲁番市", "辽宁省", ""}}));
    EXPECT_EQ(x.pairs[0].basis, DirectionBasis::Membership);
    EXPECT_TRUE(read(defined).empty());  // no pairing anywhere: two names, a note
    EXPECT_TRUE(read(defined + "辽宁省援藏多年。").empty());  // the places are not in 西藏
    // An alias that the parenthesis does not define (no 简称) is not expanded.
    EXPECT_TRUE(read("辽宁省与两地(新疆维吾尔自治区哈密市和吐鲁番市)情谊深厚。辽宁省援疆多年。").empty());
}


TEST(Text, ListLinesEndingAsSentencesAndDatedPairs) {
    // Lines of a list under a heading of roles end with 。 or ; like sentences; the region in
    // parentheses after 。 still applies.
    EXPECT_EQ(read("支援地:受援地\n1、北京:和田市、墨玉县。(和田地区)\n2、天津:民丰县;"),
              (std::vector<Triple>{{"和田市", "北京", "和田地区"}, {"墨玉县", "北京", "和田地区"}, {"民丰县", "天津", ""}}));
    EXPECT_EQ(read("1、北京:和田市、墨玉县;\n2、天津:民丰县;").size(), 3u);
    EXPECT_EQ(read("|受援地|支援地|\n|和田市|北京。|\n|民丰县|天津;|"),
              (std::vector<Triple>{{"和田市", "北京", ""}, {"民丰县", "天津", ""}}));
    // A year after A与B dates the pairing; a count there is a group of places, still no pair.
    EXPECT_EQ(read("苏州市与铜仁市2013年结成对口帮扶关系。", DefaultOrder::PartnerFirst),
              (std::vector<Triple>{{"铜仁市", "苏州市", ""}}));
    EXPECT_TRUE(read("东丽区、西青区与三明市11个县结对。").empty());
    // Two names one space apart under a spaced heading of roles, the row closed like a sentence.
    EXPECT_EQ(read("支援地 受援地\n天津 民丰县。\n北京 和田市;"),
              (std::vector<Triple>{{"民丰县", "天津", ""}, {"和田市", "北京", ""}}));
    // One word of the row is no name: no pair.
    EXPECT_TRUE(read("支援地 受援地\n天津 发展较快。").empty());
}

TEST(Text, CountsOfPlacesAreNoPlaces) {
    // 八县一市 after a place counts its units; 一个县 alone names none.
    EXPECT_EQ(read("1、浙江:阿克苏地区八县一市。\n2、北京:和田市、墨玉县。"),
              (std::vector<Triple>{{"阿克苏地区", "浙江", ""}, {"和田市", "北京", ""}, {"墨玉县", "北京", ""}}));
    EXPECT_EQ(read("浙江省对口支援阿克苏地区八县一市。"), (std::vector<Triple>{{"阿克苏地区", "浙江省", ""}}));
    EXPECT_TRUE(read("江西省对口援建一个县。").empty());
    // Names with numerals in them stay names.
    EXPECT_EQ(read("1、浙江:三明市、十堰市、七台河市。").size(), 3u);
}

}  // namespace

TEST(Text, TheCampaignNameXieshouBenXiaokangPairsTwoPlaces) {
    // A与B手拉手奔小康 (also 携手奔小康, the East-West county pairing campaign) pairs A and B; the
    // program's convention (east helps west) decides the direction.
    EXPECT_EQ(read("今年以来,浙江省桐庐县与四川省旺苍县手拉手奔小康,两县往来频繁。"),
              (std::vector<Triple>{{"旺苍县", "桐庐县", ""}}));
    EXPECT_EQ(read("四川省旺苍县与浙江省桐庐县携手奔小康。"), (std::vector<Triple>{{"旺苍县", "桐庐县", ""}}));
    // 携手 without the campaign is no pairing.
    EXPECT_TRUE(read("浙江省桐庐县与四川省旺苍县携手举办农产品展销会。").empty());
}

TEST(Text, HelpGivenDecidesTheDirectionOfASymmetricPair) {
    // 湖州市和丽水市是结对单位 pairs them without saying which helps; A给了B…帮助 says it.
    const std::string pair = "湖州市和丽水市是山海协作结对单位。";
    EXPECT_EQ(read(pair + "多年来,丽水市在产业方面给了湖州市很大的帮助。"),
              (std::vector<Triple>{{"湖州市", "丽水市", ""}}));
    EXPECT_EQ(read(pair + "湖州市给予丽水市大力支持。"), (std::vector<Triple>{{"丽水市", "湖州市", ""}}));
    // Help given is no pair by itself ...
    EXPECT_TRUE(read("多年来,湖州市在产业方面给了丽水市很大的帮助。").empty());
    // ... and a letter sent is no help: the pair stays undecided (a warning).
    const auto x = extract_pairs(pair + "湖州市给丽水市寄去了贺信。", TextOptions{});
    EXPECT_TRUE(x.pairs.empty());
    EXPECT_EQ(x.warnings.size(), 1u);
}

TEST(Text, FramesAndDroppedSubjectsTakeTheNearestSubject) {
    // 在对口帮扶A和B的基础上,S…: the frame's verb has the main clause's subject, after it.
    EXPECT_EQ(read("会上获悉,在对口帮扶恩施州和黔东南州的基础上,杭州市再添一项协作任务。"),
              (std::vector<Triple>{{"恩施州", "杭州市", ""}, {"黔东南州", "杭州市", ""}}));
    // ... and none when the main clause names no subject.
    EXPECT_TRUE(read("在对口帮扶恩施州的基础上,进一步扩大协作。").empty());
    // A clause without a subject takes that of the nearest clause before it that has one, even
    // after a time phrase and a background clause.
    EXPECT_EQ(read("2015年,协作全面展开,温州市按照部署,先后对口帮扶泸定县。"),
              (std::vector<Triple>{{"泸定县", "温州市", ""}}));
    // A clause that starts with its verb has no subject of its own (助力泸定县 is no name).
    EXPECT_EQ(read("2016年,温州市对口帮扶泸定县,此后投入资金,助力泸定县全部脱贫。"),
              (std::vector<Triple>{{"泸定县", "温州市", ""}}));
}

TEST(Text, AreasAndShopsAreNoUnits) {
    // 三峡库区 (a reservoir area), 景区, 社区, 超市 end in 区 or 市 but are no administrative units.
    EXPECT_EQ(read("上海市对口支援万州区三峡库区。"), (std::vector<Triple>{{"万州区", "上海市", ""}}));
    EXPECT_TRUE(read("上海市对口支援天屿景区。").empty());
    EXPECT_TRUE(read("武清区援建爱心超市。").empty());
}

TEST(Text, PeopleSentToPlacesToCarryOutThePairing) {
    // S选派干部前往A和B等地开展对口帮扶: S (here the subject of an earlier clause) helps A and B.
    EXPECT_EQ(read("1998年,协作启动,温州市按照部署,先后选派30名干部前往甘孜州泸定县和阿坝州松潘县等地开展对口帮扶。"),
              (std::vector<Triple>{{"泸定县", "温州市", ""}, {"松潘县", "温州市", ""}}));
    EXPECT_EQ(read("温州市选派医生赴泸定县开展对口支援。"), (std::vector<Triple>{{"泸定县", "温州市", ""}}));
    EXPECT_EQ(read("温州市派出医疗队赴泸定县开展对口帮扶。"), (std::vector<Triple>{{"泸定县", "温州市", ""}}));
    EXPECT_EQ(read("温州市选派志愿者前往松潘县开展对口支援。"), (std::vector<Triple>{{"松潘县", "温州市", ""}}));
    // A visit, or people sent without a pairing verb after the places, is no pair.
    EXPECT_TRUE(read("温州市派出代表团前往泸定县考察。").empty());
    EXPECT_TRUE(read("温州市选派干部前往泸定县考察学习。").empty());
}

TEST(Text, AConjunctionStartsAUnitOfTheChainOnlyWhereItIsAUnitOfThePrevious) {
    TextOptions options;
    options.names = std::make_shared<duikou::io::PlaceNames>(
        std::vector<std::string>{"同心县", "吴忠市", "和龙市", "宁波市", "泉州市"},
        std::vector<std::string>{"同心县", "吴忠市", "和龙市", "宁波市", "泉州市"},
        std::vector<std::string>{"county", "city", "county", "city", "city"},
        std::vector<std::string>{"吴忠市", "吴忠市", "延边朝鲜族自治州", "宁波市", "泉州市"},
        std::vector<std::string>{"宁夏回族自治区", "宁夏回族自治区", "吉林省", "浙江省", "福建省"});
    // 吴忠市同心县: 同心县 is a county of 吴忠市, so 同 does not split the chain.
    const auto x = extract_pairs("泉州市对口帮扶吴忠市同心县。", options);
    ASSERT_EQ(x.pairs.size(), 1u);
    EXPECT_EQ(x.pairs[0].recipient, "同心县");
    EXPECT_EQ(x.pairs[0].recipient_parent, "吴忠市");
    // 宁波市和龙市: 和龙市 is no unit of 宁波市; the two are the sides of a pair.
    options.default_order = DefaultOrder::PartnerFirst;
    const auto y = extract_pairs("宁波市和龙市结对。", options);
    ASSERT_EQ(y.pairs.size(), 1u);
    EXPECT_EQ(y.pairs[0].partner, "宁波市");
    EXPECT_EQ(y.pairs[0].recipient, "和龙市");
}

TEST(Text, AMeetingNamedAfterAPairNamesThePair) {
    TextOptions options;
    options.names = small_dictionary();
    // 召开A——B…协作联席会议: the pair (direction from the program: east helps west).
    const auto x = extract_pairs("昨日,两地召开温州市——泸定县东西部协作联席会议。", options);
    ASSERT_EQ(x.pairs.size(), 1u);
    EXPECT_EQ(x.pairs[0].recipient, "泸定县");
    EXPECT_EQ(x.pairs[0].partner, "温州市");
    // A meeting about something else, or no meeting, names no pair.
    EXPECT_TRUE(extract_pairs("昨日,两地召开温州市——泸定县旅游推介会。", options).pairs.empty());
    EXPECT_TRUE(extract_pairs("昨日,两地召开温州市——泸定县东西部协作。", options).pairs.empty());
}

TEST(Text, BareDuikouBeforeAPlaceIsTheDirectedVerb) {
    // A对口B (B a place): A helps B, as 对口帮扶 says; a list of such clauses pairs each in turn,
    // the province prefix on each object included.
    EXPECT_EQ(read("无锡市对口云南省普洱市,南通市对口陕西省安康市。"),
              (std::vector<Triple>{{"普洱市", "无锡市", ""}, {"安康市", "南通市", ""}}));
    EXPECT_EQ(read("其中台州市对口四川省广元市、湖州市对口四川省阿坝州、丽水市对口四川省巴中市。"),
              (std::vector<Triple>{{"广元市", "台州市", ""}, {"阿坝州", "湖州市", ""}, {"巴中市", "丽水市", ""}}));
    // 对口 starting another word (对口单位, 对口部门) is no verb.
    EXPECT_TRUE(read("无锡市对口单位赴六盘水市考察。").empty());
    EXPECT_TRUE(read("无锡市对口部门与六盘水市对接。").empty());
}

TEST(Text, LightVerbsBeforeAPairingProgramStartTheSymmetricPredicate) {
    // A和B(进一步)加强/深化 + the name of a pairing program: a pair, as A和B开展扶贫协作 is.
    EXPECT_EQ(read("福建省和宁夏回族自治区进一步加强扶贫协作。", DefaultOrder::PartnerFirst).size(), 1u);
    EXPECT_EQ(read("福建省与宁夏回族自治区深化了东西部协作。", DefaultOrder::PartnerFirst).size(), 1u);
    // Before any cooperation or an exchange they state no pairing.
    EXPECT_TRUE(read("福建省和宁夏回族自治区进一步加强合作。").empty());
    EXPECT_TRUE(read("福建省和宁夏回族自治区深化交流。").empty());
}

TEST(Text, LianheJoinsTheHelpingSide) {
    // A联合B对口帮扶C: both help C; 联合 is never read into a name.
    EXPECT_EQ(read("温州市联合台州市对口帮扶四川省阿坝州。"),
              (std::vector<Triple>{{"阿坝州", "温州市", ""}, {"阿坝州", "台州市", ""}}));
    // A、B联合帮扶C (联合 as "jointly", like 共同): both help C.
    EXPECT_EQ(read("温州市、台州市联合对口帮扶阿坝州。"),
              (std::vector<Triple>{{"阿坝州", "温州市", ""}, {"阿坝州", "台州市", ""}}));
    // 联合 before other bodies (多部门) adds no partner.
    EXPECT_EQ(read("温州市联合多个部门对口帮扶阿坝州。"), (std::vector<Triple>{{"阿坝州", "温州市", ""}}));
}

TEST(Text, AnAgreementThatNamesNoPairingIsNoPair) {
    // Two governments signing an agreement about something else (tourism, trade) pair nothing.
    EXPECT_TRUE(read("贵州省人民政府与浙江省人民政府签署了文化旅游合作协议。").empty());
    EXPECT_TRUE(read("贵州省与浙江省签订经贸合作备忘录。").empty());
    // An agreement that names the pairing, or a pairing named in the same sentence, still pairs.
    EXPECT_EQ(read("贵州省人民政府与浙江省人民政府签署了对口帮扶框架协议。", DefaultOrder::PartnerFirst).size(), 1u);
    EXPECT_EQ(read("贵州省与浙江省签订东西部扶贫协作协议。", DefaultOrder::PartnerFirst).size(), 1u);
}

TEST(Text, ACountOfSchoolsOrHospitalsAfterAPlaceIsAboutThem) {
    // A与B三十所学校结对, A三家医院帮扶B, A帮扶B五所中学: the institutions pair, not the places.
    EXPECT_TRUE(read("上城区与来凤县三十所学校建立了结对关系。").empty());
    EXPECT_TRUE(read("上城区与来凤县十多所学校建立了结对关系。").empty());
    EXPECT_TRUE(read("上城区三家医院对口帮扶来凤县。").empty());
    EXPECT_TRUE(read("上城区对口帮扶来凤县五所中学。").empty());
    // The places themselves, with the schools named apart, still pair.
    EXPECT_EQ(read("上城区对口帮扶来凤县,两地共有三十所学校参与。"), (std::vector<Triple>{{"来凤县", "上城区", ""}}));
    EXPECT_EQ(read("上城区与来凤县建立了结对关系,三十所学校参与。", DefaultOrder::PartnerFirst).size(), 1u);
}

TEST(Text, WeInAQuoteIsTheSpeakersPlace) {
    // 副州长介绍:“A与我们结对…”: 我们 is the speaker's place, the last place of the title's level
    // (州) named before it.
    const auto x = read("在楚雄州的发布会上,副州长介绍:“上海市闵行区与我们结对帮扶以来,合作越来越密。”",
                        DefaultOrder::PartnerFirst);
    ASSERT_EQ(x.size(), 1u);
    EXPECT_EQ(std::get<0>(x[0]), "楚雄州");
    EXPECT_EQ(std::get<1>(x[0]), "闵行区");
    // Without a speaker's title, or no place of its level before it, 我们 is no side and never a name.
    EXPECT_TRUE(read("在楚雄州的发布会上,有人说:“上海市闵行区与我们结对帮扶以来,合作越来越密。”").empty());
    EXPECT_TRUE(read("在楚雄州的发布会上,副县长介绍:“上海市闵行区与我们结对帮扶以来,合作越来越密。”").empty());
}

TEST(Text, FupinXiezuoBeforeAKnownPlaceIsADirectedVerb) {
    // 要把扶贫协作B(…)当成…: the sentence's subject helps B, a place the reader knows.
    EXPECT_EQ(read("萧山区承担结对任务,要把扶贫协作四川省脱贫当成分内事。"),
              (std::vector<Triple>{{"四川省", "萧山区", ""}}));
    EXPECT_EQ(read("萧山区要把对口帮扶四川省当成分内事。"), (std::vector<Triple>{{"四川省", "萧山区", ""}}));
    // Before anything else 扶贫协作 is the program's name (扶贫协作工作, 扶贫协作资金).
    EXPECT_TRUE(read("萧山区承担结对任务,要把扶贫协作工作当成分内事,四川省也有安排。").empty());
}

std::shared_ptr<const duikou::io::PlaceNames> chongzuo() {
    // A prefecture and two of its counties, one with 等 in its name, as the gazetteer gives them.
    const std::vector<std::array<std::string, 3>> units = {
        {"崇左市", "崇左市", "city"}, {"崇左", "崇左市", "city"},   {"天等县", "天等县", "county"},
        {"天等", "天等县", "county"}, {"大新县", "大新县", "county"}, {"大新", "大新县", "county"}};
    std::vector<std::string> forms, names, levels, prefectures, provinces;
    for (const auto& u : units) {
        forms.push_back(u[0]);
        names.push_back(u[1]);
        levels.push_back(u[2]);
        prefectures.push_back("崇左市");
        provinces.push_back("广西壮族自治区");
    }
    return std::make_shared<duikou::io::PlaceNames>(forms, names, levels, prefectures, provinces);
}

TEST(Text, DengInsideAKnownNameEndsNeitherTheNameNorTheList) {
    TextOptions options;
    options.names = chongzuo();
    auto read_known = [&](const std::string& text) { return triples(extract_pairs(text, options)); };
    // 天等县 is a county: its 等 is no "etc.", with or without the prefecture before it.
    EXPECT_EQ(read_known("佛山市顺德区结对帮扶崇左市天等县。"), (std::vector<Triple>{{"天等县", "顺德区", ""}}));
    EXPECT_EQ(read_known("佛山市结对帮扶崇左天等。"), (std::vector<Triple>{{"天等", "佛山市", ""}}));
    EXPECT_EQ(read_known("崇左市天等县由佛山市顺德区结对帮扶。"), (std::vector<Triple>{{"天等县", "顺德区", ""}}));
    EXPECT_EQ(read_known("天等县、大新县由佛山市结对帮扶。"),
              (std::vector<Triple>{{"天等县", "佛山市", ""}, {"大新县", "佛山市", ""}}));
    const auto x = extract_pairs("佛山市顺德区结对帮扶崇左市天等县。", options);
    ASSERT_EQ(x.pairs.size(), 1u);
    EXPECT_EQ(x.pairs[0].recipient_parent, "崇左市");
    // 等 as "etc." still ends a list and still makes one name an example of a group.
    EXPECT_EQ(read_known("佛山市结对帮扶大新县、天等县等地。"),
              (std::vector<Triple>{{"大新县", "佛山市", ""}, {"天等县", "佛山市", ""}}));
    EXPECT_TRUE(read_known("佛山等6个市结对帮扶崇左市。").empty());
    EXPECT_TRUE(read_known("佛山、江门等四市结对帮扶崇左市。").empty());
}

TEST(Text, ANumberedHeadingWithTopicsIsNoList) {
    // "N. 标题:甲、乙": a numbered heading and its topics, no place on either side.
    EXPECT_TRUE(read("2. 民生保障:住房、医疗、养老全面改善。").empty());
    EXPECT_TRUE(read("(三)产业发展:种植、加工、物流").empty());
    // A numbered list of places still reads when one side names a place the reader is sure of:
    // a province, or names with suffixes (the other side may be a short name).
    EXPECT_EQ(read("1、浙江:丽水、衢州"), (std::vector<Triple>{{"丽水", "浙江", ""}, {"衢州", "浙江", ""}}));
    EXPECT_EQ(read("1. 宁波:和龙市、龙井市"), (std::vector<Triple>{{"和龙市", "宁波", ""}, {"龙井市", "宁波", ""}}));
}

TEST(Text, DeterminersAndPronounsBeforeALevelWordAreNoNames) {
    // 各县, 每区, 全县: each, every, the whole; no pair, not even a stem run across them (援助各县).
    EXPECT_TRUE(read("苏州市结对援助各县。").empty());
    EXPECT_TRUE(read("苏州市结对援助每区一个村。").empty());
    EXPECT_TRUE(read("苏州市结对援助全县20个村。").empty());
    // 我州, 本县: a pronoun that no place of the document resolves is no pair; the line says why.
    const auto x = extract_pairs("苏州市吴中区结对帮扶我州。", TextOptions{});
    EXPECT_TRUE(x.pairs.empty());
    ASSERT_FALSE(x.unread.empty());
    EXPECT_NE(x.unread[0].reason.find("pronoun"), std::string::npos);
    // Resolved from the issuer, it still pairs.
    EXPECT_EQ(read("铜仁市人民政府\n苏州市吴中区结对帮扶我市。"), (std::vector<Triple>{{"铜仁市", "吴中区", ""}}));
}

TEST(Text, TheWholePrefectureIsNotTheCountyQuanzhou) {
    TextOptions options;
    options.names = std::make_shared<duikou::io::PlaceNames>(
        std::vector<std::string>{"全州县", "全州", "桂林市", "桂林"},
        std::vector<std::string>{"全州县", "全州县", "桂林市", "桂林市"},
        std::vector<std::string>{"county", "county", "city", "city"},
        std::vector<std::string>{"桂林市", "桂林市", "桂林市", "桂林市"},
        std::vector<std::string>(4, "广西壮族自治区"));
    auto read_known = [&](const std::string& text) { return triples(extract_pairs(text, options)); };
    // 全州 with a count or a noun after it: the whole prefecture.
    EXPECT_TRUE(read_known("佛山市将援助延伸到全州12个乡镇。").empty());
    EXPECT_TRUE(read_known("佛山市援助全州各县。").empty());
    // 全州 where a name stands: the county.
    EXPECT_EQ(read_known("佛山市结对援助全州。"), (std::vector<Triple>{{"全州", "佛山市", ""}}));
    EXPECT_EQ(read_known("佛山市结对援助桂林市全州。"), (std::vector<Triple>{{"全州", "佛山市", ""}}));
    EXPECT_EQ(read_known("全州县由佛山市结对援助。"), (std::vector<Triple>{{"全州县", "佛山市", ""}}));
}

TEST(Text, AWordRunIntoAKnownNameIsNoName) {
    TextOptions options;
    options.names = chongzuo();
    auto read_known = [&](const std::string& text) { return triples(extract_pairs(text, options)); };
    // 协调天等县: a stem the dictionary does not know that ends in a name it knows is no name (nor the
    // pair of a few firms and villages).
    EXPECT_TRUE(read_known("协调天等县5家企业结对帮扶大新县8个村。").empty());
    // Nor is it a unit of a chain: 南宁市带领天等县 is 南宁市, then a word, then 天等县.
    EXPECT_EQ(read_known("南宁市带领天等县结对帮扶大新县。"), (std::vector<Triple>{{"大新县", "天等县", ""}}));
    // The known name itself, at the start of the clause, still is one.
    EXPECT_EQ(read_known("天等县结对帮扶大新县。"), (std::vector<Triple>{{"大新县", "天等县", ""}}));
}

TEST(Text, ASentenceBrokenBeforeEachKnownNameIsOneSentence) {
    TextOptions options;
    options.names = chongzuo();
    auto read_known = [&](const std::string& text) { return triples(extract_pairs(text, options)); };
    // A repost broke the line before each linked name; the lines end in words that need more.
    EXPECT_EQ(read_known("根据今年的安排,\n佛山市结对帮扶\n天等县和\n大新县的8个村。\n"),
              (std::vector<Triple>{{"天等县", "佛山市", ""}, {"大新县", "佛山市", ""}}));
    // Lines of a list or a table end in a name or a mark: each is read on its own.
    EXPECT_EQ(read_known("佛山市|天等县\n顺德区|大新县\n"),
              (std::vector<Triple>{{"天等县", "佛山市", ""}, {"大新县", "顺德区", ""}}));
    // A line ending in a verb before a line that starts with no known name stays apart.
    EXPECT_TRUE(read_known("佛山市结对帮扶\n百色市的村。\n").empty());
}

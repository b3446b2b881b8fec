// The text reader: seconds to read a 1 MB page (issue 13 asks under 0.5 s),
// without a dictionary of known names (/0), with a few (/1) and with the
// whole gazetteer (/2: every name and short form of gazetteer.csv and
// counties.csv, as duikou.parse_text reads by default). The page repeats paragraphs
// written for this benchmark: prose with verbs, a 分别 list, a dash list, a
// visit, noise and a table, so every stage of the reader runs.
#include <memory>
#include <string>
#include <vector>

#include "duikou/io/csv.hpp"
#include "duikou/io/text.hpp"
#include "synthetic.hpp"

namespace duikou::bench {
namespace {

const std::string& page_1mb() {
    static const std::string page = [] {
        const std::string block =
            "首页 | 新闻 | 专题 | 联系我们\n"
            "根据省里的部署,杭州市对口帮扶丽水市、衢州市;宁波市对口帮扶温州市。\n"
            "南京、苏州分别对口帮扶淮安、宿迁,镇江不再帮扶连云港。\n"
            "北京市对口支援甘孜州。结对如下:朝阳区——泸定县,海淀区——康定市。\n"
            "阿坝州松潘县由鹿城、瓯海、龙湾三区共同结对帮扶。代表团前往梅州市、河源市考察。\n"
            "序号|支援方|受援方\n1|上海市|遵义市\n2|深圳市|毕节市\n"
            "联系电话:010-12345678 版权所有\n";
        std::string text;
        while (text.size() < 1000000) text += block;
        return text;
    }();
    return page;
}

std::shared_ptr<const io::PlaceNames> names() {
    static const auto known = std::make_shared<const io::PlaceNames>(
        std::vector<std::string>{"淮安市", "淮安", "宿迁市", "宿迁", "南京市", "南京", "苏州市", "苏州", "泸定县", "泸定"},
        std::vector<std::string>{"淮安市", "淮安市", "宿迁市", "宿迁市", "南京市", "南京市", "苏州市", "苏州市",
                                 "泸定县", "泸定县"},
        std::vector<std::string>{"city", "city", "city", "city", "city", "city", "city", "city", "county", "county"},
        std::vector<std::string>{"淮安市", "淮安市", "宿迁市", "宿迁市", "南京市", "南京市", "苏州市", "苏州市",
                                 "甘孜藏族自治州", "甘孜藏族自治州"},
        std::vector<std::string>{"江苏省", "江苏省", "江苏省", "江苏省", "江苏省", "江苏省", "江苏省", "江苏省",
                                 "四川省", "四川省"});
    return known;
}

// The gazetteer's names and short forms (the former names aside), as duikou.gazetteer.place_names() lists them.
std::shared_ptr<const io::PlaceNames> gazetteer_names() {
    static const auto known = [] {
        std::vector<std::string> forms, full, levels, prefectures, provinces;
        for (const char* file : {"gazetteer.csv", "counties.csv"}) {
            const io::ColumnTable t = io::read_csv(std::string(DUIKOU_DATA_DIR) + "/" + file);
            auto text = [&](const char* column, std::size_t row) -> std::string {
                const io::Column& c = *t.find(column);
                return c.text.codes[row] == kMissing ? std::string() : std::string(c.text.labels[c.text.codes[row]]);
            };
            const bool counties = t.find("prefecture") != nullptr;
            for (std::size_t row = 0; row < t.rows(); ++row) {
                const std::string name = text("name", row), level = text("level", row);
                std::vector<std::string> its_forms{name};
                const std::string shorts = text("short_names", row);
                for (std::size_t b = 0, e; b < shorts.size(); b = e + 1) {
                    e = std::min(shorts.find('|', b), shorts.size());
                    if (e > b) its_forms.push_back(shorts.substr(b, e - b));
                }
                for (const std::string& form : its_forms) {
                    forms.push_back(form);
                    full.push_back(name);
                    levels.push_back(level);
                    prefectures.push_back(counties ? text("prefecture", row) : level == "city" ? name : "");
                    provinces.push_back(text("province", row));
                }
            }
        }
        return std::make_shared<const io::PlaceNames>(forms, full, levels, prefectures, provinces);
    }();
    return known;
}

void BM_ReadPage1MB(benchmark::State& state) {
    const std::string& text = page_1mb();
    io::TextOptions options;
    if (state.range(0) == 1) options.names = names();
    if (state.range(0) == 2) options.names = gazetteer_names();
    for (auto _ : state) benchmark::DoNotOptimize(io::extract_pairs(text, options));
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
}
BENCHMARK(BM_ReadPage1MB)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->Iterations(2);

}  // namespace
}  // namespace duikou::bench

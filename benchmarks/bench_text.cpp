// The text reader: seconds to read a 1 MB page (issue 13 asks under 0.5 s),
// without and with a dictionary of known names. The page repeats paragraphs
// written for this benchmark: prose with verbs, a 分别 list, a dash list, a
// visit, noise and a table, so every stage of the reader runs.
#include <memory>
#include <string>
#include <vector>

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

void BM_ReadPage1MB(benchmark::State& state) {
    const std::string& text = page_1mb();
    io::TextOptions options;
    if (state.range(0)) options.names = names();
    for (auto _ : state) benchmark::DoNotOptimize(io::extract_pairs(text, options));
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
}
BENCHMARK(BM_ReadPage1MB)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->Iterations(2);

}  // namespace
}  // namespace duikou::bench

// libFuzzer target for the JSON reader: any bytes either parse or raise
// io::InputError naming the source; what parses must survive
// format_json -> parse_json unchanged (columns, kinds, values, metadata), and
// formatting must be idempotent.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "duikou/io/error.hpp"
#include "duikou/io/json.hpp"
#include "duikou/validate.hpp"
#include "fuzz_support.hpp"

using namespace duikou;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    io::JsonTable doc;
    try {
        doc = io::parse_json(text, "fuzz.json");
    } catch (const io::InputError& e) {
        fuzz::require(e.source() == "fuzz.json" && e.line() >= 0, "InputError without its source");
        return 0;
    }
    io::check_columns(doc.table);  // throws (and so fails the run) on an inconsistent table

    const std::string written = io::format_json(doc.table, doc.metadata);
    const io::JsonTable again = io::parse_json(written, "again.json");
    fuzz::require_same(doc.table, again.table, "JSON round trip");
    fuzz::require(doc.metadata == again.metadata, "JSON round trip: metadata");
    fuzz::require(io::format_json(again.table, again.metadata) == written, "format_json is not idempotent");

    const io::Column* recipient = doc.table.find("recipient");
    const io::Column* partner = doc.table.find("partner");
    if (recipient && partner && recipient->kind == io::Kind::Text && partner->kind == io::Kind::Text) {
        PairTable pairs(recipient->text, partner->text);
        for (const auto& p : find_problems(pairs))
            fuzz::require(p.row >= 0 && static_cast<std::size_t>(p.row) < pairs.size(), "problem row in range");
    }
    return 0;
}

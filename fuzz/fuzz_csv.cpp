// libFuzzer target for the CSV reader: any bytes either parse or raise
// io::InputError naming the source; what parses must survive
// format_csv -> parse_csv unchanged, and formatting must be idempotent.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "duikou/io/csv.hpp"
#include "duikou/io/error.hpp"
#include "duikou/validate.hpp"
#include "fuzz_support.hpp"

using namespace duikou;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    io::ColumnTable table;
    try {
        table = io::parse_csv(text, "fuzz.csv");
    } catch (const io::InputError& e) {
        fuzz::require(e.source() == "fuzz.csv" && e.line() >= 0, "InputError without its source");
        return 0;
    }
    io::check_columns(table);  // throws (and so fails the run) on an inconsistent table
    fuzz::require(table.lines.size() == table.rows(), "one line number per row");
    for (std::size_t i = 0; i < table.lines.size(); ++i)
        fuzz::require(table.lines[i] >= 2 && (i == 0 || table.lines[i] > table.lines[i - 1]),
                      "line numbers start after the header and increase");

    const std::string written = io::format_csv(table);
    const io::ColumnTable again = io::parse_csv(written, "again.csv");
    fuzz::require_same(table, again, "CSV round trip");
    fuzz::require(io::format_csv(again) == written, "format_csv is not idempotent");

    // The pairing table the Python layer would build from these columns.
    const io::Column* recipient = table.find("recipient");
    const io::Column* partner = table.find("partner");
    if (recipient && partner) {
        PairTable pairs(recipient->text, partner->text);
        const auto problems = find_problems(pairs);
        for (const auto& p : problems)
            fuzz::require(p.row >= 0 && static_cast<std::size_t>(p.row) < pairs.size(), "problem row in range");
    }
    return 0;
}

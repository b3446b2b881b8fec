// libFuzzer target for the CSV reader: any bytes either parse or raise
// io::InputError naming the source; what parses must survive
// format_csv -> parse_csv unchanged, and formatting must be idempotent.
// read_csv, which parses a file in chunks, must give exactly what parse_csv
// gives on the whole text (table, line numbers, or error message), whatever
// the chunk size (4 to 64 bytes here, so records straddle many cuts).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "duikou/io/csv.hpp"
#include "duikou/io/error.hpp"
#include "duikou/validate.hpp"
#include "fuzz_support.hpp"

using namespace duikou;

namespace {

// One file per fuzzing process, removed when it exits normally.
const std::string& scratch_path() {
    static const struct Scratch {
        std::string path = "/tmp/duikou-fuzz-csv-" + std::to_string(::getpid()) + ".csv";
        ~Scratch() { std::remove(path.c_str()); }
    } scratch;
    return scratch.path;
}

// read_csv in small chunks against parse_csv of the whole text.
void check_chunked_reader(std::string_view text, std::size_t chunk_bytes) {
    const std::string& path = scratch_path();
    io::write_file(path, std::string(text));
    io::ColumnTable whole, chunked;
    std::string whole_error, chunked_error;
    try {
        whole = io::parse_csv(text, path);
    } catch (const io::InputError& e) {
        whole_error = e.what();
    }
    try {
        chunked = io::read_csv(path, chunk_bytes);
    } catch (const io::InputError& e) {
        chunked_error = e.what();
    }
    fuzz::require(chunked_error == whole_error, "read_csv error '" + chunked_error + "' differs from parse_csv's '" +
                                                    whole_error + "'");
    if (!whole_error.empty()) return;
    fuzz::require_same(whole, chunked, "read_csv in chunks of " + std::to_string(chunk_bytes));
    fuzz::require(whole.lines == chunked.lines, "read_csv line numbers");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (size > 0) check_chunked_reader(text, 4 + data[0] % 61);
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

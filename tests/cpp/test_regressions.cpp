// Crashes and wrong results found by fuzzing (fuzz/), the bad-input suite and
// the concurrency tests, each pinned by the input that found it.
#include <gtest/gtest.h>

#include <atomic>
#include <cerrno>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "duikou/io/csv.hpp"
#include "duikou/io/error.hpp"
#include "duikou/io/json.hpp"
#include "duikou/io/text.hpp"
#include "duikou/io/utf8.hpp"
#include "duikou/stats/concentration.hpp"
#include "duikou/stats/coverage.hpp"
#include "duikou/stats/frequency.hpp"
#include "duikou/validate.hpp"
#include "fixtures.hpp"

using namespace duikou;
using duikou::testing::coded;

namespace {
std::string text_at(const io::Column& c, std::size_t row) {
    return std::string(c.text.labels[static_cast<std::size_t>(c.text.codes[row])]);
}
}  // namespace

// fuzz_csv: a header name starting with U+FEFF was written unquoted at the
// start of the file, where the reader takes it for a byte-order mark and drops it.
TEST(Regression, CsvNameStartingWithByteOrderMarkSurvivesRoundTrip) {
    const std::string found = "\n\xEF\xBB\xBF\x08  #\n   ";
    const auto table = io::parse_csv(found, "crash.csv");
    ASSERT_EQ(table.columns.size(), 1u);
    EXPECT_EQ(table.columns[0].name, "\xEF\xBB\xBF\x08  #");
    const auto again = io::parse_csv(io::format_csv(table), "again.csv");
    ASSERT_EQ(again.columns.size(), 1u);
    EXPECT_EQ(again.columns[0].name, table.columns[0].name);
    ASSERT_EQ(again.rows(), 1u);
    EXPECT_EQ(text_at(again.columns[0], 0), "   ");
}

// fuzz_json seed: nlohmann throws out_of_range (not parse_error) for a number
// beyond a double; it escaped parse_json as a generic exception.
TEST(Regression, JsonNumberOverflowIsInputErrorWithItsLine) {
    try {
        io::parse_json("[{\"recipient\": \"a\",\n  \"partner\": 1e400}]", "big.json");
        FAIL() << "no InputError";
    } catch (const io::InputError& e) {
        EXPECT_EQ(e.source(), "big.json");
        EXPECT_EQ(e.line(), 2);
        EXPECT_NE(std::string(e.what()).find("1e400"), std::string::npos) << e.what();
    }
}

// Round trips: nlohmann reads an integer beyond 64 bits as a double, so
// 123456789012345678901234 came back as 1.2345678901234568e+23.
TEST(Regression, JsonIntegerBeyond64BitsIsRefusedNotRounded) {
    for (const char* digits : {"123456789012345678901234", "-9223372036854775809"}) {
        try {
            io::parse_json(std::string("[{\"recipient\": \"a\", \"partner\": \"b\", \"id\": ") + digits + "}]",
                           "ids.json");
            FAIL() << "no InputError for " << digits;
        } catch (const io::InputError& e) {
            EXPECT_NE(std::string(e.what()).find(digits), std::string::npos) << e.what();
        }
    }
    // the largest integers that fit, and a float with an exponent, still read
    const auto ok = io::parse_json(
        "[{\"a\": 18446744073709551615e0, \"b\": -9223372036854775808, \"c\": 9223372036854775807}]", "ok.json");
    EXPECT_EQ(ok.table.columns[0].kind, io::Kind::Real);
    EXPECT_EQ(ok.table.columns[1].integers[0], INT64_MIN);
    EXPECT_EQ(ok.table.columns[2].integers[0], INT64_MAX);
}

// fuzz_table: two int64 counts near INT64_MAX overflowed the total (UBSan: signed overflow).
TEST(Regression, ConcentrationRejectsCountsWhoseSumOverflows) {
    const std::int64_t big = INT64_MAX;
    EXPECT_THROW(stats::concentration({big, big}), std::invalid_argument);
    EXPECT_EQ(stats::concentration({big}).total, big);
}

// fuzz_table: a repeated label ('广州市' at ids 2 and 3) hid a duplicate pair
// from find_problems, which compares names through ids.
TEST(Regression, PairTableRejectsRepeatedLabels) {
    Coded recipient{{0, 0}, {"赣州市"}};
    Coded partner{{0, 1}, {"广州市", "广州市"}};
    try {
        PairTable table(recipient, partner);
        FAIL() << "repeated label accepted";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("'partner'"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("ids 0 and 1"), std::string::npos) << e.what();
    }
}

// Bad-input suite: an ifstream opens a directory and reads nothing, so a
// directory was reported as an empty file.
TEST(Regression, ReadingADirectoryIsAFileError) {
    const auto dir = std::filesystem::temp_directory_path().string();
    try {
        io::read_csv(dir);
        FAIL() << "no FileError";
    } catch (const io::FileError& e) {
        EXPECT_EQ(e.error_number(), EISDIR);
        EXPECT_EQ(e.path(), dir);
    }
    EXPECT_THROW(io::read_json(dir), io::FileError);
}

// Round trips: a NUL byte in a value made format_csv write a file that
// parse_csv refuses (it takes NUL for binary data); now the writer refuses.
TEST(Regression, CsvWriterRefusesNulBytes) {
    io::ColumnTable table;
    io::Column name;
    name.name = "recipient";
    name.text = coded({"ok", std::string("a\0b", 3)});
    table.columns.push_back(name);
    try {
        io::format_csv(table);
        FAIL() << "NUL written";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("column 'recipient', row 2"), std::string::npos) << e.what();
    }
    // JSON escapes it as \u0000 and reads it back.
    const auto back = io::parse_json(io::format_json(table, nlohmann::ordered_json::object()), "t.json");
    EXPECT_EQ(text_at(back.table.columns[0], 1), std::string("a\0b", 3));
}

// Bad-input suite: in a file with CR-only line ends an encoding error was
// reported on line 1, wherever it was.
TEST(Regression, LineNumbersCountLoneCarriageReturns) {
    EXPECT_EQ(io::line_of_offset("a\rb\r\nc\nd", 8), 4u);
    try {
        io::parse_csv("recipient,partner\ra,b\rc,\xff\r", "cr.csv");
        FAIL() << "no InputError";
    } catch (const io::InputError& e) {
        EXPECT_EQ(e.line(), 3);
    }
    try {
        io::parse_csv("recipient,partner\r\"a\rb\",c\rd\r", "cr.csv");
        FAIL() << "no InputError";
    } catch (const io::InputError& e) {
        EXPECT_EQ(e.line(), 4);  // the record of 'd' starts on line 4: the quoted field spans 2 and 3
    }
}

// Concurrency: group columns were a std::vector, so adding one (Python interns
// lazily) could move the others while statistics read them without the GIL,
// and adding a name twice replaced a column under its readers. Now columns
// stay where they are and a second add is refused. Run under ThreadSanitizer
// too (tools/sanitize.sh --thread).
TEST(Regression, StatisticsWhileAnotherThreadAddsGroupColumns) {
    std::vector<std::string> recipients, partners, regions;
    for (int i = 0; i < 3000; ++i) {
        recipients.push_back("r" + std::to_string(i % 700));
        partners.push_back("p" + std::to_string((i * 7) % 61));
        regions.push_back("g" + std::to_string(i % 13));
    }
    PairTable table(coded(recipients), coded(partners));
    table.add_group("region", coded(regions));
    const auto expected = stats::frequency(table.column("region")).counts;
    const auto expected_distinct = stats::distinct(table.column("region"), table.column("partner")).ids;

    std::atomic<bool> go{false};
    std::vector<std::thread> readers;
    std::atomic<int> mismatches{0};
    for (int t = 0; t < 4; ++t)
        readers.emplace_back([&] {
            while (!go) std::this_thread::yield();
            for (int round = 0; round < 20; ++round) {
                const Coded& region = table.column("region");  // held while columns are added
                if (stats::frequency(region).counts != expected) ++mismatches;
                if (stats::distinct(region, table.column("partner")).ids != expected_distinct) ++mismatches;
                if (find_problems(table).size() != 0) ++mismatches;
                (void)table.has_column("extra" + std::to_string(round));
            }
        });
    std::thread writer([&] {
        while (!go) std::this_thread::yield();
        for (int k = 0; k < 40; ++k) table.add_group("extra" + std::to_string(k), coded(regions));
    });
    go = true;
    writer.join();
    for (auto& r : readers) r.join();
    EXPECT_EQ(mismatches, 0);
    EXPECT_EQ(table.group_names().size(), 41u);
    EXPECT_THROW(table.add_group("region", coded(regions)), std::invalid_argument);
}

// Slow input: the CSV header was checked for repeated names pairwise, so a
// header of 80 000 names took 30 s (50 000, about 12 s); now a hash set keeps
// it linear. The repeat is still found and named.
TEST(Regression, WideCsvHeaderWithARepeatedName) {
    std::string header;
    for (int k = 0; k < 50000; ++k) header += "c" + std::to_string(k) + ",";
    const auto table = io::parse_csv(header.substr(0, header.size() - 1) + "\n", "wide.csv");
    EXPECT_EQ(table.columns.size(), 50000u);
    EXPECT_EQ(table.columns.back().name, "c49999");
    try {
        io::parse_csv(header + "c5\n", "wide.csv");
        FAIL() << "no InputError";
    } catch (const io::InputError& e) {
        EXPECT_EQ(e.field(), "c5");
        EXPECT_EQ(e.line(), 1);
    }
}

// fuzz_text: a clause made of a date and 与 from its first character (0与梅州…)
// made the check for 于 before the date read the character before the text
// (an unsigned index wrapped below zero; UBSan: pointer overflow).
TEST(Regression, DateAtTheStartOfAClauseBeforeYu) {
    for (const char* text : {"0与梅州对口合作", "2015年与梅州对口合作", "于2015年与梅州对口合作"}) {
        io::TextOptions options;
        options.source = "crash.txt";
        const auto found = io::extract_pairs(text, options);
        EXPECT_TRUE(found.pairs.empty()) << text;
    }
}

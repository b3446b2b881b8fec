#include <gtest/gtest.h>

#include "duikou/io/csv.hpp"
#include "duikou/io/error.hpp"
#include "duikou/io/json.hpp"
#include "duikou/io/utf8.hpp"

using namespace duikou;
using namespace duikou::io;

namespace {
std::string text_at(const Column& c, std::size_t row) {
    return std::string(c.text.labels[static_cast<std::size_t>(c.text.codes[row])]);
}

// Expects an InputError whose line is `line` and whose message contains `part`.
template <class F>
void expect_input_error(F&& f, std::int64_t line, const std::string& part) {
    try {
        f();
        FAIL() << "no InputError";
    } catch (const InputError& e) {
        EXPECT_EQ(e.line(), line) << e.what();
        EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
    }
}
}  // namespace

TEST(Csv, QuotesBomAndLineEnds) {
    auto t = parse_csv("\xEF\xBB\xBFrecipient,partner,note\r\n\"a,1\",b,\"say \"\"hi\"\"\"\r\nc,,\"\"\n\n\"multi\nline\",d,x\n",
                       "t.csv");
    ASSERT_EQ(t.columns.size(), 3u);
    EXPECT_EQ(t.columns[0].name, "recipient");
    ASSERT_EQ(t.rows(), 3u);
    EXPECT_EQ(text_at(t.columns[0], 0), "a,1");
    EXPECT_EQ(text_at(t.columns[2], 0), "say \"hi\"");
    EXPECT_EQ(t.columns[1].text.codes[1], kMissing);  // bare empty = missing
    EXPECT_EQ(text_at(t.columns[2], 1), "");          // quoted empty = ""
    EXPECT_EQ(text_at(t.columns[0], 2), "multi\nline");
    EXPECT_EQ(t.lines, (std::vector<std::int64_t>{2, 3, 5}));
}

TEST(Csv, RoundTripIsExact) {
    const std::string text = "recipient,partner,x\n赣州市,深圳市,\"\"\n\" lead\",\"a\"\"b\",\n\"x\ny\",\"1,2\",😀\n";
    auto t = parse_csv(text, "t.csv");
    EXPECT_EQ(format_csv(t), text);
}

TEST(Csv, ErrorsNameTheLine) {
    expect_input_error([] { parse_csv("a,b\n1,2\n3\n", "f.csv"); }, 3, "expected 2 fields");
    expect_input_error([] { parse_csv("a,b\n1,2\n\"open,3\n", "f.csv"); }, 3, "never closed");
    expect_input_error([] { parse_csv("a,b\n\"x\"y,2\n", "f.csv"); }, 2, "closing quote");
    expect_input_error([] { parse_csv("a,b\n1,\xff\n", "f.csv"); }, 2, "invalid UTF-8 at byte offset 6");
    expect_input_error([] { parse_csv("\xff\xfe" "a\0", "f.csv"); }, 1, "UTF-16");
    expect_input_error([] { parse_csv(std::string("a,b\n1,\0\n", 8), "f.csv"); }, 2, "NUL byte");
    expect_input_error([] { parse_csv("", "f.csv"); }, 0, "empty");
    expect_input_error([] { parse_csv("a,a\n", "f.csv"); }, 1, "twice");
    expect_input_error([] { parse_csv("a,\n", "f.csv"); }, 1, "no name");
}

TEST(Csv, HeaderOnlyHasNoRows) {
    auto t = parse_csv("recipient,partner\n", "f.csv");
    EXPECT_EQ(t.columns.size(), 2u);
    EXPECT_EQ(t.rows(), 0u);
}

TEST(Csv, MissingFileIsFileError) {
    EXPECT_THROW(read_csv("/nonexistent/pairs.csv"), FileError);
}

TEST(Utf8, Validation) {
    EXPECT_FALSE(first_invalid_utf8("深圳 ok 😀").has_value());
    EXPECT_EQ(first_invalid_utf8("ab\xC0\x80"), 2u);       // overlong
    EXPECT_EQ(first_invalid_utf8("\xED\xA0\x80"), 0u);     // surrogate
    EXPECT_EQ(first_invalid_utf8("x\xF4\x90\x80\x80"), 1u);  // above U+10FFFF
    EXPECT_EQ(first_invalid_utf8("\xE6\xB7"), 0u);         // truncated
}

TEST(Json, ArrayAndObjectForms) {
    auto a = parse_json(R"([{"recipient":"a","partner":"b","start":2022},{"recipient":"c","partner":"d","w":1.5}])", "j");
    ASSERT_EQ(a.table.columns.size(), 4u);
    EXPECT_EQ(a.table.columns[2].kind, Kind::Integer);
    EXPECT_EQ(a.table.columns[2].present, (std::vector<std::uint8_t>{1, 0}));
    EXPECT_EQ(a.table.columns[3].kind, Kind::Real);
    EXPECT_EQ(a.table.columns[3].present, (std::vector<std::uint8_t>{0, 1}));

    auto o = parse_json(R"({"metadata":{"title":"t"},"pairs":[{"recipient":"a","partner":null}]})", "j");
    EXPECT_EQ(o.metadata["title"], "t");
    EXPECT_EQ(o.table.columns[1].text.codes[0], kMissing);
}

TEST(Json, RoundTripIsExact) {
    auto doc = parse_json(R"({"metadata":{"b":1,"a":[2]},"pairs":[{"recipient":"赣州市","partner":"深圳市","start":2022,"ok":true,"x":null},{"recipient":"\"q\"\n","partner":"😀","start":2030,"ok":false,"x":0.25}]})", "j");
    const std::string once = format_json(doc.table, doc.metadata);
    auto again = parse_json(once, "j2");
    EXPECT_EQ(format_json(again.table, again.metadata), once);
    EXPECT_EQ(again.metadata.dump(), R"({"b":1,"a":[2]})");
}

TEST(Json, ErrorsNameRecordAndField) {
    expect_input_error([] { parse_json("[{\"recipient\": 1}, {\"recipient\": \"a\"}]", "j"); }, 0, "record 1");
    expect_input_error([] { parse_json("[{\"recipient\": {\"x\": 1}}]", "j"); }, 0, "nested object");
    expect_input_error([] { parse_json("[1]", "j"); }, 0, "record 0 is a number");
    expect_input_error([] { parse_json("{\"rows\": []}", "j"); }, 0, "\"pairs\"");
    expect_input_error([] { parse_json("[\n{\"a\": }]", "j"); }, 2, "not valid JSON");
    expect_input_error([] { parse_json("\"x\"", "j"); }, 0, "expected an array");
}

TEST(Json, The2022Dataset) {
    auto doc = read_json(std::string(DUIKOU_DATA_DIR) + "/revolutionary-base-areas-2022.json");
    EXPECT_EQ(doc.table.rows(), 20u);
    EXPECT_EQ(doc.metadata["document"], "发改振兴〔2022〕766号");
    EXPECT_EQ(doc.metadata["announced"], "2022-06-07");
}

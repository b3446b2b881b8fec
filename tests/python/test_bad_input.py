"""Hostile input: every case gives a specific exception that names the file,
line or field, or is handled as documented; none crashes the interpreter, and
no row is dropped without being reported in ``.problems``."""

import errno
import json
import math

import numpy as np
import pandas as pd
import pytest

import duikou
from duikou import Pairings, _core

HEADER = "recipient,partner\n"


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def reader_for(path):
    return Pairings.read_json if str(path).endswith(".json") else Pairings.read_csv


# -- files whose content is wrong: InputError (a ValueError) naming file, line, field ----------------------
# (id, file name, content, line or None, message part, field or None)
BAD_FILES = [
    ("empty-file", "t.csv", b"", None, "empty", None),
    ("only-blank-lines", "t.csv", b"\n\r\n\n", None, "empty", None),
    ("missing-partner-column", "t.csv", "recipient,region\na,r\n", None, "no 'partner' column", None),
    ("misspelled-column", "t.csv", "recipent,partner\na,b\n", None, "did you mean 'recipent'", None),
    ("duplicate-header", "t.csv", "recipient,partner,partner\na,b,c\n", 1, "names this column twice", "partner"),
    ("unnamed-header-column", "t.csv", "recipient,,partner\na,b,c\n", 1, "column 2 of the header has no name",
     None),
    ("short-row", "t.csv", HEADER + "a,b\nc\n", 3, "expected 2 fields", None),
    ("long-row", "t.csv", HEADER + "a,b,c\n", 2, "expected 2 fields", None),
    ("unbalanced-quotes", "t.csv", HEADER + 'a,b\n"c,d\ne,f\n', 3, "never closed", None),
    ("text-after-closing-quote", "t.csv", HEADER + '"a"x,b\n', 2, "closing quote", None),
    ("embedded-nul", "t.csv", HEADER + "a,b\nc\x00,d\n", 3, "NUL byte", None),
    ("invalid-utf8-gb18030", "t.csv", HEADER.encode() + "赣州市,深圳市\n".encode("gb18030"), 2, "invalid UTF-8", None),
    ("invalid-utf8-cr-only-lines", "t.csv", b"recipient,partner\ra,b\rc,\xff\r", 3, "invalid UTF-8", None),
    ("utf16-with-bom", "t.csv", (HEADER + "a,b\n").encode("utf-16"), 1, "UTF-16", None),
    ("utf16-without-bom", "t.csv", (HEADER + "a,b\n").encode("utf-16-le"), 1, "NUL byte", None),
    ("json-syntax-error", "t.json", '[{"recipient": "a",\n "partner": }]', 2, "not valid JSON", None),
    ("json-nan-literal", "t.json", '[{"recipient": NaN, "partner": "b"}]', 1, "not valid JSON", None),
    ("json-number-overflow", "t.json", '[{"recipient": "a", "partner": "b",\n  "x": 1e400}]', 2, "1e400", None),
    ("json-integer-beyond-64-bits", "t.json", '[{"recipient": "a", "partner": "b", "id": 123456789012345678901234}]',
     None, "123456789012345678901234 does not fit in 64 bits", None),
    ("json-integer-beyond-int64", "t.json", '[{"recipient": "a", "partner": "b", "x": 18446744073709551615}]',
     None, "integer out of range", "x"),
    ("json-top-level-string", "t.json", '"pairs"', None, "expected an array of records, found string", None),
    ("json-object-without-pairs", "t.json", '{"rows": []}', None, 'under "pairs"', "pairs"),
    ("json-record-not-object", "t.json", '[{"recipient": "a", "partner": "b"}, ["c", "d"]]', None,
     "record 1 is a array", None),
    ("json-number-as-name", "t.json", '[{"recipient": 1, "partner": "b"}]', None, "expected names", "recipient"),
    ("json-bool-as-name", "t.json", '[{"recipient": "a", "partner": true}]', None, "expected names", "partner"),
    ("json-nested-object", "t.json", '[{"recipient": {"name": "a"}, "partner": "b"}]', None, "nested object",
     "recipient"),
    ("json-nested-array", "t.json", '{"pairs": [{"recipient": "a", "partner": ["b"]}]}', None, "nested array",
     "partner"),
    ("json-mixed-kinds", "t.json", '[{"recipient": "a", "partner": "b", "n": 1}, '
     '{"recipient": "c", "partner": "d", "n": "two"}]', None, "record 1: text value in a column of integer",
     "n"),
    ("json-metadata-not-object", "t.json", '{"metadata": [1], "pairs": []}', None, "expected an object",
     "metadata"),
    ("json-unknown-declared-kind", "t.json", '{"columns": [{"name": "recipient", "kind": "date"}], "pairs": []}',
     None, "unknown kind 'date'", "columns"),
    ("json-utf16", "t.json", '[{"recipient": "a", "partner": "b"}]'.encode("utf-16"), 1, "UTF-16", None),
    ("json-empty-array-has-no-columns", "t.json", "[]", None, "no 'recipient' column", None),
    # issue 19: two headers that could both be one column are never guessed between
    ("ambiguous-synonym-headers", "t.csv", "受援方,受援地,支援方\na,b,c\n", 1,
     "headers '受援方' and '受援地' could both be the 'recipient' column", "recipient"),
    ("ambiguous-english-headers", "t.csv", "Recipient City,aided,partner\na,b,c\n", 1,
     "pass columns=", "recipient"),
    ("json-ambiguous-headers", "t.json", '[{"recipient": "a", "helper": "b", "支援方": "c"}]', None,
     "headers 'helper' and '支援方' could both be the 'partner' column", "partner"),
    ("names-cleaned-into-a-repeat", "t.csv", HEADER + "庆阳市,天津市\n庆阳市\u3000,天津市\n", 3, "repeats line 2",
     None),
    ("names-cleaned-into-a-self-pair", "t.csv", HEADER + "深圳市\u200b, 深圳市\n", 2, "pairs a place with itself",
     None),
    ("name-of-zero-width-spaces-only", "t.csv", HEADER + "\u200b\u200b,深圳市\n", 2, "blank recipient name", None),
]


@pytest.mark.parametrize("name,content,line,part,field", [case[1:] for case in BAD_FILES],
                         ids=[case[0] for case in BAD_FILES])
def test_bad_file_names_the_place(tmp_path, name, content, line, part, field):
    path = write(tmp_path, name, content)
    with pytest.raises(duikou.InputError) as info:
        reader_for(path)(path)
    message = str(info.value)
    assert isinstance(info.value, ValueError)
    assert message.startswith(str(path)), message
    assert part in message, message
    if line is not None:
        assert f"line {line}" in message, message
    if field is not None:
        assert f"field '{field}'" in message, message
    if hasattr(info.value, "line"):  # raised by the C++ readers: the place is also in attributes
        assert info.value.source == str(path)
        assert info.value.line == line
        assert info.value.field == field


# -- issue 19: columns=, encoding= and <meta charset>: each error names the file, line or field ------------------
# (id, file content as bytes, reader keywords, exception, line, message part, field)
BAD_OPTIONS = [
    ("columns-names-an-absent-header", "受援方,支援方\na,b\n".encode(), {"columns": {"受援地": "recipient"}},
     duikou.InputError, 1, "columns= names the header '受援地', which is not there", "受援地"),
    ("columns-maps-two-headers-to-one", "a,b\nx,y\n".encode(), {"columns": {"a": "recipient", "b": "recipient"}},
     duikou.InputError, 1, "maps 'a' and 'b' both to 'recipient'", "recipient"),
    ("columns-target-already-a-column", "recipient,受援方,partner\nx,y,z\n".encode(),
     {"columns": {"受援方": "recipient"}}, duikou.InputError, 1, "already have a 'recipient' column", "recipient"),
    ("gbk-file-with-bytes-that-are-not-gbk", HEADER.encode() + "赣州市,深圳市\n".encode("gbk") + b"\xff\xfe,b\n",
     {"encoding": "gbk"}, duikou.InputError, 3, "are not valid gbk", None),
    ("gbk-file-ending-inside-a-character", (HEADER + "赣州市,深圳市\n").encode("gbk") + b"a,\x81",
     {"encoding": "gbk"}, duikou.InputError, 3, "pass the file's encoding as encoding=", None),
    ("unknown-encoding", HEADER.encode(), {"encoding": "klingon"}, ValueError, None,
     "encoding 'klingon' is not an encoding Python knows", None),
]


@pytest.mark.parametrize("content,options,error,line,part,field", [case[1:] for case in BAD_OPTIONS],
                         ids=[case[0] for case in BAD_OPTIONS])
def test_bad_reader_options_name_the_place(tmp_path, content, options, error, line, part, field):
    path = write(tmp_path, "t.csv", content)
    with pytest.raises(error) as info:
        Pairings.read_csv(path, **options)
    message = str(info.value)
    assert part in message, message
    if error is duikou.InputError:
        assert message.startswith(str(path)), message
        assert info.value.source == str(path) and info.value.line == line and info.value.field == field
        if line is not None:
            assert f"line {line}" in message, message


def test_page_whose_bytes_break_its_declared_charset(tmp_path):
    """A page declaring GBK with bytes GBK cannot decode: strict names the line; replace reads on."""
    page = '<meta charset="gbk">\n<p>1. 赣州市(赣闽粤原中央苏区)——深圳市</p>\n'.encode("gbk") + b"<p>\xff\xff</p>\n"
    path = write(tmp_path, "page.html", page)
    with pytest.raises(duikou.InputError) as info:
        duikou.read_document(path)
    assert str(info.value).startswith(f"{path}, line 3:") and "not valid gb18030" in str(info.value)
    assert info.value.line == 3
    replaced = duikou.read_document(path, errors="replace")
    assert replaced.pairs[["recipient", "partner"]].values.tolist() == [["赣州市", "深圳市"]]
    assert "\ufffd" in replaced.text


def test_unknown_declared_charset_is_not_guessed(tmp_path):
    path = write(tmp_path, "page.html", b'<meta charset="x-unknown">\n<p>\xb8\xd3</p>\n')
    with pytest.raises(duikou.InputError, match="line 2: invalid UTF-8"):
        duikou.read_document(path)


# -- rows that are kept out of the statistics only with a report ------------------------------------------------
# (id, CSV body after the header, problem, side, line)
INVALID_ROWS = [
    ("duplicate-pair", "a,b\nc,d\na,b\n", "duplicate", None, 4),
    ("self-pair", "a,b\nc,c\n", "self_pair", None, 3),
    ("missing-recipient", "a,b\n,d\n", "missing_name", "recipient", 3),
    ("missing-partner", "a,b\nc,\n", "missing_name", "partner", 3),
    ("empty-quoted-name", 'a,b\n"",d\n', "empty_name", "recipient", 3),
    ("space-only-name", 'a,b\nc," "\n', "empty_name", "partner", 3),
    ("tab-only-name", 'a,b\n"\t",d\n', "empty_name", "recipient", 3),
    ("ideographic-space-name", "a,b\nc,\u3000\u3000\n", "empty_name", "partner", 3),
    ("no-break-space-name", "a,b\n\u00a0,d\n", "empty_name", "recipient", 3),
    ("duplicate-pair-cr-only-lines", "a,b\rc,d\ra,b\r", "duplicate", None, 4),
]


@pytest.mark.parametrize("body,problem,side,line", [case[1:] for case in INVALID_ROWS],
                         ids=[case[0] for case in INVALID_ROWS])
def test_invalid_rows_are_reported_never_silently_dropped(tmp_path, body, problem, side, line):
    path = write(tmp_path, "t.csv", ("recipient,partner\r" if "\r" in body else HEADER) + body)
    with pytest.raises(duikou.InputError, match=f"line {line}: ") as info:
        Pairings.read_csv(path)
    assert str(path) in str(info.value)

    kept = Pairings.read_csv(path, on_invalid="keep")
    assert len(kept) == body.replace("\r", "\n").count("\n")
    report = kept.problems
    assert report[["problem", "line"]].values.tolist() == [[problem, line]]
    assert report["side"].tolist() == [side] and not report["dropped"].any()

    dropped = Pairings.read_csv(path, on_invalid="drop")
    expected = kept.to_frame().drop(index=report["row"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(dropped.to_frame(), expected)  # exactly the reported row is gone
    assert dropped.problems["dropped"].all() and dropped.problems["line"].tolist() == [line]
    assert dropped.partner_frequency()["pairs"].sum() == len(dropped)


def test_duplicate_report_names_the_first_occurrence(tmp_path):
    path = write(tmp_path, "t.csv", HEADER + "a,b\nc,d\na,b\na,b\n")
    report = Pairings.read_csv(path, on_invalid="keep").problems
    assert report["row"].tolist() == [2, 3] and report["first_row"].tolist() == [0, 0]
    assert report["line"].tolist() == [4, 5]


# -- files that are odd but valid: handled as documented --------------------------------------------------------
def test_header_only_gives_zero_pairs_and_empty_statistics(tmp_path):
    p = Pairings.read_csv(write(tmp_path, "t.csv", "recipient,partner,region\n"))
    assert len(p) == 0 and p.columns == ["recipient", "partner", "region"]
    assert p.partner_frequency().empty and p.region_coverage().empty
    c = p.concentration()
    assert c.n == 0 and math.isnan(c.hhi)


def test_one_row(tmp_path):
    p = Pairings.read_csv(write(tmp_path, "t.csv", HEADER + "赣州市,深圳市\n"))
    assert p.partner_frequency()[["partner", "pairs"]].values.tolist() == [["深圳市", 1]]
    c = p.concentration()
    assert (c.n, c.hhi, c.gini, c.cr4) == (1, 1.0, 0.0, 1.0) and math.isnan(c.hhi_normalized)


def test_json_declared_columns_without_pairs_give_zero_rows(tmp_path):
    doc = {"columns": [{"name": "recipient", "kind": "text"}, {"name": "partner", "kind": "text"}], "pairs": []}
    p = Pairings.read_json(write(tmp_path, "t.json", json.dumps(doc)))
    assert len(p) == 0 and p.columns == ["recipient", "partner"]


def test_extra_columns_are_kept_with_their_values(tmp_path):
    text = "note,recipient,year,partner,\u5907\u6ce8\n1,a,2022,b,x\n,c,2023,d,\"\"\n"
    p = Pairings.read_csv(write(tmp_path, "t.csv", text), numbers=False)
    frame = p.to_frame()
    assert list(frame.columns) == ["note", "recipient", "year", "partner", "备注"]
    assert frame["year"].tolist() == ["2022", "2023"]  # numbers=False: text as written
    assert frame["note"].iloc[0] == "1" and pd.isna(frame["note"].iloc[1]) and frame["备注"].iloc[1] == ""
    assert p.to_csv() == text
    numbers = Pairings.read_csv(write(tmp_path, "t.csv", text))  # the default: numbers as numbers
    assert numbers.to_frame()["year"].tolist() == [2022, 2023] and numbers.to_frame()["备注"].iloc[1] == ""
    assert numbers.to_frame()["note"].iloc[0] == 1 and pd.isna(numbers.to_frame()["note"].iloc[1])
    assert numbers.to_csv() == text


def test_byte_order_mark_is_not_part_of_the_first_name(tmp_path):
    p = Pairings.read_csv(write(tmp_path, "t.csv", b"\xef\xbb\xbf" + (HEADER + "a,b\n").encode()))
    assert p.columns == ["recipient", "partner"] and p.recipients == ["a"]
    j = Pairings.read_json(write(tmp_path, "t.json", b"\xef\xbb\xbf" + b'[{"recipient": "a", "partner": "b"}]'))
    assert j.partners == ["b"]


def test_cr_only_line_ends(tmp_path):
    path = write(tmp_path, "t.csv", "recipient,partner\ra,b\r\"c\rC\",d\ra,b")
    p = Pairings.read_csv(path, on_invalid="keep", clean=False)
    assert p.recipients == ["a", "c\rC"] and len(p) == 3
    assert p.problems[["problem", "line"]].values.tolist() == [["duplicate", 5]]  # "c\rC" spans lines 3 and 4
    cleaned = Pairings.read_csv(path, on_invalid="keep")  # a line break inside a name is a space
    assert cleaned.recipients == ["a", "c C"]
    assert cleaned.cleaned[["line", "column", "before", "after"]].values.tolist() == [[3, "recipient", "c\rC", "c C"]]


def test_names_of_one_megabyte(tmp_path):
    big = "深" * ((1 << 20) // 3) + "x" * 7
    assert len(big.encode()) > 1 << 20
    path = write(tmp_path, "t.csv", f'{HEADER}"{big}",b\n{big[:-1]},b\nc,"{big}"\n')
    p = Pairings.read_csv(path)
    assert p.recipients == [big, big[:-1], "c"] and p.partners == ["b", big]
    assert p.partner_frequency()["pairs"].tolist() == [2, 1]
    assert Pairings.read_csv(write(tmp_path, "again.csv", p.to_csv())).recipients == p.recipients


def test_a_very_long_line(tmp_path):
    columns = [f"c{k}" for k in range(5000)]
    text = ",".join(["recipient", "partner", *columns]) + "\n" + ",".join(["a", "b", *map(str, range(5000))]) + "\n"
    p = Pairings.read_csv(write(tmp_path, "t.csv", text))
    assert p.columns[-1] == "c4999" and p.to_frame()["c4999"].tolist() == [4999]
    assert p.to_csv() == text


def test_json_null_names_are_reported_as_missing(tmp_path):
    path = write(tmp_path, "t.json", '[{"recipient": "a", "partner": "b"}, {"recipient": null, "partner": "c"}, '
                                     '{"partner": "d"}]')
    with pytest.raises(duikou.InputError, match="row 2: no recipient name"):
        Pairings.read_json(path)
    report = Pairings.read_json(path, on_invalid="keep").problems
    assert report[["row", "problem", "side"]].values.tolist() == [[1, "missing_name", "recipient"],
                                                                  [2, "missing_name", "recipient"]]


# -- paths that are not readable files: OSError subclasses naming the path ---------------------------------------
@pytest.mark.parametrize("read", [Pairings.read_csv, Pairings.read_json], ids=["csv", "json"])
def test_directory_is_not_a_file(tmp_path, read):
    with pytest.raises(IsADirectoryError) as info:
        read(tmp_path)
    assert info.value.errno == errno.EISDIR and info.value.filename == str(tmp_path)
    assert str(tmp_path) in str(info.value)


@pytest.mark.parametrize("read", [Pairings.read_csv, Pairings.read_json], ids=["csv", "json"])
def test_missing_file(tmp_path, read):
    path = tmp_path / "absent.csv"
    with pytest.raises(FileNotFoundError) as info:
        read(path)
    assert info.value.errno == errno.ENOENT and info.value.filename == str(path)


def test_writing_into_a_directory(tmp_path, plan):
    with pytest.raises(IsADirectoryError):
        plan.to_csv(tmp_path)


# -- codes and labels given directly ------------------------------------------------------------------------------
L2, M2 = ["赣州市", "吉安市"], ["深圳市", "广州市"]
# (id, recipient codes, recipient labels, partner codes, exception, message parts)
BAD_CODES = [
    ("nan-codes", np.array([0.0, np.nan]), L2, np.array([0, 1]), TypeError, ["'recipient'", "float64"]),
    ("float-codes", np.array([0.0, 1.0]), L2, np.array([0, 1]), TypeError, ["'recipient'", "float64"]),
    ("unsigned-codes", np.array([0, 1], dtype=np.uint64), L2, np.array([0, 1]), TypeError, ["uint64"]),
    ("negative-code", np.array([0, -2]), L2, np.array([0, 1]), ValueError, ["'recipient'", "row 2", "-2"]),
    ("code-past-labels", np.array([0, 2]), L2, np.array([0, 1]), ValueError, ["'recipient'", "row 2", "code 2"]),
    ("code-beyond-int32", np.array([0, 2**40]), L2, np.array([0, 1]), ValueError, ["row 2", str(2**40)]),
    ("lengths-differ", np.array([0, 1, 1]), L2, np.array([0, 1]), ValueError, ["'partner' has 2 rows", "3"]),
    ("fewer-labels-than-codes-need", np.array([0, 1]), ["赣州市"], np.array([0, 1]), ValueError,
     ["row 2", "[-1, 1)"]),
    ("two-dimensional-codes", np.zeros((2, 1), dtype=np.int32), L2, np.array([0, 1]), ValueError,
     ["one-dimensional"]),
    ("repeated-label", np.array([0, 1]), ["赣州市", "赣州市"], np.array([0, 0]), ValueError,
     ["'recipient'", "'赣州市' appears twice"]),
]


@pytest.mark.parametrize("rec_codes,rec_labels,par_codes,error,parts", [c[1:] for c in BAD_CODES],
                         ids=[c[0] for c in BAD_CODES])
def test_core_table_rejects_bad_codes(rec_codes, rec_labels, par_codes, error, parts):
    with pytest.raises(error) as info:
        _core.PairTable(rec_codes, rec_labels, par_codes, M2)
    for part in parts:
        assert part in str(info.value)


def test_core_missing_codes_are_reported():
    t = _core.PairTable(np.array([0, -1, 1]), L2, np.array([-1, 0, 1]), M2)
    p = t.problems()
    assert p["row"].tolist() == [0, 1] and p["problem"] == ["missing_name", "missing_name"]
    assert p["side"] == ["partner", "recipient"]


def test_core_group_column_checked_like_the_sides():
    t = _core.PairTable(np.array([0, 1]), L2, np.array([0, 1]), M2)
    with pytest.raises(ValueError, match="column 'region', row 2: code 5"):
        t.add_group("region", np.array([0, 5]), ["r"])
    with pytest.raises(ValueError, match="'region' has 1 rows but the table has 2"):
        t.add_group("region", np.array([0]), ["r"])
    t.add_group("region", np.array([0, -1]), ["r"])
    with pytest.raises(ValueError, match="group column 'region' already"):
        t.add_group("region", np.array([0, 0]), ["r"])


# (id, recipient codes, recipient labels, exception, message parts)
BAD_FROM_CODES = [
    ("nan", np.array([0.0, np.nan]), L2, TypeError, ["field 'recipient'", "NaN is not a code"]),
    ("negative", np.array([0, -2]), L2, duikou.InputError, ["row 2, field 'recipient'", "-2"]),
    ("out-of-range", np.array([0, 2]), L2, duikou.InputError, ["row 2, field 'recipient'", "code 2"]),
    ("lengths-differ", np.array([0, 1, 1]), L2, duikou.InputError, ["field 'partner'", "2 codes", "3"]),
    ("repeated-label", np.array([0, 1]), ["a", "a"], duikou.InputError, ["field 'recipient'", "'a' appears twice"]),
    ("label-not-str", np.array([0, 1]), [1, 2], duikou.InputError, ["field 'recipient'", "int"]),
]


@pytest.mark.parametrize("codes,labels,error,parts", [c[1:] for c in BAD_FROM_CODES],
                         ids=[c[0] for c in BAD_FROM_CODES])
def test_from_codes_rejects_bad_codes(codes, labels, error, parts):
    with pytest.raises(error) as info:
        Pairings.from_codes(codes, np.array([0, 1]), labels, M2)
    for part in parts:
        assert part in str(info.value)


def test_from_codes_missing_code_is_reported():
    p = Pairings.from_codes(np.array([0, -1]), np.array([0, 1]), L2, M2, on_invalid="keep")
    assert p.problems[["row", "problem", "side"]].values.tolist() == [[1, "missing_name", "recipient"]]


# -- DataFrames and records ------------------------------------------------------------------------------------
def test_names_that_are_not_strings():
    with pytest.raises(duikou.InputError, match=r"row 2, field 'recipient': expected a name \(str\), got int 5"):
        Pairings(pd.DataFrame({"recipient": ["a", 5], "partner": ["x", "y"]}))


def test_lone_surrogate_names_the_row_and_field():
    frame = pd.DataFrame({"recipient": ["a", b"\xff".decode("utf-8", "surrogateescape")], "partner": ["x", "y"]})
    with pytest.raises(duikou.InputError, match=r"row 2, field 'recipient': '\\udcff' is not valid Unicode"):
        Pairings(frame)
    grouped = pd.DataFrame({"recipient": ["a", "b"], "partner": ["x", "y"], "region": ["r", "\udcff"]})
    with pytest.raises(duikou.InputError, match=r"row 2, field 'region'"):
        Pairings(grouped).region_coverage()


def test_not_a_frame():
    with pytest.raises(TypeError, match="from_records"):
        Pairings([{"recipient": "a", "partner": "b"}])
    with pytest.raises(TypeError, match="record 1 is a list"):
        Pairings.from_records([{"recipient": "a", "partner": "b"}, ["c", "d"]])


def test_nul_in_a_name_is_refused_by_csv_and_kept_by_json(tmp_path):
    p = Pairings(pd.DataFrame({"recipient": ["a", "b\x00c"], "partner": ["x", "y"]}))
    with pytest.raises(ValueError, match="column 'recipient', row 2: the value holds a NUL byte"):
        p.to_csv()
    p.to_json(tmp_path / "t.json")
    assert Pairings.read_json(tmp_path / "t.json").recipients == ["a", "b\x00c"]


def test_metadata_integer_beyond_64_bits_is_refused_not_rounded(tmp_path):
    p = Pairings(pd.DataFrame({"recipient": ["a"], "partner": ["b"]}), metadata={"id": 2**70})
    with pytest.raises(duikou.InputError, match=f"metadata: the integer {2**70} does not fit in 64 bits"):
        p.to_json(tmp_path / "t.json")
    assert not (tmp_path / "t.json").exists()


def test_group_values_of_mixed_types_stay_apart():
    p = Pairings(pd.DataFrame({"recipient": ["a", "b", "c"], "partner": ["x", "y", "z"], "region": [1, "1", None]}))
    c = p.region_coverage()
    assert c["region"].tolist()[:2] == [1, "1"] and pd.isna(c["region"].iloc[2])
    assert c["pairs"].tolist() == [1, 1, 1]


# -- issue 19: what pandas and shell users hand over -----------------------------------------------------
def test_selection_masks_of_the_wrong_shape_say_both_lengths():
    table = Pairings.from_records([{"recipient": "a", "partner": "x"}, {"recipient": "b", "partner": "y"}])
    with pytest.raises(ValueError, match="the boolean mask has 3 values; the table has 2 rows"):
        table[np.array([True, False, True])]
    with pytest.raises(ValueError, match="the boolean mask has 1 value; the table has 2 rows"):
        table[[True]]
    with pytest.raises(TypeError, match="boolean mask.*int64"):
        table[np.array([0, 1])]


def test_stream_that_is_not_utf8_names_its_line():
    import io

    stream = io.BytesIO(b"recipient,partner\na,x\nb,\xff\n")
    stream.name = "upload.csv"
    with pytest.raises(duikou.InputError, match=r"upload.csv, line 3: invalid UTF-8 at byte offset 24"):
        Pairings.read_csv(stream)


def test_cli_input_in_the_wrong_encoding_names_the_line_and_the_option(tmp_path, capsys, monkeypatch):
    import io
    import sys

    from duikou.cli import main

    data = "recipient,partner\n赣州市,深圳市\n".encode("gbk")
    path = write(tmp_path, "gbk.csv", data)
    assert main(["report", "--encoding", "utf-8", str(path)]) == 2
    assert "gbk.csv, line 2" in capsys.readouterr().err
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    assert main(["report", "-"]) == 2
    err = capsys.readouterr().err
    assert "<stdin>, line 2: cannot be read as utf-8" in err and "--encoding" in err


def test_geodataframe_and_networkx_refuse_what_they_cannot_draw():
    pytest.importorskip("geopandas", reason="geopandas is not installed (python3-geopandas)")
    table = Pairings.from_records([{"recipient": "某某县", "partner": "深圳市"},
                                   {"recipient": "深圳市", "partner": "广州市"}])
    with pytest.raises(duikou.InputError, match="1 place without a known seat: recipient 某某县"):
        table.to_geodataframe()
    with pytest.raises(ValueError, match="1 name is both recipient and partner \\(深圳市\\)"):
        table.to_networkx()

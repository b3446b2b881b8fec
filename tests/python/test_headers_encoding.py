"""Columns under other names (columns=, header synonyms) and files in other encodings (issue 19, point 3).

The GBK and GB18030 files are written here with Python's codecs; the pairs are
from the 2022 plan (发改振兴〔2022〕766号): 赣州市-深圳市 and 百色市-深圳市, region names as
the plan writes them.
"""

import pandas as pd
import pytest

import duikou
from duikou import Pairings

ROWS = [("赣州市", "深圳市", "赣闽粤原中央苏区"), ("百色市", "深圳市", "左右江革命老区")]


def csv_text(header):
    return ",".join(header) + "\n" + "".join(",".join(r) + "\n" for r in ROWS)


def write(tmp_path, text, encoding="utf-8", name="t.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def check_read(p):
    assert p.to_frame()[["recipient", "partner", "region"]].values.tolist() == [list(r) for r in ROWS]
    assert p.partner_frequency()[["partner", "pairs"]].values.tolist() == [["深圳市", 2]]


def test_columns_given_on_read_csv(tmp_path):
    path = write(tmp_path, csv_text(["受援方", "支援方", "区域"]))
    p = Pairings.read_csv(path, columns={"受援方": "recipient", "支援方": "partner", "区域": "region"})
    check_read(p)
    assert p.column_mapping == {"受援方": "recipient", "支援方": "partner", "区域": "region"}
    assert "受援方 -> recipient, 支援方 -> partner, 区域 -> region" in repr(p)


def test_columns_given_on_from_frame():
    frame = pd.DataFrame(ROWS, columns=["A", "B", "C"])
    p = Pairings.from_frame(frame, columns={"A": "recipient", "B": "partner", "C": "region"})
    check_read(p)
    assert list(frame.columns) == ["A", "B", "C"]  # the caller's frame keeps its headers


@pytest.mark.parametrize("recipient", ["受援方", "受援地", "受援城市", "recipient city", "Recipient City",
                                       "RECIPIENT_CITY", "aided", "Aided", " aided  city "])
@pytest.mark.parametrize("partner", ["支援方", "帮扶方", "结对城市", "partner city", "Partner  City", "helper",
                                     "HELPER"])
def test_each_synonym_header_is_recognised(tmp_path, recipient, partner):
    path = write(tmp_path, csv_text([recipient, partner, "区域"]))
    p = Pairings.read_csv(path)
    check_read(p)
    assert p.column_mapping == {recipient: "recipient", partner: "partner", "区域": "region"}


@pytest.mark.parametrize("region", ["区域", "片区", "Region"])
def test_region_synonyms(region):
    p = Pairings(pd.DataFrame(ROWS, columns=["受援城市", "结对城市", region]))
    check_read(p)
    assert p.column_mapping["受援城市"] == "recipient" and p.column_mapping[region] == "region"


def test_synonyms_in_json_and_records(tmp_path):
    records = [{"受援方": r, "支援方": s, "片区": g} for r, s, g in ROWS]
    check_read(Pairings.from_records(records))
    path = tmp_path / "t.json"
    path.write_text(pd.Series(records).to_json(orient="values", force_ascii=False), encoding="utf-8")
    p = Pairings.read_json(path)
    check_read(p)
    assert p.column_mapping == {"受援方": "recipient", "支援方": "partner", "片区": "region"}


def test_the_right_names_need_no_mapping(tmp_path):
    p = Pairings.read_csv(write(tmp_path, csv_text(["recipient", "partner", "region"])))
    assert p.column_mapping == {} and "columns" not in repr(p)
    # an exact column wins over a synonym, which rides along as an extra column
    q = Pairings(pd.DataFrame({"recipient": ["a"], "partner": ["b"], "受援方": ["c"]}))
    assert q.column_mapping == {} and q.columns == ["recipient", "partner", "受援方"]


def test_two_candidate_headers_raise_naming_both(tmp_path):
    path = write(tmp_path, "受援方,受援城市,支援方\na,b,c\n")
    with pytest.raises(duikou.InputError) as info:
        Pairings.read_csv(path)
    message = str(info.value)
    assert message.startswith(f"{path}, line 1, field 'recipient':")
    assert "'受援方' and '受援城市'" in message and "columns=" in message
    assert info.value.line == 1 and info.value.field == "recipient"
    # saying which one reads it; the other rides along
    p = Pairings.read_csv(path, columns={"受援城市": "recipient"})
    assert p.recipients == ["b"] and p.partners == ["c"] and "受援方" in p.columns


def test_ambiguous_headers_of_a_frame_raise():
    with pytest.raises(duikou.InputError, match=r"<DataFrame>, field 'partner': headers 'helper' and 'Partner City'"):
        Pairings(pd.DataFrame({"aided": ["a"], "helper": ["b"], "Partner City": ["c"]}))


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "GB18030", "utf-16"])
def test_encodings_are_read(tmp_path, encoding):
    path = write(tmp_path, csv_text(["受援方", "支援方", "区域"]), encoding)
    p = Pairings.read_csv(path, encoding=encoding)
    check_read(p)
    assert p.problems.empty and p.cleaned.empty


def test_gb18030_beyond_gbk(tmp_path):
    """A character outside GBK (U+20BB7, 𠮷) reads from GB18030's four-byte form; GBK cannot encode it."""
    text = "recipient,partner\n𠮷县,深圳市\n"
    with pytest.raises(UnicodeEncodeError):
        text.encode("gbk")
    p = Pairings.read_csv(write(tmp_path, text, "gb18030"), encoding="gb18030")
    assert p.recipients == ["𠮷县"]


def test_json_in_gbk(tmp_path):
    path = tmp_path / "t.json"
    path.write_bytes('[{"recipient": "赣州市", "partner": "深圳市"}]'.encode("gbk"))
    assert Pairings.read_json(path, encoding="gbk").recipients == ["赣州市"]


def test_utf8_labels_take_the_usual_path(tmp_path):
    path = write(tmp_path, "\ufeff" + csv_text(["recipient", "partner", "region"]))
    for encoding in (None, "utf-8", "UTF8", "utf-8-sig"):
        check_read(Pairings.read_csv(path, encoding=encoding))


def test_cleaning_and_lines_after_decoding(tmp_path):
    path = write(tmp_path, "recipient,partner\n庆阳市,天津市\n庆阳市\u3000,天津市\n", "gb18030")
    p = Pairings.read_csv(path, encoding="gb18030", on_invalid="keep")
    assert p.problems[["line", "problem"]].values.tolist() == [[3, "duplicate"]]
    assert p.cleaned[["line", "before"]].values.tolist() == [[3, "庆阳市\u3000"]]


# -- read_document: <meta charset> -----------------------------------------------------------------------
PAGE = ("<html><head>{meta}<title>对口合作</title></head><body>\n"
        "<p>1. 赣州市(赣闽粤原中央苏区)——深圳市</p>\n<p>2. 百色市(左右江革命老区)——深圳市</p>\n</body></html>\n")


@pytest.mark.parametrize("meta,codec", [
    ('<meta charset="gbk">', "gbk"),
    ("<meta charset=gb2312>", "gbk"),
    ("<META CHARSET='GB18030' />", "gb18030"),
    ('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', "gbk"),
    ('<meta content="text/html; charset=GBK" http-equiv="content-type">', "gb18030"),
])
def test_read_document_honours_meta_charset(tmp_path, meta, codec):
    path = tmp_path / "page.html"
    path.write_bytes(PAGE.format(meta=meta).encode(codec))
    x = duikou.read_document(path)
    assert x.pairs[["recipient", "partner", "region", "line"]].values.tolist() == [
        ["赣州市", "深圳市", "赣闽粤原中央苏区", 2], ["百色市", "深圳市", "左右江革命老区", 3]]
    assert "赣州市" in x.text


def test_utf8_page_with_a_stale_meta_is_read_as_utf8(tmp_path):
    """Bytes that are valid UTF-8 are UTF-8, whatever an old meta tag says (a page re-saved as UTF-8)."""
    path = tmp_path / "page.html"
    path.write_bytes(PAGE.format(meta='<meta charset="gb2312">').encode("utf-8"))
    assert len(duikou.read_document(path)) == 2


def test_read_document_encoding_argument(tmp_path):
    path = tmp_path / "page.txt"
    path.write_bytes(PAGE.format(meta="").encode("gb18030"))
    assert len(duikou.read_document(path, encoding="gb18030")) == 2
    with pytest.raises(duikou.InputError, match=r"page.txt, line 1: invalid UTF-8"):
        duikou.read_document(path)  # no meta: not guessed

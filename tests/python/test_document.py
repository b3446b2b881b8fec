"""duikou.parse_text / read_document / `duikou parse`: pairs read from documents."""

import csv
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import duikou
from duikou.cli import main

REPO = Path(__file__).parents[2]
SEEDS = REPO.parent / "shared" / "seeds"
SEED_PAGE = SEEDS / "000_250e84d3d9e99c4f.txt"
CORPUS = REPO / "tests" / "data" / "documents"
DOCUMENTS = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".html"))


def triples(frame: pd.DataFrame) -> list:
    """(recipient, partner, region) rows, region '' when missing."""
    return [(r, p, "" if pd.isna(g) else g) for r, p, g in frame[["recipient", "partner", "region"]].values]


def expected_triples(document: Path) -> list:
    with open(document.with_suffix(".expected.csv"), encoding="utf-8", newline="") as f:
        return [(row["recipient"], row["partner"], row["region"]) for row in csv.DictReader(f)]


# ---- the seed page -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed():
    if not SEED_PAGE.exists():
        pytest.skip(f"the seed page is not available: {SEEDS} is absent (it lives beside the repository)")
    return duikou.read_document(SEED_PAGE)


def test_seed_page_yields_exactly_the_twenty_pairs(seed, plan):
    built_in = plan.to_frame()
    assert triples(seed.pairs) == triples(built_in)
    assert seed.pairs["region"].nunique() == 11
    assert seed.warnings.empty
    # The prose sentence 梅州市(赣闽粤原中央苏区)与广州市建立对口合作关系 restates list item 5.
    assert len(seed.mentions) == 1
    mention = seed.mentions.iloc[0]
    assert (mention["recipient"], mention["partner"], mention["form"], mention["pair"]) == ("梅州市", "广州市", "prose", 4)
    assert seed.text[mention["start"]:mention["end"]] == "梅州市(赣闽粤原中央苏区)与广州市"


def test_seed_page_spans_and_lines(seed):
    lines = seed.text.split("\n")
    for row in seed.pairs.itertuples(index=False):
        span = seed.text[row.start:row.end]
        assert span.startswith(row.recipient) and span.endswith(row.partner)
        assert span in lines[row.line - 1] and row.text == lines[row.line - 1]
    assert seed.pairs["line"].tolist() == list(range(61, 101, 2))


def test_seed_page_statistics_match_the_built_in_plan(seed, plan):
    got = seed.pairings.partner_frequency()
    want = plan.partner_frequency()
    assert got[["partner", "pairs"]].values.tolist() == want[["partner", "pairs"]].values.tolist()
    assert got["pairs"].tolist()[:4] == [3, 2, 2, 2]


# ---- the corpus --------------------------------------------------------------------------

@pytest.mark.parametrize("document", DOCUMENTS, ids=[d.name for d in DOCUMENTS])
def test_corpus_document(document):
    extraction = duikou.read_document(document)
    assert sorted(triples(extraction.pairs)) == sorted(expected_triples(document))
    assert extraction.warnings.empty, extraction.warnings.to_string()


def test_corpus_precision_and_recall(capsys):
    """Precision and recall over (recipient, partner, region) of every document."""
    assert len(DOCUMENTS) >= 15
    true_positive = false_positive = false_negative = 0
    for document in DOCUMENTS:
        got = set(triples(duikou.read_document(document).pairs))
        want = set(expected_triples(document))
        true_positive += len(got & want)
        false_positive += len(got - want)
        false_negative += len(want - got)
    precision = true_positive / (true_positive + false_positive)
    recall = true_positive / (true_positive + false_negative)
    with capsys.disabled():
        print(f"\ncorpus: {len(DOCUMENTS)} documents, {true_positive + false_negative} expected pairs, "
              f"precision {precision:.3f}, recall {recall:.3f}")
    assert true_positive + false_negative > 80
    assert (precision, recall) == (1.0, 1.0)


@pytest.mark.parametrize("document", DOCUMENTS, ids=[d.name for d in DOCUMENTS])
def test_corpus_spans_hold_the_names_as_written(document):
    extraction = duikou.read_document(document)
    for row in extraction.pairs.itertuples(index=False):
        span = extraction.text[row.start:row.end]
        assert span in row.text or "\n" in span  # an HTML row may span lines
        if "traditional" in document.name:
            continue
        compact = "".join(span.split())
        assert row.recipient in compact and row.partner in compact, (span, row.recipient, row.partner)


# ---- the API -----------------------------------------------------------------------------

def test_str_and_bytes_give_the_same_result():
    text = "1. 赣州市（赣闽粤原中央苏区）——深圳市\n上海市对口支援六安市。"
    a, b = duikou.parse_text(text), duikou.parse_text(text.encode("utf-8"))
    pd.testing.assert_frame_equal(a.pairs, b.pairs)
    assert a.text == b.text == text


def test_traditional_script_keeps_the_original_in_the_span():
    x = duikou.parse_text("恩施州（湘鄂渝黔革命老區）與杭州市建立對口合作關係。")
    assert triples(x.pairs) == [("恩施州", "杭州市", "湘鄂渝黔革命老区")]
    assert x.text[x.pairs.start[0]:x.pairs.end[0]] == "恩施州（湘鄂渝黔革命老區）與杭州市"
    assert x.pairs.text[0] == "恩施州（湘鄂渝黔革命老區）與杭州市建立對口合作關係。"


def test_columns_and_hints():
    x = duikou.parse_text("北京市对口帮扶河北省张家口市、承德市。")
    assert list(x.pairs.columns) == ["recipient", "partner", "region", "recipient_province_hint",
                                     "partner_province_hint", "line", "start", "end", "text", "form", "basis"]
    assert x.pairs["recipient_province_hint"].tolist() == ["河北省", "河北省"]
    assert x.pairs["partner_province_hint"].isna().all() and x.pairs["region"].isna().all()
    assert x.pairings.columns == ["recipient", "partner", "recipient_province_hint", "line"]
    assert x.pairs["basis"].tolist() == ["verb", "verb"]


def test_default_order_and_warnings():
    text = "标题\n赣州市与深圳市建立对口合作关系。"
    x = duikou.parse_text(text)
    assert x.pairs.empty and len(x.pairings) == 0
    assert x.warnings[["line", "text"]].values.tolist() == [[2, "赣州市与深圳市建立对口合作关系。"]]
    assert "default_order" in x.warnings["reason"][0]
    y = duikou.parse_text(text, default_order="recipient-first")
    assert triples(y.pairs) == [("赣州市", "深圳市", "")] and y.pairs["basis"][0] == "default-order"
    z = duikou.parse_text(text, default_order="partner-first")
    assert triples(z.pairs) == [("深圳市", "赣州市", "")]


def test_bad_arguments():
    with pytest.raises(ValueError, match="errors must be"):
        duikou.parse_text("x", errors="ignore")
    with pytest.raises(ValueError, match="default_order must be"):
        duikou.parse_text("x", default_order="left")
    with pytest.raises(TypeError, match="str or bytes"):
        duikou.parse_text(Path("a.txt"))
    with pytest.raises(FileNotFoundError):
        duikou.read_document("/nonexistent/document.txt")


def test_invalid_utf8_strict_names_line_and_offset(tmp_path):
    data = "标题\n1. 赣州市——深圳市\n".encode() + b"\xb8\xdf\xd6\xdd"  # GB18030 bytes on line 3
    with pytest.raises(duikou.InputError, match=r"line 3.*byte offset 35") as caught:
        duikou.parse_text(data, source="notice.txt")
    assert caught.value.line == 3 and caught.value.source == "notice.txt"
    path = tmp_path / "gbk.txt"
    path.write_bytes(data)
    with pytest.raises(duikou.InputError, match="gbk.txt"):
        duikou.read_document(path)
    replaced = duikou.read_document(path, errors="replace")
    assert replaced.text == data.decode("utf-8", "replace")
    assert triples(replaced.pairs) == []  # no direction: one bare pair line
    assert len(replaced.warnings) == 1


def test_lone_surrogates_in_str():
    text = "1. 赣州市(赣闽粤原中央苏区)——深圳市\n\udcff"
    with pytest.raises(duikou.InputError, match="character offset 22") as caught:
        duikou.parse_text(text)
    assert caught.value.line == 2
    x = duikou.parse_text(text, errors="replace")
    assert x.text == text.replace("\udcff", "\ufffd")
    assert triples(x.pairs) == [("赣州市", "深圳市", "赣闽粤原中央苏区")]


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200) | st.text(alphabet="赣州市深圳(区)—-、与和帮扶1.\n｜|\t<p>&;#\udcff", max_size=80)
       .map(lambda s: s.encode("utf-8", "surrogatepass")))
def test_any_bytes_decode_like_python_or_raise(data):
    """Replace mode decodes exactly as bytes.decode('utf-8', 'replace'); strict raises iff that fails (or NUL)."""
    replaced = duikou.parse_text(data, errors="replace")
    assert replaced.text == data.decode("utf-8", "replace")
    for frame in (replaced.pairs, replaced.mentions):
        assert ((0 <= frame["start"]) & (frame["start"] < frame["end"]) & (frame["end"] <= len(replaced.text))).all()
    try:
        data.decode("utf-8")
        valid = b"\x00" not in data
    except UnicodeDecodeError:
        valid = False
    if valid:
        assert triples(duikou.parse_text(data).pairs) == triples(replaced.pairs)
    else:
        with pytest.raises(duikou.InputError):
            duikou.parse_text(data)


def test_repr_and_html():
    x = duikou.parse_text("1. 赣州市(赣闽粤原中央苏区)——深圳市\n2. 吉安市——\n", source="demo.txt")
    text = repr(x)
    assert text.splitlines()[0] == "Extraction(demo.txt: 1 pair, 1 region, 0 mentions, 1 warning)"
    assert "赣州市" in text and "warning: line 2:" in text
    page = x._repr_html_()
    assert page.startswith("<div><p><b>Extraction(demo.txt: 1 pair") and "<table" in page and "Warnings" in page
    assert len(x) == 1


# ---- the command line ------------------------------------------------------------------------

def test_cli_parse_prints_pairs_and_warnings(capsys):
    assert main(["parse", str(CORPUS / "09_prose_symmetric.txt")]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("duikou parse: Extraction(") and "6 pairs" in out
    assert "龙岩市" in out and "context" in out


def test_cli_parse_writes_csv_and_json(tmp_path, capsys):
    out_csv, out_json = tmp_path / "pairs.csv", tmp_path / "pairs.json"
    assert main(["parse", str(CORPUS / "07_table_pipe.txt"), "-o", str(out_csv)]) == 0
    assert main(["parse", str(CORPUS / "07_table_pipe.txt"), "-o", str(out_json)]) == 0
    assert "wrote 6 pairs" in capsys.readouterr().out
    for back in (duikou.Pairings.read_csv(out_csv), duikou.Pairings.read_json(out_json)):
        assert triples(back.to_frame()) == expected_triples(CORPUS / "07_table_pipe.txt")


def test_cli_parse_errors_exit_2(tmp_path, capsys):
    for args in (["parse", str(tmp_path / "absent.txt")],
                 ["parse", str(CORPUS / "01_numbered_dot.txt"), "-o", str(tmp_path / "out.xlsx")]):
        assert main(args) == 2
        err = capsys.readouterr().err
        assert err.startswith("duikou: error:") and len(err.strip().splitlines()) == 1
    bad = tmp_path / "bad.txt"
    bad.write_bytes("1. 赣州市——深圳市\n".encode() + b"\xff")
    assert main(["parse", str(bad)]) == 2
    assert "byte offset" in capsys.readouterr().err
    assert main(["parse", str(bad), "--errors", "replace", "--default-order", "recipient-first"]) == 0
    assert "赣州市" in capsys.readouterr().out

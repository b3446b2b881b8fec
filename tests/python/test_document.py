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
    # The title 梅州与广州对口合作 and the prose sentence restate list item 5.
    assert seed.mentions[["recipient", "partner", "pair"]].values.tolist() == [["梅州", "广州", 4], ["梅州市", "广州市", 4]]
    mention = seed.mentions.iloc[1]
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
    if document.name == "16_no_pairs.txt":
        # 梅州与广州对口合作 is a pairing in the text, of two cities of one province:
        # its direction is not told, so it stays a warning (and an unread line).
        assert extraction.warnings["line"].tolist() == [4], extraction.warnings.to_string()
        assert 4 in extraction.unread["line"].tolist()
    else:
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
                                     "partner_province_hint", "recipient_parent", "partner_parent", "line", "start",
                                     "end", "text", "form", "basis"]
    assert x.pairs["recipient_province_hint"].tolist() == ["河北省", "河北省"]
    assert x.pairs["partner_province_hint"].isna().all() and x.pairs["region"].isna().all()
    assert x.pairings.columns == ["recipient", "partner", "recipient_province_hint", "line"]
    assert x.pairs["basis"].tolist() == ["verb", "verb"]


def test_default_order_and_warnings():
    # Two cities of one province and one level: nothing in the document tells the direction.
    text = "标题\n丽水市与宁波市建立对口合作关系。"
    x = duikou.parse_text(text)
    assert x.pairs.empty and len(x.pairings) == 0
    assert x.warnings[["line", "text"]].values.tolist() == [[2, "丽水市与宁波市建立对口合作关系。"]]
    assert "default_order" in x.warnings["reason"][0]
    assert x.unread[["line", "names"]].values.tolist() == [[2, "丽水市、宁波市"]]
    assert x.unread["reason"][0] == x.warnings["reason"][0]
    y = duikou.parse_text(text, default_order="recipient-first")
    assert triples(y.pairs) == [("丽水市", "宁波市", "")] and y.pairs["basis"][0] == "default-order"
    z = duikou.parse_text(text, default_order="partner-first")
    assert triples(z.pairs) == [("宁波市", "丽水市", "")]


def test_convention_decides_east_and_west_but_only_with_known_names():
    text = "标题\n赣州市与深圳市建立对口合作关系。"
    x = duikou.parse_text(text)  # 广东 helps 江西: the programs' convention
    assert triples(x.pairs) == [("赣州市", "深圳市", "")] and x.pairs["basis"][0] == "convention"
    bare = duikou.parse_text(text, known_names=False)  # by suffixes only: no province known
    assert bare.pairs.empty and len(bare.warnings) == 1


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
    replaced = duikou.read_document(path, errors="replace", known_names=False)
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


# ---- real-page formats (issue 13), each in sentences of our own -------------------------

def pairs_of(text, **kwargs):
    return [tuple(row) for row in duikou.parse_text(text, **kwargs).pairs[["recipient", "partner"]].values]


def test_cli_parse_unread_lists_lines_without_pairs(tmp_path, capsys):
    page = tmp_path / "page.txt"
    page.write_text("杭州市代表团前往恩施州、湘西州考察。\n杭州市对口帮扶恩施州。\n", encoding="utf-8")
    assert main(["parse", str(page), "--unread"]) == 0
    out = capsys.readouterr().out
    assert "unread: 1 lines" in out and "unread: line 1: 杭州市、恩施州、湘西州: places named without" in out


def test_suffixless_names_from_the_gazetteer():
    text = "会议明确,中山对口帮扶潮州、揭阳市;佛山市对口帮扶云浮。"
    assert pairs_of(text) == [("潮州", "中山"), ("揭阳市", "中山"), ("云浮", "佛山市")]
    assert pairs_of(text, known_names=False) == [("揭阳市", "中山"), ("云浮", "佛山市")] or \
        pairs_of(text, known_names=False) == []  # without the gazetteer a bare name is not read


def test_respectively_lists_map_by_position():
    text = "按照新方案,杭州、宁波分别对口帮扶丽水、衢州,温州也不再帮扶舟山。"
    assert pairs_of(text) == [("丽水", "杭州"), ("衢州", "宁波")]
    x = duikou.parse_text("北京市海淀区、朝阳区日前分别与河北省张家口市崇礼区、涿鹿县签署协议,建立结对帮扶关系。")
    assert x.pairs[["recipient", "partner", "basis"]].values.tolist() == [
        ["崇礼区", "海淀区", "convention"], ["涿鹿县", "朝阳区", "convention"]]
    assert x.pairs["recipient_parent"].tolist() == ["张家口市", "张家口市"]


def test_replaced_pairs_are_not_current():
    text = "此前分别由东莞、中山帮扶的韶关、河源调整为广州帮扶。"
    x = duikou.parse_text(text)
    assert pairs_of(text) == [("韶关", "广州"), ("河源", "广州")]
    assert "ended or was replaced" in " ".join(x.unread["reason"]) or x.unread.empty
    gone = "2015年,珠海市对口帮扶茂名市。\n新一轮调整后,珠海不再对口帮扶茂名。"
    assert pairs_of(gone) == []


def test_passive_and_shared_recipient_with_a_count():
    # Three partners without suffixes, typed by the count 三县.
    assert pairs_of("按照部署,阿坝州松潘县由鹿城、瓯海、龙湾三区共同结对帮扶。") == [
        ("松潘县", "鹿城"), ("松潘县", "瓯海"), ("松潘县", "龙湾")]
    assert pairs_of("明确由西湖区结对淳安县。") == [("淳安县", "西湖区")]


def test_dash_pairs_in_a_prose_line_take_the_program_convention():
    text = "上海市对口支援西藏日喀则市。结对安排:闵行区——江孜县,徐汇区——亚东县。"
    x = duikou.parse_text(text)
    assert x.pairs[["recipient", "partner"]].values.tolist()[1:] == [["江孜县", "闵行区"], ["亚东县", "徐汇区"]]


def test_corps_divisions_and_frontier_convention():
    x = duikou.parse_text("近日,嘉兴市和新疆生产建设兵团第十四师昆玉市就产业合作结对帮扶签约。")
    assert x.pairs[["recipient", "partner"]].values.tolist() == [["第十四师昆玉市", "嘉兴市"]]
    assert x.pairs["recipient_province_hint"].tolist() == ["新疆生产建设兵团"]
    y = duikou.parse_text("浙江开始对口支援阿克苏地区乌什县、温宿县和兵团第一师。")
    assert y.pairs[["recipient", "partner"]].values.tolist() == [
        ["乌什县", "浙江"], ["温宿县", "浙江"], ["第一师", "浙江"]]
    assert y.pairs["recipient_parent"].tolist()[:2] == ["阿克苏地区", "阿克苏地区"]


def test_pinyin_garble_and_traditional_script():
    x = duikou.parse_text("順義區(qū)與西峽縣建立了對(duì)口協(xié)作關(guān)系,北京市對口支援河南省。")
    assert ("西峡县", "顺义区") in pairs_of("北京市順義區(qū)與河南省西峽縣建立了對(duì)口協(xié)作關(guān)系。")
    assert x.text.startswith("順義區(qū)")


def test_stray_mentions_friendship_and_groups_are_not_pairs():
    assert pairs_of("南京市与西安市深化交流,两市将加强对口合作。") == []
    assert pairs_of("佛山市、凉山州正式缔结为友好城市。") == []
    assert pairs_of("上海确定黄浦区、静安区与遵义11个县(市、区)进行结对。") == []
    assert pairs_of("苏南五市与苏北五市一一挂钩。") == []


def test_pronouns_resolve_to_the_issuer_and_the_last_city():
    text = "佳木斯市召开会议。\n会议听取该市与佛山市对口合作进展。"
    assert pairs_of(text) == [("佳木斯市", "佛山市")]

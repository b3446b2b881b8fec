"""Pair precision and recall of the reader on the dev corpus of real pages (issue 13).

The corpus lives beside the repository in ../shared/corpus/dev/ (22 documents
built from real pages, pairs read by hand; conventions in its SOURCES.md) and
is not copied into the project. Names are compared after removing
administrative suffixes (广西 = 广西壮族自治区, 梅州 = 梅州市), since the
expected files keep each name as the text writes it; a pair stated twice in
two forms counts once.
"""

import csv
from pathlib import Path

import pytest

import duikou

REPO = Path(__file__).parents[2]
CORPUS = REPO.parent / "shared" / "corpus" / "dev"

# Longest first: 自治州 before 州, 地区 before 区.
_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "特区",
             "省", "市", "县", "区", "州", "盟", "旗")
# The peoples named before 自治区/州/县: 广西壮族自治区, 凉山彝族自治州, 围场满族蒙古族自治县.
_PEOPLES = ("蒙古族", "土家族", "布依族", "哈尼族", "柯尔克孜", "哈萨克", "傈僳族", "景颇族", "朝鲜族", "维吾尔",
            "壮族", "回族", "彝族", "藏族", "羌族", "满族", "苗族", "侗族", "傣族", "白族", "瑶族", "黎族")


def bare(name: str) -> str:
    """The name without its administrative suffix (and the peoples of an autonomous unit)."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            stem = name[: -len(suffix)]
            while suffix.startswith("自治") and stem.endswith(_PEOPLES) and len(stem) >= 4:
                stem = next(stem[: -len(p)] for p in _PEOPLES if stem.endswith(p))
            return stem
    return name


def test_bare_names():
    assert [bare(n) for n in ("广西壮族自治区", "凉山彝族自治州", "围场满族蒙古族自治县", "梅州市", "梅州",
                              "喀什地区", "阿坝州", "内蒙古自治区", "北京", "第三师")] == \
        ["广西", "凉山", "围场", "梅州", "梅州", "喀什", "阿坝", "内蒙古", "北京", "第三师"]


def expected_pairs(document: Path) -> set:
    with open(document.with_suffix(".expected.csv"), encoding="utf-8", newline="") as f:
        return {(bare(row["recipient"]), bare(row["partner"])) for row in csv.DictReader(f)}


def read_pairs(document: Path) -> set:
    extraction = duikou.read_document(document)
    return {(bare(r), bare(p)) for r, p in extraction.pairs[["recipient", "partner"]].values}


def test_dev_corpus_precision_and_recall(capsys):
    if not CORPUS.is_dir():
        pytest.skip(f"the dev corpus is not available: {CORPUS} is absent (it lives beside the repository)")
    documents = sorted(CORPUS.glob("*.txt"))
    assert len(documents) >= 22
    rows = []
    tp = fp = fn = 0
    for document in documents:
        got, want = read_pairs(document), expected_pairs(document)
        hit = len(got & want)
        tp, fp, fn = tp + hit, fp + len(got - want), fn + len(want - got)
        rows.append((document.stem, len(want), len(got), hit, sorted(got - want), sorted(want - got)))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn)
    with capsys.disabled():
        print(f"\ndev corpus ({CORPUS}): {len(documents)} documents, {tp + fn} expected pairs")
        print(f"{'document':45} {'want':>4} {'got':>4} {'hit':>4} {'prec':>6} {'recall':>6}")
        for stem, want, got, hit, extra, missing in rows:
            p = hit / got if got else 1.0
            r = hit / want if want else 1.0
            print(f"{stem:45} {want:4} {got:4} {hit:4} {p:6.3f} {r:6.3f}")
            for pair in extra:
                print(f"{'':8}extra   {pair[0]} <- {pair[1]}")
            for pair in missing:
                print(f"{'':8}missing {pair[0]} <- {pair[1]}")
        print(f"{'total':45} {tp + fn:4} {tp + fp:4} {tp:4} {precision:6.3f} {recall:6.3f}")
    assert tp + fn == 75  # SOURCES.md: 22 documents, 75 expected pairs
    assert precision >= 0.95 and recall >= 0.95, (precision, recall)

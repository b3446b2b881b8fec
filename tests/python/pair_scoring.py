"""Pair precision and recall of the reader on a folder of hand-read documents (issue 13).

Shared by test_corpus_dev.py (../shared/corpus/dev) and test_documents_score.py (the project's
own tests/data/documents/pages and formats). Each document NAME.txt (or NAME.html) has
NAME.expected.csv with the columns recipient,region,partner,level.

Names are compared after removing administrative suffixes (广西 = 广西壮族自治区, 梅州 = 梅州市),
since the expected files keep each name as the text writes it, and the reader may keep a suffix
the text has elsewhere. A suffix is removed only where that merges no two places: when the bare
name is the stem of one kind of place only in the gazetteer (梅州), or when the document (its
expected and read names together) holds no other name of that stem with another suffix. So 和田市
and 和田县 stay apart in a document that names both, and a reader that writes 和田县 for 和田市
is wrong. A pair stated twice in two forms counts once.
"""

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import duikou

# Longest first: 自治州 before 州, 地区 before 区.
_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "特区",
             "省", "市", "县", "区", "州", "盟", "旗")
# The peoples named before 自治区/州/县: 广西壮族自治区, 凉山彝族自治州, 围场满族蒙古族自治县.
_PEOPLES = ("蒙古族", "土家族", "布依族", "哈尼族", "柯尔克孜", "哈萨克", "傈僳族", "景颇族", "朝鲜族", "维吾尔",
            "壮族", "回族", "彝族", "藏族", "羌族", "满族", "苗族", "侗族", "傣族", "白族", "瑶族", "黎族")
# Suffixes that name one kind of place: 自治州 and 州 are both an autonomous prefecture,
# 自治区 and 省 both a province.
_KIND = {"特别行政区": "省", "自治区": "省", "省": "省", "自治州": "州", "州": "州", "自治县": "县", "县": "县",
         "自治旗": "旗", "旗": "旗", "地区": "地区", "盟": "地区", "林区": "区", "特区": "区", "区": "区", "市": "市"}


def split_suffix(name: str) -> tuple:
    """(stem, kind of suffix): ('梅州', '市'); ('北京', '') for a name written without one."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            stem = name[: -len(suffix)]
            while suffix.startswith("自治") and stem.endswith(_PEOPLES) and len(stem) >= 4:
                stem = next(stem[: -len(p)] for p in _PEOPLES if stem.endswith(p))
            return stem, _KIND[suffix]
    return name, ""


def bare(name: str) -> str:
    """The name without its administrative suffix (and the peoples of an autonomous unit)."""
    return split_suffix(name)[0]


@lru_cache(maxsize=1)
def shared_stems() -> frozenset:
    """Stems that the gazetteer gives to places of different kinds (和田市, 和田县, 和田地区)."""
    data = Path(duikou.__file__).parent / "data"
    kinds: dict = {}
    for table in ("gazetteer.csv", "counties.csv"):
        with open(data / table, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                stem, kind = split_suffix(row["name"])
                if kind:
                    kinds.setdefault(stem, set()).add(kind)
    return frozenset(stem for stem, k in kinds.items() if len(k) > 1)


def comparison_keys(names) -> dict:
    """The key each name is compared by within one document (see the module docstring)."""
    split = {n: split_suffix(n) for n in names}
    kinds_of_stem: dict = {}
    for stem, kind in split.values():
        if kind:
            kinds_of_stem.setdefault(stem, set()).add(kind)
    keys = {}
    for name, (stem, kind) in split.items():
        merges_two = stem in shared_stems() and len(kinds_of_stem.get(stem, ())) > 1
        keys[name] = stem + kind if kind and merges_two else stem
    return keys


def expected_pairs(document: Path) -> list:
    with open(document.with_suffix(".expected.csv"), encoding="utf-8", newline="") as f:
        return [(row["recipient"], row["partner"]) for row in csv.DictReader(f)]


def read_pairs(document: Path) -> list:
    extraction = duikou.read_document(document)
    return [tuple(pair) for pair in extraction.pairs[["recipient", "partner"]].values]


@dataclass
class Score:
    document: str
    want: int
    got: int
    hit: int
    extra: list = field(default_factory=list)
    missing: list = field(default_factory=list)

    @property
    def perfect(self) -> bool:
        return not self.extra and not self.missing


def score_document(document: Path) -> Score:
    want_raw, got_raw = expected_pairs(document), read_pairs(document)
    keys = comparison_keys({n for pair in want_raw + got_raw for n in pair})
    want = {(keys[r], keys[p]) for r, p in want_raw}
    got = {(keys[r], keys[p]) for r, p in got_raw}
    return Score(document.stem, len(want), len(got), len(want & got), sorted(got - want), sorted(want - got))


def documents(folder: Path) -> list:
    return sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".html"))


def totals(scores) -> tuple:
    """(true positives, false positives, false negatives, precision, recall) over a set."""
    tp = sum(s.hit for s in scores)
    fp = sum(len(s.extra) for s in scores)
    fn = sum(len(s.missing) for s in scores)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return tp, fp, fn, precision, recall


def print_table(title: str, scores, marks: dict | None = None) -> None:
    """The per-document table and the set's precision and recall; `marks` notes documents by stem."""
    marks = marks or {}
    tp, fp, fn, precision, recall = totals(scores)
    print(f"\n{title}: {len(scores)} documents, {tp + fn} expected pairs")
    print(f"{'document':50} {'want':>4} {'got':>4} {'hit':>4} {'prec':>6} {'recall':>6}")
    for s in scores:
        p = s.hit / s.got if s.got else 1.0
        r = s.hit / s.want if s.want else 1.0
        print(f"{s.document:50} {s.want:4} {s.got:4} {s.hit:4} {p:6.3f} {r:6.3f}  {marks.get(s.document, '')}")
        for pair in s.extra:
            print(f"{'':8}extra   {pair[0]} <- {pair[1]}")
        for pair in s.missing:
            print(f"{'':8}missing {pair[0]} <- {pair[1]}")
    print(f"{'total':50} {tp + fn:4} {tp + fp:4} {tp:4} {precision:6.3f} {recall:6.3f}")

"""Integrity of the reader's test documents in tests/data/documents/.

The documents are test data read by hand, so these checks guard the hand work,
not the reader: every document has its expected CSV with the right columns,
every name in a CSV occurs in its text (traditional script converted to
simplified with OpenCC first, as the reader does), and SOURCES.md lists every
document and nothing else. The reader's score on these documents is measured
elsewhere (test_document.py for the synthetic set, the corpus tests for the
rest).
"""

import csv
import ctypes
import re
from functools import lru_cache
from pathlib import Path

import pytest

DOCUMENTS = Path(__file__).parents[1] / "data" / "documents"
SOURCES = DOCUMENTS / "SOURCES.md"
# Documents built from real pages, and small documents written for one format each.
SETS = ("pages", "formats")
COLUMNS = ["recipient", "region", "partner", "level"]
LEVELS = {"province", "city", "county"}
# The synthetic set at the top level predates the four-column convention.
TOP_COLUMNS = ["recipient", "partner", "region"]


# Administrative suffixes, longest first: the corpus is scored on names without them.
SUFFIXES = sorted("省 市 县 区 州 盟 旗 地区 自治州 自治区 自治县 自治旗 林区 特区".split(), key=len, reverse=True)


def bare(name: str) -> str:
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def distinct_suffixes(a: str, b: str) -> bool:
    """Both names carry a suffix, and not the same one: two places sharing a stem."""
    return bare(a) != a and bare(b) != b and a[len(bare(a)):] != b[len(bare(b)):]


def texts(folder: Path) -> list:
    return sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".html"))


def expected_path(document: Path) -> Path:
    return document.with_suffix(".expected.csv")


def read_rows(document: Path) -> tuple:
    with open(expected_path(document), encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return reader.fieldnames, list(reader)


@lru_cache(maxsize=1)
def opencc():
    """OpenCC's C API through ctypes (libopencc is a build dependency of duikou)."""
    for name in ("libopencc.so.1.1", "libopencc.so.1", "libopencc.so"):
        try:
            lib = ctypes.CDLL(name)
            break
        except OSError:
            continue
    else:
        return None
    lib.opencc_open.restype = ctypes.c_void_p
    lib.opencc_open.argtypes = [ctypes.c_char_p]
    lib.opencc_convert_utf8.restype = ctypes.c_void_p
    lib.opencc_convert_utf8.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t]
    lib.opencc_convert_utf8_free.argtypes = [ctypes.c_void_p]
    handle = lib.opencc_open(b"t2s.json")
    if handle in (None, 0, ctypes.c_void_p(-1).value):
        return None
    return lib, handle


def to_simplified(text: str) -> str:
    converter = opencc()
    if converter is None:
        pytest.skip("OpenCC (libopencc with t2s.json) is not installed: cannot check a traditional-script document")
    lib, handle = converter
    data = text.encode("utf-8")
    out = lib.opencc_convert_utf8(handle, data, len(data))
    assert out, "OpenCC failed to convert"
    try:
        return ctypes.string_at(out).decode("utf-8")
    finally:
        lib.opencc_convert_utf8_free(out)


# Variant characters of reposts that OpenCC's t2s leaves as they are (陜西 for 陕西).
VARIANTS = str.maketrans({"陜": "陕"})
PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]+\)")


def is_traditional(document: Path) -> bool:
    return "traditional" in document.stem


def searchable(document: Path) -> str:
    """The text a name is looked up in: simplified, without HTML tags and without white space
    (PDF extraction spaces the characters of a name: 赣 州 市)."""
    text = document.read_text(encoding="utf-8")
    if document.suffix == ".html":
        text = re.sub(r"<[^>]*>", "", text)
    if is_traditional(document):
        # Reposts insert the pinyin of a character after it, 務(wù)川: a name is read without it.
        text = PINYIN.sub("", to_simplified(text)).translate(VARIANTS)
    return "".join(text.split())


ALL = [(s, d) for s in SETS for d in texts(DOCUMENTS / s)]
IDS = [f"{s}/{d.name}" for s, d in ALL]


def test_the_sets_hold_what_the_issue_asks():
    pages = texts(DOCUMENTS / "pages")
    formats = texts(DOCUMENTS / "formats")
    assert len(pages) >= 20
    assert len(formats) >= 15
    # Most pairing is county level: the real-page set must hold many county pairs.
    county = sum(row["level"] == "county" for d in pages for row in read_rows(d)[1])
    assert county >= 50, county


@pytest.mark.parametrize("folder", SETS + ("",))
def test_every_text_has_an_expected_csv_and_back(folder):
    here = DOCUMENTS / folder
    stems = {d.with_suffix("").name for d in texts(here)}
    expected = {p.name[: -len(".expected.csv")] for p in here.glob("*.expected.csv")}
    assert stems == expected
    # One document per number in a set, so a table of results reads unambiguously.
    numbers = [s.split("_")[0] for s in stems]
    assert len(numbers) == len(set(numbers))


@pytest.mark.parametrize("folder, document", ALL, ids=IDS)
def test_expected_rows_are_well_formed(folder, document):
    columns, rows = read_rows(document)
    assert columns == COLUMNS
    seen = set()
    for number, row in enumerate(rows, start=2):
        where = f"{expected_path(document).name} line {number}"
        assert row["recipient"] and row["partner"], where
        assert row["recipient"] != row["partner"], where
        assert row["level"] in LEVELS, where
        for value in row.values():
            assert value == value.strip() and "\n" not in value, where
        pair = (row["recipient"], row["partner"])
        assert pair not in seen, f"{where}: the pair is listed twice"
        # A scorer compares names without suffixes: two rows may then collide only where both
        # names carry different suffixes (和田市, 和田县), never one written bare (伊犁, 伊犁州).
        for other in seen:
            if all(bare(a) == bare(b) for a, b in zip(pair, other)):
                assert all(distinct_suffixes(a, b) for a, b in zip(pair, other) if a != b), \
                    f"{where}: the pair is listed twice once suffixes are removed"
        seen.add(pair)


@pytest.mark.parametrize("folder, document", ALL, ids=IDS)
def test_every_expected_name_occurs_in_its_text(folder, document):
    text = searchable(document)
    for number, row in enumerate(read_rows(document)[1], start=2):
        for column in ("recipient", "partner", "region"):
            name = row[column]
            if name:
                assert name in text, f"{expected_path(document).name} line {number}: {column} {name!r} not in the text"


@pytest.mark.parametrize("document", texts(DOCUMENTS), ids=lambda d: d.name)
def test_synthetic_set_names_occur_in_their_texts(document):
    columns, rows = read_rows(document)
    assert columns == TOP_COLUMNS
    text = searchable(document)
    for row in rows:
        for column in TOP_COLUMNS:
            if row[column]:
                assert row[column] in text, (document.name, column, row[column])


def test_traditional_documents_need_the_conversion():
    """The conversion is not a no-op: each traditional document names a pair only in traditional script."""
    traditional = [d for _, d in ALL if is_traditional(d)]
    assert len(traditional) >= 6
    for document in traditional:
        raw = document.read_text(encoding="utf-8")
        rows = read_rows(document)[1]
        assert any(row["recipient"] not in raw or row["partner"] not in raw for row in rows), document.name


def test_sources_lists_every_document_and_only_those():
    listed = set(re.findall(r"`([^`]+\.(?:txt|html))`", SOURCES.read_text(encoding="utf-8")))
    present = {f"{s}/{d.name}" for s, d in ALL} | {d.name for d in texts(DOCUMENTS)}
    assert present - listed == set(), "documents missing from SOURCES.md"
    assert listed - present == set(), "SOURCES.md lists documents that do not exist"


def test_every_real_page_document_names_its_address():
    """Each row of the real-page table starts with the document and gives an http(s) address."""
    rows = [line for line in SOURCES.read_text(encoding="utf-8").splitlines() if line.startswith("| `pages/")]
    assert len(rows) == len(texts(DOCUMENTS / "pages"))
    for line in rows:
        assert re.search(r"https?://\S+", line), line

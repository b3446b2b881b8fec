"""The list columns of the statistics, built in C++ (``_core.name_lists`` with ``order``).

Each method's table is checked against the plain-pandas reference (tests/python/reference.py)
and against the lists sliced in Python from the kernel's output (the path the methods took
before), on random tables: empty, one row, missing regions, non-ASCII names. ``names=False``
must give the same table without the list column; the lists share the table's name objects
and leak no reference.
"""

import gc
import sys

import numpy as np
import pandas as pd
import pytest

from duikou import InputError, Pairings, _core

import reference

# ASCII, Latin-1, CJK and a name outside the Basic Multilingual Plane: each kind of str storage.
ALPHABET = ["a", "b", "é", "赣", "州", "市", "𠀋", "-"]


def random_frame(seed: int, n: int, *, missing_regions: bool = True) -> pd.DataFrame:
    rng = np.random.default_rng(seed)

    def names(count, prefix):
        return [prefix + "".join(rng.choice(ALPHABET, size=rng.integers(1, 4))) + str(i) for i in range(count)]

    recipients, partners = names(max(1, n // 2), "r"), names(max(1, n // 5), "p")
    regions = np.array(names(4, "g"), dtype=object)
    frame = pd.DataFrame({"recipient": rng.choice(np.array(recipients, dtype=object), n),
                          "partner": rng.choice(np.array(partners, dtype=object), n)}).drop_duplicates()
    region = regions[rng.integers(0, len(regions), len(frame))]
    if missing_regions:
        region[rng.random(len(frame)) < 0.2] = np.nan
    return frame.assign(region=region).reset_index(drop=True)


TABLES = {
    "empty": pd.DataFrame({"recipient": pd.Series([], dtype=object), "partner": pd.Series([], dtype=object),
                           "region": pd.Series([], dtype=object)}),
    "one row": pd.DataFrame({"recipient": ["赣州市"], "partner": ["深圳市"], "region": ["赣闽粤原中央苏区"]}),
    "one row, no region": pd.DataFrame({"recipient": ["𠀋a"], "partner": ["é"], "region": [np.nan]}),
    **{f"random {seed}": random_frame(seed, n) for seed, n in [(1, 12), (2, 200), (3, 3000)]},
    "random, every region present": random_frame(4, 500, missing_regions=False),
}


def sliced_lists(p: Pairings, key: str, value: str, order) -> list:
    """The lists as the methods built them before: distinct's output sliced in Python."""
    offsets, ids = _core.distinct(p._pair_table, p._group(key), p._group(value))
    names = p._names(value)
    return [list(names[ids[offsets[k]:offsets[k + 1]]]) for k in order]


def same_names(a, b) -> bool:
    """Lists equal, NaN (a missing region) equal to NaN."""
    return len(a) == len(b) and all(x == y or (pd.isna(x) and pd.isna(y)) for x, y in zip(a, b))


def check_list_column(table: pd.DataFrame, column: str, expected: list):
    assert table[column].dtype == object
    got = table[column].tolist()
    assert all(type(x) is list for x in got)
    assert len(got) == len(expected) and all(same_names(g, e) for g, e in zip(got, expected)), column


@pytest.mark.parametrize("name", list(TABLES))
@pytest.mark.parametrize("side,other", [("partner", "recipient"), ("recipient", "partner")])
def test_frequency_lists(name, side, other):
    frame = TABLES[name]
    p = Pairings(frame)
    got = getattr(p, f"{side}_frequency")()
    assert list(got.columns) == [side, "pairs", "share", "regions", other + "s"]
    assert [str(t) for t in got.dtypes] == ["object", "int64", "float64", "int64", "object"]
    if len(frame):
        expected = reference.frequency(frame, side, other, "region")
        assert got[side].tolist() == expected[side].tolist()
        assert got["pairs"].tolist() == expected["pairs"].tolist()
        assert got["regions"].tolist() == expected["regions"].tolist()
        check_list_column(got, other + "s", expected[other + "s"].tolist())
    ids = [p._names(side).tolist().index(x) for x in got[side]]
    check_list_column(got, other + "s", sliced_lists(p, side, other, ids))
    # names=False: the same table without the lists
    bare = getattr(p, f"{side}_frequency")(names=False)
    pd.testing.assert_frame_equal(bare, got.drop(columns=other + "s"))


@pytest.mark.parametrize("name", list(TABLES))
def test_region_coverage_lists(name):
    frame = TABLES[name]
    p = Pairings(frame)
    got = p.region_coverage()
    assert list(got.columns) == ["region", "recipients", "pairs", "partners", "partner_names"]
    assert [str(t) for t in got.dtypes][1:] == ["int64", "int64", "int64", "object"]
    if len(frame):
        expected = reference.region_coverage(frame)
        assert same_names(got["region"].tolist(), expected["region"].tolist())
        for column in ("recipients", "pairs", "partners"):
            assert got[column].tolist() == expected[column].tolist()
        check_list_column(got, "partner_names", expected["partner_names"].tolist())
    region_names = p._names("region").tolist()
    ids = [next(k for k, r in enumerate(region_names) if same_names([r], [x])) for x in got["region"]]
    check_list_column(got, "partner_names", sliced_lists(p, "region", "partner", ids))
    pd.testing.assert_frame_equal(p.region_coverage(names=False), got.drop(columns="partner_names"))


@pytest.mark.parametrize("name", list(TABLES))
def test_partner_reach_lists(name):
    frame = TABLES[name]
    p = Pairings(frame)
    got = p.partner_reach()
    assert list(got.columns) == ["partner", "regions", "region_names"]
    assert [str(t) for t in got.dtypes] == ["object", "int64", "object"]
    # independently: distinct regions (NaN counted as one) per partner, by reach, ties by first appearance
    first = {name: i for i, name in reversed(list(enumerate(frame["partner"])))}
    regions = {name: reference.first_appearance_order(frame["region"].fillna("<none>")[frame["partner"] == name])
               for name in first}
    order = sorted(first, key=lambda name: (-len(regions[name]), first[name]))
    assert got["partner"].tolist() == order
    assert got["regions"].tolist() == [len(regions[name]) for name in order]
    expected = [[np.nan if r == "<none>" else r for r in regions[name]] for name in order]
    check_list_column(got, "region_names", expected)
    ids = [p._names("partner").tolist().index(x) for x in got["partner"]]
    check_list_column(got, "region_names", sliced_lists(p, "partner", "region", ids))
    pd.testing.assert_frame_equal(p.partner_reach(names=False), got.drop(columns="region_names"))


def test_universe_rows_without_lists():
    p = Pairings(TABLES["one row"])
    with_lists = p.region_coverage(universe=["赣闽粤原中央苏区", "左右江"])
    assert with_lists["partner_names"].tolist() == [["深圳市"], []]
    bare = p.region_coverage(universe=["赣闽粤原中央苏区", "左右江"], names=False)
    pd.testing.assert_frame_equal(bare, with_lists.drop(columns="partner_names"))
    assert bare.attrs["covered_share"] == 0.5


def test_english_lists_keep_the_order():
    p = Pairings(TABLES["random 2"])
    zh, en = p.partner_frequency(), p.partner_frequency(labels="en")
    assert [len(x) for x in zh["recipients"]] == [len(x) for x in en["recipients"]]


# -- the lists share the table's names and leak nothing ---------------------------------------
def test_lists_share_the_name_objects():
    p = Pairings(TABLES["random 3"])
    names = {id(x) for x in p._names("recipient")}
    lists = p.partner_frequency()["recipients"]
    assert all(id(x) in names for lst in lists for x in lst)  # one str per distinct name, no copies


def test_name_lists_in_order_by_hand():
    names = np.array(["赣州市", "深圳市", "广州市"], dtype=object)
    offsets, ids = np.array([0, 2, 2, 3]), np.array([1, 0, 2], dtype=np.int32)
    out = _core.name_lists(offsets, ids, names, np.array([2, 0, 0]))
    assert isinstance(out, np.ndarray) and out.dtype == object and out.shape == (3,)
    assert out.tolist() == [["广州市"], ["深圳市", "赣州市"], ["深圳市", "赣州市"]]
    assert out[1] is not out[2]  # the same key twice: two lists, so changing one leaves the other
    assert _core.name_lists(offsets, ids, names, np.array([], dtype=np.int64)).shape == (0,)
    for bad in ([3], [-1]):
        with pytest.raises(ValueError, match="order holds"):
            _core.name_lists(offsets, ids, names, np.array(bad))


@pytest.mark.parametrize("enabled", [True, False])
def test_name_lists_restores_the_collector(enabled):
    names = np.array(["a"], dtype=object)
    (gc.enable if enabled else gc.disable)()
    try:
        _core.name_lists(np.array([0, 1]), np.array([0], dtype=np.int32), names, np.array([0]))
        assert gc.isenabled() is enabled
        with pytest.raises(ValueError):
            _core.name_lists(np.array([0, 1]), np.array([0], dtype=np.int32), names, np.array([5]))
        assert gc.isenabled() is enabled
    finally:
        gc.enable()


def test_no_reference_leaks():
    p = Pairings(TABLES["random 3"])
    recipient, region = p._names("recipient")[0], p._names("region")[0]
    p.partner_frequency(), p.recipient_frequency(), p.region_coverage(), p.partner_reach()  # memos filled
    gc.collect()
    before = sys.getrefcount(recipient), sys.getrefcount(region)
    for _ in range(20):
        tables = [p.partner_frequency(), p.recipient_frequency(), p.region_coverage(), p.partner_reach()]
        assert sys.getrefcount(recipient) > before[0]  # the lists do refer to it
        del tables
    gc.collect()
    assert (sys.getrefcount(recipient), sys.getrefcount(region)) == before


# -- from_frame of Categorical sides: the table's own codes, the same table as from str --------
@pytest.mark.parametrize("name", [n for n in TABLES if n != "empty"])
def test_from_frame_of_categoricals_equals_from_str(name):
    frame = TABLES[name].assign(year=np.arange(len(TABLES[name])) + 2000)
    frame.index = frame.index * 2 + 7  # an index that is not 0..n-1: rows are renumbered
    coded = frame.astype({"recipient": "category", "partner": "category"})
    p, q = Pairings(frame), Pairings.from_frame(coded)
    pd.testing.assert_frame_equal(q.to_frame(), coded.reset_index(drop=True))
    for method in ("partner_frequency", "recipient_frequency", "region_coverage", "partner_reach"):
        pd.testing.assert_frame_equal(getattr(q, method)(), getattr(p, method)())
    coded.loc[coded.index[0], "partner"] = coded["partner"].iloc[-1]  # the caller's frame changes later
    coded.loc[coded.index[0], "year"] = -1
    assert q.to_frame()["partner"].iloc[0] == frame["partner"].iloc[0]
    assert q.to_frame()["year"].iloc[0] == 2000


def test_from_frame_of_categoricals_reports_invalid_rows():
    frame = pd.DataFrame({"recipient": ["a", "a", "b", None], "partner": ["x", "x", "b", "y"]}).astype("category")
    p = Pairings.from_frame(frame, on_invalid="keep")
    assert p.problems["problem"].tolist() == ["duplicate", "self_pair", "missing_name"]
    assert len(Pairings.from_frame(frame, on_invalid="drop")) == 1
    with pytest.raises(ValueError, match="3 invalid row"):
        Pairings.from_frame(frame)


@pytest.mark.parametrize("bad", [1, "\udcff"])
def test_from_frame_of_categoricals_names_a_bad_name(bad):
    frame = pd.DataFrame({"recipient": pd.Categorical(["a", bad]), "partner": pd.Categorical(["x", "y"])})
    with pytest.raises(InputError) as info:  # as for str columns: the row and field of the bad name
        Pairings.from_frame(frame)
    assert "recipient" in str(info.value) and "row 2" in str(info.value)  # rows counted from 1


# -- from_frame of str columns: factorised in C++ (_core.factorize_names) --------------------------
def _as_pandas_factorizes(values: np.ndarray) -> None:
    codes, names = _core.factorize_names(values)
    expected_codes, expected_names = pd.factorize(values, use_na_sentinel=True)
    assert codes.dtype == np.int32 and names.dtype == object
    np.testing.assert_array_equal(codes, expected_codes)
    assert names.tolist() == list(expected_names)
    for k, name in enumerate(names):  # each name is the column's own first object of its value
        assert name is values[np.flatnonzero(codes == k)[0]]


@pytest.mark.parametrize("shared", [True, False])
def test_factorize_names_as_pandas(shared):
    rng = np.random.default_rng(5)
    distinct = ["".join(rng.choice(ALPHABET, size=rng.integers(0, 5))) for _ in range(300)] + ["ab", "\u6261"]
    picks = rng.integers(0, len(distinct), 20_000)  # over 4096 rows: past the trial of the address lookup
    if shared:  # a few objects, shared by many rows (as a Categorical's astype(object) gives)
        values = np.array([distinct[k] for k in picks], dtype=object)
    else:  # an object of its own per row (as a file read line by line gives)
        values = np.array(["".join(list(distinct[k])) for k in picks] + ["x" + str(k) for k in picks], dtype=object)
    values[rng.random(len(values)) < 0.05] = None
    values[rng.random(len(values)) < 0.05] = np.nan
    _as_pandas_factorizes(values)
    _as_pandas_factorizes(values[::3])  # a strided view
    _as_pandas_factorizes(values[:0])


def test_factorize_names_tells_kinds_apart():
    # The same bytes in two storage kinds ("ab" in one byte a character, U+6261 in two) are two names.
    codes, names = _core.factorize_names(np.array(["ab", "\u6261", "", "\x00", "ab"], dtype=object))
    assert codes.tolist() == [0, 1, 2, 3, 0] and names.tolist() == ["ab", "\u6261", "", "\x00"]


@pytest.mark.parametrize("bad", [1, 2.5, b"a", pd.NA, "\udcff", np.str_("a")])
def test_factorize_names_leaves_other_values_to_the_general_path(bad):
    assert _core.factorize_names(np.array(["a", bad], dtype=object)) is None
    with pytest.raises(TypeError):
        _core.factorize_names(np.array(["a", "b"]))  # not an object array


@pytest.mark.parametrize("bad", [1, "\udcff"])
def test_from_frame_of_str_names_a_bad_name(bad):
    n = 5000  # past the first rows
    frame = pd.DataFrame({"recipient": ["r" + str(i) for i in range(n)], "partner": ["p"] * n})
    frame.loc[n - 2, "recipient"] = bad
    with pytest.raises(InputError) as info:
        Pairings.from_frame(frame)
    assert "recipient" in str(info.value) and f"row {n - 1}" in str(info.value)  # rows counted from 1


def test_from_frame_of_str_cleans_and_reports():
    frame = pd.DataFrame({"recipient": ["赣州 市", "赣州市", None, "a"], "partner": ["深圳市", "深圳市 ", "x", float("nan")],
                          "region": ["东部", "东部", " 西部", None]})
    p = Pairings.from_frame(frame, on_invalid="keep")
    assert p.recipients == ["赣州市", "a"] and p.partners == ["深圳市", "x"]
    assert p.problems["problem"].tolist() == ["duplicate", "missing_name", "missing_name"]
    assert sorted(p.cleaned["before"]) == [" 西部", "深圳市 ", "赣州 市"]
    pd.testing.assert_frame_equal(p.region_coverage(), Pairings.from_frame(frame.astype("category"),
                                                                           on_invalid="keep").region_coverage())

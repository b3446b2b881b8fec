"""The fast paths behind the statistics, checked on hand-made data and against
plain pandas on tables big enough for the kernels' two-thread halves."""

import numpy as np
import pandas as pd
import pytest

import duikou
from duikou import Pairings, _core

import reference

BIG = 300_000  # above the row count at which the C++ kernels split their work in two


# -- name_lists: the lists of names a statistic returns --------------------------------
def test_name_lists_by_hand():
    names = np.array(["赣州市", "深圳市", "广州市"], dtype=object)
    lists = _core.name_lists(np.array([0, 2, 2, 3]), np.array([1, 0, 2], dtype=np.int32), names)
    assert lists == [["深圳市", "赣州市"], [], ["广州市"]]
    assert lists[0][0] is names[1]  # the same objects, not copies
    assert _core.name_lists(np.array([0]), np.array([], dtype=np.int32), names) == []


def test_name_lists_of_a_strided_object_array():
    names = np.array(["a", "x", "b", "y", "c"], dtype=object)[::2]
    assert _core.name_lists(np.array([0, 3]), np.array([2, 0, 1], dtype=np.int32), names) == [["c", "a", "b"]]


@pytest.mark.parametrize("offsets,ids,names,error,part", [
    ([0, 1], [3], ["a"], ValueError, "id 3 is outside [0, 1)"),
    ([0, 1], [-1], ["a"], ValueError, "id -1"),
    ([0, 2, 1], [0, 0], ["a"], ValueError, "must not decrease"),
    ([0, 5], [0], ["a"], ValueError, "within [0, len(ids)]"),
    ([], [], ["a"], ValueError, "at least one entry"),
    ([0, 1], [0], np.array(["a"]), TypeError, "object array"),
])
def test_name_lists_rejects_bad_input(offsets, ids, names, error, part):
    names = names if isinstance(names, np.ndarray) else np.array(names, dtype=object)
    with pytest.raises(error) as info:
        _core.name_lists(np.array(offsets, dtype=np.int64), np.array(ids, dtype=np.int32), names)
    assert part in str(info.value)


# -- the C++ table takes codes and labels without surprises ------------------------------
@pytest.mark.parametrize("dtype", [np.int8, np.int16, np.int32, np.int64])
def test_codes_of_any_signed_width_and_stride(dtype):
    codes = np.array([0, 9, 1, 9, -1, 9, 1], dtype=dtype)[::2]  # strided: 0, 1, -1, 1
    t = _core.PairTable(codes, ("a", "b"), np.array([0, 0, 1, 1]), ["x", "y"])
    assert t.codes("recipient").tolist() == [0, 1, -1, 1]


def test_labels_must_be_str():
    with pytest.raises(TypeError, match="'recipient' label 1 is a int, expected str"):
        _core.PairTable(np.array([0, 1]), ["a", 1], np.array([0, 0]), ["x"])
    with pytest.raises(TypeError, match="not a single string"):
        _core.PairTable(np.array([0, 0]), "ab", np.array([0, 0]), ["x"])
    with pytest.raises(ValueError, match="'partner' label 0 holds a lone surrogate"):
        _core.PairTable(np.array([0]), ["a"], np.array([0]), ["\udcff"])


def test_labels_keep_every_character():
    labels = ["ascii", "é à", "赣州市", "𠀋 (outside the BMP)", "", "tab\tand\nnewline"]
    t = _core.PairTable(np.arange(6), labels, np.zeros(6, dtype=np.int32), ["x"])
    assert t.labels("recipient") == labels


# -- statistics of a big table against plain pandas --------------------------------------
@pytest.fixture(scope="module")
def big():
    """A table of BIG distinct pairs: Zipf-like partners, recipients each in one region, some NaN regions."""
    rng = np.random.default_rng(7)
    partner = rng.zipf(1.6, BIG) % 700
    recipient = rng.integers(0, BIG // 5, BIG)
    frame = pd.DataFrame({"recipient": recipient, "partner": partner}).drop_duplicates()
    region_of = rng.integers(0, 60, BIG // 5)
    region = np.array([f"区{r}" for r in range(60)], dtype=object)[region_of[frame["recipient"]]]
    region[rng.random(len(frame)) < 0.01] = np.nan
    return pd.DataFrame({"recipient": [f"县{r}" for r in frame["recipient"]],
                         "partner": [f"市{p}" for p in frame["partner"]],
                         "region": region})


def test_distinct_against_pandas(big):
    p = Pairings(big)
    for key, value in [("region", "partner"), ("region", "recipient"), ("partner", "recipient"),
                       ("recipient", "partner"), ("partner", "region")]:
        offsets, ids = _core.distinct(p._table, p._group(key), p._group(value))
        names = p._uniques[value][ids]
        keys = p._uniques[key]
        frame = big.fillna({"region": "<missing>"})
        expected = frame.groupby(key, sort=False)[value].unique()  # first-appearance order within each key
        for k in range(len(keys)):
            name = "<missing>" if pd.isna(keys[k]) else keys[k]
            got = ["<missing>" if pd.isna(v) else v for v in names[offsets[k]:offsets[k + 1]]]
            assert got == list(expected[name]), (key, value, name)


def test_partner_frequency_of_a_big_table(big):
    f = Pairings(big).partner_frequency()
    counts = big["partner"].value_counts(sort=False)
    first = {name: i for i, name in reversed(list(enumerate(big["partner"])))}
    order = sorted(counts.index, key=lambda name: (-counts[name], first[name]))
    assert f["partner"].tolist() == order
    assert f["pairs"].tolist() == [counts[name] for name in order]
    regions = big.groupby("partner")["region"].nunique(dropna=False)
    assert f["regions"].tolist() == [regions[name] for name in order]
    recipients = big.groupby("partner", sort=False)["recipient"].unique()
    assert all(list(recipients[name]) == got for name, got in zip(order, f["recipients"]))


def test_region_coverage_of_a_big_table(big):
    c = Pairings(big).region_coverage()
    grouped = big.fillna({"region": "<missing>"}).groupby("region", sort=False)
    expected = grouped.agg(recipients=("recipient", "nunique"), pairs=("partner", "size"),
                           partners=("partner", "nunique"))
    names = ["<missing>" if pd.isna(r) else r for r in c["region"]]
    assert names == list(expected.index)  # regions by first appearance
    for column in ("recipients", "pairs", "partners"):
        assert c[column].tolist() == expected[column].tolist()
    partner_names = grouped["partner"].unique()
    assert all(list(partner_names[name]) == got for name, got in zip(names, c["partner_names"]))


def test_concentration_of_a_big_table(big):
    got = Pairings(big).concentration()
    expected = reference.concentration(big["partner"].value_counts().to_numpy())
    for name in ("hhi", "gini", "shannon", "cr_k"):
        assert getattr(got, name) == pytest.approx(expected[name], rel=1e-12)


def test_coverage_matrix_of_a_big_table(big):
    m = Pairings(big).coverage_matrix("region", "partner")
    frame = big.fillna({"region": "<missing>"})
    expected = pd.crosstab(frame["region"], frame["partner"])
    m.index = ["<missing>" if pd.isna(r) else r for r in m.index]
    assert (m.loc[expected.index, expected.columns].to_numpy() == expected.to_numpy()).all()
    assert m.to_numpy().sum() == len(big)


def test_csv_of_a_big_table_reads_back(big, tmp_path):
    p = Pairings(big)
    p.to_csv(tmp_path / "big.csv")
    again = Pairings.read_csv(tmp_path / "big.csv")
    pd.testing.assert_frame_equal(again.to_frame(), big)
    assert again.partner_frequency().equals(p.partner_frequency())


def test_statistics_do_not_depend_on_the_table_size_path():
    """The same 20-pair plan, alone and repeated into a big table, gives proportional counts."""
    plan = duikou.datasets.load()
    frame = plan.to_frame()[["recipient", "partner", "region"]]
    copies = 20_000  # 400,000 rows: the two-thread halves
    big = pd.concat([frame.assign(recipient=frame["recipient"] + f"#{i}") for i in range(copies)],
                    ignore_index=True)
    small_f, big_f = plan.partner_frequency(), Pairings(big).partner_frequency()
    assert big_f["partner"].tolist() == small_f["partner"].tolist()
    assert (big_f["pairs"].to_numpy() == copies * small_f["pairs"].to_numpy()).all()
    assert big_f["regions"].tolist() == small_f["regions"].tolist()

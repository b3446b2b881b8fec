"""Large inputs as integer codes (Pairings.from_codes) and Categorical columns (from_frame)."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import duikou
from duikou import Pairings

RECIPIENTS = ["赣州市", "百色市", "六安市", "某某县"]
PARTNERS = ["深圳市", "上海市", "宁波市"]
REGIONS = ["赣闽粤", "左右江", "大别山"]


def small():
    return Pairings.from_codes(np.array([0, 1, 2, 0]), np.array([0, 0, 1, 2]), RECIPIENTS, PARTNERS,
                               groups={"region": (np.array([0, 1, 2, 0], dtype=np.int8), REGIONS)})


def test_from_codes_builds_a_categorical_table():
    p = small()
    frame = p.to_frame()
    assert list(frame.columns) == ["recipient", "partner", "region"]
    assert all(isinstance(frame[c].dtype, pd.CategoricalDtype) for c in frame.columns)
    assert frame["recipient"].tolist() == ["赣州市", "百色市", "六安市", "赣州市"]
    assert list(frame["recipient"].cat.categories) == RECIPIENTS  # unused 某某县 kept as a category
    same = Pairings(frame.astype(object))
    pd.testing.assert_frame_equal(p.partner_frequency(), same.partner_frequency())
    pd.testing.assert_frame_equal(p.region_coverage(), same.region_coverage())
    assert p.partner_frequency()["partner"].tolist() == ["深圳市", "上海市", "宁波市"]
    assert p.coverage_matrix("region", "partner").loc["赣闽粤", "宁波市"] == 1
    r = p.resolve()
    assert r.to_frame()["partner_code"].tolist() == ["440300", "440300", "310100", "330200"]
    assert len(r.resolution) == 6  # 某某县 has no pair, so it is not reported
    assert p.distances()["distance_km"].notna().all()


def test_missing_codes_are_reported_like_missing_names():
    with pytest.raises(duikou.InputError, match="row 2: no partner name"):
        Pairings.from_codes(np.array([0, 1]), np.array([0, -1]), RECIPIENTS, PARTNERS)
    p = Pairings.from_codes(np.array([0, 1]), np.array([0, -1]), RECIPIENTS, PARTNERS, on_invalid="keep")
    assert p.problems["problem"].tolist() == ["missing_name"]
    assert p.to_frame()["partner"].isna().tolist() == [False, True]


@pytest.mark.parametrize("codes, error, message", [
    (np.array([0.0, 1.0, 2.0, 0.0]), TypeError, r"field 'partner': codes must be an integer array, got dtype float64"),
    (np.array([0, np.nan, 1, 2]), TypeError, r"field 'partner'.*NaN is not a code"),
    (np.array(["0", "1", "1", "2"]), TypeError, r"field 'partner': codes must be an integer array"),
    (np.array([0, 1, 3, 0]), duikou.InputError, r"row 3, field 'partner': code 3 is outside \[-1, 3\)"),
    (np.array([0, -2, 1, 0]), duikou.InputError, r"row 2, field 'partner': code -2 is outside"),
    (np.array([0, 1, 2]), duikou.InputError, r"field 'partner': 3 codes, but 'recipient' has 4"),
    (np.array([[0, 1], [2, 0]]), ValueError, r"field 'partner': codes must be one-dimensional"),
    (np.array([0, 1, 2, 2**40], dtype=np.uint64), duikou.InputError,
     r"row 4, field 'partner': code 1099511627776 is outside"),
])
def test_bad_codes_name_the_field(codes, error, message):
    with pytest.raises(error, match=message):
        Pairings.from_codes(np.array([0, 1, 2, 0]), codes, RECIPIENTS, PARTNERS)


def test_bad_labels_and_groups_name_the_field():
    rec = np.array([0, 1])
    with pytest.raises(duikou.InputError, match=r"field 'partner': label '深圳市' appears twice"):
        Pairings.from_codes(rec, np.array([0, 1]), RECIPIENTS, ["深圳市", "深圳市"])
    with pytest.raises(duikou.InputError, match=r"field 'recipient': label 1 is int 5, expected a name"):
        Pairings.from_codes(rec, np.array([0, 1]), ["a", 5], PARTNERS)
    with pytest.raises(duikou.InputError, match=r"field 'region': label 0 is missing"):
        Pairings.from_codes(rec, np.array([0, 1]), RECIPIENTS, PARTNERS, groups={"region": (rec, [None, "x"])})
    with pytest.raises(duikou.InputError, match=r"row 2, field 'region': code 5 is outside"):
        Pairings.from_codes(rec, np.array([0, 1]), RECIPIENTS, PARTNERS, groups={"region": (np.array([0, 5]), REGIONS)})
    with pytest.raises(ValueError, match="group names must be strings other than"):
        Pairings.from_codes(rec, np.array([0, 1]), RECIPIENTS, PARTNERS, groups={"partner": (rec, PARTNERS)})
    with pytest.raises(TypeError, match="labels must be a sequence of names"):
        Pairings.from_codes(rec, np.array([0, 1]), "赣州市", PARTNERS)
    err = pytest.raises(duikou.InputError, Pairings.from_codes, rec, np.array([0, 7]), RECIPIENTS, PARTNERS)
    assert err.value.field == "partner" and err.value.source == "<codes>"
    unsigned = Pairings.from_codes(rec.astype(np.uint8), np.array([0, 1], dtype=np.int16), RECIPIENTS, PARTNERS)
    assert unsigned.partners == ["深圳市", "上海市"]


# -- a million rows without a Python object per row ---------------------------------------
@pytest.fixture
def no_row_iteration(monkeypatch):
    """Make factorising rows and iterating Categoricals fail: the coded paths must use neither."""
    def refuse(*args, **kwargs):
        raise AssertionError("a coded input was turned into per-row Python values")

    monkeypatch.setattr(pd, "factorize", refuse)
    monkeypatch.setattr(pd.Categorical, "__iter__", refuse)


N = 1_000_000


def million_codes():
    rng = np.random.default_rng(7)
    recipient = np.arange(N, dtype=np.int32)  # every pair distinct
    partner = rng.integers(0, 3, N).astype(np.int32)
    region = (recipient % 4).astype(np.int8)
    return recipient, partner, region


def test_million_categorical_rows_are_read_through_codes(no_row_iteration):
    recipient, partner, region = million_codes()
    frame = pd.DataFrame({
        "recipient": pd.Categorical.from_codes(recipient, categories=pd.Index([f"r{i}" for i in range(N)])),
        "partner": pd.Categorical.from_codes(partner, categories=pd.Index(PARTNERS)),
        "region": pd.Categorical.from_codes(region, categories=pd.Index(["a", "b", "c", "d"])),
    })
    p = Pairings.from_frame(frame)
    f = p.partner_frequency(by=None)
    assert dict(zip(f["partner"], f["pairs"])) == dict(zip(PARTNERS, np.bincount(partner, minlength=3).tolist()))
    assert p.region_coverage()["pairs"].tolist() == [N // 4] * 4
    m = p.coverage_matrix("region", "partner")
    np.testing.assert_array_equal(m.to_numpy(), pd.crosstab(region, partner).to_numpy())


def test_million_coded_rows(no_row_iteration):
    recipient, partner, region = million_codes()
    p = Pairings.from_codes(recipient, partner, [f"r{i}" for i in range(N)], PARTNERS,
                            groups={"region": (region, ["a", "b", "c", "d"])})
    assert len(p) == N and len(p.problems) == 0
    g = p.group_frequency("region")
    assert g["pairs"].tolist() == [N // 4] * 4
    assert p.concentration().total == N


# -- against plain pandas on random codes ------------------------------------------------------
@st.composite
def coded_tables(draw):
    n = draw(st.integers(min_value=1, max_value=40))
    n_rec = draw(st.integers(min_value=1, max_value=12))
    n_par = draw(st.integers(min_value=1, max_value=6))
    dtype = draw(st.sampled_from([np.int8, np.int16, np.int32, np.int64, np.uint16]))
    rec = draw(hnp.arrays(dtype, n, elements=st.integers(0, n_rec - 1)))
    par = draw(hnp.arrays(dtype, n, elements=st.integers(0, n_par - 1)))
    region = draw(hnp.arrays(np.int64, n, elements=st.integers(-1, 2)))
    return rec, par, region, [f"q{i}" for i in range(n_rec)], [f"p{i}" for i in range(n_par)]


@settings(max_examples=120, deadline=None)
@given(coded_tables())
def test_from_codes_matches_strings(table):
    rec, par, region, rec_labels, par_labels = table
    p = Pairings.from_codes(rec, par, rec_labels, par_labels, groups={"region": (region, ["x", "y", "z"])},
                            on_invalid="keep")
    names = pd.DataFrame({"recipient": np.asarray(rec_labels, dtype=object)[rec.astype(np.int64)],
                          "partner": np.asarray(par_labels, dtype=object)[par.astype(np.int64)],
                          "region": np.where(region >= 0, np.asarray(["x", "y", "z"], dtype=object)[region], None)})
    counts = names["partner"].value_counts()
    f = p.partner_frequency(by=None)
    assert dict(zip(f["partner"], f["pairs"])) == counts.to_dict()
    assert p.problems["row"].tolist() == Pairings(names, on_invalid="keep").problems["row"].tolist()
    regions = p.group_frequency("region")
    expected = names["region"].fillna("NA").value_counts().to_dict()
    assert dict(zip(regions["region"].fillna("NA"), regions["pairs"])) == expected

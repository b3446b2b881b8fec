import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import duikou
from duikou import Pairings

import reference


# -- the 2022 plan: figures counted by hand from 发改振兴〔2022〕766号 ---------------------
def test_partner_frequency_2022(plan):
    f = plan.partner_frequency()
    assert list(f.columns) == ["partner", "pairs", "share", "regions", "recipients"]
    assert f["partner"].head(4).tolist() == ["深圳市", "广州市", "上海市", "宁波市"]
    assert f["pairs"].head(4).tolist() == [3, 2, 2, 2]
    assert (f["pairs"].iloc[4:] == 1).all() and len(f) == 15
    assert f["share"].iloc[0] == pytest.approx(0.15)
    assert f.loc[0, "recipients"] == ["赣州市", "百色市", "汕尾市"]
    assert f.loc[0, "regions"] == 3


def test_region_coverage_2022(plan):
    c = plan.region_coverage()
    assert len(c) == 11
    first = c.iloc[0]
    assert first["region"] == "赣闽粤原中央苏区"
    assert (first["recipients"], first["pairs"], first["partners"]) == (5, 5, 4)
    assert first["partner_names"] == ["深圳市", "东莞市", "广州市", "上海市"]
    assert c["pairs"].sum() == 20


def test_partner_reach_2022(plan):
    r = plan.partner_reach()
    assert r.iloc[0]["partner"] == "深圳市" and r.iloc[0]["regions"] == 3
    assert r.iloc[0]["region_names"] == ["赣闽粤原中央苏区", "左右江革命老区", "海陆丰革命老区"]
    assert r.set_index("partner").loc["广州市", "regions"] == 1


def test_concentration_2022(plan):
    c = plan.concentration()
    assert c.n == 15 and c.total == 20
    assert c.hhi == pytest.approx(0.08)
    assert c.gini == pytest.approx(0.193333, abs=1e-6)
    assert c.shannon == pytest.approx(2.62300, abs=1e-5)
    assert c.cr4 == pytest.approx(0.45)
    assert "0.19333" in c._repr_html_() and "0.08000" in str(c)


def test_coverage_matrix_2022(plan):
    m = plan.coverage_matrix("region", "partner")
    assert m.shape == (11, 15)
    assert m.loc["赣闽粤原中央苏区", "广州市"] == 2
    assert m.to_numpy().sum() == 20
    expected = pd.crosstab(plan.to_frame()["region"], plan.to_frame()["partner"])
    pd.testing.assert_frame_equal(m.loc[expected.index, expected.columns], expected, check_names=False,
                                  check_dtype=False)


def test_universe_share(plan):
    regions = plan.to_frame()["region"].unique().tolist()
    c = plan.region_coverage(universe=regions + ["井冈山", "琼崖"])
    assert c.attrs["covered_share"] == pytest.approx(11 / 13)
    assert c["covered"].sum() == 11 and c.iloc[-1]["pairs"] == 0
    with pytest.raises(ValueError, match="not in the universe"):
        plan.region_coverage(universe=regions[:3])


def test_metadata_and_display(plan):
    assert plan.metadata["document"] == "发改振兴〔2022〕766号"
    assert plan.metadata["announced"] == "2022-06-07"
    assert plan.to_frame()["start"].eq(2022).all() and plan.to_frame()["end"].eq(2030).all()
    assert "20 pairs" in repr(plan) and "<table" in plan._repr_html_()
    assert plan.recipients[0] == "赣州市" and len(plan.partners) == 15


# -- validation ----------------------------------------------------------------------
ROWS = [("a", "x"), ("b", "b"), ("a", "x"), (" ", "y"), ("c", None)]


def bad_frame():
    return pd.DataFrame(ROWS, columns=["recipient", "partner"])


def test_invalid_rows_raise_by_default():
    with pytest.raises(duikou.InputError) as info:
        Pairings(bad_frame())
    message = str(info.value)
    # rows counted from 1, as people count them
    for part in ("4 invalid rows", "row 2: pairs a place with itself", "row 3: repeats row 1",
                 "row 4: blank recipient name", "row 5: no partner name", "on_invalid='keep'"):
        assert part in message
    assert isinstance(info.value, ValueError)


def test_keep_and_drop():
    kept = Pairings(bad_frame(), on_invalid="keep")
    assert len(kept) == 5
    assert kept.problems["row"].tolist() == [1, 2, 3, 4]
    assert kept.problems["problem"].tolist() == ["self_pair", "duplicate", "empty_name", "missing_name"]
    assert not kept.problems["dropped"].any()
    dropped = Pairings(bad_frame(), on_invalid="drop")
    assert dropped.to_frame().values.tolist() == [["a", "x"]]
    assert dropped.problems["dropped"].all() and len(dropped.problems) == 4


def test_constructor_errors():
    with pytest.raises(duikou.InputError, match="did you mean 'partners'"):
        Pairings(pd.DataFrame({"recipient": ["a"], "partners": ["b"]}))
    with pytest.raises(duikou.InputError, match="row 2, field 'partner': expected a name"):
        Pairings(pd.DataFrame({"recipient": ["a", "b"], "partner": ["x", 5]}))
    with pytest.raises(ValueError, match="on_invalid"):
        Pairings(pd.DataFrame({"recipient": ["a"], "partner": ["b"]}), on_invalid="ignore")
    with pytest.raises(TypeError):
        Pairings([("a", "b")])
    with pytest.raises(KeyError, match="no column 'regoin'.*did you mean 'region'"):
        Pairings(pd.DataFrame({"recipient": ["a"], "partner": ["b"], "region": ["r"]})).coverage_matrix("regoin")


def test_empty_and_single_tables():
    empty = Pairings.from_records([])
    assert len(empty) == 0 and len(empty.partner_frequency()) == 0
    assert math.isnan(empty.concentration().hhi)
    one = Pairings.from_records([{"recipient": "a", "partner": "b"}])
    assert one.partner_frequency()["pairs"].tolist() == [1]
    assert one.concentration().hhi == 1.0


def test_categorical_columns_use_codes():
    frame = pd.DataFrame({"recipient": pd.Categorical(["a", "b", "c"]),
                          "partner": pd.Categorical(["y", "x", "y"], categories=["x", "y", "z"]),
                          "region": pd.Categorical(["r", "s", "r"])})
    p = Pairings(frame)
    f = p.partner_frequency()
    assert f["partner"].tolist() == ["y", "x"] and f["pairs"].tolist() == [2, 1]
    assert p.coverage_matrix("region", "partner").loc["r", "y"] == 2


# -- against plain pandas on random tables ------------------------------------------------
NAMES = st.sampled_from([f"p{i}" for i in range(8)] + ["深圳市", "广州市", "上海市"])
REGIONS = st.sampled_from(["r1", "r2", "赣闽粤", "太行"])


@st.composite
def tables(draw):
    n = draw(st.integers(min_value=1, max_value=40))
    rows = draw(st.lists(st.tuples(st.sampled_from([f"q{i}" for i in range(12)]), NAMES, REGIONS),
                         min_size=n, max_size=n, unique_by=lambda r: (r[0], r[1])))
    return pd.DataFrame(rows, columns=["recipient", "partner", "region"])


@settings(max_examples=120, deadline=None)
@given(tables())
def test_frequencies_match_pandas(frame):
    p = Pairings(frame)
    for side, other, method in (("partner", "recipient", p.partner_frequency),
                                ("recipient", "partner", p.recipient_frequency)):
        got = method()
        expected = reference.frequency(frame, side, other, "region")
        pd.testing.assert_frame_equal(got, expected, check_dtype=False)


@settings(max_examples=120, deadline=None)
@given(tables())
def test_coverage_matches_pandas(frame):
    p = Pairings(frame)
    pd.testing.assert_frame_equal(p.region_coverage(), reference.region_coverage(frame), check_dtype=False)
    m = p.coverage_matrix("region", "partner")
    expected = pd.crosstab(frame["region"], frame["partner"])
    pd.testing.assert_frame_equal(m.loc[expected.index, expected.columns], expected,
                                  check_dtype=False, check_names=False)
    assert m.to_numpy().sum() == len(frame)
    reach = p.partner_reach().set_index("partner")["regions"]
    assert reach.to_dict() == frame.groupby("partner")["region"].nunique().to_dict()


@settings(max_examples=120, deadline=None)
@given(tables())
def test_concentration_matches_numpy(frame):
    p = Pairings(frame)
    for side in ("partner", "recipient"):
        got = p.concentration(side).to_dict()
        expected = reference.concentration(frame[side].value_counts().to_numpy())
        for key, value in expected.items():
            if isinstance(value, float) and math.isnan(value):
                assert math.isnan(got[key]), key
            else:
                assert got[key] == pytest.approx(value, rel=1e-12, abs=1e-12), key


def test_missing_region_is_counted_not_dropped():
    frame = pd.DataFrame({"recipient": ["a", "b", "c"], "partner": ["x", "x", "y"], "region": ["r", None, "r"]})
    c = Pairings(frame).region_coverage()
    assert c["pairs"].tolist() == [2, 1]
    assert pd.isna(c.iloc[1]["region"])
    pd.testing.assert_frame_equal(c, reference.region_coverage(frame), check_dtype=False)

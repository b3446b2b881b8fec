"""Rollups by group on either or both sides, and same-group pairs."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from duikou import Pairings
from duikou.gazetteer import resolve_names


@pytest.fixture(scope="module")
def resolved(plan):
    return plan.resolve()


# -- the 2022 plan: 广东 8, 浙江 4, 江苏 3; 4 pairs inside one province ----------------------------
def test_partner_provinces_2022(resolved):
    g = resolved.group_frequency("partner_province")
    assert list(g.columns) == ["partner_province", "pairs", "share", "recipients", "partners", "recipient_names",
                               "partner_names"]
    assert g["partner_province"].head(3).tolist() == ["广东省", "浙江省", "江苏省"]
    assert g["pairs"].tolist() == [8, 4, 3, 2, 1, 1, 1]  # then 上海, 天津, 北京, 山东 (first appearance)
    assert g["partner_province"].tolist()[3:] == ["上海市", "天津市", "北京市", "山东省"]
    guangdong = g.iloc[0]
    assert guangdong["share"] == pytest.approx(0.4)
    assert guangdong["partners"] == 5 and guangdong["recipients"] == 8
    assert guangdong["partner_names"] == ["深圳市", "东莞市", "广州市", "佛山市", "珠海市"]
    assert g.loc[1, "recipient_names"] == ["黄冈市", "巴中市", "恩施州", "丽水市"]
    en = resolved.group_frequency("partner_province", labels="en")
    assert en["partner_province"].head(3).tolist() == ["Guangdong", "Zhejiang", "Jiangsu"]
    assert en.loc[0, "partner_names"] == ["Shenzhen", "Dongguan", "Guangzhou", "Foshan", "Zhuhai"]


def test_same_province_pairs_2022(resolved):
    same = resolved.same_group_pairs()
    assert same.index.tolist() == [4, 17, 18, 19]
    assert same[["recipient", "partner"]].values.tolist() == [
        ["梅州市", "广州市"], ["汕尾市", "深圳市"], ["临沂市", "济南市"], ["丽水市", "宁波市"]]
    assert list(same.columns) == resolved.columns
    assert resolved.same_group_share() == pytest.approx(0.2)
    en = resolved.same_group_pairs(labels="en")
    assert en["partner_province"].tolist() == ["Guangdong", "Guangdong", "Shandong", "Zhejiang"]
    assert en["recipient"].tolist() == ["Meizhou", "Shanwei", "Linyi", "Lishui"]


def test_rollup_2022(resolved):
    r = resolved.rollup()
    assert list(r.columns) == ["recipient_province", "partner_province", "pairs", "share", "recipients", "partners",
                               "same_group"]
    assert len(r) == 17 and r["pairs"].sum() == 20
    assert r.head(3)[["recipient_province", "partner_province"]].values.tolist() == [
        ["江西省", "广东省"], ["广东省", "广东省"], ["湖北省", "浙江省"]]
    assert r.loc[r["same_group"], "pairs"].sum() == 4
    by_region = resolved.rollup("region", "partner_province")
    top = by_region.iloc[0]
    assert (top["region"], top["partner_province"], top["pairs"], top["recipients"], top["partners"]) == \
        ("赣闽粤原中央苏区", "广东省", 4, 4, 3)
    assert not by_region["same_group"].any()


def test_group_by_group_matrix_2022(resolved):
    m = resolved.coverage_matrix("region", "partner_province")
    assert m.shape == (11, 7) and m.to_numpy().sum() == 20
    assert m.loc["赣闽粤原中央苏区", "广东省"] == 4
    frame = resolved.to_frame()
    expected = pd.crosstab(frame["region"], frame["partner_province"])
    pd.testing.assert_frame_equal(m.loc[expected.index, expected.columns], expected, check_names=False,
                                  check_dtype=False)
    en = resolved.coverage_matrix("region", "partner_province", labels="en")
    assert en.loc["赣闽粤原中央苏区", "Guangdong"] == 4  # regions have no English name: kept as written


def test_helpful_errors(plan):
    with pytest.raises(KeyError, match=r"no column 'partner_province'.*call resolve\(\) first"):
        plan.group_frequency("partner_province")
    with pytest.raises(KeyError, match="resolve"):
        plan.same_group_pairs()
    with pytest.raises(KeyError, match="did you mean 'region'"):
        plan.group_frequency("regoin")
    with pytest.raises(ValueError, match="two different columns"):
        plan.rollup("region", "region")
    with pytest.raises(ValueError, match="labels must be one of"):
        plan.group_frequency("region", labels="fr")


def test_missing_groups_never_match():
    frame = pd.DataFrame({"recipient": ["a", "b", "c", "d"], "partner": ["x", "y", "z", "x"],
                          "ga": ["g", None, None, "h"], "gb": ["g", "g", None, "g"]})
    p = Pairings(frame)
    assert p.same_group_pairs("ga", "gb").index.tolist() == [0]
    assert p.same_group_share("ga", "gb") == pytest.approx(1 / 2)  # rows 0 and 3 have both groups
    r = p.rollup("ga", "gb")
    assert r["pairs"].tolist() == [1, 1, 1, 1] and r["same_group"].tolist() == [True, False, False, False]
    assert r["ga"].isna().tolist() == [False, True, True, False]
    assert np.isnan(Pairings(frame.assign(ga=None)).same_group_share("ga", "gb"))


# -- against plain pandas on random tables ------------------------------------------------------
GROUPS = st.sampled_from(["g1", "g2", "广东省", "浙江省", None])


@st.composite
def tables(draw):
    n = draw(st.integers(min_value=1, max_value=40))
    rows = draw(st.lists(st.tuples(st.sampled_from([f"q{i}" for i in range(10)]),
                                   st.sampled_from([f"p{i}" for i in range(6)]), GROUPS, GROUPS),
                         min_size=n, max_size=n, unique_by=lambda r: (r[0], r[1])))
    return pd.DataFrame(rows, columns=["recipient", "partner", "ga", "gb"])


def reference_rollup(frame, a, b):
    groups = frame.groupby([a, b], dropna=False, sort=False)
    out = pd.DataFrame({"pairs": groups.size(), "recipients": groups["recipient"].nunique(),
                        "partners": groups["partner"].nunique()}).reset_index()
    out = out.sort_values("pairs", ascending=False, kind="stable").reset_index(drop=True)
    out["same_group"] = (out[a] == out[b]) & out[a].notna()
    return out


@settings(max_examples=120, deadline=None)
@given(tables())
def test_rollups_match_pandas(frame):
    p = Pairings(frame)
    same = frame[(frame["ga"] == frame["gb"]) & frame["ga"].notna()]
    pd.testing.assert_frame_equal(p.same_group_pairs("ga", "gb"), same)
    known = frame["ga"].notna() & frame["gb"].notna()
    share = p.same_group_share("ga", "gb")
    assert (np.isnan(share) and not known.any()) or share == pytest.approx(len(same) / known.sum())
    got = p.rollup("ga", "gb")
    expected = reference_rollup(frame, "ga", "gb")
    pd.testing.assert_frame_equal(got.drop(columns="share"), expected[got.columns.drop("share")], check_dtype=False)
    assert got["share"].sum() == pytest.approx(1)
    g = p.group_frequency("gb")
    keys = list(dict.fromkeys(frame["gb"].where(frame["gb"].notna(), None)))  # first appearance
    counts = [int((frame["gb"].isna() if k is None else frame["gb"] == k).sum()) for k in keys]
    expected = sorted(zip(keys, counts), key=lambda kc: -kc[1])  # stable: ties keep first appearance
    assert [(None if pd.isna(k) else k, n) for k, n in zip(g["gb"], g["pairs"])] == expected
    assert g["share"].tolist() == pytest.approx([n / len(frame) for _, n in expected])
    for row in g.itertuples(index=False):
        sub = frame[frame["gb"].isna()] if pd.isna(row.gb) else frame[frame["gb"] == row.gb]
        assert row.recipient_names == list(dict.fromkeys(sub["recipient"]))
        assert row.partners == sub["partner"].nunique()


CITIES = ["北京市", "上海市", "广州市", "深圳市", "梅州市", "汕尾市", "杭州市", "宁波市", "丽水市", "南京市",
          "苏州市", "济南市", "临沂市", "赣州市", "恩施州", "瑞金市", "吉林"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(CITIES), st.sampled_from(CITIES)), min_size=1, max_size=30,
                unique=True).filter(lambda rows: all(a != b for a, b in rows)))
def test_same_province_matches_resolve_names(rows):
    frame = pd.DataFrame(rows, columns=["recipient", "partner"])
    p = Pairings(frame).resolve()
    rec = resolve_names(frame["recipient"])["province"]
    par = resolve_names(frame["partner"])["province"]
    same = (rec == par) & rec.notna()
    assert p.same_group_pairs().index.tolist() == np.flatnonzero(same).tolist()
    counts = par.value_counts()
    g = p.group_frequency("partner_province").dropna(subset=["partner_province"])
    assert dict(zip(g["partner_province"], g["pairs"])) == counts.to_dict()


def test_numeric_group_values_label_matrices_as_they_are():
    # pandas 1.5 warns (an error under this suite's filterwarnings) when an Index re-infers numbers.
    p = Pairings(pd.DataFrame({"recipient": ["a", "b", "c"], "partner": ["x", "y", "x"], "level": [1, 2, 1]}))
    m = p.coverage_matrix("level", "partner")
    assert m.index.tolist() == [1, 2] and m.loc[1, "x"] == 2 and m.loc[2, "y"] == 1
    projected = p.projection("level", via="partner", as_="matrix")
    assert projected.index.tolist() == [1, 2] and projected.values.sum() == 0

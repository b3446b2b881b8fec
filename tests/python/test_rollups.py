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
    # resolve() writes the gazetteer's names: 恩施州 is 恩施土家族苗族自治州
    assert g.loc[1, "recipient_names"] == ["黄冈市", "巴中市", "恩施土家族苗族自治州", "丽水市"]
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


# -- county level: one city's districts paired with another's counties -----------------------------
# 深圳's districts (partners) paired with 河源's county-level units (recipients), names as pages write them,
# with the parent of each side in its own column (as the text reader fills it from a table header).
COUNTY_PAIRS = [("紫金县", "福田区"), ("龙川县", "罗湖区"), ("连平县", "南山区"), ("和平县", "宝安区"),
                ("东源县", "龙岗区"), ("源城区", "盐田区")]


def county_table(parents=True):
    frame = pd.DataFrame(COUNTY_PAIRS, columns=["recipient", "partner"])
    if parents:
        frame = frame.assign(recipient_parent="河源市", partner_parent="深圳")
    return Pairings(frame)


def test_county_table_rolls_up_to_the_city_pair():
    r = county_table().resolve()
    assert r.resolution["status"].isin(["exact", "context"]).all(), r.resolution
    # 南山区 is in 深圳 and in 鹤岗: the partner_parent column decides
    assert r.resolution.set_index("name").loc["南山区", ["status", "code"]].tolist() == ["context", "440305"]
    frame = r.to_frame()
    assert (frame["recipient_level"] == "county").all() and (frame["partner_level"] == "county").all()
    assert frame["recipient_county"].tolist() == [a for a, _ in COUNTY_PAIRS]
    up = r.rollup("recipient_prefecture", "partner_prefecture")
    assert up[["recipient_prefecture", "partner_prefecture", "pairs", "recipients", "partners"]].values.tolist() == [
        ["河源市", "深圳市", 6, 6, 6]]
    assert up["share"].tolist() == [1.0]
    provinces = r.rollup()
    assert provinces[["recipient_province", "partner_province", "pairs", "same_group"]].values.tolist() == [
        ["广东省", "广东省", 6, True]]
    en = r.rollup("recipient_prefecture", "partner_prefecture", labels="en")
    assert en.iloc[0, :2].tolist() == ["Heyuan", "Shenzhen"]
    # either side alone, and county -> province
    assert r.group_frequency("partner_prefecture")[["partner_prefecture", "pairs", "partners"]].values.tolist() == [
        ["深圳市", 6, 6]]
    assert r.rollup("recipient_county", "partner_province")["pairs"].tolist() == [1] * 6


def test_without_the_parent_an_ambiguous_county_is_reported_not_guessed():
    r = county_table(parents=False).resolve()
    row = r.resolution.set_index("name").loc["南山区"]
    assert row["status"] == "ambiguous"
    assert row["candidates"] == "鹤岗市南山区|深圳市南山区"
    frame = r.to_frame()
    assert frame.loc[2, ["partner_code", "partner_prefecture", "partner_province"]].isna().all()
    up = r.rollup("recipient_prefecture", "partner_prefecture")
    # the unresolved row forms its own (missing) group; it is never counted under 深圳市
    assert sorted(up["pairs"].tolist()) == [1, 5]
    assert up.loc[up["partner_prefecture"] == "深圳市", "pairs"].item() == 5
    assert up.loc[up["partner_prefecture"].isna(), "pairs"].item() == 1


def test_county_and_city_rows_roll_up_together():
    # a county-level recipient and a city-level one, partners written with parent prefixes
    frame = pd.DataFrame({"recipient": ["利川市", "恩施州", "兴国县", "赣州"],
                          "partner": ["浙江省杭州市余杭区", "杭州", "广东省深圳市", "深圳市福田区"]})
    r = Pairings(frame).resolve()
    f = r.to_frame()
    assert f["recipient_prefecture"].tolist() == ["恩施土家族苗族自治州", "恩施土家族苗族自治州", "赣州市", "赣州市"]
    assert f["partner_prefecture"].tolist() == ["杭州市", "杭州市", "深圳市", "深圳市"]
    assert f["partner_status"].tolist() == ["parent_prefix", "short", "province_prefix", "parent_prefix"]
    up = r.rollup("recipient_prefecture", "partner_prefecture")
    assert up[["recipient_prefecture", "partner_prefecture", "pairs"]].values.tolist() == [
        ["恩施土家族苗族自治州", "杭州市", 2], ["赣州市", "深圳市", 2]]


def _km(lon1, lat1, lon2, lat2):
    lon1, lat1, lon2, lat2 = map(np.radians, (lon1, lat1, lon2, lat2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * np.arcsin(np.sqrt(a))


def test_every_statistic_works_on_a_county_table():
    import json

    from duikou.gazetteer import load_counties

    r = county_table().resolve()
    frame = r.to_frame()
    partners = [b for _, b in COUNTY_PAIRS]
    # frequencies, reach, coverage and concentration with a prefecture as the group
    assert r.partner_frequency()["pairs"].tolist() == [1] * 6
    by_pref = r.partner_frequency(by="partner_prefecture")
    assert by_pref["partner_prefectures"].tolist() == [1] * 6
    m = r.coverage_matrix("recipient_prefecture", "partner_county")
    assert m.index.tolist() == ["河源市"] and m.columns.tolist() == partners and (m.to_numpy() == 1).all()
    reach = r.partner_reach(by="recipient_prefecture")
    assert reach["recipient_prefecture_names"].tolist() == [["河源市"]] * 6
    cov = r.region_coverage(by="recipient_prefecture")
    assert cov[["recipient_prefecture", "recipients", "pairs", "partners"]].values.tolist() == [["河源市", 6, 6, 6]]
    assert r.concentration("partner").hhi == pytest.approx(1 / 6)
    # distances from the county seats, against an independent haversine on counties.csv
    c = load_counties().set_index("code")
    lon, lat = c["lon"], c["lat"]
    rec, par = frame["recipient_code"], frame["partner_code"]
    expected = _km(lon[rec].to_numpy(), lat[rec].to_numpy(), lon[par].to_numpy(), lat[par].to_numpy())
    assert r.distances()["distance_km"].to_numpy() == pytest.approx(expected, rel=1e-3)
    assert 50 < expected.min() and expected.max() < 300  # 河源's counties lie 50-300 km from 深圳's districts
    summary = r.distance_summary(by="recipient_prefecture")
    assert summary.loc[0, "median"] == pytest.approx(np.median(expected), rel=1e-3)
    # nearest-partner rank: position of the actual partner among all six by distance
    ranks = r.nearest_partner_rank()
    all_km = _km(lon[rec].to_numpy()[:, None], lat[rec].to_numpy()[:, None],
                 lon[par].to_numpy()[None, :], lat[par].to_numpy()[None, :])
    expected_rank = (all_km < np.diag(all_km)[:, None]).sum(axis=1) + 1
    assert ranks["rank"].tolist() == expected_rank.tolist()
    assert len(json.loads(r.to_geojson())["features"]) == 6
    # English labels on a county table
    assert r.partner_frequency(labels="en")["partner"].tolist()[:2] == ["Futian District", "Luohu District"]
    assert r.same_group_pairs("recipient_prefecture", "partner_prefecture").empty
    assert r.same_group_share() == 1.0

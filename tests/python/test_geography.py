"""Distances, their summaries, nearest-partner ranks and GeoJSON export."""

import json
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import duikou
from duikou import Pairings
from duikou.gazetteer import resolve_names

R = 6371.0088


def great_circle(lon1, lat1, lon2, lat2):
    """Vincenty's special case of the great-circle distance (atan2 form), independent of the haversine."""
    l1, p1, l2, p2 = (np.radians(np.asarray(v, dtype=float)) for v in (lon1, lat1, lon2, lat2))
    dl = l2 - l1
    y = np.hypot(np.cos(p2) * np.sin(dl), np.cos(p1) * np.sin(p2) - np.sin(p1) * np.cos(p2) * np.cos(dl))
    x = np.sin(p1) * np.sin(p2) + np.cos(p1) * np.cos(p2) * np.cos(dl)
    return R * np.arctan2(y, x)


def seats_by_row(frame):
    """Seat columns of a frame, from resolve_names run on every row (plain pandas)."""
    rec, par = resolve_names(frame["recipient"]), resolve_names(frame["partner"])
    return rec["lon"].to_numpy(), rec["lat"].to_numpy(), par["lon"].to_numpy(), par["lat"].to_numpy()


# -- the 2022 plan ------------------------------------------------------------------------
def test_distances_2022(plan):
    d = plan.distances()
    assert list(d.columns) == ["recipient", "partner", "distance_km"]
    assert d[["recipient", "partner"]].values.tolist() == plan.to_frame()[["recipient", "partner"]].values.tolist()
    # 梅州 - 广州: the gazetteer seats give 316.94 km; a flat-earth check on the
    # same seats (2.85 degrees of arc x 111.2 km) agrees to within a few km.
    meizhou = d.loc[4]
    assert (meizhou["recipient"], meizhou["partner"]) == ("梅州市", "广州市")
    expected = great_circle(116.117582, 24.299112, 113.280637, 23.125178)
    assert meizhou["distance_km"] == pytest.approx(expected, rel=1e-12)
    flat = np.hypot((116.117582 - 113.280637) * np.cos(np.radians(23.7)), 24.299112 - 23.125178) * R * np.pi / 180
    assert meizhou["distance_km"] == pytest.approx(flat, abs=3) and 300 < meizhou["distance_km"] < 330
    expected_all = great_circle(*seats_by_row(plan.to_frame()))
    np.testing.assert_allclose(d["distance_km"], expected_all, rtol=1e-10)
    assert d["distance_km"].idxmin() == 17 and d["distance_km"].idxmax() == 11  # 汕尾-深圳, 巴中-金华


def test_the_researchers_paragraph(plan):
    """Each number of issue 4's first paragraph is one call (the connected block is structure's)."""
    resolved = plan.resolve()
    top = resolved.group_frequency("partner_province").iloc[0]
    assert (top["partner_province"], top["pairs"], len(plan)) == ("广东省", 8, 20)
    assert len(resolved.same_group_pairs()) == 4
    assert plan.distance_summary()["mean"] == pytest.approx(614.7266, abs=1e-3)
    assert (plan.nearest_partner_rank()["rank"] > 1).sum() == 17


def test_distance_summary_2022(plan):
    overall = plan.distance_summary()
    assert list(overall.index) == ["pairs", "count", "mean", "median", "min", "max"]
    km = plan.distances()["distance_km"]
    assert overall["pairs"] == 20 and overall["count"] == 20
    assert overall["mean"] == pytest.approx(km.mean()) and overall["median"] == pytest.approx(km.median())
    assert overall["min"] == pytest.approx(133.5831, abs=1e-3) and overall["max"] == pytest.approx(1272.7573, abs=1e-3)
    by_partner = plan.distance_summary("partner")
    assert list(by_partner.columns) == ["partner", "pairs", "count", "mean", "median", "min", "max"]
    shenzhen = by_partner.iloc[0]
    assert shenzhen["partner"] == "深圳市" and shenzhen["pairs"] == 3
    assert shenzhen["median"] == pytest.approx(km[0])  # 赣州 377 km, between 汕尾 134 and 百色 778
    by_region = plan.distance_summary("region")
    assert len(by_region) == 11 and by_region.iloc[0]["region"] == "赣闽粤原中央苏区"
    assert by_region.iloc[0]["mean"] == pytest.approx(km[:5].mean())
    assert plan.distance_summary("partner", labels="en").iloc[0]["partner"] == "Shenzhen"


def test_nearest_partner_rank_2022(plan):
    r = plan.nearest_partner_rank()
    assert list(r.columns) == ["recipient", "partner", "distance_km", "rank", "candidates", "nearest_partner",
                               "nearest_km"]
    assert str(r["rank"].dtype) == "Int64" and (r["candidates"] == 15).all()
    assert r.loc[r["rank"] == 1, "recipient"].tolist() == ["吉安市", "汕尾市", "临沂市"]
    lishui = r.iloc[19]
    assert (lishui["nearest_partner"], lishui["rank"]) == ("金华市", 3)
    assert lishui["nearest_km"] == pytest.approx(75.6949, abs=1e-3)
    assert r.iloc[3]["rank"] == 12  # 三明 - 上海
    # The table has one program, so ranking within it changes nothing.
    pd.testing.assert_frame_equal(r, plan.nearest_partner_rank(within=None))


def test_geojson_2022(plan, tmp_path):
    path = tmp_path / "plan.geojson"
    assert plan.to_geojson(path) is None
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc == json.loads(plan.to_geojson())
    assert doc["type"] == "FeatureCollection" and set(doc) == {"type", "features"}
    assert len(doc["features"]) == 20
    frame = plan.to_frame()
    rec_lon, rec_lat, par_lon, par_lat = seats_by_row(frame)
    for i, feature in enumerate(doc["features"]):
        assert feature["type"] == "Feature" and set(feature) == {"type", "geometry", "properties"}
        assert feature["geometry"]["type"] == "LineString"
        start, end = feature["geometry"]["coordinates"]
        assert start == [rec_lon[i], rec_lat[i]] and end == [par_lon[i], par_lat[i]]  # [lon, lat]
        for lon, lat in (start, end):
            assert 73 < lon < 136 and 18 < lat < 54  # China: lon first
        assert feature["properties"] == frame.iloc[i].to_dict()
    shenzhen = doc["features"][0]["geometry"]["coordinates"][1]
    assert shenzhen[0] == pytest.approx(114.1, abs=0.1) and shenzhen[1] == pytest.approx(22.5, abs=0.1)
    assert "深圳市" in path.read_text(encoding="utf-8")  # UTF-8, not \u escapes


# -- unknown and user-supplied seats ---------------------------------------------------------
def mixed_table():
    return Pairings(pd.DataFrame({
        "recipient": ["赣州市", "某某市", "某某县", "恩施州"],
        "partner": ["深圳市", "深圳市", "上海市", "吉林"],
        "n": [1, 2, None, 4],
        "note": [None, "x", "y", "z"],
    }))


def test_unknown_seats_are_nan_never_dropped():
    p = mixed_table()
    with pytest.warns(duikou.UnplacedWarning, match="3 names could not be placed"):
        d = p.distances()
    assert len(d) == 4 and d["distance_km"].notna().tolist() == [True, False, False, False]
    s = p.distance_summary()
    assert (s["pairs"], s["count"]) == (4, 1)
    assert p.distance_summary("partner")["count"].tolist() == [1, 0, 0]
    r = p.nearest_partner_rank()
    assert r["rank"].isna().tolist() == [False, True, True, True]
    assert r["candidates"].tolist() == [2, 2, 2, 2]  # 深圳, 上海: 吉林 is ambiguous
    assert r["nearest_partner"].isna().tolist() == [False, True, True, False]  # 瑞金, 某某县: no seat
    assert r.loc[0, "nearest_partner"] == r.loc[3, "nearest_partner"] == "深圳市"  # 上海 is farther from both


def test_geojson_unresolved_raise_or_skip():
    p = mixed_table()
    with pytest.raises(duikou.InputError, match=r"3 pairs without a known seat: row 2 \('某某市' - '深圳市'\)"):
        p.to_geojson()
    doc = json.loads(p.to_geojson(skip_unresolved=True))
    assert len(doc["features"]) == 1
    assert doc["features"][0]["properties"] == {"recipient": "赣州市", "partner": "深圳市", "n": 1.0, "note": None}


def test_seats_from_columns():
    frame = pd.DataFrame({"recipient": ["某某市", "某某市", "赣州市"], "partner": ["厦门市", "深圳市", "深圳市"],
                          "recipient_lon": [116.03, 116.03, np.nan], "recipient_lat": [25.88, 25.88, np.nan]})
    d = Pairings(frame).distances()["distance_km"]
    xiamen = resolve_names(["厦门市"]).iloc[0]
    assert d[0] == pytest.approx(great_circle(116.03, 25.88, xiamen["lon"], xiamen["lat"]), rel=1e-12)
    ganzhou = resolve_names(["赣州市"]).iloc[0]
    shenzhen = resolve_names(["深圳市"]).iloc[0]
    assert d[2] == pytest.approx(great_circle(ganzhou["lon"], ganzhou["lat"], shenzhen["lon"], shenzhen["lat"]))
    bad = frame.assign(recipient_lon=[116.03, 117.0, np.nan])
    with pytest.raises(duikou.InputError, match=r"row 2, field 'recipient_lon': recipient '某某市' has 117.0 here "
                                                r"but 116.03 at row 1"):
        Pairings(bad).distances()
    with pytest.raises(duikou.InputError, match="only one of"):
        Pairings(frame.assign(recipient_lat=[np.nan, np.nan, np.nan])).distances()
    with pytest.raises(ValueError, match="recipient '某某市': seat .* is not a point"):
        Pairings(frame.assign(recipient_lat=[95.0, 95.0, np.nan])).distances()
    with pytest.raises(duikou.InputError, match="field 'recipient_lon': seats must be numbers"):
        Pairings(frame.assign(recipient_lon=["a", "a", None])).distances()


def test_ties_share_the_better_rank():
    # 北京 and 北京市 resolve to the same seat: equidistant candidates share rank 1.
    p = Pairings(pd.DataFrame({"recipient": ["长治市", "延安市"], "partner": ["北京", "北京市"]}))
    r = p.nearest_partner_rank()
    assert r["rank"].tolist() == [1, 1]
    assert r["nearest_partner"].tolist() == ["北京", "北京"]  # ties: first appearance


def test_within_program():
    frame = pd.DataFrame({"recipient": ["丽水市", "丽水市", "巴中市"], "partner": ["宁波市", "金华市", "金华市"],
                          "program": ["A", "B", "A"]})
    r = Pairings(frame).nearest_partner_rank()
    # program A's partners: 宁波, 金华; B's: 金华 alone.
    assert r["candidates"].tolist() == [2, 1, 2]
    assert r["rank"].tolist() == [2, 1, 1]
    assert Pairings(frame).nearest_partner_rank(within=None)["candidates"].tolist() == [2, 2, 2]


# -- against numpy on random tables ------------------------------------------------------
CITIES = ["北京市", "上海市", "广州市", "深圳市", "杭州市", "宁波市", "南京市", "苏州市", "济南市", "厦门市",
          "赣州市", "吉安市", "梅州市", "百色市", "遵义市", "恩施州", "延安市", "拉萨市", "乌鲁木齐市", "哈尔滨市"]
UNKNOWN = ["某某市", "某某县", "吉林"]


@st.composite
def tables(draw):
    n = draw(st.integers(min_value=1, max_value=30))
    names = st.sampled_from(CITIES + UNKNOWN)
    rows = draw(st.lists(st.tuples(names, names, st.sampled_from(["r1", "r2", "r3"]), st.sampled_from(["A", "B"])),
                         min_size=n, max_size=n, unique_by=lambda r: (r[0], r[1])))
    rows = [r for r in rows if r[0] != r[1]] or [("赣州市", "深圳市", "r1", "A")]
    return pd.DataFrame(rows, columns=["recipient", "partner", "region", "program"])


@settings(max_examples=120, deadline=None)
@given(tables())
def test_distances_match_numpy(frame):
    p = Pairings(frame)
    expected = great_circle(*seats_by_row(frame))
    with warnings.catch_warnings():  # names without a seat warn (checked in test_small_things.py)
        warnings.simplefilter("ignore", duikou.UnplacedWarning)
        np.testing.assert_allclose(p.distances()["distance_km"], expected, rtol=1e-9, atol=1e-6)
    km = pd.Series(expected)
    for by in ("partner", "region"):
        got = p.distance_summary(by).set_index(by)
        groups = km.groupby(frame[by].to_numpy(), sort=False)
        reference = pd.DataFrame({"pairs": groups.size(), "count": groups.count(), "mean": groups.mean(),
                                  "median": groups.median(), "min": groups.min(), "max": groups.max()})
        assert list(got.index) == list(dict.fromkeys(frame[by]))
        pd.testing.assert_frame_equal(got, reference.loc[got.index], check_dtype=False, check_names=False,
                                      rtol=1e-9, atol=1e-6)
    overall = p.distance_summary()
    assert overall["count"] == km.count() and overall["pairs"] == len(frame)
    if km.count():
        assert overall["median"] == pytest.approx(km.median(), rel=1e-9)


@settings(max_examples=120, deadline=None)
@given(tables(), st.sampled_from(["auto", None]))
def test_nearest_rank_matches_brute_force(frame, within):
    got = Pairings(frame).nearest_partner_rank(within=within)
    rec_lon, rec_lat, par_lon, par_lat = seats_by_row(frame)
    seat = dict(zip(frame["partner"], zip(par_lon, par_lat)))
    for i in range(len(frame)):
        scope = frame if within is None else frame[frame["program"] == frame["program"][i]]
        candidates = [q for q in dict.fromkeys(scope["partner"]) if not np.isnan(seat[q][0])]
        d = {q: float(great_circle(rec_lon[i], rec_lat[i], *seat[q])) for q in candidates}
        row = got.iloc[i]
        assert row["candidates"] == len(candidates)
        actual = d.get(frame["partner"][i], np.nan)
        if np.isnan(rec_lon[i]) or np.isnan(actual):
            assert pd.isna(row["rank"])
        else:
            assert row["rank"] == 1 + sum(v < actual - 1e-9 for v in d.values())
        if np.isnan(rec_lon[i]) or not candidates:
            assert pd.isna(row["nearest_partner"])
        else:
            assert row["nearest_km"] == pytest.approx(min(d.values()), rel=1e-9)
            assert d[row["nearest_partner"]] == pytest.approx(min(d.values()), rel=1e-9)


@settings(max_examples=100, deadline=None)
@given(tables())
def test_geojson_has_every_resolved_pair(frame):
    p = Pairings(frame)
    doc = json.loads(p.to_geojson(skip_unresolved=True))
    rec_lon, rec_lat, par_lon, par_lat = seats_by_row(frame)
    known = ~(np.isnan(rec_lon) | np.isnan(par_lon))
    assert len(doc["features"]) == known.sum()
    for feature, i in zip(doc["features"], np.flatnonzero(known)):
        assert feature["geometry"]["coordinates"] == [[rec_lon[i], rec_lat[i]], [par_lon[i], par_lat[i]]]
        assert feature["properties"] == frame.iloc[i].to_dict()


def test_geojson_properties_are_json_safe():
    frame = pd.DataFrame({
        "recipient": ["赣州市", "梅州市"], "partner": ["深圳市", "广州市"],
        "weight": [np.inf, 1.5], "count": pd.array([1, None], dtype="Int64"),
        "tags": [["a", "b"], None], "signed": pd.to_datetime(["2022-06-07", None]),
    })
    text = Pairings(frame).to_geojson()
    doc = json.loads(text)  # strict JSON: no NaN or Infinity tokens
    assert "NaN" not in text and "Infinity" not in text
    assert [f["properties"] for f in doc["features"]] == [
        {"recipient": "赣州市", "partner": "深圳市", "weight": None, "count": 1, "tags": ["a", "b"],
         "signed": "2022-06-07T00:00:00.000"},
        {"recipient": "梅州市", "partner": "广州市", "weight": 1.5, "count": None, "tags": None, "signed": None},
    ]

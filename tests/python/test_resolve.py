"""Pairings.resolve() and labels="en" on every statistic."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import duikou
from duikou import Pairings
from duikou.gazetteer import resolve_names

ADDED = ["province", "code", "name_en", "lon", "lat", "status", "level", "county", "prefecture", "prefecture_code",
         "province_code", "note"]
CITY_FIELDS = ["province", "code", "name_en", "lon", "lat", "status", "level", "prefecture", "prefecture_code",
               "province_code"]


# -- the 2022 plan ------------------------------------------------------------------------
def test_every_name_of_2022_resolves(plan):
    r = plan.resolve()
    assert r.columns == plan.columns + [f"{side}_{f}" for side in ("recipient", "partner")
                                        for f in ADDED + ["as_written"]]
    assert r.resolution["status"].isin(["exact", "short"]).all()
    assert len(r.resolution) == 35  # 20 recipients + 15 partners
    assert r.resolution.groupby("side")["pairs"].sum().to_dict() == {"partner": 20, "recipient": 20}
    assert list(r.resolution.columns) == ["side", "name", "status", "matched", "code", "candidates", "pairs",
                                          "level", "parent", "note", "canonical"]
    frame = r.to_frame()
    assert frame[[f"{side}_{f}" for side in ("recipient", "partner") for f in CITY_FIELDS]].notna().all().all()
    # every name is a prefecture-level city: no county, no note, the prefecture is the city itself
    for side in ("recipient", "partner"):
        assert (frame[f"{side}_level"] == "city").all()
        assert frame[[f"{side}_county", f"{side}_note"]].isna().all().all()
        assert (frame[f"{side}_prefecture_code"] == frame[f"{side}_code"]).all()
    enshi = frame.loc[frame["recipient_as_written"] == "恩施州"].iloc[0]
    assert enshi[["recipient", "recipient_code", "recipient_province", "recipient_status"]].tolist() == [
        "恩施土家族苗族自治州", "422800", "湖北省", "short"]
    assert r.resolution.set_index("name").loc["恩施州", "matched"] == "恩施土家族苗族自治州"
    shenzhen = frame.loc[frame["partner"] == "深圳市"].iloc[0]
    assert shenzhen["partner_name_en"] == "Shenzhen" and shenzhen["partner_code"] == "440300"
    assert shenzhen["partner_lon"] == pytest.approx(114.1, abs=0.1)
    assert shenzhen["partner_lat"] == pytest.approx(22.5, abs=0.1)
    assert "35 of 35 names resolved" in repr(r) and "35 of 35 names resolved" in r._repr_html_()
    assert r.metadata == plan.metadata and len(r) == 20


def test_resolve_leaves_the_original_alone_and_repeats(plan):
    r = plan.resolve(canonical=False)
    assert "recipient_code" not in plan.columns and plan.resolution is None
    again = r.resolve(canonical=False)
    pd.testing.assert_frame_equal(again.to_frame(), r.to_frame())
    pd.testing.assert_frame_equal(again.resolution, r.resolution)
    # canonical names resolve to themselves: the second pass finds them exact and changes nothing else
    canonical = plan.resolve()
    twice = canonical.resolve()
    differs = twice.to_frame().ne(canonical.to_frame()) & canonical.to_frame().notna()
    assert differs.sum()[lambda n: n > 0].to_dict() == {"recipient_status": 1}  # 恩施: short, then exact
    partners_only = plan.resolve(sides="partner")
    assert partners_only.columns == plan.columns + [f"partner_{f}" for f in ADDED] + ["partner_as_written"]
    assert set(partners_only.resolution["side"]) == {"partner"}
    with pytest.raises(ValueError, match="sides must be"):
        plan.resolve(sides=("recipient", "donor"))
    # statistics work on the resolved table as on the original
    pd.testing.assert_frame_equal(r.partner_frequency(), plan.partner_frequency())
    pd.testing.assert_frame_equal(canonical.partner_frequency()[["partner", "pairs", "share"]],
                                  plan.partner_frequency()[["partner", "pairs", "share"]])


# -- names that do not resolve -------------------------------------------------------------
def messy():
    return Pairings(pd.DataFrame({"recipient": ["某某市", "赣州", "某某县", "广东省深圳市"],
                                  "partner": ["深圳市", "吉林", "上海", "北京"]}))


def test_unresolved_names_are_reported_not_dropped():
    r = messy().resolve()
    frame = r.to_frame()
    assert len(frame) == 4
    assert frame["recipient_status"].tolist() == ["unresolved", "short", "not_covered", "province_prefix"]
    assert frame["partner_status"].tolist() == ["exact", "ambiguous", "short", "short"]
    assert frame.loc[0, ["recipient_province", "recipient_code", "recipient_name_en"]].isna().all()
    assert np.isnan(frame.loc[0, "recipient_lon"]) and np.isnan(frame.loc[1, "partner_lat"])
    assert frame.loc[3, "recipient_code"] == "440300"
    failed = r.resolution[~r.resolution["status"].isin(["exact", "short", "suffix", "province_prefix"])]
    assert failed[["side", "name", "status"]].values.tolist() == [
        ["recipient", "某某市", "unresolved"], ["recipient", "某某县", "not_covered"], ["partner", "吉林", "ambiguous"]]
    assert failed.set_index("name").loc["吉林", "candidates"] == "吉林省|吉林市"
    assert "5 of 8 names resolved (1 unresolved, 1 not_covered, 1 ambiguous; see .resolution)" in repr(r)


def test_strict_raises_listing_every_failure():
    with pytest.raises(duikou.InputError) as info:
        messy().resolve(strict=True)
    message = str(info.value)
    assert "3 names do not resolve to one unit" in message
    for part in ("recipient '某某市' (unresolved)", "recipient '某某县' (not_covered)",
                 "partner '吉林' (ambiguous: 吉林省|吉林市)"):
        assert part in message
    plan = duikou.datasets.load()
    assert len(plan.resolve(strict=True)) == 20


def test_missing_names_and_reported_rows_survive():
    frame = pd.DataFrame({"recipient": ["赣州市", None, "赣州市"], "partner": ["深圳市", "上海市", "深圳市"]})
    p = Pairings(frame, on_invalid="keep")
    r = p.resolve()
    assert pd.isna(r.to_frame().loc[1, "recipient_status"]) and r.to_frame().loc[1, "partner_code"] == "310100"
    pd.testing.assert_frame_equal(r.problems, p.problems)
    assert r.resolution["pairs"].tolist() == [2, 2, 1]


# -- labels="en" -------------------------------------------------------------------------
def test_english_labels_on_every_statistic(plan):
    f = plan.partner_frequency(labels="en")
    assert f["partner"].head(4).tolist() == ["Shenzhen", "Guangzhou", "Shanghai", "Ningbo"]
    assert f.loc[0, "recipients"] == ["Ganzhou", "Baise", "Shanwei"]
    assert f["pairs"].tolist() == plan.partner_frequency()["pairs"].tolist()
    rf = plan.recipient_frequency(labels="en")
    assert "Enshi Tujia and Miao Autonomous Prefecture" in rf["recipient"].tolist()
    assert "Ji'an" in rf["recipient"].tolist() and "Lu'an" in rf["recipient"].tolist()
    c = plan.region_coverage(labels="en")
    assert c.loc[0, "region"] == "赣闽粤原中央苏区"  # regions have no gazetteer entry
    assert c.loc[0, "partner_names"] == ["Shenzhen", "Dongguan", "Guangzhou", "Shanghai"]
    reach = plan.partner_reach(labels="en")
    assert reach.loc[0, "partner"] == "Shenzhen" and reach.loc[0, "region_names"][0] == "赣闽粤原中央苏区"
    m = plan.coverage_matrix("region", "partner", labels="en")
    assert m.loc["赣闽粤原中央苏区", "Guangzhou"] == 2 and m.columns.name == "partner"
    assert plan.coverage_matrix("recipient", "partner", labels="en").index[0] == "Ganzhou"
    for method in (plan.partner_frequency, plan.distances, plan.nearest_partner_rank):
        with pytest.raises(ValueError, match="labels must be one of"):
            method(labels="english")


def test_english_fallbacks_and_columns():
    frame = pd.DataFrame({"recipient": ["某某市", "恩施州", "恩施土家族苗族自治州", "某某县"],
                          "partner": ["福州市", "抚州市", "深圳市", "深圳市"],
                          "region": ["苏区", "湘鄂", "湘鄂", "苏区"],
                          "region_en": ["Soviet area", "Xiang-E", "Xiang-E", "Soviet area"]})
    p = Pairings(frame)
    rf = p.recipient_frequency(labels="en")
    # unresolved names stay as written; two spellings of one unit are told apart by the name as written
    assert rf["recipient"].tolist() == ["某某市", "Enshi Tujia and Miao Autonomous Prefecture (恩施州)",
                                        "Enshi Tujia and Miao Autonomous Prefecture (恩施土家族苗族自治州)", "某某县"]
    # 福州 and 抚州 are both Fuzhou: the province tells them apart
    assert p.partner_frequency(labels="en")["partner"].tolist() == ["Shenzhen", "Fuzhou (Fujian)", "Fuzhou (Jiangxi)"]
    assert p.region_coverage(labels="en")["region"].tolist() == ["Soviet area", "Xiang-E"]
    given_names = frame.assign(recipient_name_en=["Ruijin", None, None, None])
    assert Pairings(given_names).recipient_frequency(labels="en")["recipient"][0] == "Ruijin"


# -- against resolve_names row by row on random tables -------------------------------------------
# English names here are unique, so the plain mapping is the reference.
POOL = ["北京市", "上海市", "广州", "深圳市", "恩施州", "黔西南州", "延边州", "六安市", "西安", "拉萨市", "大兴安岭市",
        "河北省张家口市", "广西自治区", "瑞金市", "某某县", "吉林", "海南", ""]


@st.composite
def tables(draw):
    n = draw(st.integers(min_value=1, max_value=25))
    rows = draw(st.lists(st.tuples(st.sampled_from(POOL), st.sampled_from(POOL), st.sampled_from(["r1", "r2"])),
                         min_size=n, max_size=n))
    return pd.DataFrame(rows, columns=["recipient", "partner", "region"])


@settings(max_examples=120, deadline=None)
@given(tables())
def test_resolve_matches_resolve_names_per_row(frame):
    p = Pairings(frame, on_invalid="keep")
    got = p.resolve().to_frame()
    for side in ("recipient", "partner"):
        expected = resolve_names(frame[side])
        for field in ("province", "code", "name_en", "status"):
            values = expected[field].where(expected[field].notna(), np.nan)
            assert got[f"{side}_{field}"].fillna("NA").tolist() == values.fillna("NA").tolist(), (side, field)
        for field in ("lon", "lat"):
            np.testing.assert_array_equal(got[f"{side}_{field}"].to_numpy(), expected[field].to_numpy())
    english = dict(zip(frame["partner"], resolve_names(frame["partner"])["name_en"]))
    en = p.partner_frequency(labels="en")
    zh = p.partner_frequency()
    assert en["partner"].tolist() == [english[n] if isinstance(english[n], str) else n for n in zh["partner"]]
    assert en["pairs"].tolist() == zh["pairs"].tolist()


# -- county level ---------------------------------------------------------------------------
def test_county_names_resolve_with_parents_from_columns():
    frame = pd.DataFrame({
        "recipient": ["鼓楼区", "鼓楼区", "阿克苏市", "农一师", "利川市", "襄樊市"],
        "partner": ["朝阳区", "和平区", "杭州市", "浙江省", "余杭区", "深圳市福田区"],
        "region": ["南京市", "福州市", "新疆", "新疆", "恩施州", "湖北"],
        "partner_parent": ["北京市", "天津", None, None, "杭州市", None],
    })
    r = Pairings(frame).resolve()
    f = r.to_frame()
    assert f["recipient_code"].tolist() == ["320106", "350102", "652901", "XPCC01", "422802", "420600"]
    assert f["recipient_status"].tolist() == ["context", "context", "exact", "short", "exact", "former_name"]
    assert f["recipient_level"].tolist() == ["county", "county", "county", "division", "county", "city"]
    assert f["recipient_prefecture"].tolist() == ["南京市", "福州市", "阿克苏地区", "新疆生产建设兵团第一师",
                                                  "恩施土家族苗族自治州", "襄阳市"]
    assert f["recipient_county"].isna().tolist() == [False, False, False, True, False, True]
    assert "2010" in f.loc[5, "recipient_note"]
    assert f["partner_code"].tolist() == ["110105", "120101", "330100", "330000", "330110", "440304"]
    assert f["partner_level"].tolist() == ["county", "county", "city", "province", "county", "county"]
    # one row per distinct (name, parent) in .resolution, with the parent as written
    rows = r.resolution[r.resolution["name"] == "鼓楼区"]
    assert rows[["parent", "code", "pairs"]].values.tolist() == [["南京市", "320106", 1], ["福州市", "350102", 1]]


def test_the_corps_and_its_divisions_resolve_and_roll_up_side_by_side():
    # aid-to-Xinjiang lists name the Corps as a whole next to its divisions and the region's places
    frame = pd.DataFrame({"recipient": ["新疆生产建设兵团", "第一师", "兵团", "阿克苏市", "新疆兵团"],
                          "partner": ["南京市", "杭州市", "上海市", "杭州市", "苏州市"]})
    r = Pairings(frame).resolve()
    f = r.to_frame()
    assert f["recipient_code"].tolist() == ["XPCC00", "XPCC01", "XPCC00", "652901", "XPCC00"]
    assert f["recipient_status"].tolist() == ["exact", "short", "short", "exact", "short"]
    assert f["recipient_level"].tolist() == ["corps", "division", "corps", "county", "corps"]
    assert f["recipient_name_en"].tolist()[:2] == ["Xinjiang Production and Construction Corps", "XPCC 1st Division"]
    assert f["recipient_prefecture"].tolist() == ["新疆生产建设兵团", "新疆生产建设兵团第一师", "新疆生产建设兵团",
                                                  "阿克苏地区", "新疆生产建设兵团"]
    assert (f["recipient_province"] == "新疆维吾尔自治区").all()
    assert f["recipient_county"].isna().tolist() == [True, True, True, False, True]
    # the three forms of the Corps become one name
    assert f["recipient"].tolist()[::2] == ["新疆生产建设兵团"] * 3
    merged = r.merged[r.merged["name"] == "新疆生产建设兵团"]
    assert sorted(merged["as_written"]) == ["兵团", "新疆兵团", "新疆生产建设兵团"]
    # by province everything is Xinjiang; by prefecture the Corps' own pairs stay apart from 第一师's
    by_province = r.rollup("recipient_province", "partner_province")
    expected = frame.assign(province=["江苏省", "浙江省", "上海市", "浙江省", "江苏省"]).groupby(
        "province", sort=False).size()
    assert dict(zip(by_province["partner_province"], by_province["pairs"])) == expected.to_dict()
    assert set(by_province["recipient_province"]) == {"新疆维吾尔自治区"}
    by_prefecture = r.rollup("recipient_prefecture", "partner_prefecture")
    assert by_prefecture.groupby("recipient_prefecture")["pairs"].sum().to_dict() == {
        "新疆生产建设兵团": 3, "新疆生产建设兵团第一师": 1, "阿克苏地区": 1}
    english = r.rollup("recipient_prefecture", "partner_prefecture", labels="en")["recipient_prefecture"]
    assert "Xinjiang Production and Construction Corps" in set(english)


def test_a_page_that_pairs_the_corps_names_it_after_resolve():
    # pages/26 (Jiangsu's aid to Xinjiang): the reader keeps 新疆生产建设兵团 as written; resolve() names it
    from pathlib import Path

    page = Path(__file__).resolve().parents[1] / "data" / "documents" / "pages" / "26_jiangsu-xinjiang-1997-2010.txt"
    r = duikou.read_document(page).pairings.resolve()
    corps = r.resolution.set_index("name").loc["新疆生产建设兵团"]
    assert (corps["status"], corps["code"], corps["level"]) == ("exact", "XPCC00", "corps")
    row = r.to_frame().set_index("recipient").loc["新疆生产建设兵团"]
    assert (row["partner"], row["recipient_province"]) == ("江苏省", "新疆维吾尔自治区")


def test_a_region_naming_the_corps_leaves_its_divisions_as_they_resolve_alone():
    # programs/xinjiang-aid-2010.csv lists the divisions under region 新疆生产建设兵团
    names = ["第一师", "农八师", "石河子市", "兵团第三师图木舒克市"]
    alone = Pairings(pd.DataFrame({"recipient": names, "partner": "浙江省"})).resolve().to_frame()
    under = Pairings(pd.DataFrame({"recipient": names, "partner": "浙江省",
                                   "region": "新疆生产建设兵团"})).resolve().to_frame()
    for field in ("code", "status", "level", "prefecture"):
        assert under[f"recipient_{field}"].tolist() == alone[f"recipient_{field}"].tolist()
    assert under["recipient_code"].tolist() == ["XPCC01", "XPCC08", "659001", "659003"]


def test_ambiguous_county_is_listed_with_every_candidate_and_strict_names_it():
    p = Pairings(pd.DataFrame({"recipient": ["鼓楼区", "利川市"], "partner": ["深圳市", "杭州市"]}))
    r = p.resolve()
    row = r.resolution.set_index("name").loc["鼓楼区"]
    assert row["status"] == "ambiguous"
    assert row["candidates"] == "南京市鼓楼区|徐州市鼓楼区|福州市鼓楼区|开封市鼓楼区"
    assert r.to_frame().loc[0, ["recipient_code", "recipient_prefecture"]].isna().all()
    with pytest.raises(duikou.InputError, match=r"recipient '鼓楼区' \(ambiguous: 南京市鼓楼区\|徐州市鼓楼区"):
        p.resolve(strict=True)


def test_resolution_is_once_per_distinct_name_and_parent(monkeypatch):
    # 200,000 rows over 4 names and 3 parents: resolve_names sees each distinct combination once
    from duikou import resolve as resolve_module

    calls = []
    real = resolve_module.resolve_names

    def counting(names, **kwargs):
        names = list(names)
        calls.append(len(names))
        return real(names, **kwargs)

    monkeypatch.setattr(resolve_module, "resolve_names", counting)
    n = 200_000
    rng = np.random.default_rng(7)
    recipient = rng.integers(0, 4, n)
    partner = (recipient + 1 + rng.integers(0, 3, n)) % 4
    parent = rng.integers(0, 3, n)
    p = Pairings.from_codes(recipient, partner, ["鼓楼区", "朝阳区", "利川市", "苍南县"],
                            ["深圳市", "杭州市", "宁波市", "福州市"],
                            groups={"recipient_parent": (parent, ["南京市", "北京市", "福州"])},
                            on_invalid="keep")
    r = p.resolve()
    assert sum(calls) <= 4 * 3 + 4 + 3  # recipient combinations, partner names, parent names
    f = r.to_frame()
    # the row-level result equals resolving each row on its own (checked on a sample)
    sample = rng.choice(n, 200, replace=False)
    names = np.array(["鼓楼区", "朝阳区", "利川市", "苍南县"], dtype=object)[recipient[sample]]
    parents = np.array(["南京市", "北京市", "福州"], dtype=object)[parent[sample]]
    expected = real(list(names), parents=list(parents))
    for field in ("code", "status", "prefecture"):
        got = pd.Series(f[f"recipient_{field}"].to_numpy()[sample]).fillna("-").tolist()
        assert got == expected[field].fillna("-").tolist(), field
    assert set(f["recipient_status"].unique()) >= {"context", "exact", "ambiguous"}  # 鼓楼区 under 北京市


# -- canonical names (issue 19, point 2): one place, one name ------------------------------------------------------
def shenzhen_three_ways():
    """Three recipients of the 2022 plan, their partner 深圳市 written three ways (深圳 short, province prefix, exact)."""
    return Pairings(pd.DataFrame({"recipient": ["赣州市", "汕尾市", "百色市", "梅州市"],
                                  "partner": ["深圳", "广东省深圳市", "深圳市", "广州市"]}))


def test_canonical_resolve_counts_one_place_once():
    plan = shenzhen_three_ways()
    assert len(plan.partner_frequency()) == 4  # as written: three names for 深圳市, and 广州市
    r = plan.resolve()
    f = r.partner_frequency()
    assert f[["partner", "pairs"]].values.tolist() == [["深圳市", 3], ["广州市", 1]]
    assert r.partners == ["深圳市", "广州市"]
    assert r.to_frame()["partner_as_written"].tolist() == ["深圳", "广东省深圳市", "深圳市", "广州市"]
    assert r.merged.values.tolist() == [["partner", "深圳市", "深圳", 1], ["partner", "深圳市", "广东省深圳市", 1],
                                        ["partner", "深圳市", "深圳市", 1]]
    assert "3 names merged into 1, see .merged" in repr(r)
    assert r.resolution.loc[r.resolution["side"] == "partner", "canonical"].tolist() == ["深圳市"] * 3 + ["广州市"]
    # an independent count: the gazetteer codes per row
    assert r.to_frame()["partner_code"].value_counts().to_dict() == {"440300": 3, "440100": 1}
    assert r.concentration().n == 2


def test_canonical_false_keeps_the_names_as_written():
    r = shenzhen_three_ways().resolve(canonical=False)
    assert len(r.partner_frequency()) == 4 and r.merged is None
    assert "partner_as_written" not in r.columns
    assert r.to_frame()["partner_code"].tolist() == ["440300", "440300", "440300", "440100"]


def test_canonical_merges_that_make_a_repeat_are_reported():
    p = Pairings(pd.DataFrame({"recipient": ["赣州市", "赣州市"], "partner": ["深圳", "深圳市"]}))
    assert p.problems.empty
    r = p.resolve()
    assert r.problems[["row", "problem", "first_row"]].values.tolist() == [[1, "duplicate", 0]]


def test_one_gazetteer_name_for_two_places_stays_two_names():
    p = Pairings(pd.DataFrame({"recipient": ["宁德市", "宿迁市"], "partner": ["鼓楼区", "鼓楼区"],
                               "partner_parent": ["福州市", "南京市"]}))
    r = p.resolve()
    assert r.to_frame()["partner"].tolist() == ["福州市鼓楼区", "南京市鼓楼区"]
    assert r.to_frame()["partner_code"].tolist() == ["350102", "320106"]
    assert len(r.partner_frequency()) == 2 and r.merged.empty


def test_resolving_twice_keeps_the_first_text(plan):
    r = plan.resolve().resolve()
    assert r.to_frame().loc[14, ["recipient", "recipient_as_written"]].tolist() == ["恩施土家族苗族自治州", "恩施州"]


def test_2022_plan_after_canonical_resolve(plan):
    r = plan.resolve()
    assert r.merged.empty  # one way of writing each place
    columns = ["partner", "pairs", "share", "regions"]
    assert r.partner_frequency()[columns].equals(plan.resolve(canonical=False).partner_frequency()[columns])
    assert (r.to_frame()["recipient"] != r.to_frame()["recipient_as_written"]).sum() == 1  # 恩施州 only

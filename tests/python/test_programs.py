"""The program registry (python/duikou/data/programs/): every file well-formed, every pair cited,
every name resolved (or explained), and the counts that the documents themselves state.

Counts are not taken from the data: each expected number below is the one a cited page states
(quoted by its figure only, with the page), and the test checks the CSV against it.
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path

import pandas as pd
import pytest

import duikou
from duikou import datasets
from duikou.gazetteer import place_names, resolve_names

PROGRAMS = Path(datasets.__file__).parent / "data" / "programs"
INDEX = pd.read_csv(PROGRAMS / "index.csv", dtype=str, keep_default_na=False)
NAMES = list(INDEX["name"])
RESOLVED = ("exact", "short", "suffix", "province_prefix")


def raw(name: str) -> pd.DataFrame:
    """A program CSV as written (plain pandas, independent of duikou's reader)."""
    return pd.read_csv(PROGRAMS / f"{name}.csv", dtype=str, keep_default_na=False)


def exceptions() -> dict:
    with (PROGRAMS / "name-exceptions.csv").open(encoding="utf-8", newline="") as stream:
        return {row["name"]: row["reason"] for row in csv.DictReader(stream)}


def test_index_lists_every_program_file():
    files = {p.stem for p in PROGRAMS.glob("*.csv")} - {"index", "name-exceptions"}
    assert files == set(NAMES)
    assert len(NAMES) + 1 >= 10, "at least 10 programs (with the 2022 plan)"
    assert set(INDEX["revisions"]) <= {"yes", "no"} and set(INDEX["complete"]) <= {"yes", "no"}
    assert INDEX["completeness"].str.strip().ne("").all()


@pytest.mark.parametrize("name", NAMES)
def test_columns_and_values(name):
    frame = raw(name)
    assert tuple(frame.columns) == datasets.PROGRAM_COLUMNS
    assert (frame["program"] == name).all()
    assert frame["level"].isin(datasets.LEVELS).all(), frame.loc[~frame["level"].isin(datasets.LEVELS)]
    assert frame["partner_level"].isin(datasets.LEVELS).all()
    assert frame["basis"].isin(datasets.BASIS).all()
    assert frame["confidence"].isin(datasets.CONFIDENCE).all()
    for column in ("recipient", "partner", "version"):
        assert frame[column].str.strip().ne("").all(), f"{name}: empty {column}"
        assert (frame[column] == frame[column].str.strip()).all(), f"{name}: {column} with surrounding blanks"
    for column in ("start", "end"):
        years = frame.loc[frame[column] != "", column]
        assert years.str.fullmatch(r"(19|20)\d\d").all(), f"{name}: {column} must be a year"
    both = frame[(frame["start"] != "") & (frame["end"] != "")]
    assert (both["start"].astype(int) <= both["end"].astype(int)).all()
    dates = frame.loc[frame["published"] != "", "published"]
    assert dates.str.fullmatch(r"\d{4}-\d\d-\d\d").all() and pd.to_datetime(dates).notna().all()


@pytest.mark.parametrize("name", NAMES)
def test_every_pair_is_cited(name):
    frame = raw(name)
    for column in ("source", "issuer", "url", "basis", "confidence"):
        empty = frame.index[frame[column].str.strip() == ""]
        assert not len(empty), f"{name}: rows {list(empty + 2)} (file lines) have no {column}"
    assert frame["url"].str.match(r"https?://").all()
    # a pair that is not official and complete says where it comes from and how it was checked
    weak = frame[frame["confidence"] != "official-complete"]
    assert weak["note"].str.strip().ne("").all(), f"{name}: a non-official row without a note"


@pytest.mark.parametrize("name", NAMES)
def test_no_duplicate_pair_within_a_version(name):
    frame = raw(name)
    repeated = frame[frame.duplicated(["version", "recipient", "partner"], keep=False)]
    assert repeated.empty, repeated[["version", "recipient", "partner"]]
    assert not (frame["recipient"] == frame["partner"]).any()


def _name_levels() -> pd.DataFrame:
    """Every distinct (name, level, parent) of every program, both sides."""
    parts = []
    for name in NAMES:
        frame = raw(name)
        parts.append(pd.DataFrame({"name": frame["recipient"], "level": frame["level"], "parent": frame["region"]}))
        parts.append(pd.DataFrame({"name": frame["partner"], "level": frame["partner_level"],
                                   "parent": frame["partner_region"]}))
    return pd.concat(parts).drop_duplicates().reset_index(drop=True)


def _low_units(name: str, parent: str, levels) -> pd.DataFrame:
    """County-level units and divisions a name or short form denotes, narrowed by a parent unit if several."""
    forms = _place_names()
    units = forms[(forms["form"] == name) & forms["level"].isin(levels)].drop_duplicates("code")
    if len(units) > 1 and parent:
        units = units[(units["prefecture"] == parent) | (units["province"] == parent)]
    return units


@functools.lru_cache(maxsize=1)
def _place_names() -> pd.DataFrame:
    return place_names()


def name_check() -> dict:
    """{"resolved": [...], "failed": [...], "excepted": [...]} over every (name, level) of every program.

    A province or prefecture name must resolve at its own level with resolve_names; a 兵团 division
    (recorded at prefecture level) or a province-administered county-level city (仙桃市, recorded
    at prefecture level as the Hubei list pairs it) must name exactly one such unit of the county
    gazetteer. A county-level name must name exactly one county-level unit, the row's region
    (partner_region for partners) telling apart counties that share a name; a prefecture match
    (阿勒泰市 -> 阿勒泰地区) is not accepted for a county. Names in name-exceptions.csv are
    accepted only while they really fail.
    """
    known = exceptions()
    out = {"resolved": [], "failed": [], "excepted": []}
    for row in _name_levels().itertuples(index=False):
        if row.level in ("province", "city"):
            result = resolve_names([row.name], level=row.level).iloc[0]
            good = result["status"] in RESOLVED and result["level"] == row.level
            if not good and row.level == "city":
                units = _low_units(row.name, row.parent, ("county", "division"))
                good = len(units) == 1 and (units["level"].iloc[0] == "division"
                                            or units["prefecture"].iloc[0] == units["name"].iloc[0])
        else:
            good = len(_low_units(row.name, row.parent, ("county",))) == 1
        out["resolved" if good else "excepted" if row.name in known else "failed"].append(row.name)
    return out


def test_every_name_resolves_or_is_explained():
    check = name_check()
    assert not check["failed"], f"names that neither resolve at their level nor are explained: {check['failed']}"
    known = exceptions()
    assert all(reason.strip() for reason in known.values())
    unused = set(known) - set(check["excepted"])
    assert not unused, f"name-exceptions.csv lists names that resolve or are not used: {sorted(unused)}"
    assert len(known) <= 10, "the exceptions file must stay short"


def test_county_names_are_told_apart_by_their_parent():
    # 江北区 is a district of both 宁波市 and 重庆市; the row's partner_region picks 宁波's
    assert len(_low_units("江北区", "", ("county",))) == 2
    units = _low_units("江北区", "宁波市", ("county",))
    assert units["prefecture"].tolist() == ["宁波市"]
    # a county-level city does not pass as its prefecture: 阿勒泰市 is a county, not 阿勒泰地区
    assert _low_units("阿勒泰市", "阿勒泰地区", ("county",))["level"].tolist() == ["county"]
    frame = raw("xinjiang-aid-2010")
    assert frame.loc[frame["recipient"] == "阿勒泰市", "level"].tolist() == ["county"]


# ---- counts stated by the documents ----------------------------------------------------------
def test_northeast_east_2017_counts():
    # 国办发〔2017〕22号 (人民日报 2017-03-18, https://mednew.tongji.edu.cn/ggw/Web/Show/18465) names
    # 3 province pairs (辽宁-江苏, 吉林-浙江, 黑龙江-广东) and 4 city pairs (沈阳-北京, 大连-上海,
    # 长春-天津, 哈尔滨-深圳).
    frame = raw("northeast-east-2017")
    document = frame[frame["source"].str.contains("国办发〔2017〕22号")]
    assert (document["level"] == "province").sum() == 3
    assert (document["level"] == "city").sum() == 4
    assert set(zip(document["recipient"], document["partner"])) >= {("辽宁省", "江苏省"), ("哈尔滨市", "深圳市")}
    # 金羊网 2023-04-20: 广东 13 cities paired with 黑龙江's 13 cities; the file holds part of them
    hg = frame[(frame["level"] == "city") & (frame["region"] == "黑龙江省")]
    assert 0 < len(hg) <= 13 and hg["recipient"].is_unique and hg["partner"].is_unique


def test_xinjiang_2010_counts():
    # The 2010 round: "十九个省市" to "新疆12个地州" (xzqh.info forum list); the list names 兵团
    # divisions under 9 partners, and 河南's 第十三师 is stated by 香港商报 2018-08-21.
    frame = raw("xinjiang-aid-2010")
    assert frame["partner"].nunique() == 19
    local = frame[frame["region"] != "新疆生产建设兵团"]
    assert local["region"].nunique() == 12
    divisions = frame[frame["region"] == "新疆生产建设兵团"]
    assert divisions["recipient"].nunique() == 10
    assert divisions["partner"].nunique() == 9  # 江苏 has two (第四师, 第七师)
    # the repost's known error: 广东 is paired with 第三师, never 第十三师, which is 河南's
    pairs = set(zip(frame["recipient"], frame["partner"]))
    assert ("新疆生产建设兵团第三师", "广东省") in pairs
    assert ("新疆生产建设兵团第十三师", "河南省") in pairs
    assert ("新疆生产建设兵团第十三师", "广东省") not in pairs


def test_hubei_2020_versions_counts():
    # 2020-02-07: "16个省支援武汉以外地市的一一对口支援关系" (one province, one city);
    # the adjusted mechanism: 19 provinces.
    frame = raw("hubei-covid-2020")
    first = frame[frame["version"] == "2020-02-07"]
    assert len(first) == 16 and first["partner"].nunique() == 16 and first["recipient"].nunique() == 16
    second = frame[frame["version"] == "2020-02-10"]
    assert second["partner"].nunique() == 19


def test_wenchuan_may_2008_counts():
    # 民政部 notice (中国政府网 2008-05-23): 21 provinces each to one Sichuan county, and 北京 -> 陇南,
    # 天津 -> 甘南 besides.
    frame = raw("wenchuan-reconstruction-2008")
    may = frame[frame["version"] == "2008-05-22"]
    sichuan = may[may["region"] == "四川省"]
    assert len(sichuan) == 21 and sichuan["partner"].nunique() == 21 and sichuan["recipient"].nunique() == 21
    assert len(may) == 23


def test_smaller_programs_counts():
    # 皖北: 3 Shanghai districts, 3 Jiangsu and 2 Zhejiang cities to 8 Anhui cities (国家发展改革委 2021-12-08)
    wanbei = raw("wanbei-2021")
    assert wanbei["recipient"].nunique() == 8 and (wanbei["partner"].str.endswith("区")).sum() == 3
    # 广东 2013: "珠三角地区6市与粤东西北地区8市" (中新社 2013-11-07)
    guangdong = raw("guangdong-prd-2013")
    assert guangdong["partner"].nunique() == 6 and guangdong["recipient"].nunique() == 8
    # 宁波-延边: "10个区县(市)将与延边州8个市县" (宁波日报 2017-05-16)
    ningbo = raw("east-west-cooperation").query("level == 'county' and region == '延边朝鲜族自治州'")
    assert ningbo["partner"].nunique() == 10 and ningbo["recipient"].nunique() == 8
    # 天津-甘肃 (十四五): 天津's 16 districts with 34 Gansu counties; the file holds part of them
    tianjin = raw("east-west-cooperation").query("version == '2021' and level == 'county'")
    assert 0 < tianjin["recipient"].nunique() <= 34 and tianjin["partner"].nunique() <= 16
    # 深圳-赣州 county pairs: "深圳市各区(含大鹏新区)与赣州市10个县(市、区)" (the notice, reposted)
    ganzhou = raw("base-areas-2022-county-pairs")
    assert ganzhou["recipient"].nunique() == 10 and ganzhou["partner"].nunique() == 10
    # 丹江口 source area: 北京 with 16 counties of 河南 and 湖北 (新京报 2019-03-22); part recorded
    water = raw("south-north-water-2013")
    assert 0 < (water["partner"] == "北京市").sum() <= 16
    # 山东 援藏: 日喀则市 and "桑珠孜、白朗、昂仁、聂拉木、南木林5个县区" (中国经济网 2024)
    tibet = raw("tibet-aid-1994")
    assert len(tibet[(tibet["partner"] == "山东省") & (tibet["level"] == "county")]) == 5
    # 日喀则: "上海、山东、吉林、黑龙江四省市" (中国西藏新闻网 2025-06-25)
    assert set(tibet.loc[tibet["recipient"] == "日喀则市", "partner"]) == {"上海市", "山东省", "吉林省", "黑龙江省"}
    # 北京 -> 玉树州 "包括6个县(市)" (北京市发改委)
    yushu = raw("qinghai-tibetan-areas").query("level == 'county'")
    assert yushu["recipient"].nunique() == 6
    # 江苏 南北挂钩: five city alliances in 2001, four pairs in the 2022 round (上观新闻 2022-05-15)
    jiangsu = raw("jiangsu-north-south")
    assert (jiangsu["version"] == "2001").sum() == 5 and (jiangsu["version"] == "2022").sum() == 4


# ---- the API over the files ------------------------------------------------------------------
def test_list_matches_the_files():
    table = datasets.list()
    assert tuple(table.columns) == datasets.LIST_COLUMNS
    assert len(table) >= 10 and table["pairs"].sum() >= 250
    for name in NAMES:
        row = table.set_index("name").loc[name]
        frame = raw(name)
        assert row["pairs"] == len(frame)
        assert row["recipients"] == frame["recipient"].nunique() and row["partners"] == frame["partner"].nunique()
        assert row["sources"] == frame["url"].nunique()
        assert row["complete"] == (INDEX.set_index("name").loc[name, "complete"] == "yes")


def test_load_versions():
    revised = duikou.datasets.load("jiangsu-north-south")  # latest by default
    assert set(revised.to_frame()["version"]) == {"2022"} and len(revised) == 4
    old = duikou.datasets.load("jiangsu-north-south", version="2001")
    assert len(old) == 5
    every = duikou.datasets.load("jiangsu-north-south", version="all")
    assert len(every) == 9 and len(every.problems) == 3  # the three pairs both rounds keep
    with pytest.raises(ValueError, match="no version"):
        duikou.datasets.load("jiangsu-north-south", version="1999")
    frame = duikou.datasets.load("xinjiang-aid-2010").to_frame()
    assert str(frame["start"].dtype) == "Int64"


def test_load_all_stacks_every_program():
    table = duikou.datasets.load_all()
    frame = table.to_frame()
    assert list(frame["program"].unique()) == duikou.datasets.names()
    expected = sum(len(duikou.datasets.load(n)) for n in duikou.datasets.names())
    assert len(table) == expected
    counties = duikou.datasets.load_all(level="county").to_frame()
    assert (counties["level"] == "county").all() and len(counties) == (frame["level"] == "county").sum()
    with pytest.raises(ValueError):
        duikou.datasets.load_all(level="town")


def test_2022_plan_unchanged():
    plan = duikou.datasets.load("revolutionary-base-areas-2022")
    assert len(plan) == 20 and plan.metadata["document"] == "发改振兴〔2022〕766号"
    assert plan.partner_frequency().iloc[0].tolist()[:2] == ["深圳市", 3]


def test_readme_is_generated_from_the_files():
    import subprocess
    import sys

    tool = Path(__file__).resolve().parents[2] / "tools" / "programs_readme.py"
    proc = subprocess.run([sys.executable, str(tool), "--check"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_diff_of_jiangsu_gives_the_changes_its_source_states():
    # 上观新闻 2022-05-15: 镇江 no longer helps 连云港 (now 无锡), 徐州 no longer helped by 无锡
    change = duikou.diff(duikou.datasets.load("jiangsu-north-south", version="2001"),
                         duikou.datasets.load("jiangsu-north-south", version="2022"))
    assert change.reassigned[["recipient", "old_partner", "new_partner"]].values.tolist() == [["连云港市", "镇江市", "无锡市"]]
    assert change.dropped[["recipient", "partner"]].values.tolist() == [["徐州市", "无锡市"]]
    assert len(change.kept) == 3 and change.added.empty

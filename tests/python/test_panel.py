"""Pairings.to_panel and Pairings.sources on hand-made tables, against plain-pandas computations."""

import numpy as np
import pandas as pd
import pytest

import duikou

RECORDS = [
    # recipient, partner, program, start, end
    ("甲", "X", "P1", 2001, 2003),
    ("甲", "Y", "P1", 2003, None),   # open pair; overlaps X in 2003
    ("甲", "X", "P2", 2005, 2005),   # same partner again, other program
    ("乙", "X", "P2", 2004, 2004),
    ("丙", "Z", "P1", None, None),   # undated: left out of the panel
    ("丁", "Z", "P2", 2010, 2012),   # outside the years asked for below
]
YEARS = range(2000, 2008)


def table():
    return duikou.Pairings.from_records(
        [dict(zip(("recipient", "partner", "program", "start", "end"), r)) for r in RECORDS])


def reference(unit: str, other: str) -> pd.DataFrame:
    """The panel by a cross join of pairs and years: plain pandas, no duikou code."""
    pairs = pd.DataFrame(RECORDS, columns=["recipient", "partner", "program", "start", "end"])
    pairs = pairs[pairs["start"].notna()]
    order = list(dict.fromkeys(pairs[unit]))
    other_order = list(dict.fromkeys(pairs[other]))
    years = pd.DataFrame({"year": list(YEARS)})
    grid = pd.MultiIndex.from_product([order, list(YEARS)], names=["unit", "year"]).to_frame(index=False)
    cross = pairs.merge(years, how="cross")
    live = cross[(cross["start"] <= cross["year"]) & (cross["end"].isna() | (cross["year"] <= cross["end"]))]
    rows = []
    for (name, year), group in live.groupby([unit, "year"]):
        names = sorted(set(group[other]), key=other_order.index)
        progs = list(dict.fromkeys(group["program"]))
        rows.append({"unit": name, "year": year, f"{other}s": len(names), f"{other}_names": "|".join(names),
                     "programs": "|".join(progs)})
    out = grid.merge(pd.DataFrame(rows), on=["unit", "year"], how="left")
    out[f"{other}s"] = out[f"{other}s"].fillna(0).astype(int)
    out[f"{other}_names"] = out[f"{other}_names"].fillna("")
    out["programs"] = out["programs"].fillna("")
    out["paired"] = out[f"{other}s"] > 0
    out["first_year"] = out["unit"].map(pairs.groupby(unit)["start"].min()).astype("Int64")
    return out[["unit", "year", "paired", "first_year", f"{other}s", f"{other}_names", "programs"]]


@pytest.mark.parametrize("unit, other", [("recipient", "partner"), ("partner", "recipient")])
def test_panel_matches_plain_pandas(unit, other):
    got = table().to_panel(years=YEARS, unit=unit)
    expected = reference(unit, other)
    assert list(got.columns) == list(expected.columns)
    pd.testing.assert_frame_equal(got.reset_index(drop=True), expected, check_dtype=False)
    assert got["first_year"].dtype == "Int64" and got["paired"].dtype == bool


def test_panel_by_hand():
    panel = table().to_panel(years=YEARS).set_index(["unit", "year"])
    # 甲: X 2001-2003, Y from 2003, X again in 2005 (P2)
    assert panel.loc[("甲", 2000), "paired"] == False  # noqa: E712
    assert panel.loc[("甲", 2003), "partner_names"] == "X|Y" and panel.loc[("甲", 2003), "partners"] == 2
    assert panel.loc[("甲", 2005), "partner_names"] == "X|Y" and panel.loc[("甲", 2005), "programs"] == "P1|P2"
    assert panel.loc[("甲", 2007), "partner_names"] == "Y"
    assert (panel.loc["甲", "first_year"] == 2001).all()
    # 乙 only in 2004; 丙 undated (absent); 丁 present but never paired within the years asked
    assert panel.loc["乙", "paired"].sum() == 1
    assert "丙" not in panel.index.get_level_values("unit")
    assert not panel.loc["丁", "paired"].any() and (panel.loc["丁", "first_year"] == 2010).all()
    assert len(panel) == 3 * len(YEARS)


def test_by_is_unit():
    t = table()
    pd.testing.assert_frame_equal(t.to_panel(years=YEARS, by="partner"), t.to_panel(years=YEARS, unit="partner"))
    with pytest.raises(ValueError, match="not both"):
        t.to_panel(unit="partner", by="recipient")


def test_panel_errors():
    t = table()
    with pytest.raises(ValueError, match="unit"):
        t.to_panel(unit="region")
    with pytest.raises(ValueError, match="non-empty"):
        t.to_panel(years=[])
    with pytest.raises(TypeError):
        t.to_panel(years=[2000.5])
    with pytest.raises(ValueError, match="start"):
        duikou.Pairings.from_records([{"recipient": "a", "partner": "b"}]).to_panel()
    bad = duikou.Pairings.from_records([{"recipient": "a", "partner": "b", "start": "soon"}])
    with pytest.raises(ValueError, match="row 1, field 'start'"):
        bad.to_panel()


def test_panel_of_the_registry():
    panel = duikou.datasets.load_all(version="all").to_panel(years=range(1996, 2026))
    # 克州阿克陶县 (江西) from 2010; 汶川县 (广东, May 2008 notice)
    row = panel[(panel["unit"] == "阿克陶县") & (panel["year"] == 2012)].iloc[0]
    assert row["paired"] and row["partner_names"] == "江西省" and row["first_year"] == 2010
    assert panel.groupby("unit").size().eq(len(range(1996, 2026))).all()


def test_sources_counts_pairs_per_citation():
    frame = pd.DataFrame({"recipient": ["a", "b", "c"], "partner": ["x", "y", "z"],
                          "source": ["doc1", "doc1", "doc2"], "url": ["http://1", "http://1", None]})
    got = duikou.Pairings(frame).sources()
    assert got.to_dict("list") == {"source": ["doc1", "doc2"], "url": ["http://1", pd.NA], "pairs": [2, 1]}
    with pytest.raises(ValueError, match="no 'source' column"):
        duikou.Pairings(frame.drop(columns="source")).sources()


def test_sources_of_a_program():
    wanbei = duikou.datasets.load("wanbei-2021").sources()
    assert len(wanbei) == 1 and wanbei.loc[0, "pairs"] == 8 and "国家发展改革委" in wanbei.loc[0, "issuer"]
    every = duikou.datasets.load_all(version="all")
    assert every.sources()["pairs"].sum() == len(every)
    assert not np.any(every.sources()["source"].isna())

"""duikou.plot.timeline, partner_load and partner_provinces (charts across programs)."""

import matplotlib
import pytest

import duikou

matplotlib.use("Agg")


@pytest.fixture
def table():
    return duikou.Pairings.from_records([
        {"recipient": "赣州市", "partner": "深圳市", "program": "A", "version": "1", "level": "city",
         "start": 2010, "end": 2012},
        {"recipient": "梅州市", "partner": "广州市", "program": "A", "version": "2", "level": "city", "start": 2013},
        {"recipient": "甘肃省", "partner": "天津市", "program": "B", "version": "1", "level": "province", "start": 1996},
        {"recipient": "某县", "partner": "某新区", "program": "B", "version": "1", "level": "county", "start": 1996},
        {"recipient": "淮南市", "partner": "闵行区", "program": "B", "version": "1", "level": "city", "start": 2021},
    ])


def test_partner_provinces_against_plain_pandas(table):
    got = duikou.plot.partner_provinces(table)
    # by hand: 深圳市, 广州市 -> 广东省 (A: 2); 天津市 -> 天津市 (B: 1); 闵行区 (a district) -> 上海市 (B: 1);
    # 某新区 does not resolve (B: 1)
    assert got.loc["广东省", "A"] == 2 and got.loc["广东省", "B"] == 0 and got.loc["广东省", "total"] == 2
    assert got.loc["天津市", "B"] == 1 and got.loc["上海市", "B"] == 1
    unresolved = got[got.index.isna()]
    assert len(unresolved) == 1 and unresolved["B"].iloc[0] == 1
    assert list(got.columns) == ["A", "B", "total"] and got["total"].is_monotonic_decreasing
    assert got["total"].sum() == len(table)


def test_charts_return_axes(table):
    ax = duikou.plot.timeline(table, until=2020)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["A", "B"]
    # A: version 1 drawn 2010-2012, version 2 open to 2020
    xs = sorted(tuple(line.get_xdata()) for line in ax.get_lines() if len(line.get_xdata()) == 2)
    assert (2010, 2012) in xs and (2013, 2020) in xs and (1996, 2020) in xs
    ax = duikou.plot.partner_load(table, labels="en")
    assert "Guangdong" in [t.get_text() for t in ax.get_yticklabels()]
    assert "(unresolved)" in [t.get_text() for t in ax.get_yticklabels()]
    matplotlib.pyplot.close("all")


def test_chart_errors(table):
    with pytest.raises(ValueError, match="program"):
        duikou.plot.timeline(duikou.Pairings.from_records([{"recipient": "a", "partner": "b"}]))
    with pytest.raises(ValueError, match="labels"):
        duikou.plot.partner_load(table, labels="fr")
    undated = duikou.Pairings.from_records([{"recipient": "a", "partner": "b", "program": "p", "start": None}])
    with pytest.raises(ValueError, match="start year"):
        duikou.plot.timeline(undated)


def test_registry_charts_run():
    ax = duikou.plot.timeline()
    assert len(ax.get_yticklabels()) == len(duikou.datasets.names())
    load = duikou.plot.partner_provinces()
    assert load["total"].sum() == len(duikou.datasets.load_all(version="all"))
    matplotlib.pyplot.close("all")

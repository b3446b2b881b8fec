"""What a pandas user reaches for (issue 19, point 4): pickling, copying, selecting rows,
iterating, metadata through to_frame/from_frame, and hand-offs to networkx, geopandas, Excel."""

import copy
import importlib.util
import multiprocessing
import pickle
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import duikou
from duikou import InputError, Pairings

DABIE = "大别山革命老区"


def _facts(p):
    """What a table answers, for comparing a table with its copy."""
    return (p.to_frame(), p.partner_frequency(), p.region_coverage() if "region" in p.columns else None,
            p.metadata, p.source, p.problems)


def _same(a, b):
    for x, y in zip(_facts(a), _facts(b)):
        if isinstance(x, pd.DataFrame):
            pd.testing.assert_frame_equal(x, y)
        else:
            assert x == y


def _pairs_of(p):  # for the process pool: a module-level function
    return len(p), p.partner_frequency()["pairs"].max()


# -- pickle and copies -----------------------------------------------------------------------
def test_pickle_and_deepcopy_give_the_same_table(plan):
    for copied in (pickle.loads(pickle.dumps(plan)), copy.deepcopy(plan), copy.copy(plan)):
        assert copied is not plan
        _same(copied, plan)
        assert copied.concentration().hhi == plan.concentration().hhi
    deep = copy.deepcopy(plan)
    deep.metadata["title"] = "changed"
    assert plan.metadata.get("title") != "changed"


def test_pickle_keeps_problems_lines_and_resolution(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("recipient,partner\n赣州市,深圳市\n赣州市,深圳市\n吉安市,\n", encoding="utf-8")
    table = Pairings.read_csv(path, on_invalid="drop")
    back = pickle.loads(pickle.dumps(table))
    pd.testing.assert_frame_equal(back.problems, table.problems)
    assert back.problems["line"].tolist() == [3, 4] and back.problems["dropped"].all()
    assert len(back) == 1
    resolved = duikou.datasets.load().resolve()
    back = pickle.loads(pickle.dumps(resolved))
    pd.testing.assert_frame_equal(back.resolution, resolved.resolution)
    pd.testing.assert_frame_equal(back.distances(), resolved.distances())


def test_tables_pass_through_a_process_pool(plan):
    expected = [_pairs_of(plan), _pairs_of(plan.head(4))]
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        assert pool.map(_pairs_of, [plan, plan.head(4)]) == expected


def test_tables_pass_through_joblib(plan):
    if importlib.util.find_spec("joblib") is None:
        pytest.skip("joblib is not installed (Debian package python3-joblib)")
    import joblib

    got = joblib.Parallel(n_jobs=2, backend="loky")(joblib.delayed(_pairs_of)(p) for p in [plan, plan.head(3)])
    assert got == [(20, 3), (3, 1)]


# -- selecting rows ----------------------------------------------------------------------------
def test_boolean_mask_selects_rows(plan):
    frame = plan.to_frame()
    dabie = plan[frame["region"] == DABIE]
    expected = frame[frame["region"] == DABIE]
    assert len(dabie) == len(expected) > 0
    assert dabie.to_frame()["recipient"].tolist() == expected["recipient"].tolist()
    # only the names left are counted
    assert sorted(dabie.partners) == sorted(expected["partner"].unique())
    assert dabie.metadata == plan.metadata and dabie.source == plan.source
    # a numpy array and a list work the same; so does a Series in another order
    mask = (frame["region"] == DABIE).to_numpy()
    assert plan[mask].to_frame().equals(dabie.to_frame())
    assert plan[list(mask)].to_frame().equals(dabie.to_frame())
    shuffled = (frame["region"] == DABIE).sample(frac=1, random_state=1)
    assert plan[shuffled].to_frame().equals(dabie.to_frame())


def test_wrong_masks_are_explained(plan):
    with pytest.raises(ValueError, match="the boolean mask has 3 value.*20 row"):
        plan[[True, False, True]]
    with pytest.raises(TypeError, match="boolean mask"):
        plan[np.arange(20)]
    with pytest.raises(TypeError, match="to_frame"):
        plan["region"]
    with pytest.raises(ValueError, match="index does not match"):
        plan[pd.Series([True] * 20, index=range(1, 21))]


def test_query_head_tail_len(plan):
    dabie = plan.query(f"region == '{DABIE}'")
    assert dabie.to_frame().equals(plan[plan.to_frame()["region"] == DABIE].to_frame())
    wanted = DABIE  # noqa: F841 (read by the query through @wanted)
    assert len(plan.query("region == @wanted")) == len(dabie)
    assert len(plan) == 20 and len(plan.head(3)) == 3 and len(plan.head(50)) == 20
    assert plan.head(3).to_frame()["recipient"].tolist() == plan.to_frame()["recipient"].head(3).tolist()
    assert plan.tail(2).to_frame()["recipient"].tolist() == plan.to_frame()["recipient"].tail(2).tolist()
    assert len(plan.head(0)) == 0 and len(plan[5:8]) == 3


def test_selection_keeps_file_lines_and_finds_problems_again(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("recipient,partner,region\n赣州市,深圳市,a\n吉安市,广州市,b\n吉安市,广州市,b\n",
                    encoding="utf-8")
    table = Pairings.read_csv(path, on_invalid="keep")
    assert table.problems["line"].tolist() == [4]
    picked = table.query("region == 'b'")
    assert picked.problems["line"].tolist() == [4]  # still the file's line
    assert len(table.query("region == 'a'").problems) == 0


def test_selection_of_a_resolved_table_reports_the_names_left(plan):
    resolved = plan.resolve()
    dabie = resolved.query(f"region == '{DABIE}'")
    report = dabie.resolution
    assert set(report.loc[report["side"] == "recipient", "name"]) == set(dabie.recipients)
    counts = dabie.to_frame()["partner"].value_counts()
    partners = report[report["side"] == "partner"]
    assert dict(zip(partners["name"], partners["pairs"])) == counts.to_dict()


def test_iteration_gives_named_rows(plan):
    rows = list(plan)
    assert len(rows) == 20
    assert (rows[0].recipient, rows[0].partner) == tuple(plan.to_frame().iloc[0][["recipient", "partner"]])
    assert [r.region for r in plan] == plan.to_frame()["region"].tolist()


# -- metadata through frames -------------------------------------------------------------------
def test_metadata_survives_frame_round_trips(plan):
    frame = plan.to_frame()
    assert frame.attrs["metadata"] == plan.metadata and frame.attrs["source"] == plan.source
    back = Pairings.from_frame(frame)
    assert back.metadata == plan.metadata and back.source == plan.source
    # rows selected with pandas keep the attrs, so the metadata too
    picked = Pairings(frame[frame["region"] == DABIE])
    assert picked.metadata == plan.metadata
    # an explicit metadata wins; a frame without attrs has none
    assert Pairings.from_frame(frame, metadata={"title": "x"}).metadata == {"title": "x"}
    assert Pairings(pd.DataFrame(frame.to_dict("list"))).metadata == {}
    # changing the frame's attrs does not change the table
    frame.attrs["metadata"]["title"] = "changed"
    assert plan.metadata.get("title") != "changed"


# -- networkx ----------------------------------------------------------------------------------
def test_import_duikou_imports_no_optional_library():
    code = ("import sys, duikou; p = duikou.datasets.load(); len(p); p.to_frame(); "
            "print(sorted(m for m in ('networkx', 'geopandas', 'openpyxl', 'shapely') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_to_networkx_is_the_bipartite_graph(plan):
    nx = pytest.importorskip("networkx", reason="networkx is not installed (python3-networkx)")
    resolved = plan.resolve()  # names become the gazetteer's (恩施州 -> 恩施土家族苗族自治州)
    graph = resolved.to_networkx()
    frame = resolved.to_frame()
    assert graph.number_of_edges() == 20
    assert graph.number_of_nodes() == frame["recipient"].nunique() + frame["partner"].nunique()
    assert nx.is_bipartite(graph)
    recipients = {n for n, d in graph.nodes(data=True) if d["bipartite"] == 0}
    assert recipients == set(frame["recipient"])
    assert graph.nodes["深圳市"]["side"] == "partner" and graph.nodes["深圳市"]["province"] == "广东省"
    assert graph.degree("深圳市") == 3
    assert graph.edges["赣州市", "深圳市"]["region"] == frame.loc[frame["recipient"] == "赣州市", "region"].iloc[0]
    assert graph.edges["赣州市", "深圳市"]["pairs"] == 1
    assert graph.graph == plan.metadata
    # before resolve: the side attributes only
    assert set(plan.to_networkx().nodes["深圳市"]) == {"bipartite", "side"}


def test_to_networkx_names_on_both_sides():
    pytest.importorskip("networkx", reason="networkx is not installed (python3-networkx)")
    table = Pairings.from_records([{"recipient": "甲市", "partner": "乙市"}, {"recipient": "乙市", "partner": "丙市"}])
    with pytest.raises(ValueError, match="both recipient and partner.*乙市.*keys='side'"):
        table.to_networkx()
    graph = table.to_networkx(keys="side")
    assert set(graph.nodes) == {("recipient", "甲市"), ("recipient", "乙市"), ("partner", "乙市"), ("partner", "丙市")}


# -- geopandas ---------------------------------------------------------------------------------
def _geopandas():
    if importlib.util.find_spec("geopandas") is None:
        pytest.skip("geopandas is not installed (Debian package python3-geopandas)")
    import geopandas

    return geopandas


def test_to_geodataframe_lines_and_points(plan):
    _geopandas()
    lines = plan.to_geodataframe()
    assert len(lines) == 20 and lines.crs.to_epsg() == 4326
    assert list(lines.columns[:len(plan.columns)]) == plan.columns
    shenzhen = duikou.gazetteer.resolve_names(["深圳市"]).iloc[0]
    first = lines.geometry.iloc[0]  # 赣州市 - 深圳市
    assert first.coords[1] == pytest.approx((shenzhen["lon"], shenzhen["lat"]))
    points = plan.to_geodataframe("points")
    assert len(points) == len(plan.recipients) + len(plan.partners)
    sz = points[(points["name"] == "深圳市") & (points["side"] == "partner")].geometry.iloc[0]
    assert (sz.x, sz.y) == pytest.approx((shenzhen["lon"], shenzhen["lat"]))


def test_to_geodataframe_without_seats_names_the_places():
    _geopandas()
    table = Pairings.from_records([{"recipient": "赣州市", "partner": "无此市"}])
    with pytest.raises(InputError, match="1 place.*partner 无此市.*resolve"):
        table.to_geodataframe()
    with pytest.raises(ValueError, match="kind must be"):
        table.to_geodataframe("polygons")


# -- Excel -------------------------------------------------------------------------------------
def test_to_excel_round_trip(plan, tmp_path):
    if importlib.util.find_spec("openpyxl") is None:
        pytest.skip("openpyxl is not installed (Debian package python3-openpyxl)")
    path = tmp_path / "plan.xlsx"
    table = plan.resolve()
    table.to_excel(path)
    back = pd.read_excel(path, sheet_name="pairs")
    assert back["recipient"].tolist() == table.to_frame()["recipient"].tolist()
    assert back["recipient_lon"].dtype.kind == "f"
    assert back["recipient_lon"].tolist() == pytest.approx(table.to_frame()["recipient_lon"].tolist())
    about = pd.read_excel(path, sheet_name="metadata")
    assert dict(zip(about["key"], about["value"]))["source"] == plan.source

"""Components, projections and NODF nestedness (duikou.structure)."""

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import duikou
from duikou import Pairings

NAN = float("nan")


# -- plain references ------------------------------------------------------------------------
def ordered_matrix(frame: pd.DataFrame, rows: str, columns: str) -> np.ndarray:
    """Binary rows x columns matrix, both in order of first appearance."""
    m = pd.crosstab(frame[rows], frame[columns])
    m = m.loc[list(dict.fromkeys(frame[rows])), list(dict.fromkeys(frame[columns]))]
    return (m.to_numpy() > 0).astype(int)


def nodf_reference(m: np.ndarray, order: bool) -> tuple:
    """NODF, NODF rows, NODF columns by the definition, over all pairs (Almeida-Neto et al. 2008)."""
    m = (np.asarray(m) > 0).astype(int)
    if order:
        m = m[np.argsort(-m.sum(axis=1), kind="stable")][:, np.argsort(-m.sum(axis=0), kind="stable")]

    def paired(mat):
        degree = mat.sum(axis=1)
        total = 0.0
        for i in range(len(mat)):
            for j in range(i + 1, len(mat)):
                if degree[i] > degree[j] > 0:
                    total += (mat[i] & mat[j]).sum() / degree[j]
        return total, len(mat) * (len(mat) - 1) / 2

    r, row_pairs = paired(m)
    c, column_pairs = paired(m.T)

    def mean(total, pairs):
        return 100 * total / pairs if pairs else NAN

    return mean(r + c, row_pairs + column_pairs), mean(r, row_pairs), mean(c, column_pairs)


def networkx_projection(frame: pd.DataFrame, side: str, via: str, jaccard: bool) -> dict:
    """{frozenset({a, b}): weight} from networkx's bipartite projections."""
    g = nx.Graph()
    nodes = [("node", n) for n in frame[side]]
    g.add_nodes_from(nodes)
    g.add_edges_from(zip(nodes, [("via", v) for v in frame[via]]))
    if jaccard:
        p = nx.bipartite.overlap_weighted_projected_graph(g, set(nodes), jaccard=True)
    else:
        p = nx.bipartite.weighted_projected_graph(g, set(nodes))
    return {frozenset((a[1], b[1])): w for a, b, w in p.edges(data="weight")}


def assert_same(got, expected):
    for g, e in zip(got, expected):
        if math.isnan(e):
            assert math.isnan(g)
        else:
            assert g == pytest.approx(e, rel=1e-12, abs=1e-12)


# -- the 2022 plan -----------------------------------------------------------------------------
def test_components_2022(plan):
    nodes = plan.components()
    assert list(nodes.columns) == ["side", "name", "component"]
    assert len(nodes) == 35  # 20 recipients + 15 partners
    assert nodes["component"].max() == 14
    first = nodes[nodes["component"] == 0]
    assert first["name"].tolist() == ["赣州市", "深圳市", "百色市", "汕尾市"]
    assert first["side"].tolist() == ["recipient", "partner", "recipient", "recipient"]

    summary = plan.components(summary=True)
    assert list(summary.columns) == ["component", "recipients", "partners", "pairs", "regions",
                                     "recipient_names", "partner_names"]
    assert summary["pairs"].sum() == 20 and len(summary) == 15
    shanghai = summary.iloc[3]
    assert shanghai["partner_names"] == ["上海市"] and shanghai["recipient_names"] == ["三明市", "六安市"]
    assert shanghai["regions"] == 2  # 赣闽粤原中央苏区 and 大别山革命老区


def test_shenzhen_links_three_regions(plan):
    block = plan.components(summary=True, containing="深圳市")
    assert len(block) == 1
    row = block.iloc[0]
    assert (row["component"], row["recipients"], row["partners"], row["pairs"], row["regions"]) == (0, 3, 1, 3, 3)
    assert row["recipient_names"] == ["赣州市", "百色市", "汕尾市"]
    assert plan.components(containing="百色市")["name"].tolist() == ["赣州市", "深圳市", "百色市", "汕尾市"]
    assert "regions" not in plan.components(summary=True, by=None).columns
    with pytest.raises(KeyError, match="深圳市"):
        plan.components(containing="深圳")


def test_partner_projection_2022(plan):
    edges = plan.projection("partner", via="region")
    assert list(edges.columns) == ["a", "b", "weight"]
    assert len(edges) == 13 and (edges["weight"] == 1).all()
    pairs = {frozenset(p) for p in zip(edges["a"], edges["b"])}
    for a, b in [("深圳市", "东莞市"), ("上海市", "宁波市"), ("广州市", "深圳市"), ("广州市", "上海市"),
                 ("无锡市", "天津市"), ("南京市", "珠海市")]:
        assert frozenset((a, b)) in pairs
    assert frozenset(("深圳市", "宁波市")) not in pairs
    assert edges.iloc[0].tolist() == ["深圳市", "东莞市", 1]

    m = plan.projection("partner", via="region", weight="jaccard", as_="matrix")
    assert m.shape == (15, 15) and m.index.name == "partner"
    assert m.loc["深圳市", "东莞市"] == pytest.approx(1 / 3)  # {赣闽粤, 左右江, 海陆丰} and {赣闽粤}
    assert m.loc["上海市", "宁波市"] == pytest.approx(1 / 3)  # {赣闽粤, 大别山} and {大别山, 浙西南}
    assert m.loc["东莞市", "广州市"] == 1.0
    assert np.allclose(m.to_numpy(), m.to_numpy().T) and (np.diag(m) == 0).all()
    # Through recipients nobody shares: each recipient has one partner.
    assert len(plan.projection("partner", via="recipient")) == 0


def test_region_projection_2022(plan):
    edges = plan.projection("region", weight="jaccard")  # via partner by default
    got = {(a, b): w for a, b, w in edges.itertuples(index=False)}
    assert len(got) == 5
    assert got[("左右江革命老区", "海陆丰革命老区")] == 1.0
    assert got[("大别山革命老区", "浙西南革命老区")] == pytest.approx(1 / 3)
    assert got[("赣闽粤原中央苏区", "左右江革命老区")] == pytest.approx(1 / 4)
    assert got[("赣闽粤原中央苏区", "大别山革命老区")] == pytest.approx(1 / 6)
    assert list(edges["weight"]) == sorted(edges["weight"], reverse=True)
    shared = plan.projection("region", as_="matrix")
    assert shared.loc["赣闽粤原中央苏区", "海陆丰革命老区"] == 1 and shared.to_numpy().sum() == 10


def test_projection_arguments(plan):
    with pytest.raises(ValueError, match="weight"):
        plan.projection(weight="cosine")
    with pytest.raises(ValueError, match="as_"):
        plan.projection(as_="graph")
    with pytest.raises(ValueError, match="different"):
        plan.projection("region", via="region")
    with pytest.raises(KeyError, match="province"):
        plan.projection("partner", via="province")
    with pytest.raises(ValueError, match="different"):
        duikou._core.projection(plan._table, "partner", "partner")
    plain = Pairings(plan.to_frame()[["recipient", "partner"]])
    assert len(plain.projection()) == 0  # no region column: partners are projected through recipients


# -- NODF against vegan -------------------------------------------------------------------------
# Figures from R 4.2 with vegan 2.6.4 (r-cran-vegan on Debian 12). Each table below is turned into
# a binary matrix with rows and columns in order of first appearance, as duikou's ids:
#   m_of <- function(r, p) { m <- table(factor(r, levels = unique(r)), factor(p, levels = unique(p)))
#                            m[] <- as.integer(m > 0); unclass(m) }
#   nestednodf(m_of(r, p), order = TRUE)$statistic    # N.columns, N.rows, NODF
#   nestednodf(m_of(r, p), order = FALSE)$statistic
# and for the 2022 plan d <- jsonlite::fromJSON("revolutionary-base-areas-2022.json")$pairs with
# m_of(d$recipient, d$partner) and m_of(d$region, d$partner).
MATRIX_A = [("r1", "c1"), ("r1", "c2"), ("r1", "c3"), ("r2", "c1"), ("r2", "c2"), ("r3", "c2"), ("r3", "c4"),
            ("r4", "c1")]
MATRIX_A_REVERSED = [("r4", "c1"), ("r3", "c2"), ("r3", "c4"), ("r2", "c1"), ("r2", "c2"), ("r1", "c1"),
                     ("r1", "c2"), ("r1", "c3")]
MATRIX_B = [("a", "x"), ("a", "y"), ("b", "y"), ("b", "z"), ("b", "w"), ("b", "x"), ("c", "v"), ("d", "x"),
            ("d", "w"), ("e", "v"), ("e", "u"), ("e", "x"), ("f", "y"), ("f", "t")]

# (name, pairs, order) -> (NODF, N.rows, N.columns) as vegan prints them
VEGAN = {
    ("A", True): (54.166666666667, 58.333333333333, 50.0),
    ("A", False): (54.166666666667, 58.333333333333, 50.0),
    ("A reversed", True): (54.166666666667, 58.333333333333, 50.0),
    ("A reversed", False): (25.0, 0.0, 50.0),
    ("B", True): (37.5, 32.222222222222, 41.269841269841),
    ("B", False): (26.388888888889, 12.222222222222, 36.507936507937),
}
TABLES = {"A": MATRIX_A, "A reversed": MATRIX_A_REVERSED, "B": MATRIX_B}


@pytest.mark.parametrize(("name", "order"), list(VEGAN))
def test_nodf_matches_vegan(name, order):
    frame = pd.DataFrame(TABLES[name], columns=["recipient", "partner"])
    got = Pairings(frame).nodf(order=order)
    expected = VEGAN[(name, order)]
    assert (got.nodf, got.nodf_rows, got.nodf_columns) == pytest.approx(expected, abs=1e-9)
    assert_same((got.nodf, got.nodf_rows, got.nodf_columns),
                nodf_reference(ordered_matrix(frame, "recipient", "partner"), order))


def test_nodf_2022_matches_vegan(plan):
    n = plan.nodf()
    assert (n.nodf, n.nodf_rows, n.nodf_columns) == (0.0, 0.0, 0.0)  # vegan: 0, 0, 0 (either order)
    assert (n.n_rows, n.n_columns, n.ones) == (20, 15, 20)
    assert n.fill == pytest.approx(0.066666666667)
    by_region = plan.nodf(rows="region")
    assert (by_region.nodf, by_region.nodf_rows, by_region.nodf_columns) == pytest.approx(
        (6.145833333333, 6.060606060606, 6.190476190476), abs=1e-9)
    listed = plan.nodf(order=False, rows="region")
    assert (listed.nodf, listed.nodf_rows, listed.nodf_columns) == pytest.approx(
        (4.270833333333, 6.060606060606, 3.333333333333), abs=1e-9)
    assert by_region.fill == pytest.approx(0.115151515152)


def test_nestedness_display(plan):
    n = plan.nodf(rows="region")
    text = str(n)
    assert "Almeida-Neto" in text and "11 regions x 15 partners, 19 ones" in text and "6.1458" in text
    assert "<table>" in n._repr_html_() and "6.1458" in n._repr_html_()
    assert n.to_dict()["order"] is True
    with pytest.raises(ValueError, match="different"):
        plan.nodf(rows="partner")


def test_nodf_of_tiny_tables_is_nan():
    n = Pairings(pd.DataFrame({"recipient": ["a"], "partner": ["x"]})).nodf()
    assert math.isnan(n.nodf) and math.isnan(n.nodf_rows) and math.isnan(n.nodf_columns)
    two = Pairings(pd.DataFrame({"recipient": ["a", "a"], "partner": ["x", "y"]})).nodf()
    assert math.isnan(two.nodf_rows) and two.nodf_columns == 0.0 and two.nodf == 0.0


# -- against networkx and numpy on random tables ----------------------------------------------------
RECIPIENTS = st.sampled_from([f"q{i}" for i in range(12)] + ["赣州市", "百色市"])
PARTNERS = st.sampled_from([f"p{i}" for i in range(8)] + ["深圳市", "广州市", "上海市"])
REGIONS = st.sampled_from(["r1", "r2", "赣闽粤", "太行", "大别山"])


@st.composite
def tables(draw):
    """Random tables; repeated pairs are allowed (kept with on_invalid='keep')."""
    rows = draw(st.lists(st.tuples(RECIPIENTS, PARTNERS, REGIONS), min_size=1, max_size=40))
    return pd.DataFrame(rows, columns=["recipient", "partner", "region"])


@settings(max_examples=150, deadline=None)
@given(tables())
def test_components_match_networkx(frame):
    p = Pairings(frame, on_invalid="keep")
    g = nx.Graph()
    g.add_edges_from(zip([("recipient", r) for r in frame["recipient"]], [("partner", q) for q in frame["partner"]]))
    # Number networkx's components by the first row reaching them.
    number = {}
    for r in frame["recipient"]:
        block = frozenset(nx.node_connected_component(g, ("recipient", r)))
        number.setdefault(block, len(number))
    expected = {node: k for block, k in number.items() for node in block}
    nodes = p.components()
    got = {(s, n): c for s, n, c in nodes.itertuples(index=False)}
    assert got == expected
    summary = p.components(summary=True)
    assert len(summary) == nx.number_connected_components(g)
    component_of_row = [expected[("recipient", r)] for r in frame["recipient"]]
    by_component = frame.assign(component=component_of_row).groupby("component")
    assert summary["pairs"].tolist() == by_component.size().tolist()
    assert summary["regions"].tolist() == by_component["region"].nunique().tolist()
    assert summary["recipients"].tolist() == by_component["recipient"].nunique().tolist()
    assert summary["partner_names"].tolist() == [list(dict.fromkeys(s)) for _, s in by_component["partner"]]


@settings(max_examples=150, deadline=None)
@given(tables(), st.sampled_from([("partner", "region"), ("region", "partner"), ("recipient", "partner"),
                                  ("partner", "recipient")]))
def test_projections_match_networkx(frame, sides):
    side, via = sides
    p = Pairings(frame, on_invalid="keep")
    for weight, jaccard in (("shared", False), ("jaccard", True)):
        edges = p.projection(side, via=via, weight=weight)
        got = {frozenset((a, b)): w for a, b, w in edges.itertuples(index=False)}
        assert len(got) == len(edges)  # each pair once
        expected = networkx_projection(frame, side, via, jaccard)
        assert got.keys() == expected.keys()
        for pair, w in expected.items():
            assert got[pair] == pytest.approx(w, rel=1e-12)
        assert list(edges["weight"]) == sorted(edges["weight"], reverse=True)
        m = p.projection(side, via=via, weight=weight, as_="matrix")
        assert list(m.index) == list(dict.fromkeys(frame[side]))
        for pair, w in expected.items():
            a, b = tuple(pair)
            assert m.loc[a, b] == m.loc[b, a] == pytest.approx(w, rel=1e-12)
        assert np.count_nonzero(m.to_numpy()) == 2 * len(expected)


@settings(max_examples=150, deadline=None)
@given(tables(), st.booleans(), st.sampled_from([("recipient", "partner"), ("region", "partner"),
                                                 ("partner", "recipient")]))
def test_nodf_matches_numpy(frame, order, axes):
    rows, columns = axes
    n = Pairings(frame, on_invalid="keep").nodf(order=order, rows=rows, columns=columns)
    m = ordered_matrix(frame, rows, columns)
    assert_same((n.nodf, n.nodf_rows, n.nodf_columns), nodf_reference(m, order))
    assert (n.n_rows, n.n_columns, n.ones) == (m.shape[0], m.shape[1], m.sum())
    assert n.fill == pytest.approx(m.mean())


@pytest.mark.parametrize("module", [duikou.structure, duikou.versions])
def test_docstring_examples_run(module):
    import doctest

    result = doctest.testmod(module, extraglobs={"duikou": duikou}, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0

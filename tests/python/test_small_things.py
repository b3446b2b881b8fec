"""Small things users trip on (issue 19, point 6), each with a test that fails without its fix."""

import io
import warnings

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

import duikou
from duikou import Pairings
from duikou.gazetteer import resolve_names


# -- null-model results: draws as extreme, the smallest p, the wrong tail -------------------------
@pytest.mark.parametrize("alternative, word", [("greater", "high"), ("less", "low")])
def test_result_says_draws_as_extreme_and_smallest_p(plan, alternative, word):
    r = plan.test("max_frequency", "fixed_recipients", n=199, seed=5, exact=False, alternative=alternative)
    # independent count of the draws at least as extreme (the statistic is an integer: no ties to tolerate)
    expected = int((r.null >= r.observed).sum() if alternative == "greater" else (r.null <= r.observed).sum())
    assert r.extreme == expected
    assert r.p_value == pytest.approx((1 + expected) / 200)
    assert r.min_p_value == pytest.approx(1 / 200)
    assert f"{expected} of 199 draws as {word}; p = 0.005 is the smallest possible" in str(r)


def test_two_sided_counts_both_tails(plan):
    r = plan.test("max_frequency", "fixed_recipients", n=99, seed=5, exact=False, alternative="two-sided")
    high, low = int((r.null >= r.observed).sum()), int((r.null <= r.observed).sum())
    assert f"{high} of 99 draws as high, {low} as low; p = 0.02 is the smallest possible" in str(r)
    assert r.min_p_value == pytest.approx(2 / 100)


def test_none_as_extreme_reads_as_the_issue_asks(plan):
    # mean_distance: the 2022 plan's pairs are much shorter than random ones
    r = plan.test("mean_distance", n=99, seed=1, alternative="less")
    assert r.extreme == 0 and "0 of 99 draws as low; p = 0.01 is the smallest possible" in str(r)


def test_wrong_tail_is_noted(plan):
    greater = plan.test("mean_distance", n=49, seed=1)  # default alternative "greater"
    assert greater.observed < greater.mean
    assert "below the null mean" in greater.note and "alternative='less'" in greater.note
    less = plan.test("mean_distance", n=49, seed=1, alternative="less")
    assert "null mean" not in less.note


def test_exact_results_give_the_smallest_exact_p(plan, exact_budget):
    r = plan.test("reach", n=9, seed=1, exact_budget=exact_budget)
    assert r.exact, r.note
    d = r.distribution
    assert r.min_p_value == pytest.approx(d.loc[d["value"] == d["value"].max(), "probability"].sum())
    assert "draws as" not in str(r)  # an exact p-value does not come from the draws


# -- reprs: floats, omitted rows, plurals ----------------------------------------------------------
def test_repr_floats_are_formatted_and_omitted_rows_counted(plan):
    table = Pairings(pd.DataFrame({"recipient": ["甲市", "乙市"], "partner": ["丙市", "丁市"],
                                   "weight": [0.1 + 0.2, 1e-7], "start": [2022.0, np.nan]}))
    text = repr(table)
    assert "0.30000000000000004" not in text and " 0.3 " in text + " " and "1e-07" in text
    assert "2022.0" not in text and "2022" in text
    assert "... and 10 more" in repr(plan)


def test_plurals():
    one = Pairings.from_records([{"recipient": "甲市", "partner": "乙市", "region": "r"}])
    assert "1 pair, 1 recipient, 1 partner, 1 region" in repr(one)
    with pytest.raises(duikou.InputError, match="1 invalid row \\("):
        Pairings.from_records([{"recipient": "甲市", "partner": "甲市"}])


# -- rows in messages are 1-based, or file lines ---------------------------------------------------
def test_rows_in_messages_are_one_based(tmp_path):
    frame = pd.DataFrame({"recipient": ["甲市", "乙市", "甲市"], "partner": ["丙市", "丁市", "丙市"]})
    with pytest.raises(duikou.InputError, match="row 3: repeats row 1 "):
        Pairings(frame)
    path = tmp_path / "t.csv"
    path.write_text("recipient,partner\n甲市,丙市\n乙市,丁市\n甲市,丙市\n", encoding="utf-8")
    with pytest.raises(duikou.InputError, match="line 4: repeats line 2 "):
        Pairings.read_csv(path)


# -- version -----------------------------------------------------------------------------------------
def test_version_is_a_string():
    assert isinstance(duikou.__version__, str) and duikou.__version__
    assert duikou.version == duikou.__version__ and not callable(duikou.version)


# -- distances warn about the names they could not place ---------------------------------------------
def test_distances_warn_and_list_unplaced_names():
    table = Pairings.from_records([{"recipient": "赣州市", "partner": "深圳市"},
                                   {"recipient": "某某县", "partner": "无此市"}])
    with pytest.warns(duikou.UnplacedWarning, match="2 names could not be placed.*某某县 \\(recipient\\), "
                                                    "无此市 \\(partner\\)"):
        d = table.distances()
    assert d["distance_km"].isna().tolist() == [False, True]
    assert issubclass(duikou.UnplacedWarning, UserWarning)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        duikou.datasets.load().distances()  # every name placed: no warning


# -- the docs' claims, made true -------------------------------------------------------------------
def test_county_level_city_is_not_covered_at_prefecture_level():
    r = resolve_names(["瑞金市", "赣州市", "火星市"], level="city")
    assert r["status"].tolist() == ["not_covered", "exact", "unresolved"]
    assert "county-level" in r["note"][0] and "赣州市" in r["note"][0]
    assert resolve_names(["瑞金市"])["status"].item() == "exact"  # at any level it is a county


def test_heatmap_by_partner_province_straight_from_the_plan(plan):
    ax = plan.plot.coverage("region", "partner_province", ax=Figure(layout="constrained").add_subplot())
    matrix = plan.resolve().coverage_matrix("region", "partner_province")
    assert [t.get_text() for t in ax.get_xticklabels()] == list(matrix.columns)
    shown = {(int(round(t.get_position()[1])), int(round(t.get_position()[0]))): int(t.get_text())
             for t in ax.texts}
    expected = {(i, j): int(v) for (i, j), v in np.ndenumerate(matrix.to_numpy()) if v}
    assert shown == expected and matrix.loc["赣闽粤原中央苏区", "广东省"] == 4


def test_csv_round_trip_keeps_numbers(plan, tmp_path):
    frame = plan.to_frame().assign(budget=[0.5 + i for i in range(20)], flag=[i % 2 == 0 for i in range(20)],
                                   code=["0" + str(i) for i in range(20)])
    table = Pairings(frame)
    path = tmp_path / "plan.csv"
    table.to_csv(path)
    back = Pairings.read_csv(path)
    pd.testing.assert_frame_equal(back.to_frame(), table.to_frame(), check_dtype=True)
    assert back.to_frame()["start"].dtype.kind == "i" and back.to_frame()["budget"].dtype.kind == "f"
    text = Pairings.read_csv(path, numbers=False).to_frame()
    assert text["start"].iloc[0] == "2022"
    # numbers with leading zeros are identifiers: kept as text
    mixed = Pairings.read_csv(io.StringIO("recipient,partner,n\n甲市,乙市,007\n丙市,丁市,12\n")).to_frame()
    assert mixed["n"].tolist() == ["007", "12"]


def test_chart_labels_are_inside_the_figure(plan):
    # The guide's figure: a constrained layout with a heatmap; one savefig must not cut its outer labels.
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = Figure(figsize=(12, 5), layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(1, 2)
    plan.plot.partner_frequency(ax=axes[0])
    ax = plan.plot.coverage("region", "partner", labels="en", ax=axes[1])
    fig.savefig(io.BytesIO(), format="png", dpi=100)
    renderer = fig.canvas.get_renderer()
    box = fig.bbox
    for text in (ax.xaxis.label, ax.yaxis.label, *ax.get_xticklabels(), *ax.get_yticklabels()):
        extent = text.get_window_extent(renderer)
        assert box.x0 <= extent.x0 and extent.x1 <= box.x1 and box.y0 <= extent.y0 and extent.y1 <= box.y1, \
            text.get_text()
    alone = plan.plot.coverage("region", "partner_province")
    alone.figure.savefig(io.BytesIO(), format="png", dpi=100)
    label = alone.yaxis.label.get_window_extent(alone.figure.canvas.get_renderer())
    assert label.x0 >= 0
    import matplotlib.pyplot as plt

    plt.close(alone.figure)

"""Charts: each is drawn on Agg and its content checked against the statistics and plain pandas."""

import io
import itertools
import math

import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

import duikou
from duikou import _fonts, plot
from duikou.gazetteer import resolve_names

import reference


@pytest.fixture(autouse=True)
def close_pyplot_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def new_ax(size=(8, 6)):
    return Figure(figsize=size, layout="constrained").add_subplot()


def render(ax):
    """Draw to PNG: any missing-glyph warning fails the test (filterwarnings = error)."""
    ax.figure.savefig(io.BytesIO(), format="png")


def tick_texts(labels):
    return [t.get_text() for t in labels]


def line_segments(ax):
    collections = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert len(collections) == 1
    return np.asarray(collections[0].get_segments())


def random_table(seed, n_pairs=60, n_recipients=30, n_partners=18, n_regions=6):
    rng = np.random.default_rng(seed)
    pairs = set()
    while len(pairs) < n_pairs:
        pairs.add((int(rng.integers(n_recipients)), int(rng.integers(n_partners))))
    region_of = rng.integers(n_regions, size=n_recipients)
    records = [{"recipient": f"受援{r}", "partner": f"支援{p}", "region": f"区域{region_of[r]}"}
               for r, p in sorted(pairs, key=lambda _: rng.random())]
    return duikou.Pairings.from_records(records)


# -- partner frequency ----------------------------------------------------------------------
def test_partner_frequency_bars_equal_the_frequencies(plan):
    ax = plan.plot.partner_frequency(ax=new_ax())
    render(ax)
    expected = reference.frequency(plan.to_frame(), "partner", "recipient", None)
    bars = ax.patches
    assert [b.get_width() for b in bars] == expected["pairs"].tolist()
    assert tick_texts(ax.get_yticklabels()) == expected["partner"].tolist()
    assert [b.get_y() + b.get_height() / 2 for b in bars] == list(range(len(expected)))
    # largest on top: the y axis runs downwards
    assert ax.get_ylim()[0] > ax.get_ylim()[1]
    assert expected["partner"][0] == "深圳市" and bars[0].get_width() == 3
    # repeat partners (more than one pair) in the accent colour, the rest muted
    accent, muted = matplotlib.colors.to_rgba(plot.ACCENT), matplotlib.colors.to_rgba(plot.MUTED)
    assert [b.get_facecolor() for b in bars] == [accent if f > 1 else muted for f in expected["pairs"]]
    assert sum(b.get_facecolor() == accent for b in bars) == 4  # 深圳, 广州, 上海, 宁波
    # counts written at the bar ends
    assert [t.get_text() for t in ax.texts] == [str(f) for f in expected["pairs"]]


def test_partner_frequency_top_and_english(plan):
    ax = plan.plot.partner_frequency(top=4, labels="en", ax=new_ax())
    render(ax)
    assert [b.get_width() for b in ax.patches] == [3, 2, 2, 2]
    assert tick_texts(ax.get_yticklabels()) == ["Shenzhen", "Guangzhou", "Shanghai", "Ningbo"]
    assert ax.get_xlabel() == "pairs"


def test_partner_frequency_on_pyplot_figure_by_default(plan):
    import matplotlib.pyplot as plt

    ax = plan.plot.partner_frequency()
    assert ax.figure is plt.gcf()


def test_labels_must_be_zh_or_en(plan):
    for draw in (plan.plot.partner_frequency, plan.plot.coverage, plan.plot.bipartite, plan.plot.flow_map):
        with pytest.raises(ValueError, match="labels must be one of"):
            draw(labels="fr", ax=new_ax())


def test_display_names_fall_back_to_the_name_as_written():
    names = ["深圳市", "恩施州", "赣闽粤原中央苏区", "吉林", None]
    assert plot.display_names(names, "zh") == ["深圳市", "恩施州", "赣闽粤原中央苏区", "吉林", "—"]
    english = resolve_names(["深圳市", "恩施州"])["name_en"].tolist()
    assert plot.display_names(names, "en") == english + ["赣闽粤原中央苏区", "吉林", "—"]


# -- coverage heatmap -----------------------------------------------------------------------
def test_coverage_cells_equal_the_matrix(plan):
    ax = plan.plot.coverage(ax=new_ax())
    render(ax)
    matrix = plan.coverage_matrix("region", "partner")
    frame = plan.to_frame()
    crosstab = pd.crosstab(frame["region"], frame["partner"]).reindex(
        index=reference.first_appearance_order(frame["region"]),
        columns=reference.first_appearance_order(frame["partner"]))
    np.testing.assert_array_equal(matrix.to_numpy(), crosstab.to_numpy())
    image = ax.images[0].get_array()
    np.testing.assert_array_equal(np.asarray(image), crosstab.to_numpy())
    assert tick_texts(ax.get_yticklabels()) == list(crosstab.index)
    assert tick_texts(ax.get_xticklabels()) == list(crosstab.columns)
    # one annotation per non-zero cell, at the cell, with its count; zero cells blank
    notes = {(round(t.get_position()[1]), round(t.get_position()[0])): t.get_text() for t in ax.texts}
    rows, cols = np.nonzero(crosstab.to_numpy())
    assert notes == {(i, j): str(crosstab.iat[i, j]) for i, j in zip(rows, cols)}
    assert len(ax.texts) == 20 - 1  # 20 pairs, one cell (赣闽粤原中央苏区, 广州市) holds 2
    assert notes[(0, list(crosstab.columns).index("广州市"))] == "2"
    # zero cells below vmin: drawn in the "under" colour, white
    assert ax.images[0].norm.vmin > 0
    assert matplotlib.colors.to_hex(ax.images[0].cmap.get_under()) == "#ffffff"


def test_coverage_other_groupings(plan):
    ax = plan.plot.coverage("partner", "region", ax=new_ax())
    render(ax)
    np.testing.assert_array_equal(np.asarray(ax.images[0].get_array()),
                                  plan.coverage_matrix("partner", "region").to_numpy())
    assert ax.get_ylabel() == "支援方" and ax.get_xlabel() == "区域"


def test_coverage_by_partner_province(plan):
    frame = with_coordinates(plan)
    if "partner_province" not in frame.columns:
        frame["partner_province"] = resolve_names(frame["partner"])["province"].to_numpy()
    table = duikou.Pairings(frame)
    ax = table.plot.coverage("region", "partner_province", labels="en", ax=new_ax())
    render(ax)
    crosstab = pd.crosstab(frame["region"], frame["partner_province"]).reindex(
        index=reference.first_appearance_order(frame["region"]),
        columns=reference.first_appearance_order(frame["partner_province"]))
    image = np.asarray(ax.images[0].get_array())
    np.testing.assert_array_equal(image, crosstab.to_numpy())
    columns = list(crosstab.columns)
    assert image[:, columns.index("广东省")].sum() == 8  # hand count of the 2022 plan: 广东 8 of 20 pairs
    assert tick_texts(ax.get_xticklabels())[columns.index("广东省")] == "Guangdong"
    assert ax.get_xlabel() == "partner's province"


# -- crossings and the barycentric order ---------------------------------------------------
def brute_force_crossings(left, right):
    return sum(1 for (a, b), (c, d) in itertools.combinations(zip(left, right), 2) if (a - c) * (b - d) < 0)


def test_count_crossings_matches_brute_force():
    rng = np.random.default_rng(7)
    for _ in range(20):
        n = int(rng.integers(0, 40))
        left, right = rng.integers(0, 8, size=n), rng.integers(0, 8, size=n)
        assert plot.count_crossings(left, right) == brute_force_crossings(left, right)
    assert plot.count_crossings([0, 1], [1, 0]) == 1
    assert plot.count_crossings([0, 0, 1], [0, 1, 1]) == 0  # shared endpoints do not cross


def test_barycentric_untangles_a_shuffled_matching():
    rng = np.random.default_rng(3)
    right = rng.permutation(12)
    left = np.arange(12)
    assert plot.count_crossings(left, right) > 0
    left_pos, right_pos = plot.barycentric_order(left, right, 12, 12)
    assert plot.count_crossings(left_pos[left], right_pos[right]) == 0
    assert sorted(left_pos) == list(range(12)) and sorted(right_pos) == list(range(12))


def _crossings_of(pairings):
    frame = pairings.to_frame()
    left, _ = pd.factorize(frame["recipient"])
    right, _ = pd.factorize(frame["partner"])
    groups, _ = pd.factorize(frame["region"])
    left_groups = np.zeros(left.max() + 1, dtype=int)
    left_groups[left[::-1]] = groups[::-1]  # group of each recipient's first row
    # input order: regions in first appearance, recipients within
    first = {g: k for k, g in reversed(list(enumerate(left_groups)))}
    order = sorted(range(len(left_groups)), key=lambda i: (first[left_groups[i]], i))
    input_pos = np.empty(len(order), dtype=int)
    input_pos[order] = np.arange(len(order))
    before = brute_force_crossings(input_pos[left], right)
    left_pos, right_pos = plot.barycentric_order(left, right, left.max() + 1, right.max() + 1,
                                                 left_groups=left_groups)
    after = brute_force_crossings(left_pos[left], right_pos[right])
    # regions stay contiguous
    by_position = left_groups[np.argsort(left_pos)]
    assert len(list(itertools.groupby(by_position))) == len(set(left_groups))
    return before, after


def test_barycentric_order_reduces_crossings_on_2022(plan):
    before, after = _crossings_of(plan)
    assert before == 34  # the table's own order (regions in first appearance)
    assert after < before
    layout = plot.bipartite_layout(plan)
    assert (layout.input_crossings, layout.crossings) == (before, after)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_barycentric_order_reduces_crossings_on_random_tables(seed):
    before, after = _crossings_of(random_table(seed))
    assert after < before


def test_barycentric_order_is_deterministic():
    table = random_table(5)
    first = plot.bipartite_layout(table)
    second = plot.bipartite_layout(table)
    assert first.recipients == second.recipients and first.partners == second.partners


# -- bipartite chart ------------------------------------------------------------------------
def _label_y(ax, x, names):
    """y of the text naming each of ``names`` at x (0: recipients, 1: partners)."""
    return {t.get_text(): t.get_position()[1] for t in ax.texts if t.get_position()[0] == x and t.get_text() in names}


def test_bipartite_draws_every_pair_between_its_names(plan):
    ax = plan.plot.bipartite(ax=new_ax((8, 8)))
    render(ax)
    segments = line_segments(ax)
    frame = plan.to_frame()
    assert len(segments) == len(frame) == 20
    left, right = _label_y(ax, 0, set(frame["recipient"])), _label_y(ax, 1, set(frame["partner"]))
    assert set(left) == set(frame["recipient"]) and set(right) == set(frame["partner"])
    drawn = {(seg[0, 1], seg[1, 1]) for seg in segments}
    assert np.all(segments[:, 0, 0] == 0) and np.all(segments[:, 1, 0] == 1)
    assert drawn == {(left[r], right[p]) for r, p in zip(frame["recipient"], frame["partner"])}
    # recipients of a region sit together, beside one bracket spanning them and the region's name
    assert set(frame["region"]) <= {t.get_text() for t in ax.texts}
    assert len(ax.lines) == frame["region"].nunique()
    for region, members in frame.groupby("region")["recipient"]:
        ys = sorted((left[m] for m in members), reverse=True)
        between = [y for y in left.values() if ys[-1] <= y <= ys[0]]
        assert len(between) == len(ys), region
        (bracket,) = [line for line in ax.lines if line.get_ydata()[0] == ys[0] + 0.35]
        assert bracket.get_ydata()[1] == ys[-1] - 0.35


def test_bipartite_line_colours_follow_regions(plan):
    ax = plan.plot.bipartite(ax=new_ax((8, 8)))
    collection = [c for c in ax.collections if isinstance(c, LineCollection)][0]
    colours = [tuple(c) for c in collection.get_colors()]
    regions = plan.to_frame()["region"]
    assert len(set(zip(regions, colours))) == regions.nunique() == len(set(colours))


def test_bipartite_random_table_every_pair(plan):
    table = random_table(11)
    ax = table.plot.bipartite(labels="en", ax=new_ax((8, 12)))
    render(ax)
    segments = line_segments(ax)
    layout = plot.bipartite_layout(table)
    assert len(segments) == len(table)
    np.testing.assert_array_equal(segments[:, 0, 1], layout.rows["recipient_y"])
    np.testing.assert_array_equal(segments[:, 1, 1], layout.rows["partner_y"])
    y_of = dict(zip(layout.recipients, layout.recipient_y))
    assert [y_of[r] for r in table.to_frame()["recipient"]] == layout.rows["recipient_y"].tolist()


def test_bipartite_without_regions():
    table = duikou.Pairings.from_records([{"recipient": "A", "partner": "X"}, {"recipient": "B", "partner": "X"},
                                          {"recipient": "C", "partner": "Y"}])
    ax = table.plot.bipartite(ax=new_ax())
    render(ax)
    assert len(line_segments(ax)) == 3 and len(ax.lines) == 0


# -- flow map -------------------------------------------------------------------------------
def with_coordinates(pairings):
    """The table with recipient_lon/lat and partner_lon/lat, through Pairings.resolve when it exists."""
    if callable(getattr(pairings, "resolve", None)):
        resolved = pairings.resolve()
        return resolved.to_frame() if hasattr(resolved, "to_frame") else resolved
    frame = pairings.to_frame()
    for side in ("recipient", "partner"):
        found = resolve_names(frame[side])
        frame[f"{side}_lon"] = found["lon"].to_numpy()
        frame[f"{side}_lat"] = found["lat"].to_numpy()
    return frame


def test_flow_map_endpoints_are_the_projected_seats(plan):
    frame = plan.to_frame()
    ax = plan.plot.flow_map(ax=new_ax())
    render(ax)
    seats = {side: resolve_names(frame[side])[["lon", "lat"]].to_numpy() for side in ("recipient", "partner")}
    lat0 = np.mean(np.concatenate([seats["recipient"][:, 1], seats["partner"][:, 1]]))
    k = math.cos(math.radians(lat0))
    segments = line_segments(ax)
    assert len(segments) == 20
    np.testing.assert_allclose(segments[:, 0, 0], seats["recipient"][:, 0] * k)
    np.testing.assert_allclose(segments[:, 0, 1], seats["recipient"][:, 1])
    np.testing.assert_allclose(segments[:, 1, 0], seats["partner"][:, 0] * k)
    np.testing.assert_allclose(segments[:, 1, 1], seats["partner"][:, 1])
    # 赣州 -> 深圳 by hand: (114.94 cos lat0, 25.85) -> (114.09 cos lat0, 22.55)
    np.testing.assert_allclose(segments[0], [[114.940278 * k, 25.850970], [114.085947 * k, 22.547000]], atol=1e-5)
    # one marker per distinct place and side, area growing with pair count (深圳市: 3 pairs)
    recipients, partners = ax.collections[1], ax.collections[2]
    assert len(recipients.get_offsets()) == 20 and len(partners.get_offsets()) == 15
    sizes = dict(zip(frame["partner"].drop_duplicates(), partners.get_sizes()))
    assert sizes["深圳市"] > sizes["广州市"] > sizes["北京市"]
    assert {t.get_text() for t in ax.texts} >= set(frame["recipient"]) | set(frame["partner"])
    assert ax.get_aspect() == 1.0


def test_flow_map_takes_a_table_and_skips_pairs_without_seats(plan):
    frame = with_coordinates(plan)
    frame.loc[3, "partner_lon"] = np.nan
    ax = plan.plot.flow_map(table=frame, labels="en", annotate=False, ax=new_ax())
    render(ax)
    segments = line_segments(ax)
    assert len(segments) == 19
    lat = frame.drop(index=3)[["recipient_lat", "partner_lat"]].to_numpy()
    k = math.cos(math.radians(lat.mean()))
    np.testing.assert_allclose(segments[:, 1, 0], frame.drop(index=3)["partner_lon"] * k)
    assert [t.get_text() for t in ax.texts] == ["1 pair(s) without coordinates not drawn"]


def test_flow_map_needs_coordinates(plan):
    with pytest.raises(ValueError, match="recipient_lat"):
        plan.plot.flow_map(table=plan.to_frame().assign(recipient_lon=1.0), ax=new_ax())


def test_project():
    x, y = plot.project([120.0, 0.0], [30.0, 60.0], 60.0)
    np.testing.assert_allclose(x, [60.0, 0.0])
    np.testing.assert_allclose(y, [30.0, 60.0])


# -- null distribution ------------------------------------------------------------------------
def test_null_distribution_histogram_observed_and_p():
    sample = np.random.default_rng(0).poisson(4, size=500)
    ax = plot.null_distribution(sample, 9, 0.012, statistic="max f", ax=new_ax())
    render(ax)
    counts, _ = np.histogram(sample, bins=np.arange(sample.min() - 0.5, max(sample.max(), 9) + 1.5))
    assert [p.get_height() for p in ax.patches] == counts.tolist()
    assert [p.get_x() + p.get_width() / 2 for p in ax.patches] == list(range(sample.min(), max(sample.max(), 9) + 1))
    (line,) = ax.lines
    assert line.get_xdata()[0] == 9
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("p = 0.012" in t and "9" in t for t in legend) and any("n = 500" in t for t in legend)
    assert ax.get_xlabel() == "max f"


def test_null_distribution_continuous_sample():
    sample = np.random.default_rng(1).normal(size=300)
    ax = plot.null_distribution(sample, 2.5, 0.01, labels="en", ax=new_ax())
    render(ax)
    assert sum(p.get_height() for p in ax.patches) == 300
    assert ax.get_xlabel() == "statistic"
    with pytest.raises(ValueError, match="non-empty"):
        plot.null_distribution([], 1.0, 0.5)


# -- every chart renders Chinese without missing glyphs --------------------------------------
def test_all_charts_use_the_cjk_font(plan):
    axes = [plan.plot.partner_frequency(ax=new_ax()), plan.plot.coverage(ax=new_ax()),
            plan.plot.bipartite(ax=new_ax()), plan.plot.flow_map(ax=new_ax()),
            plot.null_distribution([1, 2, 2, 3], 3, 0.5, statistic="最多结对", ax=new_ax())]
    for ax in axes:
        render(ax)
        families = {t.get_fontfamily()[0] for t in ax.findobj(matplotlib.text.Text) if t.get_text()}
        assert families == {_fonts.cjk_family()}


def test_rows_with_missing_names_or_groups():
    table = duikou.Pairings.from_records(
        [{"recipient": "赣州市", "partner": None, "region": "苏区"},
         {"recipient": "吉安市", "partner": "东莞市", "region": None},
         {"recipient": "赣州市", "partner": "东莞市", "region": "苏区"}], on_invalid="keep")
    ax = table.plot.bipartite(ax=new_ax())
    render(ax)
    segments = line_segments(ax)
    assert len(segments) == 2  # the row without a partner cannot be drawn
    assert "—" in {t.get_text() for t in ax.texts}  # the missing region is a group of its own
    ax = table.plot.flow_map(ax=new_ax())
    render(ax)
    assert len(line_segments(ax)) == 2
    assert "1 对缺少坐标，未绘制" in {t.get_text() for t in ax.texts}


def test_empty_table():
    empty = duikou.Pairings(pd.DataFrame({"recipient": pd.Series([], dtype=object),
                                          "partner": pd.Series([], dtype=object)}))
    for draw in (empty.plot.partner_frequency, empty.plot.bipartite):
        ax = draw(ax=new_ax())
        render(ax)
        assert len(ax.patches) == 0 and not ax.texts

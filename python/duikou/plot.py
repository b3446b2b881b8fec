"""Charts of a pairing table: ``Pairings.plot.<chart>()`` and :func:`null_distribution`.

Every chart imports matplotlib inside the function, draws on ``ax`` (a new
figure when ``ax`` is None), returns the Axes, and takes ``labels="zh"`` (names
as written) or ``labels="en"`` (English names from the gazetteer where a name
resolves, otherwise the name as written). Chinese text is set in a CJK font
found by :mod:`duikou._fonts`, on duikou's own figures only; global
``matplotlib.rcParams`` are never changed.
"""

from __future__ import annotations

import contextlib
import contextvars
import math
from typing import Sequence

import numpy as np
import pandas as pd

from . import _fonts
from ._constants import LABELS, check_labels  # noqa: F401 (plot.LABELS: the display languages)
# The layout (matplotlib-free) lives in duikou.layout; its public functions are part of duikou.plot too.
from .layout import BipartiteLayout, barycentric_order, bipartite_layout, count_crossings  # noqa: F401
from .layout import is_missing, none_for_missing, place_labels, text_width_points

__all__ = [
    "BipartiteLayout",
    "PairingsPlot",
    "barycentric_order",
    "bipartite_layout",
    "count_crossings",
    "display_names",
    "null_distribution",
    "null_traces",
    "project",
]

COORDINATE_COLUMNS = ("recipient_lon", "recipient_lat", "partner_lon", "partner_lat")

# Colours: one accent for what the chart is about, a muted grey for the rest.
ACCENT = "#c8553d"
MUTED = "#a7b1bc"
INK = "#2b2d42"
HEATMAP_CMAP = "YlOrRd"

_WORDS = {
    "zh": {"pairs": "结对数", "repeat": "多次结对", "single": "一次结对", "recipient": "受援方",
           "partner": "支援方", "region": "区域", "province": "省份", "lon": "经度", "lat": "纬度",
           "observed": "观测值", "null": "零模型样本", "frequency": "频数",
           "exact": "精确零分布", "probability": "概率", "draw": "链内抽样序号",
           "not_drawn": "{n} 对缺少坐标，未绘制", "statistic": "统计量",
           "recipient_province": "受援方所在省份", "partner_province": "支援方所在省份"},
    "en": {"pairs": "pairs", "repeat": "repeat partner (> 1 pair)", "single": "one pair",
           "recipient": "recipient", "partner": "partner", "region": "region", "province": "province",
           "lon": "longitude", "lat": "latitude", "observed": "observed", "null": "null sample",
           "frequency": "draws", "exact": "exact null distribution", "probability": "probability",
           "draw": "draw within chain", "not_drawn": "{n} pair(s) without coordinates not drawn",
           "statistic": "statistic", "recipient_province": "recipient's province",
           "partner_province": "partner's province"},
}

# While set (by duikou.report), charts drawn without ``ax`` go on a detached
# matplotlib Figure instead of a pyplot figure, so no GUI backend is touched.
_DETACHED = contextvars.ContextVar("duikou_plot_detached", default=False)


@contextlib.contextmanager
def detached_figures():
    """Within this block, charts called without ``ax`` draw on a new ``matplotlib.figure.Figure``
    that pyplot does not track (for writing files from scripts and servers)."""
    token = _DETACHED.set(True)
    try:
        yield
    finally:
        _DETACHED.reset(token)


def _new_axes(figsize, layout="constrained"):
    if _DETACHED.get():
        from matplotlib.figure import Figure

        return Figure(figsize=figsize, layout=layout).add_subplot()
    import matplotlib.pyplot as plt

    return plt.figure(figsize=figsize, layout=layout).add_subplot()


def _settle_layout(figure) -> None:
    """Run the figure's layout engine once now.

    A constrained layout around an Axes of fixed aspect (a heatmap) needs more
    than one pass to converge; the first draw alone (savefig) would cut the
    outer labels at the figure's edge.
    """
    if figure.get_layout_engine() is not None:
        figure.draw_without_rendering()


def _word(key: str, labels: str) -> str:
    return _WORDS[labels].get(key, key)


def display_names(names: Sequence, labels: str = "zh") -> list[str]:
    """Names as charts show them.

    Parameters
    ----------
    names : sequence
        Place or group names; missing values are shown as "—".
    labels : {"zh", "en"}
        "zh" keeps each name as written. "en" looks each name up with
        :func:`duikou.gazetteer.resolve_names` and uses its ``name_en``; a name
        that does not resolve to exactly one unit (a region name, a county, an
        ambiguous short form) is kept as written.

    Returns
    -------
    list of str
    """
    check_labels(labels)
    names = list(names)
    shown = ["—" if is_missing(n) else str(n) for n in names]
    if labels == "en" and names:
        from .gazetteer import resolve_names

        english = resolve_names([None if is_missing(n) else str(n) for n in names])["name_en"]
        shown = [e if isinstance(e, str) and e else s for s, e in zip(shown, english)]
    return shown


def _axis_word(column: str, labels: str) -> str:
    return _WORDS[labels].get(column, column)


def _group_colors(n: int) -> list:
    """n distinct colours: tab20's ten strong shades first, then its ten light ones, then repeat."""
    from matplotlib import colormaps

    cmap = colormaps["tab20"]
    shades = [cmap(i) for i in range(0, 20, 2)] + [cmap(i) for i in range(1, 20, 2)]
    return [shades[i % len(shades)] for i in range(n)]


def _hide_spines(ax, *sides) -> None:
    for side in sides:
        ax.spines[side].set_visible(False)


# -- map projection ---------------------------------------------------------------------
def project(lon, lat, lat0: float):
    """Equirectangular projection with standard parallel ``lat0`` (degrees).

    x = lon * cos(lat0), y = lat: distances are true along the standard
    parallel and shapes are right near it, which is enough for one country.

    Returns
    -------
    x, y : numpy.ndarray
    """
    return np.asarray(lon, dtype=float) * math.cos(math.radians(lat0)), np.asarray(lat, dtype=float)


def _degrees(value: float, positive: str, negative: str) -> str:
    return f"{abs(value):.0f}°{positive if value >= 0 else negative}"


# -- null distribution ------------------------------------------------------------------
def null_distribution(sample, observed: float, p_value: float, *, statistic: str | None = None,
                      bins=None, distribution=None, labels: str = "zh", ax=None):
    """Histogram of a null-model sample with the observed value and its p-value.

    With ``distribution`` (an exact null distribution), bars of its
    probabilities instead, one per value the statistic can take.

    Parameters
    ----------
    sample : array_like
        Values of the statistic on the null draws.
    observed : float
        The statistic on the real table, drawn as a vertical line.
    p_value : float
        Shown in the legend as ``p = ...``.
    statistic : str, optional
        Name of the statistic, used as the x-axis label.
    bins : int or sequence, optional
        Histogram bins. Default: one bin per integer when every value is an
        integer and the range spans at most 60 of them, else ``"auto"``.
    distribution : pandas.DataFrame, optional
        Columns ``value`` and ``probability`` (as ``NullModelResult.distribution``);
        ``sample`` may then be empty.
    labels : {"zh", "en"}
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    check_labels(labels)
    sample = np.asarray(sample, dtype=float)
    if distribution is not None:
        return _exact_distribution(distribution, observed, p_value, statistic, labels, ax)
    if sample.ndim != 1 or len(sample) == 0:
        raise ValueError("sample must be a non-empty 1-d array")
    if bins is None:
        low, high = np.floor(min(sample.min(), observed)), np.ceil(max(sample.max(), observed))
        integral = np.all(sample == np.round(sample)) and high - low <= 60
        bins = np.arange(low - 0.5, high + 1.5) if integral else "auto"
    ax = ax if ax is not None else _new_axes((6.4, 3.6))
    ax.hist(sample, bins=bins, color=MUTED, edgecolor="white", linewidth=0.6,
            label=f"{_word('null', labels)} (n = {len(sample)})")
    ax.axvline(observed, color=ACCENT, linewidth=2,
               label=f"{_word('observed', labels)} = {observed:.4g}, p = {p_value:.3g}")
    ax.set_xlabel(statistic or _word("statistic", labels))
    ax.set_ylabel(_word("frequency", labels))
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(0, 1.16), ncol=2, borderaxespad=0)
    _hide_spines(ax, "top", "right")
    _fonts.apply(ax)
    return ax


def null_traces(chains, observed: float, *, statistic: str | None = None, title: str | None = None,
                labels: str = "zh", ax=None):
    """The draws of each chain of a null model in order, one line per chain, and the observed value.

    Chains that overlap and cross often have mixed; chains that keep apart,
    or drift slowly, have not (raise ``thin``).

    Parameters
    ----------
    chains : sequence of array_like
        The statistic on each chain's draws, in draw order.
    observed : float
        Drawn as a horizontal line.
    statistic : str, optional
        y-axis label.
    title : str, optional
    labels : {"zh", "en"}
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    check_labels(labels)
    chains = [np.asarray(c, dtype=float) for c in chains]
    if not chains or not any(len(c) for c in chains):
        raise ValueError("chains must hold at least one draw")
    ax = ax if ax is not None else _new_axes((6.4, 3.6))
    for k, chain in enumerate(chains):
        ax.plot(np.arange(len(chain)), chain, linewidth=0.7, alpha=0.8, label=f"{k + 1}")
    ax.axhline(observed, color=ACCENT, linewidth=1.5, label=f"{_word('observed', labels)} = {observed:.4g}")
    ax.set_xlabel(_word("draw", labels))
    ax.set_ylabel(statistic or _word("statistic", labels))
    if title:
        ax.set_title(title, fontsize="small")
    if len(chains) <= 8:
        ax.legend(frameon=False, fontsize="small", ncol=min(len(chains) + 1, 5))
    _hide_spines(ax, "top", "right")
    _fonts.apply(ax)
    return ax


def _exact_distribution(distribution, observed, p_value, statistic, labels, ax):
    values = np.asarray(distribution["value"], dtype=float)
    probabilities = np.asarray(distribution["probability"], dtype=float)
    gaps = np.diff(values)
    width = 0.8 * gaps.min() if len(gaps) else 1.0
    ax = ax if ax is not None else _new_axes((6.4, 3.6))
    ax.bar(values, probabilities, width=width, color=MUTED, edgecolor="white", linewidth=0.6,
           label=_word("exact", labels))
    ax.axvline(observed, color=ACCENT, linewidth=2,
               label=f"{_word('observed', labels)} = {observed:.4g}, p = {p_value:.3g}")
    ax.set_xlabel(statistic or _word("statistic", labels))
    ax.set_ylabel(_word("probability", labels))
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(0, 1.16), ncol=2, borderaxespad=0)
    _hide_spines(ax, "top", "right")
    _fonts.apply(ax)
    return ax


# -- the accessor -----------------------------------------------------------------------
class PairingsPlot:
    """Charts of one :class:`duikou.Pairings`, reached as ``pairings.plot``.

    Each method draws on ``ax`` (a new figure when None), returns the Axes,
    and takes ``labels="zh" | "en"``.
    """

    def __init__(self, pairings):
        self._pairings = pairings

    def partner_frequency(self, *, top: int | None = None, labels: str = "zh", ax=None):
        """Horizontal bars of pairs per partner, the largest on top; repeat partners highlighted.

        Bar length is f(p), the number of pairs naming partner p
        (:meth:`duikou.Pairings.partner_frequency`); partners with more than
        one pair are drawn in the accent colour, the others in grey.

        Parameters
        ----------
        top : int, optional
            Show only the ``top`` largest partners.
        labels : {"zh", "en"}
        ax : matplotlib.axes.Axes, optional

        Returns
        -------
        matplotlib.axes.Axes
        """
        from matplotlib.patches import Patch
        from matplotlib.ticker import MaxNLocator

        check_labels(labels)
        freq = self._pairings.partner_frequency(by=None)
        if top is not None:
            freq = freq.head(top)
        counts = freq["pairs"].to_numpy()
        ax = ax if ax is not None else _new_axes((6.4, 0.9 + 0.3 * len(freq)))
        y = np.arange(len(freq))
        repeat = counts > 1
        bars = ax.barh(y, counts, height=0.68, color=np.where(repeat, ACCENT, MUTED).tolist())
        ax.set_yticks(y, display_names(freq["partner"], labels))
        ax.set_ylim(max(len(freq), 1) - 0.5, -0.5)  # first (largest) row on top
        ax.bar_label(bars, padding=3, fontsize=8, color=INK)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel(_word("pairs", labels))
        ax.tick_params(axis="y", length=0)
        ax.grid(axis="x", color="#e5e8ec", linewidth=0.8)
        ax.set_axisbelow(True)
        _hide_spines(ax, "top", "right", "left")
        if repeat.any():
            ax.legend(handles=[Patch(color=ACCENT, label=_word("repeat", labels)),
                               Patch(color=MUTED, label=_word("single", labels))],
                      frameon=False, loc="lower right")
        _fonts.apply(ax)
        return ax

    def coverage(self, rows: str = "region", columns: str = "partner", *, labels: str = "zh", ax=None):
        """Heatmap of the coverage matrix, pair counts written in the non-zero cells.

        Cell (g, p) is the number of pairs in row group g and column group p
        (:meth:`duikou.Pairings.coverage_matrix`); zero cells are left blank.

        Parameters
        ----------
        rows, columns : str
            ``"recipient"``, ``"partner"`` or a group column (e.g. ``region``),
            or a column :meth:`duikou.Pairings.resolve` adds
            (``partner_province``, ``recipient_prefecture``, ...): the names
            are then resolved automatically, as for :meth:`flow_map`.
        labels : {"zh", "en"}
        ax : matplotlib.axes.Axes, optional

        Returns
        -------
        matplotlib.axes.Axes
        """
        import copy

        from matplotlib import colormaps

        from .resolve import ADDED_FIELDS, SIDES

        check_labels(labels)
        table = self._pairings

        def added_by_resolve(column):
            side, _, field = column.partition("_")
            return column not in table.columns and side in SIDES and field in ADDED_FIELDS

        if added_by_resolve(rows) or added_by_resolve(columns):
            table = table.resolve()  # region x partner_province straight from the plan, as the guide shows
        matrix = table.coverage_matrix(rows, columns)
        values = matrix.to_numpy()
        n_rows, n_cols = values.shape
        row_names = display_names(matrix.index, labels)
        col_names = display_names(matrix.columns, labels)
        if ax is None:
            label_in = max([text_width_points(s, 9) for s in row_names] + [0]) / 72
            col_in = max([text_width_points(s, 9) for s in col_names] + [0]) / 72
            ax = _new_axes((1.0 + label_in + 0.36 * n_cols, 0.9 + col_in + 0.36 * n_rows))
        vmax = max(int(values.max()) if values.size else 1, 1)
        cmap = copy.copy(colormaps[HEATMAP_CMAP])
        cmap.set_under("white")  # zero cells (below vmin) stay white
        ax.imshow(values, cmap=cmap, vmin=0.5, vmax=vmax + 0.5, aspect="equal", interpolation="nearest")
        for i, j in zip(*np.nonzero(values)):
            dark = values[i, j] > 0.6 * vmax
            ax.text(j, i, str(values[i, j]), ha="center", va="center", fontsize=8,
                    color="white" if dark else INK)
        ax.set_xticks(np.arange(n_cols), col_names, rotation=90)
        ax.set_yticks(np.arange(n_rows), row_names)
        ax.xaxis.tick_top()
        ax.xaxis.set_label_position("top")
        ax.set_xlabel(_axis_word(columns, labels))
        ax.set_ylabel(_axis_word(rows, labels))
        ax.set_xticks(np.arange(-0.5, n_cols), minor=True)
        ax.set_yticks(np.arange(-0.5, n_rows), minor=True)
        ax.grid(which="minor", color="#e5e8ec", linewidth=0.8)
        ax.tick_params(which="both", length=0, labelsize=9)
        for spine in ax.spines.values():
            spine.set_color("#e5e8ec")
        _fonts.apply(ax)
        _settle_layout(ax.figure)
        return ax

    def bipartite(self, *, by: str | None = "region", sweeps: int = 4, labels: str = "zh", ax=None):
        """Recipients (grouped by region) on the left, partners on the right, one line per pair.

        The node order comes from :func:`bipartite_layout` (barycentric
        sweeps that reduce crossings, never increasing them over the input
        order). Lines and recipient markers take the colour of the
        recipient's group; groups are marked by brackets with their names;
        partner markers grow with the partner's pair count. Text margins are
        fitted to the Axes' size when drawn, so resize before calling.

        Parameters
        ----------
        by : str or None
            Group column of the recipients (default ``region`` when present).
        sweeps : int
            Barycentric sweeps.
        labels : {"zh", "en"}
        ax : matplotlib.axes.Axes, optional

        Returns
        -------
        matplotlib.axes.Axes
        """
        from matplotlib.collections import LineCollection
        from matplotlib.transforms import offset_copy

        check_labels(labels)
        layout = bipartite_layout(self._pairings, by, sweeps=sweeps)
        size = 9
        rec_names = display_names(layout.recipients, labels)
        par_names = display_names(layout.partners, labels)
        group_keys = list(dict.fromkeys(layout.groups))
        group_names = display_names(group_keys, labels)
        grouped = len(group_keys) > 1 or (group_keys and group_keys[0] != "")
        name_w = max([text_width_points(s, size) for s in rec_names] + [0])
        group_w = max([text_width_points(s, size) for s in group_names] + [0]) if grouped else 0
        left_margin = name_w + 8 + (group_w + 22 if grouped else 0)
        right_margin = max([text_width_points(s, size) for s in par_names] + [0]) + 10
        height = -min(layout.recipient_y.min(initial=0), layout.partner_y.min(initial=0))
        if ax is None:
            ax = _new_axes(((left_margin + right_margin) / 72 + 3.2, 0.6 + 0.24 * (height + 1.5)), layout=None)
            ax.figure.subplots_adjust(left=0.01, right=0.99, top=0.99, bottom=0.01)
        ax.set_axis_off()
        fig = ax.figure
        axes_w = ax.get_position().width * fig.get_figwidth() * 72
        scale = max(axes_w - left_margin - right_margin, 0.3 * axes_w)  # points per unit of x
        ax.set_xlim(-left_margin / scale, 1 + right_margin / scale)
        ax.set_ylim(-height - 0.8, 0.8)

        colors = dict(zip(group_keys, _group_colors(len(group_keys)) if grouped else [INK] * len(group_keys)))
        rows = layout.rows
        segments = np.stack([np.zeros(len(rows)), rows["recipient_y"], np.ones(len(rows)), rows["partner_y"]],
                            axis=1).reshape(-1, 2, 2)
        ax.add_collection(LineCollection(segments, colors=[colors[g] for g in rows["group"]],
                                         linewidths=1.3, alpha=0.7, zorder=1))
        ax.scatter(np.zeros(len(layout.recipients)), layout.recipient_y, s=22, zorder=2,
                   color=[colors[g] for g in layout.groups], edgecolor="white", linewidth=0.6)
        pair_counts = rows["partner"].value_counts().reindex(layout.partners).to_numpy()
        ax.scatter(np.ones(len(layout.partners)), layout.partner_y, s=14 + 16 * pair_counts, zorder=2,
                   color=INK, edgecolor="white", linewidth=0.6)
        left_text = offset_copy(ax.transData, fig=fig, x=-6, units="points")
        right_text = offset_copy(ax.transData, fig=fig, x=6, units="points")
        for name, y in zip(rec_names, layout.recipient_y):
            ax.text(0, y, name, transform=left_text, ha="right", va="center", fontsize=size, color=INK)
        for name, y in zip(par_names, layout.partner_y):
            ax.text(1, y, name, transform=right_text, ha="left", va="center", fontsize=size, color=INK)
        if grouped:
            bracket = offset_copy(ax.transData, fig=fig, x=-(name_w + 12), units="points")
            label = offset_copy(ax.transData, fig=fig, x=-(name_w + 18), units="points")
            groups = np.asarray(layout.groups, dtype=object)
            for key, shown in zip(group_keys, group_names):
                ys = layout.recipient_y[groups == key]
                top, bottom = ys.max() + 0.35, ys.min() - 0.35
                ax.plot([0.0, 0.0], [top, bottom], transform=bracket, color=colors[key], linewidth=2.2,
                        solid_capstyle="butt")
                ax.text(0, (top + bottom) / 2, shown, transform=label, ha="right", va="center", fontsize=size,
                        color=colors[key], fontweight="bold")
        _fonts.apply(ax)
        return ax

    @staticmethod
    def _annotate_places(ax, frames, labels):
        """Name every marker, partners first, nudging labels apart where places crowd together."""
        fig = ax.figure
        fig.draw_without_rendering()  # settle layout and aspect: the axes' final size gives the scale
        box = ax.get_position()
        (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
        scale = min(box.width * fig.get_figwidth() * 72 / (x1 - x0), box.height * fig.get_figheight() * 72 / (y1 - y0))
        size = 7
        names = [n for frame in frames for n in frame.index]
        shown = display_names(names, labels)
        anchors = (np.concatenate([frame[["x", "y"]].to_numpy() for frame in frames]) - (x0, y0)) * scale
        radii = np.concatenate([np.sqrt(16 + 22 * frame["pairs"].to_numpy()) / 2 for frame in frames])
        markers = [(x - r, y - r, x + r, y + r) for (x, y), r in zip(anchors, radii)]
        widths = [text_width_points(s, size) for s in shown]
        spots = place_labels(anchors, widths, size * 1.2, markers, (0, 0, (x1 - x0) * scale, (y1 - y0) * scale))
        bold = [k < len(frames[0]) for k in range(len(names))]
        for k, (frame_xy, text, (dx, dy, ha, va, ring)) in enumerate(zip(anchors / scale + (x0, y0), shown, spots)):
            ax.annotate(text, tuple(frame_xy), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                        fontsize=size, color=INK if bold[k] else "#4a4e69",
                        fontweight="bold" if bold[k] else "normal", zorder=4,
                        arrowprops=dict(arrowstyle="-", color="#8d99ae", linewidth=0.5, shrinkA=0, shrinkB=2)
                        if ring else None)

    def _coordinates(self, table) -> pd.DataFrame:
        if table is None:
            frame = self._pairings.to_frame()
            if all(c in frame.columns for c in COORDINATE_COLUMNS):
                table = frame
            elif callable(getattr(self._pairings, "resolve", None)):
                table = self._pairings.resolve(canonical=False)  # seats only: the labels stay the table's names
                table = table.to_frame() if hasattr(table, "to_frame") else table
            else:
                raise ValueError("flow_map needs coordinates: pass table= with columns "
                                 f"{', '.join(COORDINATE_COLUMNS)} (see duikou.gazetteer.resolve_names)")
        missing = [c for c in ("recipient", "partner", *COORDINATE_COLUMNS) if c not in table.columns]
        if missing:
            raise ValueError(f"flow_map: table lacks column(s) {', '.join(missing)}")
        return table

    def flow_map(self, *, table: pd.DataFrame | None = None, annotate: bool = True, labels: str = "zh",
                 ax=None):
        """Pairs as lines between the seats of recipient and partner, on longitude/latitude.

        Coordinates are projected with :func:`project` (x = lon cos(lat0),
        y = lat, lat0 = mean latitude of the drawn pairs' endpoints), so
        distances and shapes are near-true across one country. Recipients are
        circles in their group's colour, partners dark squares; marker area
        grows with the place's pair count. Pairs without coordinates are
        not drawn and their number is noted in the corner. No coastline or
        boundary is drawn: Debian ships no offline coastline data that
        matplotlib can read without extra packages.

        Parameters
        ----------
        table : pandas.DataFrame, optional
            Pairs with ``recipient``, ``partner``, ``recipient_lon``,
            ``recipient_lat``, ``partner_lon``, ``partner_lat`` (and
            optionally ``region``). Default: the table itself if it has these
            columns, else ``pairings.resolve()``.
        annotate : bool
            Write place names beside the markers.
        labels : {"zh", "en"}
        ax : matplotlib.axes.Axes, optional

        Returns
        -------
        matplotlib.axes.Axes
        """
        from matplotlib.collections import LineCollection
        from matplotlib.lines import Line2D

        check_labels(labels)
        table = self._coordinates(table)
        coords = table[list(COORDINATE_COLUMNS)].to_numpy(dtype=float)
        drawn = table[np.isfinite(coords).all(axis=1)]
        not_drawn = len(table) - len(drawn)
        coords = coords[np.isfinite(coords).all(axis=1)]
        lat0 = float(np.mean(coords[:, [1, 3]])) if len(coords) else 0.0
        rx, ry = project(coords[:, 0], coords[:, 1], lat0)
        px, py = project(coords[:, 2], coords[:, 3], lat0)
        # fixed limits and aspect, so that label placement knows the scale (points per degree)
        xs, ys = np.concatenate([rx, px]), np.concatenate([ry, py])
        pad = 0.08 * max(np.ptp(xs), np.ptp(ys), 1.0) if len(xs) else 1.0
        (x0, x1), (y0, y1) = ((xs.min() - pad, xs.max() + pad), (ys.min() - pad, ys.max() + pad)) if len(xs) \
            else ((-1, 1), (-1, 1))
        if ax is None:
            ax = _new_axes((min(max(6.0 * (x1 - x0) / (y1 - y0), 3.0), 12.0) + 1.0, 6.4))
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect("equal", adjustable="box")

        groups = none_for_missing(drawn["region"]) if "region" in drawn.columns else np.full(len(drawn), "")
        group_keys = list(dict.fromkeys(groups))
        colors = dict(zip(group_keys, _group_colors(len(group_keys))))
        segments = np.stack([rx, ry, px, py], axis=1).reshape(-1, 2, 2)
        ax.add_collection(LineCollection(segments, colors=[colors[g] for g in groups], linewidths=1.2,
                                         alpha=0.65, zorder=1))

        def places(side, xs, ys):
            frame = pd.DataFrame({"name": drawn[side].to_numpy(), "x": xs, "y": ys, "group": groups})
            counts = frame.groupby("name", sort=False).size()
            first = frame.drop_duplicates("name").set_index("name")
            return first.assign(pairs=counts)

        recipients = places("recipient", rx, ry)
        partners = places("partner", px, py)
        ax.scatter(recipients["x"], recipients["y"], s=16 + 22 * recipients["pairs"], marker="o", zorder=3,
                   color=[colors[g] for g in recipients["group"]], edgecolor="white", linewidth=0.7)
        ax.scatter(partners["x"], partners["y"], s=16 + 22 * partners["pairs"], marker="s", zorder=3,
                   color=INK, edgecolor="white", linewidth=0.7)
        if annotate:
            self._annotate_places(ax, [partners, recipients], labels)
        if not_drawn:
            ax.text(0.01, 0.01, _word("not_drawn", labels).format(n=not_drawn), transform=ax.transAxes,
                    fontsize=8, color="#6c757d", ha="left", va="bottom")
        # ticks at whole degrees of longitude and latitude
        cos0 = math.cos(math.radians(lat0))
        step = next(d for d in (1, 2, 5, 10, 20, 45) if max(y1 - y0, (x1 - x0) / cos0) / d <= 9)
        lon_ticks = np.arange(math.ceil(x0 / cos0 / step) * step, x1 / cos0, step)
        ax.set_xticks(lon_ticks * cos0, [_degrees(v, "E", "W") for v in lon_ticks])
        lat_ticks = np.arange(math.ceil(y0 / step) * step, y1, step)
        ax.set_yticks(lat_ticks, [_degrees(v, "N", "S") for v in lat_ticks])
        ax.grid(color="#e5e8ec", linewidth=0.7)
        ax.set_axisbelow(True)
        ax.tick_params(labelsize=8, length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.legend(handles=[Line2D([], [], marker="o", linestyle="", color=MUTED, label=_word("recipient", labels)),
                           Line2D([], [], marker="s", linestyle="", color=INK, label=_word("partner", labels))],
                  frameon=False, loc="upper left", fontsize=8)
        _fonts.apply(ax)
        return ax


# -- charts across programs (kept in _program_charts.py) --------------------------------------
from ._program_charts import partner_load, partner_provinces, timeline  # noqa: E402

__all__ += ["partner_load", "partner_provinces", "timeline"]

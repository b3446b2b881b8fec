"""Layout of duikou's charts, without matplotlib: crossing reduction and label placement.

The two-column pair chart (:meth:`duikou.Pairings.plot.bipartite`) orders its
nodes with :func:`barycentric_order` to reduce crossings (:func:`count_crossings`)
and places them with :func:`bipartite_layout`; the flow map places names with
:func:`place_labels`. Everything here is numpy and pandas, so it is tested and
used without matplotlib; :mod:`duikou.plot` draws the result.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:  # annotations only: importing pairings at run time would be circular
    from .pairings import Pairings

__all__ = [
    "BipartiteLayout",
    "barycentric_order",
    "bipartite_layout",
    "count_crossings",
    "place_labels",
    "text_width_points",
]


# -- missing names ------------------------------------------------------------------------
def is_missing(value) -> bool:
    """True for None, NaN and pandas.NA: a missing name or group."""
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def none_for_missing(values) -> np.ndarray:
    """Object array with every missing value (NaN, None, NA) as None, so that it works as a dict key."""
    return np.array([None if is_missing(v) else v for v in values], dtype=object)


# -- label placement -----------------------------------------------------------------
def text_width_points(text: str, size: float) -> float:
    """Rough rendered width: wide (CJK) characters take one em, others about 0.6 em."""
    return size * sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.6 for ch in text)


def place_labels(anchors, widths, height, obstacles, bounds):
    """Greedy label placement: for each anchor (in points), the first of a few positions
    around it, widening ring by ring, whose box overlaps no placed label or marker box.

    Returns per label (dx, dy, ha, va, ring); ring > 0 means the label sits away from its
    anchor and deserves a leader line. Parts of a box outside ``bounds`` (left, bottom,
    right, top) count as overlap. Falls back to the least-overlapping position.
    """
    placed = [tuple(b) for b in obstacles]

    def box(x, y, w, dx, dy, ha, va):
        left = x + dx - {"left": 0, "center": w / 2, "right": w}[ha]
        bottom = y + dy - {"bottom": 0, "center": height / 2, "top": height}[va]
        return (left, bottom, left + w, bottom + height)

    def overlap(a, b):
        return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))

    out = []
    for (x, y), w in zip(anchors, widths):
        best = None
        for ring in range(4):
            d = 4 + 9 * ring
            for dx, dy, ha, va in ((d, 0, "left", "center"), (-d, 0, "right", "center"),
                                   (0.7 * d, 0.7 * d, "left", "bottom"), (0.7 * d, -0.7 * d, "left", "top"),
                                   (-0.7 * d, 0.7 * d, "right", "bottom"), (-0.7 * d, -0.7 * d, "right", "top"),
                                   (0, d, "center", "bottom"), (0, -d, "center", "top")):
                candidate = box(x, y, w, dx, dy, ha, va)
                area = (candidate[2] - candidate[0]) * (candidate[3] - candidate[1])
                clash = sum(overlap(candidate, other) for other in placed) + area - overlap(candidate, bounds)
                if best is None or clash < best[0]:
                    best = (clash, candidate, (dx, dy, ha, va, ring))
                if clash == 0:
                    break
            if best[0] == 0:
                break
        placed.append(best[1])
        out.append(best[2])
    return out


# -- crossing reduction -----------------------------------------------------------------
def count_crossings(left_pos, right_pos) -> int:
    """Number of crossing pairs of edges in a two-layer drawing.

    Edge k joins position ``left_pos[k]`` on the left layer to
    ``right_pos[k]`` on the right layer. Edges i and j cross iff
    ``(left_pos[i] - left_pos[j]) * (right_pos[i] - right_pos[j]) < 0``;
    edges that share an endpoint never cross.

    Parameters
    ----------
    left_pos, right_pos : array_like
        Positions (any numbers) of each edge's two ends, same length.

    Returns
    -------
    int
    """
    left = np.asarray(left_pos, dtype=float)
    right = np.asarray(right_pos, dtype=float)
    if left.shape != right.shape or left.ndim != 1:
        raise ValueError("left_pos and right_pos must be 1-d arrays of the same length")
    total = 0
    block = 1024  # bounds memory to block * len(edges) comparisons at a time
    for start in range(0, len(left), block):
        dl = left[start:start + block, None] - left[None, :]
        dr = right[start:start + block, None] - right[None, :]
        total += int(np.count_nonzero(dl * dr < 0))
    return total // 2


def _ranks(order: np.ndarray) -> np.ndarray:
    pos = np.empty(len(order), dtype=np.int64)
    pos[order] = np.arange(len(order))
    return pos


def _input_left_positions(groups: np.ndarray) -> np.ndarray:
    """Input order of the left layer: groups by their smallest member id, ids within a group."""
    n_left = len(groups)
    first_member = np.full(int(groups.max()) + 1 if n_left else 0, np.iinfo(np.int64).max)
    np.minimum.at(first_member, groups, np.arange(n_left))
    return _ranks(np.lexsort((np.arange(n_left), first_member[groups])))


def _barycentres(nodes, other_pos, current, n):
    """Mean position of each node's neighbours (a node without edges keeps its current position)."""
    sums = np.bincount(nodes, weights=other_pos, minlength=n)
    degree = np.bincount(nodes, minlength=n)
    return np.where(degree > 0, sums / np.maximum(degree, 1), current.astype(float))


def barycentric_order(left, right, n_left: int, n_right: int, *, left_groups=None, sweeps: int = 4):
    """Order the two layers of a bipartite drawing to reduce edge crossings.

    Barycentric heuristic (Sugiyama, Tagawa and Toda 1981): with one layer
    fixed, each node of the other is placed at the mean position of its
    neighbours (ties keep the current order); the sweep alternates sides.
    Left nodes stay contiguous by group: groups are ordered by the mean
    position of all their edges' right ends, nodes within a group by their
    own barycentre. The order with the fewest crossings seen (starting from
    the input order, which is kept unless strictly beaten) is returned, so
    the result never has more crossings than the input and depends only on
    the input.

    Parameters
    ----------
    left, right : array_like of int
        Per edge, the left node id (0 .. n_left - 1) and the right node id.
    n_left, n_right : int
        Number of nodes per layer. The input order is the id order (for the
        left layer: groups in order of their smallest member id, ids within).
    left_groups : array_like of int, optional
        Group id per left node; nodes of a group are kept together.
    sweeps : int
        Number of right-then-left sweeps.

    Returns
    -------
    left_pos, right_pos : numpy.ndarray
        Position (0 = top) of each node id on its layer.

    References
    ----------
    K. Sugiyama, S. Tagawa and M. Toda (1981), Methods for visual understanding
    of hierarchical system structures, IEEE Trans. SMC 11(2), 109-125.
    """
    left = np.asarray(left, dtype=np.int64)
    right = np.asarray(right, dtype=np.int64)
    groups = np.zeros(n_left, dtype=np.int64) if left_groups is None else np.asarray(left_groups, dtype=np.int64)
    if len(groups) != n_left:
        raise ValueError(f"left_groups has {len(groups)} entries for {n_left} left nodes")
    n_groups = int(groups.max()) + 1 if n_left else 0
    left_pos = _input_left_positions(groups)
    right_pos = np.arange(n_right, dtype=np.int64)
    best = (count_crossings(left_pos[left], right_pos[right]), left_pos, right_pos)
    for _ in range(sweeps):
        bary = _barycentres(right, left_pos[left].astype(float), right_pos, n_right)
        right_pos = _ranks(np.lexsort((right_pos, bary)))
        crossings = count_crossings(left_pos[left], right_pos[right])
        if crossings < best[0]:
            best = (crossings, left_pos, right_pos)
        edge_right = right_pos[right].astype(float)
        bary = _barycentres(left, edge_right, left_pos, n_left)
        group_bary = _barycentres(groups[left], edge_right, np.zeros(n_groups), n_groups)
        group_now = np.full(n_groups, np.iinfo(np.int64).max)
        np.minimum.at(group_now, groups, left_pos)
        left_pos = _ranks(np.lexsort((left_pos, bary, group_now[groups], group_bary[groups])))
        crossings = count_crossings(left_pos[left], right_pos[right])
        if crossings < best[0]:
            best = (crossings, left_pos, right_pos)
    return best[1], best[2]


@dataclass(frozen=True)
class BipartiteLayout:
    """Where :meth:`PairingsPlot.bipartite` puts each node (y decreases downwards).

    Attributes
    ----------
    recipients, partners : list
        Names, top to bottom.
    recipient_y, partner_y : numpy.ndarray
        y of each name in that order (recipients at x = 0, partners at x = 1).
    groups : list
        Group (e.g. region) of each recipient, in the same order.
    rows : pandas.DataFrame
        One row per drawn pair, in table order: ``recipient``, ``partner``,
        ``group``, ``recipient_y``, ``partner_y``.
    crossings : int
        Crossing pairs of lines in this layout.
    input_crossings : int
        Crossings with the input (first-appearance) order.
    """

    recipients: list
    partners: list
    recipient_y: np.ndarray
    partner_y: np.ndarray
    groups: list
    rows: pd.DataFrame
    crossings: int
    input_crossings: int


GROUP_GAP = 0.6  # extra vertical space between recipient groups, in rows


def bipartite_layout(pairings: Pairings, by: str | None = "region", *, sweeps: int = 4) -> BipartiteLayout:
    """Node order and positions for the two-column pair chart.

    Recipients are grouped by ``by`` (groups in first-appearance order
    before reordering), partners form the right column; both are reordered
    with :func:`barycentric_order`. Rows with a missing recipient or partner
    name are left out.

    Parameters
    ----------
    pairings : duikou.Pairings
    by : str or None
        Group column for recipients (default ``region`` when the table has
        it); None for no groups.
    sweeps : int
        Barycentric sweeps.

    Returns
    -------
    BipartiteLayout
    """
    frame = pairings.to_frame()
    if by is not None and by not in frame.columns:
        if by == "region":
            by = None
        else:
            raise KeyError(f"no column {by!r} in this table; columns: {', '.join(map(str, frame.columns))}")
    frame = frame[frame["recipient"].notna() & frame["partner"].notna()]
    group_values = frame[by] if by is not None else pd.Series("", index=frame.index)
    # factorize numpy arrays (not Series): uniques stay object arrays, missing groups become a group
    left, recipients = pd.factorize(frame["recipient"].to_numpy(dtype=object))
    right, partners = pd.factorize(frame["partner"].to_numpy(dtype=object))
    groups_of_rows, group_names = pd.factorize(group_values.to_numpy(dtype=object), use_na_sentinel=False)
    group_names = none_for_missing(group_names)  # one hashable key for "no group"
    # a recipient's group is the group of its first row
    left_groups = np.zeros(len(recipients), dtype=np.int64)
    first_rows = np.unique(left, return_index=True)[1]
    left_groups[left[first_rows]] = groups_of_rows[first_rows]
    input_crossings = count_crossings(_input_left_positions(left_groups)[left], right)
    left_pos, right_pos = barycentric_order(left, right, len(recipients), len(partners),
                                            left_groups=left_groups, sweeps=sweeps)
    # y: recipients one row apart with a gap between groups; partners spread over the same height
    left_order = np.argsort(left_pos)
    ordered_groups = left_groups[left_order]
    breaks = np.concatenate([[0], np.cumsum(ordered_groups[1:] != ordered_groups[:-1])])
    left_y_sorted = -(np.arange(len(recipients)) + GROUP_GAP * breaks)
    height = max(-left_y_sorted.min() if len(recipients) else 0.0, len(partners) - 1.0)
    left_y_sorted = left_y_sorted - (height + left_y_sorted.min()) / 2 if len(recipients) else left_y_sorted
    step = height / (len(partners) - 1) if len(partners) > 1 else 0.0
    right_order = np.argsort(right_pos)
    right_y_sorted = -(np.arange(len(partners)) * step) - (0.0 if len(partners) > 1 else height / 2)
    recipient_y = np.empty(len(recipients))
    recipient_y[left_order] = left_y_sorted
    partner_y = np.empty(len(partners))
    partner_y[right_order] = right_y_sorted
    rows = pd.DataFrame({"recipient": frame["recipient"].to_numpy(), "partner": frame["partner"].to_numpy(),
                         "group": group_names[groups_of_rows], "recipient_y": recipient_y[left],
                         "partner_y": partner_y[right]})
    return BipartiteLayout(
        recipients=list(recipients[left_order]), partners=list(partners[right_order]),
        recipient_y=left_y_sorted, partner_y=right_y_sorted,
        groups=list(group_names[ordered_groups]), rows=rows,
        crossings=count_crossings(left_pos[left], right_pos[right]), input_crossings=input_crossings)

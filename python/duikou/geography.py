"""Rollups by group and the geography of pairs.

Rollups count pairs by a group of either side, or of both sides at once
(region x partner province), and find the pairs whose two groups are equal
(both cities in one province). Geography measures great-circle distances
between the seats of recipient and partner, summarises them, ranks each
actual partner among all candidate partners by distance, and exports the
pairs as GeoJSON.

The counting and the distances run in C++ (``cpp/src/stats/rollup.cpp``,
``cpp/src/geo/distance.cpp``) on name ids; this module attaches names. Seats
come from :func:`duikou.resolve.seats` (the gazetteer, or the table's own
``*_lon``/``*_lat`` columns), so no :meth:`Pairings.resolve` call is needed
before the distance methods. Province columns, on the other hand, are
columns: call :meth:`Pairings.resolve` first to add them.

Every function takes the table as first argument and serves as the
:class:`duikou.Pairings` method of the same name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import json
import os
import warnings

import numpy as np
import pandas as pd

from . import _core
from . import resolve as _resolution
from ._constants import SHOWN_PROBLEMS
from ._errors import input_error, row_place
from .results import plural

if TYPE_CHECKING:  # annotations only: importing pairings at run time would be circular
    from .pairings import Pairings


def _group(pairings: Pairings, column: str) -> str:
    """Intern a group column, pointing to resolve() for the columns it adds."""
    try:
        return pairings._group(column)
    except KeyError:
        side, _, field = column.partition("_")
        if side in _resolution.SIDES and field in _resolution.ADDED_FIELDS:
            raise KeyError(f"no column {column!r} in this table; call resolve() first, which adds it "
                           "(e.g. plan.resolve().same_group_pairs())") from None
        raise


def _missing_ids(pairings: Pairings, column: str) -> list:
    """Ids of the label that stands for missing values (see _columns.with_missing_label)."""
    return np.flatnonzero(pd.isna(pairings._names(column))).tolist()


def _share(counts: np.ndarray) -> np.ndarray:
    total = counts.sum()
    return counts / total if total else counts.astype(float)


# -- rollups ---------------------------------------------------------------------------
def group_frequency(pairings: Pairings, by: str, *, labels: str = "zh") -> pd.DataFrame:
    """Pairs per group of one column: who carries the load, rolled up.

    For each value g of the column ``by`` (``partner_province`` after
    :meth:`resolve`, ``region``, ``program``, ...): f(g) = number of pairs
    whose row has g, share = f(g) / N, the distinct recipients and partners
    among those pairs and their names. Rows without a value form a group
    whose label is NaN. Ordered by f descending, ties by first appearance
    (docs/statistics.md, "Frequency and coverage", applied to a group column).

    Parameters
    ----------
    by : str
        A column of the table.
    labels : {"zh", "en"}
        Names as written, or English (see :func:`duikou.resolve.id_labels`).

    Returns
    -------
    pandas.DataFrame
        ``by``, ``pairs``, ``share``, ``recipients``, ``partners``,
        ``recipient_names``, ``partner_names``.

    Examples
    --------
    >>> plan.resolve().group_frequency("partner_province").head(3)[["partner_province", "pairs"]]
      partner_province  pairs
    0              广东省      8
    1              浙江省      4
    2              江苏省      3
    """
    g = _group(pairings, by)
    f = _core.frequency(pairings._pair_table, g)
    ids = f["ids"]
    n_recipients, recipient_lists = pairings._name_lists(g, "recipient", labels)
    n_partners, partner_lists = pairings._name_lists(g, "partner", labels)
    return pd.DataFrame({
        by: pairings._display_names(g, ids, labels),
        "pairs": f["counts"],
        "share": _share(f["counts"]),
        "recipients": n_recipients[ids],
        "partners": n_partners[ids],
        "recipient_names": [recipient_lists[i] for i in ids],
        "partner_names": [partner_lists[i] for i in ids],
    })


def rollup(pairings: Pairings, recipient_by: str = "recipient_province", partner_by: str = "partner_province", *,
           labels: str = "zh") -> pd.DataFrame:
    """Pairs counted by a group of the recipients and a group of the partners at once.

    One row per combination (a, b) of a value a of ``recipient_by`` and a
    value b of ``partner_by`` that occurs: f(a, b) = pairs with both, share =
    f(a, b) / N, the distinct recipients and partners among them, and
    ``same_group``, true when a and b are the same label (both 广东省). The
    long form of :meth:`coverage_matrix` with the same two columns; ordered
    by f descending, ties by first appearance.

    Parameters
    ----------
    recipient_by, partner_by : str
        Two different columns (default the provinces added by
        :meth:`resolve`; ``region`` x ``partner_province`` works too).
    labels : {"zh", "en"}
        Names as written, or English (see :func:`duikou.resolve.id_labels`).

    Returns
    -------
    pandas.DataFrame
        ``recipient_by``, ``partner_by``, ``pairs``, ``share``,
        ``recipients``, ``partners``, ``same_group``.

    Examples
    --------
    >>> plan.resolve().rollup("region", "partner_province").iloc[0, :3].tolist()
    ['赣闽粤原中央苏区', '广东省', 4]
    """
    if recipient_by == partner_by:
        raise ValueError(f"rollup needs two different columns, got {recipient_by!r} twice; "
                         "use group_frequency for one column")
    a, b = _group(pairings, recipient_by), _group(pairings, partner_by)
    r = _core.rollup(pairings._pair_table, a, b, _missing_ids(pairings, a), _missing_ids(pairings, b))
    return pd.DataFrame({
        recipient_by: pairings._display_names(a, r["row_group"], labels),
        partner_by: pairings._display_names(b, r["column_group"], labels),
        "pairs": r["pairs"],
        "share": _share(r["pairs"]),
        "recipients": r["recipients"],
        "partners": r["partners"],
        "same_group": r["same_label"].astype(bool),
    })


def _same_group_rows(pairings: Pairings, recipient_by: str, partner_by: str) -> np.ndarray:
    a, b = _group(pairings, recipient_by), _group(pairings, partner_by)
    return _core.same_label_rows(pairings._pair_table, a, b, _missing_ids(pairings, a), _missing_ids(pairings, b))


def same_group_pairs(pairings: Pairings, recipient_by: str = "recipient_province",
                     partner_by: str = "partner_province", *,
                     labels: str = "zh") -> pd.DataFrame:
    """The pairs whose recipient group and partner group are the same label.

    With the default columns (added by :meth:`resolve`), the pairs that lie
    inside one province. The labels of the two columns are compared once
    (in C++, through a map between their label sets), then rows compare ids.
    Rows where either group is missing never match.

    Parameters
    ----------
    recipient_by, partner_by : str
        The columns to compare.
    labels : {"zh", "en"}
        With ``"en"``, the recipient, partner and the two group columns are
        given in English (see :func:`duikou.resolve.id_labels`).

    Returns
    -------
    pandas.DataFrame
        Those rows of :meth:`to_frame`, every column, indexed by their row
        number in the table.

    Examples
    --------
    >>> plan.resolve().same_group_pairs()[["recipient", "partner"]].values.tolist()
    [['梅州市', '广州市'], ['汕尾市', '深圳市'], ['临沂市', '济南市'], ['丽水市', '宁波市']]
    """
    rows = _same_group_rows(pairings, recipient_by, partner_by)
    out = pairings._data.iloc[rows].copy()
    if labels != "zh":
        for column in dict.fromkeys(("recipient", "partner", recipient_by, partner_by)):
            out[column] = _resolution.decode(pairings, column, pairings._pair_table.codes(column)[rows], labels)
    return out


def same_group_share(pairings: Pairings, recipient_by: str = "recipient_province",
                     partner_by: str = "partner_province") -> float:
    """Share of pairs whose two groups are the same label (e.g. inside one province).

    share = #{pairs with g_recipient = g_partner} / #{pairs with both groups
    known}; pairs with an unknown group (an unresolved name) are left out of
    both counts. NaN when no pair has both groups.

    Examples
    --------
    >>> plan.resolve().same_group_share()
    0.2
    """
    rows = _same_group_rows(pairings, recipient_by, partner_by)
    known = np.ones(len(pairings), dtype=bool)
    for column in (recipient_by, partner_by):
        present = np.append(~pd.isna(pairings._names(column)), False)  # code -1 picks False
        known &= present[pairings._pair_table.codes(column)]
    return len(rows) / known.sum() if known.any() else float("nan")


# -- geography -------------------------------------------------------------------------
def _seats(pairings: Pairings) -> tuple:
    return (*_resolution.seats(pairings, "recipient"), *_resolution.seats(pairings, "partner"))


def _kilometres(pairings: Pairings) -> np.ndarray:
    return _core.pair_distances(pairings._pair_table, *_seats(pairings))


class UnplacedWarning(UserWarning):
    """Some names have no known seat, so their pairs have no distance (NaN); the message lists them."""


#: How many unplaced names the warning of :func:`distances` lists before "and N more".
_SHOWN_UNPLACED = 10


def _warn_unplaced(pairings: Pairings, seats: tuple) -> None:
    unplaced = []
    for side, lon in zip(_resolution.SIDES, (seats[0], seats[2])):
        codes = pairings._pair_table.codes(side)
        used = np.unique(codes[codes >= 0])
        unplaced += [f"{name} ({side})" for name in pairings._names(side)[used[np.isnan(lon[used])]]]
    if unplaced:
        more = f" and {len(unplaced) - _SHOWN_UNPLACED} more" if len(unplaced) > _SHOWN_UNPLACED else ""
        whose = "its" if len(unplaced) == 1 else "their"
        warnings.warn(f"{plural(len(unplaced), 'name')} could not be placed, so {whose} "
                      f"pairs have no distance: {', '.join(unplaced[:_SHOWN_UNPLACED])}{more}; see "
                      "Pairings.resolve().resolution, or add recipient_lon/lat and partner_lon/lat columns",
                      UnplacedWarning, stacklevel=3)


def distances(pairings: Pairings, *, labels: str = "zh") -> pd.DataFrame:
    """Great-circle distance between the seats of recipient and partner, per pair.

    d = 2 R asin(sqrt(sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2))) with R =
    6371.0088 km, the mean Earth radius (haversine formula; Sinnott 1984,
    Sky & Telescope 68:159). Seats come from the gazetteer (resolved
    automatically) or from the table's ``recipient_lon``/``recipient_lat``,
    ``partner_lon``/``partner_lat`` columns where present; a pair with an
    unknown seat has NaN, and an :class:`UnplacedWarning` lists the names
    that could not be placed.

    Returns
    -------
    pandas.DataFrame
        ``recipient``, ``partner``, ``distance_km``, one row per pair in row
        order.

    Examples
    --------
    >>> plan.distances().loc[4].tolist()  # 梅州 - 广州
    ['梅州市', '广州市', 316.93979...]
    """
    seats = _seats(pairings)
    km = _core.pair_distances(pairings._pair_table, *seats)
    if np.isnan(km).any():
        _warn_unplaced(pairings, seats)
    return pd.DataFrame({
        "recipient": _resolution.decode(pairings, "recipient", pairings._pair_table.codes("recipient"), labels),
        "partner": _resolution.decode(pairings, "partner", pairings._pair_table.codes("partner"), labels),
        "distance_km": km,
    })


_SUMMARY = ("pairs", "count", "mean", "median", "min", "max")


def distance_summary(pairings: Pairings, by: str | None = None, *, labels: str = "zh"):
    """Count, mean, median, min and max of the pair distances, overall or per group.

    Over the distances of :meth:`distances`; ``pairs`` counts all pairs,
    ``count`` those with a known distance, and the statistics use the known
    ones (median of an even count: the mean of the two middle values).

    Parameters
    ----------
    by : str, optional
        None for the whole table, or a column: ``"partner"``, ``"region"``,
        ``"recipient"``, ``"partner_province"``, ...
    labels : {"zh", "en"}
        Names of the groups, as written or English.

    Returns
    -------
    pandas.Series or pandas.DataFrame
        For ``by=None``, a float Series indexed by ``pairs``, ``count``,
        ``mean``, ``median``, ``min``, ``max`` (like ``Series.describe``);
        otherwise one row per group, in order of first appearance, with
        ``by`` and those six columns.

    Examples
    --------
    >>> round(plan.distance_summary()["mean"], 1)
    614.7
    >>> plan.distance_summary("partner").iloc[0].tolist()[:3]
    ['深圳市', 3, 3]
    """
    km = _kilometres(pairings)
    if by is None:
        s = _core.distance_summary(pairings._pair_table, km, None)
        return pd.Series([float(s["pairs"][0]), float(s["known"][0])] +
                         [float(s[k][0]) for k in ("mean", "median", "min", "max")],
                         index=list(_SUMMARY), name="distance_km")
    g = _group(pairings, by)
    s = _core.distance_summary(pairings._pair_table, km, g)
    f = _core.frequency(pairings._pair_table, g)
    ids = f["ids"][np.argsort(f["first_row"], kind="stable")]
    out = pd.DataFrame({by: pairings._display_names(g, ids, labels), "pairs": s["pairs"][ids],
                        "count": s["known"][ids]})
    for k in ("mean", "median", "min", "max"):
        out[k] = s[k][ids]
    return out


def nearest_partner_rank(pairings: Pairings, *, within: str | None = "auto", labels: str = "zh") -> pd.DataFrame:
    """Where each pair's partner ranks, by distance from the recipient, among all partners.

    The candidates of a pair are the distinct partners of the program: of
    the whole table, or of the rows sharing its ``within`` value. With d the
    distances from the recipient's seat, rank = 1 + #{candidates q : d(q) <
    d(actual partner)}, so 1 means the nearest; equidistant partners share
    the better rank (competition ranking). Candidates without a seat are left
    out; a pair with an unknown distance has no rank (NA). ``nearest_partner``
    is the nearest candidate (ties: the partner that appears first). Computed
    in C++ with one haversine per (recipient, candidate).

    Parameters
    ----------
    within : str or None
        A column whose values delimit programs; ``"auto"`` (default) uses
        ``program`` when the table has it (rows without a program form one
        group), None ranks among all partners of the table.
    labels : {"zh", "en"}
        Names as written, or English.

    Returns
    -------
    pandas.DataFrame
        One row per pair, in row order: ``recipient``, ``partner``,
        ``distance_km``, ``rank`` (nullable Int64), ``candidates`` (partners
        ranked), ``nearest_partner``, ``nearest_km``.

    Examples
    --------
    >>> ranks = plan.nearest_partner_rank()
    >>> int((ranks["rank"] > 1).sum())  # recipients not paired with their nearest partner
    17
    """
    if within == "auto":
        within = "program" if "program" in pairings._data.columns else None
    scope = _group(pairings, within) if within is not None else None
    seats = _seats(pairings)
    n = _core.nearest_partner_rank(pairings._pair_table, *seats, scope)
    rank = n["rank"]
    return pd.DataFrame({
        "recipient": _resolution.decode(pairings, "recipient", pairings._pair_table.codes("recipient"), labels),
        "partner": _resolution.decode(pairings, "partner", pairings._pair_table.codes("partner"), labels),
        "distance_km": _core.pair_distances(pairings._pair_table, *seats),
        "rank": pd.arrays.IntegerArray(np.where(rank > 0, rank, 0), rank < 0),
        "candidates": n["candidates"],
        "nearest_partner": _resolution.decode(pairings, "partner", n["nearest"], labels),
        "nearest_km": n["nearest_km"],
    })


def to_geojson(pairings: Pairings, path: str | os.PathLike | None = None, *,
               skip_unresolved: bool = False) -> str | None:
    """Write the pairs as an RFC 7946 GeoJSON FeatureCollection of LineStrings.

    One Feature per pair, in row order: a LineString from the recipient's
    seat to the partner's, positions ``[lon, lat]`` in degrees (WGS 84, as
    RFC 7946 requires), and ``properties`` holding every column of the row
    (missing values as null, numbers as numbers, lists as arrays). QGIS and
    kepler.gl open the file as it is.

    Parameters
    ----------
    path : path-like, optional
        Where to write (UTF-8). When None the text is returned.
    skip_unresolved : bool
        A pair without a known seat on either side raises
        :class:`duikou.InputError` listing such pairs (default); with True
        those pairs are left out of the file (find them with
        ``distances()["distance_km"].isna()``).

    Examples
    --------
    >>> doc = json.loads(plan.to_geojson())
    >>> doc["features"][0]["geometry"]["coordinates"][1]  # 深圳市, [lon, lat]
    [114.085947, 22.547]
    """
    seats = _seats(pairings)
    km = _core.pair_distances(pairings._pair_table, *seats)  # also checks the seats
    unknown = np.isnan(km)
    if unknown.any() and not skip_unresolved:
        rows = np.flatnonzero(unknown)
        frame = pairings._data
        lines = pairings._line_numbers
        listed = ", ".join(f"{row_place(lines, i)} ({frame['recipient'].iloc[i]!r} - {frame['partner'].iloc[i]!r})"
                           for i in rows[:SHOWN_PROBLEMS])
        more = f" and {len(rows) - SHOWN_PROBLEMS} more" if len(rows) > SHOWN_PROBLEMS else ""
        raise input_error(
            f"{plural(len(rows), 'pair')} without a known seat: {listed}{more}; resolve the names "
            "(see Pairings.resolve().resolution), add recipient_lon/lat and partner_lon/lat columns, or pass "
            "skip_unresolved=True", source=pairings.source)
    rows = np.flatnonzero(~unknown)
    ends = []
    for side, (lon, lat) in zip(_resolution.SIDES, (seats[:2], seats[2:])):
        codes = pairings._pair_table.codes(side)[rows]
        ends.append(np.stack([lon[codes], lat[codes]], axis=1))
    lines = np.stack(ends, axis=1).tolist()  # rows x 2 ends x [lon, lat]
    properties = json.loads(pairings._data.iloc[rows].to_json(
        orient="records", force_ascii=False, date_format="iso", double_precision=15))
    collection = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "geometry": {"type": "LineString", "coordinates": line},
                      "properties": props} for line, props in zip(lines, properties)],
    }
    text = json.dumps(collection, ensure_ascii=False)
    if path is None:
        return text
    with open(os.fspath(path), "w", encoding="utf-8") as out:
        out.write(text)
    return None

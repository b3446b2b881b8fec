"""A pairing table handed to other libraries: networkx, geopandas, Excel.

Each library is imported only inside its function (``import duikou`` imports none of
them); a missing one raises ImportError naming the Debian package that provides it.
The functions take the table first and serve as methods of :class:`duikou.Pairings`.
"""

from __future__ import annotations

import copy
import importlib
import os
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ._constants import SHOWN_PROBLEMS, SIDES
from ._errors import input_error
from . import resolve as _resolution
from .results import plural

if TYPE_CHECKING:
    from .pairings import Pairings

#: bipartite attribute of each side's nodes, networkx's convention (0 and 1).
BIPARTITE = {"recipient": 0, "partner": 1}


def _require(module: str, package: str, what: str):
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise ImportError(f"{what} needs {module} (Debian package {package}): {error}") from None


def _side_attributes(pairings: Pairings, side: str) -> pd.DataFrame:
    """One row per name of a side, with its ``{side}_*`` columns (after resolve()) as attributes."""
    frame = pairings._data
    prefix = side + "_"
    columns = [c for c in frame.columns if isinstance(c, str) and c.startswith(prefix)
               and c[len(prefix):] not in ("", *SIDES)]
    rows = frame[[side, *columns]].dropna(subset=[side]).drop_duplicates(subset=[side])
    return rows.rename(columns={c: c[len(prefix):] for c in columns}).set_index(side)


def to_networkx(pairings: Pairings, *, keys: str = "name"):
    """The table as a bipartite :class:`networkx.Graph`: one node per place, one edge per pair.

    Nodes carry ``bipartite`` (0 recipients, 1 partners, networkx's
    convention) and ``side`` (``"recipient"`` or ``"partner"``) and, after
    :meth:`resolve`, that side's resolved fields (``province``, ``code``,
    ``lon``, ``lat``, ...; the ``{side}_`` prefix dropped; missing values
    left out). Edges carry the pair's other columns (``region``,
    ``program``, ...) from its first row and ``pairs``, the number of rows
    naming the pair (more than one only across programs). Rows with a
    missing name are left out. networkx is imported only when called.

    Parameters
    ----------
    keys : {"name", "side"}
        Node keys: the names (default), or ``(side, name)`` tuples, needed
        when a name is both a recipient and a partner (then "name" raises
        ValueError naming them).

    Returns
    -------
    networkx.Graph
    """
    nx = _require("networkx", "python3-networkx", "to_networkx()")
    if keys not in ("name", "side"):
        raise ValueError(f"keys must be 'name' or 'side', got {keys!r}")
    frame = pairings._data.dropna(subset=list(SIDES))
    if keys == "name":
        both = sorted(set(frame["recipient"]) & set(frame["partner"]))
        if both:
            verb = "is" if len(both) == 1 else "are"
            raise ValueError(f"{plural(len(both), 'name')} {verb} both recipient and partner "
                             f"({', '.join(both[:SHOWN_PROBLEMS])}"
                             f"{', ...' if len(both) > SHOWN_PROBLEMS else ''}); pass keys='side' to key nodes by "
                             "(side, name)")

    def key(side, name):
        return name if keys == "name" else (side, name)

    graph = nx.Graph(**copy.deepcopy(pairings.metadata))
    for side in SIDES:
        attributes = _side_attributes(pairings, side)
        for name, values in attributes.to_dict("index").items():
            graph.add_node(key(side, name), bipartite=BIPARTITE[side], side=side,
                           **{k: v for k, v in values.items() if not pd.isna(v)})
    others = [c for c in frame.columns if c not in SIDES and not any(str(c).startswith(s + "_") for s in SIDES)]
    counts = frame.groupby(list(SIDES), sort=False).size()
    for (recipient, partner), values in zip(zip(frame["recipient"], frame["partner"]),
                                            frame[others].to_dict("records")):
        u, v = key("recipient", recipient), key("partner", partner)
        if not graph.has_edge(u, v):
            graph.add_edge(u, v, pairs=int(counts[(recipient, partner)]),
                           **{k: x for k, x in values.items() if not (np.isscalar(x) and pd.isna(x))})
    return graph


def to_geodataframe(pairings: Pairings, kind: str = "lines"):
    """The table as a :class:`geopandas.GeoDataFrame` in WGS 84 (EPSG:4326).

    ``kind="lines"``: one row per pair (every column of the table) with a
    LineString from the recipient's seat to the partner's. ``kind="points"``:
    one row per place, ``name``, ``side`` and its seat as a Point. Seats come
    from the gazetteer (as for :meth:`distances`) or the table's
    ``*_lon``/``*_lat`` columns; a place without a known seat raises
    :class:`duikou.InputError` naming it (see :meth:`resolve` and its
    ``.resolution``). geopandas is imported only when called.
    """
    if kind not in ("lines", "points"):
        raise ValueError(f"kind must be 'lines' or 'points', got {kind!r}")
    gpd = _require("geopandas", "python3-geopandas", "to_geodataframe()")
    table = pairings._pair_table
    seats = {side: _resolution.seats(pairings, side) for side in SIDES}
    unknown = []
    for side in SIDES:
        codes = table.codes(side)
        used = np.unique(codes[codes >= 0])
        lon = seats[side][0]
        unknown += [f"{side} {name}" for name in pairings._names(side)[used[np.isnan(lon[used])]]]
    if unknown:
        raise input_error(f"{plural(len(unknown), 'place')} without a known seat: {', '.join(unknown[:SHOWN_PROBLEMS])}"
                          f"{' and more' if len(unknown) > SHOWN_PROBLEMS else ''}; resolve the names (see "
                          "Pairings.resolve().resolution) or add recipient_lon/lat and partner_lon/lat columns",
                          source=pairings.source)
    if kind == "points":
        frames = []
        for side in SIDES:
            codes = table.codes(side)
            used = np.unique(codes[codes >= 0])
            lon, lat = seats[side]
            frames.append(pd.DataFrame({"name": pairings._names(side)[used], "side": side,
                                        "lon": lon[used], "lat": lat[used]}))
        points = pd.concat(frames, ignore_index=True)
        return gpd.GeoDataFrame(points[["name", "side"]], geometry=gpd.points_from_xy(points["lon"], points["lat"]),
                                crs="EPSG:4326")
    frame = pairings.to_frame()
    if frame[list(SIDES)].isna().any(axis=None):
        raise input_error("rows with a missing name have no line; drop them first (on_invalid='drop')",
                          source=pairings.source)
    ends = [(seats[side][0][table.codes(side)], seats[side][1][table.codes(side)]) for side in SIDES]
    # WKT with every digit (repr): the one constructor that behaves the same in shapely 1.8 and 2
    lines = gpd.GeoSeries.from_wkt([f"LINESTRING ({float(a)!r} {float(b)!r}, {float(c)!r} {float(d)!r})"
                                    for a, b, c, d in zip(*ends[0], *ends[1])], crs="EPSG:4326")
    return gpd.GeoDataFrame(frame, geometry=lines)


def to_excel(pairings: Pairings, path: str | os.PathLike, *, sheet_name: str = "pairs") -> None:
    """Write the table to an .xlsx workbook (through openpyxl, imported only when called).

    The rows go to the sheet ``sheet_name`` (every column, numbers as
    numbers, lists joined with 、); the metadata and source to a sheet
    ``metadata`` of ``key``/``value`` rows. Read it back with
    ``Pairings(pandas.read_excel(path, sheet_name="pairs"))``.
    """
    _require("openpyxl", "python3-openpyxl", "to_excel()")
    frame = pairings.to_frame()
    for column in frame.columns:
        if frame[column].dtype == object and frame[column].map(lambda v: isinstance(v, (list, tuple))).any():
            frame[column] = frame[column].map(lambda v: "、".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
    facts = {"source": pairings.source, **{str(k): v for k, v in pairings.metadata.items()}}
    about = pd.DataFrame({"key": list(facts), "value": [str(v) for v in facts.values()]})
    with pd.ExcelWriter(os.fspath(path), engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name=sheet_name, index=False)
        about.to_excel(writer, sheet_name="metadata", index=False)

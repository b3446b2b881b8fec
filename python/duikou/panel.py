"""A treatment panel from a pairing table, for difference-in-differences designs.

:func:`to_panel` (also :meth:`duikou.Pairings.to_panel`) turns pairs with
``start``/``end`` years into one row per unit (recipient or partner) and year:
whether it was paired that year, since when, by how many and which
counterparts, in which programs. A pair is active in year *y* when
``start <= y`` and (``end`` is missing or ``y <= end``). Work is vectorised
over pairs x years (numpy), never per row in Python.
"""

from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd

UNITS = ("recipient", "partner")
#: Columns of the result for ``unit="recipient"`` (``unit="partner"`` has ``recipients``/``recipient_names``).
PANEL_COLUMNS = ("unit", "year", "paired", "first_year", "partners", "partner_names", "programs")


def _years(years) -> np.ndarray:
    out = np.asarray(list(years) if not isinstance(years, np.ndarray) else years)
    if out.ndim != 1 or not len(out):
        raise ValueError("years must be a non-empty sequence of integers, e.g. range(2000, 2026)")
    if out.dtype.kind not in "iu":
        raise TypeError(f"years must be integers, got dtype {out.dtype}")
    if len(np.unique(out)) != len(out):
        raise ValueError("years must not repeat")
    return np.sort(out).astype(np.int64)


def _year_column(frame: pd.DataFrame, column: str) -> np.ndarray:
    values = pd.to_numeric(frame[column], errors="coerce")
    bad = frame[column].notna() & values.isna()
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise ValueError(f"to_panel: row {row + 1}, field '{column}': {frame[column].iloc[row]!r} is not a year")
    return values.to_numpy(dtype="float64", na_value=np.nan)


def to_panel(pairings, years: Iterable[int] = range(2000, 2026), unit: str = "recipient", *,
             by: str | None = None) -> pd.DataFrame:
    """Long unit x year table of pairing status (a treatment panel).

    Parameters
    ----------
    years : iterable of int
        The years of the panel (default 2000-2025); every unit gets one row
        per year, paired or not (a balanced panel).
    unit : {"recipient", "partner"}
        Whose panel: the recipients (default) or the partners' side.
    by : {"recipient", "partner"}, optional
        Same as ``unit`` (``to_panel(by="partner")`` reads as the partners'
        panel); give one or the other.

    Returns
    -------
    pandas.DataFrame
        Rows ordered by unit (first appearance in the table) then year, columns

        ``unit``
            The recipient (or partner) name.
        ``year``
            int.
        ``paired``
            bool: at least one pair active that year.
        ``first_year``
            Int64: earliest ``start`` of the unit's pairs (the cohort of a
            staggered design), the same on all its rows, even years before it.
        ``partners`` (``recipients`` for ``unit="partner"``)
            Number of distinct counterparts active that year.
        ``partner_names`` (``recipient_names``)
            Those counterparts, ``|``-joined in order of first appearance.
        ``programs``
            Distinct ``program`` values of the active pairs, ``|``-joined
            (empty when the table has no ``program`` column).

    Notes
    -----
    The table needs a ``start`` column of years; ``end`` is optional (a
    missing end is an open pair). Pairs without a start cannot be placed in
    time and are left out; a unit whose every pair lacks a start is absent.

    Examples
    --------
    >>> table = duikou.Pairings.from_records([
    ...     {"recipient": "A", "partner": "X", "start": 2010, "end": 2012},
    ...     {"recipient": "A", "partner": "Y", "start": 2012}])
    >>> table.to_panel(years=range(2011, 2014))[["year", "paired", "partners", "partner_names"]]
       year  paired  partners partner_names
    0  2011    True         1             X
    1  2012    True         2           X|Y
    2  2013    True         1             Y
    """
    if by is not None:
        if unit != "recipient" and unit != by:
            raise ValueError(f"give unit= or by=, not both (unit={unit!r}, by={by!r})")
        unit = by
    if unit not in UNITS:
        raise ValueError(f"unit must be 'recipient' or 'partner', got {unit!r}")
    other = "partner" if unit == "recipient" else "recipient"
    frame = pairings._data  # read-only (the Pairings contract, docs/architecture.md)
    if "start" not in frame.columns:
        raise ValueError("to_panel needs a 'start' column of years (and optionally 'end')")
    yrs = _years(years)
    start = _year_column(frame, "start")
    end = _year_column(frame, "end") if "end" in frame.columns else np.full(len(frame), np.nan)
    dated = ~np.isnan(start)
    frame = frame.loc[dated].reset_index(drop=True)
    start, end = start[dated], end[dated]

    units = pd.Index(pd.unique(frame[unit].to_numpy(dtype=object)))
    unit_code = units.get_indexer(frame[unit].to_numpy(dtype=object))
    others = pd.Index(pd.unique(frame[other].to_numpy(dtype=object)))
    other_code = others.get_indexer(frame[other].to_numpy(dtype=object))
    has_program = "program" in frame.columns
    program_values = frame["program"].to_numpy(dtype=object) if has_program else None

    first = pd.Series(start).groupby(unit_code).min()  # per unit code
    first_year = np.full(len(units), np.nan)
    first_year[first.index.to_numpy()] = first.to_numpy()

    # active (pair, year) cells: start <= y <= end (end missing = open)
    active = (start[:, None] <= yrs[None, :]) & (np.isnan(end)[:, None] | (yrs[None, :] <= end[:, None]))
    pair_idx, year_idx = np.nonzero(active)
    cells = pd.DataFrame({"u": unit_code[pair_idx], "y": year_idx, "o": other_code[pair_idx]})
    if has_program:
        cells["p"] = program_values[pair_idx]
    distinct = cells.drop_duplicates(["u", "y", "o"])
    grouped = distinct.groupby(["u", "y"], sort=True)
    counts = grouped.size()
    other_labels = others.to_numpy(dtype=object)
    names = grouped["o"].agg(lambda codes: "|".join(other_labels[np.sort(codes.to_numpy())]))
    if has_program:
        progs = cells.dropna(subset=["p"]).drop_duplicates(["u", "y", "p"]).groupby(["u", "y"], sort=True)["p"]
        programs = progs.agg(lambda values: "|".join(map(str, values)))
    # the balanced frame: every unit x every year
    n_units, n_years = len(units), len(yrs)
    u_all = np.repeat(np.arange(n_units), n_years)
    y_all = np.tile(np.arange(n_years), n_units)
    key = pd.MultiIndex.from_arrays([u_all, y_all])
    count_all = counts.reindex(key, fill_value=0).to_numpy()
    out = pd.DataFrame({
        "unit": units.to_numpy(dtype=object)[u_all],
        "year": yrs[y_all],
        "paired": count_all > 0,
        "first_year": pd.array(first_year[u_all], dtype="Float64").astype("Int64"),
        f"{other}s": count_all.astype(np.int64),
        f"{other}_names": names.reindex(key, fill_value="").to_numpy(dtype=object),
        "programs": (programs.reindex(key, fill_value="").to_numpy(dtype=object) if has_program
                     else np.full(len(u_all), "", dtype=object)),
    })
    return out

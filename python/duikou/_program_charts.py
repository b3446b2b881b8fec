"""Charts across programs: :func:`duikou.plot.timeline` and :func:`duikou.plot.partner_load`.

Kept apart from plot.py's per-table charts; plot.py re-exports both. Same
conventions: matplotlib imported inside, ``ax=None`` draws a new figure, the
Axes is returned, Chinese text set by :mod:`duikou._fonts`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import _fonts
from ._constants import check_labels

_UNRESOLVED = "<unresolved>"
LEVEL_COLORS = {"province": "#2b2d42", "city": "#c8553d", "county": "#6c9a8b"}
_WORDS = {"zh": {"province": "省级", "city": "地级", "county": "县级", "year": "年份", "pairs": "结对数",
                 "unresolved": "(未解析)", "open": "未注明结束"},
          "en": {"province": "province level", "city": "prefecture level", "county": "county level", "year": "year",
                 "pairs": "pairs", "unresolved": "(unresolved)", "open": "no end stated"}}


def _frame(table):
    from .datasets import load_all

    table = load_all(version="all") if table is None else table
    frame = table._data  # read-only (the Pairings contract, docs/architecture.md)
    for column in ("program", "start"):
        if column not in frame.columns:
            raise ValueError(f"the table needs a '{column}' column (columns: {', '.join(map(str, frame.columns))})")
    return frame


def timeline(table=None, *, until: int | None = None, labels: str = "zh", ax=None):
    """Programs by year and level: one line per program, a segment per version.

    Each version of each program is drawn from its first ``start`` to its
    last ``end`` (to ``until`` when a pair of it has no end, drawn dashed),
    coloured by the level most of its recipients have; a dot marks each
    version's start and the number beside it is the version's pairs.

    Parameters
    ----------
    table : Pairings, optional
        Needs ``program`` and ``start`` (``end``, ``version``, ``level`` used
        when present); default :func:`duikou.datasets.load_all` with every
        version.
    until : int, optional
        Where open segments stop; default the last year in the table, at least
        the current year.
    labels : {"zh", "en"}
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    from matplotlib.lines import Line2D

    from .plot import _new_axes

    check_labels(labels)
    frame = _frame(table)
    frame = frame.assign(start=pd.to_numeric(frame["start"], errors="coerce"),
                         end=pd.to_numeric(frame["end"], errors="coerce") if "end" in frame.columns else np.nan,
                         version=frame["version"] if "version" in frame.columns else "",
                         level=frame["level"] if "level" in frame.columns else "city")
    dated = frame[frame["start"].notna()]
    if dated.empty:
        raise ValueError("no pair of the table has a start year")
    last = int(np.nanmax([dated["start"].max(), dated["end"].max()]))
    until = until if until is not None else max(last, pd.Timestamp.now().year)
    programs = list(dict.fromkeys(frame["program"]))
    ax = ax if ax is not None else _new_axes((7.5, 0.9 + 0.42 * len(programs)))
    for y, program in enumerate(programs):
        rows = dated[dated["program"] == program]
        for version, group in rows.groupby("version", sort=True, dropna=False):
            start = int(group["start"].min())
            open_end = group["end"].isna().any()
            end = until if open_end else int(group["end"].max())
            level = group["level"].mode().iloc[0] if group["level"].notna().any() else "city"
            color = LEVEL_COLORS.get(level, "#a7b1bc")
            ax.plot([start, end], [y, y], color=color, linewidth=5, alpha=0.8, solid_capstyle="butt",
                    linestyle=(0, (2, 1)) if open_end else "-")
            ax.plot([start], [y], marker="o", color=color, markersize=6)
            ax.annotate(str(len(group)), (start, y), xytext=(0, 6), textcoords="offset points", ha="center",
                        fontsize=7, color="#2b2d42")
    ax.set_yticks(range(len(programs)), programs)
    ax.set_ylim(len(programs) - 0.5, -0.7)
    ax.set_xlabel(_WORDS[labels]["year"])
    ax.grid(axis="x", color="#e5e8ec", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    handles = [Line2D([], [], color=c, linewidth=5, label=_WORDS[labels][lv]) for lv, c in LEVEL_COLORS.items()]
    handles.append(Line2D([], [], color="#a7b1bc", linewidth=3, linestyle=(0, (2, 1)), label=_WORDS[labels]["open"]))
    ax.legend(handles=handles, frameon=False, loc="lower left", fontsize=8, ncol=4, bbox_to_anchor=(0, 1.0))
    _fonts.apply(ax)
    return ax


def partner_provinces(table=None) -> pd.DataFrame:
    """Pairs of each partner province in each program (the data of :func:`partner_load`).

    Each distinct partner name is resolved once with
    :func:`duikou.gazetteer.resolve_names`; a partner that resolves (at
    province, prefecture or county level) counts for its province. Names
    that do not resolve to one unit (ambiguous county names such as 江北区,
    functional areas such as 大鹏新区) count under ``None``.

    Returns
    -------
    pandas.DataFrame
        Index: province (None for unresolved partners); one column per
        program (in table order) and ``total``; rows by total descending.
    """
    from .gazetteer import resolve_names

    frame = _frame(table)
    names = pd.unique(frame["partner"].to_numpy(dtype=object))
    resolved = resolve_names(names)
    from .resolve import RESOLVED

    ok = resolved["status"].isin(RESOLVED)
    province = dict(zip(names, resolved["province"].where(ok, None)))
    key = frame["partner"].map(province).astype(object)
    key = key.where(key.notna(), _UNRESOLVED)
    counts = pd.crosstab(key, frame["program"])
    counts = counts[list(dict.fromkeys(frame["program"]))]
    counts["total"] = counts.sum(axis=1)
    counts = counts.sort_values("total", ascending=False, kind="stable")
    counts.index = pd.Index([None if p == _UNRESOLVED else p for p in counts.index], dtype=object)
    counts.index.name = "province"
    return counts


def partner_load(table=None, *, top: int = 15, labels: str = "zh", ax=None):
    """Each partner province's pairs across programs: stacked horizontal bars.

    Bars are :func:`partner_provinces` (pairs per province and program), the
    ``top`` provinces by total, largest on top; partners that do not resolve
    to one unit form their own bar.

    Parameters
    ----------
    table : Pairings, optional
        Default :func:`duikou.datasets.load_all` with every version.
    top : int
    labels : {"zh", "en"}
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    from .plot import _group_colors, _new_axes, display_names

    check_labels(labels)
    counts = partner_provinces(table).head(top)
    programs = [c for c in counts.columns if c != "total"]
    ax = ax if ax is not None else _new_axes((7.5, 1.2 + 0.32 * len(counts)))
    y = np.arange(len(counts))
    left = np.zeros(len(counts))
    for program, color in zip(programs, _group_colors(len(programs))):
        values = counts[program].to_numpy()
        ax.barh(y, values, left=left, height=0.7, color=color, label=program)
        left += values
    names = [_WORDS[labels]["unresolved"] if pd.isna(p) else p for p in counts.index]
    shown = display_names(names, labels)
    ax.set_yticks(y, shown)
    ax.set_ylim(len(counts) - 0.5, -0.5)
    ax.set_xlabel(_WORDS[labels]["pairs"])
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", color="#e5e8ec", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.legend(frameon=False, fontsize=7, loc="lower right")
    _fonts.apply(ax)
    return ax

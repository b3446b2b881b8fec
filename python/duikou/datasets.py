"""Datasets shipped with duikou: a registry of real pairing programs, every pair cited.

Each program is one CSV file in ``data/programs/`` (one row per pair, with the
document, page and date that state it); ``data/programs/index.csv`` gives each
program's title, issuer and completeness, and ``data/programs/README.md`` lists
every source. The 2022 plan (``revolutionary-base-areas-2022``) is the JSON
file it has always been.

- :func:`list` -- one row per program: period, level, counts, completeness, confidence
- :func:`load` -- one program as :class:`duikou.Pairings`
- :func:`load_all` -- every program stacked, with a ``program`` column
"""

from __future__ import annotations

import builtins
import csv
from pathlib import Path

import pandas as pd

_DATA = Path(__file__).parent / "data"
_PROGRAMS = _DATA / "programs"
_INDEX = _PROGRAMS / "index.csv"
_BASE_2022 = "revolutionary-base-areas-2022"

#: Columns every program CSV has, in order (``data/programs/README.md`` explains each).
PROGRAM_COLUMNS = ("recipient", "partner", "region", "partner_region", "program", "version", "level", "partner_level",
                   "start", "end", "source", "issuer", "published", "url", "basis", "confidence", "note")
#: Values of ``confidence``, strongest first.
CONFIDENCE = ("official-complete", "official-fragment", "repost-checked", "media-only")
#: Values of ``basis``: how the page states the pair.
BASIS = ("list", "table", "prose")
#: Values of ``level`` and ``partner_level``, largest unit first.
LEVELS = ("province", "city", "county")
#: Columns of :func:`list`.
LIST_COLUMNS = ("name", "title", "issuer", "period", "level", "versions", "pairs", "recipients", "partners",
                "complete", "confidence", "sources")


def _read_index() -> dict:
    with _INDEX.open(encoding="utf-8", newline="") as stream:
        rows = builtins.list(csv.DictReader(stream))
    return {row["name"]: row for row in rows}


def _registry() -> dict:
    """name -> (file, one-line description), the 2022 plan first."""
    out = {_BASE_2022: ("revolutionary-base-areas-2022.json",
                        "革命老区重点城市对口合作工作方案: 20 base-area cities paired with eastern cities, "
                        "2022-2030 (发改振兴〔2022〕766号, announced 2022-06-07)")}
    for name, row in _read_index().items():
        out[name] = (f"programs/{name}.csv", f"{row['title']}: {row['title_en']} ({row['issuer']})")
    return out


def names() -> builtins.list:
    """Names of the built-in datasets (the 2022 plan first, then the programs of ``data/programs``)."""
    return [*_registry()]


def describe() -> dict:
    """One-line description of each built-in dataset."""
    return {name: text for name, (_, text) in _registry().items()}


def path(name: str) -> Path:
    """Path of a built-in dataset's file."""
    registry = _registry()
    try:
        return _DATA / registry[name][0]
    except KeyError:
        raise KeyError(f"no dataset {name!r}; available: {', '.join(registry)}") from None


def _numeric_years(frame: pd.DataFrame) -> pd.DataFrame:
    for column in ("start", "end"):
        if column in frame.columns:
            frame[column] = pd.to_numeric(frame[column], errors="raise").astype("Int64")
    return frame


def _program_frame(name: str) -> pd.DataFrame:
    """The rows of one program CSV with ``start``/``end`` as integers (read by the C++ CSV reader)."""
    from .pairings import Pairings

    file = path(name)
    # on_invalid="keep": a pair listed again in a later version is not an error of the file
    # (the validation test checks duplicates within each version).
    frame = Pairings.read_csv(file, on_invalid="keep", numbers=False).to_frame()
    missing = [c for c in PROGRAM_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"{file}: missing column(s) {missing}")
    try:
        return _numeric_years(frame)
    except ValueError as error:
        raise ValueError(f"{file}: start/end must be years: {error}") from None


def _versions(frame: pd.DataFrame) -> builtins.list:
    return sorted(frame["version"].dropna().unique(), key=str)


def load(name: str = _BASE_2022, *, version: str | None = None):
    """Load a built-in dataset as :class:`duikou.Pairings` (its facts in ``.metadata``).

    Parameters
    ----------
    name : str
        One of :func:`names`; default the 2022 revolutionary-base-area plan:
        columns ``recipient``, ``partner``, ``region`` (as the document names
        it), ``program``, ``level``, ``start``, ``end``, ``source``. Every other
        dataset has the columns of :data:`PROGRAM_COLUMNS`: each row cites the
        document (``source``, ``issuer``), the page read (``url``, ``published``),
        how the page states the pair (``basis``) and how far it can be trusted
        (``confidence``); ``start`` and ``end`` are years (nullable integers).
    version : str, optional
        For a program revised over time (``versions`` in :func:`list`), which
        list: the latest by default, a version name (e.g. ``"2010"``), or
        ``"all"`` for every version stacked (a pair repeated by a later version
        is then kept and listed in ``.problems``). A program whose versions are
        fragments of one list (not revisions) loads whole by default.

    Examples
    --------
    >>> duikou.datasets.load("xinjiang-aid-2010").partners[:3]
    ['广东省', '深圳市', '山东省']
    >>> duikou.datasets.load("hubei-covid-2020", version="2020-02-07").partner_frequency()["pairs"].max()
    1
    """
    from .pairings import Pairings

    file = path(name)
    if name == _BASE_2022:
        if version not in (None, "all", "2022"):
            raise ValueError(f"{name} has one version; got version={version!r}")
        return Pairings.read_json(file)
    index = _read_index()[name]
    frame = _program_frame(name)
    versions = _versions(frame)
    if version is None:
        version = versions[-1] if index["revisions"] == "yes" else "all"
    if version != "all":
        if version not in versions:
            raise ValueError(f"{name}: no version {version!r}; versions: {', '.join(versions)} (or 'all')")
        frame = frame[frame["version"] == version].reset_index(drop=True)
    metadata = {"name": name, "title": index["title"], "title_en": index["title_en"], "issuer": index["issuer"],
                "version": version, "versions": versions, "complete": index["complete"] == "yes",
                "completeness": index["completeness"], "file": f"data/programs/{name}.csv"}
    return Pairings(frame, on_invalid="keep" if version == "all" else "error", metadata=metadata)


def load_all(level: str | None = None, *, version: str | None = None):
    """Every built-in program in one table, its name in the ``program`` column.

    Parameters
    ----------
    level : {None, "province", "city", "county"}
        Keep only pairs whose recipient is at this level.
    version : {None, "all"}
        ``None`` (default): each program as :func:`load` gives it (the latest
        list of a revised program); ``"all"``: every version of every program
        (then the same pair in two versions of one program is kept and listed
        in ``.problems``).

    Returns
    -------
    Pairings
        Columns: the union of the programs' columns (:data:`PROGRAM_COLUMNS`);
        ``program`` holds the dataset name (``"revolutionary-base-areas-2022"``
        for the 2022 plan, whose own ``program`` label moves to ``title``).

    Examples
    --------
    >>> table = duikou.datasets.load_all()
    >>> table.burden().head(1)[["partner", "total", "programs"]]  # doctest: +SKIP
    """
    from .pairings import Pairings

    if level is not None and level not in LEVELS:
        raise ValueError(f"level must be None or one of {LEVELS}, got {level!r}")
    if version not in (None, "all"):
        raise ValueError(f"load_all: version must be None or 'all', got {version!r}")
    frames = []
    for name in names():
        frame = load(name, version=version).to_frame()
        if name == _BASE_2022:
            frame = frame.rename(columns={"program": "title"})
            frame["version"] = "2022"
            frame = _numeric_years(frame)
        frame["program"] = name
        frames.append(frame)
    frame = pd.concat(frames, ignore_index=True, sort=False)
    columns = ([c for c in PROGRAM_COLUMNS if c in frame.columns]
               + [c for c in frame.columns if c not in PROGRAM_COLUMNS])
    frame = frame[columns]
    if level is not None:
        frame = frame[frame["level"] == level].reset_index(drop=True)
    return Pairings(frame, on_invalid="keep" if version == "all" else "error",
                    metadata={"name": "all programs", "programs": names(), "level": level, "version": version})


def _period(frame: pd.DataFrame) -> str:
    start, end = frame["start"].min(), frame["end"].max()
    first = "" if pd.isna(start) else str(int(start))
    last = "" if pd.isna(end) or frame["end"].isna().any() else str(int(end))
    return f"{first}-{last}"


def _confidence_summary(values: pd.Series) -> str:
    counts = values.value_counts()
    return "; ".join(f"{c} {counts[c]}" for c in CONFIDENCE if c in counts)


def list() -> pd.DataFrame:  # noqa: A001  (the registry's own name for it: duikou.datasets.list())
    """The built-in programs, one row each.

    Columns: ``name`` (for :func:`load`), ``title``, ``issuer``, ``period``
    (first start year to last end year; open when a pair has no end),
    ``level`` (recipient levels present), ``versions``, ``pairs`` (rows over
    all versions), ``recipients`` and ``partners`` (distinct names over all
    versions), ``complete`` (whether the recorded list is the program's whole
    list; see ``data/programs/index.csv`` for what is missing),
    ``confidence`` (rows per confidence class, strongest first) and
    ``sources`` (distinct cited pages).

    Examples
    --------
    >>> table = duikou.datasets.list()
    >>> int(table["pairs"].sum()) >= 250
    True
    """
    index = _read_index()
    rows = []
    for name in names():
        if name == _BASE_2022:
            plan = load(name)
            frame = _numeric_years(plan.to_frame())
            meta = plan.metadata
            rows.append({"name": name, "title": meta["title"].split(" (")[0], "issuer": meta["issuer"].split(" (")[0],
                         "period": _period(frame), "level": "city", "versions": "2022", "pairs": len(frame),
                         "recipients": frame["recipient"].nunique(), "partners": frame["partner"].nunique(),
                         "complete": True, "confidence": f"official-complete {len(frame)}", "sources": 1})
            continue
        frame = _program_frame(name)
        levels = [lv for lv in LEVELS if (frame["level"] == lv).any()]
        rows.append({"name": name, "title": index[name]["title"], "issuer": index[name]["issuer"],
                     "period": _period(frame), "level": "|".join(levels), "versions": "|".join(_versions(frame)),
                     "pairs": len(frame), "recipients": frame["recipient"].nunique(),
                     "partners": frame["partner"].nunique(), "complete": index[name]["complete"] == "yes",
                     "confidence": _confidence_summary(frame["confidence"]),
                     "sources": frame["url"].nunique()})
    return pd.DataFrame(rows, columns=builtins.list(LIST_COLUMNS))

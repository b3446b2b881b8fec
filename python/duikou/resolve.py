"""Names of a pairing table: coded input, resolution against the gazetteer, English labels.

Everything here works once per distinct name (label id), never per row: a
table's names are interned into int32 ids, so a result for each label is
spread over the rows by indexing with the codes.

- :func:`from_codes` builds a table from int codes and label lists
  (:meth:`duikou.Pairings.from_codes`).
- :func:`resolve` adds the gazetteer's province, code, English name and seat
  of every recipient and partner (:meth:`duikou.Pairings.resolve`).
- :func:`id_labels` gives the labels of a column's ids in Chinese (as
  written) or English; every statistic's ``labels=`` goes through it.
- :func:`seats` gives the seat (lon, lat) of each name of one side, for
  :mod:`duikou.geography`.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from . import _columns, _core
from ._constants import LABELS, SIDES
from ._errors import input_error, row_place
from .results import plural
from .gazetteer import load_gazetteer, resolve_names

#: Statuses of :func:`duikou.gazetteer.resolve_names` that identify one unit.
RESOLVED = ("exact", "short", "suffix", "province_prefix", "parent_prefix", "context", "former_name")
#: Columns that :func:`resolve` adds per side, as ``{side}_{field}``.
ADDED_FIELDS = ("province", "code", "name_en", "lon", "lat", "status", "level", "county", "prefecture",
                "prefecture_code", "province_code", "note")
#: Columns that name a side's parent for resolution (``{side}_parent``; ``region`` for recipients).
PARENT_COLUMNS = {"recipient": ("recipient_parent", "region"), "partner": ("partner_parent",)}
_SHOWN = 8


def _input_error(message: str, *, source: str = "<codes>", field: str | None = None) -> Exception:
    # The messages here already name the place (source, row, field).
    return input_error(message, source=source, field=field, located=True)


def _cache(pairings) -> dict:
    # Per-table memo of per-label results; a table never changes once built.
    return pairings._memo


def _check_sides(sides) -> tuple:
    if isinstance(sides, str):
        sides = (sides,)
    sides = tuple(dict.fromkeys(sides))
    for side in sides:
        if side not in SIDES:
            raise ValueError(f"sides must be 'recipient' and/or 'partner', got {side!r}")
    return sides


# -- coded input -----------------------------------------------------------------------
def _checked_codes(codes, field: str, n_labels: int) -> np.ndarray:
    """The codes as a 1-d signed integer array (not copied when it is one), each in [-1, n_labels)."""
    array = np.asarray(codes)
    if array.ndim != 1:
        raise ValueError(f"from_codes, field '{field}': codes must be one-dimensional, got shape {array.shape}")
    if array.dtype.kind == "f":
        raise TypeError(f"from_codes, field '{field}': codes must be an integer array, got dtype {array.dtype}; "
                        "NaN is not a code: use -1 for a missing name")
    if array.dtype.kind not in "iu":
        raise TypeError(f"from_codes, field '{field}': codes must be an integer array, got dtype {array.dtype}")
    # min and max first: no temporary array unless a code is out of range.
    if len(array) and (array.min() < -1 or array.max() >= n_labels):
        row = int(np.argmax((array < -1) | (array >= n_labels)))
        raise _input_error(f"<codes>, row {row + 1}, field '{field}': code {array[row]} is outside [-1, "
                           f"{n_labels}) (-1 = missing, otherwise an index into the {n_labels} labels)",
                           field=field)
    return array.astype(np.int32) if array.dtype.kind == "u" else array  # in range, so it fits


def _checked_labels(labels, field: str, *, side: bool) -> pd.Index:
    """The labels as an object Index; a side's are names (str), a group's are present and distinct.

    A side's labels are checked for repeats by the C++ core, which needs no
    hash table in Python (see from_codes).
    """
    if isinstance(labels, str):
        raise TypeError(f"from_codes, field '{field}': labels must be a sequence of names, not a single string")
    index = pd.Index(labels if isinstance(labels, (list, np.ndarray, pd.Index)) else list(labels), dtype=object)
    # Vectorised checks; a Python scan runs only to name an offending label.
    if side and len(index) and pd.api.types.infer_dtype(index, skipna=False) != "string":
        k = next(k for k, label in enumerate(index) if not isinstance(label, str))
        raise _input_error(f"<codes>, field '{field}': label {k} is {type(index[k]).__name__} {index[k]!r}, "
                           "expected a name (str)", field=field)
    if side:
        return index
    if index.hasnans:
        k = int(np.argmax(index.isna()))
        raise _input_error(f"<codes>, field '{field}': label {k} is missing; mark missing values with "
                           "code -1 instead", field=field)
    if not index.is_unique:
        _raise_repeated_label(field, index)
    return index


def _raise_repeated_label(field: str, labels) -> None:
    index = pd.Index(labels, dtype=object)
    k = int(np.argmax(index.duplicated()))
    first = int(np.argmax(index == index[k]))
    raise _input_error(f"<codes>, field '{field}': label {index[k]!r} appears twice (index {first} and {k}); "
                       "labels must be unique", field=field)


def from_codes(cls, recipient_codes, partner_codes, recipient_labels: Sequence[str], partner_labels: Sequence[str],
               *, groups: Mapping[str, tuple] | None = None, on_invalid: str = "error",
               metadata: Mapping | None = None, clean: bool = True):
    """Build a table from integer codes and label lists, without a Python object per row.

    Row i pairs ``recipient_labels[recipient_codes[i]]`` with
    ``partner_labels[partner_codes[i]]``; code -1 marks a missing name (then
    reported like any missing name, see ``on_invalid``). The codes go to the
    C++ core as they are; the frame keeps them as ``pandas.Categorical``
    columns (``Categorical.from_codes``), so :meth:`Pairings.to_frame` of such
    a table has Categorical ``recipient``, ``partner`` and group columns.

    Parameters
    ----------
    recipient_codes, partner_codes : 1-d numpy arrays of integers
        One code per row, each -1 or an index into its labels. Float arrays
        (NaN is not a code), out-of-range codes and arrays of different
        lengths raise errors naming the field and row.
    recipient_labels, partner_labels : sequence of str
        The distinct names, each once.
    groups : dict, optional
        More columns as ``{name: (codes, labels)}`` (e.g. ``region``,
        ``program``); labels of any hashable type, each once.
    on_invalid, metadata, clean
        As for :class:`Pairings`. Cleaning works on the labels: when two
        labels become one name, the rows' codes are remapped (no Python loop
        over rows).

    Returns
    -------
    Pairings

    Raises
    ------
    TypeError
        Codes that are not an integer array.
    duikou.InputError
        Codes out of range, arrays of different lengths, labels that repeat,
        are missing, or (for the two sides) are not strings.

    Examples
    --------
    >>> import numpy as np
    >>> p = Pairings.from_codes(np.array([0, 1, 2]), np.array([0, 0, 1]),
    ...                         ["赣州市", "百色市", "六安市"], ["深圳市", "上海市"],
    ...                         groups={"region": (np.array([0, 1, 2]), ["赣闽粤", "左右江", "大别山"])})
    >>> p.partner_frequency()["pairs"].tolist()
    [2, 1]
    """
    columns = {"recipient": (recipient_codes, recipient_labels), "partner": (partner_codes, partner_labels)}
    for name, spec in dict(groups or {}).items():
        if not isinstance(name, str) or name in columns:
            raise ValueError(f"from_codes: group names must be strings other than 'recipient' and 'partner', "
                             f"got {name!r}")
        if not isinstance(spec, (tuple, list)) or len(spec) != 2:
            raise TypeError(f"from_codes: group '{name}' must be a pair (codes, labels)")
        columns[name] = spec
    checked, rows = {}, None
    for field, (codes, labels) in columns.items():
        labels = _checked_labels(labels, field, side=field in SIDES)
        codes = _checked_codes(codes, field, len(labels))
        if rows is None:
            rows = len(codes)
        elif len(codes) != rows:
            raise _input_error(f"<codes>, field '{field}': {len(codes)} codes, but 'recipient' has {rows}",
                               field=field)
        checked[field] = (codes, labels)
    try:
        table = _core.PairTable(*checked["recipient"], *checked["partner"])
    except ValueError:  # the core found a side's label twice: name it as for a group
        for side in SIDES:
            if not checked[side][1].is_unique:
                _raise_repeated_label(side, checked[side][1])
        raise
    # The frame's sides share the core's codes (read-only); a group's codes are pandas' own.
    data = {field: (_columns.categorical(table.codes(field), labels) if field in SIDES
                    else pd.Categorical.from_codes(codes, categories=labels))
            for field, (codes, labels) in checked.items()}
    return cls._build(pd.DataFrame(data, copy=False), on_invalid=on_invalid, metadata=metadata, source="<codes>",
                      sides={side: (None, checked[side][1]) for side in SIDES}, table=table, clean=clean)


# -- resolution against the gazetteer ---------------------------------------------------
def label_resolution(pairings, side: str) -> pd.DataFrame:
    """:func:`duikou.gazetteer.resolve_names` of a side's distinct names; row k is label id k (cached).

    Without context (no parent column): used for English labels and seats.
    """
    key = ("resolution", side)
    cache = _cache(pairings)
    if key not in cache:
        cache[key] = resolve_names(list(pairings._names(side)))
    return cache[key]


def _parent_column(pairings, side: str) -> str | None:
    """The column naming the parents of a side's names, if the table has one."""
    return next((c for c in PARENT_COLUMNS[side] if c in pairings._data.columns), None)


def resolution_with_parents(pairings, side: str) -> tuple[pd.DataFrame, np.ndarray]:
    """Resolution of each distinct (name, parent) combination of a side, and each row's combination.

    Returns the :func:`~duikou.gazetteer.resolve_names` frame (one row per
    combination, with ``parent``) and an int array giving each row's
    combination (-1 for a missing name). Without a parent column the
    combinations are the name ids, so the work is once per distinct name
    either way; the rows are mapped with integer codes, never in a Python loop.
    """
    key = ("resolution_with_parents", side)
    cache = _cache(pairings)
    if key in cache:
        return cache[key]
    names = pairings._names(side)
    codes = pairings._pair_table.codes(side)
    column = _parent_column(pairings, side)
    if column is None:
        per = label_resolution(pairings, side).assign(parent=np.nan)
        cache[key] = (per, codes)
        return cache[key]
    parent_names = pairings._names(column)
    parent_codes = pairings._pair_table.codes(pairings._group(column)).astype(np.int64)
    # one int64 key per row: name id x parent id (parent -1 -> its own slot)
    combined = codes.astype(np.int64) * (len(parent_names) + 1) + (parent_codes + 1)
    keys, inverse = np.unique(combined[codes >= 0], return_inverse=True)
    rows = np.full(len(codes), -1, dtype=np.int64)
    rows[codes >= 0] = inverse
    name_ids, parent_ids = keys // (len(parent_names) + 1), keys % (len(parent_names) + 1) - 1
    parents = np.append(parent_names, np.nan)[parent_ids]  # id -1 -> NaN
    parents = [p if isinstance(p, str) else None for p in parents]
    per = resolve_names(list(names[name_ids]), parents=parents).assign(parent=parents)
    cache[key] = (per, rows)
    return cache[key]


def _by_row(values: pd.Series, codes: np.ndarray) -> np.ndarray:
    """Per-label values spread over the rows (NaN where the code is -1), no per-row Python."""
    if pd.api.types.is_float_dtype(values.dtype):
        return np.append(values.to_numpy(dtype=float), np.nan)[codes]
    return _columns.decode(codes, values.to_numpy(dtype=object, na_value=np.nan))


def _added(per: pd.DataFrame, field: str) -> pd.Series:
    if field == "county":  # the unit itself when it is county-level
        return per["matched"].where(per["level"] == "county")
    return per[field]


def resolve(pairings, *, sides: Sequence[str] = SIDES, strict: bool = False, canonical: bool = True):
    """Identify every recipient and partner in the gazetteer of Chinese divisions, down to county level.

    Each distinct name is resolved once with
    :func:`duikou.gazetteer.resolve_names` (exact name, short form such as
    恩施州 or 苍南, a former name such as 襄樊市, one suffix
    市/州/地区/盟/省/自治区... added or removed, or leading parents such as
    广东省深圳市 or 恩施州利川市); the result is spread over the rows through
    the name ids. A name shared by several places (鼓楼区 is in four cities)
    is resolved from the row's parent when the table names one: the column
    ``{side}_parent`` (``recipient_parent``, ``partner_parent``), or for
    recipients ``region`` when it is a place (新疆, 恩施州); each distinct
    (name, parent) combination is resolved once. Names are never dropped or
    guessed: an ``ambiguous`` (with every candidate), ``not_covered`` or
    ``unresolved`` name keeps its row, with missing values in the added
    columns, and is listed in ``.resolution``.

    Parameters
    ----------
    sides : sequence of {"recipient", "partner"}
        The sides to resolve (default both).
    strict : bool
        Raise :class:`duikou.InputError` listing every name that does not
        resolve to exactly one unit, instead of reporting it.
    canonical : bool
        Rewrite each resolved name to its gazetteer name (default), so one
        place is one name: 深圳, 广东省深圳市 and 深圳市 all become 深圳市, and
        statistics count it once. The text as written is kept in
        ``{side}_as_written``; names that do not resolve stay as written. A
        gazetteer name shared by two places of a side (鼓楼区 of 福州市 and of
        南京市), or by a place and a name that did not resolve, is prefixed
        with the prefecture (counties) or province (福州市鼓楼区). The merges
        are listed in ``.merged`` (``side``, ``name``, ``as_written``,
        ``pairs``) and counted in the repr; pairs that become repeats or
        self-pairs are added to ``.problems``. ``False`` keeps the names as
        written (the columns are added all the same).

    Returns
    -------
    Pairings
        A new table with, per side, the columns ``{side}_province`` (full
        province name, e.g. 广东省), ``{side}_code`` (GB/T 2260 code of the
        unit, a string; ``XPCC01``... for a Corps division, ``XPCC00`` for the
        Corps itself), ``{side}_name_en``,
        ``{side}_lon``, ``{side}_lat`` (seat, degrees), ``{side}_status`` (the
        resolver's status; NaN for a missing name), ``{side}_level``
        (province, city, county, division or corps), ``{side}_county`` (the
        county-level unit, for county names), ``{side}_prefecture`` and
        ``{side}_prefecture_code`` (the prefecture-level unit: the city
        itself for a city, the parent for a county), ``{side}_province_code``
        and ``{side}_note`` (for a former name). Columns of an earlier
        resolve() are replaced. Roll up with
        ``rollup("recipient_prefecture", "partner_prefecture")`` or the
        province columns. Its ``.resolution`` is a DataFrame with one row per
        distinct name (and parent) and side: ``side``, ``name``, ``status``,
        ``matched`` (full name), ``code``, ``candidates`` (``|``-joined, for
        ``ambiguous``), ``pairs`` (rows naming it), ``level``, ``parent``
        (as written in the table, or NaN), ``note`` and ``canonical`` (the
        name the rows now carry); the table's repr summarises it.

    Examples
    --------
    >>> plan = duikou.datasets.load()
    >>> r = plan.resolve()
    >>> r.to_frame().loc[14, ["recipient", "recipient_as_written", "recipient_code"]].tolist()
    ['恩施土家族苗族自治州', '恩施州', '422800']
    >>> r.resolution["status"].isin(["exact", "short"]).all()
    True
    """
    sides = _check_sides(sides)
    frame = pairings._data.copy()
    reports, merges, codes = [], [], {s: pairings._pair_table.codes(s) for s in SIDES}
    for side in sides:
        per, rows = resolution_with_parents(pairings, side)
        for field in ADDED_FIELDS:
            frame[f"{side}_{field}"] = _by_row(_added(per, field), rows)
        final = _canonical_names(per) if canonical else per["name"].to_numpy(dtype=object)
        if canonical:
            if f"{side}_as_written" not in frame.columns:  # a second resolve() keeps the first text
                frame[f"{side}_as_written"] = pairings._data[side]
            frame[side] = _columns.decode(rows, final)
            del codes[side]  # new names: interned from the frame
            merges.append(_merges(side, per, rows, final))
        reports.append(pd.DataFrame({
            "side": side,
            "name": per["name"],
            "status": per["status"],
            "matched": per["matched"],
            "code": per["code"],
            "candidates": per["candidates"],
            "pairs": np.bincount(rows[rows >= 0], minlength=len(per)),
            "level": per["level"],
            "parent": per["parent"],
            "note": per["note"],
            "canonical": final,
        }))
    resolution = pd.concat(reports, ignore_index=True)
    resolution = resolution[resolution["pairs"] > 0].reset_index(drop=True)
    failed = resolution[~resolution["status"].isin(RESOLVED)]
    if strict and len(failed):
        raise _input_error(f"{pairings.source}: {_describe_failures(failed)}; correct or complete these names, "
                           "or call resolve() without strict=True and inspect .resolution",
                           source=pairings.source)
    out = pairings._derive(frame, codes=codes)
    out.problems = _with_new_problems(pairings.problems, out.problems)
    out.cleaned = pairings.cleaned.copy()
    out.resolution = resolution
    if canonical:
        out.merged = pd.concat(merges, ignore_index=True)
    # Where the names and their ids are the same, per-label results carry over.
    _cache(out).update({k: v for k, v in _cache(pairings).items() if k[0] == "resolution" and k[1] in codes})
    return out


def _canonical_names(per: pd.DataFrame) -> np.ndarray:
    """The name of each resolved combination: its gazetteer name, unique per unit (see :func:`resolve`)."""
    resolved = per["status"].isin(RESOLVED).to_numpy()
    written = per["name"].to_numpy(dtype=object)
    names = np.where(resolved, per["matched"].to_numpy(dtype=object), written)
    identity = np.where(resolved, "code:" + per["code"].astype(str).to_numpy(dtype=object), "name:" + written)
    for prefix in ("parent", "code"):
        clash = pd.Series(identity).groupby(names).transform("nunique").to_numpy() > 1
        clash &= resolved
        if not clash.any():
            break
        if prefix == "parent":
            county = (per["level"] == "county").to_numpy() & per["prefecture"].notna().to_numpy()
            parent = np.where(county, per["prefecture"].to_numpy(dtype=object), per["province"].to_numpy(dtype=object))
            parent = np.where(pd.isna(parent), "", parent)
            names = np.where(clash, parent + names, names)
        else:  # two units of one parent with one name: the code tells them apart
            names = np.where(clash, names + "(" + per["code"].astype(str).to_numpy(dtype=object) + ")", names)
    return names


def _merges(side: str, per: pd.DataFrame, rows: np.ndarray, final: np.ndarray) -> pd.DataFrame:
    """The written names that became one name with another: ``side``, ``name``, ``as_written``, ``pairs``."""
    pairs = np.bincount(rows[rows >= 0], minlength=len(per))
    used = pd.DataFrame({"name": final, "as_written": per["name"].to_numpy(dtype=object), "pairs": pairs})
    used = used[used["pairs"] > 0].groupby(["name", "as_written"], sort=False, as_index=False)["pairs"].sum()
    forms = used.groupby("name", sort=False)["as_written"].transform("size")
    out = used[forms.to_numpy() > 1].reset_index(drop=True)
    out.insert(0, "side", side)
    return out


def _with_new_problems(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """The problems of the table before resolve(), and the ones that new names made (repeats, self-pairs)."""
    if after.empty:
        return before.copy()
    kept = before[~before["dropped"]] if "dropped" in before.columns else before
    seen = set(zip(kept["row"].tolist(), kept["problem"].tolist()))
    new = [(r, p) not in seen for r, p in zip(after["row"].tolist(), after["problem"].tolist())]
    return pd.concat([before, after[new]], ignore_index=True) if any(new) else before.copy()


def merge_summary(merged: pd.DataFrame) -> str:
    """One line for the table's repr, e.g. ``"3 names merged into 1, see .merged"``."""
    n, into = len(merged), merged[["side", "name"]].drop_duplicates().shape[0]
    return f"{n} name{'' if n == 1 else 's'} merged into {into}, see .merged"


def _describe_failures(failed: pd.DataFrame) -> str:
    items = []
    for row in failed.head(_SHOWN).itertuples(index=False):
        why = f"ambiguous: {row.candidates}" if row.status == "ambiguous" else row.status
        where = f" under {row.parent!r}" if isinstance(row.parent, str) else ""
        items.append(f"{row.side} {row.name!r}{where} ({why})")
    more = f" and {len(failed) - _SHOWN} more" if len(failed) > _SHOWN else ""
    verb = "does" if len(failed) == 1 else "do"
    return f"{plural(len(failed), 'name')} {verb} not resolve to one unit: " + ", ".join(items) + more


def resolution_summary(resolution: pd.DataFrame) -> str:
    """One line for the table's repr, e.g. ``"35 of 35 names resolved"``."""
    resolved = resolution["status"].isin(RESOLVED)
    text = f"{int(resolved.sum())} of {len(resolution)} names resolved"
    if not resolved.all():
        counts = resolution.loc[~resolved, "status"].value_counts(sort=False)
        text += " (" + ", ".join(f"{n} {status}" for status, n in counts.items()) + "; see .resolution)"
    return text


# -- labels ----------------------------------------------------------------------------
def _first_values(pairings, column: str, values: str) -> np.ndarray:
    """Per id of ``column``: the value of column ``values`` at the id's first row (NaN if unused)."""
    f = _core.frequency(pairings._pair_table, column)
    out = np.full(len(pairings._names(column)), np.nan, dtype=object)
    out[f["ids"]] = pairings._data[values].to_numpy(dtype=object)[f["first_row"]]
    return out


def _province_english() -> dict:
    gz = load_gazetteer()
    provinces = gz[gz["level"] == "province"]
    return dict(zip(provinces["name"], provinces["name_en"]))


def _distinct_english(english: np.ndarray, original: np.ndarray, province_en: np.ndarray) -> np.ndarray:
    """Make English labels unique: 福州/抚州 -> Fuzhou (Fujian) / Fuzhou (Jiangxi), else add the name as written."""
    english = english.copy()
    present = ~pd.isna(english)

    def repeated(values):
        return pd.Series(values).duplicated(keep=False).to_numpy() & present

    clash = repeated(english)
    with_province = clash & ~pd.isna(province_en)
    base = english.copy()
    english[with_province] = base[with_province] + " (" + province_en[with_province] + ")"
    still = repeated(english)
    english[still] = base[still] + " (" + original[still].astype(str) + ")"
    return english


def id_labels(pairings, column: str, labels: str = "zh") -> np.ndarray:
    """Label of every id of an interned column: as written (``"zh"``) or in English (``"en"``).

    English labels, by column:

    - ``recipient``, ``partner``: the table's ``{side}_name_en`` where it has
      a value, else the gazetteer's ``name_en`` (resolving automatically),
      else the name as written;
    - a ``*_province`` column (as :meth:`Pairings.resolve` adds): the
      gazetteer's English province name (广东省 -> Guangdong);
    - any other column ``X`` (``region``, ``program``, ...): the table's
      ``X_en`` column (its value at the first row of each ``X``) where present;
      otherwise the labels as written. Region names of pairing documents
      have no gazetteer entry and no standard romanisation, so they stay in
      Chinese unless the table brings a ``region_en`` column.

    English names that collide (福州 and 抚州 are both Fuzhou) get the
    province added, ``"Fuzhou (Fujian)"``, or else the name as written.
    """
    if labels not in LABELS:
        raise ValueError(f"labels must be one of {LABELS}, got {labels!r}")
    original = pairings._names(column)
    if labels == "zh":
        return original
    key = ("en", column)
    cache = _cache(pairings)
    if key in cache:
        return cache[key]
    frame_columns = pairings._data.columns
    province_en = np.full(len(original), np.nan, dtype=object)
    english = np.full(len(original), np.nan, dtype=object)
    if column in SIDES:
        per_label = label_resolution(pairings, column)
        if f"{column}_name_en" in frame_columns:
            english = _first_values(pairings, column, f"{column}_name_en")
        gazetteer_en = per_label["name_en"].to_numpy(dtype=object, na_value=np.nan)
        english = np.where(pd.isna(english), gazetteer_en, english)
        province_en = per_label["province"].map(_province_english()).to_numpy(dtype=object, na_value=np.nan)
    elif column.endswith("_province"):
        english = resolve_names([v if isinstance(v, str) else None for v in original], level="province")[
            "name_en"].to_numpy(dtype=object, na_value=np.nan)
    elif column.endswith(("_prefecture", "_county")) and column.split("_", 1)[0] in SIDES:
        # names as resolve() writes them (full names); a name shared by several units stays as written
        english = resolve_names([v if isinstance(v, str) else None for v in original])[
            "name_en"].to_numpy(dtype=object, na_value=np.nan)
    elif f"{column}_en" in frame_columns:
        english = _first_values(pairings, column, f"{column}_en")
    english = np.where(pd.isna(english), original, english)
    english = _distinct_english(english, original, province_en)
    cache[key] = english
    return english


def decode(pairings, column: str, codes: np.ndarray, labels: str = "zh") -> np.ndarray:
    """Labels of row codes of a column (NaN for code -1)."""
    return _columns.decode(np.asarray(codes), id_labels(pairings, column, labels))


# -- seats -----------------------------------------------------------------------------
def seats(pairings, side: str) -> tuple[np.ndarray, np.ndarray]:
    """Seat (lon, lat) in degrees of each name id of one side; NaN where unknown.

    Taken from the table's ``{side}_lon`` and ``{side}_lat`` columns where
    both exist and hold a value (after :meth:`Pairings.resolve`, or supplied
    for places the gazetteer lacks, such as counties), else from the
    gazetteer. The columns must give one seat per name: a name with two
    different seats raises :class:`duikou.InputError` naming both rows.
    """
    per_label = label_resolution(pairings, side)
    lon = per_label["lon"].to_numpy(dtype=float).copy()
    lat = per_label["lat"].to_numpy(dtype=float).copy()
    names = (f"{side}_lon", f"{side}_lat")
    if not all(n in pairings._data.columns for n in names):
        return lon, lat
    codes = pairings._pair_table.codes(side)
    f = _core.frequency(pairings._pair_table, side)
    given = []
    for field in names:
        try:
            by_row = pairings._data[field].to_numpy(dtype=float, na_value=np.nan)
        except (TypeError, ValueError):
            raise _input_error(f"{pairings.source}, field '{field}': seats must be numbers (degrees)",
                               source=pairings.source, field=field) from None
        first = np.full(len(lon), np.nan)
        first[f["ids"]] = by_row[f["first_row"]]
        expected = np.append(first, np.nan)[codes]
        differs = (codes >= 0) & ~((by_row == expected) | (np.isnan(by_row) & np.isnan(expected)))
        if differs.any():
            row = int(np.argmax(differs))
            code = codes[row]
            first_row = int(f["first_row"][np.flatnonzero(f["ids"] == code)[0]])
            lines = pairings._line_numbers
            raise _input_error(f"{pairings.source}, {row_place(lines, row)}, field '{field}': {side} "
                               f"{pairings._names(side)[code]!r} has {by_row[row]} here but {first[code]} "
                               f"at {row_place(lines, first_row)}; a name has one seat", source=pairings.source,
                               field=field)
        given.append(first)
    table_lon, table_lat = given
    half = np.isnan(table_lon) != np.isnan(table_lat)
    if half.any():
        code = int(np.argmax(half))
        raise _input_error(f"{pairings.source}: {side} {pairings._names(side)[code]!r} has only one of "
                           f"{names[0]!r} and {names[1]!r}; give both or neither", source=pairings.source,
                           field=names[0] if np.isnan(table_lon[code]) else names[1])
    from_table = ~np.isnan(table_lon)
    lon[from_table] = table_lon[from_table]
    lat[from_table] = table_lat[from_table]
    return lon, lat

"""Conversion between pandas columns and the interned columns of the C++ core.

Text is dictionary-encoded once (codes + labels) and crosses the boundary as
int32 codes, so no per-row Python work happens in C++ and statistics run on ids.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import _core
from ._errors import input_error

MISSING = -1
_ENCODE_BLOCK = 1 << 16  # labels encoded at a time by _require_encodable


def _first_bad_row(values: np.ndarray, ok) -> int:
    for i, v in enumerate(values):
        if not ok(v):
            return i
    return -1


def intern(series: pd.Series, name: str, *, require_str: bool, source: str = "<DataFrame>"):
    """Return ``(codes, labels, uniques)`` for a column.

    ``codes`` are int32, or a Categorical's own signed codes (``-1`` = missing), ``labels`` are the strings the C++
    core sees, ``uniques`` the original values (used to label results).
    Categorical columns are read through their codes, without touching rows.
    """
    if isinstance(series.dtype, pd.CategoricalDtype):
        # pandas' own codes (int8 to int32), not converted: the core reads every signed width.
        codes = series.cat.codes.to_numpy()
        uniques = np.asarray(series.cat.categories, dtype=object)
    elif series.dtype == object and (factorized := _core.factorize_names(series.to_numpy())) is not None:
        # A column of str (None and NaN missing), factorised in C++ with the core's own index, in
        # pandas' order: every name is a str of valid Unicode, so the checks below have nothing to find.
        codes, uniques = factorized
        return codes, uniques.tolist(), uniques
    else:
        raw, uniques = pd.factorize(series, use_na_sentinel=True)
        codes = raw.astype(np.int32, copy=False)
        uniques = np.asarray(uniques, dtype=object)
    if require_str:
        # One C-level scan when every label is a str; the Python loop only finds the culprit.
        all_str = len(uniques) == 0 or pd.api.types.infer_dtype(uniques, skipna=False) == "string"
        bad = -1 if all_str else _first_bad_row(uniques, lambda v: isinstance(v, str))
        if bad >= 0:
            row = int(np.flatnonzero(codes == bad)[0]) if (codes == bad).any() else None
            raise input_error(f"expected a name (str), got {type(uniques[bad]).__name__} {uniques[bad]!r}; "
                              "convert the column with .astype(str)", source=source, row=row, field=name)
        labels = list(uniques)
    else:
        labels = [str(v) for v in uniques]
    _require_encodable(labels, codes, name, source)
    return codes, labels, uniques


def _require_encodable(labels: list, codes: np.ndarray, name: str, source: str) -> None:
    """Raise InputError naming the row of a label that is not valid Unicode.

    A lone surrogate (what ``errors="surrogateescape"`` makes of undecodable
    bytes) cannot become UTF-8 for the C++ core; a join per block of labels
    checks them all (blocks keep the joined copy small).
    """
    try:
        for start in range(0, len(labels), _ENCODE_BLOCK):
            "".join(labels[start:start + _ENCODE_BLOCK]).encode("utf-8")
    except UnicodeEncodeError:
        bad = next(k for k, v in enumerate(labels) if not _encodes(v))
        rows = np.flatnonzero(codes == bad)
        raise input_error(f"{labels[bad]!r} is not valid Unicode (a lone surrogate, often from bytes decoded "
                          "with errors='surrogateescape'); decode the data with the right encoding",
                          source=source, row=int(rows[0]) if len(rows) else None, field=name) from None


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def copied(series: pd.Series):
    """The values of a column as a new array of the same dtype (no index: a frame built from
    several of them is not aligned on the source's index)."""
    values = series.array
    return values.copy() if isinstance(series.dtype, pd.api.extensions.ExtensionDtype) else values.to_numpy(copy=True)


def with_missing_label(codes: np.ndarray, labels: list, uniques: np.ndarray):
    """Give missing values a label of their own (NaN) so group statistics count them."""
    if not (codes == MISSING).any():
        return codes, labels, uniques
    codes = np.where(codes == MISSING, len(labels), codes).astype(np.int32)
    return codes, labels + ["<missing>"], np.append(uniques, np.nan)


def decode(codes: np.ndarray, labels, out: np.ndarray | None = None) -> np.ndarray:
    """Object array of labels for codes, NaN where the code is -1 (no per-row Python).

    With ``out`` (an object array of the codes' length), the labels are written there.
    """
    table = np.empty(len(labels) + 1, dtype=object)
    table[: len(labels)] = labels
    table[len(labels)] = np.nan
    # Code -1 wraps to the NaN at the end; "wrap" also spares the copy that take's
    # default mode makes before writing into `out`.
    return np.take(table, codes, out=out, mode="wrap")


class ConsecutiveLines:
    """The source lines of rows that are consecutive lines (one CSV record per
    line, the usual case): row i is on line ``first + i``, without an array of
    8 bytes a row. Indexing with row numbers gives their lines, like the array.
    """

    def __init__(self, first: int):
        self.first = first

    def __getitem__(self, rows) -> np.ndarray:
        return np.asarray(rows, dtype=np.int64) + self.first


def categorical(codes: np.ndarray, categories: pd.Index) -> pd.Categorical:
    """A Categorical of in-range codes over categories known to be distinct and non-null.

    pandas' constructors check the categories again by hashing all of them
    into a lookup table kept with the categories (70 MB and a third of a
    second for a million names); pandas' own fast path skips that. int32
    codes that pandas keeps as int32 (32768 categories or more) are shared,
    not copied.
    """
    try:
        from pandas.core.dtypes.cast import coerce_indexer_dtype

        dtype = pd.CategoricalDtype._from_fastpath(categories, ordered=False)
        return pd.Categorical._simple_new(coerce_indexer_dtype(codes, categories), dtype)
    except (ImportError, AttributeError, TypeError):  # a pandas without these internals
        return pd.Categorical.from_codes(codes, categories=categories)


def frame_of(columns: dict) -> pd.DataFrame:
    """A DataFrame of equal-length 1-d arrays (a statistic's result), each array its own block.

    ``pd.DataFrame(dict)`` copies the columns of one dtype into one 2-D block;
    for the object columns of names and lists that is a reference-count update
    per cell in scattered objects (a third of ``recipient_frequency`` at a
    million pairs). pandas joins the blocks later if an operation needs it.
    """
    try:
        from pandas.core.internals.construction import arrays_to_mgr

        n = len(next(iter(columns.values()))) if columns else 0
        manager = arrays_to_mgr(list(columns.values()), pd.Index(list(columns), dtype=object), pd.RangeIndex(n),
                                typ="block", consolidate=False)
        from_manager = getattr(pd.DataFrame, "_from_mgr", None)  # pandas >= 2.1; before, the constructor
        return from_manager(manager, axes=manager.axes) if from_manager else pd.DataFrame(manager)
    except (ImportError, AttributeError, TypeError):  # a pandas without these internals
        return pd.DataFrame(columns)


#: What ``read_csv`` / ``read_json`` make of text columns (``dtype=``): ``None`` object columns of str,
#: ``"category"`` pandas Categorical columns over the reader's own codes and names.
TEXT_DTYPES = (None, "category")


def frame_from_columns(columns: list, *, dtype: str | None = None) -> pd.DataFrame:
    """The DataFrame of columns as the readers give them (see register_io.cpp).

    ``dtype="category"``: text columns become Categoricals of the reader's codes
    (int32, -1 missing) and names (distinct, in order of first appearance), with
    no str object per row; otherwise object columns of str.
    """
    if dtype not in TEXT_DTYPES:
        raise ValueError(f"dtype must be one of {TEXT_DTYPES}, got {dtype!r}")
    if dtype == "category":
        return pd.DataFrame({c["name"]: (categorical(np.asarray(c["codes"], dtype=np.int32),
                                                     pd.Index(c["labels"], dtype=object))
                                         if c["kind"] == "text" else frame_from_columns([c])[c["name"]])
                             for c in columns}, copy=False)
    if columns and all(c["kind"] == "text" for c in columns):
        # All text (as every CSV is): decode straight into one 2-D block, which the
        # DataFrame keeps, instead of separate arrays that pandas would copy into one.
        block = np.empty((len(columns), len(columns[0]["codes"])), dtype=object)
        for row, c in zip(block, columns):
            decode(c["codes"], c["labels"], out=row)
        return pd.DataFrame(block.T, columns=pd.Index([c["name"] for c in columns], dtype=object), copy=False)
    data = {}
    for c in columns:
        if c["kind"] == "text":
            data[c["name"]] = decode(c["codes"], c["labels"])
        elif c["kind"] == "integer":
            data[c["name"]] = (
                c["values"]
                if c["present"].all()
                else pd.arrays.IntegerArray(c["values"], ~c["present"])
            )
        elif c["kind"] == "real":
            data[c["name"]] = np.where(c["present"], c["values"], np.nan)
        else:
            data[c["name"]] = (
                c["values"] if c["present"].all() else pd.arrays.BooleanArray(c["values"], ~c["present"])
            )
    return pd.DataFrame(data)


def columns_from_frame(frame: pd.DataFrame) -> list:
    """The frame's columns in the form the C++ writers take; types are checked per column."""
    out = []
    for name in frame.columns:
        if not isinstance(name, str):
            raise TypeError(f"column name {name!r} is not a string; rename it before writing")
        s = frame[name]
        dtype = s.dtype
        if pd.api.types.is_bool_dtype(dtype):
            present = ~s.isna().to_numpy()
            values = s.fillna(False).to_numpy(dtype=np.uint8)
            out.append({"name": name, "kind": "boolean", "values": values, "present": present})
        elif pd.api.types.is_integer_dtype(dtype):
            present = ~s.isna().to_numpy()
            values = s.fillna(0).to_numpy(dtype=np.int64)
            out.append({"name": name, "kind": "integer", "values": values, "present": present})
        elif pd.api.types.is_float_dtype(dtype):
            values = s.to_numpy(dtype=np.float64, na_value=np.nan)
            out.append({"name": name, "kind": "real", "values": values, "present": ~np.isnan(values)})
        elif (isinstance(dtype, pd.CategoricalDtype) or pd.api.types.is_object_dtype(dtype)
              or pd.api.types.is_string_dtype(dtype)):
            codes, labels, _ = intern(s, name, require_str=True)
            out.append({"name": name, "kind": "text", "codes": codes, "labels": labels})
        else:
            raise TypeError(
                f"column '{name}' has dtype {dtype}, which duikou cannot write; "
                "convert it to strings or numbers first"
            )
    return out

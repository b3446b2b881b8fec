"""The pairing table and its statistics."""

from __future__ import annotations

import copy
import difflib
import json
import os
import re
import threading
import warnings
from typing import TYPE_CHECKING, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from . import _cleaning, _columns, _core, _encoding, _headers
from ._constants import SHOWN_PROBLEMS, SIDES
from ._errors import input_error, row_place
from .results import Block, Concentration, Rendered, plural
from . import structure as _structure, versions as _versions
from . import geography as _geography, resolve as _resolution
from . import citations as _citations, panel as _panel
from . import export as _export

if TYPE_CHECKING:  # annotations only: significance imports this module
    from .significance import NullModel

REQUIRED = ("recipient", "partner")
ON_INVALID = ("error", "keep", "drop")
#: The last line of the error for invalid rows (the command line says its option instead).
ON_INVALID_HINT = ("Pass on_invalid='keep' to keep them or on_invalid='drop' to drop them "
                   "(either way they are listed in .problems).")
#: Group columns that hold names, cleaned like the sides (see _cleaning.py).
NAME_GROUPS = ("region",)
#: A pair repeats only within one value of this column, when the table has it.
DUPLICATE_SCOPE = "program"
_SHOWN_ROWS = 10  # rows of the table in its repr and HTML summary
_SAME = object()  # "as in this table" (Pairings._derive)
# Serialises the lazy interning of group columns (Pairings._group) across threads.
_INTERN_LOCK = threading.Lock()


def _stream_text(stream, source: str, encoding: str | None = None) -> str:
    """The text of an open file: str as it is, bytes decoded (UTF-8 by default, a BOM dropped)."""
    data = stream.read()
    if isinstance(data, str):
        return data
    if not _encoding.is_utf8(encoding):
        return _encoding.decode(bytes(data), encoding, source=source)
    try:
        return bytes(data).decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise input_error(f"invalid UTF-8 at byte offset {error.start}", source=source, line=line) from None


def _read_doc(path, encoding, read, parse):
    """A reader's result and its source name: ``read(path)`` for a UTF-8 file, else ``parse(text, source)``
    on the decoded text of the file or of an open file object (sys.stdin, io.StringIO)."""
    if hasattr(path, "read"):
        source = str(getattr(path, "name", "<stream>"))
        return parse(_stream_text(path, source, encoding), source), source
    source = os.fspath(path)
    if _encoding.is_utf8(encoding):
        return read(source), source
    return parse(_encoding.read_text(source, encoding), source), source


_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]{0,17})")  # within int64
_REAL = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_BOOLEAN = {"true": True, "false": False}  # as to_csv writes them


def _numbers_of(column: dict) -> dict:
    """A text column of a reader as numbers or booleans when every distinct value is one (else as it is).

    Only the distinct values are looked at; the rows keep their codes (-1: missing).
    """
    name = column["name"]
    if column["kind"] != "text" or name in SIDES or str(name).lower().endswith("code") or not len(column["labels"]):
        return column
    labels, codes = list(column["labels"]), np.asarray(column["codes"])
    present = codes >= 0
    if all(isinstance(v, str) and _INTEGER.fullmatch(v) for v in labels):
        kind, values = "integer", np.array([int(v) for v in labels], dtype=np.int64)
    elif all(isinstance(v, str) and _REAL.fullmatch(v) for v in labels):
        kind, values = "real", np.array([float(v) for v in labels])
    elif all(v in _BOOLEAN for v in labels):
        kind, values = "boolean", np.array([_BOOLEAN[v] for v in labels])
    else:
        return column
    return {"name": name, "kind": kind, "values": values[np.where(present, codes, 0)], "present": present}


def _categorical_sides(frame: pd.DataFrame) -> bool:
    """Whether both sides of a frame are Categorical columns (and the column names unique)."""
    return frame.columns.is_unique and all(
        side in frame.columns and isinstance(frame[side].dtype, pd.CategoricalDtype) for side in SIDES)


class Pairings(Rendered):
    """A pairing table: one row per pair of ``recipient`` and ``partner``.

    Optional columns (``region``, ``program``, ``level``, ``start``, ``end``,
    ``source``) and any extra columns ride along and survive every round trip.
    Names are interned once into int32 ids in the C++ core; statistics work on
    ids and attach names only in their results.

    Parameters
    ----------
    frame : pandas.DataFrame
        Must have ``recipient`` and ``partner`` columns of strings.
    on_invalid : {"error", "keep", "drop"}
        What to do with rows that have a missing or blank name, pair a place
        with itself, or repeat an earlier (recipient, partner) pair (of the
        same ``program``, when the table has a ``program`` column: a pair in
        two programs is not a duplicate). "error" (default) raises
        :class:`duikou.InputError` listing the rows; "keep" keeps them; "drop"
        removes them (for duplicates, the later rows). Either way they are
        listed in :attr:`problems`.
    metadata : dict, optional
        Free-form facts about the table (title, document, date), kept by
        :meth:`to_json`.
    columns : dict, optional
        ``{header: column}``: the headers to read as ``recipient``,
        ``partner``, ``region`` (or any other name), e.g.
        ``{"受援方": "recipient", "支援方": "partner"}``. Without it, common
        synonyms are recognised (受援方/受援地/受援城市, 支援方/帮扶方/结对城市,
        区域/片区, "recipient city", "partner city", "aided", "helper", in
        any case and spacing) and listed in :attr:`column_mapping`; two
        headers that could both be one column raise
        :class:`duikou.InputError` naming both.
    clean : bool
        Clean the names of ``recipient``, ``partner`` and ``region`` (default):
        Unicode NFC, blank characters of every kind (spaces, U+3000, U+00A0,
        zero-width) removed at both ends and between CJK characters, other
        inner runs of whitespace made one space. Each change is listed in
        :attr:`cleaned`; names that become equal are one name. ``False``
        keeps the names exactly as given.

    Attributes
    ----------
    problems : pandas.DataFrame
        The invalid rows: ``row``, ``line`` (files), ``problem``, ``side``,
        ``first_row``, ``recipient``, ``partner``, ``dropped``.
    column_mapping : dict
        ``{header: column}`` of the headers renamed on construction (empty
        when the headers were the column names).
    cleaned : pandas.DataFrame
        One row per name that cleaning changed: ``row`` (its first row),
        ``line`` (files), ``column``, ``before``, ``after``, ``rows`` (how
        many rows hold it). Empty when no name changed or with ``clean=False``.

    See Also
    --------
    from_records, read_csv, read_json, duikou.datasets.load
    """

    def __init__(self, frame: pd.DataFrame, *, on_invalid: str = "error", metadata: Mapping | None = None,
                 clean: bool = True, columns: Mapping[str, str] | None = None):
        if not isinstance(frame, pd.DataFrame):
            raise TypeError(f"Pairings expects a pandas DataFrame, got {type(frame).__name__}; "
                            "use Pairings.from_records for a list of dicts")
        attrs = frame.attrs  # a frame from to_frame() carries the table's metadata and source
        frame, mapping = self._renamed(frame, columns, "<DataFrame>")
        if _categorical_sides(frame):
            # As from_codes: the C++ table reads the Categoricals' codes, and this table's frame
            # keeps its sides as Categoricals over the table's own (read-only) codes, so the
            # sides are neither copied by pandas nor converted to int32 first.
            sides = {side: (frame[side].cat.codes.to_numpy(), frame[side].cat.categories) for side in SIDES}
            try:  # the core checks the names (str, valid Unicode) as it copies them
                table = _core.PairTable(*sides["recipient"], *sides["partner"])
            except (TypeError, ValueError):
                for side in SIDES:  # the general checks name the row of the offending name
                    _columns.intern(frame[side], side, require_str=True, source="<DataFrame>")
                raise
            data = {column: (_columns.categorical(table.codes(column), frame[column].cat.categories)
                             if column in SIDES else _columns.copied(frame[column]))
                    for column in frame.columns}
            own = pd.DataFrame(data, copy=False)  # (columns= here would make pandas convert every column)
            own.columns = frame.columns
            self._setup(own, on_invalid=on_invalid, metadata=attrs.get("metadata") if metadata is None else metadata,
                        source=str(attrs.get("source", "<DataFrame>")), lines=None, interned=sides, table=table,
                        clean=clean)
            self.column_mapping = mapping
            return
        self._setup(frame.reset_index(drop=True), on_invalid=on_invalid,
                    metadata=attrs.get("metadata") if metadata is None else metadata,
                    source=str(attrs.get("source", "<DataFrame>")), lines=None, interned={}, clean=clean)
        self.column_mapping = mapping

    # -- internal contract -------------------------------------------------------------
    # What the other modules of duikou use of a table: the members named in _CONTRACT and
    # the public API, nothing else (tests/python/test_architecture.py checks it). Every
    # other underscore name of this class is private to this file and may change freely.
    # docs/architecture.md, "The internal contract of Pairings", describes them.
    _CONTRACT = ("_build", "_derive", "_pair_table", "_data", "_line_numbers", "_memo",
                 "_group", "_names", "_display_names", "_name_lists", "_distinct_counts",
                 "_default_by", "_summary",
                 "_headline", "_rows", "_blocks")  # the last three: the render protocol (results.Rendered)

    @classmethod
    def _build(cls, frame: pd.DataFrame, *, source: str, lines=None, metadata: Mapping | None = None,
               on_invalid: str = "error", sides: Mapping | None = None, table=None,
               clean: bool = False) -> "Pairings":
        """The one constructor path besides ``__init__`` (readers, ``from_codes``, :meth:`_derive`).

        ``frame`` becomes the table as it is (its index should be 0..n-1); ``source`` names it in
        errors; ``lines`` (array-like or None) gives each row's line in the source file.
        ``sides``: ``{side: (codes, names)}`` for the sides already interned (int32 codes, -1
        missing; names the distinct names, id k is names[k]); ``table``: the C++ table of both sides when the
        caller built it (then only the names of ``sides`` are used). ``clean``: clean the names
        (the user's ``clean=``; a derived table's names are clean already).
        """
        obj = cls.__new__(cls)
        obj._setup(frame, on_invalid=on_invalid, metadata=metadata, source=source, lines=lines,
                   interned=dict(sides or {}), table=table, clean=clean)
        return obj

    def _derive(self, frame: pd.DataFrame, *, codes: Mapping | None = None, source: str | None = None,
                lines=_SAME, metadata: Mapping | None = None, on_invalid: str = "keep") -> "Pairings":
        """A new table made from this one: ``frame``, with this table's source and metadata.

        ``codes``: ``{side: int32 codes}`` for the sides of ``frame`` whose names are this
        table's (ids into :meth:`_names` of that side), so they are not interned again;
        the other sides are interned from ``frame``. ``lines`` defaults to this table's
        (pass None when the rows are not this table's rows); ``source`` and ``metadata``
        default to this table's. Invalid rows are kept (and listed in ``problems``) unless
        ``on_invalid`` says otherwise.
        """
        sides = {side: (np.asarray(c, dtype=np.int32), self._table.labels(side))  # the core's names of the side
                 for side, c in (codes or {}).items()}
        return type(self)._build(frame, source=self._source if source is None else source,
                                 lines=self._lines if lines is _SAME else lines,
                                 metadata=self.metadata if metadata is None else metadata,
                                 on_invalid=on_invalid, sides=sides)

    @property
    def _pair_table(self) -> "_core.PairTable":
        """The C++ table: both sides and every group column interned so far (see :meth:`_group`)."""
        return self._table

    @property
    def _data(self) -> pd.DataFrame:
        """The rows as a DataFrame, shared, not copied: read it, never change it."""
        return self._frame

    @property
    def _line_numbers(self):
        """Each row's line in the source file (array-like, indexable by row), or None."""
        return self._lines

    @property
    def _memo(self) -> dict:
        """A per-table memo for results that depend only on the names (a table never changes)."""
        return self.__dict__.setdefault("_memo_store", {})

    @property
    def source(self) -> str:
        """Where the table came from: a file path, or ``<DataFrame>``, ``<records>``, ``<codes>``."""
        return self._source

    # -- construction -----------------------------------------------------------------
    #: ``{header: column}`` of the headers renamed on construction (see ``columns=``).
    column_mapping: dict = {}

    @staticmethod
    def _renamed(frame: pd.DataFrame, columns, source: str) -> tuple:
        """The frame with its headers renamed by ``columns=`` or the synonyms, and the mapping used."""
        mapping = _headers.column_mapping(frame.columns, columns, source=source)
        return (frame.rename(columns=mapping) if mapping else frame), mapping

    def _setup(self, frame, *, on_invalid, metadata, source, lines, interned, table=None, clean=False):
        # interned: {side: (codes, names)} already known for the frame's sides; `table`, the
        # C++ table of those sides when a reader or from_codes built it (then only names count).
        # "names" are the interned names (id k is names[k]); "labels" means only a display language.
        if on_invalid not in ON_INVALID:
            raise ValueError(f"on_invalid must be one of {ON_INVALID}, got {on_invalid!r}")
        for name in REQUIRED:
            if name not in frame.columns:
                close = difflib.get_close_matches(name, [str(c) for c in frame.columns], n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise input_error(f"no '{name}' column{hint}; a pairing table needs 'recipient' and 'partner' "
                                  f"(columns found: {', '.join(map(str, frame.columns)) or 'none'})", source=source)
        self._source = source
        self._lines = lines
        self.metadata = dict(metadata or {})
        self._uniques = {}
        sides, reports, given_table = {}, [], table
        for name in SIDES:
            codes, names = interned[name] if name in interned else \
                _columns.intern(frame[name], name, require_str=True, source=source)[::2]
            names = np.asarray(names, dtype=object)  # once: cleaning and the results read this array
            cleaned = _cleaning.clean_names(names) if clean else None
            if cleaned is not None:  # rows remapped by their codes; the core's table is built anew
                codes = given_table.codes(name) if codes is None else codes
                frame, codes, names, table = self._clean_column(frame, name, cleaned, codes, reports), \
                    cleaned.codes(codes), cleaned.distinct, None
            sides[name] = (codes, names)
            self._uniques[name] = np.asarray(names, dtype=object)  # a list when cleaning changed a name
        if table is None and given_table is not None:  # a side was cleaned: the other's codes are the given table's
            sides = {name: (given_table.codes(name) if codes is None else codes, names)
                     for name, (codes, names) in sides.items()}
        self._table = table if table is not None else _core.PairTable(*sides["recipient"], *sides["partner"])
        self._frame = self._clean_groups(frame, source, reports) if clean else frame
        self.cleaned = self._cleaning_report(reports)
        self.problems = self._find_problems()
        if len(self.problems):
            if on_invalid == "error":
                first_line = self.problems["line"].iloc[0] if "line" in self.problems.columns else None
                raise input_error(self._describe_problems(source), source=source, line=first_line, located=True)
            if on_invalid == "drop":
                drop = self.problems["row"].unique()
                keep = np.setdiff1d(np.arange(len(frame)), drop)
                problems, cleaned = self.problems.assign(dropped=True), self.cleaned
                self._setup(frame.iloc[keep].reset_index(drop=True), on_invalid="error", metadata=metadata,
                            source=source, lines=None if lines is None else lines[keep], interned={}, clean=False)
                self.problems, self.cleaned = problems, cleaned  # rows of the table before the drop, as problems
                return
        self.problems = self.problems.assign(dropped=False)

    def _intern_sides(self, interned: Mapping, table=None) -> None:
        # The C++ table of both sides (group columns are interned later, on first use).
        self._uniques = {}
        sides = {}
        for name in SIDES:
            codes, names = interned.get(name) or _columns.intern(self._frame[name], name, require_str=True,
                                                                 source=self._source)[:2]
            sides[name] = (codes, names)
            self._uniques[name] = np.asarray(names, dtype=object)
        self._table = table if table is not None else _core.PairTable(*sides["recipient"], *sides["partner"])

    @staticmethod
    def _clean_column(frame, name, cleaned, codes, reports) -> pd.DataFrame:
        """The frame with column ``name`` cleaned (see _cleaning.py); its report appended to ``reports``."""
        reports.append(_cleaning.report(name, cleaned, codes))
        frame = frame.copy(deep=False)  # never the caller's frame
        frame[name] = _cleaning.cleaned_column(frame[name], cleaned, codes)
        return frame

    def _clean_groups(self, frame, source, reports) -> pd.DataFrame:
        """Clean the text group columns that hold names (``region``), through their distinct values.

        A column of objects is interned into the C++ table on the way, as :meth:`_group` would on
        first use (which statistics of a table with a region soon make), so it is factorised once;
        a Categorical one is left to :meth:`_group` (its codes are read again, not hashed).
        """
        for name in NAME_GROUPS:
            if name not in frame.columns:
                continue
            column = frame[name]
            if not (isinstance(column.dtype, pd.CategoricalDtype) or pd.api.types.is_object_dtype(column.dtype)
                    or pd.api.types.is_string_dtype(column.dtype)):
                continue
            codes, core_names, names = _columns.intern(column, name, require_str=False, source=source)
            cleaned = _cleaning.clean_names(names)
            if cleaned is not None:
                frame = self._clean_column(frame, name, cleaned, codes, reports)
                codes, names = cleaned.codes(codes), np.asarray(cleaned.distinct + [None], dtype=object)[:-1]
                core_names = [str(v) for v in names]
            if isinstance(column.dtype, pd.CategoricalDtype):
                # Interning a Categorical again costs nothing but its codes: left to the first
                # statistic that needs it (_group), so building keeps no int32 copy of them.
                continue
            codes, core_names, names = _columns.with_missing_label(codes, core_names, names)
            self._uniques[name] = names
            self._table.add_group(name, codes, core_names)
        return frame

    def _cleaning_report(self, reports) -> pd.DataFrame:
        """The ``.cleaned`` table: one row per changed name, ordered by first row, with file lines."""
        if not reports:
            return _cleaning.empty_report(self._lines is not None)
        out = pd.concat(reports, ignore_index=True).sort_values("row", kind="stable", ignore_index=True)
        if self._lines is not None:
            out.insert(1, "line", np.asarray(self._lines[out["row"].to_numpy()], dtype=np.int64))
        return out

    def _find_problems(self) -> pd.DataFrame:
        # The same pair in two programs (a stacked table) is not a duplicate.
        p = self._table.problems(self._group(DUPLICATE_SCOPE) if DUPLICATE_SCOPE in self._frame.columns else None)
        rows = p["row"]
        out = pd.DataFrame({"row": rows})
        if self._lines is not None:
            out["line"] = self._lines[rows]
        out["problem"] = p["problem"]
        out["side"] = p["side"]
        out["first_row"] = pd.array(np.where(p["first_row"] >= 0, p["first_row"], 0), dtype="Int64")
        out.loc[p["first_row"] < 0, "first_row"] = pd.NA
        for side in SIDES:
            # Only the problem rows, from the array: Series.iloc would keep the row numbers
            # of the RangeIndex as an 8-byte-a-row array, a whole column of objects to_numpy().
            out[side] = np.asarray(self._frame[side].array.take(rows), dtype=object)
        return out

    def _describe_problems(self, source: str) -> str:
        p = self.problems
        lines = []
        # Rows are said as people count them: the file's line, else 1-based (the row column is 0-based).
        for rec in p.head(SHOWN_PROBLEMS).itertuples(index=False):
            where = row_place(self._lines, rec.row)
            first = "" if pd.isna(rec.first_row) else row_place(self._lines, rec.first_row)
            what = {
                "duplicate": f"repeats {first}",
                "self_pair": "pairs a place with itself",
                "missing_name": f"no {rec.side} name",
                "empty_name": f"blank {rec.side} name",
            }[rec.problem]
            lines.append(f"  {where}: {what} ({rec.recipient!r} - {rec.partner!r})")
        more = f"\n  ... and {len(p) - SHOWN_PROBLEMS} more" if len(p) > SHOWN_PROBLEMS else ""
        counts = ", ".join(f"{n} {k}" for k, n in p["problem"].value_counts(sort=False).items())
        return (f"{source}: {plural(len(p), 'invalid row')} ({counts}):\n" + "\n".join(lines) + more +
                "\n" + ON_INVALID_HINT)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, *, on_invalid: str = "error", metadata: Mapping | None = None,
                   clean: bool = True, columns: Mapping[str, str] | None = None) -> "Pairings":
        """Build from a DataFrame (Categorical columns are read through their codes).

        Same as ``Pairings(frame, ...)``; ``columns={"受援方": "recipient", ...}``
        names the headers to read as the table's columns. ``metadata``
        defaults to ``frame.attrs["metadata"]`` and the source to
        ``frame.attrs["source"]`` when the frame has them (a frame from
        :meth:`to_frame` does).
        """
        return cls(frame, on_invalid=on_invalid, metadata=metadata, clean=clean, columns=columns)

    @classmethod
    def from_records(cls, records: Iterable[Mapping], *, on_invalid: str = "error",
                     metadata: Mapping | None = None, clean: bool = True,
                     columns: Mapping[str, str] | None = None) -> "Pairings":
        """Build from an iterable of dicts such as ``{"recipient": "赣州市", "partner": "深圳市"}``."""
        records = list(records)
        for i, r in enumerate(records):
            if not isinstance(r, Mapping):
                raise TypeError(f"record {i} is a {type(r).__name__}, expected a dict")
        frame = pd.DataFrame.from_records(records) if records else pd.DataFrame(columns=list(REQUIRED))
        frame, mapping = cls._renamed(frame, columns, "<records>")
        out = cls._build(frame, on_invalid=on_invalid, metadata=metadata, source="<records>", clean=clean)
        out.column_mapping = mapping
        return out

    @classmethod
    def _from_columns(cls, doc, *, source, lines, metadata, on_invalid, clean, columns, header_line,
                      numbers: bool = False, dtype=None) -> "Pairings":
        # doc: a reader's result, its sides already in a C++ table (doc["table"]) when both are text.
        mapping = _headers.column_mapping([c["name"] for c in doc["columns"]], columns, source=source,
                                          line=header_line)
        table = doc["table"]
        if mapping:
            for c in doc["columns"]:
                c["name"] = mapping.get(c["name"], c["name"])
            if set(mapping) & set(SIDES) or set(mapping.values()) & set(SIDES):
                table = None  # the reader's table holds other columns: the sides are built from the renamed ones
        columns = doc["columns"]
        if numbers and dtype is None:  # read_csv: after the renaming, so the sides stay text whatever their header
            columns = [_numbers_of(c) for c in columns]
        frame = _columns.frame_from_columns(columns, dtype=dtype)
        interned = {c["name"]: (c["codes"], c["labels"]) for c in columns
                    if c["name"] in SIDES and c["kind"] == "text"}
        for name in SIDES:
            kinds = {c["name"]: c["kind"] for c in columns}
            if kinds.get(name, "text") != "text" and frame[name].notna().any():
                raise input_error(f"expected names (strings), found {kinds[name]} values", source=source,
                                  field=name)
        out = cls._build(frame, on_invalid=on_invalid, metadata=metadata, source=source, lines=lines,
                         sides=interned, table=table, clean=clean)
        out.column_mapping = mapping
        return out

    @classmethod
    def read_csv(cls, path: str | os.PathLike, *, on_invalid: str = "error", clean: bool = True,
                 columns: Mapping[str, str] | None = None, encoding: str | None = None,
                 numbers: bool = True, dtype: str | None = None) -> "Pairings":
        """Read an RFC 4180 CSV file (UTF-8, BOM tolerated) with a header line.

        Columns are read as text, exactly as written, except that with
        ``numbers=True`` (default) a column other than ``recipient``,
        ``partner`` and ``*code`` (identifiers) whose every value is a number
        as :meth:`to_csv` writes one (``2022``, ``-1.5``, ``1e-07``; no
        leading zeros, so ``007`` stays text) or ``true``/``false`` becomes
        integers, floats or booleans, so numbers survive a CSV round trip
        (a float column of whole numbers comes back as integers).
        ``numbers=False`` reads every column as text. Names are then cleaned
        unless ``clean=False`` (see :class:`Pairings`). A bare empty field is
        a missing value; a quoted empty field (``""``) is the empty string.
        Errors name the file and line.

        ``columns={"受援方": "recipient", "支援方": "partner", "区域": "region"}``
        names the headers to read as the table's columns (without it, common
        synonyms are recognised, see :class:`Pairings`). ``encoding="gbk"``
        (or ``"gb18030"``, any encoding Python knows) decodes the file before
        reading; the default reads UTF-8. ``path`` may also be an open file
        (``sys.stdin``, ``io.StringIO``), named in errors by its ``name``.

        ``dtype="category"`` makes every column a pandas Categorical (of the
        names in order of first appearance) in :meth:`to_frame`, built from
        the reader's codes without a str per row: about a third of the time
        of a million-row file (then ``numbers`` does not apply). The default
        (None) keeps object columns of str (numbers as numbers, see above).
        """
        doc, source = _read_doc(path, encoding, _core.read_csv, _core.parse_csv)
        lines = doc["lines"] if doc["lines"] is not None else _columns.ConsecutiveLines(doc["first_line"])
        return cls._from_columns(doc, source=source, lines=lines, metadata=None, on_invalid=on_invalid,
                                 clean=clean, columns=columns, header_line=1, numbers=numbers, dtype=dtype)

    @classmethod
    def read_json(cls, path: str | os.PathLike, *, on_invalid: str = "error", clean: bool = True,
                  columns: Mapping[str, str] | None = None, encoding: str | None = None,
                  dtype: str | None = None) -> "Pairings":
        """Read a JSON table: an array of records, or ``{"metadata": {...}, "pairs": [...]}``.

        ``clean``, ``columns``, ``encoding`` and ``dtype`` as for :meth:`read_csv`;
        ``path`` may also be an open file.
        """
        doc, source = _read_doc(path, encoding, _core.read_json, _core.parse_json)
        return cls._from_columns(doc, source=source, lines=None, metadata=json.loads(doc["metadata"]),
                                 on_invalid=on_invalid, clean=clean, columns=columns, header_line=None,
                                 dtype=dtype)

    # -- round trips -------------------------------------------------------------------
    def to_frame(self) -> pd.DataFrame:
        """A copy of the table as a DataFrame, every column in its original order.

        Its ``attrs`` hold ``metadata`` and ``source``, so :meth:`from_frame`
        (or ``Pairings(frame)``) of it, or of rows selected from it, keeps them.
        """
        frame = self._frame.copy()
        frame.attrs = {"metadata": copy.deepcopy(self.metadata), "source": self._source}
        return frame

    def to_csv(self, path: str | os.PathLike | None = None) -> str | None:
        """Write CSV (RFC 4180 quoting, UTF-8, no BOM); return the text if ``path`` is None.

        Missing values are written as bare empty fields and empty strings as
        ``""``, so :meth:`read_csv` reads back exactly what was written.
        """
        columns = _columns.columns_from_frame(self._frame)
        if path is None:
            return _core.format_csv(columns)
        _core.write_csv(columns, os.fspath(path))
        return None

    def to_json(self, path: str | os.PathLike | None = None) -> str | None:
        """Write ``{"metadata": ..., "pairs": [...]}``, one record per line; return it if ``path`` is None."""
        columns = _columns.columns_from_frame(self._frame)
        metadata = json.dumps(self.metadata, ensure_ascii=False)
        if path is None:
            return _core.format_json(columns, metadata)
        _core.write_json(columns, os.fspath(path), metadata)
        return None

    # -- basic facts -------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._frame)

    @property
    def columns(self) -> list:
        """Column names of the table, in their original order."""
        return list(self._frame.columns)

    @property
    def recipients(self) -> list:
        """Distinct recipient names, in order of first appearance."""
        return self._labels_in_order("recipient")

    @property
    def partners(self) -> list:
        """Distinct partner names, in order of first appearance."""
        return self._labels_in_order("partner")

    def _labels_in_order(self, column: str) -> list:
        f = _core.frequency(self._table, self._group(column))
        order = np.argsort(f["first_row"], kind="stable")
        return list(self._uniques[self._group(column)][f["ids"][order]])

    def _group(self, column: str) -> str:
        """Intern a column into the C++ table on first use; return its name there.

        Thread-safe; KeyError (with a close match) for a column the table lacks.
        """
        if column in SIDES or self._table.has_column(column):
            return column
        if column not in self._frame.columns:
            close = difflib.get_close_matches(column, [str(c) for c in self._frame.columns], n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise KeyError(f"no column {column!r} in this table{hint}; columns: {', '.join(map(str, self.columns))}")
        with _INTERN_LOCK:  # threads asking for the same new column intern it once
            if not self._table.has_column(column):
                # names as written (numbers stay numbers); the core gets them as text
                codes, core_names, names = _columns.intern(self._frame[column], column, require_str=False)
                codes, core_names, names = _columns.with_missing_label(codes, core_names, names)
                self._uniques[column] = names  # first: has_column() true means the names are there
                self._table.add_group(column, codes, core_names)
        return column

    def _names(self, column: str) -> np.ndarray:
        """The interned names of a column (interning it on first use): id k is element k.

        Object array, the values as written (a group column may hold non-strings and, when it
        has missing values, ends with a NaN name for them). For names in a display language,
        see :meth:`_display_names`.
        """
        return self._uniques[self._group(column)]

    def _display_names(self, column: str, ids, labels: str = "zh") -> np.ndarray:
        """Names of ids of a column in a display language: as written ("zh") or in English ("en").

        "en" uses the gazetteer's ``name_en`` after resolution (see resolve.id_labels).
        """
        return _resolution.id_labels(self, column, labels)[np.asarray(ids, dtype=np.int64)]

    def _name_lists(self, key: str, value: str, labels: str = "zh", order=None) -> tuple[np.ndarray, list]:
        """Per id of ``key``: the number of distinct ``value`` ids and their display names.

        Both are interned group names (see :meth:`_group`); names in first-appearance order.
        With ``order`` (key ids), the lists come as an object array whose element i is the
        list of key ``order[i]``, ready to be a DataFrame column (the counts stay per id).
        Each list refers to the shared name objects (one str per distinct name).
        """
        offsets, ids = _core.distinct(self._table, key, value)
        return np.diff(offsets), self._lists_of(offsets, ids, value, labels, order)

    def _lists_of(self, offsets, ids, value: str, labels: str, order=None):
        # The lists of a kernel's (offsets, ids) of the names of `value`, built in C++ (_core.name_lists).
        names = _resolution.id_labels(self, value, labels)  # the name of every id, as _display_names gives them
        return _core.name_lists(offsets, ids, names, None if order is None else np.asarray(order, dtype=np.int64))

    def _distinct_counts(self, key: str, value: str) -> np.ndarray:
        """Per key id: number of distinct values (no names)."""
        return _core.distinct_counts(self._table, key, value)

    # -- statistics --------------------------------------------------------------------
    def _frequency(self, side: str, other: str, by: str | None, labels: str, names: bool) -> pd.DataFrame:
        f = _core.frequency(self._table, side)
        ids = f["ids"]
        counts = f["counts"]
        total = counts.sum()
        columns = {side: self._display_names(side, ids, labels), "pairs": counts,
                   "share": counts / total if total else counts.astype(float)}
        if by is not None:
            columns[by + "s"] = self._distinct_counts(side, self._group(by))[ids]
        if names:  # the column takes the object array of lists as it is (no list of lists to convert)
            lists = self._name_lists(side, other, labels, order=ids)[1]
            columns[other + "s" if by != other else other + "_names"] = lists
        return _columns.frame_of(columns)

    def _default_by(self, by):
        """The group column meant by ``by="auto"``: ``region`` when the table has one, else None."""
        if by == "auto":
            return "region" if "region" in self._frame.columns else None
        return by

    def partner_frequency(self, by: str | None = "auto", *, labels: str = "zh", names: bool = True) -> pd.DataFrame:
        """Pairs per partner: ``partner``, ``pairs``, ``share``, ``regions``, ``recipients``.

        f(p) is the number of pairs naming p and share = f(p) / N. Rows are
        ordered by f descending, ties by first appearance in the input.
        ``regions`` counts the distinct values of the ``by`` column (default
        ``region`` when present) among the partner's pairs; ``recipients``
        lists the distinct recipients in order of first appearance.
        ``labels="en"`` gives names in English (gazetteer ``name_en``; a
        name that does not resolve stays as written), as in every statistic.
        ``names=False`` leaves out the ``recipients`` lists (the counts stay),
        which at a million pairs costs as much as the rest of the method.
        """
        return self._frequency("partner", "recipient", self._default_by(by), labels, names)

    def recipient_frequency(self, by: str | None = "auto", *, labels: str = "zh", names: bool = True) -> pd.DataFrame:
        """Pairs per recipient: ``recipient``, ``pairs``, ``share``, ``regions``, ``partners``.

        Same definitions, order and ``names=`` as :meth:`partner_frequency`, sides swapped.
        """
        return self._frequency("recipient", "partner", self._default_by(by), labels, names)

    def region_coverage(self, universe: Sequence[str] | None = None, *, by: str = "region",
                        labels: str = "zh", names: bool = True) -> pd.DataFrame:
        """Per region: ``region``, ``recipients``, ``pairs``, ``partners``, ``partner_names``.

        ``recipients`` and ``partners`` count distinct names; ``partner_names``
        lists the partners in order of first appearance. Regions appear in the
        order they first appear in the table; rows without a region are
        counted in a row whose region is NaN.

        Parameters
        ----------
        universe : sequence of str, optional
            Every region that could be covered. Regions of the universe without
            a pair are added with zeros, a boolean ``covered`` column is added,
            and ``df.attrs["covered_share"]`` holds the share of the universe
            with at least one pair. A region of the table missing from the
            universe raises ValueError.
        by : str
            The group column (default ``region``).
        labels : {"zh", "en"}
            With "en", partner names in English; region names stay as written
            (they have no gazetteer entry) unless the table has a
            ``region_en`` column (see :func:`duikou.resolve.id_labels`). The
            universe is matched against the names as shown.
        names : bool
            False leaves out the ``partner_names`` lists (the counts stay).
        """
        g = self._group(by)
        c = _core.coverage(self._table, g, "partner", "recipient")  # one pass over the rows
        present = np.flatnonzero(c["pairs"])
        order = present[np.argsort(c["first_row"][present], kind="stable")]
        offsets = c["partner_offsets"]
        columns = {
            by: self._display_names(g, order, labels),
            "recipients": c["recipients"][order],
            "pairs": c["pairs"][order],
            "partners": np.diff(offsets)[order],
        }
        if names:
            columns["partner_names"] = self._lists_of(offsets, c["partner_ids"], "partner", labels, order)
        out = _columns.frame_of(columns)
        if universe is not None:
            universe = list(universe)
            present = [r for r in out[by] if not (isinstance(r, float) and np.isnan(r))]
            outside = [r for r in present if r not in set(universe)]
            if outside:
                raise ValueError(f"{by} {outside} of the table are not in the universe; "
                                 "add them to the universe or correct the names")
            missing = [r for r in dict.fromkeys(universe) if r not in set(present)]
            extra = pd.DataFrame({by: missing, "recipients": 0, "pairs": 0, "partners": 0,
                                  **({"partner_names": [[] for _ in missing]} if names else {})})
            out = pd.concat([out, extra], ignore_index=True)
            out["covered"] = out["pairs"] > 0
            n_universe = len(dict.fromkeys(universe))
            out.attrs["covered_share"] = (len(present) / n_universe) if n_universe else float("nan")
        return out

    def partner_reach(self, by: str = "region", *, labels: str = "zh", names: bool = True) -> pd.DataFrame:
        """Per partner: ``partner``, ``regions`` (distinct regions served), ``region_names``.

        Ordered by reach descending, ties by the partner's first appearance.
        ``labels="en"``: names in English (see :meth:`partner_frequency`);
        ``names=False`` leaves out the ``region_names`` lists.
        """
        g = self._group(by)
        offsets, region_ids = _core.distinct(self._table, "partner", g)
        n = np.diff(offsets)
        f = _core.frequency(self._table, "partner")
        first = np.full(len(n), np.iinfo(np.int64).max)
        first[f["ids"]] = f["first_row"]
        ids = f["ids"][np.lexsort((first[f["ids"]], -n[f["ids"]]))]
        columns = {"partner": self._display_names("partner", ids, labels), by + "s": n[ids]}
        if names:
            columns[by + "_names"] = self._lists_of(offsets, region_ids, g, labels, ids)
        return _columns.frame_of(columns)

    def coverage_matrix(self, rows: str = "region", columns: str = "partner", *,
                        labels: str = "zh") -> pd.DataFrame:
        """Pair counts: one row per value of ``rows``, one column per value of ``columns``.

        Either argument is ``"recipient"``, ``"partner"`` or a group column,
        e.g. ``coverage_matrix("region", "partner_province")`` after
        :meth:`resolve` (group x group). Labels are ordered by first
        appearance (Categorical columns: by category); ``labels="en"`` gives
        them in English (see :meth:`partner_frequency`).
        """
        r, c = self._group(rows), self._group(columns)
        m = _core.coverage_matrix(self._table, r, c)
        # Labels as they are (object): group values may be numbers, which pandas would otherwise re-infer.
        out = pd.DataFrame(m, index=pd.Index(self._display_names(r, np.arange(m.shape[0]), labels), dtype=object,
                                             name=rows),
                           columns=pd.Index(self._display_names(c, np.arange(m.shape[1]), labels), dtype=object,
                                            name=columns))
        return out

    def concentration(self, side: str = "partner", k: int = 4) -> Concentration:
        """Concentration of the pair counts of one side (default: partners).

        With counts x_i of the n entities that have a pair and shares
        s_i = x_i / N: HHI = sum s^2, normalised HHI = (HHI - 1/n)/(1 - 1/n),
        Gini = ``sum_i sum_j |x_i - x_j| / (2 n^2 mean)``, Shannon
        H = -sum s ln s, Hill numbers exp(H) and 1/HHI, and CR_k, the share
        of the k largest.

        Parameters
        ----------
        side : str
            ``"partner"``, ``"recipient"`` or any column (then the pair counts
            per value of that column).
        k : int
            Number of largest entities in CR_k (at least 1).

        Returns
        -------
        Concentration

        References
        ----------
        Herfindahl (1950), Hirschman (1964); Gini (1912); Shannon (1948);
        Hill, M. O. (1973), Diversity and evenness: a unifying notation and
        its consequences, Ecology 54(2), 427-432. See the documentation's
        "Definitions and references" page.
        """
        if side not in SIDES and side not in self._frame.columns:
            raise KeyError(f"side must be 'recipient', 'partner' or a column, got {side!r}")
        f = _core.frequency(self._table, self._group(side))
        return Concentration(side=side, **_core.concentration(f["counts"], k))

    # -- structure (structure.py) -------------------------------------------------------
    # The functions there take the table as first argument, so they serve as methods
    # as they are (one docstring each, kept beside the code).
    components = _structure.components
    projection = _structure.projection
    nodf = _structure.nodf
    burden = _versions.burden

    # -- resolution, rollups and geography (geography.py) --
    # Functions of resolve.py and geography.py taking the table first; docstrings live there.
    from_codes = classmethod(_resolution.from_codes)
    resolve = _resolution.resolve
    #: After :meth:`resolve`: one row per distinct (side, name) with its status; None before.
    resolution: pd.DataFrame | None = None
    #: After :meth:`resolve` (canonical): the written names merged into one gazetteer name; None before.
    merged: pd.DataFrame | None = None
    group_frequency = _geography.group_frequency
    rollup = _geography.rollup
    same_group_pairs = _geography.same_group_pairs
    same_group_share = _geography.same_group_share
    distances = _geography.distances
    distance_summary = _geography.distance_summary
    nearest_partner_rank = _geography.nearest_partner_rank
    to_geojson = _geography.to_geojson

    # -- to other libraries (export.py; each imported only when called) --
    to_networkx = _export.to_networkx
    to_geodataframe = _export.to_geodataframe
    to_excel = _export.to_excel

    # -- registry: citations and treatment panel (citations.py, panel.py; docstrings there) --
    sources = _citations.sources
    to_panel = _panel.to_panel

    # -- significance (significance/) --
    def null_model(self, method: str = "curveball", **options) -> "NullModel":
        """A null model of this table: random tables that keep chosen facts of it.

        ``method`` is ``"curveball"`` (keeps both degree sequences) or
        ``"fixed_recipients"`` (keeps the recipients' degrees); options
        ``strata``, ``capacity``, ``burn_in``, ``thin``, ``chain_length`` are
        those of :class:`duikou.significance.NullModel`, which documents them.
        """
        from .significance import NullModel

        return NullModel(self, method, **options)

    def test(self, statistic, method: str = "curveball", *, n: int = 999, alternative: str = "greater",
             seed: int | None = None, exact: bool | str = "auto", exact_budget: float = 1.0,
             threads: int | None = None, executor=None, progress: bool | None = None, by: str = "region",
             groups: Sequence[str] = ("recipient_province", "partner_province"), strata: str | None = None,
             capacity=None, burn_in: int | None = None, thin: int | None = None, chain_length: int | None = None,
             null: str | None = None):
        """Test a statistic against a null model; returns a :class:`duikou.NullModelResult`.

        Same as ``self.null_model(method, strata=..., capacity=..., burn_in=...,
        thin=..., chain_length=...).test(statistic, n=..., ...)``: see
        :meth:`duikou.significance.NullModel.test` for the statistics (a
        list of them gives a :class:`duikou.NullModelResults`), ``n``,
        ``alternative``, ``seed``, ``exact``, ``exact_budget``, ``threads``,
        ``executor``, ``progress``, ``by`` and ``groups``, and
        :class:`duikou.significance.NullModel` for the model options.
        ``null=`` is the former name of ``method`` (deprecated).

        Examples
        --------
        >>> plan.test("max_frequency", "fixed_recipients", seed=1)  # doctest: +SKIP
        """
        from .significance import null_test

        if null is not None:
            warnings.warn("test(null=...) is deprecated; use method=... (the same values)", FutureWarning,
                          stacklevel=2)
            method = null
        return null_test(self, statistic, method, n=n, alternative=alternative, seed=seed, exact=exact,
                         exact_budget=exact_budget, threads=threads, executor=executor, progress=progress, by=by,
                         groups=groups, strata=strata, capacity=capacity, burn_in=burn_in, thin=thin,
                         chain_length=chain_length)

    # -- charts (plot.py) ---------------------------------------------------------------
    @property
    def plot(self):
        """Charts of this table (:class:`duikou.plot.PairingsPlot`): ``partner_frequency``,
        ``coverage``, ``bipartite``, ``flow_map``; each returns a matplotlib Axes."""
        from .plot import PairingsPlot

        return PairingsPlot(self)

    # -- display -----------------------------------------------------------------------
    def _summary(self) -> str:
        """One line: counts of pairs, recipients, partners (and regions, resolution), title."""
        parts = [plural(len(self), "pair"), plural(len(self._uniques["recipient"]), "recipient"),
                 plural(len(self._uniques["partner"]), "partner")]
        if "region" in self._frame.columns:
            parts.append(plural(self._frame["region"].nunique(), "region"))
        if self.resolution is not None:
            parts.append(_resolution.resolution_summary(self.resolution))
        title = self.metadata.get("title") or self.metadata.get("name")
        return "Pairings(" + ", ".join(parts) + (f"; {title}" if title else "") + ")"

    # The render protocol of results.Rendered: __repr__, __str__ and _repr_html_ come from these.
    def _headline(self) -> str:
        """The first line of the repr: :meth:`_summary`."""
        return self._summary()

    def _rows(self) -> list:
        """Where the table came from and how many rows were reported invalid."""
        rows = [("source", self._source)]
        if self.column_mapping:
            rows.append(("columns", _headers.describe(self.column_mapping)))
        if len(self.problems):
            rows.append(("problems", f"{plural(len(self.problems), 'reported row')}, see .problems"))
        if len(self.cleaned):
            rows.append(("cleaned", f"{plural(len(self.cleaned), 'name')} cleaned, see .cleaned"))
        if self.merged is not None and len(self.merged):
            rows.append(("merged", _resolution.merge_summary(self.merged)))
        return rows

    def _blocks(self) -> list:
        """The first rows of the table."""
        # floats as numbers read ("0.3", "2022"), not as stored (0.30000000000000004)
        return [Block.from_frame("first rows", self._frame, _SHOWN_ROWS, floats="{:.6g}")]

    # -- pandas habits: pickling, copying, selecting rows, iterating ------------------------
    def __getstate__(self) -> dict:
        # The C++ table is not picklable: it is rebuilt from the rows (same ids: first appearance).
        return {k: v for k, v in self.__dict__.items() if k not in ("_table", "_uniques", "_memo_store")}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._intern_sides({})

    def __getitem__(self, key) -> "Pairings":
        """The rows selected by a boolean mask (Series, array or list, one value per row) or a slice.

        ``plan[plan.to_frame()["region"] == "大别山革命老区"]``, ``plan[:5]``. The new
        table keeps the source, metadata and line numbers of the selected rows.
        """
        n = len(self)
        if isinstance(key, slice):
            return self._take(np.arange(n)[key])
        if isinstance(key, (str, int, np.integer)):
            raise TypeError(f"Pairings selects rows by a boolean mask or a slice, not by {key!r}; "
                            "for a column or one row use plan.to_frame()[...] or plan.to_frame().iloc[...]")
        if isinstance(key, pd.Series) and not key.index.equals(pd.RangeIndex(n)):
            if len(key) != n or not key.index.sort_values().equals(pd.RangeIndex(n)):
                raise ValueError(f"the mask's index does not match the table's rows 0..{n - 1}")
            key = key.sort_index()
        mask = np.asarray(key)
        if mask.dtype != bool:
            raise TypeError(f"Pairings selects rows by a boolean mask, got values of type {mask.dtype}; "
                            "use plan.head(n), plan[a:b] or plan.query(...)")
        if mask.shape != (n,):
            raise ValueError(f"the boolean mask has {plural(mask.size, 'value')}; the table has {plural(n, 'row')}, "
                             "one value per row is needed")
        return self._take(np.flatnonzero(mask))

    def query(self, expr: str, **kwargs) -> "Pairings":
        """The rows for which ``expr`` holds, as :meth:`pandas.DataFrame.query` reads it.

        ``plan.query("region == '大别山革命老区'")``; ``@name`` refers to a local variable.
        """
        kwargs["level"] = kwargs.get("level", 0) + 1  # @names are the caller's, not this method's
        return self._take(self._frame.query(expr, **kwargs).index.to_numpy())

    def head(self, n: int = 5) -> "Pairings":
        """The first ``n`` rows (all of them when the table is shorter)."""
        return self[:n]

    def tail(self, n: int = 5) -> "Pairings":
        """The last ``n`` rows."""
        return self[max(len(self) - n, 0):] if n > 0 else self[:0]

    def __iter__(self):
        """Rows as named tuples (``row.recipient``, ``row.partner``, ... ; ``DataFrame.itertuples``).

        Columns whose names are not Python identifiers are named by position
        (``_3``), as pandas does.
        """
        return self._frame.itertuples(index=False, name="Pair")

    def _take(self, rows: np.ndarray) -> "Pairings":
        # The selected rows as a new table: names interned again (only those left count).
        rows = np.asarray(rows, dtype=np.int64)
        frame = self._frame.iloc[rows].reset_index(drop=True)
        out = self._derive(frame, lines=None if self._lines is None else np.asarray(self._lines[rows]))
        if self.resolution is not None:  # the report of the names still present, with their pairs now
            report = self.resolution.copy()
            for side in SIDES:
                on_side = report["side"] == side
                report.loc[on_side, "pairs"] = report.loc[on_side, "name"].map(frame[side].value_counts()).fillna(0)
            out.resolution = report[report["pairs"] > 0].reset_index(drop=True)
        return out

"""The one rule that cleans names on construction, applied to distinct names only.

Spreadsheets and web pages leave invisible differences in names: "深圳市 ",
"　深圳市" (U+3000), "深圳市\\xa0", "深圳市\\u200b" and "深圳市" are one city.
:func:`clean_name` is the rule; :func:`clean_names` applies it to the distinct
names of a column (the interned names, or a Categorical's categories) and says
which ids merge, so rows are remapped with integer codes, never by a Python
loop over rows. Only names that can change are passed to the rule: the core
sets aside the names made only of characters the rule never touches (most
names), then a regular expression over the others, joined, finds those with a
blank character, and one NFC check of them finds whether any needs normalising.

The rule (docs/guides/load.md, "Names are cleaned"):

1. Unicode NFC (a precomposed and a decomposed é are one name).
2. Blank characters at either end are removed: whitespace of every kind
   (ASCII spaces, tabs and line breaks, U+00A0, U+3000, U+2000-U+200A, ...)
   and the invisible U+200B, U+200C, U+200D, U+2060, U+FEFF, U+180E.
3. Inside a name, a run of blank characters between two CJK characters (Han,
   kana, CJK punctuation, full-width forms) is removed (深 圳市 -> 深圳市); any
   other run holding whitespace becomes one ASCII space (New  York ->
   New York); a run of invisible characters only, between other characters,
   is kept (it joins emoji and Indic letters).

Visible characters are never removed, replaced or reordered, so two names that
differ in a visible character stay two names.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import _core

#: Invisible characters treated as blank (zero-width space and joiners, word joiner, BOM, MVS).
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u180e"
# Every character str.isspace() accepts, and the invisible ones: a blank character.
_SPACES = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
_BLANK_CLASS = "[" + re.escape(_SPACES + INVISIBLE) + "]"
_BLANK = re.compile(_BLANK_CLASS)
_EDGES = re.compile(f"^{_BLANK_CLASS}+|{_BLANK_CLASS}+$")
_INNER_RUN = re.compile(f"{_BLANK_CLASS}+")
# CJK characters: CJK punctuation, kana, Han (with extensions and compatibility forms), full-width forms.
_CJK = re.compile("[\u2e80-\u2fdf\u3001-\u30ff\u3190-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
                  "\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff]")
_JOIN_BLOCK = 1 << 16  # names joined at a time when looking for candidates


def _without_blanks(texts: list) -> bool:
    """True when no text holds a blank character (False does not say that one does).

    Every blank character but the ASCII space is one that ``str.isprintable``
    rejects (separators Z*, controls Cc, formats Cf; tests/python/test_cleaning.py
    checks it), so printable text without a space has none.
    """
    joined = "".join(texts)
    return joined.isprintable() and " " not in joined


def is_blank(char: str) -> bool:
    """Whether a character is blank for :func:`clean_name` (whitespace or invisible)."""
    return _BLANK.fullmatch(char) is not None


def _inner(match: re.Match) -> str:
    run, text = match.group(), match.string
    before, after = text[match.start() - 1], text[match.end()]
    if _CJK.match(before) and _CJK.match(after):
        return ""
    if any(c.isspace() for c in run):
        return " "
    return run


def clean_name(name: str) -> str:
    """The name cleaned by the rule of this module (see the module docstring)."""
    text = unicodedata.normalize("NFC", name)
    if _BLANK.search(text) is None:
        return text
    text = _EDGES.sub("", text)
    text = _INNER_RUN.sub(_inner, text)
    # Removing a blank between two kana can let them compose (か + U+3099 -> が).
    return unicodedata.normalize("NFC", text)


def _candidates(names: np.ndarray) -> np.ndarray:
    """Ids of the str names that :func:`clean_name` may change (a superset, found without a loop per name).

    The core first sets aside the names made only of characters the rule never
    touches (``_core.names_to_clean``: printable non-space characters below
    U+0300 and CJK ideographs, the usual names); the others are checked here.
    """
    ids = _core.names_to_clean(names)
    found = []
    for start in range(0, len(ids), _JOIN_BLOCK):
        block = ids[start:start + _JOIN_BLOCK]
        texts = names[block].tolist()
        # NUL is not blank and never composes: joined, each name keeps its NFC status and its blanks.
        joined = "\x00".join(texts)
        if not unicodedata.is_normalized("NFC", joined):
            found.append(block)  # rare: every name of the block goes to the rule
            continue
        if _without_blanks(texts):  # the usual case, told by two C scans rather than the regex
            continue
        positions = np.fromiter((m.start() for m in _BLANK.finditer(joined)), dtype=np.int64)
        if len(positions):
            ends = np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1)
            found.append(block[np.unique(np.searchsorted(ends, positions, side="right"))])
    return np.concatenate(found) if found else np.empty(0, dtype=np.int64)


@dataclass
class Cleaned:
    """What cleaning did to the distinct names of a column.

    ``original``: the names as given (object array, id k is element k);
    ``names``: the cleaned name of each old id (object array; may repeat when
    two names became one); ``changed``: bool per old id; ``ids``: each old
    id's new id (int32); ``distinct``: the new distinct names (new id k is
    ``distinct[k]``), in the order of the old ids.
    """

    original: np.ndarray
    names: np.ndarray
    changed: np.ndarray
    ids: np.ndarray
    distinct: list

    @property
    def merged(self) -> bool:
        return len(self.distinct) < len(self.names)

    def codes(self, codes: np.ndarray) -> np.ndarray:
        """Row codes over the new ids (-1 stays -1), without a copy when no name merged."""
        if not self.merged:
            return codes
        return np.append(self.ids, np.int32(-1)).astype(np.int32)[codes]


def clean_names(names) -> Cleaned | None:
    """Clean the distinct names of a column; None when no name changes (the usual case).

    Non-string names (numbers in a group column, NaN) are left as they are.
    """
    names = np.asarray(names, dtype=object)
    candidates = _candidates(names)
    if not len(candidates):
        return None
    before = names[candidates].tolist()
    after = [clean_name(v) for v in before]
    differs = np.fromiter((a != b for a, b in zip(after, before)), dtype=bool, count=len(before))
    if not differs.any():
        return None
    cleaned = names.copy()
    cleaned[candidates[differs]] = np.asarray(after, dtype=object)[differs]
    changed = np.zeros(len(names), dtype=bool)
    changed[candidates[differs]] = True
    ids = _first_appearance_ids(cleaned)
    first = np.zeros(ids.max() + 1, dtype=np.int64)
    first[ids[::-1]] = np.arange(len(ids))[::-1]  # each new id's first old id
    return Cleaned(original=names, names=cleaned, changed=changed, ids=ids, distinct=cleaned[first].tolist())


def _first_appearance_ids(names: np.ndarray) -> np.ndarray:
    """New id of each name: equal strings share one, numbered by first appearance.

    Only strings are compared (they alone can have become equal); any other
    name keeps an id of its own, so 1, 1.0 and True in a group column stay
    apart. A dict, not pandas' hash table, which takes "" and "\\x00" for one.
    """
    index: dict = {}
    ids = [index.setdefault(v if isinstance(v, str) else (None, k), len(index)) for k, v in enumerate(names)]
    return np.asarray(ids, dtype=np.int32)


def report(column: str, cleaned: Cleaned, codes: np.ndarray) -> pd.DataFrame:
    """One row per changed name that rows use: ``row`` (first row), ``column``, ``before``, ``after``, ``rows``."""
    counts = np.bincount(codes[codes >= 0], minlength=len(cleaned.names))
    used = np.flatnonzero(cleaned.changed & (counts > 0))
    # First row of each used changed name: one pass over the rows that carry one.
    rows = np.flatnonzero(np.append(cleaned.changed, False)[codes])
    ids, first = np.unique(codes[rows], return_index=True)
    first_row = np.zeros(len(cleaned.names), dtype=np.int64)
    first_row[ids] = rows[first]
    return pd.DataFrame({"row": first_row[used], "column": column, "before": cleaned.original[used],
                         "after": cleaned.names[used], "rows": counts[used]})


def cleaned_column(series: pd.Series, cleaned: Cleaned, codes: np.ndarray) -> pd.Series | pd.Categorical:
    """The column with its changed names replaced (a Categorical stays one, over the new names).

    ``codes`` are the rows' old ids. Only the rows holding a changed name are
    written; every other value (None, NaN, a number) stays as it was.
    """
    if isinstance(series.dtype, pd.CategoricalDtype):
        from ._columns import categorical

        return categorical(cleaned.codes(codes), pd.Index(cleaned.distinct, dtype=object))
    values = series.to_numpy(dtype=object, copy=True)
    rows = np.append(cleaned.changed, False)[codes]
    values[rows] = cleaned.names[codes[rows]]
    return values


def empty_report(lines: bool) -> pd.DataFrame:
    """The ``.cleaned`` table of a table whose names needed no change."""
    columns = {"row": pd.Series(dtype=np.int64)}
    if lines:
        columns["line"] = pd.Series(dtype=np.int64)
    columns.update({"column": pd.Series(dtype=object), "before": pd.Series(dtype=object),
                    "after": pd.Series(dtype=object), "rows": pd.Series(dtype=np.int64)})
    return pd.DataFrame(columns)

"""Which header names which column of a pairing table: ``columns=`` and common synonyms.

A table needs ``recipient`` and ``partner`` columns (``region`` optional).
Files and frames made by people carry other headers: 受援方 and 支援方, "Partner
City", "aided". :func:`column_mapping` says which header becomes which column,
from the user's ``columns=`` or, without it, from the synonyms below; the
mapping is reported on the table (``Pairings.column_mapping`` and its repr).
It never guesses: two headers that could both be one column raise
:class:`duikou.InputError` naming both and asking for ``columns=``.
"""

from __future__ import annotations

import re
from typing import Mapping, Sequence

from ._errors import input_error

#: Headers recognised for each column, compared after :func:`_key` (case, spaces, ``_`` and ``-`` ignored).
SYNONYMS = {
    "recipient": ("recipient", "recipient city", "recipient place", "aided", "aided city", "aided place",
                  "受援方", "受援地", "受援城市", "受援地区", "受援市", "受援县", "受援单位", "被帮扶方", "被帮扶地区"),
    "partner": ("partner", "partner city", "partner place", "helper", "helper city", "helping city",
                "支援方", "支援地", "支援城市", "帮扶方", "帮扶城市", "结对城市", "援助方", "协作方"),
    "region": ("region", "区域", "片区", "所属区域", "所属片区", "所属老区"),
}
_SEPARATORS = re.compile(r"[\s_\-\u3000]+")


def _key(header) -> str:
    """A header as compared with the synonyms: lower case, runs of spaces, ``_`` and ``-`` one space."""
    return _SEPARATORS.sub(" ", str(header)).strip().lower()


_ROLE_OF = {_key(name): role for role, names in SYNONYMS.items() for name in names}


def column_mapping(headers: Sequence, columns: Mapping | None, *, source: str, line: int | None = None) -> dict:
    """``{header: column}`` for the headers to rename (empty when the names are already right).

    ``columns``: the user's mapping (any target name); without it, each of
    ``recipient``, ``partner``, ``region`` that the headers lack is looked
    for among the synonyms. InputError when a header of ``columns`` is
    absent, when a target is already a column, or when two headers match
    one column; ``line`` is the header's line in the file (CSV), named in them.
    """
    headers = list(headers)
    if columns is not None:
        return _given(headers, dict(columns), source, line)
    present = set(headers)
    mapping = {}
    for role in SYNONYMS:
        if role in present:
            continue
        matches = [h for h in headers if isinstance(h, str) and _ROLE_OF.get(_key(h)) == role]
        if len(matches) > 1:
            raise input_error(f"headers {' and '.join(repr(h) for h in matches)} could both be the {role!r} "
                              f"column; pass columns={{{matches[0]!r}: {role!r}}} (or the other) to say which",
                              source=source, line=line, field=role)
        if matches:
            mapping[matches[0]] = role
    return mapping


def _given(headers: list, columns: dict, source: str, line: int | None) -> dict:
    for header, target in columns.items():
        if not isinstance(target, str):
            raise TypeError(f"columns= maps headers to column names (str), got {target!r} for {header!r}")
        if header not in headers:
            found = ", ".join(map(str, headers)) or "none"
            raise input_error(f"columns= names the header {header!r}, which is not there (headers: {found})",
                              source=source, line=line, field=str(header))
    targets = list(columns.values())
    for target in targets:
        if targets.count(target) > 1:
            both = [h for h, t in columns.items() if t == target]
            raise input_error(f"columns= maps {' and '.join(map(repr, both))} both to {target!r}",
                              source=source, line=line, field=target)
        if target in headers and target not in columns:
            header = next(h for h, t in columns.items() if t == target)
            raise input_error(f"columns= maps {header!r} to {target!r}, but the headers already have a "
                              f"{target!r} column; map that one too or drop it", source=source, line=line,
                              field=target)
    return {h: t for h, t in columns.items() if h != t}


def describe(mapping: Mapping) -> str:
    """``"受援方 -> recipient, 支援方 -> partner"`` for the repr."""
    return ", ".join(f"{header} -> {column}" for header, column in mapping.items())

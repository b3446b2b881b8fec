"""What a null model needs of a table, per recipient or partner id: groups, strata, capacities."""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping, Sequence

import numpy as np
import pandas as pd

from .. import _core
from .._errors import input_error, row_place
from ..results import plural

if TYPE_CHECKING:
    from ..pairings import Pairings


def _column_id(pairings: "Pairings", column: str, hint: str = "") -> str:
    try:
        return pairings._group(column)
    except KeyError as e:
        raise KeyError(f"{e.args[0]}{hint}") from None


def _per_id(pairings: "Pairings", side: str, row_codes: np.ndarray, column: str) -> np.ndarray:
    """Per id of ``side``: the code of ``column`` on its rows; a place with two values raises."""
    table = pairings._pair_table
    ids = table.codes(side)
    f = _core.frequency(table, side)
    out = np.full(len(pairings._names(side)), -1, dtype=np.int32)
    out[f["ids"]] = row_codes[f["first_row"]]
    differs = out[ids] != row_codes
    if differs.any():
        row = int(np.argmax(differs))
        first = int(np.argmax(ids == ids[row]))
        name = pairings._names(side)[ids[row]]
        values = pairings._data[column].to_numpy(dtype=object)
        lines = pairings._line_numbers
        raise input_error(f"{side} {name!r} has {values[row]!r} at {row_place(lines, row)} but {values[first]!r} "
                          f"at {row_place(lines, first)}; "
                          f"a null model needs one {column} per {side}", source=pairings.source,
                          line=None if lines is None else int(lines[row]), field=column)
    return out


def _codes(pairings: "Pairings", column: str, *, missing_as: str = "label", hint: str = "") -> np.ndarray:
    """Row codes of a column; with missing_as="none", missing values get code -1."""
    name = _column_id(pairings, column, hint)
    codes = pairings._pair_table.codes(name)
    if missing_as == "none":
        missing = np.append(pd.isna(pairings._names(column)), True)  # code -1 is missing too
        codes = np.where(missing[codes], -1, codes).astype(np.int32)
    return codes


_RESOLVE_HINT = "; call .resolve() first (it adds recipient_province and partner_province) or pass groups="


def _group_pair(pairings: "Pairings", groups: Sequence[str]) -> tuple:
    """Per-recipient and per-partner codes of the two group columns, in one label space."""
    if isinstance(groups, str) or len(groups) != 2:
        raise ValueError(f"groups must be (recipient column, partner column), got {groups!r}")
    per_side = []
    for side, column in zip(("recipient", "partner"), groups):
        ids = _per_id(pairings, side, _codes(pairings, column, missing_as="none", hint=_RESOLVE_HINT), column)
        labels = np.append(np.asarray(pairings._names(column), dtype=object), np.nan)
        per_side.append(labels[ids])  # NaN for -1
    values = np.concatenate(per_side)
    codes, _ = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    codes = codes.astype(np.int32)
    n_rec = len(per_side[0])
    return codes[:n_rec], codes[n_rec:]


def _capacity_array(pairings: "Pairings", capacity) -> np.ndarray:
    if not isinstance(capacity, Mapping) and not isinstance(capacity, pd.Series):
        raise TypeError("capacity must map partner names to numbers (a dict or a pandas Series indexed by name), "
                        f"got {type(capacity).__name__}")
    capacity = dict(capacity.items())
    labels = list(pairings._names("partner"))
    unknown = [k for k in capacity if k not in set(labels)]
    if unknown:
        raise KeyError(f"capacity names {unknown[:5]} which are not partners of this table")
    missing = [p for p in pairings.partners if p not in capacity]
    if missing:
        raise KeyError(f"capacity lacks {plural(len(missing), 'partner')} of the table: {missing[:5]}")
    return np.array([float(capacity.get(name, 0.0)) for name in labels], dtype=float)

"""Several programs in one table, and several versions of one table.

:func:`burden` (also ``Pairings.burden``) spreads each partner's pairs over
programs; :func:`concat` stacks tables; :func:`diff` compares two versions of a
plan: which pairs were kept, added, dropped, or reassigned to a new partner.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

import numpy as np
import pandas as pd

from . import _core
from .results import Block, Rendered

if TYPE_CHECKING:  # annotations only: importing pairings at run time would be circular
    from .pairings import Pairings

_SHOWN = 10  # changes of each kind listed by str(Diff)


def burden(pairings: Pairings, side: str = "partner", by: str = "program") -> pd.DataFrame:
    """Pairs of each partner (or recipient) per program, with totals.

    One row per name of ``side``: its number of pairs in each value of ``by``
    (one column per program, in label order), ``total`` = pairs in all
    programs, and ``programs`` = number of programs in which it has at least
    one pair. Rows are ordered by total descending, ties by first appearance.
    It is the coverage matrix ``coverage_matrix(side, by)`` with margins
    (computed by the same C++ kernel).

    Parameters
    ----------
    side : {"partner", "recipient"}
    by : str
        The column naming the program (default ``program``); any group column
        works (e.g. ``level`` or ``start``). Rows without a value count under
        a NaN column.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> plan = duikou.datasets.load()
    >>> plan.burden().head(2)
      partner  革命老区重点城市对口合作  total  programs
    0     深圳市              3      3         1
    1     广州市              2      2         1
    """
    if side not in ("recipient", "partner"):
        raise ValueError(f"side must be 'recipient' or 'partner', got {side!r}")
    group = pairings._group(by)
    programs = pairings._names(group)
    clash = {side, "total", "programs"} & {str(v) for v in programs}
    if clash:
        raise ValueError(f"{by} values {sorted(clash)} would collide with the result's own columns; rename them")
    f = _core.frequency(pairings._pair_table, side)  # totals, ordered by count then first appearance
    cells = _core.coverage_matrix(pairings._pair_table, side, group)[f["ids"]]
    # object Index: program labels may be numbers (start years) and must stay as they are
    out = pd.DataFrame(cells, columns=pd.Index(programs, dtype=object))
    out.insert(0, side, pairings._display_names(side, f["ids"]))
    out["total"] = f["counts"]
    out["programs"] = (cells > 0).sum(axis=1)
    return out


def concat(tables: Sequence, *, on_invalid: str = "error"):
    """Stack pairing tables (e.g. several programs, or several lists of one).

    Rows keep their order, table after table. Columns are the union of the
    tables' columns, in order of first appearance; a table without a column
    gets missing values there. ``metadata`` becomes ``{"sources": [...]}``,
    the tables' metadata in order.

    Parameters
    ----------
    tables : sequence of Pairings
    on_invalid : {"error", "keep", "drop"}
        Passed to :class:`Pairings`. The same (recipient, partner) in two
        programs is not a duplicate (their ``program`` column tells them
        apart); within one program, or in tables without a ``program``
        column, it is.

    Returns
    -------
    Pairings

    Examples
    --------
    >>> plan = duikou.datasets.load()
    >>> other = duikou.Pairings.from_records([{"recipient": "毕节市", "partner": "广州市", "program": "东西部协作"}])
    >>> both = duikou.concat([plan, other])
    >>> len(both), both.burden().loc[1, ["partner", "total", "programs"]].tolist()
    (21, ['广州市', 3, 2])
    """
    from .pairings import Pairings

    tables = list(tables)
    if not tables:
        raise ValueError("concat needs at least one table")
    for i, t in enumerate(tables):
        if not isinstance(t, Pairings):
            raise TypeError(f"concat: item {i} is a {type(t).__name__}, expected duikou.Pairings")
    frame = pd.concat([t._data for t in tables], ignore_index=True, sort=False)
    return Pairings(frame, on_invalid=on_invalid, metadata={"sources": [dict(t.metadata) for t in tables]})


def _shared_codes(old: Pairings, new: Pairings, column: str) -> tuple[np.ndarray, np.ndarray]:
    """Codes of a column in both tables, in one space of names (missing values share a code)."""
    g_old, g_new = old._group(column), new._group(column)
    u_old, u_new = old._names(g_old), new._names(g_new)
    space, names = pd.factorize(np.concatenate([u_old, u_new]), use_na_sentinel=False)
    missing = len(names)  # code -1 (a missing name kept with on_invalid="keep") indexes this last slot
    lookup_old = np.append(space[: len(u_old)], missing)
    lookup_new = np.append(space[len(u_old):], missing)
    return lookup_old[old._pair_table.codes(g_old)], lookup_new[new._pair_table.codes(g_new)]


def _key_codes(old: Pairings, new: Pairings, key: tuple) -> tuple[np.ndarray, np.ndarray]:
    """One id per distinct combination of the key columns, shared by both tables."""
    parts = [_shared_codes(old, new, column) for column in key]
    if len(parts) == 1:
        return parts[0]
    stacked = np.concatenate([np.column_stack([p[0] for p in parts]), np.column_stack([p[1] for p in parts])])
    _, ids = np.unique(stacked, axis=0, return_inverse=True)
    ids = ids.reshape(-1)
    return ids[: len(old)], ids[len(old):]


@dataclass(frozen=True, eq=False)  # fields are DataFrames: no element-wise ==
class Diff(Rendered):
    """What changed between two versions of a pairing table (see :func:`diff`).

    Attributes
    ----------
    key : tuple of str
        The columns identifying a slot (default: the recipient).
    kept : pandas.DataFrame
        Rows of the new version whose (key, partner) the old version has too.
    added : pandas.DataFrame
        Rows of the new version with a key the old version lacks (or an extra
        partner for a key it has).
    dropped : pandas.DataFrame
        Rows of the old version whose key the new version lacks (or whose
        partner it has no replacement for).
    reassigned : pandas.DataFrame
        The key columns, ``old_partner`` and ``new_partner``: same key, new partner.
    """

    key: tuple
    kept: pd.DataFrame
    added: pd.DataFrame
    dropped: pd.DataFrame
    reassigned: pd.DataFrame

    @property
    def counts(self) -> dict:
        """Number of pairs of each kind: ``{"kept": ..., "added": ..., "dropped": ..., "reassigned": ...}``."""
        return {"kept": len(self.kept), "added": len(self.added), "dropped": len(self.dropped),
                "reassigned": len(self.reassigned)}

    def _key_text(self, frame: pd.DataFrame) -> list:
        return [" / ".join(str(v) for v in values) for values in frame[list(self.key)].itertuples(index=False)]

    def _changes(self) -> dict:
        """Each kind of change as lines of text (at most _SHOWN each)."""
        moved = self.reassigned.head(_SHOWN)
        return {
            "reassigned": [f"{k} {a} -> {b}" for k, a, b in
                           zip(self._key_text(moved), moved["old_partner"], moved["new_partner"])],
            "added": [f"{k} - {p}" for k, p in zip(self._key_text(self.added.head(_SHOWN)),
                                                   self.added["partner"].head(_SHOWN))],
            "dropped": [f"{k} - {p}" for k, p in zip(self._key_text(self.dropped.head(_SHOWN)),
                                                     self.dropped["partner"].head(_SHOWN))],
        }

    def summary(self) -> str:
        """One line: the counts, then the first reassignments.

        Example: ``"18 kept, 1 added, 1 dropped, 1 reassigned: 赣州市 深圳市 -> 广州市"``.
        """
        c = self.counts
        line = ", ".join(f"{n} {kind}" for kind, n in c.items())
        moved = self._changes()["reassigned"][:3]
        if moved:
            line += ": " + "; ".join(moved) + (" ..." if c["reassigned"] > len(moved) else "")
        return line

    # -- display (results.Rendered): str is the long form, repr the one-line summary --
    def _title(self) -> str:
        return f"Diff by {', '.join(self.key)}"

    def _counts(self) -> dict:
        return self.counts

    def _blocks(self) -> list:
        counts = self.counts
        return [Block(kind, [[text] for text in shown], more=counts[kind] - len(shown))
                for kind, shown in self._changes().items() if shown]

    def __repr__(self) -> str:
        return f"Diff({self.summary()})"


def diff(old: Pairings, new: Pairings, *, key: str | Sequence[str] = ("recipient",)) -> Diff:
    """Compare two versions of a plan: pairs kept, added, dropped and reassigned.

    A slot is a value of ``key`` (by default a recipient). For each slot,

    - kept: a partner the slot has in both versions;
    - reassigned: the slot keeps existing but a partner changed (old partner
      -> new partner);
    - dropped: old pairs of the slot with no counterpart in the new version
      (every pair of a slot the new version lacks);
    - added: new pairs with no counterpart in the old version.

    A recipient with several partners is matched partner by partner: partners
    present in both versions are kept (a pair repeated k times is matched
    occurrence by occurrence); the remaining old and new partners are then
    paired in the order of their rows as reassignments, and whatever is left
    over on one side is dropped (old) or added (new). For example old
    {A, B, C}, new {C, D} gives C kept, A -> D reassigned, B dropped.

    Names of both tables are interned into one label space and the matching
    runs in the C++ core on those ids (sorting by key and partner: O(n log n)).
    Missing names match each other.

    Parameters
    ----------
    old, new : Pairings
    key : str or sequence of str
        Columns identifying a slot, ``("recipient",)`` by default; e.g.
        ``("recipient", "program")`` compares within each program, and
        ``("region",)`` reports partner changes per region. Must not contain
        ``"partner"``.

    Returns
    -------
    Diff
        ``kept`` and ``added`` are rows of ``new``, ``dropped`` rows of
        ``old`` (all columns, in row order); ``reassigned`` has the key
        columns, ``old_partner`` and ``new_partner``, in old row order.

    Examples
    --------
    >>> old = duikou.datasets.load()
    >>> frame = old.to_frame()
    >>> frame.loc[0, "partner"] = "广州市"
    >>> new = duikou.Pairings(frame.iloc[:19])
    >>> duikou.diff(old, new).summary()
    '18 kept, 0 added, 1 dropped, 1 reassigned: 赣州市 深圳市 -> 广州市'
    """
    from .pairings import Pairings

    for name, table in (("old", old), ("new", new)):
        if not isinstance(table, Pairings):
            raise TypeError(f"diff: {name} is a {type(table).__name__}, expected duikou.Pairings")
    key = (key,) if isinstance(key, str) else tuple(key)
    if not key:
        raise ValueError("key must name at least one column")
    if "partner" in key:
        raise ValueError("key must not contain 'partner': a slot is what keeps or changes its partner")
    if len(set(key)) != len(key):
        raise ValueError(f"key repeats a column: {key}")
    old_key, new_key = _key_codes(old, new, key)
    old_partner, new_partner = _shared_codes(old, new, "partner")
    rows = _core.diff(old_key, old_partner, new_key, new_partner)
    old_frame, new_frame = old._data, new._data
    reassigned = old_frame.iloc[rows["reassigned_old"]][list(key)].reset_index(drop=True)
    reassigned["old_partner"] = old_frame["partner"].to_numpy()[rows["reassigned_old"]]
    reassigned["new_partner"] = new_frame["partner"].to_numpy()[rows["reassigned_new"]]
    return Diff(key=key,
                kept=new_frame.iloc[rows["kept_new"]].reset_index(drop=True),
                added=new_frame.iloc[rows["added"]].reset_index(drop=True),
                dropped=old_frame.iloc[rows["dropped"]].reset_index(drop=True),
                reassigned=reassigned)

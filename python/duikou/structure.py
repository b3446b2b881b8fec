"""Structure of a pairing table: connected components, one-mode projections and
NODF nestedness of the bipartite recipient-partner graph.

Each function takes a :class:`duikou.Pairings` as its first argument and is
also a method of it (``plan.components()`` is ``structure.components(plan)``).
The work is done in the C++ core on int32 ids; names are attached here.
"""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from . import _core
from ._constants import SIDES
from .results import Rendered

if TYPE_CHECKING:  # annotations only: importing pairings at run time would be circular
    from .pairings import Pairings

WEIGHTS = ("shared", "jaccard")
SHAPES = ("edges", "matrix")


def components(pairings: Pairings, summary: bool = False, by: str | None = "auto",
               containing: str | None = None) -> pd.DataFrame:
    """Connected components of the bipartite recipient-partner graph.

    Recipients and partners are the nodes and every pair is an edge; two names
    are in one component when a chain of pairs links them. Components are
    numbered by first appearance: component 0 holds the names of the first
    row, component 1 those of the first row not linked to it, and so on.

    Parameters
    ----------
    summary : bool
        False (default): one row per name, columns ``side`` ("recipient" or
        "partner"), ``name``, ``component``, ordered by component and then by
        first appearance. True: one row per component, columns ``component``,
        ``recipients``, ``partners``, ``pairs``, ``regions`` (distinct values
        of ``by``; left out when ``by`` is None), ``recipient_names``,
        ``partner_names`` (in order of first appearance).
    by : str or None
        Group column counted per component; default ``region`` when present.
    containing : str, optional
        Keep only the component(s) holding a recipient or partner of this name.

    Returns
    -------
    pandas.DataFrame

    Notes
    -----
    Breadth-first search over the table's CSR adjacency, linear in rows plus
    names. A row with one name missing (``on_invalid="keep"``) still places the
    other name; rows of a missing group value count as one group, as in
    :meth:`duikou.Pairings.region_coverage`.

    Examples
    --------
    >>> plan = duikou.datasets.load()
    >>> plan.components(summary=True, containing="深圳市")[["recipients", "pairs", "regions"]]
       recipients  pairs  regions
    0           3      3        3
    """
    table = pairings._pair_table
    by = pairings._default_by(by)
    group = pairings._group(by) if by is not None else None
    found = _core.components(table, group)
    nodes = []
    for rank, side in enumerate(SIDES):
        f = _core.frequency(table, side)
        nodes.append(pd.DataFrame({"side": side, "name": pairings._display_names(side, f["ids"]),
                                   "component": found[side][f["ids"]].astype(np.int64),
                                   "first_row": f["first_row"], "rank": rank}))
    nodes = (pd.concat(nodes, ignore_index=True)
             .sort_values(["component", "first_row", "rank"], kind="stable")
             .drop(columns=["first_row", "rank"]).reset_index(drop=True))
    chosen = None
    if containing is not None:
        hits = nodes.loc[nodes["name"] == containing, "component"].unique()
        if len(hits) == 0:
            close = difflib.get_close_matches(containing, [str(n) for n in nodes["name"]], n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise KeyError(f"no recipient or partner named {containing!r}{hint}")
        chosen = np.sort(hits)
        nodes = nodes[nodes["component"].isin(chosen)].reset_index(drop=True)
    if not summary:
        return nodes

    ids = np.arange(found["count"]) if chosen is None else chosen
    out = pd.DataFrame({"component": ids, "recipients": found["recipients"][ids],
                        "partners": found["partners"][ids], "pairs": found["pairs"][ids]})
    if group is not None:
        out[by + "s"] = found["groups"][ids]
    for side in SIDES:
        names = nodes[nodes["side"] == side].groupby("component", sort=False)["name"].agg(list)
        out[side + "_names"] = [names.get(c, []) for c in ids]
    return out


def _default_via(pairings: Pairings, side: str) -> str:
    if side == "partner":
        return "region" if "region" in pairings.columns else "recipient"
    return "partner"


def projection(pairings: Pairings, side: str = "partner", via: str = "auto", weight: str = "shared",
               as_: str = "edges") -> pd.DataFrame:
    """One-mode projection: how much two names of ``side`` share through ``via``.

    With V(a) the distinct values of ``via`` that occur with ``a`` in some row::

        shared(a, b)  = |V(a) ∩ V(b)|
        jaccard(a, b) = |V(a) ∩ V(b)| / |V(a) ∪ V(b)|

    Computed as the Eigen sparse product B Bᵀ of the binary incidence matrix
    B (``side`` x ``via``, repeated rows counted once), without a dense
    n x n intermediate; the diagonal (a name with itself) is dropped. This is
    networkx's ``bipartite.weighted_projected_graph`` and, for Jaccard,
    ``overlap_weighted_projected_graph`` (Newman 2001, Phys. Rev. E 64:
    016132; Jaccard 1901).

    Parameters
    ----------
    side : str
        The names to project onto: ``"partner"`` (default), ``"recipient"``
        or a group column such as ``"region"``.
    via : str
        What they share. Default: ``region`` for partners (``recipient`` when
        the table has no region), ``partner`` otherwise.
    weight : {"shared", "jaccard"}
    as_ : {"edges", "matrix"}
        ``"edges"``: columns ``a``, ``b``, ``weight``, one row per pair of
        names sharing at least one value, ordered by weight descending, ties
        by (a, b) in label order (first appearance). ``"matrix"``: a labelled
        symmetric DataFrame, zero where nothing is shared and on the diagonal
        (dense n x n, so prefer edges for many names).

    Returns
    -------
    pandas.DataFrame

    Notes
    -----
    Rows with a missing ``via`` value count as one value of their own ("NaN"),
    as in :meth:`duikou.Pairings.region_coverage`.

    Examples
    --------
    >>> plan = duikou.datasets.load()
    >>> plan.projection("partner", via="region").head(2)
         a    b  weight
    0  深圳市  东莞市       1
    1  深圳市  广州市       1
    >>> plan.projection("region", via="partner", weight="jaccard", as_="matrix").loc["左右江革命老区", "海陆丰革命老区"]
    1.0
    """
    if weight not in WEIGHTS:
        raise ValueError(f"weight must be one of {WEIGHTS}, got {weight!r}")
    if as_ not in SHAPES:
        raise ValueError(f"as_ must be one of {SHAPES}, got {as_!r}")
    if via == "auto":
        via = _default_via(pairings, side)
    if via == side:
        raise ValueError(f"side and via must be different columns, got {side!r} twice")
    nodes, through = pairings._group(side), pairings._group(via)
    edges = _core.projection(pairings._pair_table, nodes, through)
    values = edges["shared"] if weight == "shared" else edges["jaccard"]
    names = pairings._names(nodes)
    if as_ == "matrix":
        n = len(names)
        m = np.zeros((n, n), dtype=values.dtype)
        m[edges["a"], edges["b"]] = values
        m[edges["b"], edges["a"]] = values
        index = pd.Index(names, dtype=object, name=side)  # numeric group values stay as they are
        return pd.DataFrame(m, index=index, columns=index.copy())
    order = np.lexsort((edges["b"], edges["a"], -values))
    return pd.DataFrame({"a": names[edges["a"][order]], "b": names[edges["b"][order]], "weight": values[order]})


@dataclass(frozen=True, repr=False)
class Nestedness(Rendered):
    """NODF nestedness of a binary matrix (see :func:`nodf`).

    Attributes
    ----------
    nodf, nodf_rows, nodf_columns : float
        NODF over all pairs of rows and of columns, over rows only, over
        columns only; in percent (0-100), NaN when there is no pair.
    rows, columns : str
        The table columns that give the matrix rows and columns.
    n_rows, n_columns, ones : int
        Matrix shape (names that occur) and occupied cells.
    fill : float
        ones / (n_rows n_columns).
    order : bool
        Whether rows and columns were sorted by degree first.
    """

    nodf: float
    nodf_rows: float
    nodf_columns: float
    rows: str
    columns: str
    n_rows: int
    n_columns: int
    ones: int
    fill: float
    order: bool

    def to_dict(self) -> dict:
        """The fields as a dict."""
        return asdict(self)

    def _rows(self) -> list:
        return [
            ("matrix", f"{self.n_rows} {self.rows}s x {self.n_columns} {self.columns}s, {self.ones} ones "
                       f"(fill {self.fill:.4f})"),
            ("ordering", "by degree, descending" if self.order else "as labelled (first appearance)"),
            ("NODF", f"{self.nodf:.4f}"),
            (f"NODF {self.rows}s", f"{self.nodf_rows:.4f}"),
            (f"NODF {self.columns}s", f"{self.nodf_columns:.4f}"),
        ]

    def _title(self) -> str:
        return "Nestedness (NODF, Almeida-Neto et al. 2008)"


def nodf(pairings: Pairings, order: bool = True, rows: str = "recipient", columns: str = "partner") -> Nestedness:
    """NODF nestedness of the binary recipient x partner matrix.

    The matrix has one row per recipient and one column per partner, 1 where
    they are paired (a repeated pair counts once). For two rows i above j::

        N_paired(i, j) = 0                              if deg(i) <= deg(j)
                       = 100 |N(i) ∩ N(j)| / deg(j)     otherwise

    where ``N(i)`` is the set of ones of row i and ``deg(i) = |N(i)|``; likewise
    for columns. NODF_rows is the mean of N_paired over the m(m-1)/2 row pairs,
    NODF_columns over the n(n-1)/2 column pairs, and NODF the mean over all
    of them (Almeida-Neto, M., Guimarães, P., Guimarães Jr, P.R., Loyola,
    R.D. & Ulrich, W. (2008) A consistent metric for nestedness analysis in
    ecological systems: reconciling concept and measurement. Oikos 117:
    1227-1239).

    Parameters
    ----------
    order : bool
        True (default): rows and columns are sorted by degree, descending,
        before scoring, so every pair of unequal degrees is scored and ties
        never are; this is vegan's ``nestednodf(m, order = TRUE)`` (its
        default). False: rows and columns stay in label order (first
        appearance in the table; category order for Categorical columns), as
        ``nestednodf(m, order = FALSE)`` on a matrix laid out that way.
    rows, columns : str
        The table columns giving matrix rows and columns (default recipients
        x partners; e.g. ``rows="region"`` for region x partner).

    Returns
    -------
    Nestedness
        ``nodf``, ``nodf_rows``, ``nodf_columns`` in percent, with the matrix
        shape and fill.

    Notes
    -----
    The sum over scored pairs is taken column by column, since the sum of
    ``|N(i) ∩ N(j)|`` over the rows i above j equals the number of (column p
    of row j, row i of p) with i above j: each column counts, for each of its
    rows, the rows of larger degree it holds (sorted degrees; in label order a
    counter over degrees). The cost is O(ones log ones), not O(m²). Names that
    occur in no row with both values present are not part of the matrix.

    Examples
    --------
    >>> plan = duikou.datasets.load()
    >>> plan.nodf().nodf          # each recipient has one partner: nothing nested
    0.0
    >>> round(plan.nodf(rows="region").nodf, 4)
    6.1458
    """
    if rows == columns:
        raise ValueError(f"rows and columns must be different columns, got {rows!r} twice")
    r, c = pairings._group(rows), pairings._group(columns)
    n = _core.nodf(pairings._pair_table, r, c, bool(order))
    return Nestedness(nodf=n["nodf"], nodf_rows=n["rows"], nodf_columns=n["columns"], rows=rows, columns=columns,
                      n_rows=n["n_rows"], n_columns=n["n_columns"], ones=n["ones"], fill=n["fill"],
                      order=bool(order))
